//! ZIdentity (`/ziam/admin/api/v1`): opaque 13-character ids, the
//! `{pageOffset,pageSize,totalRecord,records,next_link,results_total}` envelope paged with
//! `offset`/`limit`, 201 on create, 200 on update, 204 on delete.
//!
//! Group membership lives in its own table (`zid.members`, one row per pair) so that deleting a
//! user or a group drops its memberships, and adding a user that does not exist is refused.

use serde_json::{Map, Value, json};

use crate::call::{Call, Product, Reply};
use crate::routes::{Resource, Routes, TenantLock};
use crate::seed::{DEPARTMENTS, DOMAIN, FIRST_NAMES, LAST_NAMES};
use crate::store::{Flavor, IdStyle, Tenant, epoch_seconds, id_string};

const USERS: &str = "zid.users";
const GROUPS: &str = "zid.groups";
const MEMBERS: &str = "zid.members";
const API_CLIENTS: &str = "zid.apiClients";
const SECRETS: &str = "zid.apiClientSecrets";
const RESOURCE_SERVERS: &str = "zid.resourceServers";

/// The IdP the demo tenant provisions most users and groups from over SCIM.
const DEMO_IDP: (&str, &str) = ("h1acmeokta0a1", "Acme_Okta_IDP");

pub fn install(routes: &mut Routes) {
    let zid = Flavor::Zid;
    routes.resource(
        Resource::new(
            USERS,
            zid,
            "/ziam/admin/api/v1/users",
            "/ziam/admin/api/v1/users/{id}",
            "LGCU",
        )
        .required(&["loginName", "primaryEmail"])
        .defaults(|| {
            json!({"secondaryEmail": "", "department": {}, "status": true,
                   "customAttrsInfo": {}, "source": "API", "idp": {}})
        })
        .hook(user_hook)
        .list_filter(user_filter),
    );
    routes.delete("/ziam/admin/api/v1/users/{id}", |t, c| {
        delete_with_memberships(&mut t.write(), USERS, "userId", c.param("id"))
    });
    routes.get("/ziam/admin/api/v1/users/{id}/groups", user_groups);
    routes.get(
        "/ziam/admin/api/v1/users/{id}/admin-entitlements",
        |t, c| entitlements(&t.read(), c.param("id"), true),
    );
    routes.get(
        "/ziam/admin/api/v1/users/{id}/service-entitlements",
        |t, c| entitlements(&t.read(), c.param("id"), false),
    );

    routes.resource(
        Resource::new(
            GROUPS,
            zid,
            "/ziam/admin/api/v1/groups",
            "/ziam/admin/api/v1/groups/{id}",
            "LGCU",
        )
        .defaults(|| {
            json!({"source": "API", "adminEntitlementEnabled": true,
                   "serviceEntitlementEnabled": true, "dynamicGroup": false})
        })
        .hook(group_hook)
        .list_filter(group_filter),
    );
    routes.delete("/ziam/admin/api/v1/groups/{id}", |t, c| {
        delete_with_memberships(&mut t.write(), GROUPS, "groupId", c.param("id"))
    });
    routes.get("/ziam/admin/api/v1/groups/{id}/users", group_users);
    routes.post("/ziam/admin/api/v1/groups/{id}/users", |t, c| {
        set_members(t, c, false)
    });
    routes.put("/ziam/admin/api/v1/groups/{id}/users", |t, c| {
        set_members(t, c, true)
    });
    routes.post("/ziam/admin/api/v1/groups/{id}/users/{uid}", add_member);
    routes.delete("/ziam/admin/api/v1/groups/{id}/users/{uid}", remove_member);

    routes.resource(
        Resource::new(
            API_CLIENTS,
            zid,
            "/ziam/admin/api/v1/api-clients",
            "/ziam/admin/api/v1/api-clients/{id}",
            "LGCU",
        )
        .defaults(|| {
            json!({"description": "", "status": true, "accessTokenLifeTime": 3600,
                   "clientAuthentication": {"authType": "SECRET"}, "clientResources": []})
        })
        .hook(api_client_hook),
    );
    routes.delete("/ziam/admin/api/v1/api-clients/{id}", |t, c| {
        let mut tenant = t.write();
        let id = c.param("id");
        if tenant.table_mut(API_CLIENTS).shift_remove(id).is_none() {
            return Reply::not_found(Product::Zid, id);
        }
        tenant
            .table_mut(SECRETS)
            .retain(|_, s| s["clientId"].as_str() != Some(id));
        Reply::empty(204)
    });
    routes.get("/ziam/admin/api/v1/api-clients/{id}/secrets", list_secrets);
    routes.post("/ziam/admin/api/v1/api-clients/{id}/secrets", add_secret);
    routes.delete(
        "/ziam/admin/api/v1/api-clients/{id}/secrets/{sid}",
        delete_secret,
    );

    routes.resource(Resource::new(
        RESOURCE_SERVERS,
        zid,
        "/ziam/admin/api/v1/resource-servers",
        "/ziam/admin/api/v1/resource-servers/{id}",
        "LG",
    ));
}

fn error(status: u16, kind: &str, message: &str) -> Reply {
    Reply::product_error(Product::Zid, status, kind, message)
}

fn str_field<'a>(record: &'a Map<String, Value>, field: &str) -> &'a str {
    record
        .get(field)
        .and_then(Value::as_str)
        .unwrap_or_default()
}

// ---- users ---------------------------------------------------------------------------------

fn user_hook(tenant: &Tenant, user: &mut Map<String, Value>) -> Result<(), Reply> {
    let id = id_string(&user["id"]);
    let login = str_field(user, "loginName").to_owned();
    let email = str_field(user, "primaryEmail");
    if !login.contains('@') {
        return Err(error(
            400,
            "invalid_request",
            "loginName must be an email-style name (user@domain)",
        ));
    }
    if !email.contains('@') {
        return Err(error(
            400,
            "invalid_request",
            "primaryEmail is not a valid email address",
        ));
    }
    let taken = tenant.rows(USERS).any(|u| {
        id_string(&u["id"]) != id
            && u["loginName"]
                .as_str()
                .is_some_and(|l| l.eq_ignore_ascii_case(&login))
    });
    if taken {
        return Err(error(
            409,
            "resource_conflict",
            &format!("A user with loginName {login} already exists"),
        ));
    }
    // Server-managed provenance survives a full-replace PUT.
    if let Some(existing) = tenant.get(USERS, &id) {
        for keep in ["source", "idp"] {
            if let Some(v) = existing.get(keep) {
                user.insert(keep.into(), v.clone());
            }
        }
    }
    if str_field(user, "displayName").is_empty() {
        let display = format!(
            "{} {}",
            str_field(user, "firstName"),
            str_field(user, "lastName")
        );
        let display = display.trim().to_owned();
        user.insert(
            "displayName".into(),
            json!(if display.is_empty() { login } else { display }),
        );
    }
    for (field, default) in [
        ("firstName", json!("")),
        ("lastName", json!("")),
        ("secondaryEmail", json!("")),
        ("department", json!({})),
        ("status", json!(true)),
        ("customAttrsInfo", json!({})),
        ("source", json!("API")),
        ("idp", json!({})),
    ] {
        if user.get(field).is_none_or(Value::is_null) {
            user.insert(field.into(), default);
        }
    }
    Ok(())
}

/// Exact-match filters the generic `[like]` handling does not cover.
fn user_filter(user: &Value, call: &Call) -> bool {
    let login = user["loginName"].as_str().unwrap_or_default();
    if let Some(wanted) = call.query("loginName").or_else(|| call.query("loginname"))
        && !wanted
            .split(',')
            .any(|w| w.trim().eq_ignore_ascii_case(login))
    {
        return false;
    }
    if let Some(domain) = call.query_ci("domainName")
        && !domain.split(',').any(|d| {
            login
                .to_lowercase()
                .ends_with(&format!("@{}", d.trim().to_lowercase()))
        })
    {
        return false;
    }
    idp_matches(user, call)
}

fn idp_matches(record: &Value, call: &Call) -> bool {
    match call.query_ci("idpName") {
        None => true,
        Some(names) => {
            let idp = record["idp"]["name"].as_str().unwrap_or_default();
            names.split(',').any(|n| n.trim().eq_ignore_ascii_case(idp))
        }
    }
}

fn user_groups(t: &TenantLock, call: &Call) -> Reply {
    let tenant = t.read();
    let uid = call.param("id");
    if tenant.get(USERS, uid).is_none() {
        return Reply::not_found(Product::Zid, uid);
    }
    let groups: Vec<&Value> = tenant
        .rows(MEMBERS)
        .filter(|m| m["userId"].as_str() == Some(uid))
        .filter_map(|m| tenant.get(GROUPS, m["groupId"].as_str().unwrap_or_default()))
        .collect();
    Flavor::Zid.list(call, groups.into_iter())
}

/// The roles a user holds through groups with the matching entitlement switched on.
fn entitlements(tenant: &Tenant, uid: &str, admin: bool) -> Reply {
    if tenant.get(USERS, uid).is_none() {
        return Reply::not_found(Product::Zid, uid);
    }
    let flag = if admin {
        "adminEntitlementEnabled"
    } else {
        "serviceEntitlementEnabled"
    };
    let entitled = tenant
        .rows(MEMBERS)
        .filter(|m| m["userId"].as_str() == Some(uid))
        .filter_map(|m| tenant.get(GROUPS, m["groupId"].as_str().unwrap_or_default()))
        .any(|g| g[flag] == json!(true));
    if !entitled {
        return Reply::ok(json!([]));
    }
    // (service id, service, cloud, role id, role)
    let services: &[(&str, &str, &str, &str, &str)] = if admin {
        &[
            (
                "hhacmezia0001",
                "ZIA",
                "zscalerthree.net",
                "hpacmero0001",
                "Read Only Admin",
            ),
            (
                "hhacmezpa0002",
                "ZPA",
                "prod.zpath.net",
                "hpacmero0002",
                "Read Only",
            ),
        ]
    } else {
        &[
            (
                "hhacmezia0001",
                "ZIA",
                "zscalerthree.net",
                "hpacmeus0001",
                "User",
            ),
            (
                "hhacmezpa0002",
                "ZPA",
                "prod.zpath.net",
                "hpacmeus0002",
                "User",
            ),
            (
                "hhacmezdx0003",
                "ZDX",
                "zscalerthree.net",
                "hpacmeus0003",
                "User",
            ),
        ]
    };
    let list: Vec<Value> = services
        .iter()
        .map(|(id, name, cloud, role_id, role)| {
            json!({
                "service": {"id": id, "serviceName": name, "cloudName": cloud,
                            "cloudDomainName": cloud, "orgName": "Acme Demo", "orgId": "8061240"},
                "scope": {"id": format!("{id}::default"), "name": "Default", "displayName": "Default"},
                "roles": [{"id": format!("{id}::{role_id}"), "name": format!("Role:{role}"),
                           "displayName": role}],
            })
        })
        .collect();
    Reply::ok(Value::Array(list))
}

// ---- groups --------------------------------------------------------------------------------

fn group_hook(tenant: &Tenant, group: &mut Map<String, Value>) -> Result<(), Reply> {
    let id = id_string(&group["id"]);
    let name = str_field(group, "name").to_owned();
    if tenant.rows(GROUPS).any(|g| {
        id_string(&g["id"]) != id
            && g["name"]
                .as_str()
                .is_some_and(|n| n.eq_ignore_ascii_case(&name))
    }) {
        return Err(error(
            409,
            "resource_conflict",
            &format!("A group with name {name} already exists"),
        ));
    }
    // Groups made over this API are "API" groups whatever the body claims (recorded), and a
    // PUT cannot move a SCIM group to another source.
    match tenant.get(GROUPS, &id) {
        Some(existing) => {
            for keep in ["source", "idp", "dynamicGroup"] {
                match existing.get(keep) {
                    Some(v) => group.insert(keep.into(), v.clone()),
                    None => group.remove(keep),
                };
            }
        }
        None => {
            group.insert("source".into(), json!("API"));
            group.remove("idp");
        }
    }
    for (field, default) in [
        ("adminEntitlementEnabled", true),
        ("serviceEntitlementEnabled", true),
        ("dynamicGroup", false),
    ] {
        if !group.get(field).is_some_and(Value::is_boolean) {
            group.insert(field.into(), json!(default));
        }
    }
    Ok(())
}

fn group_filter(group: &Value, call: &Call) -> bool {
    if call
        .query_ci("excludeDynamicGroups")
        .is_some_and(|v| v.eq_ignore_ascii_case("true"))
        && group["dynamicGroup"] == json!(true)
    {
        return false;
    }
    idp_matches(group, call)
}

fn group_users(t: &TenantLock, call: &Call) -> Reply {
    let tenant = t.read();
    let gid = call.param("id");
    if tenant.get(GROUPS, gid).is_none() {
        return Reply::not_found(Product::Zid, gid);
    }
    let users: Vec<&Value> = tenant
        .rows(MEMBERS)
        .filter(|m| m["groupId"].as_str() == Some(gid))
        .filter_map(|m| tenant.get(USERS, m["userId"].as_str().unwrap_or_default()))
        .filter(|u| user_filter(u, call))
        .collect();
    Flavor::Zid.list(call, users.into_iter())
}

fn member_key(gid: &str, uid: &str) -> String {
    format!("{gid}/{uid}")
}

fn link(tenant: &mut Tenant, gid: &str, uid: &str) {
    let key = member_key(gid, uid);
    tenant.insert(MEMBERS, json!({"id": key, "groupId": gid, "userId": uid}));
}

/// A group whose membership the API may change: it exists and is not rule-driven.
fn editable_group(tenant: &Tenant, gid: &str) -> Result<(), Reply> {
    let Some(group) = tenant.get(GROUPS, gid) else {
        return Err(Reply::not_found(Product::Zid, gid));
    };
    if group["dynamicGroup"] == json!(true) {
        return Err(error(
            400,
            "invalid_request",
            "Membership of a dynamic group is computed from its rules and cannot be edited",
        ));
    }
    Ok(())
}

/// Bulk add (`POST`) or replace (`PUT`) with a body of `[{"id": ...}]`. All ids are checked
/// before anything changes, so a dangling id leaves the group untouched.
fn set_members(t: &TenantLock, call: &Call, replace: bool) -> Reply {
    let mut tenant = t.write();
    let gid = call.param("id");
    if let Err(reply) = editable_group(&tenant, gid) {
        return reply;
    }
    let items = match &call.body {
        Some(Value::Array(items)) => items.clone(),
        Some(Value::Object(map)) => match map.get("id").or_else(|| map.get("users")) {
            Some(Value::Array(items)) => items.clone(),
            _ => return error(400, "invalid_request", "Request body must list user ids"),
        },
        _ => return error(400, "invalid_request", "Request body must list user ids"),
    };
    let mut uids = Vec::new();
    for item in &items {
        let uid = match item {
            Value::Object(o) => o.get("id").map(id_string).unwrap_or_default(),
            other => id_string(other),
        };
        if tenant.get(USERS, &uid).is_none() {
            return error(
                400,
                "invalid_request",
                &format!("User {uid:?} does not exist"),
            );
        }
        uids.push(uid);
    }
    if replace {
        let prefix = format!("{gid}/");
        tenant
            .table_mut(MEMBERS)
            .retain(|key, _| !key.starts_with(&prefix));
    }
    for uid in uids {
        link(&mut tenant, gid, &uid);
    }
    Reply::ok(json!({}))
}

fn add_member(t: &TenantLock, call: &Call) -> Reply {
    let mut tenant = t.write();
    let (gid, uid) = (call.param("id"), call.param("uid"));
    if let Err(reply) = editable_group(&tenant, gid) {
        return reply;
    }
    if tenant.get(USERS, uid).is_none() {
        return error(
            400,
            "invalid_request",
            &format!("User {uid:?} does not exist"),
        );
    }
    link(&mut tenant, gid, uid);
    Reply::ok(json!({}))
}

fn remove_member(t: &TenantLock, call: &Call) -> Reply {
    let mut tenant = t.write();
    let (gid, uid) = (call.param("id"), call.param("uid"));
    if let Err(reply) = editable_group(&tenant, gid) {
        return reply;
    }
    match tenant
        .table_mut(MEMBERS)
        .shift_remove(&member_key(gid, uid))
    {
        Some(_) => Reply::empty(204),
        None => Reply::not_found(Product::Zid, uid),
    }
}

fn delete_with_memberships(
    tenant: &mut Tenant,
    table: &'static str,
    side: &str,
    id: &str,
) -> Reply {
    if tenant.table_mut(table).shift_remove(id).is_none() {
        return Reply::not_found(Product::Zid, id);
    }
    tenant
        .table_mut(MEMBERS)
        .retain(|_, m| m[side].as_str() != Some(id));
    Reply::empty(204)
}

// ---- API clients ---------------------------------------------------------------------------

fn api_client_hook(tenant: &Tenant, client: &mut Map<String, Value>) -> Result<(), Reply> {
    let auth = client
        .get("clientAuthentication")
        .and_then(|a| a["authType"].as_str())
        .unwrap_or("SECRET")
        .to_owned();
    if !matches!(auth.as_str(), "SECRET" | "PUBKEYCERT" | "JWKS") {
        return Err(error(
            400,
            "invalid_request",
            &format!(
                "clientAuthentication.authType {auth:?} is not one of SECRET, PUBKEYCERT, JWKS"
            ),
        ));
    }
    if let Some(Value::Array(resources)) = client.get("clientResources") {
        for res in resources {
            let rid = id_string(&res["id"]);
            if tenant.get(RESOURCE_SERVERS, &rid).is_none() {
                return Err(error(
                    400,
                    "invalid_request",
                    &format!("clientResources: resource server {rid:?} does not exist"),
                ));
            }
        }
    }
    Ok(())
}

fn list_secrets(t: &TenantLock, call: &Call) -> Reply {
    let tenant = t.read();
    let cid = call.param("id");
    if tenant.get(API_CLIENTS, cid).is_none() {
        return Reply::not_found(Product::Zid, cid);
    }
    // A secret's value is shown once, when it is created; afterwards only its metadata.
    let list: Vec<Value> = tenant
        .rows(SECRETS)
        .filter(|s| s["clientId"].as_str() == Some(cid))
        .map(|s| json!({"id": s["id"], "createdAt": s["createdAt"], "expiresAt": s["expiresAt"]}))
        .collect();
    Reply::ok(Value::Array(list))
}

fn add_secret(t: &TenantLock, call: &Call) -> Reply {
    let mut tenant = t.write();
    let cid = call.param("id").to_owned();
    let Some(client) = tenant.get(API_CLIENTS, &cid) else {
        return Reply::not_found(Product::Zid, &cid);
    };
    if client["clientAuthentication"]["authType"].as_str() != Some("SECRET") {
        return error(
            400,
            "invalid_request",
            "Secrets can only be added to clients whose authType is SECRET",
        );
    }
    let now = epoch_seconds();
    let expires = call
        .body
        .as_ref()
        .and_then(|b| b.get("expiresAt"))
        .map(|v| match v {
            Value::String(s) => s.parse().unwrap_or(now + 365 * 86_400),
            other => other.as_u64().unwrap_or(now + 365 * 86_400),
        })
        .unwrap_or(now + 365 * 86_400);
    let id = tenant.new_id(IdStyle::Opaque);
    let value: String = (0..4)
        .map(|_| format!("{:016x}", tenant.rng.next_u64()))
        .collect();
    tenant.insert(
        SECRETS,
        json!({"id": id, "clientId": cid, "createdAt": now, "expiresAt": expires}),
    );
    Reply::json(
        201,
        json!({"id": id, "value": value, "createdAt": now, "expiresAt": expires}),
    )
}

fn delete_secret(t: &TenantLock, call: &Call) -> Reply {
    let mut tenant = t.write();
    let (cid, sid) = (call.param("id"), call.param("sid"));
    let owned = tenant
        .get(SECRETS, sid)
        .is_some_and(|s| s["clientId"].as_str() == Some(cid));
    if !owned {
        return Reply::not_found(Product::Zid, sid);
    }
    tenant.table_mut(SECRETS).shift_remove(sid);
    Reply::empty(204)
}

// ---- seed ----------------------------------------------------------------------------------

const SERVICES: &[(&str, &str, &str, &[&str])] = &[
    (
        "ZIA",
        "Zscaler Internet Access",
        "zscalerthree.net",
        &["Role:Super Admin", "Role:Read Only Admin"],
    ),
    (
        "ZPA",
        "Zscaler Private Access",
        "prod.zpath.net",
        &["Scope:Default: Role:API Full Access"],
    ),
    (
        "ZDX",
        "Zscaler Digital Experience",
        "zscalerthree.net",
        &["Role:ZDX Super Admin", "Role:ZDX Read-only Admin"],
    ),
    (
        "ZCC",
        "Zscaler Client Connector",
        "zscalerthree.net",
        &["Role:Super Admin", "Role:Read Only"],
    ),
    (
        "CLOUD_CONNECTOR",
        "Zscaler Cloud and Branch Connector",
        "zscalerthree.net",
        &["Role:Super Admin"],
    ),
    (
        "ZIAM",
        "ZIdentity Administration",
        "",
        &["Role:Super Admin", "Role:View Only Admin"],
    ),
];

fn seed_resource_server(tenant: &mut Tenant) -> Value {
    let id = tenant.new_id(IdStyle::Opaque);
    let mut scopes = Vec::new();
    for (name, display, cloud, roles) in SERVICES {
        let sid = tenant.new_id(IdStyle::Opaque);
        let sid = id_string(&sid);
        let mut service = json!({"id": sid, "name": name, "displayName": display,
                                 "zapsOnboarded": false});
        if !cloud.is_empty() {
            service["cloudName"] = json!(cloud);
            service["orgName"] = json!("Acme Demo");
        }
        let role_list: Vec<Value> = roles
            .iter()
            .map(|role| {
                let rid = id_string(&tenant.new_id(IdStyle::Opaque));
                json!({"id": format!("{sid}::{rid}"), "name": role})
            })
            .collect();
        scopes.push(json!({"service": service, "scopes": role_list}));
    }
    let server = json!({
        "id": id, "name": "Zscaler APIs", "displayName": "Zscaler APIs",
        "description": "Zscaler APIs endpoint", "primaryAud": "https://api.zscaler.com",
        "defaultApi": true, "serviceScopes": scopes,
    });
    tenant.insert(RESOURCE_SERVERS, server.clone());
    server
}

const GROUP_NAMES: &[&str] = &[
    "All Employees",
    "Engineering",
    "Finance",
    "Human Resources",
    "IT Operations",
    "Legal",
    "Marketing",
    "R&D",
    "Sales",
    "Security",
    "Support",
    "Executives",
    "Contractors",
    "VPN Users",
    "ZPA Pilot",
    "ZDX Beta",
    "Help Desk Tier 1",
    "Help Desk Tier 2",
    "Mac Users",
    "Windows Users",
    "Remote Workers",
    "London Office",
    "San Jose Office",
];

fn slug(name: &str) -> String {
    name.to_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

/// Groups from this index on are not departments.
const FIRST_CROSS_GROUP: usize = 11;

pub fn seed(tenant: &mut Tenant, demo: bool) {
    let server = seed_resource_server(tenant);
    if !demo {
        return;
    }
    let idp = json!({"id": DEMO_IDP.0, "name": DEMO_IDP.1});
    let mut departments = Vec::new();
    for name in DEPARTMENTS {
        departments.push(json!({"id": id_string(&tenant.new_id(IdStyle::Opaque)), "name": name}));
    }
    let mut group_ids = Vec::new();
    for (n, name) in GROUP_NAMES.iter().enumerate() {
        let id = id_string(&tenant.new_id(IdStyle::Opaque));
        // A few groups are rule-driven, and a few were made in the admin portal.
        let dynamic = matches!(*name, "Mac Users" | "Windows Users" | "Remote Workers");
        let scim = n % 5 != 4 && !dynamic;
        let mut group = json!({
            "id": id, "name": name, "source": if scim { "SCIM" } else { "API" },
            "adminEntitlementEnabled": matches!(*name, "IT Operations" | "Security" | "Help Desk Tier 2"),
            "serviceEntitlementEnabled": true, "dynamicGroup": dynamic,
        });
        if scim {
            group["idp"] = idp.clone();
            group["description"] = json!(format!("{name} (synced from Okta)"));
        }
        tenant.insert(GROUPS, group);
        group_ids.push(id);
    }
    // Team distribution groups synced from the IdP: enough that the group list pages too.
    let mut team_groups = Vec::new();
    for (n, dept) in DEPARTMENTS.iter().cycle().take(120).enumerate() {
        let id = id_string(&tenant.new_id(IdStyle::Opaque));
        let name = format!("dl-{}-team-{:02}", slug(dept), n / DEPARTMENTS.len() + 1);
        tenant.insert(
            GROUPS,
            json!({"id": id, "name": name, "description": format!("{dept} team mailing list"),
                   "source": "SCIM", "idp": idp, "adminEntitlementEnabled": false,
                   "serviceEntitlementEnabled": true, "dynamicGroup": false}),
        );
        team_groups.push((*dept, id));
    }
    let all_employees = group_ids[0].clone();
    for n in 0..640 {
        let first = *tenant.rng.pick(FIRST_NAMES);
        let last = *tenant.rng.pick(LAST_NAMES);
        let login = format!(
            "{}.{}{n}@{DOMAIN}",
            first.to_lowercase(),
            last.to_lowercase()
        );
        let dept_index = tenant.rng.below(departments.len() as u64) as usize;
        let scim = !tenant.rng.chance(8);
        let id = id_string(&tenant.new_id(IdStyle::Opaque));
        let user = json!({
            "id": id, "loginName": login, "displayName": format!("{first} {last}"),
            "firstName": first, "lastName": last, "primaryEmail": login,
            "secondaryEmail": "", "department": departments[dept_index],
            "status": !tenant.rng.chance(4), "customAttrsInfo": {},
            "source": if scim { "SCIM" } else { "API" },
            "idp": if scim { idp.clone() } else { json!({}) },
        });
        tenant.insert(USERS, user);
        link(tenant, &all_employees, &id);
        // The department's own group where there is one, plus up to two cross-cutting groups.
        if let Some(g) = GROUP_NAMES
            .iter()
            .position(|g| *g == DEPARTMENTS[dept_index])
        {
            link(tenant, &group_ids[g], &id);
        }
        let teams: Vec<&String> = team_groups
            .iter()
            .filter(|(d, _)| *d == DEPARTMENTS[dept_index])
            .map(|(_, id)| id)
            .collect();
        let team = teams[tenant.rng.below(teams.len() as u64) as usize].clone();
        link(tenant, &team, &id);
        for _ in 0..tenant.rng.range(0, 2) {
            let g = FIRST_CROSS_GROUP
                + tenant
                    .rng
                    .below((group_ids.len() - FIRST_CROSS_GROUP) as u64) as usize;
            let gid = group_ids[g].clone();
            link(tenant, &gid, &id);
        }
    }
    let scopes: Vec<Value> = server["serviceScopes"]
        .as_array()
        .map(|s| {
            s.iter()
                .filter_map(|svc| svc["scopes"].get(0).cloned())
                .collect()
        })
        .unwrap_or_default();
    for (name, auth) in [
        ("MCP Server", "SECRET"),
        ("Terraform Pipeline", "SECRET"),
        ("SIEM Export", "JWKS"),
    ] {
        let id = id_string(&tenant.new_id(IdStyle::Opaque));
        tenant.insert(
            API_CLIENTS,
            json!({
                "id": id, "name": name, "description": format!("{name} automation client"),
                "status": true, "accessTokenLifeTime": 3600,
                "clientAuthentication": {"authType": auth},
                "clientResources": [{"id": server["id"], "name": server["name"],
                                     "defaultApi": true, "selectedScopes": scopes}],
            }),
        );
        if auth == "SECRET" {
            let sid = tenant.new_id(IdStyle::Opaque);
            tenant.insert(
                SECRETS,
                json!({"id": sid, "clientId": id, "createdAt": 1_735_689_600u64,
                       "expiresAt": 1_798_761_600u64}),
            );
        }
    }
}
