//! Identity providers with their SAML and SCIM attributes, SCIM groups (userconfig: integer
//! ids and envelopes), posture profiles, trusted networks and machine groups.

use serde_json::{Map, Value, json};

use super::{in_use, invalid, not_found, object, policy, uc, v1, v2, with_current_count};
use crate::call::{Call, Reply};
use crate::routes::{Resource, Routes, TenantLock};
use crate::store::{Flavor, Tenant, id_string};

pub(crate) const IDPS: &str = "zpa.idp";
pub(crate) const SAML_ATTRIBUTES: &str = "zpa.samlAttribute";
pub(crate) const SCIM_ATTRIBUTES: &str = "zpa.scimAttribute";
/// Values of each SCIM attribute as the IdP has pushed them, keyed by attribute id.
pub(crate) const SCIM_VALUES: &str = "zpa.scimAttributeValues";
pub(crate) const SCIM_GROUPS: &str = "zpa.scimGroup";
pub(crate) const POSTURES: &str = "zpa.posture";
pub(crate) const NETWORKS: &str = "zpa.network";
pub(crate) const MACHINE_GROUPS: &str = "zpa.machineGroup";

pub fn install(routes: &mut Routes) {
    let zpa = Flavor::Zpa;
    routes.resource(Resource::new(IDPS, zpa, v2!("idp"), v1!("idp/{id}"), "LG"));

    routes.get(v2!("samlAttribute"), |t, c| {
        let tenant = t.read();
        let rows: Vec<Value> = tenant
            .rows(SAML_ATTRIBUTES)
            .map(|a| saml_view(&tenant, a))
            .collect();
        with_current_count(Flavor::Zpa.list(c, rows.iter()))
    });
    routes.get(v2!("samlAttribute/idp/{id}"), |t, c| {
        let tenant = t.read();
        let idp = c.param("id");
        if tenant.get(IDPS, idp).is_none() {
            return not_found(idp);
        }
        let rows: Vec<Value> = tenant
            .rows(SAML_ATTRIBUTES)
            .filter(|a| id_string(&a["idpId"]) == idp)
            .map(|a| saml_view(&tenant, a))
            .collect();
        with_current_count(Flavor::Zpa.list(c, rows.iter()))
    });
    routes.resource(
        Resource::new(
            SAML_ATTRIBUTES,
            zpa,
            v1!("samlAttribute"),
            v1!("samlAttribute/{id}"),
            "GCUD",
        )
        .required(&["name", "samlName", "idpId"])
        .defaults(|| json!({"userAttribute": false}))
        .merge_on_update()
        .hook(saml_hook)
        .view(saml_view)
        .guard_delete(
            |tenant, id| match policy::rule_referencing(tenant, "SAML", id) {
                Some(rule) => Err(in_use(&format!(
                    "SAML attribute {id} is used by policy rule {rule}"
                ))),
                None => Ok(()),
            },
        ),
    );

    routes.get(v1!("idp/{id}/scimattribute"), |t, c| {
        let tenant = t.read();
        let idp = c.param("id");
        if tenant.get(IDPS, idp).is_none() {
            return not_found(idp);
        }
        let rows: Vec<&Value> = tenant
            .rows(SCIM_ATTRIBUTES)
            .filter(|a| id_string(&a["idpId"]) == idp)
            .collect();
        with_current_count(Flavor::Zpa.list(c, rows.into_iter()))
    });
    routes.get(v1!("idp/{id}/scimattribute/{attr}"), |t, c| {
        let tenant = t.read();
        let attr = c.param("attr");
        match tenant
            .get(SCIM_ATTRIBUTES, attr)
            .filter(|a| id_string(&a["idpId"]) == c.param("id"))
        {
            Some(a) => Reply::ok(a.clone()),
            None => not_found(attr),
        }
    });
    routes.get(
        uc!("scimattribute/idpId/{idpId}/attributeId/{attr}"),
        scim_values,
    );

    routes.get(uc!("scimgroup/idpId/{idpId}"), scim_groups);
    routes.get(uc!("scimgroup/{id}"), |t, c| {
        let tenant = t.read();
        match tenant.get(SCIM_GROUPS, c.param("id")) {
            Some(group) => Reply::ok(group.clone()),
            None => not_found(c.param("id")),
        }
    });

    routes.resource(Resource::new(
        POSTURES,
        zpa,
        v2!("posture"),
        v1!("posture/{id}"),
        "LG",
    ));
    routes.resource(Resource::new(
        NETWORKS,
        zpa,
        v2!("network"),
        v1!("network/{id}"),
        "LG",
    ));
    // Only a single machine group GET carries the read-only flags.
    routes.resource(
        Resource::new(
            MACHINE_GROUPS,
            zpa,
            v1!("machineGroup"),
            v1!("machineGroup/{id}"),
            "L",
        )
        .view(|_, g| super::without(g, &["readOnly", "zscalerManaged"])),
    );
    routes.resource(Resource::new(
        MACHINE_GROUPS,
        zpa,
        v1!("machineGroup"),
        v1!("machineGroup/{id}"),
        "G",
    ));
}

fn saml_hook(tenant: &Tenant, attr: &mut Map<String, Value>) -> Result<(), Reply> {
    super::drop_nulls(attr);
    let idp = id_string(attr.get("idpId").unwrap_or(&Value::Null));
    if tenant.get(IDPS, &idp).is_none() {
        return Err(invalid("idpId"));
    }
    attr.insert("idpId".into(), json!(idp));
    if !attr.get("samlName").is_some_and(Value::is_string) {
        return Err(invalid("samlName"));
    }
    attr.remove("idpName");
    Ok(())
}

fn saml_view(tenant: &Tenant, attr: &Value) -> Value {
    let mut out = object(attr);
    if let Some(idp) = tenant.get(IDPS, &id_string(&attr["idpId"])) {
        let mut shown = Map::new();
        for (k, v) in out {
            let is_saml_name = k == "samlName";
            shown.insert(k, v);
            if is_saml_name {
                shown.insert("idpName".into(), idp["name"].clone());
            }
        }
        out = shown;
    }
    Value::Object(out)
}

fn scim_values(t: &TenantLock, c: &Call) -> Reply {
    let tenant = t.read();
    let attr = c.param("attr");
    let belongs = tenant
        .get(SCIM_ATTRIBUTES, attr)
        .is_some_and(|a| id_string(&a["idpId"]) == c.param("idpId"));
    if !belongs {
        return not_found(attr);
    }
    let values: Vec<Value> = tenant
        .get(SCIM_VALUES, attr)
        .and_then(|v| v["values"].as_array().cloned())
        .unwrap_or_default();
    Flavor::ZpaUserconfig.list(c, values.iter())
}

/// SCIM group search is a plain case-insensitive substring of the name, not a filter
/// expression, so it is applied here and the standard paging does the rest.
fn scim_groups(t: &TenantLock, c: &Call) -> Reply {
    let tenant = t.read();
    let idp = c.param("idpId");
    if tenant.get(IDPS, idp).is_none() {
        return not_found(idp);
    }
    let needle = c.query("search").unwrap_or_default().to_lowercase();
    let rows: Vec<&Value> = tenant
        .rows(SCIM_GROUPS)
        .filter(|g| id_string(&g["idpId"]) == idp)
        .filter(|g| {
            needle.is_empty()
                || g["name"]
                    .as_str()
                    .is_some_and(|n| n.to_lowercase().contains(&needle))
        })
        .collect();
    let paging = Call {
        method: c.method.clone(),
        path: c.path.clone(),
        params: c.params.clone(),
        query: c
            .query
            .iter()
            .filter(|(k, _)| k != "search")
            .cloned()
            .collect(),
        body: None,
        origin: c.origin.clone(),
    };
    Flavor::ZpaUserconfig.list(&paging, rows.into_iter())
}
