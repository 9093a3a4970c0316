//! Z-Insights: every report over the GraphQL endpoint, windows and GraphQL errors.

use serde_json::json;

use crate::harness::Harness;

const DAY_MS: i64 = 86_400_000;

pub async fn exercise(h: &Harness) {
    let by_location = h
        .items("zins_get_web_traffic_by_location", json!({"limit": 3}))
        .await;
    assert_eq!(
        by_location.len(),
        3,
        "limit reaches the query: {by_location:?}"
    );
    assert!(by_location[0]["name"].is_string() && by_location[0]["total"].is_number());
    assert!(by_location[0]["trend"].is_null(), "no trend unless asked");
    let with_trend = h
        .items(
            "zins_get_web_traffic_by_location",
            json!({"include_trend": true, "trend_interval": "DAY", "limit": 1}),
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
    let week = h.items("zins_get_web_traffic_no_grouping", json!({})).await;
    let fortnight = h
        .items(
            "zins_get_web_traffic_no_grouping",
            json!({"start_days_ago": 16}),
        )
        .await;
    assert_eq!(
        fortnight[0]["total"].as_i64().unwrap(),
        2 * week[0]["total"].as_i64().unwrap()
    );
    let bytes = h
        .items(
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
        let rows = h.items(tool, json!({})).await;
        assert!(!rows.is_empty(), "{tool}");
    }
    let located = h.items("zins_get_firewall_by_location", json!({})).await;
    assert!(located[0]["id"].is_string(), "{located:?}");

    let incidents = h.items("zins_get_cyber_incidents", json!({})).await;
    assert!(incidents[0]["entries"].is_array(), "{incidents:?}");
    let daily = h.items("zins_get_cyber_incidents_daily", json!({})).await;
    assert!(
        daily[0]["name"].as_str().unwrap().starts_with("Day"),
        "{daily:?}"
    );
    let by_app = h
        .items("zins_get_cyber_incidents_by_threat_and_app", json!({}))
        .await;
    assert!(
        !by_app[0]["entries"].as_array().unwrap().is_empty(),
        "{by_app:?}"
    );
    let by_user = h
        .items(
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
    let iot = h
        .call("zins_get_iot_device_stats", json!({"limit": 2}))
        .await;
    assert_eq!(iot["entries"].as_array().unwrap().len(), 2, "{iot}");

    // Windows are checked before anything is sent, and say why.
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64;
    let err = h
        .fails(
            "zins_get_web_protocols",
            json!({"start_time": now - 5 * DAY_MS, "end_time": now - 2 * DAY_MS}),
        )
        .await;
    assert!(err.contains("7 or 14 days"), "{err}");
    let err = h
        .fails(
            "zins_get_web_protocols",
            json!({"start_time": now - 9 * DAY_MS}),
        )
        .await;
    assert!(err.contains("end_time"), "{err}");
    let ok = h
        .items(
            "zins_get_web_protocols",
            json!({"start_time": now - 9 * DAY_MS, "end_time": now - 2 * DAY_MS}),
        )
        .await;
    assert!(!ok.is_empty());
}
