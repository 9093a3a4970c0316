//! The route table: path patterns per method, matched whatever the Host header, and the
//! generic CRUD resource that most product endpoints are declared with.

use std::collections::HashMap;
use std::sync::Arc;

use http::Method;
use parking_lot::RwLock;
use serde_json::{Map, Value};

use crate::call::{Call, Reply};
use crate::store::{Flavor, IdStyle, Tenant, id_string};

pub type TenantLock = RwLock<Tenant>;
pub type Handler = Arc<dyn Fn(&TenantLock, &Call) -> Reply + Send + Sync>;

#[derive(Default)]
pub struct Routes {
    by_method: HashMap<Method, matchit::Router<Handler>>,
    patterns: Vec<(Method, String)>,
}

pub enum Miss {
    /// The path exists for other methods.
    MethodNotAllowed,
    NotFound,
}

impl Routes {
    /// Registers a route. Patterns use `{name}` segments. A clash between two product modules
    /// is a programming error caught by the emulator's own tests, hence the panic.
    pub fn add<F>(&mut self, method: Method, pattern: &str, handler: F)
    where
        F: Fn(&TenantLock, &Call) -> Reply + Send + Sync + 'static,
    {
        self.by_method
            .entry(method.clone())
            .or_default()
            .insert(pattern, Arc::new(handler))
            .unwrap_or_else(|e| panic!("emulator route {method} {pattern}: {e}"));
        self.patterns.push((method, pattern.to_owned()));
    }

    pub fn get<F>(&mut self, pattern: &str, handler: F)
    where
        F: Fn(&TenantLock, &Call) -> Reply + Send + Sync + 'static,
    {
        self.add(Method::GET, pattern, handler);
    }

    pub fn post<F>(&mut self, pattern: &str, handler: F)
    where
        F: Fn(&TenantLock, &Call) -> Reply + Send + Sync + 'static,
    {
        self.add(Method::POST, pattern, handler);
    }

    pub fn put<F>(&mut self, pattern: &str, handler: F)
    where
        F: Fn(&TenantLock, &Call) -> Reply + Send + Sync + 'static,
    {
        self.add(Method::PUT, pattern, handler);
    }

    pub fn delete<F>(&mut self, pattern: &str, handler: F)
    where
        F: Fn(&TenantLock, &Call) -> Reply + Send + Sync + 'static,
    {
        self.add(Method::DELETE, pattern, handler);
    }

    pub fn find(
        &self,
        method: &Method,
        path: &str,
    ) -> Result<(Handler, Vec<(String, String)>), Miss> {
        if let Some(router) = self.by_method.get(method)
            && let Ok(found) = router.at(path)
        {
            let params = found
                .params
                .iter()
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .collect();
            return Ok((found.value.clone(), params));
        }
        let elsewhere = self
            .by_method
            .iter()
            .any(|(m, r)| m != method && r.at(path).is_ok());
        Err(if elsewhere {
            Miss::MethodNotAllowed
        } else {
            Miss::NotFound
        })
    }

    /// Every registered `(method, pattern)`, for coverage reports and tests.
    pub fn patterns(&self) -> &[(Method, String)] {
        &self.patterns
    }

    /// Registers the routes of a CRUD resource.
    pub fn resource(&mut self, res: Resource) {
        let res = Arc::new(res);
        if res.ops.contains('L') {
            let r = res.clone();
            self.get(res.collection, move |t, c| {
                let tenant = t.read();
                let rows = tenant
                    .rows(r.table)
                    .filter(|row| r.list_filter.is_none_or(|f| f(row, c)));
                match r.view {
                    Some(view) => {
                        let viewed: Vec<Value> = rows.map(|row| view(&tenant, row)).collect();
                        r.flavor.list(c, viewed.iter())
                    }
                    None => r.flavor.list(c, rows),
                }
            });
        }
        if res.ops.contains('G') {
            let r = res.clone();
            self.get(res.item, move |t, c| {
                let tenant = t.read();
                match tenant.get(r.table, c.param("id")) {
                    Some(row) => Reply::ok(r.view.map_or_else(|| row.clone(), |v| v(&tenant, row))),
                    None => Reply::not_found(r.flavor.product(), c.param("id")),
                }
            });
        }
        if res.ops.contains('C') {
            let r = res.clone();
            self.post(res.collection, move |t, c| r.create(&mut t.write(), c));
        }
        if res.ops.contains('U') {
            let r = res.clone();
            self.put(res.item, move |t, c| r.update(&mut t.write(), c));
        }
        if res.ops.contains('D') {
            let r = res.clone();
            self.delete(res.item, move |t, c| r.remove(&mut t.write(), c));
        }
    }
}

pub type Hook = fn(&Tenant, &mut Map<String, Value>) -> Result<(), Reply>;
pub type DeleteGuard = fn(&Tenant, &str) -> Result<(), Reply>;
pub type View = fn(&Tenant, &Value) -> Value;
pub type ListFilter = fn(&Value, &Call) -> bool;

/// A REST collection with the product's create/update/delete semantics.
///
/// `ops` holds the letters of the supported operations: `L`ist, `G`et, `C`reate, `U`pdate,
/// `D`elete. The item pattern must name its id parameter `{id}`.
pub struct Resource {
    pub table: &'static str,
    pub flavor: Flavor,
    pub collection: &'static str,
    pub item: &'static str,
    pub ops: &'static str,
    pub required: &'static [&'static str],
    /// Fields a create fills in when the body leaves them out (the real API's defaults).
    pub defaults: Option<fn() -> Value>,
    /// Runs on create and update: validates references and sets derived fields.
    pub hook: Option<Hook>,
    /// Runs before delete: refuses deletes the real API refuses (object still in use).
    pub guard_delete: Option<DeleteGuard>,
    /// Read-time projection for fields derived from other tables (e.g. names of references).
    pub view: Option<View>,
    /// Projection for the create response, for products that answer a create with a
    /// different shape than a later GET (ZPA). Defaults to `view`.
    pub created_view: Option<View>,
    /// PUT overlays the body on the stored record instead of replacing it (ZPA keeps the
    /// fields a PUT leaves out).
    pub merge_on_update: bool,
    /// Id format when the resource differs from its product's usual one.
    pub id_style: Option<IdStyle>,
    /// Extra list filters beyond the product's standard search.
    pub list_filter: Option<ListFilter>,
    pub create_status: Option<u16>,
    /// Refuse a create whose `name` is already taken (ZIA DUPLICATE_ITEM, ZPA resource.already.exist).
    pub unique_name: bool,
}

impl Resource {
    pub fn new(
        table: &'static str,
        flavor: Flavor,
        collection: &'static str,
        item: &'static str,
        ops: &'static str,
    ) -> Resource {
        Resource {
            table,
            flavor,
            collection,
            item,
            ops,
            required: &["name"],
            defaults: None,
            hook: None,
            guard_delete: None,
            view: None,
            created_view: None,
            merge_on_update: false,
            id_style: None,
            list_filter: None,
            create_status: None,
            unique_name: matches!(flavor, Flavor::Zia | Flavor::Ztw | Flavor::Zpa),
        }
    }

    pub fn required(mut self, fields: &'static [&'static str]) -> Self {
        self.required = fields;
        self
    }

    pub fn defaults(mut self, defaults: fn() -> Value) -> Self {
        self.defaults = Some(defaults);
        self
    }

    pub fn hook(mut self, hook: Hook) -> Self {
        self.hook = Some(hook);
        self
    }

    pub fn guard_delete(mut self, guard: DeleteGuard) -> Self {
        self.guard_delete = Some(guard);
        self
    }

    pub fn view(mut self, view: View) -> Self {
        self.view = Some(view);
        self
    }

    pub fn created_view(mut self, view: View) -> Self {
        self.created_view = Some(view);
        self
    }

    pub fn id_style(mut self, style: IdStyle) -> Self {
        self.id_style = Some(style);
        self
    }

    pub fn merge_on_update(mut self) -> Self {
        self.merge_on_update = true;
        self
    }

    pub fn list_filter(mut self, filter: ListFilter) -> Self {
        self.list_filter = Some(filter);
        self
    }

    pub fn create_status(mut self, status: u16) -> Self {
        self.create_status = Some(status);
        self
    }

    pub fn allow_duplicate_names(mut self) -> Self {
        self.unique_name = false;
        self
    }

    fn create(&self, tenant: &mut Tenant, call: &Call) -> Reply {
        let product = self.flavor.product();
        let body = match call.body_object() {
            Ok(body) => body,
            Err(reply) => return reply,
        };
        if let Some(reply) = self.missing_required(body) {
            return reply;
        }
        if self.unique_name
            && let Some(name) = body.get("name").and_then(Value::as_str)
            && tenant
                .rows(self.table)
                .any(|r| r["name"].as_str() == Some(name))
        {
            return match product {
                crate::call::Product::Zpa => Reply::product_error(
                    product,
                    400,
                    "resource.already.exist",
                    &format!("A resource with name {name} already exists"),
                ),
                _ => Reply::product_error(
                    product,
                    409,
                    "DUPLICATE_ITEM",
                    &format!("An item with the name {name} already exists"),
                ),
            };
        }
        let mut record = match self.defaults {
            Some(defaults) => match defaults() {
                Value::Object(map) => map,
                _ => Map::new(),
            },
            None => Map::new(),
        };
        for (k, v) in body {
            record.insert(k.clone(), v.clone());
        }
        let id = tenant.new_id(self.id_style.unwrap_or(self.flavor.id_style()));
        record.insert("id".into(), id);
        self.flavor.stamp(&mut record, true);
        if let Some(hook) = self.hook
            && let Err(reply) = hook(tenant, &mut record)
        {
            return reply;
        }
        self.flavor.mark_pending(tenant);
        let record = Value::Object(record);
        let shown = self
            .created_view
            .or(self.view)
            .map_or_else(|| record.clone(), |v| v(tenant, &record));
        tenant.insert(self.table, record);
        Reply::json(
            self.create_status.unwrap_or(self.flavor.create_status()),
            shown,
        )
    }

    fn update(&self, tenant: &mut Tenant, call: &Call) -> Reply {
        let product = self.flavor.product();
        let id = call.param("id");
        let Some(existing) = tenant.get(self.table, id).cloned() else {
            return Reply::not_found(product, id);
        };
        let body = match call.body_object() {
            Ok(body) => body,
            Err(reply) => return reply,
        };
        // PUT is a full replace unless the resource merges; server-managed fields survive it.
        let mut record = match (&existing, self.merge_on_update) {
            (Value::Object(stored), true) => {
                let mut merged = stored.clone();
                merged.extend(body.iter().map(|(k, v)| (k.clone(), v.clone())));
                merged
            }
            _ => body.clone(),
        };
        for keep in ["id", "creationTime", "createdBy"] {
            if let Some(v) = existing.get(keep) {
                record.insert(keep.into(), v.clone());
            }
        }
        if let Some(reply) = self.missing_required(&record) {
            return reply;
        }
        self.flavor.stamp(&mut record, false);
        if let Some(hook) = self.hook
            && let Err(reply) = hook(tenant, &mut record)
        {
            return reply;
        }
        self.flavor.mark_pending(tenant);
        let record = Value::Object(record);
        let shown = self
            .view
            .map_or_else(|| record.clone(), |v| v(tenant, &record));
        tenant.table_mut(self.table).insert(id.to_owned(), record);
        match self.flavor {
            Flavor::Zpa | Flavor::ZpaUserconfig => Reply::empty(204),
            _ => Reply::ok(shown),
        }
    }

    fn remove(&self, tenant: &mut Tenant, call: &Call) -> Reply {
        let product = self.flavor.product();
        let id = call.param("id");
        if tenant.get(self.table, id).is_none() {
            return Reply::not_found(product, id);
        }
        if let Some(guard) = self.guard_delete
            && let Err(reply) = guard(tenant, id)
        {
            return reply;
        }
        tenant.table_mut(self.table).shift_remove(id);
        self.flavor.mark_pending(tenant);
        match self.flavor {
            Flavor::Zcc => Reply::empty(200),
            _ => Reply::empty(204),
        }
    }

    fn missing_required(&self, body: &Map<String, Value>) -> Option<Reply> {
        let missing = self
            .required
            .iter()
            .find(|f| body.get(**f).is_none_or(|v| v.is_null() || v == ""))?;
        let product = self.flavor.product();
        Some(match product {
            crate::call::Product::Zpa => Reply::json(
                400,
                serde_json::json!({"id": "invalid.resource.argument", "params": [missing],
                    "reason": format!("One or more input fields {missing} are not valid.")}),
            ),
            _ => Reply::product_error(
                product,
                400,
                "INVALID_INPUT_ARGUMENT",
                &format!("{missing} cannot be null"),
            ),
        })
    }
}

/// `{id, name}` reference lists in a record (`[{"id": ...}]`) as id strings.
pub fn ref_ids(record: &Map<String, Value>, field: &str) -> Vec<String> {
    record
        .get(field)
        .and_then(Value::as_array)
        .map(|items| items.iter().map(|it| id_string(&it["id"])).collect())
        .unwrap_or_default()
}
