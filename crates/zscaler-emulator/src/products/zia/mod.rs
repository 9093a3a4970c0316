//! ZIA (`/zia/api/v1`): bare-array lists, integer ids (URL categories and network
//! applications use string ids), 200 on create and update, 204 on delete, and every write
//! staged until `POST /status/activate`.
//!
//! Submodules follow the admin console's sections; this file holds what they share:
//! error bodies, `{id,name}` reference resolution, in-use checks and singleton settings.

use serde_json::{Map, Value, json};

use crate::call::{Call, Product, Reply};
use crate::routes::Routes;
use crate::store::{Flavor, Tenant, id_string};

/// `api!("/users")` → `"/zia/api/v1/users"`, usable where a `&'static str` pattern is needed.
macro_rules! api {
    ($path:literal) => {
        concat!("/zia/api/v1", $path)
    };
}

mod directory;
mod firewall;
mod locations;
mod policy;
mod security;
mod settings;
mod urls;

/// Every table holding ordered policy rules, so in-use checks can scan them all.
const RULE_TABLES: &[&str] = &[
    "zia.urlFilteringRules",
    "zia.firewallFilteringRules",
    "zia.firewallDnsRules",
    "zia.firewallIpsRules",
    "zia.sslInspectionRules",
    "zia.webDlpRules",
    "zia.fileTypeRules",
    "zia.sandboxRules",
    "zia.webApplicationRules",
];

/// Who the emulator says made server-side changes (the recordings redact the real name).
pub(crate) fn admin_ref() -> Value {
    json!({"id": 19_390_071, "name": "admin@acme-demo.com"})
}

pub fn install(routes: &mut Routes) {
    directory::install(routes);
    locations::install(routes);
    firewall::install(routes);
    urls::install(routes);
    security::install(routes);
    settings::install(routes);
}

pub fn seed(tenant: &mut Tenant, demo: bool) {
    // Order matters: later sections reference objects the earlier ones created.
    directory::seed(tenant, demo);
    locations::seed(tenant, demo);
    firewall::seed(tenant, demo);
    urls::seed(tenant, demo);
    security::seed(tenant, demo);
    settings::seed(tenant, demo);
}

pub(crate) fn error(status: u16, code: &str, message: &str) -> Reply {
    Reply::product_error(Product::Zia, status, code, message)
}

/// The bare `{"message": ...}` ZIA sends when the body does not fit the object's schema.
pub(crate) fn invalid_body() -> Reply {
    Reply::json(400, json!({"message": "Request body is invalid."}))
}

pub(crate) fn invalid_arg(message: &str) -> Reply {
    error(400, "INVALID_INPUT_ARGUMENT", message)
}

pub(crate) fn in_use(what: &str, id: &str, user: &str) -> Reply {
    error(
        409,
        "RESOURCE_IN_USE",
        &format!("{what} {id} cannot be deleted: it is referenced by {user}"),
    )
}

pub(crate) fn predefined_refusal(what: &str) -> Reply {
    error(
        403,
        "INVALID_OPERATION",
        &format!("A predefined {what} cannot be deleted"),
    )
}

pub(crate) fn body_map(call: &Call) -> Result<&Map<String, Value>, Reply> {
    match &call.body {
        Some(Value::Object(map)) => Ok(map),
        _ => Err(invalid_body()),
    }
}

/// `true`/`True`/`1` as ZIA's Java backend reads boolean query parameters.
pub(crate) fn query_flag(call: &Call, name: &str) -> Option<bool> {
    call.query_ci(name).map(|v| {
        let v = v.to_ascii_lowercase();
        v == "true" || v == "1"
    })
}

/// Resolves `{id}` references in `record[field]` (an array or a single object) against
/// `table`, storing them as the `{id, name}` pairs ZIA returns. A dangling id is refused
/// with a validation error naming the field.
pub(crate) fn resolve_refs(
    tenant: &Tenant,
    record: &mut Map<String, Value>,
    refs: &[(&str, &str)],
) -> Result<(), Reply> {
    for (field, table) in refs {
        match record.get_mut(*field) {
            None | Some(Value::Null) => {}
            Some(Value::Array(items)) => {
                for item in items.iter_mut() {
                    *item = resolve_one(tenant, field, table, item)?;
                }
            }
            Some(item @ Value::Object(_)) => *item = resolve_one(tenant, field, table, item)?,
            Some(_) => return Err(invalid_body()),
        }
    }
    Ok(())
}

fn resolve_one(tenant: &Tenant, field: &str, table: &str, item: &Value) -> Result<Value, Reply> {
    let id = match item.get("id") {
        Some(id @ (Value::Number(_) | Value::String(_))) => id_string(id),
        _ => return Err(invalid_body()),
    };
    let Some(row) = tenant.get(table, &id) else {
        return Err(invalid_arg(&format!(
            "Invalid {field}: no object with id {id} exists"
        )));
    };
    let mut reference = json!({"id": row["id"], "name": row["name"]});
    if row["isNameL10nTag"] == true {
        reference["isNameL10nTag"] = json!(true);
    }
    Ok(reference)
}

/// Whether `row[field]` holds `id`, as an `{id}` reference, a list of them, or a plain value.
pub(crate) fn refers_to(row: &Value, field: &str, id: &str) -> bool {
    match &row[field] {
        Value::Array(items) => items.iter().any(|it| match it {
            Value::Object(_) => id_string(&it["id"]) == id,
            other => id_string(other) == id,
        }),
        Value::Object(_) => id_string(&row[field]["id"]) == id,
        Value::Null => false,
        other => id_string(other) == id,
    }
}

/// The first rule (in any rule table) whose `field` references `id`, as "rule <name>".
pub(crate) fn rule_using(tenant: &Tenant, fields: &[&str], id: &str) -> Option<String> {
    RULE_TABLES.iter().find_map(|table| {
        tenant
            .rows(table)
            .find(|row| fields.iter().any(|f| refers_to(row, f, id)))
            .map(|row| format!("rule \"{}\"", row["name"].as_str().unwrap_or_default()))
    })
}

/// How many rules (in any rule table) reference `id` through `field`.
pub(crate) fn rules_using_count(tenant: &Tenant, field: &str, id: &str) -> usize {
    RULE_TABLES
        .iter()
        .map(|table| {
            tenant
                .rows(table)
                .filter(|row| refers_to(row, field, id))
                .count()
        })
        .sum()
}

/// The subset of `row` named by `keys`, in that order (for `/lite` projections).
pub(crate) fn project(row: &Value, keys: &[&str]) -> Value {
    let mut out = Map::new();
    for key in keys {
        if let Some(v) = row.get(*key) {
            out.insert((*key).to_owned(), v.clone());
        }
    }
    Value::Object(out)
}

/// Merges JSON objects left to right (large literals are split to stay within `json!`'s
/// macro recursion limit).
pub(crate) fn merged(parts: impl IntoIterator<Item = Value>) -> Value {
    let mut out = Map::new();
    for part in parts {
        if let Value::Object(map) = part {
            out.extend(map);
        }
    }
    Value::Object(out)
}

/// Fills the keys a full-replace PUT left out, so the object keeps its GET shape.
pub(crate) fn fill_defaults(record: &mut Map<String, Value>, defaults: Value) {
    if let Value::Object(defaults) = defaults {
        for (k, v) in defaults {
            record.entry(k).or_insert(v);
        }
    }
}

/// Coerces numbers sent as strings (`"idleTimeInMinutes": "720"`) to integers, as ZIA does.
pub(crate) fn coerce_ints(record: &mut Map<String, Value>, fields: &[&str]) -> Result<(), Reply> {
    for field in fields {
        if let Some(Value::String(raw)) = record.get(*field) {
            let n: i64 = raw.trim().parse().map_err(|_| invalid_body())?;
            record.insert((*field).to_owned(), json!(n));
        }
    }
    Ok(())
}

/// A list endpoint over `table` with an optional row transformation.
pub(crate) fn list_route(
    routes: &mut Routes,
    pattern: &'static str,
    table: &'static str,
    shape: fn(&Tenant, &Value) -> Value,
) {
    routes.get(pattern, move |t, c| {
        let tenant = t.read();
        let rows: Vec<Value> = tenant.rows(table).map(|r| shape(&tenant, r)).collect();
        Flavor::Zia.list(c, rows.iter())
    });
}

/// A read-only item endpoint over `table` (`{id}` parameter).
pub(crate) fn get_route(
    routes: &mut Routes,
    pattern: &'static str,
    table: &'static str,
    shape: fn(&Tenant, &Value) -> Value,
) {
    routes.get(pattern, move |t, c| {
        let tenant = t.read();
        match tenant.get(table, c.param("id")) {
            Some(row) => Reply::ok(shape(&tenant, row)),
            None => Reply::not_found(Product::Zia, c.param("id")),
        }
    });
}

pub(crate) fn as_is(_: &Tenant, row: &Value) -> Value {
    row.clone()
}

pub(crate) fn id_name(_: &Tenant, row: &Value) -> Value {
    json!({"id": row["id"], "name": row["name"]})
}

/// A settings singleton kept in `tenant.extra[key]`: GET returns it, PUT merges the body
/// into it. Keys the object does not have are refused the way ZIA refuses an unknown field.
pub(crate) fn settings_route(routes: &mut Routes, pattern: &'static str, key: &'static str) {
    routes.get(pattern, move |t, _| {
        Reply::ok(t.read().extra.get(key).cloned().unwrap_or(json!({})))
    });
    routes.put(pattern, move |t, c| {
        let body = match body_map(c) {
            Ok(body) => body,
            Err(reply) => return reply,
        };
        let mut tenant = t.write();
        let mut current = match tenant.extra.get(key) {
            Some(Value::Object(map)) => map.clone(),
            _ => Map::new(),
        };
        for (k, v) in body {
            let Some(old) = current.get(k) else {
                return invalid_body();
            };
            if !same_kind(old, v) {
                return invalid_body();
            }
            current.insert(k.clone(), v.clone());
        }
        let value = Value::Object(current);
        tenant.extra.insert(key, value.clone());
        Flavor::Zia.mark_pending(&mut tenant);
        Reply::ok(value)
    });
}

fn same_kind(a: &Value, b: &Value) -> bool {
    matches!(
        (a, b),
        (Value::Bool(_), Value::Bool(_))
            | (Value::Number(_), Value::Number(_))
            | (Value::String(_), Value::String(_))
            | (Value::Array(_), Value::Array(_))
            | (Value::Object(_), Value::Object(_))
            | (Value::Null, _)
    )
}

/// Reads a `{"<field>": [strings]}` body, the shape of every ZIA URL-list edit.
pub(crate) fn string_list(body: &Map<String, Value>, field: &str) -> Result<Vec<String>, Reply> {
    match body.get(field) {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| v.as_str().map(str::to_owned).ok_or_else(invalid_body))
            .collect(),
        Some(_) => Err(invalid_body()),
    }
}

/// Applies `ADD_TO_LIST` / `REMOVE_FROM_LIST` to `list`; any other action is refused.
pub(crate) fn apply_list_action(
    list: &mut Vec<Value>,
    action: &str,
    items: &[String],
) -> Result<(), Reply> {
    match action {
        "ADD_TO_LIST" => {
            for item in items {
                if !list.iter().any(|v| v.as_str() == Some(item)) {
                    list.push(json!(item));
                }
            }
            Ok(())
        }
        "REMOVE_FROM_LIST" => {
            list.retain(|v| v.as_str().is_none_or(|s| !items.iter().any(|i| i == s)));
            Ok(())
        }
        other => Err(invalid_arg(&format!("Unsupported action {other}"))),
    }
}
