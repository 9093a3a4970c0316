//! ZCell: SIMs, analytics, anomaly policies, regions, events, location groups, tags, audit.

use serde_json::json;

use crate::harness::{Harness, id_of};

pub async fn exercise(h: &Harness) {
    let sims = h.items("zcell_list_sims", json!({"all": true})).await;
    assert_eq!(sims.len(), 18);
    let active = h
        .items("zcell_list_sims", json!({"status": "inactive"}))
        .await;
    assert!(!active.is_empty() && active.iter().all(|s| s["status"] == "inactive"));
    let iccid = sims[0]["iccid"].as_str().unwrap().to_owned();
    let one = h
        .call("zcell_get_sim_details", json!({"icc_id": iccid}))
        .await;
    assert_eq!(one["iccid"], iccid.as_str());

    let map = h
        .items("zcell_list_sim_analytics_map", json!({"icc_ids": [iccid]}))
        .await;
    assert_eq!(map.len(), 1);
    let summary = h.items("zcell_list_sim_analytics_summary", json!({})).await;
    assert_eq!(summary[0]["total"], 18);
    let countries = h
        .items(
            "zcell_list_sim_usage_by_country",
            json!({"days": 14, "limit": 3}),
        )
        .await;
    assert!(countries.len() <= 3 && countries[0]["usage"].is_number());
    let by_day = h
        .items("zcell_list_sim_usage_by_day", json!({"days": 5}))
        .await;
    assert_eq!(by_day.len(), 5, "one row per day of the window");
    h.items("zcell_list_sim_usage_by_sim", json!({})).await;
    let err = h
        .fails("zcell_list_sim_usage_by_sim", json!({"days": 0}))
        .await;
    assert!(
        err.contains("days") && err.contains("between 1 and 365"),
        "{err}"
    );

    let policies = h.items("zcell_list_anomaly_policies", json!({})).await;
    assert_eq!(policies.len(), 3);
    let policy = id_of(&policies[0]);
    assert!(
        !h.items(
            "zcell_list_anomaly_policy_logs",
            json!({"policy_id": policy})
        )
        .await
        .is_empty()
    );
    let violations = h
        .items(
            "zcell_list_anomaly_policy_violations",
            json!({"policy_id": policy}),
        )
        .await;
    let violator = violations[0]["iccid"].clone();
    let detail = h
        .items(
            "zcell_list_iccid_violations",
            json!({"policy_id": policy, "iccid": violator}),
        )
        .await;
    assert!(!detail.is_empty() && detail[0]["details"].is_string());

    let customer = h.call("zcell_get_customer_data_handling", json!({})).await;
    assert_eq!(customer["status"], "ACTIVE");
    assert_eq!(h.items("zcell_list_regions", json!({})).await.len(), 3);
    assert!(
        !h.items("zcell_list_region_operational_status", json!({}))
            .await
            .is_empty()
    );
    let events = h
        .items("zcell_list_network_events", json!({"days": 2}))
        .await;
    assert!(!events.is_empty() && events[0]["eventType"].is_string());

    let groups = h.items("zcell_list_sim_location_groups", json!({})).await;
    let group = h
        .call(
            "zcell_get_sim_location_group",
            json!({"group_id": id_of(&groups[0])}),
        )
        .await;
    assert!(group["geoFenceData"].is_object(), "{group}");
    let tags = h.items("zcell_list_tags", json!({"name": "kiosk"})).await;
    assert_eq!(tags.len(), 1, "{tags:?}");

    let audit = h
        .items(
            "zcell_list_audit_customers_search",
            json!({"operation_type": "Create"}),
        )
        .await;
    assert!(!audit.is_empty() && audit.iter().all(|a| a["operationType"] == "Create"));
    assert!(
        !h.items("zcell_list_audit_metadata", json!({}))
            .await
            .is_empty()
    );
}
