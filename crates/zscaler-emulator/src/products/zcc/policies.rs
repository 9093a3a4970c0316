//! ZCC configuration objects: forwarding profiles, trusted networks, the fail-open policy,
//! app profiles (`web/policy`) and web privacy.
//!
//! References are checked the way the portal does: a forwarding profile may only name trusted
//! networks that exist, and neither a trusted network used by a profile nor a profile used by
//! an app profile can be deleted (the delete answers `success:"false"`).

use serde_json::{Map, Value, json};

use super::{COMPANY_ID, bad_request, merge, page, public};
use crate::call::{Call, Reply};
use crate::routes::{Routes, TenantLock};
use crate::store::{IdStyle, Tenant, id_string};

pub(crate) const PROFILES: &str = "zcc.forwardingProfiles";
pub(crate) const NETWORKS: &str = "zcc.trustedNetworks";
pub(crate) const WEB_POLICIES: &str = "zcc.webPolicies";
const FAIL_OPEN: &str = "zcc.failOpen";
const PRIVACY: &str = "zcc.webPrivacy";

/// ZCC device types by the integer the API uses in `osType`, `deviceType` and device `type`.
pub(crate) const DEVICE_TYPES: &[(u64, &str)] = &[
    (1, "DEVICE_TYPE_IOS"),
    (2, "DEVICE_TYPE_ANDROID"),
    (3, "DEVICE_TYPE_WINDOWS"),
    (4, "DEVICE_TYPE_MAC"),
    (5, "DEVICE_TYPE_LINUX"),
];

pub fn install(routes: &mut Routes) {
    routes.get(
        "/zcc/papi/public/v1/webForwardingProfile/listByCompany",
        list_profiles,
    );
    routes.post(
        "/zcc/papi/public/v1/webForwardingProfile/edit",
        edit_profile,
    );
    routes.delete(
        "/zcc/papi/public/v1/webForwardingProfile/{id}/delete",
        delete_profile,
    );

    routes.get(
        "/zcc/papi/public/v1/webTrustedNetwork/listByCompany",
        list_networks,
    );
    routes.post(
        "/zcc/papi/public/v1/webTrustedNetwork/create",
        create_network,
    );
    routes.put("/zcc/papi/public/v1/webTrustedNetwork/edit", edit_network);
    routes.delete(
        "/zcc/papi/public/v1/webTrustedNetwork/{id}/delete",
        delete_network,
    );

    routes.get(
        "/zcc/papi/public/v1/webFailOpenPolicy/listByCompany",
        |t, c| {
            let tenant = t.read();
            let rows: Vec<Value> = tenant.rows(FAIL_OPEN).map(public).collect();
            match page(c, &rows, 50, 1000) {
                Ok(list) => Reply::ok(Value::Array(list)),
                Err(reply) => reply,
            }
        },
    );
    routes.put("/zcc/papi/public/v1/webFailOpenPolicy/edit", edit_fail_open);

    routes.get(
        "/zcc/papi/public/v1/web/policy/listByCompany",
        list_web_policies,
    );
    routes.put("/zcc/papi/public/v1/web/policy/edit", edit_web_policy);
    routes.put(
        "/zcc/papi/public/v1/web/policy/activate",
        activate_web_policy,
    );
    routes.delete(
        "/zcc/papi/public/v1/web/policy/{id}/delete",
        delete_web_policy,
    );

    routes.get("/zcc/papi/public/v1/getWebPrivacyInfo", |t, _| {
        Reply::ok(t.read().get(PRIVACY, "0").map(public).unwrap_or_default())
    });
    routes.put("/zcc/papi/public/v1/setWebPrivacyInfo", |t, c| {
        let Ok(body) = c.body_object() else {
            return bad_request();
        };
        let mut tenant = t.write();
        let Some(Value::Object(mut privacy)) = tenant.get(PRIVACY, "0").cloned() else {
            return bad_request();
        };
        merge(&mut privacy, body, &["id"]);
        tenant.insert(PRIVACY, Value::Object(privacy));
        Reply::ok(json!({}))
    });
}

fn outcome(success: bool, id: u64) -> Reply {
    Reply::ok(json!({"success": if success { "true" } else { "false" }, "id": id}))
}

fn search_matches(call: &Call, value: &Value) -> bool {
    call.query("search").is_none_or(|needle| {
        value
            .as_str()
            .unwrap_or_default()
            .to_lowercase()
            .contains(&needle.to_lowercase())
    })
}

fn numeric_id(record: &Value) -> u64 {
    match &record["id"] {
        Value::String(s) => s.parse().unwrap_or(0),
        other => other.as_f64().map_or(0, |f| f as u64),
    }
}

// ---- forwarding profiles -------------------------------------------------------------------

fn list_profiles(t: &TenantLock, call: &Call) -> Reply {
    let tenant = t.read();
    let rows: Vec<Value> = tenant
        .rows(PROFILES)
        .filter(|p| search_matches(call, &p["name"]))
        .map(public)
        .collect();
    match page(call, &rows, 50, 1000) {
        Ok(list) => Reply::ok(Value::Array(list)),
        Err(reply) => reply,
    }
}

fn action(network_type: u64, tunnel: bool) -> Value {
    json!({
        "networkType": network_type, "actionType": 1, "systemProxy": if tunnel { 0 } else { 2 },
        "customPac": "", "enablePacketTunnel": u8::from(tunnel),
        "systemProxyData": {"proxyAction": u8::from(tunnel), "enableAutoDetect": 0, "enablePAC": 0,
            "pacURL": "", "enableProxyServer": 0, "proxyServerAddress": "", "proxyServerPort": "0",
            "bypassProxyForPrivateIP": 0, "performGPUpdate": 0, "pacDataPath": ""},
        "primaryTransport": u8::from(tunnel), "DTLSTimeout": 9, "UDPTimeout": 9, "TLSTimeout": 5,
        "mtuForZadapter": 0, "blockUnreachableDomainsTraffic": 0, "allowTLSFallback": 1,
        "tunnel2FallbackType": 0, "dropIpv6Traffic": 0, "redirectWebTraffic": 0,
        "dropIpv6IncludeTrafficInT2": 0, "useTunnel2ForProxiedWebTraffic": 0,
        "useTunnel2ForUnencryptedWebTraffic": 0, "pathMtuDiscovery": u8::from(tunnel),
        "latencyBasedZenEnablement": 0, "zenProbeInterval": 60, "zenProbeSampleSize": 5,
        "zenThresholdLimit": 2, "dropIpv6TrafficInIpv6Network": 0,
    })
}

fn zpa_action(network_type: u64) -> Value {
    json!({
        "networkType": network_type, "actionType": 1, "primaryTransport": 0, "DTLSTimeout": 9,
        "TLSTimeout": 5, "mtuForZadapter": 0, "sendTrustedNetworkResultToZpa": 0,
        "partnerInfo": {"primaryTransport": 2, "allowTlsFallback": 1, "mtuForZadapter": 0},
        "latencyBasedZpaServerEnablement": 0, "lbsZpaProbeInterval": 30,
        "lbsZpaProbeSampleSize": 5, "lbsZpaThresholdLimit": 1, "latencyBasedServerMTEnablement": 0,
    })
}

/// Everything a stored profile carries beyond what an edit body names.
fn profile_defaults(id: &str, name: &str, tunnel: bool) -> Map<String, Value> {
    let mut p = json!({
        "id": id, "active": "1", "name": name, "conditionType": 1, "dnsServers": "",
        "dnsSearchDomains": "", "enableLWFDriver": "1", "hostname": "", "resolvedIpsForHostname": "",
        "trustedSubnets": "", "trustedGateways": "", "trustedDhcpServers": "", "trustedEgressIps": "",
        "predefinedTrustedNetworks": false, "predefinedTnAll": false,
        "forwardingProfileActions": [action(1, tunnel), action(2, tunnel), action(0, tunnel), action(3, tunnel)],
        "forwardingProfileZpaActions": [zpa_action(1), zpa_action(2), zpa_action(0), zpa_action(3)],
        "evaluateTrustedNetwork": 1, "enableSplitVpnTN": 0, "skipTrustedCriteriaMatch": 0,
        "_trustedNetworkIds": [],
    });
    p.as_object_mut().map(std::mem::take).unwrap_or_default()
}

/// `trustedNetworkIds` from an edit body, or `None` when one of them does not exist.
fn trusted_network_refs(tenant: &Tenant, body: &Map<String, Value>) -> Option<Vec<Value>> {
    let ids = match body.get("trustedNetworkIds") {
        Some(Value::Array(ids)) => ids.clone(),
        _ => Vec::new(),
    };
    ids.iter()
        .all(|id| tenant.get(NETWORKS, &id_string(id)).is_some())
        .then(|| ids.iter().map(|id| json!(id_string(id))).collect())
}

/// Creates (no `id`) or updates a profile. A create needs a name and its actions; the
/// recorded tenant refused one without them with `success:"false"`.
fn edit_profile(t: &TenantLock, call: &Call) -> Reply {
    let Ok(body) = call.body_object() else {
        return bad_request();
    };
    let mut tenant = t.write();
    let Some(refs) = trusted_network_refs(&tenant, body) else {
        return outcome(false, 0);
    };
    let id = body.get("id").map(id_string).unwrap_or_default();
    let mut profile = if id.is_empty() {
        let name = body.get("name").and_then(Value::as_str).unwrap_or_default();
        let has_actions = body
            .get("forwardingProfileActions")
            .and_then(Value::as_array)
            .is_some_and(|a| !a.is_empty());
        let taken = tenant
            .rows(PROFILES)
            .any(|p| p["name"].as_str() == Some(name));
        if name.is_empty() || !has_actions || taken {
            return outcome(false, 0);
        }
        let new_id = id_string(&tenant.new_id(IdStyle::ShortString));
        profile_defaults(&new_id, name, true)
    } else {
        match tenant.get(PROFILES, &id) {
            Some(Value::Object(p)) => p.clone(),
            _ => return outcome(false, 0),
        }
    };
    merge(
        &mut profile,
        body,
        &["id", "trustedNetworkIds", "trustedNetworks"],
    );
    if body.contains_key("trustedNetworkIds") {
        profile.insert("_trustedNetworkIds".into(), Value::Array(refs));
    }
    let record = Value::Object(profile);
    let numeric = numeric_id(&record);
    tenant.insert(PROFILES, record);
    outcome(true, numeric)
}

fn delete_profile(t: &TenantLock, call: &Call) -> Reply {
    let mut tenant = t.write();
    let id = call.param("id");
    let Some(profile) = tenant.get(PROFILES, id) else {
        return outcome(false, 0);
    };
    let numeric = numeric_id(profile);
    let in_use = tenant
        .rows(WEB_POLICIES)
        .any(|p| p["_forwardingProfileId"].as_str() == Some(id));
    // The built-in Default profile cannot go, nor one an app profile still uses.
    if id == "0" || in_use {
        return outcome(false, 0);
    }
    tenant.table_mut(PROFILES).shift_remove(id);
    outcome(true, numeric)
}

// ---- trusted networks ----------------------------------------------------------------------

fn list_networks(t: &TenantLock, call: &Call) -> Reply {
    let tenant = t.read();
    let rows: Vec<Value> = tenant
        .rows(NETWORKS)
        .filter(|n| search_matches(call, &n["networkName"]))
        .map(public)
        .collect();
    match page(call, &rows, 50, 1000) {
        Ok(list) => Reply::ok(json!({"totalCount": rows.len(), "trustedNetworkContracts": list})),
        Err(reply) => reply,
    }
}

const CRITERIA: &[&str] = &[
    "dnsServers",
    "dnsSearchDomains",
    "hostnames",
    "resolvedIpsForHostname",
    "trustedSubnets",
    "trustedGateways",
    "trustedDhcpServers",
];

/// Stores a network the way the list shows it: the DNS and hostname criteria always, the
/// subnet, gateway and DHCP criteria only when set (as recorded).
fn network_record(base: &Map<String, Value>, body: &Map<String, Value>) -> Map<String, Value> {
    let mut net = base.clone();
    merge(&mut net, body, &["id", "companyId", "createdBy", "guid"]);
    for field in CRITERIA {
        let value = net
            .get(*field)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        let optional = matches!(
            *field,
            "trustedSubnets" | "trustedGateways" | "trustedDhcpServers"
        );
        if optional && value.is_empty() {
            net.remove(*field);
        } else {
            net.insert((*field).into(), json!(value));
        }
    }
    let active = match net.get("active") {
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => s == "1" || s == "true",
        Some(Value::Number(n)) => n.as_u64() == Some(1),
        _ => true,
    };
    // Keep `active` last, where the API puts it.
    net.remove("active");
    net.insert("active".into(), json!(active));
    net
}

fn create_network(t: &TenantLock, call: &Call) -> Reply {
    let Ok(body) = call.body_object() else {
        return bad_request();
    };
    let name = body
        .get("networkName")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let mut tenant = t.write();
    if name.is_empty() || tenant.rows(NETWORKS).any(|n| n["networkName"] == name) {
        return bad_request();
    }
    let id = id_string(&tenant.new_id(IdStyle::ShortString));
    let guid = guid(&mut tenant);
    let base = json!({"id": id, "companyId": COMPANY_ID, "createdBy": "453095", "editedBy": "0",
                      "guid": guid, "networkName": name, "conditionType": 0});
    let record = network_record(base.as_object().unwrap_or(&Map::new()), body);
    tenant.insert(NETWORKS, Value::Object(record));
    // The recorded tenant answers a successful create with this odd fragment, not the network.
    Reply::ok(json!({"conditionType": 0, "active": false}))
}

fn edit_network(t: &TenantLock, call: &Call) -> Reply {
    let Ok(body) = call.body_object() else {
        return bad_request();
    };
    let mut tenant = t.write();
    let id = body.get("id").map(id_string).unwrap_or_default();
    let Some(Value::Object(existing)) = tenant.get(NETWORKS, &id).cloned() else {
        return Reply::ok(json!({"success": "false", "errorCode": "3005"}));
    };
    let mut record = network_record(&existing, body);
    record.insert("editedBy".into(), json!("453095"));
    tenant.insert(NETWORKS, Value::Object(record));
    Reply::ok(json!({"success": "true", "errorCode": "0"}))
}

fn delete_network(t: &TenantLock, call: &Call) -> Reply {
    let mut tenant = t.write();
    let id = call.param("id");
    if tenant.get(NETWORKS, id).is_none() {
        return Reply::ok(json!({"success": "false", "errorCode": "3005"}));
    }
    let used = tenant.rows(PROFILES).any(|p| {
        p["_trustedNetworkIds"]
            .as_array()
            .is_some_and(|ids| ids.iter().any(|i| i.as_str() == Some(id)))
    });
    if used {
        return Reply::ok(json!({"success": "false", "errorCode": "3006"}));
    }
    tenant.table_mut(NETWORKS).shift_remove(id);
    Reply::ok(json!({"success": "true", "errorCode": "0"}))
}

fn guid(tenant: &mut Tenant) -> String {
    let a = tenant.rng.next_u64();
    let b = tenant.rng.next_u64();
    format!(
        "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0xfff,
        0x8000 | (b >> 48) & 0x3fff,
        b & 0xffff_ffff_ffff
    )
}

// ---- fail-open -----------------------------------------------------------------------------

fn edit_fail_open(t: &TenantLock, call: &Call) -> Reply {
    let Ok(body) = call.body_object() else {
        return bad_request();
    };
    let mut tenant = t.write();
    let id = body
        .get("id")
        .map(id_string)
        .unwrap_or_else(|| "4441".into());
    let Some(Value::Object(mut policy)) = tenant.get(FAIL_OPEN, &id).cloned() else {
        return bad_request();
    };
    merge(&mut policy, body, &["id"]);
    let numeric = numeric_id(&Value::Object(policy.clone()));
    tenant.insert(FAIL_OPEN, Value::Object(policy));
    outcome(true, numeric)
}

// ---- app profiles (web policies) -----------------------------------------------------------

fn device_type_name(code: u64) -> Option<&'static str> {
    DEVICE_TYPES
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, n)| *n)
}

fn int_of(value: &Value) -> Option<u64> {
    match value {
        Value::String(s) => s.parse().ok(),
        Value::Number(n) => n.as_u64().or_else(|| n.as_f64().map(|f| f as u64)),
        _ => None,
    }
}

/// App profiles of one device type in rule order.
fn policies_of(tenant: &Tenant, device_type: &str) -> Vec<Value> {
    let mut list: Vec<Value> = tenant
        .rows(WEB_POLICIES)
        .filter(|p| p["deviceType"] == device_type)
        .cloned()
        .collect();
    list.sort_by(|a, b| {
        a["ruleOrder"]
            .as_f64()
            .unwrap_or(0.0)
            .total_cmp(&b["ruleOrder"].as_f64().unwrap_or(0.0))
    });
    list
}

/// The recorded shape embeds the forwarding profile an app profile uses as `onNetPolicy`.
fn web_policy_view(tenant: &Tenant, policy: &Value) -> Value {
    let mut shown = public(policy);
    if let Some(fp) = policy["_forwardingProfileId"].as_str()
        && let Some(profile) = tenant.get(PROFILES, fp)
    {
        shown["onNetPolicy"] = public(profile);
    }
    shown
}

fn list_web_policies(t: &TenantLock, call: &Call) -> Reply {
    let tenant = t.read();
    let Some(kind) = call
        .query_ci("deviceType")
        .and_then(|d| d.parse().ok())
        .and_then(device_type_name)
    else {
        return bad_request();
    };
    let rows: Vec<Value> = policies_of(&tenant, kind)
        .iter()
        .filter(|p| search_matches(call, &p["name"]))
        .map(|p| web_policy_view(&tenant, p))
        .collect();
    match page(call, &rows, 50, 1000) {
        Ok(list) => Reply::ok(Value::Array(list)),
        Err(reply) => reply,
    }
}

fn template() -> Map<String, Value> {
    serde_json::from_str::<Map<String, Value>>(include_str!("web_policy_template.json"))
        .unwrap_or_default()
}

/// Rewrites `ruleOrder` 1..n over one device type's profiles, `first` taking its wanted slot
/// and the built-in Default staying last.
fn renumber(tenant: &mut Tenant, device_type: &str, first: Option<(&str, u64)>) {
    let mut list = policies_of(tenant, device_type);
    let key = |p: &Value| numeric_id(p).to_string();
    if let Some((id, wanted)) = first
        && let Some(pos) = list.iter().position(|p| key(p) == id)
    {
        let moved = list.remove(pos);
        let slot = (wanted.max(1) as usize - 1).min(list.len());
        list.insert(slot, moved);
    }
    if let Some(pos) = list.iter().position(|p| p["_builtin"] == true) {
        let default = list.remove(pos);
        list.push(default);
    }
    for (n, mut p) in list.into_iter().enumerate() {
        p["ruleOrder"] = json!((n + 1) as f64);
        let id = key(&p);
        tenant.table_mut(WEB_POLICIES).insert(id, p);
    }
}

fn group_refs(tenant: &Tenant, ids: &[u64]) -> Vec<Value> {
    ids.iter()
        .map(|id| {
            let name = tenant
                .get("zia.groups", &id.to_string())
                .and_then(|g| g["name"].as_str())
                .map_or_else(|| format!("Group {id}"), str::to_owned);
            json!({"id": *id as f64, "name": name, "authType": "SAFECHANNEL_DIR",
                   "active": 1.0, "lastModification": "1735689600"})
        })
        .collect()
}

fn edit_web_policy(t: &TenantLock, call: &Call) -> Reply {
    let Ok(body) = call.body_object() else {
        return bad_request();
    };
    let mut tenant = t.write();
    let id = body.get("id").and_then(int_of).unwrap_or(0);
    let existing = (id != 0)
        .then(|| tenant.get(WEB_POLICIES, &id.to_string()).cloned())
        .flatten();
    let mut policy = match existing {
        Some(Value::Object(p)) => p,
        Some(_) => return bad_request(),
        None if id != 0 => return outcome(false, 0),
        None => {
            let name = body.get("name").and_then(Value::as_str).unwrap_or_default();
            let kind = body
                .get("device_type")
                .or_else(|| body.get("deviceType"))
                .and_then(int_of)
                .and_then(device_type_name);
            let Some(kind) = kind.filter(|_| !name.is_empty()) else {
                return bad_request();
            };
            let new_id = id_string(&tenant.new_id(IdStyle::ShortString));
            let mut p = template();
            p.insert("id".into(), json!(new_id.parse::<f64>().unwrap_or(0.0)));
            p.insert("deviceType".into(), json!(kind));
            p.insert("ruleOrder".into(), json!(f64::MAX));
            p
        }
    };
    for key in ["name", "description", "pac_url"] {
        if let Some(v) = body.get(key).and_then(Value::as_str) {
            policy.insert(key.into(), json!(v));
        }
    }
    for key in [
        "active",
        "logMode",
        "logLevel",
        "logFileSize",
        "groupAll",
        "tunnelZappTraffic",
    ] {
        if let Some(v) = body.get(key).and_then(int_of) {
            policy.insert(key.into(), json!(v as f64));
        }
    }
    for key in ["reauth_period", "reactivateWebSecurityMinutes"] {
        if let Some(v) = body.get(key).and_then(int_of) {
            policy.insert(key.into(), json!(v.to_string()));
        }
    }
    if let Some(Value::Array(groups)) = body.get("groupIds") {
        let ids: Vec<u64> = groups.iter().filter_map(int_of).collect();
        policy.insert("groups".into(), Value::Array(group_refs(&tenant, &ids)));
        policy.insert(
            "groupIds".into(),
            json!(ids.iter().map(u64::to_string).collect::<Vec<_>>()),
        );
    }
    if let Some(Value::Array(users)) = body.get("userIds") {
        let ids: Vec<String> = users.iter().map(id_string).collect();
        let refs: Vec<Value> = ids
            .iter()
            .map(|u| {
                json!({"id": u, "loginName": format!("user{u}@acme-demo.com"),
                            "lastModification": "2025-01-01 00:00:00.0", "active": 1.0,
                            "companyId": COMPANY_ID})
            })
            .collect();
        policy.insert("users".into(), Value::Array(refs));
        policy.insert("userIds".into(), json!(ids));
    }
    if let Some(fp) = body.get("forwardingProfileId").and_then(int_of) {
        if fp == 0 {
            policy.remove("_forwardingProfileId");
        } else if tenant.get(PROFILES, &fp.to_string()).is_some() {
            policy.insert("_forwardingProfileId".into(), json!(fp.to_string()));
        } else {
            return outcome(false, 0);
        }
    }
    let numeric = numeric_id(&Value::Object(policy.clone()));
    let kind = policy["deviceType"].as_str().unwrap_or_default().to_owned();
    let wanted = body.get("ruleOrder").and_then(int_of);
    tenant
        .table_mut(WEB_POLICIES)
        .insert(numeric.to_string(), Value::Object(policy));
    let id_text = numeric.to_string();
    // A new profile goes where it asks (or last); an edit moves only when it names a slot.
    let slot = match (wanted, id) {
        (Some(w), _) => Some(w),
        (None, 0) => Some(u64::MAX),
        (None, _) => None,
    };
    renumber(&mut tenant, &kind, slot.map(|w| (id_text.as_str(), w)));
    outcome(true, numeric)
}

fn activate_web_policy(t: &TenantLock, call: &Call) -> Reply {
    let Ok(body) = call.body_object() else {
        return bad_request();
    };
    let id = body
        .get("policyId")
        .or_else(|| body.get("id"))
        .and_then(int_of)
        .unwrap_or(0);
    let mut tenant = t.write();
    let Some(mut policy) = tenant.get(WEB_POLICIES, &id.to_string()).cloned() else {
        return outcome(false, 0);
    };
    policy["active"] = json!(1.0);
    tenant
        .table_mut(WEB_POLICIES)
        .insert(id.to_string(), policy);
    outcome(true, id)
}

fn delete_web_policy(t: &TenantLock, call: &Call) -> Reply {
    let mut tenant = t.write();
    let id = call.param("id");
    let Some(policy) = tenant.get(WEB_POLICIES, id).cloned() else {
        return outcome(false, 0);
    };
    if policy["_builtin"] == true {
        return outcome(false, 0);
    }
    tenant.table_mut(WEB_POLICIES).shift_remove(id);
    let kind = policy["deviceType"].as_str().unwrap_or_default().to_owned();
    renumber(&mut tenant, &kind, None);
    outcome(true, numeric_id(&policy))
}

// ---- seed ----------------------------------------------------------------------------------

fn insert_network(tenant: &mut Tenant, name: &str, criteria: &[(&str, &str)]) -> String {
    let id = id_string(&tenant.new_id(IdStyle::ShortString));
    let guid = guid(tenant);
    let base = json!({"id": id, "companyId": COMPANY_ID, "createdBy": "453095", "editedBy": "0",
                      "guid": guid, "networkName": name, "conditionType": 1, "active": true});
    let mut body = Map::new();
    for (k, v) in criteria {
        body.insert((*k).into(), json!(v));
    }
    let record = network_record(base.as_object().unwrap_or(&Map::new()), &body);
    tenant.insert(NETWORKS, Value::Object(record));
    id
}

fn insert_web_policy(
    tenant: &mut Tenant,
    kind: &str,
    name: &str,
    description: &str,
    profile: Option<&str>,
    builtin: bool,
) {
    let id = if builtin {
        // Each device type's Default profile; ids stay unique across types.
        let code = DEVICE_TYPES
            .iter()
            .find(|(_, n)| *n == kind)
            .map_or(0, |(c, _)| *c);
        900 + code
    } else {
        id_string(&tenant.new_id(IdStyle::ShortString))
            .parse()
            .unwrap_or(0)
    };
    let mut p = template();
    p.insert("id".into(), json!(id as f64));
    p.insert("name".into(), json!(name));
    p.insert("description".into(), json!(description));
    p.insert("deviceType".into(), json!(kind));
    p.insert("ruleOrder".into(), json!(f64::MAX));
    p.insert("groupAll".into(), json!(if builtin { 1.0 } else { 0.0 }));
    p.insert("_builtin".into(), json!(builtin));
    if let Some(fp) = profile {
        p.insert("_forwardingProfileId".into(), json!(fp));
    }
    if let Some(ext) = p.get_mut("policyExtension") {
        ext["generateCliPasswordContract"]["policyId"] = json!(id as f64);
    }
    if let Some(dr) = p.get_mut("disasterRecovery") {
        dr["policyId"] = json!(id.to_string());
    }
    tenant
        .table_mut(WEB_POLICIES)
        .insert(id.to_string(), Value::Object(p));
    renumber(tenant, kind, None);
}

pub fn seed(tenant: &mut Tenant, demo: bool) {
    let default = profile_defaults("0", "Default", false);
    tenant.insert(PROFILES, Value::Object(default));
    tenant.insert(
        FAIL_OPEN,
        json!({"id": "4441", "active": "1", "captivePortalWebSecDisableMinutes": 10,
               "enableWebSecOnProxyUnreachable": "0", "tunnelFailureRetryCount": 25,
               "enableWebSecOnTunnelFailure": "0", "enableCaptivePortalDetection": 1,
               "enableFailOpen": 1, "enableStrictEnforcementPrompt": 0,
               "strictEnforcementPromptDelayMinutes": 2, "strictEnforcementPromptMessage": ""}),
    );
    tenant.insert(
        PRIVACY,
        json!({"id": "0", "active": "1", "collectUserInfo": "1", "collectMachineHostname": "1",
               "collectZdxLocation": "1", "enablePacketCapture": "1", "disableCrashlytics": "0",
               "overrideT2ProtocolSetting": "0", "restrictRemotePacketCapture": "0",
               "grantAccessToZscalerLogFolder": "0", "exportLogsForNonAdmin": "1",
               "enableAutoLogSnippet": "0"}),
    );
    for (_, kind) in DEVICE_TYPES {
        insert_web_policy(tenant, kind, "Default", "Default Policy", None, true);
    }
    if !demo {
        return;
    }
    let mut office_networks = Vec::new();
    for (city, subnet, dns) in [
        ("San Jose HQ", "10.10.0.0/16", "10.10.0.53"),
        ("New York Office", "10.20.0.0/16", "10.20.0.53"),
        ("London Office", "10.30.0.0/16", "10.30.0.53"),
        ("Frankfurt Office", "10.40.0.0/16", "10.40.0.53"),
        ("Bangalore Office", "10.50.0.0/16", "10.50.0.53"),
        ("Singapore Office", "10.60.0.0/16", "10.60.0.53"),
    ] {
        office_networks.push(insert_network(
            tenant,
            &format!("{city} Corporate LAN"),
            &[
                ("dnsServers", dns),
                ("dnsSearchDomains", "corp.acme-demo.com"),
                ("trustedSubnets", subnet),
                ("trustedGateways", &subnet.replace(".0/16", ".1")),
            ],
        ));
    }
    insert_network(
        tenant,
        "Acme Datacenter DNS",
        &[
            ("dnsServers", "10.0.0.53, 10.0.1.53"),
            ("dnsSearchDomains", "dc.acme-demo.com"),
        ],
    );
    insert_network(
        tenant,
        "Guest Wi-Fi (untrusted probe)",
        &[
            ("hostnames", "probe.acme-demo.com"),
            ("resolvedIpsForHostname", "198.51.100.10"),
        ],
    );
    let tunnel_id = id_string(&tenant.new_id(IdStyle::ShortString));
    let mut tunnel = profile_defaults(&tunnel_id, "Acme-Tunnel2.0", true);
    tunnel.insert("_trustedNetworkIds".into(), json!(office_networks));
    tenant.insert(PROFILES, Value::Object(tunnel));
    let local_id = id_string(&tenant.new_id(IdStyle::ShortString));
    let local = profile_defaults(&local_id, "Acme-LocalProxy-Tunnel1", false);
    tenant.insert(PROFILES, Value::Object(local));
    for (_, kind) in DEVICE_TYPES {
        insert_web_policy(
            tenant,
            kind,
            "Acme-Standard",
            "Standard employee app profile",
            Some(&tunnel_id),
            false,
        );
        if matches!(*kind, "DEVICE_TYPE_WINDOWS" | "DEVICE_TYPE_MAC") {
            insert_web_policy(
                tenant,
                kind,
                "Acme-Engineering",
                "Developers: relaxed bypasses, verbose logging",
                Some(&local_id),
                false,
            );
        }
    }
}

/// App profile names per device type, for devices to reference.
pub(crate) fn policy_names(tenant: &Tenant, device_type: &str) -> Vec<String> {
    policies_of(tenant, device_type)
        .iter()
        .filter_map(|p| p["name"].as_str().map(str::to_owned))
        .collect()
}
