//! ZIA users, locations and activation.

use zscaler_oneapi::Paging;

use super::zia;
use crate::model::{Action, Param, Service, ToolDef};

pub(crate) static TOOLS: &[ToolDef] = &[
    ToolDef::new("zia_list_users", Service::Zia, "zia_users", Action::Read, zia!("users"))
        .paged(Paging::PageSize)
        .params(&[
            Param::query("name", "Only users whose name contains this text."),
            Param::query("dept", "Only users in this department (name)."),
            Param::query("group", "Only users in this group (name)."),
        ])
        .title("List ZIA users")
        .describe("Lists ZIA users with their department, groups and admin flag; filter by name, department or group."),
    ToolDef::new("zia_list_locations", Service::Zia, "zia_locations", Action::Read, zia!("locations"))
        .paged(Paging::PageSize)
        .params(&[Param::query("search", "Only locations whose name contains this text.")])
        .title("List ZIA locations")
        .describe("Lists ZIA locations (offices and sites whose traffic ZIA inspects), with their IP addresses and enforcement settings."),
    ToolDef::new("zia_get_activation_status", Service::Zia, "zia_activation", Action::Read, zia!("status"))
        .title("Get ZIA activation status")
        .describe("Tells whether ZIA has configuration changes saved but not yet activated (ACTIVE or PENDING)."),
];
