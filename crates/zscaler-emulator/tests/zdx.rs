//! ZDX over real HTTP: time windows and generated series, cursor paging, apps, devices and
//! their probes, alerts, inventory, users, and the deep-trace and analysis state machines.

mod common;

use std::time::Duration;

use common::Tenant;
use serde_json::{Value, json};

const BASE: &str = "/zdx/v1";

fn path(rest: &str) -> String {
    format!("{BASE}{rest}")
}

fn arr(v: &Value) -> &Vec<Value> {
    v.as_array().unwrap_or_else(|| panic!("not an array: {v}"))
}

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// Walks a cursor-paged list to the end.
async fn all_pages(t: &Tenant, first: &str, key: &str) -> Vec<Value> {
    let mut out = Vec::new();
    let sep = if first.contains('?') { '&' } else { '?' };
    let mut url = first.to_owned();
    loop {
        let (status, page) = t.get(&url).await;
        assert_eq!(status, 200, "{url}: {page}");
        out.extend(arr(&page[key]).iter().cloned());
        match page.get("next_offset").and_then(Value::as_str) {
            Some(next) => url = format!("{first}{sep}offset={next}"),
            None => break,
        }
    }
    out
}

#[tokio::test]
async fn time_windows_are_validated_and_series_are_deterministic() {
    let t = Tenant::demo().await;
    let to = now() / 300 * 300;
    let from = to - 3600;
    let (status, score) = t
        .get(&path(&format!("/apps/1/score?from={from}&to={to}")))
        .await;
    assert_eq!(status, 200);
    assert_eq!(score["metric"], "score");
    let points = arr(&score["datapoints"]);
    assert_eq!(points.len(), 13, "5-minute steps, both ends included");
    assert!(
        points
            .windows(2)
            .all(
                |w| w[1]["timestamp"].as_u64().unwrap() - w[0]["timestamp"].as_u64().unwrap()
                    == 300
            )
    );
    assert!(
        points
            .iter()
            .all(|p| (0.0..=100.0).contains(&p["value"].as_f64().unwrap()))
    );
    assert_eq!(
        t.get(&path(&format!("/apps/1/score?from={from}&to={to}")))
            .await
            .1,
        score,
        "same question, same answer"
    );

    // A shifted window agrees on the timestamps it shares.
    let (_, shifted) = t
        .get(&path(&format!(
            "/apps/1/score?from={}&to={}",
            from + 1800,
            to + 1800
        )))
        .await;
    assert_eq!(arr(&shifted["datapoints"])[0], points[6]);

    let (status, err) = t.get(&path(&format!("/apps?from={to}&to={from}"))).await;
    assert_eq!(status, 400);
    assert_eq!(err["code"], "VALIDATION_ERROR");
    assert!(err["message"].as_str().unwrap().contains("to"));
    let (status, err) = t
        .get(&path(&format!("/apps?from={}&to={to}", to - 15 * 86_400)))
        .await;
    assert_eq!(status, 400);
    assert!(err["message"].as_str().unwrap().contains("from"));
    assert_eq!(t.get(&path("/apps?from=yesterday")).await.0, 400);

    // Default window: the last two hours.
    let (_, default) = t.get(&path("/apps/2/score")).await;
    let n = arr(&default["datapoints"]).len();
    assert!((24..=25).contains(&n), "{n} points");
}

#[tokio::test]
async fn apps_with_scores_stats_metrics_and_users() {
    let t = Tenant::demo().await;
    let (_, apps) = t.get(&path("/apps")).await;
    let apps = arr(&apps);
    assert!(apps.len() >= 10);
    let names: Vec<&str> = apps.iter().filter_map(|a| a["name"].as_str()).collect();
    for wanted in ["Microsoft 365", "Salesforce", "Zoom", "ServiceNow", "Okta"] {
        assert!(names.contains(&wanted));
    }
    let app = &apps[0];
    assert!(app["id"].is_u64() && app["score"].is_f64());
    for key in [
        "active_users",
        "active_devices",
        "num_poor",
        "num_okay",
        "num_good",
    ] {
        assert!(app["stats"][key].is_u64(), "stats.{key}");
    }
    let stats = &app["stats"];
    assert_eq!(
        stats["num_poor"].as_u64().unwrap()
            + stats["num_okay"].as_u64().unwrap()
            + stats["num_good"].as_u64().unwrap(),
        stats["active_devices"].as_u64().unwrap()
    );
    assert!(app["most_impacted_region"]["city"].is_string());
    assert!(app.get("_base_score").is_none());
    assert_eq!(t.get(&path("/apps/1")).await.1["name"], "Microsoft 365");
    assert_eq!(t.get(&path("/apps/999")).await.0, 404);

    let (_, metrics) = t.get(&path("/apps/1/metrics")).await;
    let metrics = arr(&metrics);
    assert!(
        metrics
            .iter()
            .any(|m| m["metric"] == "pft" && m["unit"] == "ms")
    );
    let (_, pft) = t.get(&path("/apps/1/metrics?metric_name=pft")).await;
    assert_eq!(arr(&pft).len(), 1);
    let (status, err) = t.get(&path("/apps/1/metrics?metric_name=bogus")).await;
    assert_eq!(status, 400);
    assert!(err["message"].as_str().unwrap().contains("metric_name"));

    let users = all_pages(&t, &path("/apps/1/users?limit=100"), "users").await;
    assert_eq!(
        users.len() as u64,
        app["stats"]["active_users"].as_u64().unwrap()
    );
    let poor = all_pages(
        &t,
        &path("/apps/1/users?score_bucket=poor&limit=100"),
        "users",
    )
    .await;
    assert!(poor.iter().all(|u| u["score"].as_f64().unwrap() < 34.0));
    let uid = users[0]["id"].as_u64().unwrap();
    let (status, detail) = t.get(&path(&format!("/apps/1/users/{uid}"))).await;
    assert_eq!(status, 200);
    assert!(!arr(&detail["devices"]).is_empty());
}

#[tokio::test]
async fn devices_cursor_paging_filters_and_details() {
    let t = Tenant::demo().await;
    let (_, first) = t.get(&path("/devices?limit=100")).await;
    assert_eq!(arr(&first["devices"]).len(), 100);
    assert!(first["next_offset"].is_string());
    let all = all_pages(&t, &path("/devices?limit=200"), "devices").await;
    assert!(all.len() > 500);
    let ids: std::collections::HashSet<u64> =
        all.iter().map(|d| d["id"].as_u64().unwrap()).collect();
    assert_eq!(ids.len(), all.len(), "no device twice across pages");
    let (status, err) = t.get(&path("/devices?offset=not-a-cursor")).await;
    assert_eq!(status, 400);
    assert!(err["message"].as_str().unwrap().contains("offset"));

    let device = &all[0];
    let userid = device["userid"].as_u64().unwrap();
    let (_, mine) = t.get(&path(&format!("/devices?userids={userid}"))).await;
    assert!(arr(&mine["devices"]).iter().all(|d| d["userid"] == userid));
    assert!(mine.get("next_offset").is_none());
    let (_, user) = t.get(&path(&format!("/users/{userid}"))).await;
    let email = user["email"].as_str().unwrap();
    let (_, by_mail) = t.get(&path(&format!("/devices?emails={email}"))).await;
    assert_eq!(by_mail["devices"], mine["devices"]);
    let name = device["name"].as_str().unwrap();
    let (_, by_q) = t
        .get(&path(&format!(
            "/devices?q={}",
            &name[..name.len().min(12)]
        )))
        .await;
    assert!(
        arr(&by_q["devices"])
            .iter()
            .any(|d| d["id"] == device["id"])
    );

    let id = device["id"].as_u64().unwrap();
    let (_, detail) = t.get(&path(&format!("/devices/{id}"))).await;
    for key in ["hw_model", "hw_mfg", "tot_mem", "cpu_model", "num_cores"] {
        assert!(detail["hardware"].get(key).is_some(), "hardware.{key}");
    }
    assert!(detail["network"][0]["ipv4"].is_string());
    assert!(detail["software"]["os_name"].is_string());
    assert_eq!(t.get(&path("/devices/1")).await.0, 404);

    let (_, apps) = t.get(&path(&format!("/devices/{id}/apps"))).await;
    let app_id = arr(&apps)[0]["id"].as_u64().unwrap();
    let (_, probes) = t
        .get(&path(&format!("/devices/{id}/apps/{app_id}/web-probes")))
        .await;
    let probe = &arr(&probes)[0];
    assert!(probe["avg_pft"].is_f64() && probe["num_probes"].is_u64());
    let pid = probe["id"].as_u64().unwrap();
    let (status, series) = t
        .get(&path(&format!(
            "/devices/{id}/apps/{app_id}/web-probes/{pid}"
        )))
        .await;
    assert_eq!(status, 200);
    assert!(arr(&series).iter().all(|s| s["datapoints"].is_array()));
    let (_, cps) = t
        .get(&path(&format!(
            "/devices/{id}/apps/{app_id}/cloudpath-probes"
        )))
        .await;
    let cp = arr(&cps)[0]["id"].as_u64().unwrap();
    assert!(arr(&arr(&cps)[0]["avg_latencies"]).len() >= 3);
    let (_, path_runs) = t
        .get(&path(&format!(
            "/devices/{id}/apps/{app_id}/cloudpath-probes/{cp}/cloudpath"
        )))
        .await;
    assert!(arr(&path_runs)[0]["cloudpath"]["hops"].is_array());
    assert_eq!(
        t.get(&path(&format!(
            "/devices/{id}/apps/{app_id}/cloudpath-probes/{pid}"
        )))
        .await
        .0,
        404
    );
    let (_, health) = t.get(&path(&format!("/devices/{id}/health-metrics"))).await;
    assert!(arr(&health).iter().any(|h| h["category"] == "cpu"));
    assert_eq!(t.get(&path(&format!("/devices/{id}/events"))).await.0, 200);
    let (_, calls) = t
        .get(&path(&format!("/devices/{id}/apps/3/call-quality-metrics")))
        .await;
    assert!(
        arr(&calls)[0]["metrics"].is_array(),
        "Zoom reports call quality"
    );
}

#[tokio::test]
async fn alerts_inventory_admin_users_and_geo() {
    let t = Tenant::demo().await;
    let (_, ongoing) = t.get(&path("/alerts/ongoing")).await;
    let ongoing = arr(&ongoing["alerts"]).clone();
    assert!(ongoing.len() >= 3);
    assert!(
        ongoing
            .iter()
            .all(|a| a["ended_on"] == 0 && a["started_on"].is_u64())
    );
    let alert = &ongoing[0];
    for key in [
        "rule_name",
        "severity",
        "alert_type",
        "num_devices",
        "application",
        "departments",
        "locations",
        "geolocations",
    ] {
        assert!(alert.get(key).is_some(), "alert.{key}");
    }
    assert!(alert["geolocations"][0]["id"].is_string());
    let (_, recent) = t.get(&path("/alerts/historical")).await;
    let (_, fortnight) = t
        .get(&path(&format!(
            "/alerts/historical?from={}",
            now() - 14 * 86_400 + 60
        )))
        .await;
    assert!(arr(&fortnight["alerts"]).len() > arr(&recent["alerts"]).len());
    assert!(
        arr(&fortnight["alerts"])
            .iter()
            .all(|a| a["ended_on"].as_u64().unwrap() > 0)
    );

    let id = alert["id"].as_u64().unwrap();
    assert_eq!(t.get(&path(&format!("/alerts/{id}"))).await.1, *alert);
    let affected = all_pages(
        &t,
        &path(&format!("/alerts/{id}/affected_devices?limit=5")),
        "devices",
    )
    .await;
    assert_eq!(
        affected.len() as u64,
        alert["num_devices"].as_u64().unwrap()
    );
    assert!(affected[0]["userEmail"].as_str().unwrap().contains('@'));
    assert_eq!(t.get(&path("/alerts/1")).await.0, 404);

    let software = all_pages(&t, &path("/inventory/software?limit=7"), "software").await;
    assert!(software.len() >= 20);
    let chrome = software
        .iter()
        .find(|s| s["software_name"] == "Google Chrome")
        .unwrap();
    assert_eq!(chrome["sw_install_type"], chrome["software_install_type"]);
    assert!(chrome["device_total"].as_u64().unwrap() > 500);
    let key = chrome["software_key"].as_str().unwrap();
    let installs = all_pages(
        &t,
        &path(&format!("/inventory/software/{key}?limit=500")),
        "software",
    )
    .await;
    assert_eq!(
        installs.len() as u64,
        chrome["device_total"].as_u64().unwrap()
    );
    assert!(installs[0]["software_version"].is_string() && installs[0]["hostname"].is_string());
    let (_, only_edge) = t.get(&path("/inventory/software?q=edge")).await;
    assert_eq!(arr(&only_edge["software"]).len(), 1);

    let (_, depts) = t.get(&path("/administration/departments")).await;
    assert!(arr(&depts).len() >= 10 && arr(&depts)[0]["id"].is_u64());
    let (_, locs) = t
        .get(&path("/administration/locations?search=london"))
        .await;
    assert_eq!(arr(&locs).len(), 1);

    let users = all_pages(&t, &path("/users?limit=250"), "users").await;
    assert!(users.len() > 500);
    let (_, user) = t.get(&path(&format!("/users/{}", users[0]["id"]))).await;
    assert!(arr(&user["devices"])[0]["zs_loc"].is_array());

    let (_, geos) = t.get(&path("/active_geo")).await;
    assert!(
        arr(&geos)
            .iter()
            .any(|g| g["geo_type"] == "country" && g["children"][0]["geo_type"] == "region")
    );
}

async fn device_with_app(t: &Tenant, app: u64) -> u64 {
    let (_, page) = t.get(&path("/devices?limit=20")).await;
    for d in arr(&page["devices"]) {
        let id = d["id"].as_u64().unwrap();
        let (_, apps) = t.get(&path(&format!("/devices/{id}/apps"))).await;
        if arr(&apps).iter().any(|a| a["id"] == app) {
            return id;
        }
    }
    panic!("no device runs app {app}")
}

#[tokio::test]
async fn deep_trace_runs_through_its_states() {
    let t = Tenant::demo().await;
    let device = device_with_app(&t, 1).await;
    let traces = path(&format!("/devices/{device}/deeptraces"));
    assert_eq!(t.get(&traces).await.1, json!([]));

    let (status, err) = t
        .post(
            &traces,
            json!({"session_name": "x", "app_id": 1, "web_probe_id": 999}),
        )
        .await;
    assert_eq!(status, 400);
    assert!(err["message"].as_str().unwrap().contains("web_probe_id"));
    assert_eq!(
        t.post(&traces, json!({"app_id": 1})).await.0,
        400,
        "session_name is required"
    );
    assert_eq!(
        t.post(&traces, json!({"session_name": "x", "app_id": 999}))
            .await
            .0,
        400
    );

    let body = json!({"session_name": "slow outlook", "app_id": 1, "web_probe_id": 101,
                      "cloudpath_probe_id": 102, "session_length_minutes": 1, "probe_device": true});
    let (status, started) = t.post(&traces, body.clone()).await;
    assert_eq!(status, 200);
    assert_eq!(started["status"], "not_started");
    assert_eq!(started["expected_time"], 1);
    let tid = started["trace_id"].as_str().unwrap().to_owned();
    let trace_path = format!("{traces}/{tid}");
    let (_, trace) = t.get(&trace_path).await;
    assert_eq!(trace["status"], "not_started");
    assert_eq!(trace["trace_details"]["app_name"], "Microsoft 365");
    assert_eq!(trace["trace_details"]["device_id"], device);
    assert_eq!(
        t.get(&format!("{trace_path}/webprobe-metrics")).await.1[0]["datapoints"],
        json!([])
    );
    let (status, busy) = t.post(&traces, body).await;
    assert_eq!(status, 400, "one trace per device at a time: {busy}");

    tokio::time::sleep(Duration::from_millis(2_600)).await;
    let (_, trace) = t.get(&trace_path).await;
    assert_eq!(trace["status"], "in_progress");
    assert!(trace["started_at"].as_u64().unwrap() > 0);
    assert_eq!(trace["ended_at"], 0);

    tokio::time::sleep(Duration::from_millis(1_500)).await;
    let (_, trace) = t.get(&trace_path).await;
    assert_eq!(trace["status"], "completed");
    assert_eq!(
        trace["ended_at"].as_u64().unwrap(),
        trace["started_at"].as_u64().unwrap() + 1
    );
    let (_, web) = t.get(&format!("{trace_path}/webprobe-metrics")).await;
    assert_eq!(
        arr(&web[0]["datapoints"]).len(),
        1,
        "one sample per traced minute"
    );
    for sub in [
        "top-processes",
        "cloudpath-metrics",
        "cloudpath",
        "health-metrics",
        "events",
    ] {
        let (status, body) = t.get(&format!("{trace_path}/{sub}")).await;
        assert_eq!(status, 200, "{sub}");
        assert!(body.is_array(), "{sub}");
    }
    assert_eq!(arr(&t.get(&format!("{trace_path}/top-processes")).await.1)[0]["top_processes"][0]["processes"].as_array().unwrap().len(), 3);
    assert_eq!(arr(&t.get(&traces).await.1).len(), 1);

    assert_eq!(t.delete(&trace_path).await.0, 200);
    assert_eq!(t.get(&trace_path).await.0, 404);
    assert_eq!(t.delete(&trace_path).await.0, 404);
    assert_eq!(t.get(&path("/devices/1/deeptraces")).await.0, 404);
}

#[tokio::test]
async fn analysis_completes_and_can_be_deleted() {
    let t = Tenant::demo().await;
    let device = device_with_app(&t, 2).await;
    assert_eq!(
        t.post(&path("/analysis"), json!({"device_id": device}))
            .await
            .0,
        400
    );
    let (status, err) = t
        .post(&path("/analysis"), json!({"device_id": 1, "app_id": 2}))
        .await;
    assert_eq!(status, 400);
    assert!(err["message"].as_str().unwrap().contains("device_id"));
    let (status, started) = t
        .post(
            &path("/analysis"),
            json!({"device_id": device, "app_id": 2}),
        )
        .await;
    assert_eq!(status, 200);
    let id = started["analysis_id"].as_str().unwrap().to_owned();
    let (_, running) = t.get(&path(&format!("/analysis/{id}"))).await;
    assert_eq!(running["status"], "in_progress");
    assert_eq!(running["result"], Value::Null);
    tokio::time::sleep(Duration::from_millis(3_100)).await;
    let (_, done) = t.get(&path(&format!("/analysis/{id}"))).await;
    assert_eq!(done["status"], "completed");
    assert!(
        done["result"]["issue"]
            .as_str()
            .unwrap()
            .contains("Salesforce")
    );
    assert_eq!(t.delete(&path(&format!("/analysis/{id}"))).await.0, 200);
    assert_eq!(t.get(&path(&format!("/analysis/{id}"))).await.0, 404);
}

#[tokio::test]
async fn empty_tenant_has_no_zdx_data() {
    let t = Tenant::empty().await;
    assert_eq!(t.get(&path("/apps")).await.1, json!([]));
    assert_eq!(t.get(&path("/devices")).await.1, json!({"devices": []}));
    assert_eq!(
        t.get(&path("/alerts/ongoing")).await.1,
        json!({"alerts": []})
    );
}
