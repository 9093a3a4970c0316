//! Z-Insights (`POST /zins/graphql`): the analytics domains (web traffic, cyber security,
//! firewall, SaaS, shadow IT, IoT) answered from a seeded report set. Each query's domain and
//! report field pick the data; the time window (`start_time`/`end_time`, epoch ms) is checked
//! and scales the totals; `limit` cuts the entries; only the selected fields come back; an
//! unknown domain, report or field is a GraphQL validation error.

use serde_json::{Map, Value, json};

use crate::call::{Call, Reply};
use crate::graphql::{self, Selection};
use crate::routes::Routes;
use crate::seed::{CITIES, DEPARTMENTS, Rng};
use crate::store::Tenant;

const MS_PER_DAY: i64 = 86_400_000;
const REPORTS: &str = "zins_reports";
/// Incident buckets per `categorize_by` dimension (other than the defaults).
const GROUPINGS: &str = "zins_incident_groupings";

pub fn install(routes: &mut Routes) {
    routes.post("/zins/graphql", |t, c| answer(&t.read(), c));
}

/// Reads `{query, variables}` and answers like a GraphQL server: HTTP 200 with `data` and/or
/// `errors`; a body that is not a GraphQL request is a 400.
pub(crate) fn request(c: &Call) -> Result<(graphql::Query, Map<String, Value>), Reply> {
    let body = c.body_object()?;
    let Some(text) = body.get("query").and_then(Value::as_str) else {
        return Err(Reply::json(
            400,
            graphql::errors_only(vec![graphql::error(
                "the request has no `query`",
                None,
                &[],
                "ValidationError",
            )]),
        ));
    };
    let vars = match body.get("variables") {
        Some(Value::Object(v)) => v.clone(),
        None | Some(Value::Null) => Map::new(),
        Some(_) => {
            return Err(Reply::json(
                400,
                graphql::errors_only(vec![graphql::error(
                    "`variables` must be an object",
                    None,
                    &[],
                    "ValidationError",
                )]),
            ));
        }
    };
    let query = graphql::parse(text).map_err(|e| {
        Reply::ok(graphql::errors_only(vec![graphql::error(
            &format!("Invalid syntax: {e}"),
            None,
            &[],
            "InvalidSyntax",
        )]))
    })?;
    // A non-null variable must be given (GraphQL coerces variables before executing).
    for (name, ty) in &query.variables {
        if ty.ends_with('!') && vars.get(name).is_none_or(Value::is_null) {
            return Err(Reply::ok(graphql::errors_only(vec![graphql::error(
                &format!(
                    "Variable '{name}' has an invalid value: Variable '{name}' has coerced Null value for NonNull type '{ty}'"
                ),
                None,
                &[],
                "ValidationError",
            )])));
        }
    }
    Ok((query, vars))
}

fn answer(tenant: &Tenant, c: &Call) -> Reply {
    let (query, vars) = match request(c) {
        Ok(q) => q,
        Err(reply) => return reply,
    };
    let empty = json!({});
    let reports = tenant.extra.get(REPORTS).unwrap_or(&empty);
    let mut data = Map::new();
    let mut errors = Vec::new();
    for domain in &query.roots {
        let Some(known) = reports.get(&domain.name) else {
            errors.push(graphql::error(
                &format!("Validation error (FieldUndefined@[{0}]) : Field '{0}' in type 'Query' is undefined", domain.name),
                Some(domain),
                &[],
                "ValidationError",
            ));
            continue;
        };
        let mut out = Map::new();
        for report in &domain.children {
            let path = [domain.name.as_str(), report.name.as_str()];
            let Some(base) = known.get(&report.name) else {
                errors.push(graphql::error(
                    &format!("Validation error (FieldUndefined@[{}/{}]) : Field '{}' in type '{}' is undefined", domain.name, report.name, report.name, domain.name),
                    Some(report),
                    &[],
                    "ValidationError",
                ));
                continue;
            };
            let base = &regroup(tenant, &domain.name, report, &vars, base);
            match resolve(base, report, &vars) {
                Ok(value) => match graphql::project(&value, &report.children, &vars) {
                    Ok(projected) => {
                        out.insert(report.name.clone(), projected);
                    }
                    Err(field) => errors.push(graphql::error(
                        &format!("Validation error (FieldUndefined@[{}/{}/{field}]) : Field '{field}' is undefined", domain.name, report.name),
                        Some(report),
                        &[],
                        "ValidationError",
                    )),
                },
                Err(message) => {
                    errors.push(graphql::error(&message, Some(report), &path, "BAD_REQUEST"));
                    out.insert(report.name.clone(), Value::Null);
                }
            }
        }
        data.insert(domain.name.clone(), Value::Object(out));
    }
    let mut body = json!({"data": data});
    if !errors.is_empty() {
        body["errors"] = Value::Array(errors);
    }
    Reply::ok(body)
}

/// Cyber-security incidents grouped as `categorize_by` asks (outer dimension, and the inner one
/// under `entries` when two are given).
fn regroup(
    tenant: &Tenant,
    domain: &str,
    report: &Selection,
    vars: &Map<String, Value>,
    base: &Value,
) -> Value {
    if domain != "CYBER_SECURITY" {
        return base.clone();
    }
    let dims: Vec<String> = match report.arg("categorize_by", vars) {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect(),
        Some(Value::String(one)) => vec![one],
        _ => Vec::new(),
    };
    let groupings = tenant.extra.get(GROUPINGS);
    let table = |dim: &str| groupings.and_then(|g| g.get(dim)).cloned();
    let mut out = base.clone();
    match (report.name.as_str(), dims.first().map(String::as_str)) {
        ("incidents", Some(first)) if first != "THREAT_CATEGORY_ID" => {
            if let Some(rows) = table(first) {
                out["entries"] = rows;
            }
        }
        ("cyber_security_location", Some(first)) if first != "LOCATION_ID" => {
            if let Some(rows) = table(first) {
                out["entries"] = rows;
            }
        }
        _ => {}
    }
    let inner = dims.get(1).and_then(|d| table(d));
    if let Some(entries) = out.get_mut("entries").and_then(Value::as_array_mut) {
        for entry in entries {
            match &inner {
                Some(Value::Array(rows)) => {
                    entry["entries"] = Value::Array(rows.iter().take(4).cloned().collect());
                }
                _ if report.name == "incidents" && entry.get("entries").is_none() => {
                    entry["entries"] = json!([]);
                }
                _ => {}
            }
        }
    }
    out
}

/// The report for this call: window checked, totals scaled to its length, trends generated
/// over it when asked.
fn resolve(base: &Value, report: &Selection, vars: &Map<String, Value>) -> Result<Value, String> {
    let windowed = report.args.iter().any(|(k, _)| k == "start_time");
    let mut value = base.clone();
    if !windowed {
        return Ok(value);
    }
    let start = report.arg("start_time", vars).and_then(|v| v.as_i64());
    let end = report.arg("end_time", vars).and_then(|v| v.as_i64());
    let (Some(start), Some(end)) = (start, end) else {
        return Err("start_time and end_time are required".into());
    };
    if start >= end {
        return Err("start_time must be before end_time".into());
    }
    let span = end - start;
    let hour = MS_PER_DAY / 24;
    let days = if (span - 7 * MS_PER_DAY).abs() <= hour {
        7
    } else if (span - 14 * MS_PER_DAY).abs() <= hour {
        14
    } else {
        return Err(format!(
            "Invalid time range: the interval must be 7 or 14 days, got {:.1}",
            span as f64 / MS_PER_DAY as f64
        ));
    };
    let unit_bytes = report
        .arg("traffic_unit", vars)
        .is_some_and(|u| u == "BYTES");
    let trend = report.arg("include_trend", vars).is_some_and(|t| t == true);
    let interval = report
        .arg("trend_interval", vars)
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_else(|| "DAY".into());
    let step = if interval == "HOUR" {
        MS_PER_DAY / 24
    } else {
        MS_PER_DAY
    };
    scale(&mut value, days, unit_bytes);
    if let Some(entries) = value.get_mut("entries").and_then(Value::as_array_mut) {
        for entry in entries {
            let total = entry["total"].as_f64().unwrap_or(0.0);
            let points = (span / step).max(1);
            entry["trend"] = if trend {
                json!({
                    "trend_start_time": start,
                    "trend_interval": interval,
                    "trend_values": (0..points)
                        .map(|i| ((total / points as f64) * (0.8 + 0.4 * ((i % 5) as f64 / 4.0))).round())
                        .collect::<Vec<_>>(),
                })
            } else {
                Value::Null
            };
        }
    }
    Ok(value)
}

/// Totals are seeded for 7 days of transactions; 14 days doubles them, bytes are ~48 KB each.
fn scale(value: &mut Value, days: i64, bytes: bool) {
    match value {
        Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                if (key == "total" || key.starts_with("total_")) && v.is_number() {
                    let n = v.as_f64().unwrap_or(0.0) * (days as f64 / 7.0);
                    *v = json!((if bytes { n * 48_000.0 } else { n }).round() as i64);
                } else {
                    scale(v, days, bytes);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| scale(v, days, bytes)),
        _ => {}
    }
}

fn buckets(rng: &mut Rng, names: &[&str], lo: i64, hi: i64) -> Vec<Value> {
    let mut rows: Vec<Value> = names
        .iter()
        .map(|n| json!({"name": n, "total": rng.range(lo, hi)}))
        .collect();
    rows.sort_by_key(|r| -r["total"].as_i64().unwrap_or(0));
    rows
}

fn with_ids(rng: &mut Rng, names: &[&str], lo: i64, hi: i64) -> Vec<Value> {
    let mut rows = buckets(rng, names, lo, hi);
    for (i, row) in rows.iter_mut().enumerate() {
        row["id"] = json!((4_300_100 + i).to_string());
    }
    rows
}

fn report(entries: Vec<Value>) -> Value {
    json!({"obfuscated": false, "entries": entries})
}

const THREAT_CATEGORIES: &[&str] = &[
    "Malware",
    "Phishing",
    "Spyware",
    "Cryptomining",
    "Botnet Callback",
    "Browser Exploit",
];
const APPS: &[&str] = &[
    "Dropbox",
    "WeTransfer",
    "Google Drive",
    "Box",
    "Slack",
    "ChatGPT",
    "GitHub",
    "Notion",
];
const PROTOCOLS: &[&str] = &["HTTPS", "HTTP", "SSL", "TUNNEL", "FTP over HTTP"];
const ACTIONS: &[&str] = &["Allow", "Block", "Drop", "Reset"];
const SERVICES: &[&str] = &["DNS", "HTTPS", "SSH", "RDP", "SMB", "NTP", "ICMP"];

fn nested(rng: &mut Rng, outer: &[&str], inner: &[&str]) -> Vec<Value> {
    let mut rows = buckets(rng, outer, 20, 900);
    for row in &mut rows {
        let subs = buckets(rng, inner, 1, 120);
        let take = 2 + rng.below(inner.len() as u64 - 2) as usize;
        row["entries"] = Value::Array(subs.into_iter().take(take).collect());
    }
    rows
}

fn group(rng: &mut Rng, outer: &[&str], inner: Option<&[&str]>) -> Value {
    let entries = match inner {
        Some(inner) => nested(rng, outer, inner),
        None => buckets(rng, outer, 1, 400),
    };
    report(entries)
}

pub fn seed(tenant: &mut Tenant, demo: bool) {
    if !demo {
        return;
    }
    let mut rng = tenant.rng.clone();
    let cities: Vec<&str> = CITIES.iter().map(|c| c.0).collect();
    let days: Vec<String> = (1..=14).map(|d| format!("Day {d}")).collect();
    let days: Vec<&str> = days.iter().map(String::as_str).collect();
    let countries: Vec<&str> = CITIES.iter().map(|c| c.2).collect();
    let users: Vec<String> = (0..8)
        .map(|i| format!("user{i}@{}", crate::seed::DOMAIN))
        .collect();
    let users: Vec<&str> = users.iter().map(String::as_str).collect();
    let categories = [
        "Collaboration",
        "File Sharing",
        "AI & ML",
        "Developer Tools",
    ];
    let shadow_apps: Vec<Value> = APPS
        .iter()
        .enumerate()
        .map(|(i, app)| {
            let up = rng.range(10_000_000, 900_000_000);
            let down = rng.range(10_000_000, 4_000_000_000);
            json!({
                "application": app,
                "application_category": categories[i % categories.len()],
                "risk_index": rng.range(1, 5),
                "computed_risk_index": rng.range(1, 5),
                "sanctioned_state": if i % 3 == 0 { "Sanctioned" } else { "Unsanctioned" },
                "integration": rng.range(0, 12),
                "data_consumed": up + down,
                "data_uploaded": up,
                "data_downloaded": down,
                "authenticated_users": rng.range(3, 400),
                "unAuthenticated_location_count": rng.range(0, 4),
                "last_access_time": 1_765_000_000_000i64 + rng.range(0, 600_000_000),
                "vulnerability": rng.range(0, 3),
                "undiscovered": false,
                "custom_risk_index": Value::Null,
            })
        })
        .collect();
    let total_up: i64 = shadow_apps
        .iter()
        .filter_map(|a| a["data_uploaded"].as_i64())
        .sum();
    let total_down: i64 = shadow_apps
        .iter()
        .filter_map(|a| a["data_downloaded"].as_i64())
        .sum();
    let iot_classes = [
        ("IP Camera", "Camera"),
        ("Printer", "Printer"),
        ("Smart TV", "Media"),
        ("Badge Reader", "Access Control"),
        ("HVAC Controller", "Building Automation"),
    ];
    let iot_entries: Vec<Value> = iot_classes
        .iter()
        .enumerate()
        .map(|(i, (class, category))| {
            json!({
                "classifications": class,
                "classification_uuid": format!("6f1c2a90-0000-4000-8000-00000000000{i}"),
                "category": category,
                "total": rng.range(3, 140),
            })
        })
        .collect();
    let iot_total: i64 = iot_entries.iter().filter_map(|e| e["total"].as_i64()).sum();
    let reports = json!({
        "WEB_TRAFFIC": {
            "location": report(buckets(&mut rng, &cities, 5_000, 900_000)),
            "no_grouping": report(vec![json!({"name": "overall", "total": rng.range(3_000_000, 9_000_000)})]),
            "protocols": report(buckets(&mut rng, PROTOCOLS, 1_000, 2_000_000)),
            "threat_super_categories": report(buckets(&mut rng, THREAT_CATEGORIES, 3, 900)),
            "threat_class": report(buckets(&mut rng, &["Virus/Spyware", "Advanced", "Behavioral"], 5, 700)),
        },
        "CYBER_SECURITY": {
            "incidents": report(nested(&mut rng, THREAT_CATEGORIES, APPS)),
            "cyber_security_location": report(with_ids(&mut rng, &cities, 2, 300)),
        },
        "ZERO_TRUST_FIREWALL": {
            "action": report(buckets(&mut rng, ACTIONS, 100, 900_000)),
            "location_firewall": report(with_ids(&mut rng, &cities, 1_000, 400_000)),
            "network_service": report(buckets(&mut rng, SERVICES, 100, 300_000)),
        },
        "SAAS_SECURITY": {
            "casb_app": report(buckets(&mut rng, APPS, 10, 40_000)),
        },
        "SHADOW_IT": {
            "apps": {"entries": shadow_apps},
            "shadow_it_summary": {
                "total_upload_bytes": total_up,
                "total_download_bytes": total_down,
                "total_apps": APPS.len(),
                "total_bytes": total_up + total_down,
                "group_by_app_cat_for_app": group(&mut rng, &categories, Some(APPS)),
                "group_by_app_cat_for_user_count": group(&mut rng, &categories, Some(APPS)),
                "group_by_app_cat_for_upload_bytes": group(&mut rng, &categories, Some(APPS)),
                "group_by_app_cat_for_download_bytes": group(&mut rng, &categories, Some(APPS)),
                "group_by_app_cat_for_total_bytes": group(&mut rng, &categories, Some(APPS)),
                "group_by_risk_index_for_app": group(&mut rng, &["1", "2", "3", "4", "5"], None),
                "group_by_provisioning_status_for_app": group(&mut rng, &["Sanctioned", "Unsanctioned"], None),
                "group_by_access_for_app": group(&mut rng, &["Allowed", "Blocked", "Cautioned"], None),
            },
        },
        "IOT": {
            "device_stats": {
                "devices_count": iot_total + 1_200,
                "user_devices_count": 1_150,
                "iot_devices_count": iot_total,
                "server_devices_count": 38,
                "un_classified_devices_count": 12,
                "entries": iot_entries,
            },
        },
    });
    // Incidents grouped by another dimension than the default answer from these.
    let by = json!({
        "TIME": buckets(&mut rng, &days, 1, 90),
        "APP_ID": buckets(&mut rng, APPS, 1, 300),
        "USER_ID": buckets(&mut rng, &users, 1, 60),
        "SRC_COUNTRY": buckets(&mut rng, &countries, 1, 200),
        "DEPARTMENT_ID": with_ids(&mut rng, DEPARTMENTS, 1, 120),
    });
    tenant.extra.insert(REPORTS, reports);
    tenant.extra.insert(GROUPINGS, by);
    tenant.rng = rng;
}
