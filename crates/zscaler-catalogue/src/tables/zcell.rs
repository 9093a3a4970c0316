//! Zscaler Cellular (ZCell) tools (`/zcell/config/api/v1/...`): SIMs and their usage,
//! analytics, anomaly policies and violations, regions, network events, location groups, tags
//! and the audit log. Paths embed `ZCELL_CUSTOMER_ID`; time-bounded reads take `days`.

use crate::model::{Action, DAYS, Location, Method, Param, ParamType, Service, ToolDef};

/// The customer-scoped prefix; `{zcellCustomerId}` is filled from `ZCELL_CUSTOMER_ID`.
macro_rules! customer {
    ($path:literal) => {
        concat!("/zcell/config/api/v1/customers/{zcellCustomerId}", $path)
    };
}

const fn row(name: &'static str, toolset: &'static str, path: &'static str) -> ToolDef {
    ToolDef::new(name, Service::Zcell, toolset, Action::Read, path)
}

const ICCID_QUERY: Param = Param::query("icc_id", "The SIM's ICCID.").wire("iccId");
const POLICY: Param = Param::path(
    "policy_id",
    "The anomaly policy (zcell_list_anomaly_policies).",
);
const ICCID_PATH: Param = Param::path("iccid", "The SIM's ICCID.");
const LIMIT: Param = Param::new(
    "limit",
    ParamType::Integer,
    "Most rows (countries at most 20).",
)
.at(Location::Query);
const NAME: Param = Param::query("name", "Only records with this name.");

static SIM_FILTERS: &[Param] = &[
    Param::body("iccid", ParamType::StringList, "Only these ICCIDs."),
    Param::body("status", ParamType::String, "SIM status, e.g. active."),
    Param::body("network_status", ParamType::String, "Network status.").wire("networkStatus"),
    Param::body(
        "ip_address",
        ParamType::StringList,
        "Only SIMs with these IPs.",
    )
    .wire("ipAddress"),
    Param::body(
        "location_country",
        ParamType::String,
        "Country the SIM is in.",
    )
    .wire("locationCountry"),
    Param::body("tag", ParamType::StringList, "Only SIMs with these tags."),
    Param::body("device_type", ParamType::String, "Device type.").wire("deviceType"),
];

static AUDIT_FILTERS: &[Param] = &[
    DAYS,
    Param::body(
        "operation_type",
        ParamType::Enum(&["Create", "Update", "Delete", "Export"]),
        "Only this kind of change.",
    )
    .wire("operationType"),
    Param::body(
        "object_type",
        ParamType::String,
        "Only this kind of object.",
    )
    .wire("objectType"),
    Param::body(
        "object_name",
        ParamType::String,
        "Only objects with this name.",
    )
    .wire("objectName"),
    Param::body(
        "visibility",
        ParamType::Enum(&["Customer", "Root"]),
        "Customer or root entries.",
    ),
];

pub(crate) static TOOLS: &[ToolDef] = &[
    // SIMs.
    row("zcell_list_sims", "zcell_sim_handling", customer!("/sims/search"))
        .method(Method::Post)
        .params(SIM_FILTERS)
        .list()
        .title("List ZCell SIMs")
        .describe("Lists the tenant's cellular SIMs (ICCID, IMSI, status, network, IP, country, tags, device), filtered by the body fields given."),
    row("zcell_get_sim_details", "zcell_sim_handling", customer!("/sims/details"))
        .params(&[ICCID_QUERY.required()])
        .title("Get ZCell SIM details")
        .describe("Gets one SIM by ICCID with its device, usage and network details."),
    // Analytics.
    row("zcell_list_sim_analytics_map", "zcell_sim_analytics", customer!("/sim/analytics/map"))
        .method(Method::Post)
        .params(&[Param::body("icc_ids", ParamType::StringList, "Only these ICCIDs.").wire("iccIds")])
        .list()
        .title("List ZCell SIM map points")
        .describe("Lists SIM locations for the fleet map: coordinates with their ICCIDs, IMSIs and tags."),
    row("zcell_list_sim_analytics_summary", "zcell_sim_analytics", customer!("/sim/analytics/summary"))
        .list()
        .title("List the ZCell SIM status summary")
        .describe("SIM counts: total, used, active and inactive."),
    row("zcell_list_sim_usage_by_country", "zcell_sim_analytics", customer!("/sim/analytics/usage/countries"))
        .params(&[DAYS, LIMIT])
        .window(Location::Query, "startDate", "endDate")
        .list()
        .title("List ZCell data usage by country")
        .describe("The countries with the most cellular data usage over the last `days`."),
    row("zcell_list_sim_usage_by_day", "zcell_sim_analytics", customer!("/sim/analytics/usage/day"))
        .params(&[DAYS, ICCID_QUERY])
        .window(Location::Query, "startDate", "endDate")
        .list()
        .title("List ZCell data usage by day")
        .describe("Cellular data usage per day over the last `days`, for the fleet or one ICCID."),
    row("zcell_list_sim_usage_by_sim", "zcell_sim_analytics", customer!("/sim/analytics/usage/sims"))
        .params(&[DAYS, LIMIT])
        .window(Location::Query, "startDate", "endDate")
        .list()
        .title("List ZCell data usage by SIM")
        .describe("The SIMs with the most data usage over the last `days`."),
    // Anomaly policies.
    row("zcell_list_anomaly_policies", "zcell_anomaly_policy", customer!("/anomaly-policy"))
        .params(&[
            DAYS,
            Param::query("policy_type", "Only this policy type, e.g. GEOFENCING.").wire("policyType"),
            NAME,
        ])
        .window(Location::Query, "startDateTime", "endDateTime")
        .list()
        .title("List ZCell anomaly policies")
        .describe("Lists anomaly policies (geofencing, usage, …) with their violation counts over the last `days`."),
    row("zcell_list_anomaly_policy_logs", "zcell_anomaly_policy", customer!("/anomaly-policy/{policy_id}/logs"))
        .params(&[POLICY])
        .list()
        .title("List ZCell anomaly policy logs")
        .describe("Lists the change history of one anomaly policy."),
    row("zcell_list_anomaly_policy_violations", "zcell_anomaly_policy", customer!("/anomaly-policy/{policy_id}/violations"))
        .params(&[POLICY, DAYS])
        .window(Location::Query, "startDateTime", "endDateTime")
        .list()
        .title("List ZCell anomaly policy violations")
        .describe("Lists the ICCIDs that violated one anomaly policy over the last `days`."),
    row("zcell_list_iccid_violations", "zcell_anomaly_policy", customer!("/anomaly-policy/{policy_id}/violations/{iccid}"))
        .params(&[POLICY, ICCID_PATH, DAYS])
        .window(Location::Query, "startDateTime", "endDateTime")
        .list()
        .title("List ZCell violations of one SIM")
        .describe("Lists each violation of one anomaly policy by one ICCID: when, where and why."),
    // Customer, regions, network events.
    row("zcell_get_customer_data_handling", "zcell_customer_data_handling", customer!(""))
        .title("Get ZCell customer data")
        .describe("Gets the ZCell customer record: name, activation state, regions and settings."),
    row("zcell_list_regions", "zcell_customer_region_handling", customer!("/regions"))
        .list()
        .title("List ZCell regions")
        .describe("Lists the regions available to the tenant and which are configured."),
    row("zcell_list_region_operational_status", "zcell_customer_region_handling", customer!("/regions/operational-status"))
        .list()
        .title("List ZCell region status")
        .describe("Lists the configured regions with their operational status."),
    row(
        "zcell_list_network_events",
        "zcell_network_events",
        "/zcell/config/api/v1/network-events/{zcellCustomerId}/search/startTime/{startTime}/endTime/{endTime}",
    )
    .method(Method::Post)
    .params(&[DAYS, Param::body("iccid", ParamType::StringList, "Only these ICCIDs.")])
    .window(Location::Path, "startTime", "endTime")
    .list()
    .title("List ZCell network events")
    .describe("Lists cellular network events (attach, detach, roaming, …) over the last `days`."),
    // Location groups and tags.
    row("zcell_list_sim_location_groups", "zcell_sim_location_groups", customer!("/sim-location-groups"))
        .params(&[NAME])
        .list()
        .title("List ZCell SIM location groups")
        .describe("Lists the geofences anomaly policies use: name and geofence."),
    row("zcell_get_sim_location_group", "zcell_sim_location_groups", customer!("/sim-location-groups/{group_id}"))
        .params(&[Param::path("group_id", "The location group.")])
        .title("Get a ZCell SIM location group")
        .describe("Gets one SIM location group with its geofence."),
    row("zcell_list_tags", "zcell_tag_handling", customer!("/tag"))
        .params(&[NAME])
        .list()
        .title("List ZCell tags")
        .describe("Lists the tags SIMs are grouped by."),
    // Audit.
    row("zcell_list_audit_customers_search", "zcell_audit_data_handling", "/zcell/config/api/v1/audit/customers/{zcellCustomerId}/search")
        .method(Method::Post)
        .params(AUDIT_FILTERS)
        .window(Location::Body, "startDate", "endDate")
        .list()
        .title("Search the ZCell audit log")
        .describe("Lists audit entries over the last `days`: who changed which object, how and when."),
    row("zcell_list_audit_metadata", "zcell_audit_data_handling", "/zcell/config/api/v1/audit/metadata")
        .list()
        .title("List ZCell audit metadata")
        .describe("Lists the object and operation types audit searches filter by."),
];
