//! ZCC (`/zcc/papi/public/v1`): mostly verb-style endpoints (`getDevices`, `…/listByCompany`,
//! `…/edit`, `…/{id}/delete`) rather than REST collections. Shapes follow the recorded traffic:
//! bare arrays paged with `page`/`pageSize`, epoch timestamps as strings, string ids in
//! profiles and networks, numbers that are floats in web policies, and edits that answer
//! `{"success":"true"|"false", …}` with 200 rather than an error status. Client errors are
//! mostly a 400 with an empty body; unknown paths a 404 with the text `404 Not Found`.

mod devices;
mod policies;

use serde_json::{Map, Value, json};

use crate::call::{Call, Product, Reply};
use crate::routes::Routes;
use crate::store::Tenant;

pub(crate) const COMPANY_ID: &str = "4543";
pub(crate) const COMPANY_NAME: &str = "Acme Demo";

pub fn install(routes: &mut Routes) {
    devices::install(routes);
    policies::install(routes);
    install_tenant_info(routes);
}

pub fn seed(tenant: &mut Tenant, demo: bool) {
    policies::seed(tenant, demo);
    seed_tenant_info(tenant, demo);
    devices::seed_settings(tenant);
    if demo {
        devices::seed(tenant);
    }
}

/// The 400 with an empty body ZCC gives for most client errors.
pub(crate) fn bad_request() -> Reply {
    Reply::product_error(Product::Zcc, 400, "", "")
}

pub(crate) fn not_found() -> Reply {
    Reply::not_found(Product::Zcc, "")
}

/// A record as the API shows it: emulator bookkeeping lives under `_`-prefixed keys.
pub(crate) fn public(record: &Value) -> Value {
    match record {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(k, _)| !k.starts_with('_'))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// `page` (1-based) and `pageSize` slicing of an already filtered list.
pub(crate) fn page<T: Clone>(
    call: &Call,
    items: &[T],
    default_size: u64,
    max_size: u64,
) -> Result<Vec<T>, Reply> {
    let size = call
        .query_u64("pageSize")
        .map_err(|_| bad_request())?
        .unwrap_or(default_size)
        .clamp(1, max_size) as usize;
    let page = call
        .query_u64("page")
        .map_err(|_| bad_request())?
        .unwrap_or(1)
        .max(1) as usize;
    Ok(items
        .iter()
        .skip((page - 1).saturating_mul(size))
        .take(size)
        .cloned()
        .collect())
}

/// Merges a JSON object body into `target`, ignoring the keys the server owns.
pub(crate) fn merge(target: &mut Map<String, Value>, body: &Map<String, Value>, owned: &[&str]) {
    for (k, v) in body {
        if !owned.contains(&k.as_str()) && !k.starts_with('_') {
            target.insert(k.clone(), v.clone());
        }
    }
}

// ---- company, admins, entitlements, app catalogues -----------------------------------------

const COMPANY: &str = "zcc.company";
const ADMIN_USERS: &str = "zcc.adminUsers";
const ADMIN_ROLES: &str = "zcc.adminRoles";
const ZPA_ENTITLEMENTS: &str = "zcc.zpaEntitlements";
const ZDX_ENTITLEMENTS: &str = "zcc.zdxEntitlements";
const PREDEFINED_APPS: &str = "zcc.predefinedIpApps";
const CUSTOM_APPS: &str = "zcc.customIpApps";

fn singleton(tenant: &Tenant, table: &str) -> Value {
    tenant
        .get(table, "0")
        .map(public)
        .unwrap_or_else(|| json!({}))
}

fn install_tenant_info(routes: &mut Routes) {
    routes.get("/zcc/papi/public/v1/getCompanyInfo", |t, _| {
        Reply::ok(singleton(&t.read(), COMPANY))
    });
    routes.get("/zcc/papi/public/v1/getAdminUsers", |t, c| {
        let tenant = t.read();
        let admins: Vec<Value> = tenant.rows(ADMIN_USERS).map(public).collect();
        match page(c, &admins, 50, 1000) {
            Ok(list) => Reply::ok(Value::Array(list)),
            Err(reply) => reply,
        }
    });
    routes.get("/zcc/papi/public/v1/getAdminUsersSyncInfo", |_, _| {
        Reply::ok(json!({
            "id": 4981, "companyId": COMPANY_ID, "ziaInitialSyncDone": true,
            "zpaInitialSyncDone": true, "ziaSyncErrorCode": "0", "zpaSyncErrorCode": "0",
            "ziaSyncStatus": 0, "zpaSyncStatus": 0, "ziaLastSyncTime": "1735689600",
            "zpaLastSyncTime": "1735689600", "ziaStartSyncTime": "1735689600",
            "zpaStartSyncTime": "1735689600",
        }))
    });
    // The recorded tenant answers both sync triggers with its plain-text 404.
    routes.post("/zcc/papi/public/v1/syncZiaZdxAdminUsers", |_, _| {
        not_found()
    });
    routes.post("/zcc/papi/public/v1/syncZpaAdminUsers", |_, _| not_found());
    routes.get("/zcc/papi/public/v1/getAdminRoles", |t, c| {
        let tenant = t.read();
        let roles: Vec<Value> = tenant.rows(ADMIN_ROLES).map(public).collect();
        match page(c, &roles, 50, 1000) {
            Ok(list) => Reply::ok(Value::Array(list)),
            Err(reply) => reply,
        }
    });
    routes.get("/zcc/papi/public/v1/getZpaGroupEntitlements", |t, _| {
        Reply::ok(singleton(&t.read(), ZPA_ENTITLEMENTS))
    });
    routes.get("/zcc/papi/public/v1/getZdxGroupEntitlements", |t, _| {
        Reply::ok(singleton(&t.read(), ZDX_ENTITLEMENTS))
    });
    routes.put("/zcc/papi/public/v1/updateZpaGroupEntitlement", |t, c| {
        update_entitlement(&mut t.write(), c, ZPA_ENTITLEMENTS, "groupList")
    });
    routes.put("/zcc/papi/public/v1/updateZdxGroupEntitlement", |t, c| {
        update_entitlement(&mut t.write(), c, ZDX_ENTITLEMENTS, "upmGroupList")
    });
    routes.get("/zcc/papi/public/v1/predefined-ip-based-apps", |t, _| {
        let tenant = t.read();
        let apps: Vec<Value> = tenant.rows(PREDEFINED_APPS).cloned().collect();
        Reply::ok(json!({"totalCount": apps.len(), "appServiceContracts": apps}))
    });
    routes.get(
        "/zcc/papi/public/v1/predefined-ip-based-apps/{id}",
        |t, c| match t.read().get(PREDEFINED_APPS, c.param("id")) {
            Some(app) => Reply::ok(app.clone()),
            None => not_found(),
        },
    );
    routes.get("/zcc/papi/public/v1/custom-ip-based-apps", |t, _| {
        let tenant = t.read();
        let apps: Vec<Value> = tenant.rows(CUSTOM_APPS).cloned().collect();
        Reply::ok(json!({"totalCount": apps.len(), "customAppContracts": apps}))
    });
    routes.get(
        "/zcc/papi/public/v1/custom-ip-based-apps/{id}",
        |t, c| match t.read().get(CUSTOM_APPS, c.param("id")) {
            Some(app) => Reply::ok(app.clone()),
            None => not_found(),
        },
    );
}

/// An update with nothing in it is what the recorded tenant answered with its 404; a real
/// change replaces the group lists and switches.
fn update_entitlement(tenant: &mut Tenant, call: &Call, table: &'static str, list: &str) -> Reply {
    let Some(Value::Object(body)) = &call.body else {
        return bad_request();
    };
    if body.is_empty() {
        return not_found();
    }
    let Some(Value::Object(mut current)) = tenant.get(table, "0").cloned() else {
        return not_found();
    };
    merge(&mut current, body, &["totalCount"]);
    let count = current
        .get(list)
        .and_then(Value::as_array)
        .map_or(0, Vec::len);
    current.insert("totalCount".into(), json!(count));
    let updated = Value::Object(current);
    tenant.table_mut(table).insert("0".into(), updated.clone());
    Reply::ok(public(&updated))
}

fn role(id: &str, name: &str, editable: bool, level: &str) -> Value {
    const AREAS: &[&str] = &[
        "dashboard",
        "enrolledDevicesGroup",
        "deviceOverview",
        "machineTunnel",
        "partnerDeviceOverview",
        "appProfileGroup",
        "windowsProfile",
        "macProfile",
        "linuxProfile",
        "iosProfile",
        "androidProfile",
        "administratorGroup",
        "clientConnectorAppStore",
        "clientConnectorNotifications",
        "clientConnectorSupport",
        "clientConnectorIdp",
        "auditLogs",
        "forwardingProfile",
        "trustedNetwork",
        "zscalerEntitlement",
        "userAgent",
        "devicePosture",
        "appBypass",
        "locationBased",
        "dedicatedProxyPorts",
        "authSetting",
        "publicApi",
        "deviceGroups",
        "zpaPartnerLogin",
        "zscalerDeception",
        "ddilConfiguration",
        "adminManagement",
        "obfuscateData",
    ];
    let mut r = Map::new();
    r.insert("id".into(), json!(id));
    r.insert("roleName".into(), json!(name));
    r.insert("isEditable".into(), json!(editable));
    if editable {
        r.insert("companyId".into(), json!(COMPANY_ID));
    }
    for area in AREAS {
        let value = if *area == "dashboard" { "1" } else { level };
        r.insert((*area).into(), json!(value));
    }
    if editable {
        r.insert("createdBy".into(), json!("453095"));
        r.insert("updatedBy".into(), json!("453095"));
    }
    Value::Object(r)
}

fn ip_app(id: u64, name: &str, svc: u64, tcp: &str, udp: &str, v4: &str, v6: &str) -> Value {
    let mut data = Vec::new();
    let mut data6 = Vec::new();
    for (proto, ports) in [("UDP", udp), ("TCP", tcp)] {
        if !ports.is_empty() {
            data.push(json!({"proto": proto, "port": ports, "ipaddr": v4, "fqdn": ""}));
            data6.push(json!({"proto": proto, "port": ports, "ipaddr": v6, "fqdn": ""}));
        }
    }
    json!({
        "id": id, "appVersion": 0, "appSvcId": svc, "appName": name, "active": true,
        "uid": format!("{:08x}-598b-4db6-8f12-b74116ea{:04x}", svc, id),
        "createdBy": "2315", "editedBy": "0", "editedTimestamp": "1733811797",
        "zappDataBlob": v4, "zappDataBlobV6": v6, "appData": data, "appDataV6": data6,
    })
}

fn seed_tenant_info(tenant: &mut Tenant, demo: bool) {
    let company = serde_json::from_str::<Value>(include_str!("company_info.json"))
        .unwrap_or_else(|_| json!({}));
    let mut company = company;
    company["id"] = json!("0");
    tenant.insert(COMPANY, company);
    for r in [
        role("1", "Super Admin", false, "2"),
        role("2", "Read Only", false, "1"),
    ] {
        tenant.insert(ADMIN_ROLES, r);
    }
    tenant.insert(
        ZPA_ENTITLEMENTS,
        json!({"id": "0", "totalCount": 0, "zpaEnableForAll": 1, "computeDeviceGroupsForZPA": 0,
               "machineTunEnabledForAll": 1, "groupList": [], "deviceGroupList": []}),
    );
    tenant.insert(
        ZDX_ENTITLEMENTS,
        json!({"id": "0", "totalCount": 0, "upmEnableForAll": 1, "logoutZCCForZDXService": 0,
               "computeDeviceGroupsForZDX": 0, "upmGroupList": [], "upmDeviceGroupList": [],
               "collectZdxLocation": 1}),
    );
    let teams_v4 = "52.112.0.0/14,52.122.0.0/15";
    let teams_v6 = "2603:1063::/38";
    for app in [
        ip_app(
            3,
            "Microsoft Teams",
            123_456,
            "443,80",
            "3478,3479,3480,3481",
            teams_v4,
            teams_v6,
        ),
        ip_app(
            5,
            "ZOOMMEETING",
            1_234_567,
            "443,8801,8802",
            "3478,3479,8801-8810",
            "3.7.35.0/25,3.21.137.128/25",
            "",
        ),
        ip_app(
            7,
            "SharePoint",
            310,
            "443,80",
            "",
            "13.107.136.0/22,40.108.128.0/17",
            "2603:1061:1300::/40",
        ),
        ip_app(
            9,
            "Microsoft Exchange",
            340,
            "443,80",
            "443",
            "13.107.6.152/31,13.107.18.10/31",
            "2603:1006::/40",
        ),
        ip_app(
            11,
            "M365",
            370,
            "443,80",
            "",
            "13.107.6.171/32,13.107.140.6/32",
            "2620:1ec:4::/48",
        ),
        ip_app(
            13,
            "Windows 365 & Azure Virtual Desktop",
            410,
            "443",
            "3478",
            "40.64.144.0/20",
            "",
        ),
        ip_app(
            15,
            "Microsoft Teams - Worldwide",
            123_457,
            "443,80",
            "3478,3479,3480,3481",
            teams_v4,
            teams_v6,
        ),
    ] {
        tenant.insert(PREDEFINED_APPS, app);
    }
    if !demo {
        return;
    }
    tenant.insert(ADMIN_ROLES, {
        let mut r = role("2133", "Helpdesk_ReadOnly", true, "1");
        r["companyId"] = json!(COMPANY_ID);
        r
    });
    for (n, (name, role_id, role_name)) in [
        ("it.admin@acme-demo.com", "1", "Super Admin"),
        ("helpdesk.lead@acme-demo.com", "2133", "Helpdesk_ReadOnly"),
        ("auditor@acme-demo.com", "2", "Read Only"),
    ]
    .into_iter()
    .enumerate()
    {
        tenant.insert(
            ADMIN_USERS,
            json!({"id": (5000 + n).to_string(), "userName": name, "companyId": COMPANY_ID,
                   "accountEnabled": "1", "editEnabled": "1", "serviceType": "ZIA",
                   "adminRoleId": role_id, "adminRoleName": role_name,
                   "lastModifiedTime": "1735689600"}),
        );
    }
    tenant.insert(
        CUSTOM_APPS,
        json!({
            "id": 6089, "appName": "Acme ERP", "active": true, "uid": null,
            "appData": [{"proto": "TCP", "port": "8080", "ipaddr": "10.20.30.40", "fqdn": ""}],
            "appDataV6": [{"proto": "", "port": "", "ipaddr": "", "fqdn": ""}],
            "createdBy": "140371", "editedBy": "140371", "editedTimestamp": "1735689600",
            "zappDataBlob": "10.20.30.40", "zappDataBlobV6": "",
        }),
    );
}
