//! Segment groups, application segments (with their BA, PRA and inspection sub-apps), server
//! groups and application servers.

use serde_json::{Map, Value, json};

use super::{
    connectors, in_use, invalid, microtenant_name, normalise_refs, not_found, object, pick, policy,
    ref_list, services, stored, v1, v2, without,
};
use crate::call::{Call, Reply};
use crate::routes::{Resource, Routes, TenantLock};
use crate::store::{Flavor, Tenant, id_string};

pub(crate) const SEGMENT_GROUPS: &str = "zpa.segmentGroup";
pub(crate) const APPLICATIONS: &str = "zpa.application";
pub(crate) const SERVER_GROUPS: &str = "zpa.serverGroup";
pub(crate) const SERVERS: &str = "zpa.server";

/// Sub-application kinds: `appTypes` value, the id key in `appsConfig`, the GET list name.
const APP_TYPES: &[(&str, &str, &str)] = &[
    ("BROWSER_ACCESS", "baAppId", "clientlessApps"),
    ("SECURE_REMOTE_ACCESS", "praAppId", "praApps"),
    ("INSPECT", "inspectAppId", "inspectionApps"),
];

pub fn install(routes: &mut Routes) {
    let zpa = Flavor::Zpa;
    for (collection, item, ops) in [
        (v1!("segmentGroup"), v1!("segmentGroup/{id}"), "LGCUD"),
        (v2!("segmentGroup"), v2!("segmentGroup/{id}"), "U"),
    ] {
        routes.resource(
            Resource::new(SEGMENT_GROUPS, zpa, collection, item, ops)
                .defaults(|| {
                    json!({"enabled": true, "configSpace": "DEFAULT", "tcpKeepAliveEnabled": "0",
                           "readOnly": false, "zscalerManaged": false})
                })
                .merge_on_update()
                .hook(segment_group_hook)
                .view(segment_group_view)
                .created_view(|_, r| r.clone())
                .guard_delete(segment_group_in_use),
        );
    }

    routes.get(v1!("application/getAppsByType"), apps_by_type);
    routes.resource(
        Resource::new(
            APPLICATIONS,
            zpa,
            v1!("application"),
            v1!("application/{id}"),
            "LGCU",
        )
        .required(&["name", "segmentGroupId", "domainNames"])
        .defaults(application_defaults)
        .merge_on_update()
        .hook(application_hook)
        .view(application_view)
        .created_view(application_created),
    );
    routes.delete(v1!("application/{id}"), delete_application);

    routes.resource(
        Resource::new(
            SERVER_GROUPS,
            zpa,
            v1!("serverGroup"),
            v1!("serverGroup/{id}"),
            "LGCUD",
        )
        .defaults(|| {
            json!({"enabled": false, "ipAnchored": false, "configSpace": "DEFAULT",
                   "extranetEnabled": false, "dynamicDiscovery": false,
                   "readOnly": false, "zscalerManaged": false})
        })
        .merge_on_update()
        .hook(server_group_hook)
        .view(server_group_view)
        .created_view(server_group_created)
        .guard_delete(server_group_in_use),
    );

    routes.get(v1!("server/summary"), |t, c| {
        let tenant = t.read();
        let rows: Vec<Value> = tenant
            .rows(SERVERS)
            .map(|s| pick(s, &["id", "name", "enabled"]))
            .collect();
        Flavor::Zpa.list(c, rows.iter())
    });
    routes.resource(
        Resource::new(SERVERS, zpa, v1!("server"), v1!("server/{id}"), "LGCUD")
            .required(&["name", "address"])
            .defaults(|| json!({"enabled": true, "configSpace": "DEFAULT"}))
            .merge_on_update()
            .hook(|_, server| {
                super::drop_nulls(server);
                // Derived from the groups that list the server; a GET sent back must not pin it.
                server.remove("appServerGroupIds");
                match server.get("address").and_then(Value::as_str) {
                    Some(address) if !address.trim().is_empty() => Ok(()),
                    _ => Err(invalid("address")),
                }
            })
            .view(server_view)
            .guard_delete(server_in_use),
    );
}

// ---------------------------------------------------------------------------------------------
// Segment groups

pub(crate) fn segment_group_hook(_: &Tenant, group: &mut Map<String, Value>) -> Result<(), Reply> {
    super::drop_nulls(group);
    // Membership is owned by the application segments' `segmentGroupId`.
    group.remove("applications");
    group.remove("microtenantName");
    super::string_number(group, "tcpKeepAliveEnabled")
}

fn segment_group_view(tenant: &Tenant, group: &Value) -> Value {
    let id = id_string(&group["id"]);
    let mut out = object(group);
    let apps: Vec<Value> = tenant
        .rows(APPLICATIONS)
        .filter(|a| id_string(&a["segmentGroupId"]) == id)
        .map(|a| pick(a, &["id", "name", "enabled", "domainNames"]))
        .collect();
    out.insert("microtenantName".into(), microtenant_name(tenant, group));
    if !apps.is_empty() {
        out.insert("applications".into(), Value::Array(apps));
    }
    Value::Object(out)
}

fn segment_group_in_use(tenant: &Tenant, id: &str) -> Result<(), Reply> {
    let used = tenant
        .rows(APPLICATIONS)
        .filter(|a| id_string(&a["segmentGroupId"]) == id)
        .count();
    if used > 0 {
        return Err(in_use(&format!(
            "Segment group {id} still holds {used} application segment(s)"
        )));
    }
    if let Some(rule) = policy::rule_referencing(tenant, "APP_GROUP", id) {
        return Err(in_use(&format!(
            "Segment group {id} is used by policy rule {rule}"
        )));
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Application segments

pub(crate) fn application_defaults() -> Value {
    json!({
        "enabled": true, "passiveHealthEnabled": true, "doubleEncrypt": false,
        "configSpace": "DEFAULT", "bypassType": "NEVER", "healthCheckType": "DEFAULT",
        "icmpAccessType": "NONE", "isCnameEnabled": true, "ipAnchored": false,
        "bypassOnReauth": false, "inspectTrafficWithZia": false, "healthReporting": "ON_ACCESS",
        "useInDrMode": false, "tcpKeepAlive": "0", "selectConnectorCloseToApp": false,
        "matchStyle": "EXCLUSIVE", "isIncompleteDRConfig": false, "adpEnabled": false,
        "autoAppProtectEnabled": false, "apiProtectionEnabled": false, "fqdnDnsCheck": false,
        "weightedLoadBalancing": false, "extranetEnabled": false, "policyStyle": "NONE",
        "readOnly": false, "zscalerManaged": false
    })
}

pub(crate) fn application_hook(tenant: &Tenant, app: &mut Map<String, Value>) -> Result<(), Reply> {
    super::drop_nulls(app);
    let previous = stored(tenant, APPLICATIONS, app).cloned();
    let group = id_string(app.get("segmentGroupId").unwrap_or(&Value::Null));
    if tenant.get(SEGMENT_GROUPS, &group).is_none() {
        return Err(invalid("segmentGroupId"));
    }
    app.insert("segmentGroupId".into(), json!(group));
    let domains_ok = app
        .get("domainNames")
        .and_then(Value::as_array)
        .is_some_and(|d| {
            !d.is_empty() && d.iter().all(|x| x.as_str().is_some_and(|s| !s.is_empty()))
        });
    if !domains_ok {
        return Err(invalid("domainNames"));
    }
    normalise_refs(tenant, app, "serverGroups", SERVER_GROUPS)?;
    for (flat, pairs) in [
        ("tcpPortRanges", "tcpPortRange"),
        ("udpPortRanges", "udpPortRange"),
    ] {
        port_ranges(app, previous.as_ref(), flat, pairs)?;
    }
    if !app.contains_key("tcpPortRanges") && !app.contains_key("udpPortRanges") {
        return Err(invalid("tcpPortRanges"));
    }
    for (field, allowed) in [
        ("bypassType", &["NEVER", "ALWAYS", "ON_NET"][..]),
        ("healthReporting", &["NONE", "ON_ACCESS", "CONTINUOUS"][..]),
        ("icmpAccessType", &["NONE", "PING", "PING_TRACEROUTING"][..]),
        ("matchStyle", &["EXCLUSIVE", "INCLUSIVE"][..]),
    ] {
        if let Some(v) = app.get(field)
            && !v.as_str().is_some_and(|s| allowed.contains(&s))
        {
            return Err(invalid(field));
        }
    }
    super::string_number(app, "tcpKeepAlive")?;
    sub_apps(tenant, app, previous.as_ref())?;
    for derived in [
        "segmentGroupName",
        "microtenantName",
        "praApps",
        "clientlessApps",
        "inspectionApps",
    ] {
        app.remove(derived);
    }
    Ok(())
}

/// Keeps the flat `["from","to",…]` list and the `[{from,to}]` list in step, whichever the
/// client sent; on update the one that differs from the stored record is the client's.
fn port_ranges(
    app: &mut Map<String, Value>,
    previous: Option<&Value>,
    flat: &str,
    pairs: &str,
) -> Result<(), Reply> {
    let flat_given = app
        .get(flat)
        .and_then(Value::as_array)
        .is_some_and(|a| !a.is_empty());
    let pairs_given = app
        .get(pairs)
        .and_then(Value::as_array)
        .is_some_and(|a| !a.is_empty());
    let pairs_changed = previous.is_some_and(|p| p.get(pairs) != app.get(pairs))
        && previous.is_some_and(|p| p.get(flat) == app.get(flat));
    let use_pairs = pairs_given && (!flat_given || pairs_changed);
    let mut bounds: Vec<(u32, u32)> = Vec::new();
    if use_pairs {
        for item in app
            .get(pairs)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let from = port(item.get("from")).ok_or_else(|| invalid(pairs))?;
            let to = port(item.get("to")).ok_or_else(|| invalid(pairs))?;
            bounds.push((from, to));
        }
    } else if flat_given {
        let values: Vec<&Value> = app
            .get(flat)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .collect();
        if !values.len().is_multiple_of(2) {
            return Err(invalid(flat));
        }
        for pair in values.chunks(2) {
            let from = port(Some(pair[0])).ok_or_else(|| invalid(flat))?;
            let to = port(Some(pair[1])).ok_or_else(|| invalid(flat))?;
            bounds.push((from, to));
        }
    }
    if bounds.iter().any(|(from, to)| from > to) {
        return Err(invalid(if use_pairs { pairs } else { flat }));
    }
    if bounds.is_empty() {
        app.remove(flat);
        app.remove(pairs);
        return Ok(());
    }
    let flat_list: Vec<Value> = bounds
        .iter()
        .flat_map(|(f, t)| [json!(f.to_string()), json!(t.to_string())])
        .collect();
    let pair_list: Vec<Value> = bounds
        .iter()
        .map(|(f, t)| json!({"from": f.to_string(), "to": t.to_string()}))
        .collect();
    app.insert(flat.into(), Value::Array(flat_list));
    app.insert(pairs.into(), Value::Array(pair_list));
    Ok(())
}

fn port(value: Option<&Value>) -> Option<u32> {
    let n: u32 = match value? {
        Value::String(s) => s.trim().parse().ok()?,
        Value::Number(n) => u32::try_from(n.as_u64()?).ok()?,
        _ => return None,
    };
    (1..=65535).contains(&n).then_some(n)
}

/// Normalises BA, PRA and inspection sub-apps into `commonAppsDto.appsConfig`, the shape the
/// create response shows, giving each its own id.
fn sub_apps(
    tenant: &Tenant,
    app: &mut Map<String, Value>,
    previous: Option<&Value>,
) -> Result<(), Reply> {
    let app_id = id_string(app.get("id").unwrap_or(&Value::Null));
    let mut configs: Vec<Value> = app
        .get("commonAppsDto")
        .and_then(|d| d.get("appsConfig"))
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    // The legacy BA body lists clientless apps directly; on update that list replaces the
    // segment's BA apps rather than adding to them.
    if let Some(Value::Array(clientless)) = app.remove("clientlessApps") {
        configs.retain(|c| c["appTypes"][0] != json!("BROWSER_ACCESS"));
        for mut ba in clientless {
            if let Some(obj) = ba.as_object_mut() {
                obj.insert("appTypes".into(), json!(["BROWSER_ACCESS"]));
            }
            configs.push(ba);
        }
    }
    if configs.is_empty() {
        app.remove("commonAppsDto");
        return Ok(());
    }
    let earlier: Vec<Value> = previous
        .and_then(|p| p["commonAppsDto"]["appsConfig"].as_array().cloned())
        .unwrap_or_default();
    let domains: Vec<String> = app
        .get("domainNames")
        .and_then(Value::as_array)
        .map(|d| {
            d.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    let mut out = Vec::new();
    for (index, config) in configs.into_iter().enumerate() {
        let Value::Object(mut c) = config else {
            return Err(invalid("commonAppsDto"));
        };
        let kind = c
            .get("appTypes")
            .and_then(Value::as_array)
            .and_then(|t| t.first())
            .and_then(Value::as_str)
            .and_then(|t| APP_TYPES.iter().find(|(name, _, _)| *name == t))
            .ok_or_else(|| invalid("appTypes"))?;
        let domain = c
            .get("domain")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        if !domains.contains(&domain) {
            return Err(invalid("domain"));
        }
        super::string_number(&mut c, "applicationPort")?;
        if port(c.get("applicationPort")).is_none() {
            return Err(invalid("applicationPort"));
        }
        if kind.0 != "SECURE_REMOTE_ACCESS" {
            let cert = id_string(c.get("certificateId").unwrap_or(&Value::Null));
            if tenant.get(services::CERTIFICATES, &cert).is_none() {
                return Err(invalid("certificateId"));
            }
            c.insert("certificateId".into(), json!(cert));
        }
        let id = c
            .get(kind.1)
            .map(id_string)
            .filter(|id| !id.is_empty())
            .or_else(|| {
                earlier
                    .iter()
                    .find(|e| e["domain"] == json!(domain) && e.get(kind.1).is_some())
                    .map(|e| id_string(&e[kind.1]))
            })
            .unwrap_or_else(|| sub_app_id(&app_id, index));
        let mut shaped = Map::new();
        shaped.insert(
            "name".into(),
            c.get("name").cloned().unwrap_or(json!(domain)),
        );
        shaped.insert(kind.1.into(), json!(id));
        shaped.insert(
            "enabled".into(),
            c.get("enabled").cloned().unwrap_or(json!(true)),
        );
        for key in [
            "certificateId",
            "applicationPort",
            "applicationProtocol",
            "connectionSecurity",
            "path",
        ] {
            if let Some(v) = c.get(key) {
                shaped.insert(key.into(), v.clone());
            }
        }
        shaped.insert("domain".into(), json!(domain));
        shaped.insert(
            "hidden".into(),
            c.get("hidden").cloned().unwrap_or(json!(false)),
        );
        shaped.insert(
            "portal".into(),
            c.get("portal").cloned().unwrap_or(json!(false)),
        );
        shaped.insert("appId".into(), json!(app_id));
        for key in ["trustUntrustedCert", "allowOptions"] {
            shaped.insert(key.into(), c.get(key).cloned().unwrap_or(json!(false)));
        }
        shaped.insert("appTypes".into(), json!([kind.0]));
        shaped.insert("adpEnabled".into(), json!(false));
        out.push(Value::Object(shaped));
    }
    app.insert("commonAppsDto".into(), json!({"appsConfig": out}));
    Ok(())
}

/// Sub-app ids live in the same id space as their segment, far above anything allocated.
fn sub_app_id(app_id: &str, index: usize) -> String {
    let base: u64 = app_id.parse().unwrap_or(216_196_257_331_400_000);
    (base + 1_000_000_000 * (index as u64 + 1)).to_string()
}

fn application_created(_: &Tenant, app: &Value) -> Value {
    let mut out = object(&without(
        app,
        &[
            "modifiedTime",
            "creationTime",
            "modifiedBy",
            "healthReporting",
            "useInDrMode",
            "selectConnectorCloseToApp",
            "policyStyle",
            "readOnly",
            "zscalerManaged",
            "tcpPortRange",
            "udpPortRange",
        ],
    ));
    // The create response echoes server groups as bare, half-filled references.
    if let Some(groups) = app.get("serverGroups").and_then(Value::as_array) {
        let refs: Vec<Value> = groups
            .iter()
            .map(|g| {
                json!({"id": g["id"], "enabled": false, "configSpace": "DEFAULT",
                            "extranetEnabled": false, "dynamicDiscovery": false})
            })
            .collect();
        out.insert("serverGroups".into(), Value::Array(refs));
    }
    Value::Object(out)
}

fn application_view(tenant: &Tenant, app: &Value) -> Value {
    let mut out = object(&without(app, &["commonAppsDto"]));
    let groups: Vec<Value> = ref_list(app.get("serverGroups"))
        .iter()
        .filter_map(|id| tenant.get(SERVER_GROUPS, id))
        .map(|stored| {
            let mut g = object(&pick(
                stored,
                &[
                    "id",
                    "modifiedTime",
                    "creationTime",
                    "modifiedBy",
                    "name",
                    "enabled",
                    "description",
                    "configSpace",
                ],
            ));
            g.insert("weight".into(), json!("0"));
            g.insert("passive".into(), json!(false));
            g.insert("extranetEnabled".into(), stored["extranetEnabled"].clone());
            g.insert(
                "dynamicDiscovery".into(),
                stored["dynamicDiscovery"].clone(),
            );
            Value::Object(g)
        })
        .collect();
    if app.get("serverGroups").is_some() {
        out.insert("serverGroups".into(), Value::Array(groups));
    }
    out.insert("microtenantName".into(), microtenant_name(tenant, app));
    let group = id_string(&app["segmentGroupId"]);
    if let Some(g) = tenant.get(SEGMENT_GROUPS, &group) {
        out.insert("segmentGroupName".into(), g["name"].clone());
    }
    for (kind, id_key, list) in APP_TYPES {
        let subs: Vec<Value> = app["commonAppsDto"]["appsConfig"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|c| c["appTypes"][0] == json!(kind))
            .map(|c| sub_app_view(tenant, c, id_key))
            .collect();
        if !subs.is_empty() {
            out.insert((*list).into(), Value::Array(subs));
        }
    }
    Value::Object(out)
}

/// A sub-app as `getAppsByType` and a segment GET show it.
fn sub_app_view(tenant: &Tenant, config: &Value, id_key: &str) -> Value {
    let mut out = Map::new();
    out.insert("id".into(), config[id_key].clone());
    for key in ["name", "enabled", "certificateId"] {
        if let Some(v) = config.get(key) {
            out.insert(key.into(), v.clone());
        }
    }
    if let Some(cert) = config
        .get("certificateId")
        .and_then(|c| tenant.get(services::CERTIFICATES, &id_string(c)))
    {
        out.insert("certificateName".into(), cert["name"].clone());
    }
    for key in ["applicationPort", "applicationProtocol", "domain", "appId"] {
        if let Some(v) = config.get(key) {
            out.insert(key.into(), v.clone());
        }
    }
    if id_key == "praAppId" {
        out.insert("hidden".into(), config["hidden"].clone());
        out.insert(
            "connectionSecurity".into(),
            config
                .get("connectionSecurity")
                .cloned()
                .unwrap_or(json!("ANY")),
        );
        out.insert("microtenantName".into(), json!("Default"));
    } else {
        out.insert(
            "trustUntrustedCert".into(),
            config["trustUntrustedCert"].clone(),
        );
        if id_key == "baAppId" {
            out.insert("allowOptions".into(), config["allowOptions"].clone());
            out.insert("hidden".into(), config["hidden"].clone());
            out.insert("microtenantName".into(), json!("Default"));
        }
    }
    Value::Object(out)
}

fn apps_by_type(t: &TenantLock, c: &Call) -> Reply {
    let wanted = c.query("applicationType").unwrap_or_default();
    let Some((kind, id_key, _)) = APP_TYPES.iter().find(|(k, _, _)| *k == wanted) else {
        return invalid("applicationType");
    };
    let tenant = t.read();
    let subs: Vec<Value> = tenant
        .rows(APPLICATIONS)
        .flat_map(|app| {
            app["commonAppsDto"]["appsConfig"]
                .as_array()
                .cloned()
                .unwrap_or_default()
        })
        .filter(|cfg| cfg["appTypes"][0] == json!(kind))
        .map(|cfg| sub_app_view(&tenant, &cfg, id_key))
        .collect();
    Flavor::Zpa.list(c, subs.iter())
}

/// `?forceDelete=true` also strips the segment from the policy rules that name it; without it
/// a referenced segment is refused.
fn delete_application(t: &TenantLock, c: &Call) -> Reply {
    let id = c.param("id");
    let mut tenant = t.write();
    if tenant.get(APPLICATIONS, id).is_none() {
        return not_found(id);
    }
    let force = c
        .query("forceDelete")
        .is_some_and(|f| f.eq_ignore_ascii_case("true"));
    if let Some(rule) = policy::rule_referencing(&tenant, "APP", id) {
        if !force {
            return in_use(&format!(
                "Application segment {id} is used by policy rule {rule}; delete with forceDelete=true"
            ));
        }
        policy::drop_operands(&mut tenant, "APP", id);
    }
    tenant.table_mut(APPLICATIONS).shift_remove(id);
    Reply::empty(204)
}

// ---------------------------------------------------------------------------------------------
// Server groups

pub(crate) fn server_group_hook(
    tenant: &Tenant,
    group: &mut Map<String, Value>,
) -> Result<(), Reply> {
    super::drop_nulls(group);
    let connector_groups = normalise_refs(
        tenant,
        group,
        "appConnectorGroups",
        connectors::CONNECTOR_GROUPS,
    )?;
    if connector_groups.is_empty() {
        return Err(invalid("appConnectorGroups"));
    }
    let servers = normalise_refs(tenant, group, "servers", SERVERS)?;
    let dynamic = group
        .get("dynamicDiscovery")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    if !dynamic && servers.is_empty() {
        return Err(invalid("servers"));
    }
    if dynamic {
        group.remove("servers");
    }
    group.remove("applications");
    group.remove("microtenantName");
    Ok(())
}

fn server_group_created(tenant: &Tenant, group: &Value) -> Value {
    let mut hidden = vec![
        "modifiedTime",
        "creationTime",
        "modifiedBy",
        "readOnly",
        "zscalerManaged",
    ];
    if group["enabled"] == json!(false) {
        hidden.push("enabled");
    }
    let mut out = object(&without(group, &hidden));
    let acgs: Vec<Value> = ref_list(group.get("appConnectorGroups"))
        .iter()
        .filter_map(|id| tenant.get(connectors::CONNECTOR_GROUPS, id))
        .map(|g| {
            pick(
                g,
                &[
                    "id",
                    "name",
                    "useInDrMode",
                    "connectorGroupType",
                    "wafDisabled",
                    "lssAppConnectorGroup",
                ],
            )
        })
        .collect();
    out.insert("appConnectorGroups".into(), Value::Array(acgs));
    Value::Object(out)
}

fn server_group_view(tenant: &Tenant, group: &Value) -> Value {
    let id = id_string(&group["id"]);
    let mut out = object(group);
    let apps: Vec<Value> = tenant
        .rows(APPLICATIONS)
        .filter(|a| ref_list(a.get("serverGroups")).contains(&id))
        .map(|a| pick(a, &["id", "name", "enabled"]))
        .collect();
    if !apps.is_empty() {
        out.insert("applications".into(), Value::Array(apps));
    }
    out.insert("microtenantName".into(), microtenant_name(tenant, group));
    let acgs: Vec<Value> = ref_list(group.get("appConnectorGroups"))
        .iter()
        .filter_map(|id| tenant.get(connectors::CONNECTOR_GROUPS, id))
        .map(connectors::connector_group_summary)
        .collect();
    out.insert("appConnectorGroups".into(), Value::Array(acgs));
    if group.get("servers").is_some() {
        let servers: Vec<Value> = ref_list(group.get("servers"))
            .iter()
            .filter_map(|id| tenant.get(SERVERS, id).cloned())
            .collect();
        out.insert("servers".into(), Value::Array(servers));
    }
    Value::Object(out)
}

fn server_group_in_use(tenant: &Tenant, id: &str) -> Result<(), Reply> {
    if let Some(app) = tenant
        .rows(APPLICATIONS)
        .find(|a| ref_list(a.get("serverGroups")).iter().any(|g| g == id))
    {
        return Err(in_use(&format!(
            "Server group {id} is used by application segment {}",
            app["name"].as_str().unwrap_or_default()
        )));
    }
    if let Some(rule) = policy::rule_using_server_group(tenant, id) {
        return Err(in_use(&format!(
            "Server group {id} is used by policy rule {rule}"
        )));
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Application servers

fn server_view(tenant: &Tenant, server: &Value) -> Value {
    let id = id_string(&server["id"]);
    let groups: Vec<Value> = tenant
        .rows(SERVER_GROUPS)
        .filter(|g| ref_list(g.get("servers")).contains(&id))
        .map(|g| g["id"].clone())
        .collect();
    let mut out = object(server);
    if !groups.is_empty() {
        out.insert("appServerGroupIds".into(), Value::Array(groups));
    }
    Value::Object(out)
}

fn server_in_use(tenant: &Tenant, id: &str) -> Result<(), Reply> {
    match tenant
        .rows(SERVER_GROUPS)
        .find(|g| ref_list(g.get("servers")).iter().any(|s| s == id))
    {
        Some(group) => Err(in_use(&format!(
            "Application server {id} is a member of server group {}",
            group["name"].as_str().unwrap_or_default()
        ))),
        None => Ok(()),
    }
}
