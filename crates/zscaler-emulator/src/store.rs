//! Tenant state: one ordered table of JSON records per resource, plus each product's wire
//! conventions (id formats, list envelopes, paging, search, status codes) in one place.
//!
//! Records are kept exactly as a GET returns them, so a handler never has to re-shape on read
//! unless a resource declares a `view` hook for derived fields.

use std::collections::HashMap;
use std::time::{SystemTime, UNIX_EPOCH};

use indexmap::IndexMap;
use serde_json::{Map, Value, json};

use crate::call::{Call, Product, Reply};
use crate::seed::Rng;

pub type Table = IndexMap<String, Value>;

/// Everything one emulated tenant holds. Product modules may keep extra state in `extra`.
pub struct Tenant {
    pub customer_id: String,
    tables: HashMap<&'static str, Table>,
    next_zpa_id: u64,
    next_int_id: u64,
    next_short_id: u64,
    pub rng: Rng,
    /// ZIA and ZTW stage every write until activation.
    pub zia_pending: bool,
    pub ztw_pending: bool,
    pub extra: HashMap<&'static str, Value>,
}

impl Tenant {
    pub fn new(customer_id: String, seed: u64) -> Tenant {
        Tenant {
            customer_id,
            tables: HashMap::new(),
            next_zpa_id: 216_196_257_331_400_001,
            next_int_id: 4_300_001,
            next_short_id: 70_001,
            rng: Rng::new(seed),
            zia_pending: false,
            ztw_pending: false,
            extra: HashMap::new(),
        }
    }

    pub fn table(&self, name: &str) -> Option<&Table> {
        self.tables.get(name)
    }

    pub fn table_mut(&mut self, name: &'static str) -> &mut Table {
        self.tables.entry(name).or_default()
    }

    pub fn get(&self, table: &str, id: &str) -> Option<&Value> {
        self.tables.get(table).and_then(|t| t.get(id))
    }

    pub fn rows(&self, table: &str) -> impl Iterator<Item = &Value> {
        self.tables.get(table).into_iter().flat_map(|t| t.values())
    }

    /// Inserts a record under its `id` field (which the caller has set).
    pub fn insert(&mut self, table: &'static str, record: Value) {
        let id = id_string(&record["id"]);
        self.table_mut(table).insert(id, record);
    }

    /// A fresh id in the product's own format.
    pub fn new_id(&mut self, style: IdStyle) -> Value {
        match style {
            IdStyle::ZpaString => {
                self.next_zpa_id += 1;
                Value::String(self.next_zpa_id.to_string())
            }
            IdStyle::Int => {
                self.next_int_id += 1;
                json!(self.next_int_id)
            }
            IdStyle::ShortString => {
                self.next_short_id += 1;
                Value::String(self.next_short_id.to_string())
            }
            IdStyle::Opaque => {
                // ZIdentity ids look like "iidkfk0g906h3": 13 lower-case base-32 characters.
                const ALPHABET: &[u8] = b"0123456789abcdefghijklmnopqrstuv";
                let id: String = (0..13)
                    .map(|_| ALPHABET[self.rng.below(32) as usize] as char)
                    .collect();
                Value::String(id)
            }
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IdStyle {
    /// ZPA: 18-digit decimal strings.
    ZpaString,
    /// ZIA, ZTW, ZDX, ZPA userconfig: integers.
    Int,
    /// ZPA provisioning keys, ZCC profiles: short decimal strings.
    ShortString,
    /// ZIdentity: 13-character opaque strings.
    Opaque,
}

/// Wire conventions that differ per product (oneapi.md §2.0).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flavor {
    /// `{totalPages,totalCount,list}` with string numbers; `page`/`pagesize`; 201/204/204.
    Zpa,
    /// ZPA `/userconfig`: the same envelope with integers.
    ZpaUserconfig,
    /// Bare arrays; `page`/`pageSize`; 200/200/204; writes staged until activation.
    Zia,
    /// ZIA-like, with its own activation flag.
    Ztw,
    /// `{records,next_link,…}`; `offset`/`limit`; 201/200/204.
    Zid,
    /// Bare arrays; `page`/`pageSize`; 200/200/200.
    Zcc,
}

impl Flavor {
    pub fn product(self) -> Product {
        match self {
            Flavor::Zpa | Flavor::ZpaUserconfig => Product::Zpa,
            Flavor::Zia => Product::Zia,
            Flavor::Ztw => Product::Ztw,
            Flavor::Zid => Product::Zid,
            Flavor::Zcc => Product::Zcc,
        }
    }

    pub fn id_style(self) -> IdStyle {
        match self {
            Flavor::Zpa => IdStyle::ZpaString,
            Flavor::ZpaUserconfig | Flavor::Zia | Flavor::Ztw => IdStyle::Int,
            Flavor::Zid => IdStyle::Opaque,
            Flavor::Zcc => IdStyle::ShortString,
        }
    }

    pub fn create_status(self) -> u16 {
        match self {
            Flavor::Zpa | Flavor::ZpaUserconfig | Flavor::Zid => 201,
            Flavor::Zia | Flavor::Ztw | Flavor::Zcc => 200,
        }
    }

    /// Stamps the server-managed fields a create or update sets.
    pub fn stamp(self, record: &mut Map<String, Value>, created: bool) {
        let now = epoch_seconds();
        match self {
            Flavor::Zpa => {
                if created {
                    record.insert("creationTime".into(), json!(now.to_string()));
                }
                record.insert("modifiedTime".into(), json!(now.to_string()));
                record.insert("modifiedBy".into(), json!("216196257331372705"));
            }
            Flavor::ZpaUserconfig => {
                if created {
                    record.insert("creationTime".into(), json!(now));
                }
                record.insert("modifiedTime".into(), json!(now));
            }
            Flavor::Zia | Flavor::Ztw => {
                record.insert("lastModifiedTime".into(), json!(now));
                record.insert(
                    "lastModifiedBy".into(),
                    json!({"id": 19_390_071, "name": "admin@emulator.zscaler.net"}),
                );
            }
            Flavor::Zid | Flavor::Zcc => {}
        }
    }

    /// Marks the tenant's staged configuration as changed (ZIA and ZTW only).
    pub fn mark_pending(self, tenant: &mut Tenant) {
        match self {
            Flavor::Zia => tenant.zia_pending = true,
            Flavor::Ztw => tenant.ztw_pending = true,
            _ => {}
        }
    }

    /// Filters, pages and wraps `rows` in the product's list envelope.
    pub fn list<'a>(self, call: &Call, rows: impl Iterator<Item = &'a Value>) -> Reply {
        match self.try_list(call, rows) {
            Ok(reply) | Err(reply) => reply,
        }
    }

    fn try_list<'a>(
        self,
        call: &Call,
        rows: impl Iterator<Item = &'a Value>,
    ) -> Result<Reply, Reply> {
        match self {
            Flavor::Zpa | Flavor::ZpaUserconfig => {
                let filter = call.query("search").map(ZpaSearch::parse);
                let matched: Vec<&Value> = rows
                    .filter(|r| filter.as_ref().is_none_or(|f| f.matches(r)))
                    .collect();
                let size = call.query_u64("pagesize")?.unwrap_or(20).clamp(1, 500) as usize;
                let page = call.query_u64("page")?.unwrap_or(1).max(1) as usize;
                let total = matched.len();
                let pages = total.div_ceil(size);
                let list: Vec<Value> = matched
                    .into_iter()
                    .skip((page - 1) * size)
                    .take(size)
                    .cloned()
                    .collect();
                let mut env = Map::new();
                if self == Flavor::Zpa {
                    env.insert("totalPages".into(), json!(pages.to_string()));
                    env.insert("totalCount".into(), json!(total.to_string()));
                } else {
                    env.insert("totalPages".into(), json!(pages));
                    env.insert("totalCount".into(), json!(total));
                }
                // ZPA omits `list` on an empty page rather than sending [].
                if !list.is_empty() {
                    env.insert("list".into(), Value::Array(list));
                }
                Ok(Reply::ok(Value::Object(env)))
            }
            Flavor::Zia | Flavor::Ztw | Flavor::Zcc => {
                let search = call.query("search").map(str::to_lowercase);
                let matched =
                    rows.filter(|r| search.as_deref().is_none_or(|s| name_contains(r, s)));
                let size = call
                    .query_u64("pageSize")?
                    .unwrap_or(if self == Flavor::Zcc { 50 } else { 100 });
                let size = size.clamp(1, 10_000) as usize;
                let page = call.query_u64("page")?.unwrap_or(1).max(1) as usize;
                let list: Vec<Value> = matched
                    .skip((page - 1) * size)
                    .take(size)
                    .cloned()
                    .collect();
                Ok(Reply::ok(Value::Array(list)))
            }
            Flavor::Zid => {
                let filters: Vec<(String, String)> = call
                    .query
                    .iter()
                    // The recorded tenant ignores `search` here (all 1500 groups came back),
                    // so only the `[like]` filters and `name` narrow the list.
                    .filter_map(|(k, v)| {
                        let field = k.strip_suffix("[like]").unwrap_or(k);
                        (k.ends_with("[like]") || k == "name")
                            .then(|| (field.to_owned(), v.to_lowercase()))
                    })
                    .collect();
                let matched: Vec<&Value> = rows
                    .filter(|r| {
                        filters
                            .iter()
                            .all(|(field, needle)| field_contains(r, field, needle))
                    })
                    .collect();
                let limit = call.query_u64("limit")?.unwrap_or(100).clamp(1, 1000) as usize;
                let offset = call.query_u64("offset")?.unwrap_or(0) as usize;
                let total = matched.len();
                let records: Vec<Value> = matched
                    .into_iter()
                    .skip(offset)
                    .take(limit)
                    .cloned()
                    .collect();
                let mut env = json!({
                    "pageOffset": offset,
                    "pageSize": limit,
                    "totalRecord": total,
                    "records": records,
                    "results_total": total,
                });
                if offset + limit < total {
                    env["next_link"] = json!(zid_link(call, offset + limit, limit));
                }
                if offset > 0 {
                    env["prev_link"] = json!(zid_link(call, offset.saturating_sub(limit), limit));
                }
                Ok(Reply::ok(env))
            }
        }
    }
}

/// A ZIdentity page link: the request's own URL (filters included, as recorded) at another
/// offset.
fn zid_link(call: &Call, offset: usize, limit: usize) -> String {
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in &call.query {
        if k != "offset" && k != "limit" {
            query.append_pair(k, v);
        }
    }
    query.append_pair("offset", &offset.to_string());
    query.append_pair("limit", &limit.to_string());
    format!("{}{}?{}", call.origin, call.path, query.finish())
}

/// ZPA's `search=<field>+<OP>+<value>`; a bare string means `name EQ <string>`.
struct ZpaSearch {
    field: String,
    op: String,
    value: String,
}

impl ZpaSearch {
    fn parse(raw: &str) -> ZpaSearch {
        let mut parts = raw.splitn(3, '+');
        match (parts.next(), parts.next(), parts.next()) {
            (Some(field), Some(op), Some(value)) => ZpaSearch {
                field: field.to_owned(),
                op: op.to_ascii_uppercase(),
                value: value.to_lowercase(),
            },
            _ => ZpaSearch {
                field: "name".into(),
                op: "EQ".into(),
                value: raw.to_lowercase(),
            },
        }
    }

    fn matches(&self, record: &Value) -> bool {
        let Some(actual) = record.get(&self.field).map(scalar_text) else {
            return false;
        };
        let actual = actual.to_lowercase();
        match self.op.as_str() {
            "EQ" => actual == self.value,
            "NE" => actual != self.value,
            "CONTAINS" => actual.contains(&self.value),
            "STARTSWITH" => actual.starts_with(&self.value),
            "ENDSWITH" => actual.ends_with(&self.value),
            "GT" => actual > self.value,
            "LT" => actual < self.value,
            "GE" => actual >= self.value,
            "LE" => actual <= self.value,
            _ => false,
        }
    }
}

fn name_contains(record: &Value, needle: &str) -> bool {
    [
        "name",
        "configuredName",
        "email",
        "loginName",
        "displayName",
        "networkName",
        "user",
    ]
    .iter()
    .any(|f| field_contains(record, f, needle))
}

fn field_contains(record: &Value, field: &str, needle: &str) -> bool {
    record
        .get(field)
        .or_else(|| {
            // ZIdentity filters are documented with drifting case (`loginname` vs `loginName`).
            record
                .as_object()?
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(field))
                .map(|(_, v)| v)
        })
        .is_some_and(|v| scalar_text(v).to_lowercase().contains(needle))
}

pub fn scalar_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// The table key for an id value: ids are strings in some products and integers in others.
pub fn id_string(value: &Value) -> String {
    scalar_text(value)
}

pub fn epoch_seconds() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}
