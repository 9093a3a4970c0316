//! Users, groups, departments, admin users and roles, and activation.

use serde_json::{Map, Value, json};

use super::{
    as_is, body_map, error, get_route, id_name, in_use, invalid_arg, list_route, project,
    resolve_refs, rule_using,
};
use crate::call::Reply;
use crate::routes::{Resource, Routes};
use crate::seed::{DEPARTMENTS, DOMAIN, FIRST_NAMES, LAST_NAMES};
use crate::store::{Flavor, IdStyle, Tenant, id_string};

const GROUPS: &[&str] = &[
    "All Employees",
    "Contractors",
    "Executives",
    "Developers",
    "Finance Team",
    "Help Desk",
    "Sales EMEA",
    "Sales Americas",
    "Security Operations",
    "Remote Workers",
];

pub fn install(routes: &mut Routes) {
    let zia = Flavor::Zia;
    routes.post(api!("/users/bulkDelete"), |t, c| {
        let body = match body_map(c) {
            Ok(body) => body,
            Err(reply) => return reply,
        };
        let Some(ids) = body.get("ids").and_then(Value::as_array) else {
            return invalid_arg("ids cannot be null");
        };
        if ids.len() > 500 {
            return invalid_arg("At most 500 users can be deleted at once");
        }
        let mut tenant = t.write();
        let deleted: Vec<Value> = ids
            .iter()
            .filter(|id| {
                tenant
                    .table_mut("zia.users")
                    .shift_remove(&id_string(id))
                    .is_some()
            })
            .cloned()
            .collect();
        Flavor::Zia.mark_pending(&mut tenant);
        Reply::ok(json!({"ids": deleted}))
    });
    routes.resource(
        Resource::new(
            "zia.users",
            zia,
            api!("/users"),
            api!("/users/{id}"),
            "LGCUD",
        )
        .required(&["name", "email", "groups", "department"])
        .defaults(|| {
            json!({"comments": "", "adminUser": false, "isNonEditable": false,
                   "pwdLastModifiedTime": 0, "deleted": false, "pilotUser": false})
        })
        .hook(user_refs)
        .list_filter(|row, call| {
            let dept = call.query("dept").map(str::to_lowercase);
            let group = call.query("group").map(str::to_lowercase);
            let dept_ok = dept.is_none_or(|d| {
                row["department"]["name"]
                    .as_str()
                    .is_some_and(|n| n.to_lowercase().contains(&d))
            });
            let group_ok = group.is_none_or(|g| {
                row["groups"].as_array().is_some_and(|gs| {
                    gs.iter().any(|it| {
                        it["name"]
                            .as_str()
                            .is_some_and(|n| n.to_lowercase().contains(&g))
                    })
                })
            });
            dept_ok && group_ok
        }),
    );
    list_route(routes, api!("/groups/lite"), "zia.groups", id_name);
    routes.resource(
        Resource::new(
            "zia.groups",
            zia,
            api!("/groups"),
            api!("/groups/{id}"),
            "LGCUD",
        )
        .defaults(|| json!({"comments": ""}))
        .guard_delete(|tenant, id| {
            member_of(tenant, "groups", id).map_or(Ok(()), |user| Err(in_use("Group", id, &user)))
        }),
    );
    list_route(
        routes,
        api!("/departments/lite"),
        "zia.departments",
        id_name,
    );
    get_route(
        routes,
        api!("/departments/lite/{id}"),
        "zia.departments",
        id_name,
    );
    routes.resource(
        Resource::new(
            "zia.departments",
            zia,
            api!("/departments"),
            api!("/departments/{id}"),
            "LGCUD",
        )
        .defaults(|| json!({"comments": ""}))
        .guard_delete(|tenant, id| {
            member_of(tenant, "department", id)
                .or_else(|| rule_using(tenant, &["departments"], id))
                .map_or(Ok(()), |user| Err(in_use("Department", id, &user)))
        }),
    );

    list_route(routes, api!("/adminUsers"), "zia.adminUsers", |_, row| {
        let mut row = row.clone();
        if let Some(map) = row.as_object_mut() {
            map.remove("isPasswordLoginAllowed");
        }
        row
    });
    get_route(routes, api!("/adminUsers/{id}"), "zia.adminUsers", as_is);
    list_route(
        routes,
        api!("/adminRoles/lite"),
        "zia.adminRoles",
        |_, row| {
            project(
                row,
                &["id", "rank", "name", "roleType", "reportTimeDuration"],
            )
        },
    );
    get_route(routes, api!("/adminRoles/{id}"), "zia.adminRoles", as_is);
    routes.post(api!("/adminRoles"), |_, _| {
        error(
            403,
            "SCOPE_LIMITED",
            "Only super admins can create, update or delete a role.",
        )
    });

    routes.get(api!("/status"), |t, _| {
        let pending = t.read().zia_pending;
        Reply::ok(json!({"status": if pending { "PENDING" } else { "ACTIVE" }}))
    });
    routes.post(api!("/status/activate"), |t, _| {
        t.write().zia_pending = false;
        Reply::ok(json!({"status": "ACTIVE"}))
    });
    routes.get(api!("/eusaStatus/latest"), |_, _| {
        Reply::ok(
            json!({"id": 3183, "version": {"id": 7, "name": "'SLA-11-01-16'"},
                         "acceptedStatus": true}),
        )
    });
    routes.get(api!("/authenticatedSession"), |_, _| {
        Reply::ok(
            json!({"authType": "ADMIN_API_KEY_LOGIN", "obfuscateApiKey": false,
                         "passwordExpiryTime": 0, "passwordExpiryDays": 0, "source": "API"}),
        )
    });
}

fn user_refs(tenant: &Tenant, user: &mut Map<String, Value>) -> Result<(), Reply> {
    // The password is write-only: accepted, never returned.
    user.remove("password");
    resolve_refs(
        tenant,
        user,
        &[("groups", "zia.groups"), ("department", "zia.departments")],
    )
}

fn member_of(tenant: &Tenant, field: &str, id: &str) -> Option<String> {
    tenant
        .rows("zia.users")
        .find(|u| super::refers_to(u, field, id))
        .map(|u| format!("user \"{}\"", u["name"].as_str().unwrap_or_default()))
}

const ROLES: &[(&str, i64, &str)] = &[
    ("Super Admin", 7, "EXEC_INSIGHT_AND_ORG_ADMIN"),
    ("Security Analyst", 5, "ORG_ADMIN"),
    ("Help Desk Read Only", 3, "ORG_ADMIN"),
    ("Auditor", 7, "AUDITOR"),
];

fn role_record(id: &Value, name: &str, rank: i64, role_type: &str) -> Value {
    let write = if name.contains("Read") || role_type == "AUDITOR" {
        "READ_ONLY"
    } else {
        "READ_WRITE"
    };
    let features: Map<String, Value> = [
        "LOCATIONS",
        "FIREWALL_CONTROL",
        "SSL_POLICY",
        "INLINE_DLP",
        "FILE_TYPE_CONTROL",
        "CLOUD_APP_CONTROL",
        "IP_FQDN_GROUPS",
        "VPN_CREDENTIALS",
        "AUTHENTICATION_SETTINGS",
        "DEVICE_MANAGEMENT",
    ]
    .iter()
    .map(|f| ((*f).to_owned(), json!(write)))
    .collect();
    json!({
        "id": id, "rank": rank, "name": name,
        "alertingAccess": write, "dashboardAccess": write, "reportAccess": write,
        "analysisAccess": "READ_ONLY", "usernameAccess": "READ_ONLY", "deviceInfoAccess": "READ_ONLY",
        "aiPromptAccess": "READ_ONLY", "featurePermissions": features,
        "adminAcctAccess": write, "isAuditor": role_type == "AUDITOR", "permissions": [],
        "isNonEditable": name == "Super Admin", "logsLimit": "UNRESTRICTED",
        "roleType": role_type, "reportTimeDuration": -1,
    })
}

pub fn seed(tenant: &mut Tenant, demo: bool) {
    let mut roles = Vec::new();
    for (name, rank, role_type) in ROLES {
        let id = tenant.new_id(IdStyle::Int);
        roles.push(json!({"id": id, "name": name, "isNameL10nTag": false,
                          "extensions": {"adminRank": rank.to_string(), "roleType": role_type}}));
        tenant.insert("zia.adminRoles", role_record(&id, name, *rank, role_type));
    }
    let admins: &[(&str, &str, usize)] = if demo {
        &[
            ("admin", "Acme Admin", 0),
            ("soc.lead", "Grace Okafor", 1),
            ("soc.analyst", "Tariq Haddad", 1),
            ("helpdesk", "Ben Brooks", 2),
            ("auditor", "Olga Eriksen", 3),
            ("netops", "Hiro Tanaka", 0),
        ]
    } else {
        &[("admin", "Acme Admin", 0)]
    };
    for (login, name, role) in admins {
        let id = tenant.new_id(IdStyle::Int);
        tenant.insert(
            "zia.adminUsers",
            json!({
                "id": id, "loginName": format!("{login}@{DOMAIN}"), "userName": name,
                "email": format!("{login}@{DOMAIN}"), "role": roles[*role],
                "adminScopescopeGroupMemberEntities": [], "adminScopeType": "ORGANIZATION",
                "adminScopeScopeEntities": [], "disabled": false, "isPasswordLoginAllowed": true,
                "pwdLastModifiedTime": 1_767_225_600, "name": name,
            }),
        );
    }
    if !demo {
        return;
    }
    let mut departments = Vec::new();
    for name in DEPARTMENTS {
        let id = tenant.new_id(IdStyle::Int);
        departments.push(json!({"id": id, "name": name}));
        tenant.insert(
            "zia.departments",
            json!({"id": id, "name": name, "comments": format!("{name} department")}),
        );
    }
    let mut groups = Vec::new();
    for name in GROUPS {
        let id = tenant.new_id(IdStyle::Int);
        groups.push(json!({"id": id, "name": name}));
        tenant.insert(
            "zia.groups",
            json!({"id": id, "name": name, "comments": format!("{name} (synced from Entra ID)")}),
        );
    }
    for n in 0..620 {
        let first = *tenant.rng.pick(FIRST_NAMES);
        let last = *tenant.rng.pick(LAST_NAMES);
        let dept = tenant.rng.pick(&departments).clone();
        let mut member_of = vec![groups[0].clone()];
        let extra = tenant.rng.pick(&groups[1..]).clone();
        member_of.push(extra);
        let id = tenant.new_id(IdStyle::Int);
        let user = json!({
            "id": id,
            "name": format!("{first} {last}"),
            "email": format!("{}.{}{n}@{DOMAIN}", first.to_lowercase(), last.to_lowercase()),
            "groups": member_of,
            "department": dept,
            "comments": "",
            "adminUser": false,
            "isNonEditable": false,
            "pwdLastModifiedTime": 0,
            "deleted": false,
            "pilotUser": tenant.rng.chance(5),
        });
        tenant.insert("zia.users", user);
    }
}

/// `{id, name}` of a seeded row of `table` whose name is `name` (seeding helper).
pub(crate) fn reference(tenant: &Tenant, table: &str, name: &str) -> Value {
    tenant
        .rows(table)
        .find(|r| r["name"].as_str() == Some(name))
        .map(|r| json!({"id": r["id"], "name": r["name"]}))
        .unwrap_or(Value::Null)
}
