//! Ordered policy rules, shared by every ZIA rule family (URL filtering, firewall, DNS, IPS,
//! SSL inspection, DLP, file type, sandbox, cloud app control).
//!
//! ZIA keeps user rules at a dense `order` 1..n: inserting at k shifts k.. down, deleting
//! closes the gap. Default rules (`defaultRule: true`) sit outside that sequence at a fixed
//! order and are listed last; predefined rules can be edited but never deleted.

use std::sync::Arc;

use serde_json::{Map, Value, json};

use super::{
    body_map, error, invalid_arg, invalid_body, predefined_refusal, project, resolve_refs,
};
use crate::call::{Call, Product, Reply};
use crate::routes::Routes;
use crate::store::{Flavor, IdStyle, Tenant, id_string};

/// Who and where a rule applies to: `{id}` reference fields and the table each points into.
/// Rule families take a prefix of this list (DLP rules alone reference engines).
pub(crate) const USER_SCOPE_REFS: &[(&str, &str)] = &[
    ("locations", "zia.locations"),
    ("locationGroups", "zia.locationGroups"),
    ("departments", "zia.departments"),
    ("groups", "zia.groups"),
    ("users", "zia.users"),
    ("timeWindows", "zia.timeIntervals"),
    ("labels", "zia.ruleLabels"),
    ("sourceIpGroups", "zia.ipSourceGroups"),
    ("deviceGroups", "zia.deviceGroups"),
    ("devices", "zia.devices"),
    ("dlpEngines", "zia.dlpEngines"),
];

pub(crate) type Check = fn(&Tenant, &mut Map<String, Value>) -> Result<(), Reply>;

pub(crate) struct RuleSet {
    pub table: &'static str,
    pub collection: &'static str,
    pub item: &'static str,
    /// `/lite` pattern and the keys it keeps.
    pub lite: Option<(&'static str, &'static [&'static str])>,
    /// The full key set a rule GETs back with; the body overrides it.
    pub defaults: fn() -> Value,
    /// `(field, table)` pairs of `{id}` references.
    pub refs: &'static [(&'static str, &'static str)],
    /// Validation and derived fields, after references are resolved.
    pub check: Option<Check>,
    /// Cloud app control keeps one ordered set per `{ruleType}` path segment, stored as `type`.
    pub scoped: bool,
}

/// Cloud app control rule types (`webApplicationRules/ruleTypeMapping` values).
pub(crate) const RULE_TYPES: &[(&str, &str)] = &[
    ("Webmail", "WEBMAIL"),
    ("Social Networking", "SOCIAL_NETWORKING"),
    ("Finance", "FINANCE"),
    ("Legal", "LEGAL"),
    ("AI & ML Applications", "AI_ML"),
    ("Human Resources", "HUMAN_RESOURCES"),
    ("DNS Over HTTPS Services", "DNS_OVER_HTTPS"),
    ("System & Development", "SYSTEM_AND_DEVELOPMENT"),
    ("Instant Messaging", "INSTANT_MESSAGING"),
    ("Video Streaming", "STREAMING_MEDIA"),
    ("Health Care", "HEALTH_CARE"),
    ("File Sharing", "FILE_SHARE"),
    ("Consumer", "CONSUMER"),
    ("Hosting Providers", "HOSTING_PROVIDER"),
    (
        "Collaboration and Online Meetings",
        "ENTERPRISE_COLLABORATION",
    ),
    ("Custom Applications", "CUSTOM_CAPP"),
    ("Sales & Marketing", "SALES_AND_MARKETING"),
    ("IT Services", "IT_SERVICES"),
    ("Productivity and CRM Tools", "BUSINESS_PRODUCTIVITY"),
];

pub(crate) fn install(routes: &mut Routes, set: RuleSet) {
    let set = Arc::new(set);
    let s = set.clone();
    routes.get(set.collection, move |t, c| {
        let tenant = t.read();
        match s.scope(c) {
            Ok(scope) => Flavor::Zia.list(c, s.sorted(&tenant, scope).into_iter()),
            Err(reply) => reply,
        }
    });
    if let Some((pattern, keys)) = set.lite {
        let s = set.clone();
        routes.get(pattern, move |t, c| {
            let tenant = t.read();
            let rows: Vec<Value> = s
                .sorted(&tenant, None)
                .into_iter()
                .map(|r| project(r, keys))
                .collect();
            Flavor::Zia.list(c, rows.iter())
        });
    }
    let s = set.clone();
    routes.get(set.item, move |t, c| {
        let tenant = t.read();
        match s.find(&tenant, c) {
            Ok(row) => Reply::ok(row.clone()),
            Err(reply) => reply,
        }
    });
    let s = set.clone();
    routes.post(set.collection, move |t, c| s.write(&mut t.write(), c, None));
    let s = set.clone();
    routes.put(set.item, move |t, c| {
        let id = c.param("id").to_owned();
        s.write(&mut t.write(), c, Some(id))
    });
    let s = set;
    routes.delete(s.item, move |t, c| s.remove(&mut t.write(), c));
}

fn is_default(row: &Value) -> bool {
    row["defaultRule"] == true
}

impl RuleSet {
    fn scope<'c>(&self, call: &'c Call) -> Result<Option<&'c str>, Reply> {
        if !self.scoped {
            return Ok(None);
        }
        let rule_type = call.param("ruleType");
        if RULE_TYPES.iter().any(|(_, t)| *t == rule_type) {
            Ok(Some(rule_type))
        } else {
            Err(invalid_arg(&format!("Invalid rule type {rule_type}")))
        }
    }

    fn in_scope(scope: Option<&str>, row: &Value) -> bool {
        scope.is_none_or(|s| row["type"].as_str() == Some(s))
    }

    /// User rules by order, then the default rules.
    fn sorted<'a>(&self, tenant: &'a Tenant, scope: Option<&str>) -> Vec<&'a Value> {
        let mut rows: Vec<&Value> = tenant
            .rows(self.table)
            .filter(|r| Self::in_scope(scope, r))
            .collect();
        rows.sort_by_key(|r| (is_default(r), r["order"].as_i64().unwrap_or(i64::MAX)));
        rows
    }

    fn find<'a>(&self, tenant: &'a Tenant, call: &Call) -> Result<&'a Value, Reply> {
        let scope = self.scope(call)?;
        tenant
            .get(self.table, call.param("id"))
            .filter(|r| Self::in_scope(scope, r))
            .ok_or_else(|| Reply::not_found(Product::Zia, call.param("id")))
    }

    /// Create (`existing == None`) or full-replace update of one rule.
    fn write(&self, tenant: &mut Tenant, call: &Call, existing: Option<String>) -> Reply {
        match self.try_write(tenant, call, existing) {
            Ok(reply) | Err(reply) => reply,
        }
    }

    fn try_write(
        &self,
        tenant: &mut Tenant,
        call: &Call,
        existing_id: Option<String>,
    ) -> Result<Reply, Reply> {
        let scope = self.scope(call)?.map(str::to_owned);
        let existing = match &existing_id {
            Some(id) => Some(self.find(tenant, call)?.clone()).map(|r| (id.clone(), r)),
            None => None,
        };
        let body = body_map(call)?;
        let mut record = match (self.defaults)() {
            Value::Object(map) => map,
            _ => Map::new(),
        };
        for (k, v) in body {
            record.insert(k.clone(), v.clone());
        }
        let name = record
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        if name.is_empty() {
            return Err(invalid_arg("name cannot be null"));
        }
        let own_id = existing.as_ref().map(|(id, _)| id.as_str());
        if tenant.rows(self.table).any(|r| {
            r["name"].as_str() == Some(name.as_str())
                && Self::in_scope(scope.as_deref(), r)
                && Some(id_string(&r["id"]).as_str()) != own_id
        }) {
            return Err(error(
                409,
                "DUPLICATE_ITEM",
                &format!("A rule with the name {name} already exists"),
            ));
        }
        let wanted_order = match record.get("order") {
            None | Some(Value::Null) => i64::MAX,
            Some(Value::Number(n)) => n.as_i64().ok_or_else(invalid_body)?,
            Some(_) => return Err(invalid_body()),
        };
        match &existing {
            Some((_, old)) => {
                record.insert("id".into(), old["id"].clone());
                for kept in ["predefined", "defaultRule"] {
                    record.insert(kept.into(), old[kept].clone());
                }
                if is_default(old) {
                    record.insert("order".into(), old["order"].clone());
                }
            }
            None => {
                record.insert("predefined".into(), json!(false));
                record.insert("defaultRule".into(), json!(false));
                if wanted_order < 1 {
                    return Err(invalid_arg("order must be a positive number"));
                }
            }
        }
        if let Some(scope) = &scope {
            record.insert("type".into(), json!(scope));
        }
        resolve_refs(tenant, &mut record, self.refs)?;
        if let Some(check) = self.check {
            check(tenant, &mut record)?;
        }
        let id = match &existing {
            Some((id, _)) => id.clone(),
            None => {
                let id = tenant.new_id(IdStyle::Int);
                record.insert("id".into(), id.clone());
                id_string(&id)
            }
        };
        Flavor::Zia.stamp(&mut record, existing.is_none());
        record.insert("lastModifiedBy".into(), super::admin_ref());
        let default_rule = record.get("defaultRule") == Some(&json!(true));
        tenant
            .table_mut(self.table)
            .insert(id.clone(), Value::Object(record));
        if !default_rule {
            self.renumber(tenant, scope.as_deref(), Some((&id, wanted_order)));
        }
        Flavor::Zia.mark_pending(tenant);
        Ok(Reply::ok(
            tenant.get(self.table, &id).cloned().unwrap_or(Value::Null),
        ))
    }

    fn remove(&self, tenant: &mut Tenant, call: &Call) -> Reply {
        let row = match self.find(tenant, call) {
            Ok(row) => row.clone(),
            Err(reply) => return reply,
        };
        if row["predefined"] == true || is_default(&row) {
            return predefined_refusal("rule");
        }
        let id = id_string(&row["id"]);
        tenant.table_mut(self.table).shift_remove(&id);
        let scope = row["type"].as_str().filter(|_| self.scoped);
        self.renumber(tenant, scope, None);
        Flavor::Zia.mark_pending(tenant);
        Reply::empty(204)
    }

    /// Rewrites the orders of the user rules in `scope` to 1..n, placing `moved` at its
    /// wanted position (clamped to the end).
    fn renumber(&self, tenant: &mut Tenant, scope: Option<&str>, moved: Option<(&str, i64)>) {
        renumber(tenant, self.table, scope, moved);
    }
}

pub(crate) fn renumber(
    tenant: &mut Tenant,
    table: &'static str,
    scope: Option<&str>,
    moved: Option<(&str, i64)>,
) {
    let mut ids: Vec<(String, i64)> = tenant
        .rows(table)
        .filter(|r| !is_default(r) && RuleSet::in_scope(scope, r))
        .map(|r| (id_string(&r["id"]), r["order"].as_i64().unwrap_or(i64::MAX)))
        .filter(|(id, _)| moved.is_none_or(|(m, _)| m != id))
        .collect();
    ids.sort_by_key(|(_, order)| *order);
    if let Some((id, wanted)) = moved {
        let position = usize::try_from(wanted.max(1) - 1)
            .unwrap_or(usize::MAX)
            .min(ids.len());
        ids.insert(position, (id.to_owned(), 0));
    }
    let rows = tenant.table_mut(table);
    for (n, (id, _)) in ids.iter().enumerate() {
        if let Some(Value::Object(rule)) = rows.get_mut(id) {
            rule.insert("order".into(), json!(n + 1));
        }
    }
}

/// Seeds one rule with the set's defaults under `fields`; user rules get the next order.
pub(crate) fn seed_rule(
    tenant: &mut Tenant,
    table: &'static str,
    defaults: fn() -> Value,
    fields: Value,
) -> Value {
    let mut record = match defaults() {
        Value::Object(map) => map,
        _ => Map::new(),
    };
    record.insert("predefined".into(), json!(false));
    record.insert("defaultRule".into(), json!(false));
    if let Value::Object(fields) = fields {
        record.extend(fields);
    }
    let id = tenant.new_id(IdStyle::Int);
    record.insert("id".into(), id.clone());
    record.insert(
        "lastModifiedTime".into(),
        json!(1_767_225_600 + tenant.rng.below(5_000_000)),
    );
    record.insert("lastModifiedBy".into(), super::admin_ref());
    if record.get("defaultRule") != Some(&json!(true)) && !record.contains_key("order") {
        let scope = record
            .get("type")
            .and_then(Value::as_str)
            .map(str::to_owned);
        let next = tenant
            .rows(table)
            .filter(|r| !is_default(r) && RuleSet::in_scope(scope.as_deref(), r))
            .count()
            + 1;
        record.insert("order".into(), json!(next));
    }
    tenant.insert(table, Value::Object(record));
    id
}
