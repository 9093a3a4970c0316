//! ZIA DLP dictionaries and engines, and the web DLP rule lifecycle.

use serde_json::json;

use crate::harness::{Harness, id_of};

pub async fn exercise(h: &Harness) {
    let dictionaries = h.items("zia_list_dlp_dictionaries", json!({})).await;
    assert!(!dictionaries.is_empty());
    let id = id_of(&dictionaries[0]);
    let dictionary = h
        .call("zia_get_dlp_dictionary", json!({"dictionary_id": id}))
        .await;
    assert_eq!(dictionary["name"], dictionaries[0]["name"]);

    let engines = h.items("zia_list_dlp_engines", json!({})).await;
    assert!(!engines.is_empty());
    let engine = h
        .call(
            "zia_get_dlp_engine",
            json!({"engine_id": id_of(&engines[0])}),
        )
        .await;
    assert_eq!(engine["name"], engines[0]["name"]);

    let rules = h.items("zia_list_web_dlp_rules", json!({})).await;
    assert!(!rules.is_empty());
    let lite = h.items("zia_list_web_dlp_rules_lite", json!({})).await;
    assert_eq!(lite.len(), rules.len());
    assert!(lite[0]["name"].is_string() && lite[0].get("order").is_none());
    let first = h
        .call("zia_get_web_dlp_rule", json!({"rule_id": id_of(&rules[0])}))
        .await;
    assert_eq!(first["name"], rules[0]["name"]);

    let label = h
        .call("zia_create_rule_label", json!({"name": "DLP review"}))
        .await;
    let created = h
        .call(
            "zia_create_web_dlp_rule",
            json!({"name": "Block card numbers", "order": 1, "action": "BLOCK",
                   "severity": "RULE_SEVERITY_HIGH", "dlp_engines": [{"id": engines[0]["id"]}],
                   "labels": [{"id": label["id"]}], "fields": {"zccNotificationsEnabled": true}}),
        )
        .await;
    let rule_id = id_of(&created);
    let read = h
        .call("zia_get_web_dlp_rule", json!({"rule_id": rule_id}))
        .await;
    assert_eq!(read["order"], 1);
    assert_eq!(read["action"], "BLOCK");
    assert_eq!(read["dlpEngines"][0]["id"], engines[0]["id"]);
    assert_eq!(read["labels"][0]["name"], "DLP review");
    assert_eq!(read["zccNotificationsEnabled"], true);

    h.call(
        "zia_update_web_dlp_rule",
        json!({"rule_id": rule_id, "state": "DISABLED"}),
    )
    .await;
    let read = h
        .call("zia_get_web_dlp_rule", json!({"rule_id": rule_id}))
        .await;
    assert_eq!(read["state"], "DISABLED");
    assert_eq!(
        read["action"], "BLOCK",
        "untouched fields survive an update"
    );
    assert_eq!(read["severity"], "RULE_SEVERITY_HIGH");
    assert_eq!(read["dlpEngines"][0]["id"], engines[0]["id"]);

    let refused = h
        .fails(
            "zia_create_web_dlp_rule",
            json!({"name": "x", "order": 2, "action": "MAYBE"}),
        )
        .await;
    assert!(
        refused.contains("`action`") && refused.contains("ALLOW, BLOCK"),
        "{refused}"
    );
    h.call("zia_delete_web_dlp_rule", json!({"rule_id": rule_id}))
        .await;
    h.fails("zia_get_web_dlp_rule", json!({"rule_id": rule_id}))
        .await;
    h.call("zia_delete_rule_label", json!({"label_id": id_of(&label)}))
        .await;
}
