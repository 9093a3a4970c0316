//! ZTW, Cloud & Branch Connector (`/ztw/api/v1`): ZIA-like (bare arrays, integer ids, 200 on
//! create and update, 204 on delete) with its own staged-change flag, activated through
//! `ecAdminActivateStatus`.

use serde_json::{Map, Value, json};

use crate::call::{Product, Reply};
use crate::routes::{Resource, Routes};
use crate::seed::DOMAIN;
use crate::store::{Flavor, IdStyle, Tenant, id_string};

macro_rules! ztw {
    ($path:literal) => {
        concat!("/ztw/api/v1", $path)
    };
}

const ORG_ID: i64 = 24_326_813;

fn error(status: u16, code: &str, message: &str) -> Reply {
    Reply::product_error(Product::Ztw, status, code, message)
}

fn invalid_arg(message: &str) -> Reply {
    error(400, "INVALID_INPUT_ARGUMENT", message)
}

fn admin_ref() -> Value {
    json!({"id": 36_599_332, "name": format!("admin@{DOMAIN}")})
}

/// Location templates and provisioning URLs report `lastModTime`/`lastModUid`.
fn mod_stamp(rec: &mut Map<String, Value>) {
    if let Some(time) = rec.remove("lastModifiedTime") {
        rec.insert("lastModTime".into(), time);
    }
    rec.remove("lastModifiedBy");
    rec.insert("lastModUid".into(), admin_ref());
}

fn list(
    routes: &mut Routes,
    pattern: &'static str,
    table: &'static str,
    shape: fn(&Value) -> Value,
) {
    routes.get(pattern, move |t, c| {
        let tenant = t.read();
        let rows: Vec<Value> = tenant.rows(table).map(shape).collect();
        Flavor::Ztw.list(c, rows.iter())
    });
}

fn id_name(row: &Value) -> Value {
    json!({"id": row["id"], "name": row["name"]})
}

pub fn install(routes: &mut Routes) {
    let ztw = Flavor::Ztw;
    routes.get(ztw!("/ecAdminActivateStatus"), |t, _| {
        Reply::ok(activation(&t.read()))
    });
    for pattern in [
        ztw!("/ecAdminActivateStatus/activate"),
        ztw!("/ecAdminActivateStatus/forcedActivate"),
    ] {
        routes.put(pattern, |t, _| {
            let mut tenant = t.write();
            tenant.ztw_pending = false;
            Reply::ok(activation(&tenant))
        });
    }

    routes.resource(
        Resource::new(
            "ztw.adminRoles",
            ztw,
            ztw!("/adminRoles"),
            ztw!("/adminRoles/{id}"),
            "LCUD",
        )
        .defaults(|| role(&Value::Null, "", 7, "READ_ONLY"))
        .hook(|_, role| {
            role.remove("lastModifiedTime");
            role.remove("lastModifiedBy");
            Ok(())
        })
        .guard_delete(|tenant, id| {
            if tenant
                .get("ztw.adminRoles", id)
                .is_some_and(|r| r["isNonEditable"] == true)
            {
                return Err(error(
                    403,
                    "INVALID_OPERATION",
                    "A predefined role cannot be deleted",
                ));
            }
            match tenant
                .rows("ztw.adminUsers")
                .find(|u| id_string(&u["role"]["id"]) == id)
            {
                Some(user) => Err(error(
                    409,
                    "RESOURCE_IN_USE",
                    &format!(
                        "Role {id} is assigned to admin {}",
                        user["userName"].as_str().unwrap_or_default()
                    ),
                )),
                None => Ok(()),
            }
        }),
    );
    routes.resource(
        Resource::new("ztw.adminUsers", ztw, ztw!("/adminUsers"), ztw!("/adminUsers/{id}"), "LGCUD")
            .required(&["loginName", "userName", "email", "role"])
            .allow_duplicate_names()
            .defaults(|| json!({"disabled": false, "adminScopeType": "ORGANIZATION", "isPasswordLoginAllowed": true}))
            .hook(|tenant, admin| {
                admin.remove("password");
                let role_id = id_string(&admin["role"]["id"]);
                let Some(role) = tenant.get("ztw.adminRoles", &role_id) else {
                    return Err(invalid_arg(&format!("Invalid role: no admin role with id {role_id}")));
                };
                admin.insert("role".into(), json!({"id": role["id"], "name": role["name"]}));
                let own = id_string(&admin["id"]);
                let login = admin["loginName"].clone();
                if tenant.rows("ztw.adminUsers").any(|u| u["loginName"] == login && id_string(&u["id"]) != own) {
                    return Err(error(409, "DUPLICATE_ITEM", &format!("Admin {login} already exists")));
                }
                Ok(())
            }),
    );

    list(
        routes,
        ztw!("/publicCloudAccountDetails/lite"),
        "ztw.accounts",
        |r| json!({"id": r["id"], "name": r["accountName"]}),
    );
    routes.resource(Resource::new(
        "ztw.accounts",
        ztw,
        ztw!("/publicCloudAccountDetails"),
        ztw!("/publicCloudAccountDetails/{id}"),
        "LG",
    ));
    list(
        routes,
        ztw!("/publicCloudInfo/lite"),
        "ztw.publicCloudInfo",
        |r| json!({"id": r["id"], "name": r["name"], "cloudType": r["cloudType"]}),
    );
    routes.get(ztw!("/publicCloudInfo/count"), |t, _| {
        Reply::ok(json!(t.read().rows("ztw.publicCloudInfo").count()))
    });
    routes.resource(Resource::new(
        "ztw.publicCloudInfo",
        ztw,
        ztw!("/publicCloudInfo"),
        ztw!("/publicCloudInfo/{id}"),
        "LG",
    ));
    routes.get(ztw!("/discoveryService/workloadDiscoverySettings"), |_, _| {
        Reply::ok(json!({"trustedAccountId": "223544365242", "trustedRole": "ZscalerTagDiscoveryRoleBasic"}))
    });

    list(
        routes,
        ztw!("/ipSourceGroups/lite"),
        "ztw.ipSourceGroups",
        id_name,
    );
    routes.resource(
        Resource::new(
            "ztw.ipSourceGroups",
            ztw,
            ztw!("/ipSourceGroups"),
            ztw!("/ipSourceGroups/{id}"),
            "LGCUD",
        )
        .defaults(|| json!({"description": "", "ipAddresses": [], "isNonEditable": false}))
        .hook(|_, g| check_ips(g, "ipAddresses"))
        .guard_delete(|t, id| in_use(t, "ipSourceGroups", "srcIpGroups", id)),
    );
    list(
        routes,
        ztw!("/ipDestinationGroups/lite"),
        "ztw.ipDestinationGroups",
        id_name,
    );
    routes.resource(
        Resource::new(
            "ztw.ipDestinationGroups",
            ztw,
            ztw!("/ipDestinationGroups"),
            ztw!("/ipDestinationGroups/{id}"),
            "LGCUD",
        )
        .defaults(|| {
            json!({"type": "DSTN_IP", "addresses": [], "description": "", "ipCategories": [],
                                "countries": [], "isNonEditable": false})
        })
        .hook(|_, g| {
            let kind = g.get("type").and_then(Value::as_str).unwrap_or("DSTN_IP");
            if !["DSTN_IP", "DSTN_FQDN", "DSTN_DOMAIN", "DSTN_OTHER"].contains(&kind) {
                return Err(invalid_arg(&format!("Invalid type {kind}")));
            }
            if kind == "DSTN_IP" {
                check_ips(g, "addresses")
            } else {
                Ok(())
            }
        })
        .guard_delete(|t, id| in_use(t, "ipDestinationGroups", "destIpGroups", id)),
    );
    list(routes, ztw!("/ipGroups/lite"), "ztw.ipGroups", id_name);
    routes.resource(
        Resource::new(
            "ztw.ipGroups",
            ztw,
            ztw!("/ipGroups"),
            ztw!("/ipGroups/{id}"),
            "LGCD",
        )
        .defaults(|| json!({"description": "", "ipAddresses": [], "isNonEditable": false}))
        .hook(|_, g| check_ips(g, "ipAddresses"))
        .guard_delete(|t, id| in_use(t, "ipGroups", "ipGroups", id)),
    );
    list(
        routes,
        ztw!("/networkServices/lite"),
        "ztw.networkServices",
        id_name,
    );
    routes.resource(
        Resource::new(
            "ztw.networkServices",
            ztw,
            ztw!("/networkServices"),
            ztw!("/networkServices/{id}"),
            "LGCUD",
        )
        .defaults(|| {
            json!({"type": "CUSTOM", "srcTcpPorts": [], "destTcpPorts": [], "srcUdpPorts": [],
                                "destUdpPorts": [], "description": "", "isNameL10nTag": false})
        })
        .hook(|_, svc| {
            svc.insert("type".into(), json!("CUSTOM"));
            let ports: usize = ["srcTcpPorts", "destTcpPorts", "srcUdpPorts", "destUdpPorts"]
                .iter()
                .map(|f| svc.get(*f).and_then(Value::as_array).map_or(0, Vec::len))
                .sum();
            if ports == 0 {
                return Err(invalid_arg(
                    "A custom network service needs at least one port",
                ));
            }
            Ok(())
        })
        .guard_delete(|tenant, id| {
            if tenant
                .get("ztw.networkServices", id)
                .is_some_and(|s| s["type"] != "CUSTOM")
            {
                return Err(error(
                    403,
                    "INVALID_OPERATION",
                    "A predefined network service cannot be deleted",
                ));
            }
            match tenant
                .rows("ztw.networkServiceGroups")
                .find(|g| refers(g, "services", id))
            {
                Some(g) => Err(error(
                    409,
                    "RESOURCE_IN_USE",
                    &format!(
                        "Network service {id} is used by group {}",
                        g["name"].as_str().unwrap_or_default()
                    ),
                )),
                None => Ok(()),
            }
        }),
    );
    routes.resource(Resource::new(
        "ztw.networkServiceGroups",
        ztw,
        ztw!("/networkServiceGroups"),
        ztw!("/networkServiceGroups/{id}"),
        "LG",
    ));

    list(routes, ztw!("/location/lite"), "ztw.locations", |r| {
        json!({"id": r["id"], "name": r["name"], "parentId": r["parentId"], "tz": r["tz"],
               "ecLocation": true, "ofwEnabled": r["ofwEnabled"], "ipsControl": r["ipsControl"]})
    });
    routes.resource(Resource::new(
        "ztw.locations",
        ztw,
        ztw!("/location"),
        ztw!("/location/{id}"),
        "LG",
    ));

    list(
        routes,
        ztw!("/locationTemplate/lite"),
        "ztw.locationTemplates",
        id_name,
    );
    routes.resource(
        Resource::new(
            "ztw.locationTemplates",
            ztw,
            ztw!("/locationTemplate"),
            ztw!("/locationTemplate/{id}"),
            "LGCUD",
        )
        .required(&["name", "template"])
        .defaults(|| json!({"desc": "", "editable": true}))
        .hook(template_hook)
        .guard_delete(|tenant, id| {
            match tenant
                .rows("ztw.provUrls")
                .find(|p| id_string(&p["provUrlData"]["locationTemplate"]["id"]) == id)
            {
                Some(p) => Err(error(
                    409,
                    "RESOURCE_IN_USE",
                    &format!(
                        "Location template {id} is used by provisioning URL {}",
                        p["name"].as_str().unwrap_or_default()
                    ),
                )),
                None => Ok(()),
            }
        }),
    );
    routes.resource(
        Resource::new(
            "ztw.provUrls",
            ztw,
            ztw!("/provUrl"),
            ztw!("/provUrl/{id}"),
            "LGCUD",
        )
        .required(&["name", "provUrlData"])
        .defaults(|| json!({"desc": "", "provUrlType": "CLOUD", "status": "NOT_DEPLOYED"}))
        .hook(prov_url_hook),
    );
    list(routes, ztw!("/ecgroup/lite"), "ztw.ecGroups", id_name);
    routes.resource(Resource::new(
        "ztw.ecGroups",
        ztw,
        ztw!("/ecgroup"),
        ztw!("/ecgroup/{id}"),
        "LG",
    ));
}

fn activation(tenant: &Tenant) -> Value {
    let (edit, admin) = if tenant.ztw_pending {
        ("EDITS_PRESENT", "ADM_EDITING")
    } else {
        ("EDITS_CLEARED", "ADM_ACTV_DONE")
    };
    json!({"orgEditStatus": edit, "orgLastActivateStatus": "CAC_ACTV_SUCCESS",
           "adminStatusMap": {}, "adminActivateStatus": admin})
}

fn refers(row: &Value, field: &str, id: &str) -> bool {
    row[field]
        .as_array()
        .is_some_and(|items| items.iter().any(|it| id_string(&it["id"]) == id))
}

/// IP groups cannot be deleted while a ZTW forwarding rule still references them.
fn in_use(tenant: &Tenant, what: &str, field: &str, id: &str) -> Result<(), Reply> {
    match tenant
        .rows("ztw.forwardingRules")
        .find(|r| refers(r, field, id))
    {
        Some(rule) => Err(error(
            409,
            "RESOURCE_IN_USE",
            &format!(
                "{what} {id} is referenced by forwarding rule {}",
                rule["name"].as_str().unwrap_or_default()
            ),
        )),
        None => Ok(()),
    }
}

fn check_ips(group: &Map<String, Value>, field: &str) -> Result<(), Reply> {
    let Some(items) = group
        .get(field)
        .and_then(Value::as_array)
        .filter(|a| !a.is_empty())
    else {
        return Err(invalid_arg(&format!("{field} cannot be empty")));
    };
    for item in items {
        let raw = item.as_str().unwrap_or_default();
        let ip = raw.split(['/', '-']).next().unwrap_or_default();
        if ip.parse::<std::net::Ipv4Addr>().is_err() {
            return Err(invalid_arg(&format!("Invalid {field}: {raw}")));
        }
    }
    Ok(())
}

fn template_defaults() -> Value {
    json!({"xffForwardEnabled": false, "authRequired": false, "cautionEnabled": false, "aupEnabled": false,
           "aupTimeoutInDays": 0, "ofwEnabled": true, "ipsControl": true, "enforceBandwidthControl": false,
           "upBandwidth": 0, "dnBandwidth": 0, "idleTimeInMinutes": 0,
           "surrogateIPEnforcedForKnownBrowsers": false, "surrogateRefreshTimeInMinutes": 0, "surrogateIP": false})
}

fn template_hook(_: &Tenant, rec: &mut Map<String, Value>) -> Result<(), Reply> {
    let Some(Value::Object(template)) = rec.get_mut("template") else {
        return Err(Reply::json(
            400,
            json!({"message": "Request body is invalid."}),
        ));
    };
    if let Value::Object(defaults) = template_defaults() {
        for (k, v) in defaults {
            template.entry(k).or_insert(v);
        }
    }
    rec.entry("desc").or_insert(json!(""));
    rec.entry("editable").or_insert(json!(true));
    mod_stamp(rec);
    Ok(())
}

fn prov_url_hook(tenant: &Tenant, rec: &mut Map<String, Value>) -> Result<(), Reply> {
    let name = rec
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let Some(Value::Object(data)) = rec.get_mut("provUrlData") else {
        return Err(Reply::json(
            400,
            json!({"message": "Request body is invalid."}),
        ));
    };
    let template_id = id_string(
        &data
            .get("locationTemplate")
            .map_or(Value::Null, |t| t["id"].clone()),
    );
    let Some(template) = tenant.get("ztw.locationTemplates", &template_id) else {
        return Err(invalid_arg(&format!(
            "Invalid locationTemplate: no template with id {template_id}"
        )));
    };
    data.insert("locationTemplate".into(), template.clone());
    for (k, v) in [
        ("zsCloudDomain", json!("zscalerthree.net")),
        ("orgId", json!(ORG_ID)),
        ("configServer", json!("ecservice.zscalerthree.net")),
        ("registrationServer", json!("ecservice.zscalerthree.net")),
        ("apiServer", json!("connector.zscalerthree.net")),
        ("pacServer", json!("pac.zscalerthree.net")),
        ("cloudProviderType", json!("AWS")),
        ("formFactor", json!("SMALL")),
        ("cellEdgeDeploy", json!(false)),
    ] {
        data.entry(k).or_insert(v);
    }
    rec.insert(
        "provUrl".into(),
        json!(format!(
            "connector.zscalerthree.net/api/v1/provUrl?name={name}"
        )),
    );
    mod_stamp(rec);
    Ok(())
}

/// Inserts `rec` under a fresh id and returns the id.
fn add(tenant: &mut Tenant, table: &'static str, mut rec: Value) -> Value {
    let id = tenant.new_id(IdStyle::Int);
    rec["id"] = id.clone();
    tenant.insert(table, rec);
    id
}

fn role(id: &Value, name: &str, rank: i64, access: &str) -> Value {
    let features: Map<String, Value> = [
        "EDGE_CONNECTOR_PUBLIC_CLOUD_CONFIG_MANAGEMENT",
        "EDGE_CONNECTOR_NSS_CONFIGURATION",
        "EDGE_CONNECTOR_TEMPLATE",
        "REMOTE_ASSISTANCE_MANAGEMENT",
        "EDGE_CONNECTOR_CLOUD_PROVISIONING",
        "EDGE_CONNECTOR_DASHBOARD",
        "APIKEY_MANAGEMENT",
        "EDGE_CONNECTOR_LOCATION_MANAGEMENT",
        "EDGE_CONNECTOR_ADMIN_MANAGEMENT",
        "EDGE_CONNECTOR_FORWARDING",
    ]
    .iter()
    .map(|f| ((*f).to_owned(), json!(access)))
    .collect();
    json!({"id": id, "rank": rank, "name": name, "policyAccess": "NONE", "alertingAccess": access,
           "dashboardAccess": "NONE", "reportAccess": "NONE", "analysisAccess": "NONE",
           "usernameAccess": "NONE", "deviceInfoAccess": "READ_ONLY", "adminAcctAccess": access,
           "featurePermissions": features, "extFeaturePermissions": {}, "isNonEditable": false,
           "logsLimit": "UNRESTRICTED", "roleType": "EDGE_CONNECTOR_ADMIN", "reportTimeDuration": -1})
}

fn location(id: &Value, name: &str, parent: &Value, country: &str, tz: &str) -> Value {
    json!({"id": id, "name": name, "nonEditable": false, "parentId": parent, "upBandwidth": 0,
           "dnBandwidth": 0, "country": country, "language": "NONE", "tz": tz, "geoOverride": false,
           "latitude": 0.0, "longitude": 0.0, "authRequired": false, "sslScanEnabled": false,
           "zappSslScanEnabled": false, "xffForwardEnabled": true, "ecLocation": true, "bcLocation": false,
           "ccLocation": true, "surrogateIP": false, "idleTimeInMinutes": 0, "ofwEnabled": true,
           "ipsControl": true, "aupEnabled": false, "cautionEnabled": false, "childCount": 0,
           "profile": "WORKLOAD", "description": format!("{name} (Cloud Connector)")})
}

pub fn seed(tenant: &mut Tenant, demo: bool) {
    let super_id = tenant.new_id(IdStyle::Int);
    let mut super_admin = role(&super_id, "Super Admin", 0, "READ_WRITE");
    super_admin["isNonEditable"] = json!(true);
    super_admin["dashboardAccess"] = json!("NONE");
    tenant.insert("ztw.adminRoles", super_admin);
    let template_id = tenant.new_id(IdStyle::Int);
    tenant.insert("ztw.locationTemplates", json!({"id": template_id, "name": "Default Location Template",
        "desc": "Created during company provisioning", "template": template_defaults(), "editable": true,
        "lastModTime": 1_639_554_322}));
    for (n, (name, tcp, udp)) in [
        ("ICMP_ANY", json!(null), json!(null)),
        ("TCP_ANY", json!([]), json!(null)),
        ("UDP_ANY", json!(null), json!([])),
        ("DNS", json!([{"start": 53}]), json!([{"start": 53}])),
        ("HTTPS", json!([{"start": 443}]), json!(null)),
    ]
    .into_iter()
    .enumerate()
    {
        let mut svc = json!({"id": 774_995 + n as i64 * 2, "name": name, "tag": name,
            "type": if n < 3 { "STANDARD" } else { "PREDEFINED" }, "description": format!("{name}_DESC"),
            "isNameL10nTag": true});
        if !tcp.is_null() {
            svc["srcTcpPorts"] = json!([]);
            svc["destTcpPorts"] = tcp;
        }
        if !udp.is_null() {
            svc["srcUdpPorts"] = json!([]);
            svc["destUdpPorts"] = udp;
        }
        tenant.insert("ztw.networkServices", svc);
    }
    if !demo {
        add(
            tenant,
            "ztw.adminUsers",
            json!({"loginName": format!("admin@{DOMAIN}"),
            "userName": "Acme Admin", "email": format!("admin@{DOMAIN}"), "role": {"id": super_id, "name": "Super Admin"},
            "disabled": false, "adminScopeType": "ORGANIZATION", "isPasswordLoginAllowed": true}),
        );
        return;
    }
    let ro_id = tenant.new_id(IdStyle::Int);
    tenant.insert(
        "ztw.adminRoles",
        role(&ro_id, "Cloud Connector Read Only", 7, "READ_ONLY"),
    );
    for (login, name, role_id) in [
        ("admin", "Acme Admin", &super_id),
        ("cloudops", "Hiro Tanaka", &super_id),
        ("netaudit", "Olga Eriksen", &ro_id),
    ] {
        let role_name = if role_id == &super_id {
            "Super Admin"
        } else {
            "Cloud Connector Read Only"
        };
        add(
            tenant,
            "ztw.adminUsers",
            json!({"loginName": format!("{login}@{DOMAIN}"), "userName": name, "email": format!("{login}@{DOMAIN}"),
            "role": {"id": role_id, "name": role_name}, "disabled": false, "adminScopeType": "ORGANIZATION",
            "isPasswordLoginAllowed": true}),
        );
    }
    let mut clouds = Vec::new();
    for (n, (name, cloud, account, regions)) in [
        (
            "acme-prod-aws",
            "AWS",
            "481516234200",
            json!(["us-east-1", "us-west-2"]),
        ),
        ("acme-dev-aws", "AWS", "481516234201", json!(["us-east-1"])),
        (
            "acme-prod-azure",
            "AZURE",
            "6f1c2a7e-9b3d-4c11-8e55-acme00000001",
            json!(["eastus"]),
        ),
    ]
    .into_iter()
    .enumerate()
    {
        let id = tenant.new_id(IdStyle::Int);
        let external = format!("ZS-EXT-{:06}", 424_242 + n);
        clouds.push(json!({"id": id, "name": name}));
        tenant.insert("ztw.publicCloudInfo", json!({"id": id, "name": name, "cloudType": cloud,
            "externalId": external, "accountDetails": {"awsAccountId": account, "awsRoleName": "ZscalerTagDiscoveryRoleBasic",
                "cloudWatchGroupArn": format!("arn:aws:logs:us-east-1:{account}:log-group:zscaler"),
                "eventBusName": "zscaler-bus", "externalId": external, "trustedAccountId": "223544365242",
                "trustedRole": "ZscalerTagDiscoveryRoleBasic"},
            "supportedRegions": regions, "lastModUid": admin_ref(), "lastModTime": 1_767_225_600,
            "permissionStatus": "VALID", "accountGroups": []}));
        add(
            tenant,
            "ztw.accounts",
            json!({"accountId": account,
            "accountName": name, "platformId": cloud, "publicCloudInfo": {"id": id, "name": name},
            "externalId": external, "regions": regions, "status": "ACTIVE"}),
        );
    }
    for (name, ips) in [
        ("AWS VPC CIDRs", json!(["10.60.0.0/16", "10.61.0.0/16"])),
        ("Azure VNets", json!(["10.70.0.0/16"])),
    ] {
        add(
            tenant,
            "ztw.ipSourceGroups",
            json!({"name": name,
            "ipAddresses": ips, "description": format!("{name} sources"), "isNonEditable": false}),
        );
    }
    for (name, addrs) in [
        ("On-prem Data Centers", json!(["10.100.0.0/16"])),
        ("Partner APIs", json!(["198.51.100.0/24"])),
    ] {
        add(
            tenant,
            "ztw.ipDestinationGroups",
            json!({"name": name,
            "type": "DSTN_IP", "addresses": addrs, "description": format!("{name} destinations"),
            "ipCategories": [], "countries": [], "isNonEditable": false}),
        );
    }
    let pool = json!({"id": tenant.new_id(IdStyle::Int), "name": "Workload Subnets"});
    tenant.insert("ztw.ipGroups", json!({"id": pool["id"], "name": "Workload Subnets",
        "ipAddresses": ["10.60.10.0/24", "10.60.11.0/24"], "description": "Workload subnets", "isNonEditable": false}));
    add(
        tenant,
        "ztw.forwardingRules",
        json!({"name": "Workloads direct to ZIA",
        "ipGroups": [pool]}),
    );
    let services: Vec<Value> = tenant
        .rows("ztw.networkServices")
        .take(2)
        .map(|s| json!({"id": s["id"], "name": s["name"]}))
        .collect();
    add(
        tenant,
        "ztw.networkServiceGroups",
        json!({"name": "Workload Egress",
        "services": services, "description": "Workload egress services"}),
    );
    let mut locations = Vec::new();
    for (name, country, tz) in [
        (
            "AWS-USE1-vpc-0acme01",
            "UNITED_STATES",
            "UNITED_STATES_AMERICA_NEW_YORK",
        ),
        (
            "AWS-USW2-vpc-0acme02",
            "UNITED_STATES",
            "UNITED_STATES_AMERICA_LOS_ANGELES",
        ),
        (
            "AZ-EUS-vnet-acme03",
            "UNITED_STATES",
            "UNITED_STATES_AMERICA_NEW_YORK",
        ),
    ] {
        let id = tenant.new_id(IdStyle::Int);
        locations.push(json!({"id": id, "name": name}));
        tenant.insert("ztw.locations", location(&id, name, &json!(0), country, tz));
    }
    let template = tenant.new_id(IdStyle::Int);
    let template_rec = json!({"id": template, "name": "aws-us-east-1", "template": {"templatePrefix": "AWS-USE1",
        "xffForwardEnabled": true, "authRequired": false, "cautionEnabled": false, "aupEnabled": false,
        "aupTimeoutInDays": 0, "ofwEnabled": true, "ipsControl": true, "enforceBandwidthControl": false,
        "upBandwidth": 0, "dnBandwidth": 0, "idleTimeInMinutes": 0, "surrogateIPEnforcedForKnownBrowsers": false,
        "surrogateRefreshTimeInMinutes": 0, "surrogateIP": false}, "editable": false, "lastModUid": admin_ref(),
        "lastModTime": 1_767_225_600});
    tenant.insert("ztw.locationTemplates", template_rec.clone());
    add(
        tenant,
        "ztw.provUrls",
        json!({"name": "AWS-USE1", "desc": "AWS us-east-1",
        "provUrl": "connector.zscalerthree.net/api/v1/provUrl?name=AWS-USE1", "provUrlType": "CLOUD",
        "provUrlData": {"zsCloudDomain": "zscalerthree.net", "orgId": ORG_ID, "configServer": "ecservice.zscalerthree.net",
            "registrationServer": "ecservice.zscalerthree.net", "apiServer": "connector.zscalerthree.net",
            "pacServer": "pac.zscalerthree.net", "locationTemplate": template_rec, "cloudProviderType": "AWS",
            "formFactor": "SMALL", "cellEdgeDeploy": false},
        "status": "DEPLOYED", "lastModUid": admin_ref(), "lastModTime": 1_767_229_200}),
    );
    for (n, loc) in locations.iter().enumerate() {
        add(
            tenant,
            "ztw.ecGroups",
            json!({"name": format!("{}-group", loc["name"].as_str().unwrap_or_default()), "desc": "Cloud Connector group",
            "deployType": "CLOUD", "status": ["ACTIVE"], "platform": if n == 2 { "AZURE" } else { "AWS" },
            "awsAvailabilityZone": "us-east-1a", "location": loc, "provTemplate": {"id": template, "name": "aws-us-east-1"},
            "tunnelMode": "ENCRYPTED", "maxEcCount": 2,
            "ecVMs": [{"id": 9_000_000 + n as i64, "name": format!("zs-cc-vm-{n}"), "status": ["ACTIVE"],
                       "operationalStatus": "ACTIVE", "formFactor": "SMALL", "managementNw": {"ipStart": format!("10.60.{n}.10")}}]}),
        );
    }
}
