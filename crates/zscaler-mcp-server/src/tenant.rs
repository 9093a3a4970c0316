//! Tenant data outside tool calls: the read-only tenant summaries served as resources
//! (`zscaler://zpa/app-segments`, one record by name through a template) and the values
//! prompt arguments and template variables are completed with. Both read through the
//! catalogue engine with a list tool, so they see exactly what that tool would return to
//! the same caller, and are offered only when that tool is enabled.

use serde_json::{Map, Value, json};
use zscaler_catalogue::{Content, Registry, ToolContext, ToolError, engine::Engine};

/// A read-only summary of one kind of tenant object.
pub struct TenantResource {
    pub uri: &'static str,
    pub name: &'static str,
    pub title: &'static str,
    pub description: &'static str,
    /// The list tool it reads with (every page).
    pub tool: &'static str,
    /// The fields kept per record in the summary.
    pub fields: &'static [&'static str],
    /// The field naming one record, the variable of `item_template`.
    pub key: &'static str,
    /// One whole record by its `key`: `{uri}/{key}`.
    pub item_template: &'static str,
}

impl TenantResource {
    pub fn offered(&self, enabled: &Registry) -> bool {
        enabled.get(self.tool).is_some()
    }
}

pub static TENANT_RESOURCES: &[TenantResource] = &[
    TenantResource {
        uri: "zscaler://zpa/app-segments",
        name: "zpa-app-segments",
        title: "ZPA application segments",
        description: "Every application segment: id, name, state, domains and ports. One segment in full: zscaler://zpa/app-segments/{name}.",
        tool: "zpa_list_application_segments",
        key: "name",
        fields: &[
            "id",
            "name",
            "enabled",
            "domainNames",
            "tcpPortRanges",
            "udpPortRanges",
            "segmentGroupName",
        ],
        item_template: "zscaler://zpa/app-segments/{name}",
    },
    TenantResource {
        uri: "zscaler://zpa/segment-groups",
        name: "zpa-segment-groups",
        title: "ZPA segment groups",
        description: "Every segment group: id, name, state and description.",
        tool: "zpa_list_segment_groups",
        key: "name",
        fields: &["id", "name", "enabled", "description"],
        item_template: "zscaler://zpa/segment-groups/{name}",
    },
    TenantResource {
        uri: "zscaler://zpa/server-groups",
        name: "zpa-server-groups",
        title: "ZPA server groups",
        description: "Every server group: id, name, state and whether servers are discovered dynamically.",
        tool: "zpa_list_server_groups",
        key: "name",
        fields: &["id", "name", "enabled", "dynamicDiscovery", "description"],
        item_template: "zscaler://zpa/server-groups/{name}",
    },
    TenantResource {
        uri: "zscaler://zpa/app-connector-groups",
        name: "zpa-app-connector-groups",
        title: "ZPA App Connector groups",
        description: "Every App Connector group: id, name, state, location and upgrade window.",
        tool: "zpa_list_app_connector_groups",
        key: "name",
        fields: &[
            "id",
            "name",
            "enabled",
            "location",
            "upgradeDay",
            "upgradeTimeInSecs",
            "versionProfileName",
        ],
        item_template: "zscaler://zpa/app-connector-groups/{name}",
    },
    TenantResource {
        uri: "zscaler://zpa/app-connectors",
        name: "zpa-app-connectors",
        title: "ZPA App Connectors",
        description: "Every App Connector: id, name, state, group, version and control-channel status.",
        tool: "zpa_list_app_connectors",
        key: "name",
        fields: &[
            "id",
            "name",
            "enabled",
            "appConnectorGroupName",
            "currentVersion",
            "expectedVersion",
            "controlChannelStatus",
            "runtimeStatus",
        ],
        item_template: "zscaler://zpa/app-connectors/{name}",
    },
    TenantResource {
        uri: "zscaler://zia/locations",
        name: "zia-locations",
        title: "ZIA locations",
        description: "Every location: id, name, country, time zone and its security switches.",
        tool: "zia_list_locations",
        key: "name",
        fields: &[
            "id",
            "name",
            "country",
            "tz",
            "authRequired",
            "sslScanEnabled",
            "xffForwardEnabled",
            "ofwEnabled",
        ],
        item_template: "zscaler://zia/locations/{name}",
    },
    TenantResource {
        uri: "zscaler://zia/url-categories",
        name: "zia-url-categories",
        title: "ZIA URL categories",
        description: "Every URL category, predefined and custom: id, custom name, whether it is custom, and its URL count.",
        tool: "zia_list_url_categories",
        key: "id",
        fields: &[
            "id",
            "configuredName",
            "customCategory",
            "customUrlsCount",
            "type",
        ],
        item_template: "zscaler://zia/url-categories/{id}",
    },
    TenantResource {
        uri: "zscaler://zia/url-filtering-rules",
        name: "zia-url-filtering-rules",
        title: "ZIA URL filtering rules",
        description: "Every URL filtering rule in order: id, name, order, state and action.",
        tool: "zia_list_url_filtering_rules",
        key: "name",
        fields: &["id", "name", "order", "state", "action", "urlCategories"],
        item_template: "zscaler://zia/url-filtering-rules/{name}",
    },
    TenantResource {
        uri: "zscaler://zia/firewall-rules",
        name: "zia-firewall-rules",
        title: "ZIA cloud firewall rules",
        description: "Every cloud firewall rule in order: id, name, order, state and action.",
        tool: "zia_list_cloud_firewall_rules",
        key: "name",
        fields: &["id", "name", "order", "state", "action"],
        item_template: "zscaler://zia/firewall-rules/{name}",
    },
    TenantResource {
        uri: "zscaler://zia/ssl-inspection-rules",
        name: "zia-ssl-inspection-rules",
        title: "ZIA SSL inspection rules",
        description: "Every SSL inspection rule in order: id, name, order, state and action.",
        tool: "zia_list_ssl_inspection_rules",
        key: "name",
        fields: &["id", "name", "order", "state", "action"],
        item_template: "zscaler://zia/ssl-inspection-rules/{name}",
    },
    TenantResource {
        uri: "zscaler://zdx/applications",
        name: "zdx-applications",
        title: "ZDX applications",
        description: "Every application ZDX monitors: id, name, score and users over the last two hours.",
        tool: "zdx_list_applications",
        fields: &["id", "name", "score", "most_impacted_region", "total_users"],
        key: "name",
        item_template: "zscaler://zdx/applications/{name}",
    },
    TenantResource {
        uri: "zscaler://zcc/devices",
        name: "zcc-devices",
        title: "Client Connector devices",
        description: "Every enrolled device: udid, user, platform, state, versions and when it was last seen.",
        tool: "zcc_list_devices",
        fields: &[
            "udid",
            "user",
            "type",
            "state",
            "registrationState",
            "osVersion",
            "agentVersion",
            "last_seen_time",
            "machineHostname",
        ],
        key: "udid",
        item_template: "zscaler://zcc/devices/{udid}",
    },
    TenantResource {
        uri: "zscaler://zid/users",
        name: "zid-users",
        title: "ZIdentity users",
        description: "Every ZIdentity user: id, login name, display name, email, department and status.",
        tool: "zid_list_users",
        fields: &[
            "id",
            "loginName",
            "displayName",
            "primaryEmail",
            "department",
            "status",
        ],
        key: "loginName",
        item_template: "zscaler://zid/users/{loginName}",
    },
    TenantResource {
        uri: "zscaler://zid/groups",
        name: "zid-groups",
        title: "ZIdentity groups",
        description: "Every ZIdentity group: id, name, source and whether it carries entitlements.",
        tool: "zid_list_groups",
        fields: &[
            "id",
            "name",
            "source",
            "dynamicGroup",
            "adminEntitlementEnabled",
            "serviceEntitlementEnabled",
        ],
        key: "name",
        item_template: "zscaler://zid/groups/{name}",
    },
    TenantResource {
        uri: "zscaler://ztw/ip-groups",
        name: "ztw-ip-groups",
        title: "Cloud Connector IP groups",
        description: "Every Cloud & Branch Connector IP group: id, name and addresses.",
        tool: "ztw_list_ip_groups",
        fields: &["id", "name", "ipAddresses", "description"],
        key: "name",
        item_template: "zscaler://ztw/ip-groups/{name}",
    },
    TenantResource {
        uri: "zscaler://zeasm/organizations",
        name: "zeasm-organizations",
        title: "EASM organizations",
        description: "Every EASM organization: id and name (findings and lookalike domains are per organization).",
        tool: "zeasm_list_organizations",
        fields: &["id", "name"],
        key: "id",
        item_template: "zscaler://zeasm/organizations/{id}",
    },
    TenantResource {
        uri: "zscaler://zms/resources",
        name: "zms-resources",
        title: "Microsegmentation resources",
        description: "Every workload ZMS knows: id, name, type, status, cloud, app zones and agent.",
        tool: "zms_list_resources",
        fields: &[
            "id",
            "name",
            "resourceType",
            "status",
            "cloudProvider",
            "appZoneNames",
            "agentId",
        ],
        key: "name",
        item_template: "zscaler://zms/resources/{name}",
    },
    TenantResource {
        uri: "zscaler://zms/agents",
        name: "zms-agents",
        title: "Microsegmentation agents",
        description: "Every ZMS agent: name, connection and upgrade status, version and group.",
        tool: "zms_list_agents",
        fields: &[
            "name",
            "eyezId",
            "connectionStatus",
            "currentSoftwareVersion",
            "upgradeStatus",
            "agentGroupName",
        ],
        key: "name",
        item_template: "zscaler://zms/agents/{name}",
    },
    TenantResource {
        uri: "zscaler://zcell/sims",
        name: "zcell-sims",
        title: "Cellular SIMs",
        description: "Every Zscaler Cellular SIM: ICCID, status, network status, country, device and usage.",
        tool: "zcell_list_sims",
        fields: &[
            "iccid",
            "status",
            "networkStatus",
            "countryCode",
            "deviceType",
            "usage",
            "lastSeen",
        ],
        key: "iccid",
        item_template: "zscaler://zcell/sims/{iccid}",
    },
];

/// Why tenant data could not be read; the text is fit to show the client.
#[derive(Debug)]
pub struct TenantError(pub String);

/// Every record `tool` lists for this caller.
pub async fn records(
    engine: &Engine,
    tool: &str,
    ctx: &dyn ToolContext,
) -> Result<Vec<Value>, TenantError> {
    let def = engine
        .catalogue()
        .get(tool)
        .ok_or_else(|| TenantError(format!("{tool} is not enabled on this server")))?;
    let mut args = Map::new();
    args.insert("all".into(), Value::Bool(true));
    let output = engine
        .call(def, Some(args), ctx)
        .await
        .map_err(|e: ToolError| TenantError(format!("{tool}: {e}")))?;
    if output.is_error {
        let text = output
            .content
            .iter()
            .find_map(|c| match c {
                Content::Text(text) => Some(text.as_str()),
                _ => None,
            })
            .unwrap_or("the tool failed");
        return Err(TenantError(format!("{tool}: {text}")));
    }
    Ok(output
        .structured
        .and_then(|mut v| v.get_mut("items").map(Value::take))
        .and_then(|items| match items {
            Value::Array(items) => Some(items),
            _ => None,
        })
        .unwrap_or_default())
}

/// A field's value as completion text (strings as they are, numbers and booleans printed).
pub fn field_text(record: &Value, field: &str) -> Option<String> {
    match record.get(field)? {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// The distinct values of `field` that start with (or, failing that, contain) `typed`,
/// case-insensitively, in the tenant's order.
pub fn suggestions(records: &[Value], field: &str, typed: &str) -> Vec<String> {
    let typed = typed.to_lowercase();
    let mut values: Vec<String> = Vec::new();
    for value in records.iter().filter_map(|r| field_text(r, field)) {
        if !values.contains(&value) {
            values.push(value);
        }
    }
    let starts: Vec<String> = values
        .iter()
        .filter(|v| v.to_lowercase().starts_with(&typed))
        .cloned()
        .collect();
    if !starts.is_empty() {
        return starts;
    }
    values
        .into_iter()
        .filter(|v| v.to_lowercase().contains(&typed))
        .collect()
}

/// The summary document of `resource` over `records`.
pub fn summarise(resource: &TenantResource, records: &[Value]) -> Value {
    let items: Vec<Value> = records
        .iter()
        .map(|record| {
            let kept: Map<String, Value> = resource
                .fields
                .iter()
                .filter_map(|f| record.get(*f).map(|v| ((*f).to_owned(), v.clone())))
                .collect();
            Value::Object(kept)
        })
        .collect();
    json!({
        "count": items.len(),
        "source_tool": resource.tool,
        "item_uri": resource.item_template,
        "items": items,
    })
}

/// The record whose `key` equals `wanted` (case-insensitively), whole.
pub fn find<'a>(
    resource: &TenantResource,
    records: &'a [Value],
    wanted: &str,
) -> Option<&'a Value> {
    records
        .iter()
        .find(|r| field_text(r, resource.key).is_some_and(|v| v.eq_ignore_ascii_case(wanted)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn item_templates_extend_the_summary_uri_by_the_key() {
        for r in TENANT_RESOURCES {
            assert_eq!(
                r.item_template,
                format!("{}/{{{}}}", r.uri, r.key),
                "{}",
                r.uri
            );
            assert!(
                r.fields.contains(&r.key),
                "{}: the key is in the summary",
                r.uri
            );
        }
    }

    #[test]
    fn suggestions_prefer_prefixes_then_substrings_without_duplicates() {
        let records = vec![
            json!({"name": "Payroll"}),
            json!({"name": "payments"}),
            json!({"name": "Intranet Payroll"}),
            json!({"name": "Payroll"}),
            json!({"id": 7}),
        ];
        assert_eq!(
            suggestions(&records, "name", "pay"),
            ["Payroll", "payments"]
        );
        assert_eq!(suggestions(&records, "name", "ntra"), ["Intranet Payroll"]);
        assert_eq!(suggestions(&records, "id", ""), ["7"]);
    }
}
