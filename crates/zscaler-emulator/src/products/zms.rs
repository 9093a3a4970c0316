//! ZMS microsegmentation (`POST /zms/graphql`): agents, agent groups, nonces, resources,
//! resource groups, policy rules, app zones, the app catalog and tags, seeded
//! deterministically. Lists are connections (`nodes` + `pageInfo`) paged by `page`/`pageNum`
//! and `pageSize`, narrowed by `search` (or a `filter` with `name`); only selected fields come
//! back; unknown fields and missing required arguments are GraphQL errors.

use serde_json::{Map, Value, json};

use crate::call::{Call, Reply};
use crate::graphql::{self, Selection};
use crate::routes::Routes;
use crate::seed::{CITIES, DOMAIN, Rng};
use crate::store::Tenant;

const DATA: &str = "zms";

pub fn install(routes: &mut Routes) {
    routes.post("/zms/graphql", |t, c| answer(&t.read(), c));
}

fn answer(tenant: &Tenant, c: &Call) -> Reply {
    let (query, vars) = match super::zins::request(c) {
        Ok(q) => q,
        Err(reply) => return reply,
    };
    let empty = json!({});
    let store = tenant.extra.get(DATA).unwrap_or(&empty);
    let mut data = Map::new();
    let mut errors = Vec::new();
    for root in &query.roots {
        match resolve(store, root, &vars) {
            Ok(value) => match graphql::project(&value, &root.children, &vars) {
                Ok(v) => {
                    data.insert(root.name.clone(), v);
                }
                Err(field) => errors.push(graphql::error(
                    &format!("Validation error (FieldUndefined@[{}/{field}]) : Field '{field}' is undefined", root.name),
                    Some(root),
                    &[],
                    "ValidationError",
                )),
            },
            Err((message, class)) => {
                errors.push(graphql::error(&message, Some(root), &[&root.name], class));
                data.insert(root.name.clone(), Value::Null);
            }
        }
    }
    let mut body = json!({"data": data});
    if !errors.is_empty() {
        body["errors"] = Value::Array(errors);
        if data_is_empty(&body) {
            body.as_object_mut().map(|b| b.remove("data"));
        }
    }
    Reply::ok(body)
}

fn data_is_empty(body: &Value) -> bool {
    body["data"].as_object().is_some_and(Map::is_empty)
}

type Resolved = Result<Value, (String, &'static str)>;

fn required(
    sel: &Selection,
    vars: &Map<String, Value>,
    name: &str,
) -> Result<Value, (String, &'static str)> {
    sel.arg(name, vars).ok_or_else(|| {
        (
            format!("Missing field argument '{name}' on '{}'", sel.name),
            "ValidationError",
        )
    })
}

fn rows<'a>(store: &'a Value, table: &str) -> &'a [Value] {
    store[table].as_array().map_or(&[], Vec::as_slice)
}

fn resolve(store: &Value, sel: &Selection, vars: &Map<String, Value>) -> Resolved {
    required(sel, vars, "customerId")?;
    let text = |name: &str| {
        sel.arg(name, vars)
            .and_then(|v| v.as_str().map(str::to_owned))
    };
    match sel.name.as_str() {
        "agents" => connection(sel, vars, rows(store, "agents"), "name"),
        "agentGroups" => connection(sel, vars, rows(store, "agentGroups"), "name"),
        "nonces" => connection(sel, vars, rows(store, "nonces"), "name"),
        "resources" => connection(sel, vars, rows(store, "resources"), "name"),
        "resourceGroups" => connection(sel, vars, rows(store, "resourceGroups"), "name"),
        "policyRules" => connection(sel, vars, rows(store, "policyRules"), "name"),
        "defaultPolicyRules" => connection(sel, vars, rows(store, "defaultPolicyRules"), "name"),
        "appZones" => connection(sel, vars, rows(store, "appZones"), "appZoneName"),
        "appCatalog" => connection(sel, vars, rows(store, "appCatalog"), "name"),
        "tagNamespaces" => connection(sel, vars, rows(store, "tagNamespaces"), "name"),
        "tagKeys" => {
            let ns = required(sel, vars, "namespaceId")?;
            let keys: Vec<Value> = rows(store, "tagKeys")
                .iter()
                .filter(|k| k["namespaceId"] == ns)
                .cloned()
                .collect();
            connection(sel, vars, &keys, "name")
        }
        "tagValues" => {
            let tag = required(sel, vars, "tagId")?;
            required(sel, vars, "namespaceOrigin")?;
            let values: Vec<Value> = rows(store, "tagValues")
                .iter()
                .filter(|v| v["tagId"] == tag)
                .cloned()
                .collect();
            connection(sel, vars, &values, "name")
        }
        "resourceGroupMembers" => {
            let id = required(sel, vars, "id")?;
            let group = rows(store, "resourceGroups")
                .iter()
                .find(|g| g["id"] == id)
                .ok_or_else(|| (format!("Resource group {id} not found"), "NOT_FOUND"))?;
            let members: Vec<Value> = group["memberIds"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|m| rows(store, "resources").iter().find(|r| r["id"] == *m))
                .cloned()
                .collect();
            connection(sel, vars, &members, "name")
        }
        "agentConnectionStatusStatistics" => Ok(statistics(
            rows(store, "agents"),
            text("search").as_deref(),
            "agentStatuses",
            "connectionStatus",
        )),
        "agentVersionStatistics" => Ok(statistics(
            rows(store, "agents"),
            text("search").as_deref(),
            "agentVersions",
            "currentSoftwareVersion",
        )),
        "agentGroupTotpSecrets" => {
            let id = required(sel, vars, "eyezId")?;
            rows(store, "agentGroups")
                .iter()
                .find(|g| g["eyezId"] == id)
                .map(|g| g["totp"].clone())
                .ok_or_else(|| (format!("Agent group {id} not found"), "NOT_FOUND"))
        }
        "nonce" => {
            let id = required(sel, vars, "eyezId")?;
            rows(store, "nonces")
                .iter()
                .find(|n| n["eyezId"] == id)
                .map(|n| json!({"nonce": n}))
                .ok_or_else(|| (format!("Nonce {id} not found"), "NOT_FOUND"))
        }
        "resourceProtectionStatus" => {
            let all = rows(store, "resources");
            let protected = all.iter().filter(|r| r["protected"] == true).count();
            let node = json!({
                "protectedPercentage": percent(protected, all.len()),
                "protectedResourcesCount": protected,
                "unprotectedResourcesCount": all.len() - protected,
                "totalResources": all.len(),
            });
            connection(sel, vars, &[node], "")
        }
        "resourceGroupProtectionStatus" => {
            let all = rows(store, "resourceGroups");
            let protected = all.iter().filter(|r| r["protected"] == true).count();
            let node = json!({
                "protectedPercentage": percent(protected, all.len()),
                "protectedResourceGroupsCount": protected,
                "unprotectedResourceGroupsCount": all.len() - protected,
                "totalResourceGroups": all.len(),
            });
            connection(sel, vars, &[node], "")
        }
        "metadata" => Ok(store["metadata"].clone()),
        other => Err((
            format!(
                "Validation error (FieldUndefined@[{other}]) : Field '{other}' in type 'Query' is undefined"
            ),
            "ValidationError",
        )),
    }
}

fn percent(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        (1000.0 * part as f64 / whole as f64).round() / 10.0
    }
}

/// One page of `all` (filtered by `search` or `filter.name` on `name_field`), as a connection.
fn connection(
    sel: &Selection,
    vars: &Map<String, Value>,
    all: &[Value],
    name_field: &str,
) -> Resolved {
    let number = |name: &str| -> Result<Option<u64>, (String, &'static str)> {
        match sel.arg(name, vars) {
            None => Ok(None),
            Some(v) => v.as_u64().map(Some).ok_or_else(|| {
                (
                    format!("Variable '{name}' has an invalid value: expected a non-negative Int, got {v}"),
                    "ValidationError",
                )
            }),
        }
    };
    let page = number("page")?.or(number("pageNum")?).unwrap_or(1).max(1) as usize;
    let size = number("pageSize")?.unwrap_or(20).clamp(1, 1000) as usize;
    let needle = sel
        .arg("search", vars)
        .or_else(|| sel.arg("filter", vars).and_then(|f| f.get("name").cloned()))
        .and_then(|v| match v {
            Value::String(s) => Some(s.to_lowercase()),
            Value::Object(o) => o
                .get("eq")
                .or_else(|| o.get("contains"))
                .and_then(Value::as_str)
                .map(str::to_lowercase),
            _ => None,
        });
    let matched: Vec<&Value> = all
        .iter()
        .filter(|r| {
            needle.as_ref().is_none_or(|n| {
                r.get(name_field)
                    .and_then(Value::as_str)
                    .is_some_and(|v| v.to_lowercase().contains(n))
            })
        })
        .collect();
    let total = matched.len();
    let nodes: Vec<Value> = matched
        .into_iter()
        .skip((page - 1) * size)
        .take(size)
        .cloned()
        .collect();
    Ok(json!({
        "nodes": nodes,
        "pageInfo": {
            "pageNumber": page,
            "pageSize": size,
            "totalCount": total,
            "totalPages": total.div_ceil(size),
        },
    }))
}

fn statistics(agents: &[Value], search: Option<&str>, key: &str, by: &str) -> Value {
    let matched: Vec<&Value> = agents
        .iter()
        .filter(|a| {
            search.is_none_or(|s| {
                a["name"]
                    .as_str()
                    .is_some_and(|n| n.to_lowercase().contains(&s.to_lowercase()))
            })
        })
        .collect();
    let mut groups: Vec<(String, String, usize)> = Vec::new();
    for agent in &matched {
        let kind = agent["agentType"].as_str().unwrap_or("").to_owned();
        let value = agent[by].as_str().unwrap_or("").to_owned();
        match groups
            .iter_mut()
            .find(|(k, v, _)| *k == kind && *v == value)
        {
            Some(g) => g.2 += 1,
            None => groups.push((kind, value, 1)),
        }
    }
    let field = if by == "connectionStatus" {
        "connectionStatus"
    } else {
        "version"
    };
    let entries: Vec<Value> = groups
        .into_iter()
        .map(|(kind, value, count)| {
            json!({"agentType": kind, field: value, "count": count,
                   "percentage": percent(count, matched.len())})
        })
        .collect();
    json!({
        "totalCount": matched.len(),
        "totalPercentage": if matched.is_empty() { 0.0 } else { 100.0 },
        key: entries,
    })
}

fn eyez(rng: &mut Rng) -> String {
    let a = rng.next_u64();
    format!(
        "{:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0xfff,
        (a >> 4) & 0xfff,
        rng.next_u64() & 0xffff_ffff_ffff
    )
}

const ZONES: [&str; 3] = ["Payments", "Web Tier", "Data"];
const CUSTOMER_PREFIX: &str = "72058304855015424";

pub fn seed(tenant: &mut Tenant, demo: bool) {
    let mut rng = tenant.rng.clone();
    let id = |n: u64| format!("{CUSTOMER_PREFIX}-{n:032}");
    // Every tenant has the predefined namespaces and default rules.
    let mut namespaces = vec![
        json!({"id": id(1), "name": "CLOUD", "description": "Cloud namespace", "origin": "EXTERNAL"}),
        json!({"id": id(2), "name": "ML", "description": "ML namespace", "origin": "ML"}),
    ];
    let default_rules = vec![
        json!({"id": id(11), "name": "Default Inbound", "action": "ALLOW", "direction": "INBOUND",
               "description": "Applies when no rule matches inbound traffic", "scopeType": "GLOBAL",
               "modifiedTime": 1_765_000_000}),
        json!({"id": id(12), "name": "Default Outbound", "action": "ALLOW", "direction": "OUTBOUND",
               "description": "Applies when no rule matches outbound traffic", "scopeType": "GLOBAL",
               "modifiedTime": 1_765_000_000}),
    ];
    let mut store = json!({
        "agents": [], "agentGroups": [], "nonces": [], "resources": [], "resourceGroups": [],
        "policyRules": [], "appZones": [], "appCatalog": [], "tagKeys": [], "tagValues": [],
        "defaultPolicyRules": default_rules,
        "metadata": {"eventTypes": ["FLOW", "POLICY_HIT", "AGENT_STATUS"], "retentionDays": 30},
    });
    if demo {
        namespaces.push(json!({"id": id(3), "name": "acme", "description": "Acme custom tags", "origin": "CUSTOM"}));
        let groups = [
            ("Linux Servers", "SERVER", "AWS"),
            ("Windows Servers", "SERVER", "AZURE"),
            ("Kubernetes Nodes", "K8S", "GCP"),
        ];
        let mut group_rows = Vec::new();
        for (i, (name, kind, cloud)) in groups.iter().enumerate() {
            group_rows.push(json!({
                "name": name, "eyezId": eyez(&mut rng), "agentGroupType": kind, "cloudProvider": cloud,
                "adminStatus": "ENABLED", "agentCount": 0, "description": format!("{name} in {cloud}"),
                "policyStatus": "ENFORCED", "upgradeStatus": "UP_TO_DATE",
                "tamperProtectionStatus": if i == 2 { "DISABLED" } else { "ENABLED" },
                "agentAutoUpgrade": i != 1, "agentDeletionTimeoutSeconds": 86_400,
                "timezone": "UTC", "upgradeDay": "SUNDAY", "upgradeTime": "02:00",
                "versionProfileName": "Default",
            }));
        }
        let versions = ["24.3.1", "24.3.1", "24.2.7"];
        let statuses = ["CONNECTED", "CONNECTED", "CONNECTED", "DISCONNECTED"];
        let mut agents = Vec::new();
        let mut resources = Vec::new();
        for i in 0..14usize {
            let g = i % group_rows.len();
            let group = &group_rows[g];
            let os = if g == 1 { "WINDOWS" } else { "LINUX" };
            let host = format!("{}-{:02}", ["app", "db", "web", "k8s"][i % 4], i + 1);
            let private_ip = format!("10.{}.{}.{}", g + 10, i / 4, 10 + i);
            let eyez_id = eyez(&mut rng);
            agents.push(json!({
                "name": host, "eyezId": eyez_id,
                "connectionStatus": *rng.pick(&statuses),
                "agentType": if os == "WINDOWS" { "WINDOWS_AGENT" } else { "LINUX_AGENT" },
                "hostOs": os, "currentSoftwareVersion": *rng.pick(&versions),
                "upgradeStatus": "UP_TO_DATE", "description": "",
                "cloudProvider": group["cloudProvider"], "publicIp": Value::Null,
                "privateIps": [private_ip], "adminStatus": "ENABLED",
                "agentGroupName": group["name"], "agentGroupType": group["agentGroupType"],
            }));
            let (city, ..) = CITIES[i % 4];
            resources.push(json!({
                "id": id(100 + i as u64), "name": format!("{host}.{DOMAIN}"),
                "resourceType": "VM", "status": "ACTIVE",
                "cloudProvider": group["cloudProvider"],
                "cloudRegion": format!("{}-{}", city.to_lowercase().replace(' ', "-"), 1 + i % 2),
                "resourceHostname": host, "platformOs": os,
                "platformOsDistro": if os == "LINUX" { "Ubuntu" } else { "Windows Server" },
                "platformOsVersion": if os == "LINUX" { "22.04" } else { "2022" },
                "localIps": [private_ip], "deleted": false, "modifiedTime": 1_765_000_000 + i as i64 * 3600,
                "agentId": eyez_id, "appZoneIds": [id(50 + (i % 3) as u64)],
                "appZoneNames": [ZONES[i % 3]],
                "appZoneMappingState": "MAPPED", "protected": i % 5 != 0,
            }));
        }
        for group in &mut group_rows {
            let n = agents
                .iter()
                .filter(|a| a["agentGroupName"] == group["name"])
                .count();
            group["agentCount"] = json!(n);
            group["totp"] = json!({
                "eyezId": group["eyezId"],
                "totpSecret": format!("JBSWY3DPEHPK3PX{}", rng.range(1, 9)),
                "totpQrCode": "data:image/png;base64,iVBORw0KGgo=",
                "totpGenerationTimestamp": 1_765_000_000_000i64,
            });
        }
        let nonces: Vec<Value> = group_rows
            .iter()
            .map(|g| {
                let max = rng.range(10, 100);
                json!({
                    "eyezId": eyez(&mut rng), "name": format!("{} enrollment", g["name"].as_str().unwrap_or("")),
                    "key": format!("zms-{:016x}", rng.next_u64()), "maxUsage": max,
                    "usageCount": g["agentCount"], "agentGroupEyezId": g["eyezId"],
                    "agentGroupName": g["name"], "agentGroupType": g["agentGroupType"],
                    "product": "ZMS", "creationTime": 1_764_000_000, "modifiedTime": 1_765_000_000,
                })
            })
            .collect();
        let resource_groups = vec![
            json!({"__typename": "ManagedResourceGroup", "id": id(200), "name": "Payments Servers",
                   "description": "Card processing hosts", "type": "MANAGED", "origin": "CUSTOM",
                   "resourceMemberCount": 4, "modifiedTime": 1_765_000_000,
                   "memberIds": [id(100), id(103), id(106), id(109)], "protected": true}),
            json!({"__typename": "ManagedResourceGroup", "id": id(201), "name": "Web Tier",
                   "description": "Front-end hosts", "type": "MANAGED", "origin": "CUSTOM",
                   "resourceMemberCount": 3, "modifiedTime": 1_765_000_000,
                   "memberIds": [id(102), id(105), id(108)], "protected": true}),
            json!({"__typename": "UnmanagedResourceGroup", "id": id(202), "name": "Partner Networks",
                   "description": "Third-party ranges", "type": "UNMANAGED", "origin": "CUSTOM",
                   "resourceMemberCount": 0, "modifiedTime": 1_765_000_000, "memberIds": [],
                   "cidrs": ["203.0.113.0/24"], "fqdns": ["api.partner.example"], "protected": false}),
        ];
        let rule = |n: u64, name: &str, action: &str, priority: u64, port: u64, proto: &str| {
            json!({"id": id(n), "name": name, "action": action, "priority": priority,
                   "description": format!("{name} ({proto}/{port})"), "deleted": false,
                   "sourceTargetType": "RESOURCE_GROUP", "destinationTargetType": "RESOURCE_GROUP",
                   "appZoneScopeTargetType": "APP_ZONE", "creationTime": 1_764_000_000,
                   "modifiedTime": 1_765_000_000, "lastHit": 1_765_100_000,
                   "portAndProtocols": [{"protocol": proto, "portRanges": [{"startPort": port, "endPort": port}]}]})
        };
        let policy_rules = vec![
            rule(300, "Web to Payments API", "ALLOW", 1, 8443, "TCP"),
            rule(301, "Admin SSH", "ALLOW", 2, 22, "TCP"),
            rule(302, "Block SMB East-West", "BLOCK", 3, 445, "TCP"),
            rule(303, "DNS", "ALLOW", 4, 53, "UDP"),
        ];
        let app_zones: Vec<Value> = ZONES
            .iter()
            .enumerate()
            .map(|(i, name)| {
                json!({"id": id(50 + i as u64), "appZoneName": name,
                       "description": format!("{name} app zone"),
                       "memberCount": resources.iter().filter(|r| r["appZoneNames"][0] == *name).count(),
                       "includeAllVpcs": i == 2, "includeAllSubnets": i == 2})
            })
            .collect();
        let catalog: Vec<Value> = [
            ("PostgreSQL", "Database", 5432, "postgres"),
            ("nginx", "Web Server", 443, "nginx"),
            ("Redis", "Cache", 6379, "redis-server"),
            ("OpenSSH", "Remote Access", 22, "sshd"),
            ("Microsoft SQL Server", "Database", 1433, "sqlservr.exe"),
        ]
        .iter()
        .enumerate()
        .map(|(i, (name, category, port, process))| {
            json!({"id": id(400 + i as u64), "name": name, "category": category,
                   "creationTime": 1_760_000_000, "modifiedTime": 1_765_000_000,
                   "details": {"portAndProtocol": [{"protocol": "TCP",
                       "portRanges": [{"startPort": port, "endPort": port}]}],
                       "processes": [process]}})
        })
        .collect();
        let keys = vec![
            json!({"id": id(500), "name": "environment", "description": "Deployment stage", "namespaceId": id(3)}),
            json!({"id": id(501), "name": "owner", "description": "Owning team", "namespaceId": id(3)}),
            json!({"id": id(502), "name": "aws:region", "description": "Cloud region", "namespaceId": id(1)}),
        ];
        let values = vec![
            json!({"id": id(600), "name": "production", "tagId": id(500)}),
            json!({"id": id(601), "name": "staging", "tagId": id(500)}),
            json!({"id": id(602), "name": "payments-team", "tagId": id(501)}),
            json!({"id": id(603), "name": "us-east-1", "tagId": id(502)}),
        ];
        store["agents"] = Value::Array(agents);
        store["agentGroups"] = Value::Array(group_rows);
        store["nonces"] = Value::Array(nonces);
        store["resources"] = Value::Array(resources);
        store["resourceGroups"] = Value::Array(resource_groups);
        store["policyRules"] = Value::Array(policy_rules);
        store["appZones"] = Value::Array(app_zones);
        store["appCatalog"] = Value::Array(catalog);
        store["tagKeys"] = Value::Array(keys);
        store["tagValues"] = Value::Array(values);
    }
    store["tagNamespaces"] = Value::Array(namespaces);
    tenant.extra.insert(DATA, store);
    tenant.rng = rng;
}
