//! Zscaler Private Access tools.

use zscaler_oneapi::Paging;

use crate::model::{Action, Method, Op, Output, Param, Service, ToolDef};

const SEARCH: Param = Param::query(
    "search",
    "Only items whose name contains this text (case-insensitive).",
);

const fn list(
    name: &'static str,
    title: &'static str,
    toolset: &'static str,
    description: &'static str,
    path: &'static str,
) -> ToolDef {
    ToolDef {
        name,
        title,
        service: Service::Zpa,
        toolset,
        action: Action::Read,
        description,
        params: &[SEARCH],
        op: Op::Http {
            method: Method::Get,
            path,
            paging: Some(Paging::ZpaPages),
        },
        output: Output::List,
        idempotent: true,
        schema_extra: None,
    }
}

const fn get(
    name: &'static str,
    title: &'static str,
    toolset: &'static str,
    description: &'static str,
    params: &'static [Param],
    path: &'static str,
) -> ToolDef {
    ToolDef {
        name,
        title,
        service: Service::Zpa,
        toolset,
        action: Action::Read,
        description,
        params,
        op: Op::Http {
            method: Method::Get,
            path,
            paging: None,
        },
        output: Output::Object,
        idempotent: true,
        schema_extra: None,
    }
}

pub(crate) static TOOLS: [ToolDef; 5] = [
    list(
        "zpa_list_application_segments",
        "List ZPA application segments",
        "zpa_app_segments",
        "Lists ZPA application segments (the domains and ports users reach through App Connectors), with their segment group, server groups and enabled state.",
        "/zpa/mgmtconfig/v1/admin/customers/{customerId}/application",
    ),
    get(
        "zpa_get_application_segment",
        "Get a ZPA application segment",
        "zpa_app_segments",
        "Gets one ZPA application segment by id, with its domains, port ranges and server groups.",
        &[Param::path("segment_id", "The application segment's id.")],
        "/zpa/mgmtconfig/v1/admin/customers/{customerId}/application/{segment_id}",
    ),
    list(
        "zpa_list_segment_groups",
        "List ZPA segment groups",
        "zpa_app_segments",
        "Lists ZPA segment groups, the containers access policies grant application segments by.",
        "/zpa/mgmtconfig/v1/admin/customers/{customerId}/segmentGroup",
    ),
    list(
        "zpa_list_server_groups",
        "List ZPA server groups",
        "zpa_connectors",
        "Lists ZPA server groups, which tie application segments to the App Connector groups that reach them.",
        "/zpa/mgmtconfig/v1/admin/customers/{customerId}/serverGroup",
    ),
    list(
        "zpa_list_app_connector_groups",
        "List ZPA App Connector groups",
        "zpa_connectors",
        "Lists ZPA App Connector groups with their location, version profile and upgrade window.",
        "/zpa/mgmtconfig/v1/admin/customers/{customerId}/appConnectorGroup",
    ),
];

#[cfg(test)]
pub(crate) static FIRST: &ToolDef = &TOOLS[0];
