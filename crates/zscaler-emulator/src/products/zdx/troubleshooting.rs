//! ZDX troubleshooting: deep traces on a device and automated root-cause analyses.
//!
//! Both run on emulator time so a test can watch them progress without waiting real minutes.
//! A deep trace is `not_started` for its first 2 s, then `in_progress`, and `completed` once it
//! has run one real second per minute of `session_length_minutes` (a 5-minute trace finishes
//! 7 s after it was started). Its data covers the minutes run so far, one sample per minute
//! from `started_at`. An analysis is `in_progress` for 3 s, then `completed` with its result.

use serde_json::{Map, Value, json};

use super::{
    APPS, DEVICES, USERS, cloudpath_runs, events, health, not_found, probe_ids, probe_metrics,
    series, uses_app, validation,
};
use crate::call::Call;
use crate::call::Reply;
use crate::routes::{Routes, TenantLock};
use crate::store::{Tenant, epoch_seconds, id_string};

const TRACES: &str = "zdx.deeptraces";
const ANALYSES: &str = "zdx.analyses";
const START_DELAY: u64 = 2;
const ANALYSIS_TIME: u64 = 3;

pub fn install(routes: &mut Routes) {
    routes.get("/zdx/v1/devices/{id}/deeptraces", list_traces);
    routes.post("/zdx/v1/devices/{id}/deeptraces", start_trace);
    routes.get("/zdx/v1/devices/{id}/deeptraces/{tid}", |t, c| {
        with_trace(t, c, |_, trace, _| Reply::ok(view(trace)))
    });
    routes.delete("/zdx/v1/devices/{id}/deeptraces/{tid}", delete_trace);
    routes.get(
        "/zdx/v1/devices/{id}/deeptraces/{tid}/top-processes",
        |t, c| with_trace(t, c, top_processes),
    );
    routes.get(
        "/zdx/v1/devices/{id}/deeptraces/{tid}/webprobe-metrics",
        |t, c| with_trace(t, c, webprobe_metrics),
    );
    routes.get(
        "/zdx/v1/devices/{id}/deeptraces/{tid}/cloudpath-metrics",
        |t, c| with_trace(t, c, cloudpath_metrics),
    );
    routes.get("/zdx/v1/devices/{id}/deeptraces/{tid}/cloudpath", |t, c| {
        with_trace(t, c, trace_cloudpath)
    });
    routes.get(
        "/zdx/v1/devices/{id}/deeptraces/{tid}/health-metrics",
        |t, c| {
            with_trace(t, c, |tenant, trace, _| {
                Reply::ok(health(
                    tenant,
                    &trace_key(trace),
                    samples(trace).into_iter(),
                ))
            })
        },
    );
    routes.get("/zdx/v1/devices/{id}/deeptraces/{tid}/events", |t, c| {
        with_trace(t, c, |tenant, trace, _| {
            Reply::ok(Value::Array(events(
                tenant,
                &trace_key(trace),
                samples(trace).into_iter(),
            )))
        })
    });

    routes.post("/zdx/v1/analysis", start_analysis);
    routes.get("/zdx/v1/analysis/{id}", get_analysis);
    routes.delete("/zdx/v1/analysis/{id}", |t, c| {
        let mut tenant = t.write();
        let id = c.param("id");
        match tenant.table_mut(ANALYSES).shift_remove(id) {
            Some(_) => Reply::ok(json!({"analysis_id": id})),
            None => not_found(id),
        }
    });
}

// ---- deep traces ---------------------------------------------------------------------------

/// Milliseconds since the epoch: the state machines need finer steps than the API's seconds.
fn epoch_millis() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}

/// (status, started_at, ended_at, minutes run so far) at the current instant.
fn progress(trace: &Value) -> (&'static str, u64, u64, u64) {
    let created = trace["_created_ms"].as_u64().unwrap_or(0);
    let minutes = trace["expected_time_minutes"].as_u64().unwrap_or(0);
    let started = created + START_DELAY * 1000;
    let now = epoch_millis();
    if now < started {
        return ("not_started", 0, 0, 0);
    }
    let ran = ((now - started) / 1000).min(minutes);
    if ran < minutes {
        ("in_progress", started / 1000, 0, ran)
    } else {
        (
            "completed",
            started / 1000,
            started / 1000 + minutes,
            minutes,
        )
    }
}

fn view(trace: &Value) -> Value {
    let (status, started, ended, _) = progress(trace);
    let mut shown = super::public(trace);
    shown["status"] = json!(status);
    shown["started_at"] = json!(started);
    shown["ended_at"] = json!(ended);
    shown
}

/// One sample per emulated minute the trace has run.
fn samples(trace: &Value) -> Vec<u64> {
    let (_, started, _, ran) = progress(trace);
    (0..ran).map(|k| started + k * 60).collect()
}

fn trace_key(trace: &Value) -> String {
    format!("trace/{}", trace["trace_id"].as_str().unwrap_or_default())
}

fn list_traces(t: &TenantLock, call: &Call) -> Reply {
    let tenant = t.read();
    let id = call.param("id");
    if tenant.get(DEVICES, id).is_none() {
        return not_found(id);
    }
    let traces: Vec<Value> = tenant
        .rows(TRACES)
        .filter(|tr| id_string(&tr["trace_details"]["device_id"]) == id)
        .map(view)
        .collect();
    Reply::ok(Value::Array(traces))
}

fn with_trace(
    t: &TenantLock,
    call: &Call,
    handler: impl Fn(&Tenant, &Value, &Call) -> Reply,
) -> Reply {
    let tenant = t.read();
    let (id, tid) = (call.param("id"), call.param("tid"));
    if tenant.get(DEVICES, id).is_none() {
        return not_found(id);
    }
    match tenant.get(TRACES, tid) {
        Some(trace) if id_string(&trace["trace_details"]["device_id"]) == id => {
            handler(&tenant, trace, call)
        }
        _ => not_found(tid),
    }
}

fn int_field(body: &Map<String, Value>, name: &str) -> Result<Option<u64>, Reply> {
    match body.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => n
            .as_u64()
            .map(Some)
            .ok_or_else(|| validation(name, &format!("{name} must be a positive integer"))),
        Some(Value::String(s)) => s
            .parse()
            .map(Some)
            .map_err(|_| validation(name, &format!("{name} must be a positive integer"))),
        Some(_) => Err(validation(
            name,
            &format!("{name} must be a positive integer"),
        )),
    }
}

fn start_trace(t: &TenantLock, call: &Call) -> Reply {
    let Some(Value::Object(body)) = &call.body else {
        return validation("body", "a JSON object body is required");
    };
    let mut tenant = t.write();
    let device_id = call.param("id").to_owned();
    let Some(device) = tenant.get(DEVICES, &device_id).cloned() else {
        return not_found(&device_id);
    };
    let session = body
        .get("session_name")
        .and_then(Value::as_str)
        .unwrap_or_default();
    if session.is_empty() {
        return validation("session_name", "session_name is required");
    }
    let checked = (|| -> Result<_, Reply> {
        let app_id =
            int_field(body, "app_id")?.ok_or_else(|| validation("app_id", "app_id is required"))?;
        let app = tenant
            .get(APPS, &app_id.to_string())
            .filter(|a| uses_app(&device, a))
            .ok_or_else(|| {
                validation(
                    "app_id",
                    "app_id is not an application monitored on this device",
                )
            })?;
        let (web, cloudpath) = probe_ids(app);
        let web_probe = int_field(body, "web_probe_id")?;
        if web_probe.is_some_and(|p| p != web) {
            return Err(validation(
                "web_probe_id",
                "web_probe_id is not a web probe of this application",
            ));
        }
        let cloud_probe = int_field(body, "cloudpath_probe_id")?;
        if cloud_probe.is_some_and(|p| p != cloudpath) {
            return Err(validation(
                "cloudpath_probe_id",
                "cloudpath_probe_id is not a cloudpath probe of this application",
            ));
        }
        let minutes = int_field(body, "session_length_minutes")?.unwrap_or(5);
        if !(1..=60).contains(&minutes) {
            return Err(validation(
                "session_length_minutes",
                "session_length_minutes must be between 1 and 60",
            ));
        }
        Ok((app.clone(), web_probe, cloud_probe, minutes))
    })();
    let (app, web_probe, cloud_probe, minutes) = match checked {
        Ok(found) => found,
        Err(reply) => return reply,
    };
    let busy = tenant.rows(TRACES).any(|tr| {
        id_string(&tr["trace_details"]["device_id"]) == device_id && progress(tr).0 != "completed"
    });
    if busy {
        return validation(
            "device_id",
            "a deep trace is already running on this device",
        );
    }
    let next = tenant
        .extra
        .get("zdx.nextTrace")
        .and_then(Value::as_u64)
        .unwrap_or(3_419_280)
        + 1;
    tenant.extra.insert("zdx.nextTrace", json!(next));
    let trace_id = next.to_string();
    let created = epoch_millis();
    let user = tenant.get(USERS, &device["userid"].to_string());
    let app_name = app["name"].as_str().unwrap_or_default();
    let trace = json!({
        "trace_id": trace_id,
        "trace_details": {
            "session_name": session, "app_id": app["id"], "app_name": app_name,
            "user_id": device["userid"], "username": user.map(|u| u["email"].clone()).unwrap_or_default(),
            "device_id": device["id"], "device_name": device["name"],
            "web_probe_id": web_probe.unwrap_or(0),
            "web_probe_name": web_probe.map(|_| format!("{app_name} Web Probe")).unwrap_or_default(),
            "cloudpath_probe_id": cloud_probe.unwrap_or(0),
            "cloud_path_name": cloud_probe.map(|_| format!("{app_name} Cloudpath Probe")).unwrap_or_default(),
            "session_length": minutes,
            "probe_device": body.get("probe_device").and_then(Value::as_bool).unwrap_or(true),
        },
        "status": "not_started", "created_at": created / 1000, "started_at": 0, "ended_at": 0,
        "expected_time_minutes": minutes, "_created_ms": created,
    });
    tenant.table_mut(TRACES).insert(trace_id.clone(), trace);
    Reply::ok(json!({"trace_id": trace_id, "status": "not_started", "expected_time": minutes}))
}

fn delete_trace(t: &TenantLock, call: &Call) -> Reply {
    let mut tenant = t.write();
    let (id, tid) = (call.param("id"), call.param("tid"));
    let owned = tenant
        .get(TRACES, tid)
        .is_some_and(|tr| id_string(&tr["trace_details"]["device_id"]) == id);
    if !owned {
        return not_found(tid);
    }
    tenant.table_mut(TRACES).shift_remove(tid);
    Reply::ok(json!({"trace_id": tid}))
}

fn trace_app<'a>(tenant: &'a Tenant, trace: &Value) -> Option<(&'a Value, &'a Value)> {
    let details = &trace["trace_details"];
    Some((
        tenant.get(DEVICES, &details["device_id"].to_string())?,
        tenant.get(APPS, &details["app_id"].to_string())?,
    ))
}

fn top_processes(tenant: &Tenant, trace: &Value, _: &Call) -> Reply {
    const PROCESSES: &[(&str, &[&str])] = &[
        (
            "cpu",
            &[
                "chrome.exe",
                "Teams.exe",
                "MsMpEng.exe",
                "ZSATunnel.exe",
                "OUTLOOK.EXE",
            ],
        ),
        (
            "memory",
            &[
                "chrome.exe",
                "Teams.exe",
                "OUTLOOK.EXE",
                "Code.exe",
                "explorer.exe",
            ],
        ),
        (
            "disk_io",
            &[
                "MsMpEng.exe",
                "OneDrive.exe",
                "SearchIndexer.exe",
                "chrome.exe",
            ],
        ),
        (
            "network_io",
            &["chrome.exe", "Teams.exe", "ZSATunnel.exe", "OneDrive.exe"],
        ),
    ];
    let key = trace_key(trace);
    let list: Vec<Value> = samples(trace)
        .into_iter()
        .map(|ts| {
            let categories: Vec<Value> = PROCESSES
                .iter()
                .map(|(category, names)| {
                    let shift = (super::noise(tenant, &format!("{key}/{category}"), ts)
                        * names.len() as f64) as usize;
                    let procs: Vec<Value> = (0..3)
                        .map(|k| {
                            let n = (shift + k) % names.len();
                            json!({"id": 1_000 + n as u64 * 4 + k as u64, "name": names[n]})
                        })
                        .collect();
                    json!({"category": category, "processes": procs})
                })
                .collect();
            json!({"timestamp": ts, "top_processes": categories})
        })
        .collect();
    Reply::ok(Value::Array(list))
}

fn webprobe_metrics(tenant: &Tenant, trace: &Value, _: &Call) -> Reply {
    let Some((_, app)) = trace_app(tenant, trace) else {
        return Reply::ok(json!([]));
    };
    if trace["trace_details"]["web_probe_id"] == 0 {
        return Reply::ok(json!([]));
    }
    let key = trace_key(trace);
    let times = samples(trace);
    let list: Vec<Value> = probe_metrics(app)
        .into_iter()
        .map(|(m, unit, shape)| series(tenant, &key, m, unit, times.iter().copied(), shape))
        .collect();
    Reply::ok(Value::Array(list))
}

fn cloudpath_metrics(tenant: &Tenant, trace: &Value, _: &Call) -> Reply {
    if trace["trace_details"]["cloudpath_probe_id"] == 0 {
        return Reply::ok(json!([]));
    }
    let key = trace_key(trace);
    let times = samples(trace);
    let list = vec![
        json!({"leg_src": "client", "leg_dst": "destination", "stats": [
            series(tenant, &key, "latency", "ms", times.iter().copied(), (38.0, 15.0, 0.1, 1000.0)),
            series(tenant, &key, "packet_loss", "%", times.iter().copied(), (0.3, 0.3, 0.0, 100.0)),
        ]}),
    ];
    Reply::ok(Value::Array(list))
}

fn trace_cloudpath(tenant: &Tenant, trace: &Value, _: &Call) -> Reply {
    match trace_app(tenant, trace) {
        Some((device, app)) if trace["trace_details"]["cloudpath_probe_id"] != 0 => {
            Reply::ok(Value::Array(cloudpath_runs(
                tenant,
                device,
                app,
                samples(trace).into_iter(),
            )))
        }
        _ => Reply::ok(json!([])),
    }
}

// ---- analyses ------------------------------------------------------------------------------

fn start_analysis(t: &TenantLock, call: &Call) -> Reply {
    let Some(Value::Object(body)) = &call.body else {
        return validation("body", "a JSON object body is required");
    };
    let mut tenant = t.write();
    let checked = (|| -> Result<_, Reply> {
        let device_id = int_field(body, "device_id")?
            .ok_or_else(|| validation("device_id", "device_id is required"))?;
        let device = tenant
            .get(DEVICES, &device_id.to_string())
            .ok_or_else(|| validation("device_id", "device_id is not a known device"))?;
        let app_id =
            int_field(body, "app_id")?.ok_or_else(|| validation("app_id", "app_id is required"))?;
        let app = tenant
            .get(APPS, &app_id.to_string())
            .filter(|a| uses_app(device, a))
            .ok_or_else(|| {
                validation(
                    "app_id",
                    "app_id is not an application monitored on this device",
                )
            })?;
        let now = epoch_seconds();
        let t1 = int_field(body, "t1")?.unwrap_or(now);
        let t0 = int_field(body, "t0")?.unwrap_or(t1.saturating_sub(3600));
        if t1 < t0 {
            return Err(validation("t1", "t1 must not be earlier than t0"));
        }
        Ok((device.clone(), app.clone(), t0, t1))
    })();
    let (device, app, t0, t1) = match checked {
        Ok(found) => found,
        Err(reply) => return reply,
    };
    let next = tenant
        .extra
        .get("zdx.nextAnalysis")
        .and_then(Value::as_u64)
        .unwrap_or(88_000)
        + 1;
    tenant.extra.insert("zdx.nextAnalysis", json!(next));
    let id = next.to_string();
    tenant.table_mut(ANALYSES).insert(
        id.clone(),
        json!({"analysis_id": id, "device_id": device["id"], "app_id": app["id"],
               "app_name": app["name"], "t0": t0, "t1": t1, "_created_ms": epoch_millis()}),
    );
    Reply::ok(json!({"analysis_id": id}))
}

fn get_analysis(t: &TenantLock, call: &Call) -> Reply {
    let tenant = t.read();
    let id = call.param("id");
    let Some(analysis) = tenant.get(ANALYSES, id) else {
        return not_found(id);
    };
    let done =
        epoch_millis() >= analysis["_created_ms"].as_u64().unwrap_or(0) + ANALYSIS_TIME * 1000;
    let mut shown = super::public(analysis);
    shown["status"] = json!(if done { "completed" } else { "in_progress" });
    shown["result"] = if done {
        let app = analysis["app_name"].as_str().unwrap_or_default();
        let slow_dns = super::noise(&tenant, &format!("analysis/{id}"), 0) > 0.5;
        let (issue, category) = if slow_dns {
            (
                format!("{app} is slow because DNS resolution takes too long on this device"),
                "DNS",
            )
        } else {
            (
                format!(
                    "{app} is slow because of high Wi-Fi latency between the device and its gateway"
                ),
                "Wi-Fi",
            )
        };
        json!({"issue": issue, "root_cause_category": category,
               "time_range_start": analysis["t0"], "time_range_end": analysis["t1"],
               "confidence": "High"})
    } else {
        Value::Null
    };
    Reply::ok(shown)
}
