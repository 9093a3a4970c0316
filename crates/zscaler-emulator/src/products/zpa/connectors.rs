//! App connector groups and connectors, service edge groups and edges, provisioning keys and
//! the tenant's enrollment certificates.

use serde_json::{Map, Value, json};

use super::{
    API_ADMIN, apps, identity, in_use, invalid, microtenant_name, normalise_refs, not_found, now,
    object, pick, ref_list, string_number, v1, v2,
};
use crate::call::{Call, Reply};
use crate::routes::{Resource, Routes, TenantLock};
use crate::seed::CITIES;
use crate::store::{Flavor, IdStyle, Tenant, id_string};

pub(crate) const CONNECTOR_GROUPS: &str = "zpa.appConnectorGroup";
pub(crate) const CONNECTORS: &str = "zpa.connector";
pub(crate) const EDGE_GROUPS: &str = "zpa.serviceEdgeGroup";
pub(crate) const EDGES: &str = "zpa.serviceEdge";
pub(crate) const ENROLLMENT_CERTS: &str = "zpa.enrollmentCert";
const CONNECTOR_KEYS: &str = "zpa.provisioningKey.connector";
const EDGE_KEYS: &str = "zpa.provisioningKey.serviceEdge";

/// The version the cloud currently ships to connectors and service edges.
pub(crate) const LATEST_VERSION: &str = "26.52.3";
const VERSION_PROFILES: &[(&str, &str)] = &[
    ("0", "Default"),
    ("1", "Previous Default"),
    ("2", "New Release"),
];
const WEEKDAYS: &[&str] = &[
    "MONDAY",
    "TUESDAY",
    "WEDNESDAY",
    "THURSDAY",
    "FRIDAY",
    "SATURDAY",
    "SUNDAY",
];

pub fn install(routes: &mut Routes) {
    let zpa = Flavor::Zpa;
    routes.get(v1!("appConnectorGroup/summary"), |t, c| {
        let tenant = t.read();
        let rows: Vec<Value> = tenant
            .rows(CONNECTOR_GROUPS)
            .map(|g| pick(g, &["id", "name"]))
            .collect();
        Flavor::Zpa.list(c, rows.iter())
    });
    routes.resource(
        Resource::new(
            CONNECTOR_GROUPS,
            zpa,
            v1!("appConnectorGroup"),
            v1!("appConnectorGroup/{id}"),
            "LGCUD",
        )
        .defaults(|| {
            json!({"enabled": true, "versionProfileId": "0", "overrideVersionProfile": false,
                   "upgradeTimeInSecs": "66600", "upgradeDay": "SUNDAY",
                   "dnsQueryType": "IPV4_IPV6", "tcpQuickAckApp": false,
                   "tcpQuickAckAssistant": false, "tcpQuickAckReadAssistant": false,
                   "praEnabled": false, "useInDrMode": false, "connectorGroupType": "APP",
                   "wafDisabled": false, "readOnly": false, "zscalerManaged": false,
                   "lssAppConnectorGroup": false})
        })
        .merge_on_update()
        .hook(connector_group_hook)
        .view(connector_group_view)
        .created_view(|_, g| g.clone())
        .guard_delete(connector_group_in_use),
    );
    routes.resource(
        Resource::new(
            CONNECTORS,
            zpa,
            v1!("connector"),
            v1!("connector/{id}"),
            "LGUD",
        )
        .merge_on_update()
        .hook(connector_hook)
        .view(connector_view),
    );
    routes.post(v1!("connector/bulkDelete"), |t, c| {
        bulk_delete(t, c, CONNECTORS)
    });

    routes.resource(
        Resource::new(
            EDGE_GROUPS,
            zpa,
            v1!("serviceEdgeGroup"),
            v1!("serviceEdgeGroup/{id}"),
            "LGCUD",
        )
        .defaults(|| {
            json!({"enabled": true, "versionProfileId": "0", "overrideVersionProfile": false,
                   "upgradeTimeInSecs": "66600", "upgradeDay": "SUNDAY", "isPublic": "FALSE",
                   "useInDrMode": false, "exclusiveForBusinessContinuity": false,
                   "graceDistanceEnabled": false, "readOnly": false, "zscalerManaged": false})
        })
        .merge_on_update()
        .hook(edge_group_hook)
        .view(edge_group_view)
        .created_view(|_, g| g.clone())
        .guard_delete(edge_group_in_use),
    );
    routes.resource(
        Resource::new(
            EDGES,
            zpa,
            v1!("serviceEdge"),
            v1!("serviceEdge/{id}"),
            "LGUD",
        )
        .merge_on_update()
        .hook(edge_hook)
        .view(edge_view),
    );
    routes.post(v1!("serviceEdge/bulkDelete"), |t, c| {
        bulk_delete(t, c, EDGES)
    });

    routes.get(v1!("associationType/{assoc}/provisioningKey"), list_keys);
    routes.post(v1!("associationType/{assoc}/provisioningKey"), create_key);
    routes.get(v1!("associationType/{assoc}/provisioningKey/{id}"), get_key);
    routes.put(
        v1!("associationType/{assoc}/provisioningKey/{id}"),
        update_key,
    );
    routes.delete(
        v1!("associationType/{assoc}/provisioningKey/{id}"),
        delete_key,
    );

    routes.resource(Resource::new(
        ENROLLMENT_CERTS,
        zpa,
        v2!("enrollmentCert"),
        v1!("enrollmentCert/{id}"),
        "LG",
    ));
}

// ---------------------------------------------------------------------------------------------
// Shared by connector groups and service edge groups

/// Version profile name, upgrade window and the geo fields ZPA derives from the coordinates.
fn group_common(group: &mut Map<String, Value>) -> Result<(), Reply> {
    string_number(group, "versionProfileId")?;
    string_number(group, "upgradeTimeInSecs")?;
    let profile = id_string(group.get("versionProfileId").unwrap_or(&json!("0")));
    let Some((_, name)) = VERSION_PROFILES.iter().find(|(id, _)| *id == profile) else {
        return Err(invalid("versionProfileId"));
    };
    group.insert("versionProfileName".into(), json!(name));
    if let Some(day) = group.get("upgradeDay")
        && !day.as_str().is_some_and(|d| WEEKDAYS.contains(&d))
    {
        return Err(invalid("upgradeDay"));
    }
    let coordinate = |key: &str| match group.get(key) {
        Some(Value::String(s)) => s.trim().parse::<f64>().ok(),
        Some(Value::Number(n)) => n.as_f64(),
        _ => None,
    };
    match (coordinate("latitude"), coordinate("longitude")) {
        (Some(lat), Some(lon)) => {
            if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
                return Err(invalid("latitude"));
            }
            let nearest = CITIES.iter().min_by(|a, b| {
                let da = (a.3 - lat).powi(2) + (a.4 - lon).powi(2);
                let db = (b.3 - lat).powi(2) + (b.4 - lon).powi(2);
                da.total_cmp(&db)
            });
            if let Some((city, code, ..)) = nearest {
                let place = group
                    .get("location")
                    .and_then(Value::as_str)
                    .and_then(|l| l.split(',').next())
                    .map(str::trim)
                    .filter(|p| !p.is_empty())
                    .unwrap_or(city)
                    .to_owned();
                group.insert("latitude".into(), json!(lat.to_string()));
                group.insert("longitude".into(), json!(lon.to_string()));
                group.insert("cityCountry".into(), json!(format!("{place}, {code}")));
                group.insert("countryCode".into(), json!(code));
            }
        }
        _ => {
            group.remove("cityCountry");
            group.remove("countryCode");
        }
    }
    group.remove("microtenantName");
    group.remove("version");
    group.remove("upgradePriority");
    group.remove("versionProfileVisibilityScope");
    Ok(())
}

fn group_view_common(tenant: &Tenant, group: &Value) -> Map<String, Value> {
    let profile = id_string(&group["versionProfileId"]);
    let mut out = object(group);
    out.insert("upgradePriority".into(), json!("WEEK"));
    out.insert("versionProfileVisibilityScope".into(), json!("ALL"));
    out.insert(
        "version".into(),
        json!({"version_profile_gid": profile, "versionProfileName": group["versionProfileName"],
               "sargeVersion": LATEST_VERSION, "childVersion": LATEST_VERSION,
               "latestPlatform": "el9"}),
    );
    out.insert("microtenantName".into(), microtenant_name(tenant, group));
    out
}

// ---------------------------------------------------------------------------------------------
// App connector groups and connectors

fn connector_group_hook(_: &Tenant, group: &mut Map<String, Value>) -> Result<(), Reply> {
    super::drop_nulls(group);
    group_common(group)?;
    if let Some(q) = group.get("dnsQueryType")
        && !q
            .as_str()
            .is_some_and(|q| ["IPV4_IPV6", "IPV4", "IPV6"].contains(&q))
    {
        return Err(invalid("dnsQueryType"));
    }
    group.remove("connectors");
    group.remove("serverGroups");
    Ok(())
}

/// A connector group as it appears inside server groups and policy rules.
pub(crate) fn connector_group_summary(group: &Value) -> Value {
    pick(
        group,
        &[
            "id",
            "modifiedTime",
            "creationTime",
            "modifiedBy",
            "name",
            "enabled",
            "description",
            "versionProfileId",
            "overrideVersionProfile",
            "location",
            "dnsQueryType",
            "cityCountry",
            "countryCode",
            "tcpQuickAckApp",
            "tcpQuickAckAssistant",
            "tcpQuickAckReadAssistant",
            "praEnabled",
            "useInDrMode",
            "connectorGroupType",
            "wafDisabled",
            "lssAppConnectorGroup",
        ],
    )
}

fn connector_group_view(tenant: &Tenant, group: &Value) -> Value {
    let id = id_string(&group["id"]);
    let mut out = group_view_common(tenant, group);
    let connectors: Vec<Value> = tenant
        .rows(CONNECTORS)
        .filter(|c| id_string(&c["appConnectorGroupId"]) == id)
        .map(|c| connector_view(tenant, c))
        .collect();
    if !connectors.is_empty() {
        out.insert("connectors".into(), Value::Array(connectors));
    }
    let server_groups: Vec<Value> = tenant
        .rows(apps::SERVER_GROUPS)
        .filter(|g| ref_list(g.get("appConnectorGroups")).contains(&id))
        .map(|g| {
            pick(
                g,
                &["id", "name", "enabled", "configSpace", "dynamicDiscovery"],
            )
        })
        .collect();
    if !server_groups.is_empty() {
        out.insert("serverGroups".into(), Value::Array(server_groups));
    }
    Value::Object(out)
}

fn connector_group_in_use(tenant: &Tenant, id: &str) -> Result<(), Reply> {
    let connectors = tenant
        .rows(CONNECTORS)
        .filter(|c| id_string(&c["appConnectorGroupId"]) == id)
        .count();
    if connectors > 0 {
        return Err(in_use(&format!(
            "App connector group {id} still has {connectors} app connector(s)"
        )));
    }
    if let Some(group) = tenant.rows(apps::SERVER_GROUPS).find(|g| {
        ref_list(g.get("appConnectorGroups"))
            .iter()
            .any(|a| a == id)
    }) {
        return Err(in_use(&format!(
            "App connector group {id} is used by server group {}",
            group["name"].as_str().unwrap_or_default()
        )));
    }
    if tenant
        .rows(CONNECTOR_KEYS)
        .any(|k| id_string(&k["zcomponentId"]) == id)
    {
        return Err(in_use(&format!(
            "App connector group {id} still has provisioning keys"
        )));
    }
    Ok(())
}

fn connector_hook(tenant: &Tenant, connector: &mut Map<String, Value>) -> Result<(), Reply> {
    super::drop_nulls(connector);
    let group = id_string(connector.get("appConnectorGroupId").unwrap_or(&Value::Null));
    if tenant.get(CONNECTOR_GROUPS, &group).is_none() {
        return Err(invalid("appConnectorGroupId"));
    }
    connector.remove("appConnectorGroupName");
    connector.remove("microtenantName");
    Ok(())
}

fn connector_view(tenant: &Tenant, connector: &Value) -> Value {
    let mut out = object(connector);
    if let Some(group) = tenant.get(
        CONNECTOR_GROUPS,
        &id_string(&connector["appConnectorGroupId"]),
    ) {
        out.insert("appConnectorGroupName".into(), group["name"].clone());
    }
    out.insert(
        "microtenantName".into(),
        microtenant_name(tenant, connector),
    );
    Value::Object(out)
}

/// `POST …/bulkDelete {"ids": [...]}`: all or nothing, 204.
fn bulk_delete(t: &TenantLock, c: &Call, table: &'static str) -> Reply {
    let body = match c.body_object() {
        Ok(body) => body,
        Err(reply) => return reply,
    };
    let ids = match body.get("ids") {
        Some(Value::Array(ids)) if !ids.is_empty() => ref_list(body.get("ids")),
        _ => return invalid("ids"),
    };
    let mut tenant = t.write();
    if let Some(missing) = ids.iter().find(|id| tenant.get(table, id).is_none()) {
        return not_found(missing);
    }
    for id in &ids {
        tenant.table_mut(table).shift_remove(id);
    }
    Reply::empty(204)
}

// ---------------------------------------------------------------------------------------------
// Service edge groups and service edges

fn edge_group_hook(tenant: &Tenant, group: &mut Map<String, Value>) -> Result<(), Reply> {
    super::drop_nulls(group);
    group_common(group)?;
    match group.get("isPublic") {
        Some(Value::Bool(b)) => {
            let text = if *b { "TRUE" } else { "FALSE" };
            group.insert("isPublic".into(), json!(text));
        }
        Some(Value::String(s))
            if s.eq_ignore_ascii_case("true") || s.eq_ignore_ascii_case("false") =>
        {
            let text = s.to_ascii_uppercase();
            group.insert("isPublic".into(), json!(text));
        }
        None => {}
        Some(_) => return Err(invalid("isPublic")),
    }
    if group.get("graceDistanceEnabled") == Some(&json!(true)) {
        string_number(group, "graceDistanceValue").or_else(|_| {
            match group.get("graceDistanceValue") {
                Some(Value::String(s)) if s.parse::<f64>().is_ok() => Ok(()),
                _ => Err(invalid("graceDistanceValue")),
            }
        })?;
        if let Some(unit) = group.get("graceDistanceValueUnit")
            && !unit.as_str().is_some_and(|u| u == "MILES" || u == "KMS")
        {
            return Err(invalid("graceDistanceValueUnit"));
        }
    }
    normalise_refs(tenant, group, "trustedNetworks", identity::NETWORKS)?;
    group.remove("serviceEdges");
    Ok(())
}

fn edge_group_view(tenant: &Tenant, group: &Value) -> Value {
    let id = id_string(&group["id"]);
    let mut out = group_view_common(tenant, group);
    if group.get("trustedNetworks").is_some() {
        let networks: Vec<Value> = ref_list(group.get("trustedNetworks"))
            .iter()
            .filter_map(|n| tenant.get(identity::NETWORKS, n))
            .map(|n| {
                pick(
                    n,
                    &[
                        "id",
                        "creationTime",
                        "modifiedBy",
                        "name",
                        "networkId",
                        "zscalerCloud",
                    ],
                )
            })
            .collect();
        out.insert("trustedNetworks".into(), Value::Array(networks));
    }
    let edges: Vec<Value> = tenant
        .rows(EDGES)
        .filter(|e| id_string(&e["serviceEdgeGroupId"]) == id)
        .map(|e| edge_view(tenant, e))
        .collect();
    if !edges.is_empty() {
        out.insert("serviceEdges".into(), Value::Array(edges));
    }
    Value::Object(out)
}

fn edge_group_in_use(tenant: &Tenant, id: &str) -> Result<(), Reply> {
    let edges = tenant
        .rows(EDGES)
        .filter(|e| id_string(&e["serviceEdgeGroupId"]) == id)
        .count();
    if edges > 0 {
        return Err(in_use(&format!(
            "Service edge group {id} still has {edges} service edge(s)"
        )));
    }
    if tenant
        .rows(EDGE_KEYS)
        .any(|k| id_string(&k["zcomponentId"]) == id)
    {
        return Err(in_use(&format!(
            "Service edge group {id} still has provisioning keys"
        )));
    }
    Ok(())
}

fn edge_hook(tenant: &Tenant, edge: &mut Map<String, Value>) -> Result<(), Reply> {
    super::drop_nulls(edge);
    let group = id_string(edge.get("serviceEdgeGroupId").unwrap_or(&Value::Null));
    if tenant.get(EDGE_GROUPS, &group).is_none() {
        return Err(invalid("serviceEdgeGroupId"));
    }
    edge.remove("serviceEdgeGroupName");
    edge.remove("microtenantName");
    Ok(())
}

fn edge_view(tenant: &Tenant, edge: &Value) -> Value {
    let mut out = object(edge);
    if let Some(group) = tenant.get(EDGE_GROUPS, &id_string(&edge["serviceEdgeGroupId"])) {
        out.insert("serviceEdgeGroupName".into(), group["name"].clone());
    }
    out.insert("microtenantName".into(), microtenant_name(tenant, edge));
    Value::Object(out)
}

// ---------------------------------------------------------------------------------------------
// Provisioning keys: one table per association type, ids are short numeric strings.

fn key_tables(assoc: &str) -> Option<(&'static str, &'static str)> {
    match assoc {
        "CONNECTOR_GRP" => Some((CONNECTOR_KEYS, CONNECTOR_GROUPS)),
        "SERVICE_EDGE_GRP" => Some((EDGE_KEYS, EDGE_GROUPS)),
        _ => None,
    }
}

fn key_view(tenant: &Tenant, key: &Value, groups: &str) -> Value {
    let mut shown = Map::new();
    for (k, v) in object(key).iter() {
        shown.insert(k.clone(), v.clone());
        if k == "enabled"
            && let Some(group) = tenant.get(groups, &id_string(&key["zcomponentId"]))
        {
            shown.insert("zcomponentName".into(), group["name"].clone());
        }
        if k == "enrollmentCertId"
            && let Some(cert) = tenant.get(ENROLLMENT_CERTS, &id_string(v))
        {
            shown.insert("enrollmentCertName".into(), cert["name"].clone());
        }
    }
    Value::Object(shown)
}

fn list_keys(t: &TenantLock, c: &Call) -> Reply {
    let Some((table, groups)) = key_tables(c.param("assoc")) else {
        return invalid("associationType");
    };
    let tenant = t.read();
    let rows: Vec<Value> = tenant
        .rows(table)
        .map(|k| key_view(&tenant, k, groups))
        .collect();
    Flavor::Zpa.list(c, rows.iter())
}

fn get_key(t: &TenantLock, c: &Call) -> Reply {
    let Some((table, groups)) = key_tables(c.param("assoc")) else {
        return invalid("associationType");
    };
    let tenant = t.read();
    match tenant.get(table, c.param("id")) {
        Some(key) => Reply::ok(key_view(&tenant, key, groups)),
        None => not_found(c.param("id")),
    }
}

/// Validates a key body (merged with the stored key on update) into the stored shape.
fn shape_key(
    tenant: &Tenant,
    groups: &str,
    mut key: Map<String, Value>,
) -> Result<Map<String, Value>, Reply> {
    super::drop_nulls(&mut key);
    for field in ["name", "maxUsage", "enrollmentCertId", "zcomponentId"] {
        if key.get(field).is_none_or(|v| v.is_null() || v == "") {
            return Err(invalid(field));
        }
    }
    string_number(&mut key, "maxUsage")?;
    let max: i64 = key["maxUsage"]
        .as_str()
        .and_then(|m| m.parse().ok())
        .unwrap_or(0);
    let used: i64 = key
        .get("usageCount")
        .and_then(Value::as_str)
        .and_then(|u| u.parse().ok())
        .unwrap_or(0);
    if max < 1 || max < used {
        return Err(invalid("maxUsage"));
    }
    let component = id_string(&key["zcomponentId"]);
    if tenant.get(groups, &component).is_none() {
        return Err(invalid("zcomponentId"));
    }
    let cert = id_string(&key["enrollmentCertId"]);
    if tenant.get(ENROLLMENT_CERTS, &cert).is_none() {
        return Err(invalid("enrollmentCertId"));
    }
    key.insert("zcomponentId".into(), json!(component));
    key.insert("enrollmentCertId".into(), json!(cert));
    if let Some(acl) = key.get("ipAcl")
        && !acl
            .as_array()
            .is_some_and(|a| a.iter().all(Value::is_string))
    {
        return Err(invalid("ipAcl"));
    }
    for derived in [
        "componentId",
        "zcomponentName",
        "enrollmentCertName",
        "associationType",
    ] {
        key.remove(derived);
    }
    Ok(key)
}

/// A provisioning key string in the real layout: version, broker host, opaque blob, group.
pub(crate) fn key_string(tenant: &mut Tenant, component: &str) -> String {
    const B64: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let blob: String = (0..344)
        .map(|_| B64[tenant.rng.below(64) as usize] as char)
        .collect();
    format!("3|api.private.zscaler.com|{blob}-{component}")
}

fn create_key(t: &TenantLock, c: &Call) -> Reply {
    let Some((table, groups)) = key_tables(c.param("assoc")) else {
        return invalid("associationType");
    };
    let body = match c.body_object() {
        Ok(body) => body.clone(),
        Err(reply) => return reply,
    };
    let mut tenant = t.write();
    if let Some(name) = body.get("name").and_then(Value::as_str)
        && tenant.rows(table).any(|k| k["name"].as_str() == Some(name))
    {
        return super::duplicate(name);
    }
    let key = match shape_key(&tenant, groups, body) {
        Ok(key) => key,
        Err(reply) => return reply,
    };
    let id = tenant.new_id(IdStyle::ShortString);
    let component = id_string(&key["zcomponentId"]);
    let secret = key_string(&mut tenant, &component);
    let stamp = now();
    let mut record = Map::new();
    record.insert("id".into(), id);
    record.insert("modifiedTime".into(), json!(stamp));
    record.insert("creationTime".into(), json!(stamp));
    record.insert("modifiedBy".into(), json!(API_ADMIN));
    record.insert("name".into(), key["name"].clone());
    record.insert("usageCount".into(), json!("0"));
    record.insert("maxUsage".into(), key["maxUsage"].clone());
    record.insert("zcomponentId".into(), json!(component));
    record.insert(
        "enabled".into(),
        key.get("enabled").cloned().unwrap_or(json!(true)),
    );
    record.insert(
        "exportable".into(),
        key.get("exportable").cloned().unwrap_or(json!(true)),
    );
    record.insert("readOnly".into(), json!(false));
    record.insert("zscalerManaged".into(), json!(false));
    record.insert("enrollmentCertId".into(), key["enrollmentCertId"].clone());
    if let Some(acl) = key.get("ipAcl") {
        record.insert("ipAcl".into(), acl.clone());
    }
    record.insert("provisioningKey".into(), json!(secret));
    let record = Value::Object(record);
    tenant.insert(table, record.clone());
    Reply::ok(record)
}

fn update_key(t: &TenantLock, c: &Call) -> Reply {
    let Some((table, groups)) = key_tables(c.param("assoc")) else {
        return invalid("associationType");
    };
    let body = match c.body_object() {
        Ok(body) => body,
        Err(reply) => return reply,
    };
    let id = c.param("id");
    let mut tenant = t.write();
    let Some(existing) = tenant.get(table, id).cloned() else {
        return not_found(id);
    };
    let mut merged = object(&existing);
    for (k, v) in body {
        if !matches!(
            k.as_str(),
            "id" | "provisioningKey" | "usageCount" | "creationTime"
        ) {
            merged.insert(k.clone(), v.clone());
        }
    }
    let mut key = match shape_key(&tenant, groups, merged) {
        Ok(key) => key,
        Err(reply) => return reply,
    };
    key.insert("modifiedTime".into(), json!(now()));
    key.insert("modifiedBy".into(), json!(API_ADMIN));
    tenant.insert(table, Value::Object(key));
    Reply::empty(204)
}

fn delete_key(t: &TenantLock, c: &Call) -> Reply {
    let Some((table, _)) = key_tables(c.param("assoc")) else {
        return invalid("associationType");
    };
    let id = c.param("id");
    let mut tenant = t.write();
    match tenant.table_mut(table).shift_remove(id) {
        Some(_) => Reply::empty(204),
        None => not_found(id),
    }
}

/// Seeds a provisioning key (demo tenant) and returns its id and name.
pub(crate) fn seed_key(
    tenant: &mut Tenant,
    assoc: &str,
    name: &str,
    component: &str,
    max_usage: u32,
    used: u32,
    created: u64,
) -> (Value, String) {
    let (table, cert) = match assoc {
        "SERVICE_EDGE_GRP" => (EDGE_KEYS, "6574"),
        _ => (CONNECTOR_KEYS, "6573"),
    };
    let id = tenant.new_id(IdStyle::ShortString);
    let secret = key_string(tenant, component);
    tenant.insert(
        table,
        json!({"id": id, "modifiedTime": created.to_string(), "creationTime": created.to_string(),
               "modifiedBy": API_ADMIN, "name": name, "usageCount": used.to_string(),
               "maxUsage": max_usage.to_string(), "zcomponentId": component, "enabled": true,
               "exportable": true, "readOnly": false, "zscalerManaged": false,
               "enrollmentCertId": cert, "provisioningKey": secret}),
    );
    (id, name.to_owned())
}

// ---------------------------------------------------------------------------------------------
// Enrollment certificates: every tenant has the same four, under its own customer id.

pub(crate) fn seed_enrollment_certs(tenant: &mut Tenant) {
    let cid = tenant.customer_id.clone();
    let root_cn = format!("{cid}.zpa-customer.com/Root");
    for (id, name, parent, client_type) in [
        ("6571", "Root", None, "NONE"),
        ("6572", "Client", Some("6571"), "ZAPP_CLIENT"),
        ("6573", "Connector", Some("6571"), "NONE"),
        ("6574", "Service Edge", Some("6571"), "NONE"),
    ] {
        let cn = format!("{cid}.zpa-customer.com/{name}");
        let certificate = super::fake_pem(&mut tenant.rng, "CERTIFICATE", 18);
        let csr = super::fake_pem(&mut tenant.rng, "CERTIFICATE REQUEST", 16);
        let serial = tenant.rng.next_u64().to_string() + &tenant.rng.next_u64().to_string();
        let mut cert = json!({
            "id": id, "modifiedTime": "1648917421", "creationTime": "1619672239",
            "modifiedBy": "72057594037929181", "cName": cn,
            "validFromInEpochSec": "1619585839",
            "validToInEpochSec": if parent.is_none() { "2565752239" } else { "2092712239" },
            "certificate": certificate,
            "issuedTo": format!("O=Zscaler,OU=Private Access,CN={cn}"),
            "issuedBy": format!("O=Zscaler,OU=Private Access,CN={root_cn}"),
            "serialNo": serial, "name": name, "allowSigning": true,
        });
        if let Some(parent) = parent {
            cert["parentCertId"] = json!(parent);
            cert["parentCertName"] = json!("Root");
        }
        let extra = json!({"privateKeyPresent": true, "clientCertType": client_type, "csr": csr,
                           "storeInHsm": false, "readOnly": false, "zscalerManaged": false});
        if let (Some(c), Some(e)) = (cert.as_object_mut(), extra.as_object()) {
            c.extend(e.clone());
        }
        tenant.insert(ENROLLMENT_CERTS, cert);
    }
}

/// A connector group's stored shape, used by the demo seed so it matches a created one.
pub(crate) fn connector_group_record(fields: Value) -> Result<Value, Reply> {
    let mut group = object(&json!({
        "enabled": true, "versionProfileId": "0", "overrideVersionProfile": false,
        "upgradeTimeInSecs": "66600", "upgradeDay": "SUNDAY", "dnsQueryType": "IPV4_IPV6",
        "tcpQuickAckApp": false, "tcpQuickAckAssistant": false,
        "tcpQuickAckReadAssistant": false, "praEnabled": false, "useInDrMode": false,
        "connectorGroupType": "APP", "wafDisabled": false, "readOnly": false,
        "zscalerManaged": false, "lssAppConnectorGroup": false
    }));
    group.extend(object(&fields));
    group_common(&mut group)?;
    Ok(Value::Object(group))
}

/// A service edge group's stored shape for the demo seed.
pub(crate) fn edge_group_record(fields: Value) -> Result<Value, Reply> {
    let mut group = object(&json!({
        "enabled": true, "versionProfileId": "0", "overrideVersionProfile": false,
        "upgradeTimeInSecs": "66600", "upgradeDay": "SUNDAY", "isPublic": "FALSE",
        "useInDrMode": false, "exclusiveForBusinessContinuity": false,
        "graceDistanceEnabled": false, "readOnly": false, "zscalerManaged": false
    }));
    group.extend(object(&fields));
    group_common(&mut group)?;
    Ok(Value::Object(group))
}
