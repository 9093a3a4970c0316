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

const ICCID_QUERY: Param = Param::query("icc_id", "").wire("iccId");
const POLICY: Param = Param::path(
    "policy_id",
    "The anomaly policy (zcell_list_anomaly_policies).",
);
const ICCID_PATH: Param = Param::path("iccid", "");
const LIMIT: Param =
    Param::new("limit", ParamType::Integer, "countries: at most 20").at(Location::Query);
const NAME: Param = Param::query("name", "");

static SIM_FILTERS: &[Param] = &[
    Param::body("iccid", ParamType::StringList, ""),
    Param::body("status", ParamType::String, "e.g. active"),
    Param::body("ip_address", ParamType::StringList, "").wire("ipAddress"),
    Param::body("location_country", ParamType::String, "").wire("locationCountry"),
    Param::body("tag", ParamType::StringList, ""),
];

static AUDIT_FILTERS: &[Param] = &[
    DAYS,
    Param::body(
        "operation_type",
        ParamType::Enum(&["Create", "Update", "Delete", "Export"]),
        "",
    )
    .wire("operationType"),
    Param::body("object_type", ParamType::String, "").wire("objectType"),
    Param::body("object_name", ParamType::String, "").wire("objectName"),
    Param::body("visibility", ParamType::Enum(&["Customer", "Root"]), ""),
];

pub(crate) static TOOLS: &[ToolDef] = &[
    // SIMs.
    row("zcell_list_sims", "zcell_sim_handling", customer!("/sims/search"))
        .method(Method::Post)
        .params(SIM_FILTERS)
        .list()
        .title("List ZCell SIMs")
        .describe("Lists cellular SIMs: ICCID, IMSI, status, network, IP, country, tags, device."),
    row("zcell_get_sim_details", "zcell_sim_handling", customer!("/sims/details"))
        .params(&[ICCID_QUERY.required()])
        .title("Get ZCell SIM details")
        .describe("Gets one SIM by ICCID."),
    // Analytics.
    row("zcell_list_sim_analytics_map", "zcell_sim_analytics", customer!("/sim/analytics/map"))
        .method(Method::Post)
        .params(&[Param::body("icc_ids", ParamType::StringList, "").wire("iccIds")])
        .list()
        .title("List ZCell SIM map points")
        .describe("SIM map points: coordinates, ICCIDs, IMSIs, tags."),
    row("zcell_list_sim_analytics_summary", "zcell_sim_analytics", customer!("/sim/analytics/summary"))
        .list()
        .title("List the ZCell SIM status summary")
        .describe("SIM counts: total, used, active and inactive."),
    row("zcell_list_sim_usage_by_country", "zcell_sim_analytics", customer!("/sim/analytics/usage/countries"))
        .params(&[DAYS, LIMIT])
        .window(Location::Query, "startDate", "endDate")
        .list()
        .title("List ZCell data usage by country")
        .describe("Top countries by data usage."),
    row("zcell_list_sim_usage_by_day", "zcell_sim_analytics", customer!("/sim/analytics/usage/day"))
        .params(&[DAYS, ICCID_QUERY])
        .window(Location::Query, "startDate", "endDate")
        .list()
        .title("List ZCell data usage by day")
        .describe("Data usage per day, fleet or one ICCID."),
    row("zcell_list_sim_usage_by_sim", "zcell_sim_analytics", customer!("/sim/analytics/usage/sims"))
        .params(&[DAYS, LIMIT])
        .window(Location::Query, "startDate", "endDate")
        .list()
        .title("List ZCell data usage by SIM")
        .describe("Top SIMs by data usage."),
    // Anomaly policies.
    row("zcell_list_anomaly_policies", "zcell_anomaly_policy", customer!("/anomaly-policy"))
        .params(&[
            DAYS,
            Param::query("policy_type", "e.g. GEOFENCING").wire("policyType"),
            NAME,
        ])
        .window(Location::Query, "startDateTime", "endDateTime")
        .list()
        .title("List ZCell anomaly policies")
        .describe("Lists anomaly policies with their violation counts."),
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
        .describe("ICCIDs that violated one anomaly policy."),
    row("zcell_list_iccid_violations", "zcell_anomaly_policy", customer!("/anomaly-policy/{policy_id}/violations/{iccid}"))
        .params(&[POLICY, ICCID_PATH, DAYS])
        .window(Location::Query, "startDateTime", "endDateTime")
        .list()
        .title("List ZCell violations of one SIM")
        .describe("Violations of one policy by one ICCID."),
    // Customer, regions, network events.
    row("zcell_get_customer_data_handling", "zcell_customer_data_handling", customer!(""))
        .title("Get ZCell customer data")
        .describe("Gets the ZCell customer record."),
    row("zcell_list_regions", "zcell_customer_region_handling", customer!("/regions"))
        .list()
        .title("List ZCell regions")
        .describe("Available and configured regions."),
    row("zcell_list_region_operational_status", "zcell_customer_region_handling", customer!("/regions/operational-status"))
        .list()
        .title("List ZCell region status")
        .describe("Configured regions' operational status."),
    row(
        "zcell_list_network_events",
        "zcell_network_events",
        "/zcell/config/api/v1/network-events/{zcellCustomerId}/search/startTime/{startTime}/endTime/{endTime}",
    )
    .method(Method::Post)
    .params(&[DAYS, Param::body("iccid", ParamType::StringList, "")])
    .window(Location::Path, "startTime", "endTime")
    .list()
    .title("List ZCell network events")
    .describe("Cellular network events (attach, detach, roaming…)."),
    // Location groups and tags.
    row("zcell_list_sim_location_groups", "zcell_sim_location_groups", customer!("/sim-location-groups"))
        .params(&[NAME])
        .list()
        .title("List ZCell SIM location groups")
        .describe("Geofences anomaly policies use."),
    row("zcell_get_sim_location_group", "zcell_sim_location_groups", customer!("/sim-location-groups/{group_id}"))
        .params(&[Param::path("group_id", "")])
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
        .describe("Audit entries: who changed what, how and when."),
    row("zcell_list_audit_metadata", "zcell_audit_data_handling", "/zcell/config/api/v1/audit/metadata")
        .list()
        .title("List ZCell audit metadata")
        .describe("Object and operation types for audit searches."),
];
