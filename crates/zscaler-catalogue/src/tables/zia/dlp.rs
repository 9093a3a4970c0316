//! ZIA data loss prevention: DLP dictionaries, DLP engines and web DLP rules.

use super::core::{ID_REFS, SEARCH};
use super::{body, zia};
use crate::model::{Action, FIELDS, Param, ParamType, Service, ToolDef};

const fn row(name: &'static str, action: Action, path: &'static str) -> ToolDef {
    ToolDef::new(name, Service::Zia, "zia_dlp", action, path)
}

const RULE_ID: Param = Param::path("rule_id", "The web DLP rule's id.");

/// The rule fields an admin sets most; `name` and `order` are required on create only.
macro_rules! rule_fields {
    ($name:expr, $order:expr) => {
        [
            $name,
            $order,
            Param::body("description", ParamType::String, "Free-text notes."),
            Param::body(
                "rank",
                ParamType::Integer,
                "Admin rank 0-7 that may edit the rule (7 by default).",
            ),
            Param::body(
                "state",
                ParamType::Enum(&["ENABLED", "DISABLED"]),
                "Whether the rule is enforced.",
            ),
            Param::body(
                "action",
                ParamType::Enum(&["ALLOW", "BLOCK", "ICAP_RESPONSE"]),
                "What happens to matching traffic.",
            ),
            Param::body(
                "severity",
                ParamType::Enum(&[
                    "RULE_SEVERITY_HIGH",
                    "RULE_SEVERITY_MEDIUM",
                    "RULE_SEVERITY_LOW",
                    "RULE_SEVERITY_INFO",
                ]),
                "Severity recorded with incidents.",
            ),
            body(
                "dlp_engines",
                ID_REFS,
                "dlpEngines",
                "DLP engines (by id) whose match triggers the rule.",
            ),
            Param::body(
                "protocols",
                ParamType::StringList,
                "Protocols, e.g. [\"ANY_RULE\"] or [\"HTTPS_RULE\"].",
            ),
            body(
                "url_categories",
                ParamType::StringList,
                "urlCategories",
                "URL category ids the rule covers.",
            ),
            body(
                "file_types",
                ParamType::StringList,
                "fileTypes",
                "File types the rule inspects.",
            ),
            body(
                "min_size",
                ParamType::Integer,
                "minSize",
                "Smallest file size inspected, in KB.",
            ),
            body(
                "match_only",
                ParamType::Boolean,
                "matchOnly",
                "Record matches without content inspection actions.",
            ),
            Param::body(
                "locations",
                ID_REFS,
                "Locations (by id) the rule applies to.",
            ),
            body(
                "location_groups",
                ID_REFS,
                "locationGroups",
                "Location groups (by id).",
            ),
            Param::body("groups", ID_REFS, "User groups (by id)."),
            Param::body("departments", ID_REFS, "Departments (by id)."),
            Param::body("users", ID_REFS, "Users (by id)."),
            Param::body("labels", ID_REFS, "Rule labels (by id)."),
            body(
                "time_windows",
                ID_REFS,
                "timeWindows",
                "Time intervals (by id) when the rule applies.",
            ),
            FIELDS,
        ]
    };
}

static CREATE_RULE: [Param; 21] = rule_fields!(
    Param::body(
        "name",
        ParamType::String,
        "Rule name, unique among web DLP rules."
    )
    .required(),
    Param::body(
        "order",
        ParamType::Integer,
        "Position in the rule order (1 is evaluated first)."
    )
    .required()
);
static UPDATE_RULE: [Param; 22] = {
    let [
        a,
        b,
        c,
        d,
        e,
        f,
        g,
        h,
        i,
        j,
        k,
        l,
        m,
        n,
        o,
        p,
        q,
        r,
        s,
        t,
        u,
    ] = rule_fields!(
        Param::body(
            "name",
            ParamType::String,
            "Rule name, unique among web DLP rules."
        ),
        Param::body(
            "order",
            ParamType::Integer,
            "Position in the rule order (1 is evaluated first)."
        )
    );
    [
        RULE_ID, a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r, s, t, u,
    ]
};

pub(crate) static TOOLS: &[ToolDef] = &[
    row("zia_list_dlp_dictionaries", Action::Read, zia!("dlpDictionaries"))
        .list()
        .params(&[SEARCH])
        .title("List ZIA DLP dictionaries")
        .describe("Lists ZIA DLP dictionaries, the patterns DLP engines match."),
    row("zia_get_dlp_dictionary", Action::Read, zia!("dlpDictionaries/{dictionary_id}"))
        .params(&[Param::path("dictionary_id", "The DLP dictionary's id.")])
        .title("Get a ZIA DLP dictionary")
        .describe("Gets one DLP dictionary with its patterns and phrases."),
    row("zia_list_dlp_engines", Action::Read, zia!("dlpEngines"))
        .list()
        .params(&[SEARCH])
        .title("List ZIA DLP engines")
        .describe("Lists ZIA DLP engines, which web DLP rules trigger on."),
    row("zia_get_dlp_engine", Action::Read, zia!("dlpEngines/{engine_id}"))
        .params(&[Param::path("engine_id", "The DLP engine's id.")])
        .title("Get a ZIA DLP engine")
        .describe("Gets one DLP engine with its expression."),
    row("zia_list_web_dlp_rules", Action::Read, zia!("webDlpRules"))
        .list()
        .params(&[SEARCH])
        .title("List ZIA web DLP rules")
        .describe("Lists web DLP rules in order, with engines, scope and action."),
    row("zia_list_web_dlp_rules_lite", Action::Read, zia!("webDlpRules/lite"))
        .list()
        .params(&[SEARCH])
        .title("List ZIA web DLP rules (summary)")
        .describe("Lists web DLP rules with fewer fields."),
    row("zia_get_web_dlp_rule", Action::Read, zia!("webDlpRules/{rule_id}"))
        .params(&[RULE_ID])
        .title("Get a ZIA web DLP rule")
        .describe("Gets one web DLP rule with every criterion."),
    row("zia_create_web_dlp_rule", Action::Create, zia!("webDlpRules"))
        .params(&CREATE_RULE)
        .title("Create a ZIA web DLP rule")
        .describe("Creates a web DLP rule at the given order; later rules move down. Staged until zia_activate_configuration."),
    row("zia_update_web_dlp_rule", Action::Update, zia!("webDlpRules/{rule_id}"))
        .params(&UPDATE_RULE)
        .title("Update a ZIA web DLP rule")
        .describe("Changes the given fields of a web DLP rule; the others keep their values. Staged until zia_activate_configuration."),
    row("zia_delete_web_dlp_rule", Action::Delete, zia!("webDlpRules/{rule_id}"))
        .params(&[RULE_ID])
        .title("Delete a ZIA web DLP rule")
        .describe("Deletes a web DLP rule; the rules after it move up. Staged until zia_activate_configuration."),
];
