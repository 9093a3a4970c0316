//! Z-Insights analytics tools (`POST /zins/graphql`): web traffic, cyber-security incidents,
//! Zero Trust Firewall, SaaS security, shadow IT and IoT reports. Each row declares its GraphQL
//! operation; every report but IoT is bounded by a 7- or 14-day window that ended a day ago.
//! The aggregate reports (`{obfuscated, entries: [{name, total}]}`) come back whole, as one
//! object; shadow IT apps are records and list like any other list tool.

use crate::graphql::{
    END_DAYS_AGO, END_TIME, Operation, Source, WINDOW_DAYS, field, field_with, var,
};
use crate::model::{Action, Param, ParamType, Service, ToolDef};

const ENDPOINT: &str = "/zins/graphql";

const fn row(name: &'static str, toolset: &'static str, op: &'static Operation) -> ToolDef {
    ToolDef::new(name, Service::Zins, toolset, Action::Read, ENDPOINT).graphql(op)
}

const UNIT: Param = Param::new(
    "traffic_unit",
    ParamType::Enum(&["TRANSACTIONS", "BYTES"]),
    "",
);
const TREND: Param = Param::new("include_trend", ParamType::Boolean, "");
const INTERVAL: Param = Param::new("trend_interval", ParamType::Enum(&["DAY", "HOUR"]), "");
const DLP: Param = Param::new(
    "dlp_engine_filter",
    ParamType::Enum(&[
        "ANY",
        "NONE",
        "HIPAA",
        "CYBER_BULLY_ENG",
        "GLBA",
        "PCI",
        "OFFENSIVE_LANGUAGE",
        "EXTERNAL",
    ]),
    "",
);
const ACTION: Param = Param::new("action_filter", ParamType::Enum(&["ALLOW", "BLOCK"]), "");
const CATEGORIZE: Param = Param::new(
    "categorize_by",
    ParamType::Schema(
        r#"{"type":"array","items":{"enum":["THREAT_CATEGORY_ID","APP_ID","USER_ID","TIME","SRC_COUNTRY"]}}"#,
    ),
    "Outermost first; default THREAT_CATEGORY_ID",
);
const CATEGORIZE_ID: Param = Param::new(
    "categorize_by",
    ParamType::Enum(&["LOCATION_ID", "APP_ID", "USER_ID", "DEPARTMENT_ID"]),
    "default LOCATION_ID",
);

static WINDOW: &[Param] = &[END_TIME, END_DAYS_AGO, WINDOW_DAYS];
static WINDOW_UNIT: &[Param] = &[END_TIME, END_DAYS_AGO, WINDOW_DAYS, UNIT];
static WINDOW_TREND: &[Param] = &[END_TIME, END_DAYS_AGO, WINDOW_DAYS, UNIT, TREND, INTERVAL];
static WINDOW_TREND_FILTERS: &[Param] = &[
    END_TIME,
    END_DAYS_AGO,
    WINDOW_DAYS,
    UNIT,
    DLP,
    ACTION,
    TREND,
    INTERVAL,
];
static INCIDENTS: &[Param] = &[END_TIME, END_DAYS_AGO, WINDOW_DAYS, CATEGORIZE];
static INCIDENTS_ID: &[Param] = &[END_TIME, END_DAYS_AGO, WINDOW_DAYS, CATEGORIZE_ID];

const START: crate::graphql::Variable = var("startTime", "Long!", Source::WindowStart);
const END: crate::graphql::Variable = var("endTime", "Long!", Source::WindowEnd);
/// Reports are asked for whole (up to the API's 1000 rows); the engine pages them for the caller.
const V_LIMIT: crate::graphql::Variable = var("limit", "Int", Source::Const("1000"));
const V_UNIT: crate::graphql::Variable = var(
    "trafficUnit",
    "WebTrafficUnits!",
    Source::ArgOr("traffic_unit", "\"TRANSACTIONS\""),
);
const V_TREND: crate::graphql::Variable =
    var("includeTrend", "Boolean", Source::Arg("include_trend"));
const V_INTERVAL: crate::graphql::Variable = var(
    "trendInterval",
    "TrendInterval",
    Source::Arg("trend_interval"),
);

const WINDOW_ARGS: &[(&str, &str)] = &[("start_time", "startTime"), ("end_time", "endTime")];
const UNIT_ARGS: &[(&str, &str)] = &[
    ("start_time", "startTime"),
    ("end_time", "endTime"),
    ("traffic_unit", "trafficUnit"),
];
const NAME_TOTAL: &str = "obfuscated entries(limit: $limit) { name total }";
const ID_NAME_TOTAL: &str = "obfuscated entries(limit: $limit) { id name total }";
const WITH_TREND: &str = "obfuscated entries(limit: $limit) { name total trend { trend_start_time trend_interval trend_values } }";
const NESTED: &str =
    "obfuscated entries(limit: $limit) { name total entries(limit: $limit) { name total } }";

/// A `WEB_TRAFFIC` report counted in `traffic_unit`.
macro_rules! web {
    ($name:literal, $field:literal) => {
        Operation::new(
            ENDPOINT,
            $name,
            &[field("WEB_TRAFFIC"), field_with($field, UNIT_ARGS)],
            NAME_TOTAL,
            &[START, END, V_UNIT, V_LIMIT],
        )
    };
}

/// A `ZERO_TRUST_FIREWALL` report.
macro_rules! firewall {
    ($name:literal, $field:literal, $selection:expr) => {
        Operation::new(
            ENDPOINT,
            $name,
            &[
                field("ZERO_TRUST_FIREWALL"),
                field_with($field, WINDOW_ARGS),
            ],
            $selection,
            &[START, END, V_LIMIT],
        )
    };
}

/// `CYBER_SECURITY.incidents` grouped by `categorize_by`.
macro_rules! incidents {
    ($name:literal, $categorize:expr $(,)?) => {
        Operation::new(
            ENDPOINT,
            $name,
            &[
                field("CYBER_SECURITY"),
                field_with(
                    "incidents",
                    &[
                        ("categorize_by", "categorizeBy"),
                        ("start_time", "startTime"),
                        ("end_time", "endTime"),
                    ],
                ),
            ],
            NESTED,
            &[
                START,
                END,
                var("categorizeBy", "[IncidentsGroupBy!]!", $categorize),
                V_LIMIT,
            ],
        )
        .window_days(14)
    };
}

static WEB_BY_LOCATION: Operation = Operation::new(
    ENDPOINT,
    "WebTrafficByLocation",
    &[
        field("WEB_TRAFFIC"),
        field_with(
            "location",
            &[
                ("start_time", "startTime"),
                ("end_time", "endTime"),
                ("traffic_unit", "trafficUnit"),
                ("include_trend", "includeTrend"),
                ("trend_interval", "trendInterval"),
            ],
        ),
    ],
    WITH_TREND,
    &[START, END, V_UNIT, V_TREND, V_INTERVAL, V_LIMIT],
);
static WEB_NO_GROUPING: Operation = Operation::new(
    ENDPOINT,
    "WebTrafficNoGrouping",
    &[
        field("WEB_TRAFFIC"),
        field_with(
            "no_grouping",
            &[
                ("start_time", "startTime"),
                ("end_time", "endTime"),
                ("traffic_unit", "trafficUnit"),
                ("dlp_engine_filter", "dlpEngineFilter"),
                ("action_filter", "actionFilter"),
                ("include_trend", "includeTrend"),
                ("trend_interval", "trendInterval"),
            ],
        ),
    ],
    WITH_TREND,
    &[
        START,
        END,
        V_UNIT,
        var(
            "dlpEngineFilter",
            "DlpEngineFilter",
            Source::Arg("dlp_engine_filter"),
        ),
        var("actionFilter", "ActionStatus", Source::Arg("action_filter")),
        V_TREND,
        V_INTERVAL,
        V_LIMIT,
    ],
);
static WEB_PROTOCOLS: Operation = web!("WebProtocols", "protocols");
static WEB_THREAT_SUPER: Operation = web!("WebThreatSuperCategories", "threat_super_categories");
static WEB_THREAT_CLASS: Operation = web!("WebThreatClass", "threat_class");

static CYBER_INCIDENTS: Operation = incidents!(
    "CyberSecurityIncidents",
    Source::ArgOr("categorize_by", r#"["THREAT_CATEGORY_ID"]"#),
);
static CYBER_DAILY: Operation =
    incidents!("CyberSecurityIncidentsDaily", Source::Const(r#"["TIME"]"#));
static CYBER_THREAT_APP: Operation = incidents!(
    "CyberSecurityIncidentsByThreatAndApp",
    Source::Const(r#"["THREAT_CATEGORY_ID","APP_ID"]"#),
);
static CYBER_BY_LOCATION: Operation = Operation::new(
    ENDPOINT,
    "CyberSecurityByLocation",
    &[
        field("CYBER_SECURITY"),
        field_with(
            "cyber_security_location",
            &[
                ("categorize_by", "categorizeBy"),
                ("start_time", "startTime"),
                ("end_time", "endTime"),
            ],
        ),
    ],
    ID_NAME_TOTAL,
    &[
        START,
        END,
        var(
            "categorizeBy",
            "IncidentsWithIdGroupBy!",
            Source::ArgOr("categorize_by", "\"LOCATION_ID\""),
        ),
        V_LIMIT,
    ],
)
.window_days(14);

static FIREWALL_BY_ACTION: Operation = firewall!("FirewallByAction", "action", NAME_TOTAL);
static FIREWALL_BY_LOCATION: Operation =
    firewall!("FirewallByLocation", "location_firewall", ID_NAME_TOTAL);
static FIREWALL_SERVICES: Operation =
    firewall!("FirewallNetworkServices", "network_service", NAME_TOTAL);

static CASB_APP: Operation = Operation::new(
    ENDPOINT,
    "CasbAppReport",
    &[field("SAAS_SECURITY"), field_with("casb_app", WINDOW_ARGS)],
    NAME_TOTAL,
    &[START, END, V_LIMIT],
);

static SHADOW_IT_APPS: Operation = Operation::new(
    ENDPOINT,
    "ShadowITApps",
    &[field("SHADOW_IT"), field_with("apps", WINDOW_ARGS)],
    "entries(limit: $limit) { application application_category risk_index computed_risk_index sanctioned_state integration data_consumed data_uploaded data_downloaded authenticated_users unAuthenticated_location_count last_access_time vulnerability undiscovered custom_risk_index }",
    &[START, END, V_LIMIT],
)
.items("entries");

/// One of the summary's category groupings (two levels deep).
macro_rules! grouped {
    ($name:literal) => {
        concat!(
            $name,
            " { obfuscated entries { name total entries { name total } } }"
        )
    };
}
/// One of the summary's flat groupings.
macro_rules! flat {
    ($name:literal) => {
        concat!($name, " { obfuscated entries { name total } }")
    };
}

static SHADOW_IT_SUMMARY: Operation = Operation::new(
    ENDPOINT,
    "ShadowITSummary",
    &[
        field("SHADOW_IT"),
        field_with("shadow_it_summary", WINDOW_ARGS),
    ],
    concat!(
        "total_upload_bytes total_download_bytes total_apps total_bytes ",
        grouped!("group_by_app_cat_for_app"),
        " ",
        grouped!("group_by_app_cat_for_user_count"),
        " ",
        grouped!("group_by_app_cat_for_upload_bytes"),
        " ",
        grouped!("group_by_app_cat_for_download_bytes"),
        " ",
        grouped!("group_by_app_cat_for_total_bytes"),
        " ",
        flat!("group_by_risk_index_for_app"),
        " ",
        flat!("group_by_provisioning_status_for_app"),
        " ",
        flat!("group_by_access_for_app"),
    ),
    &[START, END],
);

static IOT_DEVICE_STATS: Operation = Operation::new(
    ENDPOINT,
    "IoTDeviceStats",
    &[field("IOT"), field("device_stats")],
    "devices_count user_devices_count iot_devices_count server_devices_count un_classified_devices_count entries(limit: $limit) { classifications classification_uuid category total }",
    &[V_LIMIT],
);

pub(crate) static TOOLS: &[ToolDef] = &[
    // Web traffic.
    row(
        "zins_get_web_traffic_by_location",
        "zins_web_traffic",
        &WEB_BY_LOCATION,
    )
    .params(WINDOW_TREND)
    .title("Get Z-Insights web traffic by location")
    .describe("Web traffic per location, optionally with trends."),
    row(
        "zins_get_web_traffic_no_grouping",
        "zins_web_traffic",
        &WEB_NO_GROUPING,
    )
    .params(WINDOW_TREND_FILTERS)
    .title("Get Z-Insights total web traffic")
    .describe("Total web traffic, optionally by DLP engine or action, with its trend."),
    row("zins_get_web_protocols", "zins_web_traffic", &WEB_PROTOCOLS)
        .params(WINDOW_UNIT)
        .title("Get Z-Insights web protocols")
        .describe("Web traffic per protocol."),
    row(
        "zins_get_threat_super_categories",
        "zins_web_traffic",
        &WEB_THREAT_SUPER,
    )
    .params(WINDOW_UNIT)
    .title("Get Z-Insights threat super-categories")
    .describe("Web threats per super-category (malware, phishing…)."),
    row(
        "zins_get_threat_class",
        "zins_web_traffic",
        &WEB_THREAT_CLASS,
    )
    .params(WINDOW_UNIT)
    .title("Get Z-Insights threat classes")
    .describe("Web threats per class (virus/spyware, advanced, behavioral)."),
    // Cyber security.
    row(
        "zins_get_cyber_incidents",
        "zins_cyber_security",
        &CYBER_INCIDENTS,
    )
    .params(INCIDENTS)
    .title("Get Z-Insights cyber incidents")
    .describe("Incidents grouped by one or two dimensions; sub-groups under `entries`."),
    row(
        "zins_get_cyber_incidents_by_location",
        "zins_cyber_security",
        &CYBER_BY_LOCATION,
    )
    .params(INCIDENTS_ID)
    .title("Get Z-Insights cyber incidents by location")
    .describe("Incidents per location (or app, user, department), with ids."),
    row(
        "zins_get_cyber_incidents_daily",
        "zins_cyber_security",
        &CYBER_DAILY,
    )
    .params(WINDOW)
    .title("Get Z-Insights daily cyber incidents")
    .describe("Incidents per day."),
    row(
        "zins_get_cyber_incidents_by_threat_and_app",
        "zins_cyber_security",
        &CYBER_THREAT_APP,
    )
    .params(WINDOW)
    .title("Get Z-Insights incidents by threat and app")
    .describe("Incidents per threat category, apps under `entries`."),
    // Zero Trust Firewall.
    row(
        "zins_get_firewall_by_action",
        "zins_firewall",
        &FIREWALL_BY_ACTION,
    )
    .params(WINDOW)
    .title("Get Z-Insights firewall traffic by action")
    .describe("Firewall sessions per action."),
    row(
        "zins_get_firewall_by_location",
        "zins_firewall",
        &FIREWALL_BY_LOCATION,
    )
    .params(WINDOW)
    .title("Get Z-Insights firewall traffic by location")
    .describe("Firewall sessions per location, with ids."),
    row(
        "zins_get_firewall_network_services",
        "zins_firewall",
        &FIREWALL_SERVICES,
    )
    .params(WINDOW)
    .title("Get Z-Insights firewall network services")
    .describe("Firewall sessions per network service."),
    // SaaS, shadow IT, IoT.
    row("zins_get_casb_app_report", "zins_saas", &CASB_APP)
        .params(WINDOW)
        .title("Get the Z-Insights CASB app report")
        .describe("CASB activity per SaaS application."),
    row("zins_get_shadow_it_apps", "zins_shadow_it", &SHADOW_IT_APPS)
        .params(WINDOW)
        .title("Get Z-Insights shadow IT apps")
        .describe("Discovered cloud apps: risk, sanction state, users, bytes."),
    row(
        "zins_get_shadow_it_summary",
        "zins_shadow_it",
        &SHADOW_IT_SUMMARY,
    )
    .params(WINDOW)
    .title("Get the Z-Insights shadow IT summary")
    .describe("Shadow IT totals and groupings by category, risk and access."),
    row("zins_get_iot_device_stats", "zins_iot", &IOT_DEVICE_STATS)
        .title("Get Z-Insights IoT device statistics")
        .describe("Device counts by kind and per IoT classification."),
];

#[cfg(test)]
mod tests {
    #[test]
    fn every_operation_is_consistent() {
        for def in super::TOOLS {
            if let crate::model::Op::Graphql(op) = def.op {
                op.check(def.params)
                    .unwrap_or_else(|e| panic!("{}: {e}", def.name));
            } else {
                panic!("{} is not a GraphQL row", def.name);
            }
        }
    }
}
