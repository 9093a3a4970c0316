//! ZIA (`/zia/api/v1`): bare-array lists, integer ids, writes staged until activation.

use serde_json::{Value, json};

use crate::call::Reply;
use crate::routes::{Resource, Routes};
use crate::seed::{DEPARTMENTS, DOMAIN, FIRST_NAMES, LAST_NAMES};
use crate::store::{Flavor, IdStyle, Tenant};

const BASE: &str = "/zia/api/v1";

pub fn install(routes: &mut Routes) {
    let zia = Flavor::Zia;
    routes.resource(
        Resource::new(
            "zia.users",
            zia,
            "/zia/api/v1/users",
            "/zia/api/v1/users/{id}",
            "LGCUD",
        )
        .required(&["name", "email", "groups", "department"]),
    );
    routes.resource(Resource::new(
        "zia.groups",
        zia,
        "/zia/api/v1/groups",
        "/zia/api/v1/groups/{id}",
        "LGCUD",
    ));
    routes.resource(Resource::new(
        "zia.departments",
        zia,
        "/zia/api/v1/departments",
        "/zia/api/v1/departments/{id}",
        "LGCUD",
    ));
    routes.get("/zia/api/v1/status", |t, _| {
        let pending = t.read().zia_pending;
        Reply::ok(json!({"status": if pending { "PENDING" } else { "ACTIVE" }}))
    });
    routes.post("/zia/api/v1/status/activate", |t, _| {
        t.write().zia_pending = false;
        Reply::ok(json!({"status": "ACTIVE"}))
    });
    let _ = BASE;
}

pub fn seed(tenant: &mut Tenant, demo: bool) {
    if !demo {
        return;
    }
    let mut departments = Vec::new();
    for name in DEPARTMENTS {
        let id = tenant.new_id(IdStyle::Int);
        let dept = json!({"id": id, "name": name, "idpId": 0, "comments": "", "deleted": false});
        departments.push(json!({"id": id, "name": name}));
        tenant.insert("zia.departments", dept);
    }
    let mut groups = Vec::new();
    for name in [
        "All Employees",
        "Contractors",
        "Executives",
        "Developers",
        "Finance Team",
        "Help Desk",
    ] {
        let id = tenant.new_id(IdStyle::Int);
        groups.push(json!({"id": id, "name": name}));
        tenant.insert(
            "zia.groups",
            json!({"id": id, "name": name, "idpId": 0, "comments": "", "isSystemDefined": false}),
        );
    }
    for n in 0..620 {
        let first = *tenant.rng.pick(FIRST_NAMES);
        let last = *tenant.rng.pick(LAST_NAMES);
        let dept = tenant.rng.pick(&departments).clone();
        let group = tenant.rng.pick(&groups).clone();
        let id = tenant.new_id(IdStyle::Int);
        let user: Value = json!({
            "id": id,
            "name": format!("{first} {last}"),
            "email": format!("{}.{}{n}@{DOMAIN}", first.to_lowercase(), last.to_lowercase()),
            "groups": [group],
            "department": dept,
            "comments": "",
            "adminUser": false,
            "type": "",
            "deleted": false,
        });
        tenant.insert("zia.users", user);
    }
}
