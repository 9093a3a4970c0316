//! Z-Insights: every report over the GraphQL endpoint, windows and GraphQL errors.

use serde_json::json;

use crate::harness::Harness;

const DAY_MS: i64 = 86_400_000;

/// The `entries` of a report tool's result.
async fn entries(h: &Harness, tool: &str, args: serde_json::Value) -> Vec<serde_json::Value> {
    let report = h.call(tool, args).await;
    report["entries"]
        .as_array()
        .unwrap_or_else(|| panic!("{tool}: no entries in {report}"))
        .clone()
}

pub async fn exercise(h: &Harness) {
    let report = h.call("zins_get_web_traffic_by_location", json!({})).await;
    assert_eq!(report["obfuscated"], false, "{report}");
    let by_location = report["entries"].as_array().unwrap().clone();
    assert_eq!(by_location.len(), 10, "every location came back: {report}");
    assert!(by_location[0]["name"].is_string() && by_location[0]["total"].is_number());
    assert!(by_location[0]["trend"].is_null(), "no trend unless asked");
    let with_trend = entries(
        h,
        "zins_get_web_traffic_by_location",
        json!({"include_trend": true, "trend_interval": "DAY"}),
    )
    .await;
    assert_eq!(
        with_trend[0]["trend"]["trend_values"]
            .as_array()
            .unwrap()
            .len(),
        7
    );
    // A 14-day window doubles what 7 days count; bytes are counted differently again.
    let week = entries(h, "zins_get_web_traffic_no_grouping", json!({})).await;
    let fortnight = entries(
        h,
        "zins_get_web_traffic_no_grouping",
        json!({"window_days": 14}),
    )
    .await;
    assert_eq!(
        fortnight[0]["total"].as_i64().unwrap(),
        2 * week[0]["total"].as_i64().unwrap()
    );
    let bytes = entries(
        h,
        "zins_get_web_traffic_no_grouping",
        json!({"traffic_unit": "BYTES", "action_filter": "BLOCK"}),
    )
    .await;
    assert!(bytes[0]["total"].as_i64() > week[0]["total"].as_i64());

    for tool in [
        "zins_get_web_protocols",
        "zins_get_threat_super_categories",
        "zins_get_threat_class",
        "zins_get_cyber_incidents_by_location",
        "zins_get_firewall_by_action",
        "zins_get_firewall_by_location",
        "zins_get_firewall_network_services",
        "zins_get_casb_app_report",
        "zins_get_shadow_it_apps",
    ] {
        let rows = if tool == "zins_get_shadow_it_apps" {
            h.items(tool, json!({})).await
        } else {
            entries(h, tool, json!({})).await
        };
        assert!(!rows.is_empty(), "{tool}");
    }
    let located = entries(h, "zins_get_firewall_by_location", json!({})).await;
    assert!(located[0]["id"].is_string(), "{located:?}");

    let incidents = entries(h, "zins_get_cyber_incidents", json!({})).await;
    assert!(incidents[0]["entries"].is_array(), "{incidents:?}");
    let daily = entries(h, "zins_get_cyber_incidents_daily", json!({})).await;
    assert!(
        daily[0]["name"].as_str().unwrap().starts_with("Day"),
        "{daily:?}"
    );
    let by_app = entries(h, "zins_get_cyber_incidents_by_threat_and_app", json!({})).await;
    assert!(
        !by_app[0]["entries"].as_array().unwrap().is_empty(),
        "{by_app:?}"
    );
    let by_user = entries(
        h,
        "zins_get_cyber_incidents",
        json!({"categorize_by": ["USER_ID"]}),
    )
    .await;
    assert!(
        by_user[0]["name"].as_str().unwrap().contains('@'),
        "{by_user:?}"
    );

    let summary = h.call("zins_get_shadow_it_summary", json!({})).await;
    assert!(summary["total_apps"].is_number(), "{summary}");
    assert!(summary["group_by_access_for_app"]["entries"].is_array());
    let iot = h.call("zins_get_iot_device_stats", json!({})).await;
    assert_eq!(iot["entries"].as_array().unwrap().len(), 5, "{iot}");
    assert!(iot["iot_devices_count"].is_number(), "{iot}");

    // Windows are checked before anything is sent, and say why.
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64;
    let err = h
        .fails("zins_get_web_protocols", json!({"window_days": 5}))
        .await;
    assert!(err.contains("7 or 14"), "{err}");
    let err = h
        .fails("zins_get_web_protocols", json!({"end_time": now}))
        .await;
    assert!(
        err.contains("end_time") && err.contains("day in the past"),
        "{err}"
    );
    let ok = entries(
        h,
        "zins_get_web_protocols",
        json!({"end_time": now - 3 * DAY_MS, "window_days": 14}),
    )
    .await;
    assert!(!ok.is_empty());
}
