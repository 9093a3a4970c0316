//! ZDX (`/zdx/v1`): snake_case, integer ids, read-mostly. Every time series is generated on
//! request inside the `from`/`to` window (epoch seconds, default the last two hours) at
//! five-minute steps, from a hash of (tenant seed, entity, timestamp), so the same question
//! always gets the same answer. Lists page with an opaque cursor: `limit` plus `offset`, the
//! previous page's `next_offset`, which is absent on the last page.
//!
//! Deep traces and analyses are the only writes; see [`troubleshooting`].

mod data;
mod troubleshooting;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Map, Value, json};

use crate::call::{Call, Product, Reply};
use crate::routes::{Routes, TenantLock};
use crate::store::{Tenant, epoch_seconds, id_string};

pub(crate) const APPS: &str = "zdx.apps";
pub(crate) const DEVICES: &str = "zdx.devices";
pub(crate) const USERS: &str = "zdx.users";
pub(crate) const ALERTS: &str = "zdx.alerts";
pub(crate) const SOFTWARE: &str = "zdx.software";
pub(crate) const DEPARTMENTS: &str = "zdx.departments";
pub(crate) const LOCATIONS: &str = "zdx.locations";
pub(crate) const GEOS: &str = "zdx.geos";

const STEP: u64 = 300;

/// A generated series' centre, spread and clamp bounds: (base, spread, lo, hi).
pub(crate) type Shape = (f64, f64, f64, f64);
/// (metric name, unit, shape)
pub(crate) type Metric = (&'static str, &'static str, Shape);
const DEFAULT_WINDOW: u64 = 2 * 3600;
const MAX_WINDOW: u64 = 14 * 86_400;

pub fn install(routes: &mut Routes) {
    routes.get("/zdx/v1/apps", |t, c| with_window(t, c, list_apps));
    routes.get("/zdx/v1/apps/{id}", |t, c| with_window(t, c, get_app));
    routes.get("/zdx/v1/apps/{id}/score", |t, c| {
        with_window(t, c, app_score)
    });
    routes.get("/zdx/v1/apps/{id}/metrics", |t, c| {
        with_window(t, c, app_metrics)
    });
    routes.get("/zdx/v1/apps/{id}/users", |t, c| {
        with_window(t, c, app_users)
    });
    routes.get("/zdx/v1/apps/{id}/users/{uid}", |t, c| {
        with_window(t, c, app_user)
    });

    routes.get("/zdx/v1/devices", |t, c| with_window(t, c, list_devices));
    routes.get("/zdx/v1/devices/{id}", |t, c| with_window(t, c, get_device));
    routes.get("/zdx/v1/devices/{id}/apps", |t, c| {
        with_window(t, c, device_apps)
    });
    routes.get("/zdx/v1/devices/{id}/apps/{app}", |t, c| {
        with_window(t, c, device_app)
    });
    routes.get("/zdx/v1/devices/{id}/apps/{app}/web-probes", |t, c| {
        with_window(t, c, web_probes)
    });
    routes.get(
        "/zdx/v1/devices/{id}/apps/{app}/web-probes/{pid}",
        |t, c| with_window(t, c, web_probe),
    );
    routes.get(
        "/zdx/v1/devices/{id}/apps/{app}/cloudpath-probes",
        |t, c| with_window(t, c, cloudpath_probes),
    );
    routes.get(
        "/zdx/v1/devices/{id}/apps/{app}/cloudpath-probes/{pid}",
        |t, c| with_window(t, c, cloudpath_probe),
    );
    routes.get(
        "/zdx/v1/devices/{id}/apps/{app}/cloudpath-probes/{pid}/cloudpath",
        |t, c| with_window(t, c, cloudpath),
    );
    routes.get(
        "/zdx/v1/devices/{id}/apps/{app}/call-quality-metrics",
        |t, c| with_window(t, c, call_quality),
    );
    routes.get("/zdx/v1/devices/{id}/health-metrics", |t, c| {
        with_window(t, c, health_metrics)
    });
    routes.get("/zdx/v1/devices/{id}/events", |t, c| {
        with_window(t, c, device_events)
    });
    routes.get("/zdx/v1/active_geo", |t, c| with_window(t, c, active_geo));

    routes.get("/zdx/v1/alerts/ongoing", |t, c| {
        with_window(t, c, |tenant, call, w| list_alerts(tenant, call, w, true))
    });
    routes.get("/zdx/v1/alerts/historical", |t, c| {
        with_window(t, c, |tenant, call, w| list_alerts(tenant, call, w, false))
    });
    routes.get("/zdx/v1/alerts/{id}", |t, c| {
        let tenant = t.read();
        match tenant.get(ALERTS, c.param("id")) {
            Some(alert) => Reply::ok(public(alert)),
            None => not_found(c.param("id")),
        }
    });
    routes.get("/zdx/v1/alerts/{id}/affected_devices", affected_devices);

    routes.get("/zdx/v1/inventory/software", list_software);
    routes.get("/zdx/v1/inventory/software/{key}", software_installs);
    routes.get("/zdx/v1/administration/departments", |t, c| {
        with_window(t, c, |tenant, call, _| {
            named_list(tenant, call, DEPARTMENTS)
        })
    });
    routes.get("/zdx/v1/administration/locations", |t, c| {
        with_window(t, c, |tenant, call, _| named_list(tenant, call, LOCATIONS))
    });
    routes.get("/zdx/v1/users", |t, c| with_window(t, c, list_users));
    routes.get("/zdx/v1/users/{id}", |t, c| with_window(t, c, get_user));

    troubleshooting::install(routes);
}

pub fn seed(tenant: &mut Tenant, demo: bool) {
    // Every series hashes this, so the same emulator seed gives the same charts.
    let series_seed = tenant.rng.next_u64();
    tenant.extra.insert("zdx.seed", json!(series_seed));
    if demo {
        data::seed(tenant);
    }
}

// ---- shared plumbing -----------------------------------------------------------------------

pub(crate) fn validation(param: &str, message: &str) -> Reply {
    Reply::json(
        400,
        json!({"code": "VALIDATION_ERROR", "message": message,
               "details": [{"field": param, "message": message}]}),
    )
}

pub(crate) fn not_found(what: &str) -> Reply {
    Reply::product_error(
        Product::Zdx,
        404,
        "NOT_FOUND",
        &format!("Resource not found: {what}"),
    )
}

/// A record without the emulator's `_`-prefixed bookkeeping.
pub(crate) fn public(record: &Value) -> Value {
    match record {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(k, _)| !k.starts_with('_'))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// The `[from, to]` window of a request.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Window {
    pub from: u64,
    pub to: u64,
}

impl Window {
    pub fn parse(call: &Call) -> Result<Window, Reply> {
        let number = |name: &str| -> Result<Option<u64>, Reply> {
            match call.query(name) {
                None | Some("") => Ok(None),
                Some(raw) => raw.parse::<u64>().map(Some).map_err(|_| {
                    validation(name, &format!("{name} must be epoch seconds, got {raw:?}"))
                }),
            }
        };
        let now = epoch_seconds();
        let to = number("to")?.unwrap_or(now);
        let from = number("from")?.unwrap_or(to.saturating_sub(DEFAULT_WINDOW));
        if to < from {
            return Err(validation("to", "to must not be earlier than from"));
        }
        if to - from > MAX_WINDOW {
            return Err(validation("from", "from must be within 14 days of to"));
        }
        Ok(Window { from, to })
    }

    /// Five-minute-aligned sample times inside the window.
    pub fn steps(&self) -> impl Iterator<Item = u64> + Clone + use<> {
        let first = self.from.div_ceil(STEP) * STEP;
        (first..=self.to).step_by(STEP as usize)
    }
}

fn with_window(
    t: &TenantLock,
    call: &Call,
    handler: impl Fn(&Tenant, &Call, Window) -> Reply,
) -> Reply {
    match Window::parse(call) {
        Ok(window) => handler(&t.read(), call, window),
        Err(reply) => reply,
    }
}

/// Deterministic noise in `[0, 1)` for one entity at one instant.
pub(crate) fn noise(tenant: &Tenant, key: &str, at: u64) -> f64 {
    let seed = tenant
        .extra
        .get("zdx.seed")
        .and_then(Value::as_u64)
        .unwrap_or(0);
    // FNV-1a over the key, then a SplitMix64 finaliser over everything.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in key.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    let mut z = seed ^ h ^ at.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    (z >> 11) as f64 / (1u64 << 53) as f64
}

fn round2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

/// A `{metric, unit, datapoints}` series around `base` (± `spread`), clamped to `[lo, hi]`.
pub(crate) fn series(
    tenant: &Tenant,
    key: &str,
    metric: &str,
    unit: &str,
    times: impl Iterator<Item = u64>,
    (base, spread, lo, hi): Shape,
) -> Value {
    let points: Vec<Value> = times
        .map(|ts| {
            let v = base + (noise(tenant, &format!("{key}/{metric}"), ts) - 0.5) * 2.0 * spread;
            json!({"timestamp": ts, "value": round2(v.clamp(lo, hi))})
        })
        .collect();
    json!({"metric": metric, "unit": unit, "datapoints": points})
}

/// The cursor for item `index`: opaque to clients, as ZDX's is.
pub(crate) fn cursor(index: usize) -> String {
    URL_SAFE_NO_PAD.encode(format!("idx:{index}"))
}

/// One cursor page of `items` with the `next_offset` for the next one (absent at the end).
pub(crate) fn cursor_page(call: &Call, key: &str, items: Vec<Value>) -> Result<Value, Reply> {
    let limit = match call.query("limit") {
        None | Some("") => 50,
        Some(raw) => raw
            .parse::<usize>()
            .ok()
            .filter(|l| *l >= 1)
            .ok_or_else(|| validation("limit", "limit must be a positive number"))?
            .min(1000),
    };
    let start = match call.query("offset") {
        None | Some("") => 0,
        Some(raw) => URL_SAFE_NO_PAD
            .decode(raw)
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
            .and_then(|s| s.strip_prefix("idx:").and_then(|n| n.parse().ok()))
            .ok_or_else(|| validation("offset", "offset is not a cursor this API issued"))?,
    };
    let total = items.len();
    let page: Vec<Value> = items.into_iter().skip(start).take(limit).collect();
    let mut out = Map::new();
    out.insert(key.into(), Value::Array(page));
    if start + limit < total {
        out.insert("next_offset".into(), json!(cursor(start + limit)));
    }
    Ok(Value::Object(out))
}

fn paged(call: &Call, key: &str, items: Vec<Value>) -> Reply {
    match cursor_page(call, key, items) {
        Ok(body) => Reply::ok(body),
        Err(reply) => reply,
    }
}

/// Comma-separated (or repeated) values of a list parameter.
fn list_param(call: &Call, name: &str) -> Vec<String> {
    call.query
        .iter()
        .filter(|(k, _)| k == name || k.strip_suffix("[]") == Some(name))
        .flat_map(|(_, v)| v.split(',').map(|s| s.trim().to_owned()))
        .filter(|s| !s.is_empty())
        .collect()
}

/// The `loc`, `dept` and `geo` filters shared by most endpoints, applied to a device.
fn device_in_scope(device: &Value, call: &Call) -> bool {
    let matches = |param: &str, field: &str| {
        let wanted = list_param(call, param);
        wanted.is_empty()
            || wanted.contains(&device[field].to_string().trim_matches('"').to_owned())
    };
    let excluded = |param: &str, field: &str| {
        list_param(call, param).contains(&device[field].to_string().trim_matches('"').to_owned())
    };
    matches("loc", "_location_id")
        && matches("dept", "_department_id")
        && matches("geo", "_geo_id")
        && !excluded("exclude_loc", "_location_id")
        && !excluded("exclude_dept", "_department_id")
        && !excluded("exclude_geo", "_geo_id")
}

// ---- apps ----------------------------------------------------------------------------------

fn id_of(call: &Call, name: &str) -> String {
    call.param(name).to_owned()
}

pub(crate) fn app_score_series(
    tenant: &Tenant,
    app: &Value,
    times: impl Iterator<Item = u64>,
) -> Value {
    let base = app["_base_score"].as_f64().unwrap_or(80.0);
    series(
        tenant,
        &format!("app/{}", app["id"]),
        "score",
        "",
        times,
        (base, 9.0, 0.0, 100.0),
    )
}

fn mean(series: &Value) -> Option<f64> {
    let points = series["datapoints"].as_array()?;
    if points.is_empty() {
        return None;
    }
    let sum: f64 = points.iter().filter_map(|p| p["value"].as_f64()).sum();
    Some(round2(sum / points.len() as f64))
}

/// Device scores for an app: deterministic per (app, device, window end).
fn device_app_score(tenant: &Tenant, app: &Value, device_id: &str, w: Window) -> f64 {
    let base = app["_base_score"].as_f64().unwrap_or(80.0);
    let at = w.to / 3600;
    round2(
        (base + (noise(tenant, &format!("{}/{device_id}", app["id"]), at) - 0.5) * 50.0)
            .clamp(5.0, 100.0),
    )
}

fn bucket(score: f64) -> &'static str {
    match score {
        s if s < 34.0 => "poor",
        s if s < 67.0 => "okay",
        _ => "good",
    }
}

fn app_view(tenant: &Tenant, app: &Value, call: &Call, w: Window) -> Value {
    let mut shown = public(app);
    let score = mean(&app_score_series(tenant, app, w.steps()))
        .or_else(|| app["_base_score"].as_f64())
        .unwrap_or(0.0);
    shown["score"] = json!(score);
    let (mut poor, mut okay, mut good, mut users) = (0, 0, 0, std::collections::HashSet::new());
    for d in tenant.rows(DEVICES).filter(|d| device_in_scope(d, call)) {
        if !uses_app(d, app) {
            continue;
        }
        let id = d["id"].to_string();
        match bucket(device_app_score(tenant, app, &id, w)) {
            "poor" => poor += 1,
            "okay" => okay += 1,
            _ => good += 1,
        }
        users.insert(d["userid"].to_string());
    }
    shown["stats"] = json!({"active_users": users.len(), "active_devices": poor + okay + good,
                            "num_poor": poor, "num_okay": okay, "num_good": good});
    shown["total_users"] = json!(users.len());
    shown
}

pub(crate) fn uses_app(device: &Value, app: &Value) -> bool {
    device["_apps"]
        .as_array()
        .is_some_and(|apps| apps.iter().any(|a| *a == app["id"]))
}

fn list_apps(tenant: &Tenant, call: &Call, w: Window) -> Reply {
    let apps: Vec<Value> = tenant
        .rows(APPS)
        .map(|a| app_view(tenant, a, call, w))
        .collect();
    Reply::ok(Value::Array(apps))
}

fn get_app(tenant: &Tenant, call: &Call, w: Window) -> Reply {
    let id = id_of(call, "id");
    match tenant.get(APPS, &id) {
        Some(app) => Reply::ok(app_view(tenant, app, call, w)),
        None => not_found(&id),
    }
}

fn app_score(tenant: &Tenant, call: &Call, w: Window) -> Reply {
    let id = id_of(call, "id");
    match tenant.get(APPS, &id) {
        Some(app) => Reply::ok(app_score_series(tenant, app, w.steps())),
        None => not_found(&id),
    }
}

/// Web-probe metrics: (name, unit, (base, spread, lo, hi)) scaled by the app's health.
pub(crate) fn probe_metrics(app: &Value) -> Vec<Metric> {
    let health = app["_base_score"].as_f64().unwrap_or(80.0) / 100.0;
    let slow = 2.0 - health;
    vec![
        ("pft", "ms", (900.0 * slow, 350.0, 50.0, 30_000.0)),
        ("dns", "ms", (18.0 * slow, 10.0, 1.0, 2000.0)),
        (
            "server_response",
            "ms",
            (240.0 * slow, 90.0, 10.0, 10_000.0),
        ),
        ("availability", "%", (99.0 + health, 2.0, 0.0, 100.0)),
    ]
}

fn app_metrics(tenant: &Tenant, call: &Call, w: Window) -> Reply {
    let id = id_of(call, "id");
    let Some(app) = tenant.get(APPS, &id) else {
        return not_found(&id);
    };
    let metrics = probe_metrics(app);
    let wanted = call.query("metric_name").filter(|m| !m.is_empty());
    if let Some(name) = wanted
        && !metrics.iter().any(|(m, _, _)| *m == name)
    {
        return validation(
            "metric_name",
            &format!(
                "metric_name must be one of pft, dns, server_response, availability; got {name:?}"
            ),
        );
    }
    let list: Vec<Value> = metrics
        .into_iter()
        .filter(|(m, _, _)| wanted.is_none_or(|n| n == *m))
        .map(|(m, unit, shape)| series(tenant, &format!("app/{id}"), m, unit, w.steps(), shape))
        .collect();
    Reply::ok(Value::Array(list))
}

fn app_users(tenant: &Tenant, call: &Call, w: Window) -> Reply {
    let id = id_of(call, "id");
    let Some(app) = tenant.get(APPS, &id) else {
        return not_found(&id);
    };
    let wanted_bucket = call.query("score_bucket");
    if let Some(b) = wanted_bucket
        && !matches!(b, "poor" | "okay" | "good")
    {
        return validation("score_bucket", "score_bucket must be poor, okay or good");
    }
    let mut seen = std::collections::HashSet::new();
    let mut users = Vec::new();
    for d in tenant
        .rows(DEVICES)
        .filter(|d| device_in_scope(d, call) && uses_app(d, app))
    {
        let uid = d["userid"].to_string();
        if !seen.insert(uid.clone()) {
            continue;
        }
        let score = device_app_score(tenant, app, &d["id"].to_string(), w);
        if wanted_bucket.is_some_and(|b| b != bucket(score)) {
            continue;
        }
        if let Some(user) = tenant.get(USERS, &uid) {
            users.push(json!({"id": user["id"], "name": user["name"], "email": user["email"], "score": score}));
        }
    }
    paged(call, "users", users)
}

fn app_user(tenant: &Tenant, call: &Call, w: Window) -> Reply {
    let (id, uid) = (id_of(call, "id"), id_of(call, "uid"));
    let Some(app) = tenant.get(APPS, &id) else {
        return not_found(&id);
    };
    let Some(user) = tenant.get(USERS, &uid) else {
        return not_found(&uid);
    };
    let devices: Vec<Value> = tenant
        .rows(DEVICES)
        .filter(|d| id_string(&d["userid"]) == uid && uses_app(d, app))
        .map(|d| {
            let score = device_app_score(tenant, app, &d["id"].to_string(), w);
            json!({"id": d["id"], "name": d["name"], "score": score,
                   "geo_loc": d["_geo_loc"], "zs_loc": d["_zs_loc"]})
        })
        .collect();
    if devices.is_empty() {
        return not_found(&uid);
    }
    let score = round2(
        devices
            .iter()
            .filter_map(|d| d["score"].as_f64())
            .sum::<f64>()
            / devices.len() as f64,
    );
    Reply::ok(
        json!({"id": user["id"], "name": user["name"], "email": user["email"],
                     "score": score, "devices": devices}),
    )
}

// ---- devices -------------------------------------------------------------------------------

fn list_devices(tenant: &Tenant, call: &Call, _: Window) -> Reply {
    let emails: Vec<String> = list_param(call, "emails")
        .iter()
        .map(|e| e.to_lowercase())
        .collect();
    let userids = list_param(call, "userids");
    let q = call.query("q").map(str::to_lowercase);
    let mac = call.query("mac_address").map(str::to_lowercase);
    let ipv4 = call.query("private_ipv4");
    let devices: Vec<Value> = tenant
        .rows(DEVICES)
        .filter(|d| device_in_scope(d, call))
        .filter(|d| userids.is_empty() || userids.contains(&d["userid"].to_string()))
        .filter(|d| {
            emails.is_empty()
                || tenant
                    .get(USERS, &d["userid"].to_string())
                    .and_then(|u| u["email"].as_str())
                    .is_some_and(|e| emails.contains(&e.to_lowercase()))
        })
        .filter(|d| {
            q.as_deref().is_none_or(|q| {
                d["name"]
                    .as_str()
                    .is_some_and(|n| n.to_lowercase().contains(q))
                    || id_string(&d["id"]) == q
            })
        })
        .filter(|d| {
            mac.as_deref().is_none_or(|m| {
                d["_network"][0]["mac"]
                    .as_str()
                    .is_some_and(|x| x.to_lowercase() == m)
            })
        })
        .filter(|d| ipv4.is_none_or(|ip| d["_network"][0]["ipv4"] == ip))
        .map(|d| json!({"id": d["id"], "name": d["name"], "userid": d["userid"]}))
        .collect();
    paged(call, "devices", devices)
}

fn device<'a>(tenant: &'a Tenant, call: &Call) -> Result<&'a Value, Reply> {
    let id = id_of(call, "id");
    tenant.get(DEVICES, &id).ok_or_else(|| not_found(&id))
}

fn get_device(tenant: &Tenant, call: &Call, _: Window) -> Reply {
    match device(tenant, call) {
        Ok(d) => Reply::ok(
            json!({"id": d["id"], "name": d["name"], "hardware": d["_hardware"],
                                  "network": d["_network"], "software": d["_software"]}),
        ),
        Err(reply) => reply,
    }
}

/// The device and one of the apps it runs.
fn device_and_app<'a>(tenant: &'a Tenant, call: &Call) -> Result<(&'a Value, &'a Value), Reply> {
    let d = device(tenant, call)?;
    let app_id = id_of(call, "app");
    match tenant.get(APPS, &app_id) {
        Some(app) if uses_app(d, app) => Ok((d, app)),
        _ => Err(not_found(&app_id)),
    }
}

fn device_apps(tenant: &Tenant, call: &Call, w: Window) -> Reply {
    let d = match device(tenant, call) {
        Ok(d) => d,
        Err(reply) => return reply,
    };
    let apps: Vec<Value> = tenant
        .rows(APPS)
        .filter(|a| uses_app(d, a))
        .map(|a| {
            json!({"id": a["id"], "name": a["name"],
                        "score": device_app_score(tenant, a, &d["id"].to_string(), w)})
        })
        .collect();
    Reply::ok(Value::Array(apps))
}

fn device_app(tenant: &Tenant, call: &Call, w: Window) -> Reply {
    let (d, app) = match device_and_app(tenant, call) {
        Ok(found) => found,
        Err(reply) => return reply,
    };
    let key = format!("device/{}/app/{}", d["id"], app["id"]);
    let score = device_app_score(tenant, app, &d["id"].to_string(), w);
    let mut list = vec![series(
        tenant,
        &key,
        "score",
        "",
        w.steps(),
        (score, 8.0, 0.0, 100.0),
    )];
    for (metric, unit, shape) in probe_metrics(app) {
        list.push(series(tenant, &key, metric, unit, w.steps(), shape));
    }
    Reply::ok(Value::Array(list))
}

/// Each app has one web probe and one cloudpath probe per device, numbered from the app id.
pub(crate) fn probe_ids(app: &Value) -> (u64, u64) {
    let id = app["id"].as_u64().unwrap_or(0);
    (id * 100 + 1, id * 100 + 2)
}

fn web_probes(tenant: &Tenant, call: &Call, w: Window) -> Reply {
    let (d, app) = match device_and_app(tenant, call) {
        Ok(found) => found,
        Err(reply) => return reply,
    };
    let (web, _) = probe_ids(app);
    let key = format!("device/{}/app/{}", d["id"], app["id"]);
    let pft = probe_metrics(app)[0].2;
    let pft_mean = mean(&series(tenant, &key, "pft", "ms", w.steps(), pft)).unwrap_or(pft.0);
    Reply::ok(json!([{
        "id": web, "name": format!("{} Web Probe", app["name"].as_str().unwrap_or_default()),
        "num_probes": w.steps().count(),
        "avg_score": device_app_score(tenant, app, &d["id"].to_string(), w),
        "avg_pft": pft_mean,
    }]))
}

fn web_probe(tenant: &Tenant, call: &Call, w: Window) -> Reply {
    let (d, app) = match device_and_app(tenant, call) {
        Ok(found) => found,
        Err(reply) => return reply,
    };
    let pid = id_of(call, "pid");
    if pid != probe_ids(app).0.to_string() {
        return not_found(&pid);
    }
    let key = format!("device/{}/app/{}", d["id"], app["id"]);
    let list: Vec<Value> = probe_metrics(app)
        .into_iter()
        .map(|(m, unit, shape)| series(tenant, &key, m, unit, w.steps(), shape))
        .collect();
    Reply::ok(Value::Array(list))
}

/// The legs a cloudpath crosses: client, egress, Zscaler service edge, destination.
fn legs(d: &Value, app: &Value) -> Vec<(String, String, f64)> {
    let gateway = d["_network"][0]["gateway"]
        .as_str()
        .unwrap_or("gateway")
        .to_owned();
    let edge = d["_zen"].as_str().unwrap_or("Zscaler").to_owned();
    let dest = app["_host"].as_str().unwrap_or("app").to_owned();
    vec![
        ("client".into(), gateway.clone(), 3.0),
        (gateway, edge.clone(), 14.0),
        (edge, dest, 22.0),
    ]
}

fn cloudpath_probes(tenant: &Tenant, call: &Call, w: Window) -> Reply {
    let (d, app) = match device_and_app(tenant, call) {
        Ok(found) => found,
        Err(reply) => return reply,
    };
    let (_, cp) = probe_ids(app);
    let key = format!("device/{}/app/{}", d["id"], app["id"]);
    let latencies: Vec<Value> = legs(d, app)
        .into_iter()
        .map(|(src, dst, base)| {
            let s = series(
                tenant,
                &format!("{key}/{src}-{dst}"),
                "latency",
                "ms",
                w.steps(),
                (base, base / 2.0, 0.1, 1000.0),
            );
            json!({"leg_src": src, "leg_dst": dst, "latency": mean(&s).unwrap_or(base)})
        })
        .collect();
    Reply::ok(json!([{
        "id": cp, "name": format!("{} Cloudpath Probe", app["name"].as_str().unwrap_or_default()),
        "num_probes": w.steps().count(), "avg_latencies": latencies,
    }]))
}

fn cloudpath_probe(tenant: &Tenant, call: &Call, w: Window) -> Reply {
    let (d, app) = match device_and_app(tenant, call) {
        Ok(found) => found,
        Err(reply) => return reply,
    };
    let pid = id_of(call, "pid");
    if pid != probe_ids(app).1.to_string() {
        return not_found(&pid);
    }
    let key = format!("device/{}/app/{}", d["id"], app["id"]);
    let list: Vec<Value> = legs(d, app)
        .into_iter()
        .map(|(src, dst, base)| {
            let leg = format!("{key}/{src}-{dst}");
            json!({"leg_src": src, "leg_dst": dst, "stats": [
                series(tenant, &leg, "latency", "ms", w.steps(), (base, base / 2.0, 0.1, 1000.0)),
                series(tenant, &leg, "packet_loss", "%", w.steps(), (0.3, 0.3, 0.0, 100.0)),
            ]})
        })
        .collect();
    Reply::ok(Value::Array(list))
}

/// Hop-by-hop traces, one per probe run in the window.
pub(crate) fn cloudpath_runs(
    tenant: &Tenant,
    d: &Value,
    app: &Value,
    times: impl Iterator<Item = u64>,
) -> Vec<Value> {
    let legs = legs(d, app);
    times
        .map(|ts| {
            let key = format!("cloudpath/{}/{}", d["id"], app["id"]);
            let hops: Vec<Value> = legs
                .iter()
                .enumerate()
                .map(|(n, (src, dst, base))| {
                    let jitter = noise(tenant, &format!("{key}/{n}"), ts);
                    json!({"ip": dst, "gw_mac": "", "gw_mac_vendor": "",
                           "pkt_sent": 5, "pkt_rcvd": if jitter > 0.97 { 4 } else { 5 },
                           "latency_min": round2(base * 0.8), "latency_max": round2(base * (1.2 + jitter)),
                           "latency_avg": round2(base * (1.0 + jitter / 4.0)), "latency_diff": round2(base * jitter / 4.0),
                           "src": src})
                })
                .collect();
            let latency: f64 = legs.iter().map(|(_, _, b)| b).sum();
            json!({"timestamp": ts, "cloudpath": {
                "src": d["name"], "dst": app["_host"], "num_hops": hops.len(),
                "latency": round2(latency * (1.0 + noise(tenant, &key, ts) / 5.0)),
                "loss": 0.0, "num_unresp_hops": 0, "traffic_type": "ZIA", "hops": hops,
            }})
        })
        .collect()
}

fn cloudpath(tenant: &Tenant, call: &Call, w: Window) -> Reply {
    let (d, app) = match device_and_app(tenant, call) {
        Ok(found) => found,
        Err(reply) => return reply,
    };
    let pid = id_of(call, "pid");
    if pid != probe_ids(app).1.to_string() {
        return not_found(&pid);
    }
    Reply::ok(Value::Array(cloudpath_runs(tenant, d, app, w.steps())))
}

fn call_quality(tenant: &Tenant, call: &Call, w: Window) -> Reply {
    let (d, app) = match device_and_app(tenant, call) {
        Ok(found) => found,
        Err(reply) => return reply,
    };
    // Only the meeting apps report call quality.
    if app["_calls"] != true {
        return Reply::ok(json!([]));
    }
    let key = format!("call/{}/{}", d["id"], app["id"]);
    let meeting = (w.to / 3600) % 10_000;
    Reply::ok(json!([{
        "meet_id": format!("{meeting:04}-{}", d["id"]), "meet_session_id": format!("s-{meeting}"),
        "meet_subject": "Weekly sync",
        "metrics": [
            series(tenant, &key, "latency_outbound", "ms", w.steps(), (45.0, 25.0, 1.0, 1000.0)),
            series(tenant, &key, "jitter_outbound", "ms", w.steps(), (6.0, 4.0, 0.0, 200.0)),
            series(tenant, &key, "pkt_loss_outbound", "%", w.steps(), (0.4, 0.4, 0.0, 100.0)),
            series(tenant, &key, "mos", "", w.steps(), (4.1, 0.4, 1.0, 5.0)),
        ],
    }]))
}

pub(crate) fn health(
    tenant: &Tenant,
    key: &str,
    times: impl Iterator<Item = u64> + Clone,
) -> Value {
    let group = |category: &str, name: &str, metrics: &[Metric]| {
        let list: Vec<Value> = metrics
            .iter()
            .map(|(m, unit, shape)| {
                series(
                    tenant,
                    &format!("{key}/{category}"),
                    m,
                    unit,
                    times.clone(),
                    *shape,
                )
            })
            .collect();
        json!({"category": category, "instances": [{"name": name, "metrics": list}]})
    };
    json!([
        group(
            "cpu",
            "total",
            &[
                ("pct_total", "%", (28.0, 20.0, 0.0, 100.0)),
                ("pct_kernel", "%", (7.0, 5.0, 0.0, 100.0))
            ]
        ),
        group(
            "memory",
            "total",
            &[
                ("pct_used", "%", (61.0, 15.0, 0.0, 100.0)),
                ("free_mb", "MB", (5200.0, 1800.0, 0.0, 65_536.0))
            ]
        ),
        group(
            "disk",
            "C:",
            &[
                ("pct_used", "%", (54.0, 3.0, 0.0, 100.0)),
                ("io_wait", "%", (2.0, 2.0, 0.0, 100.0))
            ]
        ),
        group(
            "network",
            "Wi-Fi",
            &[
                ("rx_mbps", "Mbps", (12.0, 10.0, 0.0, 1000.0)),
                ("tx_mbps", "Mbps", (3.0, 2.5, 0.0, 1000.0)),
                ("wifi_signal", "dBm", (-58.0, 9.0, -90.0, -30.0))
            ]
        ),
    ])
}

fn health_metrics(tenant: &Tenant, call: &Call, w: Window) -> Reply {
    match device(tenant, call) {
        Ok(d) => Reply::ok(health(tenant, &format!("device/{}", d["id"]), w.steps())),
        Err(reply) => reply,
    }
}

/// Change events (network switches, agent upgrades) at a few deterministic instants.
pub(crate) fn events(tenant: &Tenant, key: &str, times: impl Iterator<Item = u64>) -> Vec<Value> {
    const KINDS: &[(&str, &str, &str, &str, &str)] = &[
        (
            "Network",
            "network_change",
            "Network Changed",
            "Corp-WiFi",
            "Home-WiFi",
        ),
        (
            "Zscaler",
            "zia_tunnel",
            "ZIA Tunnel Changed",
            "TUNNEL_2",
            "TUNNEL_1",
        ),
        (
            "Software",
            "zcc_upgrade",
            "Client Connector Upgraded",
            "4.5.2.73",
            "4.6.0.216",
        ),
        (
            "Hardware",
            "power_source",
            "Power Source Changed",
            "AC",
            "Battery",
        ),
    ];
    times
        .filter(|ts| noise(tenant, &format!("{key}/event"), *ts) > 0.9)
        .map(|ts| {
            let pick = (noise(tenant, &format!("{key}/kind"), ts) * KINDS.len() as f64) as usize;
            let (category, name, display, prev, curr) = KINDS[pick.min(KINDS.len() - 1)];
            json!({"timestamp": ts, "events": [{"category": category, "name": name,
                   "display_name": display, "prev": prev, "curr": curr}]})
        })
        .collect()
}

fn device_events(tenant: &Tenant, call: &Call, w: Window) -> Reply {
    match device(tenant, call) {
        Ok(d) => Reply::ok(Value::Array(events(
            tenant,
            &format!("device/{}", d["id"]),
            w.steps(),
        ))),
        Err(reply) => reply,
    }
}

fn active_geo(tenant: &Tenant, _: &Call, _: Window) -> Reply {
    Reply::ok(Value::Array(tenant.rows(GEOS).map(public).collect()))
}

// ---- alerts --------------------------------------------------------------------------------

fn list_alerts(tenant: &Tenant, call: &Call, w: Window, ongoing: bool) -> Reply {
    let alerts: Vec<Value> = tenant
        .rows(ALERTS)
        .filter(|a| (a["alert_status"] == "Ongoing") == ongoing)
        .filter(|a| {
            let started = a["started_on"].as_u64().unwrap_or(0);
            let ended = a["ended_on"].as_u64().unwrap_or(0);
            // Ongoing alerts show whatever the window; historical ones must overlap it.
            ongoing || (started <= w.to && ended >= w.from)
        })
        .map(public)
        .collect();
    paged(call, "alerts", alerts)
}

fn affected_devices(t: &TenantLock, call: &Call) -> Reply {
    let tenant = t.read();
    let id = id_of(call, "id");
    let Some(alert) = tenant.get(ALERTS, &id) else {
        return not_found(&id);
    };
    let devices: Vec<Value> = alert["_devices"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|d| tenant.get(DEVICES, &d.to_string()))
        .map(|d| {
            let user = tenant.get(USERS, &d["userid"].to_string());
            json!({"id": d["id"], "name": d["name"], "userid": d["userid"],
                   "userName": user.map(|u| u["name"].clone()).unwrap_or_default(),
                   "userEmail": user.map(|u| u["email"].clone()).unwrap_or_default()})
        })
        .collect();
    paged(call, "devices", devices)
}

// ---- inventory, administration, users ------------------------------------------------------

fn list_software(t: &TenantLock, call: &Call) -> Reply {
    let tenant = t.read();
    let q = call.query("q").map(str::to_lowercase);
    let users = list_param(call, "user_ids");
    let devices = list_param(call, "device_ids");
    let items: Vec<Value> = tenant
        .rows(SOFTWARE)
        .filter(|s| {
            q.as_deref().is_none_or(|q| {
                s["software_name"]
                    .as_str()
                    .is_some_and(|n| n.to_lowercase().contains(q))
                    || s["vendor"]
                        .as_str()
                        .is_some_and(|n| n.to_lowercase().contains(q))
            })
        })
        .filter(|s| {
            let installs = installs_of(&tenant, s);
            (users.is_empty()
                || installs
                    .iter()
                    .any(|d| users.contains(&d["userid"].to_string())))
                && (devices.is_empty()
                    || installs
                        .iter()
                        .any(|d| devices.contains(&d["id"].to_string())))
        })
        .map(public)
        .collect();
    paged(call, "software", items)
}

/// The devices a software title is installed on (every n-th device, per the title).
pub(crate) fn installs_of<'a>(tenant: &'a Tenant, software: &Value) -> Vec<&'a Value> {
    let every = software["_every"].as_u64().unwrap_or(1).max(1);
    let os = software["_os"].as_str().unwrap_or_default();
    tenant
        .rows(DEVICES)
        .filter(|d| {
            os.is_empty()
                || d["_software"]["os_name"]
                    .as_str()
                    .is_some_and(|n| n.contains(os))
        })
        .filter(|d| d["id"].as_u64().unwrap_or(0) % every == 0)
        .collect()
}

fn software_installs(t: &TenantLock, call: &Call) -> Reply {
    let tenant = t.read();
    let key = call.param("key");
    let Some(sw) = tenant.get(SOFTWARE, key) else {
        return not_found(key);
    };
    let versions = sw["_versions"].as_array().cloned().unwrap_or_default();
    let items: Vec<Value> = installs_of(&tenant, sw)
        .into_iter()
        .map(|d| {
            let user = tenant.get(USERS, &d["userid"].to_string());
            let id = d["id"].as_u64().unwrap_or(0);
            let version = versions
                .get(id as usize % versions.len().max(1))
                .cloned()
                .unwrap_or_else(|| json!("1.0"));
            json!({"software_key": sw["software_key"], "software_name": sw["software_name"],
                   "software_version": version, "software_group": sw["software_group"],
                   "os": d["_software"]["os_name"], "vendor": sw["vendor"], "user_id": d["userid"],
                   "device_id": d["id"], "hostname": d["_software"]["hostname"],
                   "username": user.map(|u| u["email"].clone()).unwrap_or_default(),
                   "install_date": format!("2025-{:02}-{:02}", id % 12 + 1, id % 28 + 1)})
        })
        .collect();
    paged(call, "software", items)
}

fn named_list(tenant: &Tenant, call: &Call, table: &str) -> Reply {
    let search = call.query("search").map(str::to_lowercase);
    let rows: Vec<Value> = tenant
        .rows(table)
        .filter(|r| {
            search.as_deref().is_none_or(|s| {
                r["name"]
                    .as_str()
                    .is_some_and(|n| n.to_lowercase().contains(s))
            })
        })
        .map(public)
        .collect();
    Reply::ok(Value::Array(rows))
}

fn user_devices(tenant: &Tenant, uid: &str, detailed: bool) -> Vec<Value> {
    tenant
        .rows(DEVICES)
        .filter(|d| id_string(&d["userid"]) == uid)
        .map(|d| {
            if detailed {
                json!({"id": d["id"], "name": d["name"], "geo_loc": d["_geo_loc"], "zs_loc": d["_zs_loc"]})
            } else {
                json!({"id": d["id"], "name": d["name"]})
            }
        })
        .collect()
}

fn list_users(tenant: &Tenant, call: &Call, _: Window) -> Reply {
    let q = call.query("q").map(str::to_lowercase);
    let emails: Vec<String> = list_param(call, "emails")
        .iter()
        .map(|e| e.to_lowercase())
        .collect();
    let users: Vec<Value> = tenant
        .rows(USERS)
        .filter(|u| {
            q.as_deref().is_none_or(|q| {
                ["name", "email"]
                    .iter()
                    .any(|f| u[*f].as_str().is_some_and(|v| v.to_lowercase().contains(q)))
            })
        })
        .filter(|u| {
            emails.is_empty()
                || u["email"]
                    .as_str()
                    .is_some_and(|e| emails.contains(&e.to_lowercase()))
        })
        .map(|u| {
            let uid = u["id"].to_string();
            json!({"id": u["id"], "name": u["name"], "email": u["email"],
                   "devices": user_devices(tenant, &uid, false)})
        })
        .collect();
    paged(call, "users", users)
}

fn get_user(tenant: &Tenant, call: &Call, _: Window) -> Reply {
    let id = id_of(call, "id");
    match tenant.get(USERS, &id) {
        Some(u) => Reply::ok(
            json!({"id": u["id"], "name": u["name"], "email": u["email"],
                                    "devices": user_devices(tenant, &id, true)}),
        ),
        None => not_found(&id),
    }
}
