//! ZIA users, user groups, departments and configuration activation.

use zscaler_oneapi::Paging;

use super::zia;
use crate::model::{Action, Current, Location, Method, Param, ParamType, Service, ToolDef};

/// `search` as most ZIA lists take it.
pub(super) const SEARCH: Param = Param::query("search", "Name contains this text.");

const SORT_BY: Param = Param::new(
    "sort_by",
    ParamType::String,
    "Sort field: id, name, rank, mod_time…",
)
.at(Location::Query)
.wire("sortBy");

const SORT_ORDER: Param = Param::new(
    "sort_order",
    ParamType::Enum(&["asc", "desc", "rule_execution"]),
    "Sort order.",
)
.at(Location::Query)
.wire("sortOrder");

/// A list of `{id}` references, the shape ZIA takes for rule and object criteria.
pub(super) const ID_REFS: ParamType = ParamType::Schema(
    r#"{"type": "array", "items": {"type": "object", "properties": {"id": {"type": "integer"}}, "required": ["id"]}}"#,
);

/// One `{id}` reference.
pub(super) const ID_REF: ParamType = ParamType::Schema(
    r#"{"type": "object", "properties": {"id": {"type": "integer"}}, "required": ["id"]}"#,
);

const fn users(name: &'static str, path: &'static str) -> ToolDef {
    ToolDef::new(name, Service::Zia, "zia_users", Action::Read, path)
}

pub(crate) static TOOLS: &[ToolDef] = &[
    users("zia_list_users", zia!("users"))
        .paged(Paging::PageSize)
        .params(&[
            Param::query("name", "Name contains this text."),
            Param::query("dept", "Department name."),
            Param::query("group", "Group name."),
        ])
        .title("List ZIA users")
        .describe("Lists ZIA users with department, groups and admin flag."),
    users("zia_get_user", zia!("users/{user_id}"))
        .params(&[Param::path("user_id", "The user's id.")])
        .title("Get a ZIA user")
        .describe("Gets one ZIA user: email, department, groups and auth methods."),
    users("zia_list_user_groups", zia!("groups"))
        .paged(Paging::PageSize)
        .params(&[
            SEARCH,
            Param::query("defined_by", "Only groups from this source.").wire("definedBy"),
            SORT_BY,
            SORT_ORDER,
        ])
        .title("List ZIA user groups")
        .describe("Lists ZIA user groups; policy rules use their ids."),
    users("zia_get_user_group", zia!("groups/{group_id}"))
        .params(&[Param::path("group_id", "The user group's id.")])
        .title("Get a ZIA user group")
        .describe("Gets one ZIA user group by id."),
    users("zia_list_user_departments", zia!("departments"))
        .paged(Paging::PageSize)
        .params(&[
            SEARCH,
            Param::new("limit_search", ParamType::Boolean, "Match search on the name only.")
                .at(Location::Query)
                .wire("limitSearch"),
            SORT_BY,
            SORT_ORDER,
        ])
        .title("List ZIA departments")
        .describe("Lists ZIA departments; policy rules use their ids."),
    users("zia_get_user_department", zia!("departments/{department_id}"))
        .params(&[Param::path("department_id", "The department's id.")])
        .title("Get a ZIA department")
        .describe("Gets one ZIA user department by id."),
    ToolDef::new("zia_get_activation_status", Service::Zia, "zia_admin", Action::Read, zia!("status"))
        .title("Get ZIA activation status")
        .describe("Tells whether ZIA has unactivated changes (ACTIVE or PENDING)."),
    ToolDef::new("zia_activate_configuration", Service::Zia, "zia_admin", Action::Update, zia!("status/activate"))
        .method(Method::Post)
        .current(Current::None)
        .title("Activate ZIA configuration")
        .describe("Activates every staged ZIA change so it takes effect; returns the new status. Run it after ZIA writes."),
];
