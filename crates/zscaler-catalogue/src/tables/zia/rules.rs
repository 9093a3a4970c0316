//! Parameters shared by the ZIA policy-rule families (firewall, DNS, IPS, URL filtering, SSL
//! inspection, file type control, sandbox, cloud app control) and the groups they reference.

use crate::model::{Param, ParamType};

/// A list of `{id}` references, the shape ZIA rules use for the objects they apply to.
pub(crate) const REFS: ParamType = ParamType::Schema(
    r#"{"type":"array","items":{"type":"object","properties":{"id":{"type":"integer"}},"required":["id"]}}"#,
);

pub(crate) const RULE_ID: Param = Param::path("rule_id", "The rule's id.");
pub(crate) const GROUP_ID: Param = Param::path("group_id", "The group's id.");
pub(crate) const SEARCH: Param = Param::query("search", "Name contains this text.");

pub(crate) const NAME: Param = Param::body("name", ParamType::String, "The name.");
pub(crate) const DESCRIPTION: Param =
    Param::body("description", ParamType::String, "Free-text description.");
pub(crate) const ORDER: Param = Param::body(
    "order",
    ParamType::Integer,
    "Position in the policy, 1 = evaluated first.",
);
pub(crate) const RANK: Param = Param::body(
    "rank",
    ParamType::Integer,
    "Admin rank 0-7 (0 highest); ZIA uses 7 when unset.",
);
pub(crate) const STATE: Param = Param::body(
    "state",
    ParamType::Enum(&["ENABLED", "DISABLED"]),
    "Whether the rule is enforced.",
);
pub(crate) const LOCATIONS: Param =
    Param::body("locations", REFS, "Locations the rule applies to ({id}).");
pub(crate) const LOCATION_GROUPS: Param = Param::body(
    "location_groups",
    REFS,
    "Location groups the rule applies to ({id}).",
)
.wire("locationGroups");
pub(crate) const GROUPS: Param =
    Param::body("groups", REFS, "User groups the rule applies to ({id}).");
pub(crate) const DEPARTMENTS: Param = Param::body(
    "departments",
    REFS,
    "Departments the rule applies to ({id}).",
);
pub(crate) const USERS: Param = Param::body("users", REFS, "Users the rule applies to ({id}).");
pub(crate) const TIME_WINDOWS: Param = Param::body(
    "time_windows",
    REFS,
    "Time intervals when the rule applies ({id}).",
)
.wire("timeWindows");
pub(crate) const LABELS: Param = Param::body("labels", REFS, "Rule labels ({id}).");
pub(crate) const URL_CATEGORIES: Param = Param::body(
    "url_categories",
    ParamType::StringList,
    "URL category ids, e.g. FINANCE or CUSTOM_01.",
)
.wire("urlCategories");
pub(crate) const PROTOCOLS: Param = Param::body(
    "protocols",
    ParamType::StringList,
    "Protocols matched, e.g. ANY_RULE, HTTPS_RULE, HTTP_RULE.",
);

/// A ZIA write's description: the text, then the reminder that ZIA stages every change.
macro_rules! staged {
    ($text:literal) => {
        concat!($text, " Staged until zia_activate_configuration.")
    };
}
pub(crate) use staged;
