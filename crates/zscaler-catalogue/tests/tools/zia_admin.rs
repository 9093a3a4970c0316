//! ZIA devices, workload groups, rule labels, time intervals, tenant settings, the
//! authentication exempt list, URL lookups and activation.

use serde_json::json;

use crate::harness::{Harness, id_of};

pub async fn exercise(h: &Harness) {
    devices_and_workloads(h).await;
    rule_labels(h).await;
    time_intervals(h).await;
    settings(h).await;
    exempt_urls(h).await;
    url_lookup(h).await;
    activation(h).await;
}

async fn devices_and_workloads(h: &Harness) {
    let devices = h.items("zia_list_devices", json!({})).await;
    assert!(!devices.is_empty());
    assert!(devices[0]["ownerName"].is_string(), "{}", devices[0]);
    let lite = h.items("zia_list_devices_lite", json!({})).await;
    assert_eq!(lite.len(), devices.len());
    let groups = h.items("zia_list_device_groups", json!({})).await;
    assert!(groups.iter().any(|g| g["name"].is_string()));

    let workloads = h.items("zia_list_workload_groups", json!({})).await;
    assert!(!workloads.is_empty());
    let workload = h
        .call(
            "zia_get_workload_group",
            json!({"group_id": id_of(&workloads[0])}),
        )
        .await;
    assert_eq!(workload["expression"], workloads[0]["expression"]);
}

async fn rule_labels(h: &Harness) {
    let labels = h.items("zia_list_rule_labels", json!({})).await;
    assert!(!labels.is_empty());
    let got = h
        .call("zia_get_rule_label", json!({"label_id": id_of(&labels[0])}))
        .await;
    assert_eq!(got["name"], labels[0]["name"]);

    let created = h
        .call(
            "zia_create_rule_label",
            json!({"name": "Change 1234", "description": "Q3 firewall review"}),
        )
        .await;
    let id = id_of(&created);
    let found = h
        .items("zia_list_rule_labels", json!({"search": "change 12"}))
        .await;
    assert_eq!(found.len(), 1);
    h.call(
        "zia_update_rule_label",
        json!({"label_id": id, "name": "Change 1235"}),
    )
    .await;
    let read = h.call("zia_get_rule_label", json!({"label_id": id})).await;
    assert_eq!(read["name"], "Change 1235");
    assert_eq!(
        read["description"], "Q3 firewall review",
        "untouched fields survive an update"
    );
    h.call("zia_delete_rule_label", json!({"label_id": id}))
        .await;
    h.fails("zia_get_rule_label", json!({"label_id": id})).await;
}

async fn time_intervals(h: &Harness) {
    let intervals = h.items("zia_list_time_intervals", json!({})).await;
    assert!(!intervals.is_empty());
    let got = h
        .call(
            "zia_get_time_interval",
            json!({"interval_id": id_of(&intervals[0])}),
        )
        .await;
    assert_eq!(got["name"], intervals[0]["name"]);

    let created = h
        .call(
            "zia_create_time_interval",
            json!({"name": "Lunch", "start_time": 720, "end_time": 780,
                   "days_of_week": ["MON", "TUE", "WED", "THU", "FRI"]}),
        )
        .await;
    let id = id_of(&created);
    let read = h
        .call("zia_get_time_interval", json!({"interval_id": id}))
        .await;
    assert_eq!(read["startTime"], 720);
    assert_eq!(read["daysOfWeek"][4], "FRI");
    h.call(
        "zia_update_time_interval",
        json!({"interval_id": id, "end_time": 810}),
    )
    .await;
    let read = h
        .call("zia_get_time_interval", json!({"interval_id": id}))
        .await;
    assert_eq!(read["endTime"], 810);
    assert_eq!(read["startTime"], 720, "untouched fields survive an update");
    assert_eq!(read["name"], "Lunch");
    let refused = h
        .fails(
            "zia_create_time_interval",
            json!({"name": "Late", "start_time": 1500, "end_time": 10, "days_of_week": ["SUN"]}),
        )
        .await;
    assert!(refused.contains("startTime"), "{refused}");
    h.call("zia_delete_time_interval", json!({"interval_id": id}))
        .await;
    h.fails("zia_get_time_interval", json!({"interval_id": id}))
        .await;
}

async fn settings(h: &Harness) {
    let before = h.call("zia_get_advanced_settings", json!({})).await;
    let timeout = before["uiSessionTimeout"]
        .as_i64()
        .expect("a session timeout");
    h.call(
        "zia_update_advanced_settings",
        json!({"ui_session_timeout": timeout + 600, "auth_bypass_urls": [".partner.example"]}),
    )
    .await;
    let after = h.call("zia_get_advanced_settings", json!({})).await;
    assert_eq!(after["uiSessionTimeout"], timeout + 600);
    assert_eq!(after["authBypassUrls"], json!([".partner.example"]));
    assert_eq!(after["enableOffice365"], before["enableOffice365"]);

    let mobile = h.call("zia_get_mobile_advanced_settings", json!({})).await;
    let was = mobile["blockAppsSendingLocationInfo"]
        .as_bool()
        .expect("a flag");
    h.call(
        "zia_update_mobile_advanced_settings",
        json!({"block_apps_sending_location_info": !was}),
    )
    .await;
    let mobile_after = h.call("zia_get_mobile_advanced_settings", json!({})).await;
    assert_eq!(mobile_after["blockAppsSendingLocationInfo"], !was);
    assert_eq!(
        mobile_after["blockAppsWithMaliciousActivity"],
        mobile["blockAppsWithMaliciousActivity"]
    );
}

async fn exempt_urls(h: &Harness) {
    let urls = |v: serde_json::Value| -> Vec<String> {
        v["urls"]
            .as_array()
            .expect("a urls list")
            .iter()
            .map(|u| u.as_str().unwrap().to_owned())
            .collect()
    };
    let before = urls(h.call("zia_list_auth_exempt_urls", json!({})).await);
    h.call(
        "zia_add_auth_exempt_urls",
        json!({"exempt_urls": [".intranet.example", "sso.example.com"]}),
    )
    .await;
    let added = urls(h.call("zia_list_auth_exempt_urls", json!({})).await);
    assert!(added.contains(&".intranet.example".to_owned()));
    assert!(before.iter().all(|u| added.contains(u)), "the others stay");
    h.call(
        "zia_delete_auth_exempt_urls",
        json!({"exempt_urls": ["sso.example.com"]}),
    )
    .await;
    let left = urls(h.call("zia_list_auth_exempt_urls", json!({})).await);
    assert!(!left.contains(&"sso.example.com".to_owned()));
    assert!(left.contains(&".intranet.example".to_owned()));
}

async fn url_lookup(h: &Harness) {
    let found = h
        .items(
            "zia_url_lookup",
            json!({"urls": ["google.com", "news.bbc.co.uk"]}),
        )
        .await;
    assert_eq!(found.len(), 2);
    assert_eq!(found[0]["url"], "google.com");
    assert_eq!(found[0]["urlClassifications"], json!(["WEB_SEARCH"]));
    // More than one request's worth goes in batches, answered in order.
    let many: Vec<String> = (0..150).map(|n| format!("host{n}.example.com")).collect();
    let found = h.items("zia_url_lookup", json!({"urls": many})).await;
    assert_eq!(found.len(), 150);
    assert_eq!(found[149]["url"], "host149.example.com");
    let empty = h.fails("zia_url_lookup", json!({"urls": []})).await;
    assert!(empty.contains("`urls`"), "{empty}");
}

async fn activation(h: &Harness) {
    let pending = h.call("zia_get_activation_status", json!({})).await;
    assert_eq!(pending["status"], "PENDING", "earlier writes are staged");
    let done = h.call("zia_activate_configuration", json!({})).await;
    assert_eq!(done["status"], "ACTIVE");
    let status = h.call("zia_get_activation_status", json!({})).await;
    assert_eq!(status["status"], "ACTIVE");
}
