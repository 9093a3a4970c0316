//! ZPA policy rules: access, client forwarding, timeout (re-authentication), isolation and
//! app protection (inspection).
//!
//! Lists read `policySet/rules/policyType/{TYPE}`, one request. A single rule lives under its
//! policy set (`policySet/{policy_set_id}/rule/{rule_id}`), whose id differs per tenant: every
//! listed rule carries it as `policySetId`, and `zpa_get_policy_set` gives it by policy type.
//! Writes use the v1 endpoints, whose condition shape is the one reads return, so a rule read
//! can be sent back as is.

use zscaler_oneapi::Paging;

use super::{ID_REFS, MICROTENANT, SEARCH, mgmt};
use crate::model::{Action, Current, FIELDS, Location, Param, ParamType, Service, ToolDef};

const TOOLSET: &str = "zpa_access_policies";

const RULE_PATH: &str = mgmt!("policySet/{policy_set_id}/rule/{rule_id}");
const NEW_RULE_PATH: &str = mgmt!("policySet/{policy_set_id}/rule");

const RULE_ID: Param = Param::path("rule_id", "Rule id.");
const POLICY_SET: Param = Param::path("policy_set_id", "policySetId (see zpa_get_policy_set).");
const NAME: Param = Param::body("name", ParamType::String, "Rule name.");
const DESCRIPTION: Param = Param::body("description", ParamType::String, "Admin description.");
const DISABLED: Param = Param::body(
    "disabled",
    ParamType::Enum(&["0", "1"]),
    "\"1\" to disable the rule, \"0\" to enable it.",
);
const CONDITIONS: Param = Param::body(
    "conditions",
    ParamType::Schema(
        r#"{"type":"array","items":{"type":"object","properties":{"operator":{"type":"string","enum":["AND","OR"]},"negated":{"type":"boolean"},"operands":{"type":"array","items":{"type":"object","properties":{"objectType":{"type":"string","description":"APP, APP_GROUP, CLIENT_TYPE, SAML, SCIM, SCIM_GROUP, POSTURE, TRUSTED_NETWORK, PLATFORM, COUNTRY_CODE, IDP, MACHINE_GRP…"},"lhs":{"type":"string","description":"\"id\", or the attribute / posture / network id"},"rhs":{"type":"string","description":"The object id, or the value to match"}},"required":["objectType","rhs"]}}},"required":["operands"]}}"#,
    ),
    "As rules return them: [{operator, operands: [{objectType, lhs, rhs}]}].",
);
const CONNECTOR_GROUPS: Param = Param::body(
    "app_connector_groups",
    ParamType::Schema(ID_REFS),
    "App Connector groups that serve matched traffic, as [{\"id\": …}].",
)
.wire("appConnectorGroups");
const SERVER_GROUPS: Param = Param::body(
    "app_server_groups",
    ParamType::Schema(ID_REFS),
    "Server groups matched traffic may reach, as [{\"id\": …}].",
)
.wire("appServerGroups");
const CUSTOM_MSG: Param = Param::body(
    "custom_msg",
    ParamType::String,
    "Message shown to users a DENY rule blocks.",
)
.wire("customMsg");
const REAUTH_TIMEOUT: Param = Param::body(
    "reauth_timeout",
    ParamType::String,
    "Seconds before users must authenticate again (\"-1\": never).",
)
.wire("reauthTimeout");
const REAUTH_IDLE: Param = Param::body(
    "reauth_idle_timeout",
    ParamType::String,
    "Idle seconds before users must authenticate again (\"-1\": never).",
)
.wire("reauthIdleTimeout");
const ISOLATION_PROFILE: Param = Param::body(
    "isolation_profile_id",
    ParamType::String,
    "Isolation profile ISOLATE renders with (see zpa_list_isolation_profiles).",
)
.wire("zpnIsolationProfileId");
const INSPECTION_PROFILE: Param = Param::body(
    "inspection_profile_id",
    ParamType::String,
    "App protection profile INSPECT applies (see zpa_list_app_protection_profiles).",
)
.wire("zpnInspectionProfileId");

const fn action(values: &'static [&'static str]) -> Param {
    Param::body(
        "action",
        ParamType::Enum(values),
        "What the rule does to matched traffic.",
    )
}
const ACCESS_ACTION: Param = action(&["ALLOW", "DENY", "REQUIRE_APPROVAL"]);
const FORWARDING_ACTION: Param = action(&["INTERCEPT", "INTERCEPT_ACCESSIBLE", "BYPASS"]);
const TIMEOUT_ACTION: Param = action(&["RE_AUTH"]);
const ISOLATION_ACTION: Param = action(&["ISOLATE", "BYPASS_ISOLATE"]);
const INSPECTION_ACTION: Param = action(&["INSPECT", "BYPASS_INSPECT"]);

const fn row(name: &'static str, action: Action, path: &'static str) -> ToolDef {
    ToolDef::new(name, Service::Zpa, TOOLSET, action, path)
}

/// The list of one family: one request, no policy set id needed.
const fn list(name: &'static str, path: &'static str) -> ToolDef {
    row(name, Action::Read, path)
        .paged(Paging::ZpaPages)
        .params(&[SEARCH])
}

const GET_PARAMS: &[Param] = &[RULE_ID, POLICY_SET];
const DELETE_PARAMS: &[Param] = &[RULE_ID, POLICY_SET, MICROTENANT];

/// A get, update or delete of one rule.
const fn one(name: &'static str, action: Action, params: &'static [Param]) -> ToolDef {
    row(name, action, RULE_PATH)
        .params(params)
        .current(Current::Path(RULE_PATH))
}

const fn create(name: &'static str, params: &'static [Param]) -> ToolDef {
    row(name, Action::Create, NEW_RULE_PATH).params(params)
}

const ACCESS_GET: ToolDef = one("zpa_get_access_policy_rule", Action::Read, GET_PARAMS)
    .title("Get a ZPA access policy rule")
    .describe("Gets one access policy rule.");
const ACCESS_CREATE: ToolDef = create(
    "zpa_create_access_policy_rule",
    &[
        POLICY_SET,
        NAME.required(),
        ACCESS_ACTION.required(),
        DESCRIPTION,
        CONDITIONS,
        CONNECTOR_GROUPS,
        SERVER_GROUPS,
        CUSTOM_MSG,
        DISABLED,
        MICROTENANT,
        FIELDS,
    ],
)
.title("Create a ZPA access policy rule")
.describe(
    "Adds an access policy rule (ALLOW, DENY or REQUIRE_APPROVAL) at the end of the access policy.",
);
const ACCESS_UPDATE: ToolDef = one(
    "zpa_update_access_policy_rule",
    Action::Update,
    &[
        RULE_ID,
        POLICY_SET,
        NAME,
        ACCESS_ACTION,
        DESCRIPTION,
        CONDITIONS,
        CONNECTOR_GROUPS,
        SERVER_GROUPS,
        CUSTOM_MSG,
        DISABLED,
        MICROTENANT,
        FIELDS,
    ],
)
.title("Update a ZPA access policy rule")
.describe("Changes an access policy rule; fields left out keep their value, conditions given replace them all.");
const ACCESS_DELETE: ToolDef = one(
    "zpa_delete_access_policy_rule",
    Action::Delete,
    DELETE_PARAMS,
)
.title("Delete a ZPA access policy rule")
.describe("Deletes an access policy rule; the rules after it move up one place.");

const FORWARDING_GET: ToolDef = one("zpa_get_forwarding_policy_rule", Action::Read, GET_PARAMS)
    .title("Get a ZPA client forwarding policy rule")
    .describe("Gets one client forwarding rule.");
const FORWARDING_CREATE: ToolDef = create(
    "zpa_create_forwarding_policy_rule",
    &[
        POLICY_SET,
        NAME.required(),
        FORWARDING_ACTION.required(),
        DESCRIPTION,
        CONDITIONS,
        DISABLED,
        MICROTENANT,
        FIELDS,
    ],
)
.title("Create a ZPA client forwarding policy rule")
.describe("Adds a client forwarding rule (INTERCEPT, INTERCEPT_ACCESSIBLE or BYPASS) before the default rule.");
const FORWARDING_UPDATE: ToolDef = one(
    "zpa_update_forwarding_policy_rule",
    Action::Update,
    &[
        RULE_ID,
        POLICY_SET,
        NAME,
        FORWARDING_ACTION,
        DESCRIPTION,
        CONDITIONS,
        DISABLED,
        MICROTENANT,
        FIELDS,
    ],
)
.title("Update a ZPA client forwarding policy rule")
.describe("Changes a client forwarding rule; fields left out keep their value.");
const FORWARDING_DELETE: ToolDef = one(
    "zpa_delete_forwarding_policy_rule",
    Action::Delete,
    DELETE_PARAMS,
)
.title("Delete a ZPA client forwarding policy rule")
.describe("Deletes a client forwarding rule; the default rule cannot be deleted.");

const TIMEOUT_GET: ToolDef = one("zpa_get_timeout_policy_rule", Action::Read, GET_PARAMS)
    .title("Get a ZPA timeout policy rule")
    .describe("Gets one timeout rule.");
const TIMEOUT_CREATE: ToolDef = create(
    "zpa_create_timeout_policy_rule",
    &[
        POLICY_SET,
        NAME.required(),
        TIMEOUT_ACTION,
        DESCRIPTION,
        REAUTH_TIMEOUT,
        REAUTH_IDLE,
        CONDITIONS,
        DISABLED,
        MICROTENANT,
        FIELDS,
    ],
)
.title("Create a ZPA timeout policy rule")
.describe(
    "Adds a timeout rule that makes matched users re-authenticate after a time or an idle time.",
);
const TIMEOUT_UPDATE: ToolDef = one(
    "zpa_update_timeout_policy_rule",
    Action::Update,
    &[
        RULE_ID,
        POLICY_SET,
        NAME,
        TIMEOUT_ACTION,
        DESCRIPTION,
        REAUTH_TIMEOUT,
        REAUTH_IDLE,
        CONDITIONS,
        DISABLED,
        MICROTENANT,
        FIELDS,
    ],
)
.title("Update a ZPA timeout policy rule")
.describe("Changes a timeout rule; fields left out keep their value.");
const TIMEOUT_DELETE: ToolDef = one(
    "zpa_delete_timeout_policy_rule",
    Action::Delete,
    DELETE_PARAMS,
)
.title("Delete a ZPA timeout policy rule")
.describe("Deletes a timeout rule; the default rule cannot be deleted.");

const ISOLATION_GET: ToolDef = one("zpa_get_isolation_policy_rule", Action::Read, GET_PARAMS)
    .title("Get a ZPA isolation policy rule")
    .describe("Gets one isolation rule.");
const ISOLATION_CREATE: ToolDef = create(
    "zpa_create_isolation_policy_rule",
    &[
        POLICY_SET,
        NAME.required(),
        ISOLATION_ACTION.required(),
        ISOLATION_PROFILE,
        DESCRIPTION,
        CONDITIONS,
        DISABLED,
        MICROTENANT,
        FIELDS,
    ],
)
.title("Create a ZPA isolation policy rule")
.describe("Adds an isolation rule; ISOLATE needs isolation_profile_id, BYPASS_ISOLATE does not.");
const ISOLATION_UPDATE: ToolDef = one(
    "zpa_update_isolation_policy_rule",
    Action::Update,
    &[
        RULE_ID,
        POLICY_SET,
        NAME,
        ISOLATION_ACTION,
        ISOLATION_PROFILE,
        DESCRIPTION,
        CONDITIONS,
        DISABLED,
        MICROTENANT,
        FIELDS,
    ],
)
.title("Update a ZPA isolation policy rule")
.describe("Changes an isolation rule; fields left out keep their value.");
const ISOLATION_DELETE: ToolDef = one(
    "zpa_delete_isolation_policy_rule",
    Action::Delete,
    DELETE_PARAMS,
)
.title("Delete a ZPA isolation policy rule")
.describe("Deletes an isolation rule; the default rule cannot be deleted.");

const PROTECTION_GET: ToolDef = one("zpa_get_app_protection_rule", Action::Read, GET_PARAMS)
    .title("Get a ZPA app protection policy rule")
    .describe("Gets one app protection rule.");
const PROTECTION_CREATE: ToolDef = create(
    "zpa_create_app_protection_rule",
    &[
        POLICY_SET,
        NAME.required(),
        INSPECTION_ACTION.required(),
        INSPECTION_PROFILE,
        DESCRIPTION,
        CONDITIONS,
        DISABLED,
        MICROTENANT,
        FIELDS,
    ],
)
.title("Create a ZPA app protection policy rule")
.describe(
    "Adds an app protection rule; INSPECT needs inspection_profile_id, BYPASS_INSPECT does not.",
);
const PROTECTION_UPDATE: ToolDef = one(
    "zpa_update_app_protection_rule",
    Action::Update,
    &[
        RULE_ID,
        POLICY_SET,
        NAME,
        INSPECTION_ACTION,
        INSPECTION_PROFILE,
        DESCRIPTION,
        CONDITIONS,
        DISABLED,
        MICROTENANT,
        FIELDS,
    ],
)
.title("Update a ZPA app protection policy rule")
.describe("Changes an app protection rule; fields left out keep their value.");
const PROTECTION_DELETE: ToolDef = one(
    "zpa_delete_app_protection_rule",
    Action::Delete,
    DELETE_PARAMS,
)
.title("Delete a ZPA app protection policy rule")
.describe("Deletes an app protection rule; the default rule cannot be deleted.");

pub(crate) static TOOLS: &[ToolDef] = &[
    row(
        "zpa_get_policy_set",
        Action::Read,
        mgmt!("policySet/policyType/{policy_type}"),
    )
    .params(&[Param::new(
        "policy_type",
        ParamType::Enum(&[
            "ACCESS_POLICY",
            "CLIENT_FORWARDING_POLICY",
            "TIMEOUT_POLICY",
            "ISOLATION_POLICY",
            "INSPECTION_POLICY",
        ]),
        "App protection is INSPECTION_POLICY.",
    )
    .at(Location::Path)
    .required()])
    .title("Get a ZPA policy set")
    .describe("Gets a policy set: its id is rule tools' policy_set_id."),
    list(
        "zpa_list_access_policy_rules",
        mgmt!("policySet/rules/policyType/ACCESS_POLICY"),
    )
    .title("List ZPA access policy rules")
    .describe("Lists access rules in order."),
    ACCESS_GET,
    ACCESS_CREATE,
    ACCESS_UPDATE,
    ACCESS_DELETE,
    list(
        "zpa_list_forwarding_policy_rules",
        mgmt!("policySet/rules/policyType/CLIENT_FORWARDING_POLICY"),
    )
    .title("List ZPA client forwarding policy rules")
    .describe("Lists client forwarding rules in order."),
    FORWARDING_GET,
    FORWARDING_CREATE,
    FORWARDING_UPDATE,
    FORWARDING_DELETE,
    list(
        "zpa_list_timeout_policy_rules",
        mgmt!("policySet/rules/policyType/TIMEOUT_POLICY"),
    )
    .title("List ZPA timeout policy rules")
    .describe("Lists re-authentication rules in order."),
    TIMEOUT_GET,
    TIMEOUT_CREATE,
    TIMEOUT_UPDATE,
    TIMEOUT_DELETE,
    list(
        "zpa_list_isolation_policy_rules",
        mgmt!("policySet/rules/policyType/ISOLATION_POLICY"),
    )
    .title("List ZPA isolation policy rules")
    .describe("Lists browser isolation rules in order."),
    ISOLATION_GET,
    ISOLATION_CREATE,
    ISOLATION_UPDATE,
    ISOLATION_DELETE,
    list(
        "zpa_list_app_protection_rules",
        mgmt!("policySet/rules/policyType/INSPECTION_POLICY"),
    )
    .title("List ZPA app protection policy rules")
    .describe("Lists inspection rules in order."),
    PROTECTION_GET,
    PROTECTION_CREATE,
    PROTECTION_UPDATE,
    PROTECTION_DELETE,
];
