//! ZPA application segments and segment groups.

use zscaler_oneapi::Paging;

use super::{SEARCH, mgmt};
use crate::model::{Action, Param, Service, ToolDef};

const fn read(name: &'static str, toolset: &'static str, path: &'static str) -> ToolDef {
    ToolDef::new(name, Service::Zpa, toolset, Action::Read, path)
}

pub(crate) static TOOLS: &[ToolDef] = &[
    read("zpa_list_application_segments", "zpa_app_segments", mgmt!("application"))
        .paged(Paging::ZpaPages)
        .params(&[SEARCH])
        .title("List ZPA application segments")
        .describe("Lists ZPA application segments (the domains and ports users reach through App Connectors), with their segment group, server groups and enabled state."),
    read("zpa_get_application_segment", "zpa_app_segments", mgmt!("application/{segment_id}"))
        .params(&[Param::path("segment_id", "The application segment's id.")])
        .title("Get a ZPA application segment")
        .describe("Gets one ZPA application segment by id, with its domains, port ranges and server groups."),
    read("zpa_list_segment_groups", "zpa_segment_groups", mgmt!("segmentGroup"))
        .paged(Paging::ZpaPages)
        .params(&[SEARCH])
        .title("List ZPA segment groups")
        .describe("Lists ZPA segment groups, the containers access policies grant application segments by."),
    read("zpa_list_server_groups", "zpa_server_groups", mgmt!("serverGroup"))
        .paged(Paging::ZpaPages)
        .params(&[SEARCH])
        .title("List ZPA server groups")
        .describe("Lists ZPA server groups, which tie application segments to the App Connector groups that reach them."),
];
