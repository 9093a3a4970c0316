//! ZPA (`/zpa/mgmtconfig/v{1,2}/admin/customers/{cid}` and `/zpa/userconfig/v1/customers/{cid}`):
//! numeric-string ids, `{totalPages,totalCount,list}` envelopes with string numbers, 201 on
//! create (provisioning keys 200), 204 on update and delete, `{id, reason, params}` errors.
//!
//! Records are stored in the shape the real API answers a create with; each resource's `view`
//! adds what only a GET shows (names of references, `microtenantName`, derived lists).
//! A PUT merges over the stored record, as the recorded tenant does for partial bodies.

mod apps;
mod connectors;
mod demo;
mod identity;
mod policy;
mod services;

use serde_json::{Map, Value, json};

use crate::call::{Body, Product, Reply};
use crate::routes::Routes;
use crate::seed::Rng;
use crate::store::{Tenant, id_string};

macro_rules! v1 {
    ($path:literal) => {
        concat!("/zpa/mgmtconfig/v1/admin/customers/{cid}/", $path)
    };
}
macro_rules! v2 {
    ($path:literal) => {
        concat!("/zpa/mgmtconfig/v2/admin/customers/{cid}/", $path)
    };
}
macro_rules! uc {
    ($path:literal) => {
        concat!("/zpa/userconfig/v1/customers/{cid}/", $path)
    };
}
pub(crate) use {uc, v1, v2};

pub fn install(routes: &mut Routes) {
    apps::install(routes);
    connectors::install(routes);
    policy::install(routes);
    identity::install(routes);
    services::install(routes);
}

/// Every tenant has its policy sets, enrollment certificates and the Default microtenant.
pub fn seed(tenant: &mut Tenant, demo: bool) {
    policy::seed_policy_sets(tenant);
    connectors::seed_enrollment_certs(tenant);
    services::seed_default_microtenant(tenant);
    if demo {
        demo::seed(tenant);
    }
}

/// The admin id the real tenant stamps on API writes (`modifiedBy`).
pub(crate) const API_ADMIN: &str = "216196257331372705";

/// The validation error ZPA answers for a missing, malformed or dangling field.
pub(crate) fn invalid(field: &str) -> Reply {
    Reply::json(
        400,
        json!({"id": "invalid.resource.argument", "params": [field],
               "reason": format!("One or more input fields {field} are not valid.")}),
    )
}

pub(crate) fn in_use(message: &str) -> Reply {
    Reply::product_error(Product::Zpa, 400, "resource.in.use", message)
}

pub(crate) fn not_found(id: &str) -> Reply {
    Reply::not_found(Product::Zpa, id)
}

/// The ids of a `[{"id": …}]` reference list; ids may arrive as strings or numbers.
pub(crate) fn ref_list(value: Option<&Value>) -> Vec<String> {
    value
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .map(|it| match it {
                    Value::Object(_) => id_string(&it["id"]),
                    other => id_string(other),
                })
                .filter(|id| !id.is_empty())
                .collect()
        })
        .unwrap_or_default()
}

/// Checks that every reference in `field` exists in `table` and stores the list as
/// `[{"id": "…"}]`, so views can expand it from the live objects.
pub(crate) fn normalise_refs(
    tenant: &Tenant,
    record: &mut Map<String, Value>,
    field: &str,
    table: &str,
) -> Result<Vec<String>, Reply> {
    if record
        .get(field)
        .is_some_and(|v| !v.is_array() && !v.is_null())
    {
        return Err(invalid(field));
    }
    let ids = ref_list(record.get(field));
    if ids.iter().any(|id| tenant.get(table, id).is_none()) {
        return Err(invalid(field));
    }
    if record.contains_key(field) {
        let refs: Vec<Value> = ids.iter().map(|id| json!({"id": id})).collect();
        record.insert(field.into(), Value::Array(refs));
    }
    Ok(ids)
}

/// The stored version of a record a hook is looking at: `Some` on update, `None` on create.
pub(crate) fn stored<'a>(
    tenant: &'a Tenant,
    table: &str,
    record: &Map<String, Value>,
) -> Option<&'a Value> {
    record
        .get("id")
        .and_then(|id| tenant.get(table, &id_string(id)))
}

/// A copy of `record` with only the listed keys that are present.
pub(crate) fn pick(record: &Value, keys: &[&str]) -> Value {
    let mut out = Map::new();
    for key in keys {
        if let Some(v) = record.get(*key) {
            out.insert((*key).into(), v.clone());
        }
    }
    Value::Object(out)
}

/// A copy of `record` without the listed keys.
pub(crate) fn without(record: &Value, keys: &[&str]) -> Value {
    let mut out = record.as_object().cloned().unwrap_or_default();
    for key in keys {
        out.remove(*key);
    }
    Value::Object(out)
}

/// `record` as an object map, for views that add fields.
pub(crate) fn object(record: &Value) -> Map<String, Value> {
    record.as_object().cloned().unwrap_or_default()
}

/// The microtenant a record belongs to, by name, as every GET shows it.
pub(crate) fn microtenant_name(tenant: &Tenant, record: &Value) -> Value {
    let id = id_string(&record["microtenantId"]);
    let name = if id.is_empty() {
        None
    } else {
        tenant
            .get(services::MICROTENANTS, &id)
            .map(|m| m["name"].clone())
    };
    name.unwrap_or_else(|| json!("Default"))
}

/// ZPA sends most numbers as strings; accept either and store the string.
pub(crate) fn string_number(record: &mut Map<String, Value>, field: &str) -> Result<(), Reply> {
    match record.get(field) {
        None | Some(Value::Null) => Ok(()),
        Some(Value::Number(n)) => {
            let text = n.to_string();
            record.insert(field.into(), Value::String(text));
            Ok(())
        }
        Some(Value::String(s)) if s.trim().parse::<i64>().is_ok() => Ok(()),
        Some(_) => Err(invalid(field)),
    }
}

/// Adds the `currentCount` some v2 lists carry next to `totalCount`.
pub(crate) fn with_current_count(mut reply: Reply) -> Reply {
    if let Body::Json(Value::Object(env)) = &mut reply.body {
        let shown = env
            .get("list")
            .and_then(Value::as_array)
            .map_or(0, Vec::len);
        let mut out = Map::new();
        for (k, v) in std::mem::take(env) {
            if k == "totalCount" {
                out.insert("currentCount".into(), json!(shown.to_string()));
            }
            out.insert(k, v);
        }
        *env = out;
    }
    reply
}

/// A PEM block of deterministic filler: the emulator never hands out real key material.
pub(crate) fn fake_pem(rng: &mut Rng, label: &str, lines: usize) -> String {
    const B64: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut pem = format!("-----BEGIN {label}-----\n");
    for _ in 0..lines {
        let line: String = (0..64)
            .map(|_| B64[rng.below(64) as usize] as char)
            .collect();
        pem.push_str(&line);
        pem.push('\n');
    }
    pem.push_str(&format!("-----END {label}-----\n"));
    pem
}

/// A random lower-case UUID from the tenant's deterministic stream.
pub(crate) fn uuid(rng: &mut Rng) -> String {
    let a = rng.next_u64();
    let b = rng.next_u64();
    format!(
        "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0x0fff,
        (b >> 48) & 0x3fff | 0x8000,
        b & 0xffff_ffff_ffff
    )
}

pub(crate) fn now() -> String {
    crate::store::epoch_seconds().to_string()
}

/// ZPA's answer to a create whose name is taken.
pub(crate) fn duplicate(name: &str) -> Reply {
    Reply::product_error(
        Product::Zpa,
        400,
        "resource.already.exist",
        &format!("A resource with name {name} already exists"),
    )
}

/// ZPA never serialises null fields, so a null in a body clears the field.
pub(crate) fn drop_nulls(record: &mut Map<String, Value>) {
    record.retain(|_, v| !v.is_null());
}
