//! ZPA (`/zpa/mgmtconfig/v{1,2}/admin/customers/{cid}`): string ids, paged envelopes,
//! 201 on create, 204 on update and delete.

use serde_json::{Map, Value, json};

use crate::call::{Product, Reply};
use crate::routes::{Resource, Routes, ref_ids};
use crate::store::{Flavor, IdStyle, Tenant};

pub fn install(routes: &mut Routes) {
    let zpa = Flavor::Zpa;
    routes.resource(
        Resource::new(
            "zpa.segmentGroup",
            zpa,
            "/zpa/mgmtconfig/v1/admin/customers/{cid}/segmentGroup",
            "/zpa/mgmtconfig/v1/admin/customers/{cid}/segmentGroup/{id}",
            "LGCUD",
        )
        .defaults(|| json!({"enabled": true, "configSpace": "DEFAULT", "tcpKeepAliveEnabled": "0", "applications": []}))
        .guard_delete(segment_group_in_use),
    );
    routes.resource(
        Resource::new(
            "zpa.application",
            zpa,
            "/zpa/mgmtconfig/v1/admin/customers/{cid}/application",
            "/zpa/mgmtconfig/v1/admin/customers/{cid}/application/{id}",
            "LGCUD",
        )
        .required(&["name", "segmentGroupId", "domainNames"])
        .hook(application_refs),
    );
}

fn segment_group_in_use(tenant: &Tenant, id: &str) -> Result<(), Reply> {
    let used = tenant
        .rows("zpa.application")
        .filter(|a| a["segmentGroupId"].as_str() == Some(id))
        .count();
    if used == 0 {
        return Ok(());
    }
    Err(Reply::product_error(
        Product::Zpa,
        400,
        "resource.in.use",
        &format!("Segment group {id} is still used by {used} application segment(s)"),
    ))
}

fn application_refs(tenant: &Tenant, app: &mut Map<String, Value>) -> Result<(), Reply> {
    let group_id = app
        .get("segmentGroupId")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let Some(group) = tenant.get("zpa.segmentGroup", &group_id) else {
        return Err(Reply::json(
            400,
            json!({"id": "invalid.resource.argument", "params": ["segmentGroupId"],
                   "reason": "One or more input fields segmentGroupId are not valid."}),
        ));
    };
    app.insert("segmentGroupName".into(), group["name"].clone());
    let _ = ref_ids(app, "serverGroups");
    Ok(())
}

pub fn seed(tenant: &mut Tenant, demo: bool) {
    if !demo {
        return;
    }
    for name in ["Corporate Apps", "Engineering Tools", "Finance Systems"] {
        let id = tenant.new_id(IdStyle::ZpaString);
        tenant.insert(
            "zpa.segmentGroup",
            json!({"id": id, "name": name, "enabled": true, "configSpace": "DEFAULT", "applications": []}),
        );
    }
}
