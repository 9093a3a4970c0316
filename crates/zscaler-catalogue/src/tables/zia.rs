//! Zscaler Internet Access tools.

use zscaler_oneapi::Paging;

use crate::model::{Action, Method, Op, Output, Param, Service, ToolDef};

pub(crate) static TOOLS: [ToolDef; 3] = [
    ToolDef {
        name: "zia_list_users",
        title: "List ZIA users",
        service: Service::Zia,
        toolset: "zia_users",
        action: Action::Read,
        description: "Lists ZIA users with their department, groups and admin flag; filter by name, department or group.",
        params: &[
            Param::query("name", "Only users whose name contains this text."),
            Param::query("dept", "Only users in this department (name)."),
            Param::query("group", "Only users in this group (name)."),
        ],
        op: Op::Http {
            method: Method::Get,
            path: "/zia/api/v1/users",
            paging: Some(Paging::PageSize),
        },
        output: Output::List,
        idempotent: true,
        schema_extra: None,
    },
    ToolDef {
        name: "zia_list_locations",
        title: "List ZIA locations",
        service: Service::Zia,
        toolset: "zia_locations",
        action: Action::Read,
        description: "Lists ZIA locations (offices and sites whose traffic ZIA inspects), with their IP addresses and enforcement settings.",
        params: &[Param::query(
            "search",
            "Only locations whose name contains this text.",
        )],
        op: Op::Http {
            method: Method::Get,
            path: "/zia/api/v1/locations",
            paging: Some(Paging::PageSize),
        },
        output: Output::List,
        idempotent: true,
        schema_extra: None,
    },
    ToolDef {
        name: "zia_get_activation_status",
        title: "Get ZIA activation status",
        service: Service::Zia,
        toolset: "zia_activation",
        action: Action::Read,
        description: "Tells whether ZIA has configuration changes saved but not yet activated (ACTIVE or PENDING).",
        params: &[],
        op: Op::Http {
            method: Method::Get,
            path: "/zia/api/v1/status",
            paging: None,
        },
        output: Output::Object,
        idempotent: true,
        schema_extra: None,
    },
];
