//! ZDX: applications, devices, users and their probes over a time window; alerts; software
//! inventory; deep traces and analyses (start, read, delete); and the window's checks.

use serde_json::{Value, json};

use zscaler_catalogue::{Content, ToolOutput};

use crate::harness::{Harness, id_of};

/// The text block a client shows.
fn text(out: &ToolOutput) -> &str {
    match &out.content[0] {
        Content::Text(t) => t,
        other => panic!("not text: {other:?}"),
    }
}

pub async fn exercise(h: &Harness) {
    window_checks(h).await;
    reports(h).await;
    alerts(h).await;
    inventory(h).await;
    device_probes(h).await;
    deep_trace(h).await;
    analysis(h).await;
}

/// The last ZDX request the emulator received, as `path?query`.
fn last_zdx_request(h: &Harness) -> String {
    let log = h.emulator.requests();
    let r = log
        .iter()
        .rev()
        .find(|r| r.path.starts_with("/zdx/"))
        .expect("a ZDX request was sent");
    format!("{}?{}", r.path, r.query)
}

fn query_number(request: &str, name: &str) -> i64 {
    let query = request.split_once('?').map_or("", |(_, q)| q);
    query
        .split('&')
        .find_map(|pair| pair.strip_prefix(&format!("{name}=")))
        .unwrap_or_else(|| panic!("no {name} in {request}"))
        .parse()
        .unwrap_or_else(|_| panic!("{name} is not a number in {request}"))
}

async fn window_checks(h: &Harness) {
    // `since` is hours back from now, sent as the from/to ZDX reads.
    h.call("zdx_list_applications", json!({"since": 24})).await;
    let sent = last_zdx_request(h);
    assert!(!sent.contains("since"), "since is ours, not ZDX's: {sent}");
    assert_eq!(
        query_number(&sent, "to") - query_number(&sent, "from"),
        24 * 3600,
        "{sent}"
    );
    // Errors name the field and explain the allowed range.
    let err = h.fails("zdx_list_applications", json!({"since": 0})).await;
    assert!(
        err.contains("`since`") && err.contains("between 1 and 336 hours"),
        "{err}"
    );
    let err = h.fails("zdx_list_devices", json!({"since": 400})).await;
    assert!(err.contains("`since`") && err.contains("got 400"), "{err}");
    let err = h
        .fails(
            "zdx_list_alerts",
            json!({"since": 2, "from": 1_700_000_000}),
        )
        .await;
    assert!(err.contains("not both"), "{err}");
    let err = h
        .fails(
            "zdx_list_applications",
            json!({"from": 1_700_003_600, "to": 1_700_000_000}),
        )
        .await;
    assert!(
        err.contains("`from`") && err.contains("earlier than to"),
        "{err}"
    );
    let err = h
        .fails(
            "zdx_get_application",
            json!({"app_id": "1", "from": 1_700_000_000, "to": 1_700_000_000 + 20 * 86_400}),
        )
        .await;
    assert!(err.contains("at most 336 hours"), "{err}");
    // An explicit window reaches ZDX as given.
    let to = 1_700_000_000i64;
    h.call(
        "zdx_list_applications",
        json!({"from": to - 3600, "to": to}),
    )
    .await;
    let sent = last_zdx_request(h);
    assert_eq!(query_number(&sent, "from"), to - 3600, "{sent}");
}

async fn reports(h: &Harness) {
    let apps = h.items("zdx_list_applications", json!({})).await;
    assert!(apps[0]["score"].is_number(), "{}", apps[0]);
    let app = id_of(&apps[0]);
    let got = h
        .call("zdx_get_application", json!({"app_id": app, "since": 4}))
        .await;
    assert_eq!(got["name"], apps[0]["name"]);
    let trend = h
        .call("zdx_get_application_score_trend", json!({"app_id": app}))
        .await;
    assert_eq!(trend["metric"], "score", "{trend}");
    let metrics = h
        .call(
            "zdx_get_application_metric",
            json!({"app_id": app, "metric_name": "pft"}),
        )
        .await;
    assert_eq!(metrics["result"][0]["metric"], "pft", "{metrics}");
    let users = h
        .items("zdx_list_application_users", json!({"app_id": app}))
        .await;
    let user = id_of(&users[0]);
    let got = h
        .call(
            "zdx_get_application_user",
            json!({"app_id": app, "user_id": user}),
        )
        .await;
    assert!(got["devices"].is_array(), "{got}");

    // A cursor list: one page, then the next from its cursor.
    let first = h.call("zdx_list_devices", json!({"page_size": 2})).await;
    assert_eq!(first["count"], 2, "{first}");
    let cursor = first["next_cursor"]
        .as_str()
        .expect("more devices")
        .to_owned();
    let second = h
        .call(
            "zdx_list_devices",
            json!({"page_size": 2, "cursor": cursor}),
        )
        .await;
    assert_ne!(first["items"][0], second["items"][0], "{second}");
    // Page numbers mean nothing to a cursor list: refused, saying what to send instead.
    let err = h
        .fails("zdx_list_devices", json!({"page": 2, "page_size": 2}))
        .await;
    assert!(
        err.contains("`page`") && err.contains("next_cursor"),
        "{err}"
    );
    let device = id_of(&first["items"][0]);
    let got = h.call("zdx_get_device", json!({"device_id": device})).await;
    assert!(got["hardware"].is_object(), "{got}");

    let zdx_users = h.items("zdx_list_users", json!({})).await;
    let email = zdx_users[0]["email"].as_str().unwrap().to_owned();
    let found = h.items("zdx_list_users", json!({"search": email})).await;
    assert_eq!(found.len(), 1, "{found:?}");
    let got = h
        .call("zdx_get_user", json!({"user_id": id_of(&zdx_users[0])}))
        .await;
    assert_eq!(got["email"], email.as_str());
    let by_mail = h
        .items("zdx_list_devices", json!({"emails": [email], "all": true}))
        .await;
    assert!(
        by_mail.iter().all(|d| d["userid"] == zdx_users[0]["id"]),
        "{by_mail:?}"
    );

    let departments = h.items("zdx_list_departments", json!({})).await;
    assert!(departments[0]["name"].is_string());
    let locations = h.items("zdx_list_locations", json!({})).await;
    assert!(locations[0]["name"].is_string());
    h.items("zdx_list_geolocations", json!({})).await;
}

async fn alerts(h: &Harness) {
    let ongoing = h.items("zdx_list_alerts", json!({})).await;
    let alert = &ongoing[0];
    let got = h
        .call("zdx_get_alert", json!({"alert_id": id_of(alert)}))
        .await;
    assert_eq!(got["rule_name"], alert["rule_name"]);
    let devices = h
        .items(
            "zdx_list_alert_affected_devices",
            json!({"alert_id": id_of(alert)}),
        )
        .await;
    assert!(devices[0]["userEmail"].is_string(), "{devices:?}");
    h.items("zdx_list_historical_alerts", json!({"since": 336}))
        .await;
}

async fn inventory(h: &Harness) {
    let out = h.run("zdx_list_software", json!({})).await.unwrap();
    assert!(
        text(&out).starts_with("[UNTRUSTED CONTENT]") && text(&out).contains("from the device"),
        "software names are labelled: {}",
        text(&out)
    );
    let software = out.structured.unwrap()["items"].as_array().unwrap().clone();
    let key = software[0]["software_key"].as_str().unwrap().to_owned();
    let installs = h
        .items("zdx_get_software_details", json!({"software_key": key}))
        .await;
    assert_eq!(installs[0]["software_key"], key.as_str());
}

/// The array a series read returns (shown as `{"result": [...]}`).
async fn series(h: &Harness, tool: &str, args: Value) -> Vec<Value> {
    let out = h.call(tool, args).await;
    out["result"]
        .as_array()
        .unwrap_or_else(|| panic!("{tool}: no series in {out}"))
        .clone()
}

/// A device and one application it uses.
async fn device_and_app(h: &Harness) -> (String, String) {
    let device = h.first_id("zdx_list_devices", json!({})).await;
    let app = h
        .first_id("zdx_list_device_apps", json!({"device_id": device}))
        .await;
    (device, app)
}

async fn device_probes(h: &Harness) {
    let (device, app) = device_and_app(h).await;
    let key = json!({"device_id": device, "app_id": app});
    series(h, "zdx_get_device_app", key.clone()).await;
    let web = h.items("zdx_get_web_probes", key.clone()).await;
    let mut probe = key.clone();
    probe["probe_id"] = json!(id_of(&web[0]));
    let metrics = series(h, "zdx_get_web_probe", probe).await;
    assert!(metrics[0]["datapoints"].is_array(), "{metrics:?}");
    let cloud = h.items("zdx_list_cloudpath_probes", key.clone()).await;
    let mut probe = key.clone();
    probe["probe_id"] = json!(id_of(&cloud[0]));
    series(h, "zdx_get_cloudpath_probe", probe.clone()).await;
    let runs = series(h, "zdx_get_cloudpath", probe).await;
    assert!(runs[0]["cloudpath"]["hops"].is_array(), "{runs:?}");
    series(h, "zdx_get_call_quality_metrics", key).await;
    let health = series(
        h,
        "zdx_get_device_health_metrics",
        json!({"device_id": device}),
    )
    .await;
    assert_eq!(health[0]["category"], "cpu", "{health:?}");
    h.items(
        "zdx_list_device_events",
        json!({"device_id": device, "since": 48}),
    )
    .await;
}

async fn deep_trace(h: &Harness) {
    let (device, app) = device_and_app(h).await;
    let key = json!({"device_id": device, "app_id": app});
    let web = h.first_id("zdx_get_web_probes", key.clone()).await;
    let started = h
        .call(
            "zdx_start_deeptrace",
            json!({"device_id": device, "session_name": "mcp tools test", "app_id": app,
                   "web_probe_id": web, "session_length_minutes": 1}),
        )
        .await;
    let trace = started["trace_id"].as_str().expect("trace id").to_owned();
    let listed = h
        .items("zdx_list_device_deep_traces", json!({"device_id": device}))
        .await;
    assert!(
        listed.iter().any(|t| t["trace_id"] == trace.as_str()),
        "{listed:?}"
    );
    let ids = json!({"device_id": device, "trace_id": trace});
    let got = h.call("zdx_get_device_deep_trace", ids.clone()).await;
    assert_eq!(got["trace_details"]["session_name"], "mcp tools test");
    let out = h
        .run("zdx_list_deeptrace_top_processes", ids.clone())
        .await
        .unwrap();
    assert!(!out.is_error);
    assert!(
        text(&out).starts_with("[UNTRUSTED CONTENT]"),
        "process names are labelled: {}",
        text(&out)
    );
    for tool in [
        "zdx_get_deeptrace_webprobe_metrics",
        "zdx_get_deeptrace_cloudpath_metrics",
        "zdx_get_deeptrace_cloudpath",
        "zdx_get_deeptrace_health_metrics",
        "zdx_get_deeptrace_events",
    ] {
        series(h, tool, ids.clone()).await;
    }
    h.call("zdx_delete_deeptrace", ids.clone()).await;
    h.fails("zdx_get_device_deep_trace", ids).await;
}

async fn analysis(h: &Harness) {
    let (device, app) = device_and_app(h).await;
    let started = h
        .call(
            "zdx_start_analysis",
            json!({"device_id": device, "app_id": app}),
        )
        .await;
    let id = match &started["analysis_id"] {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let got = h.call("zdx_get_analysis", json!({"analysis_id": id})).await;
    assert!(got["status"].is_string(), "{got}");
    h.call("zdx_delete_analysis", json!({"analysis_id": id}))
        .await;
    h.fails("zdx_get_analysis", json!({"analysis_id": id}))
        .await;
}
