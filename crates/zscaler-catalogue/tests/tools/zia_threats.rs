//! ZIA sandbox rules and reports, advanced threat protection and malware protection.

use serde_json::{Value, json};

use crate::crud::{Crud, round_trip};
use crate::harness::{Harness, id_of};

pub async fn exercise(h: &Harness) {
    sandbox(h).await;
    atp(h).await;
    malware(h).await;
}

async fn sandbox(h: &Harness) {
    let rules = h.items("zia_list_sandbox_rules", json!({})).await;
    let id = id_of(&rules[0]);
    let rule = h.call("zia_get_sandbox_rule", json!({"rule_id": id})).await;
    assert_eq!(rule["name"], rules[0]["name"]);
    round_trip(
        h,
        Crud {
            noun: "sandbox_rule",
            id_param: "rule_id",
            scope: json!({}),
            create: json!({"name": "Quarantine new executables", "order": 1, "ba_rule_action": "BLOCK",
                "first_time_enable": true, "first_time_operation": "QUARANTINE",
                "file_types": ["FTCATEGORY_WINDOWS_EXECUTABLES"]}),
            created: json!({"baRuleAction": "BLOCK", "firstTimeOperation": "QUARANTINE"}),
            update: json!({"first_time_operation": "ALLOW_SCAN"}),
            updated: json!({"firstTimeOperation": "ALLOW_SCAN"}),
            kept: &["baRuleAction", "fileTypes", "firstTimeEnable", "name"],
        },
    )
    .await;

    // A known malicious sample: the verdict is in Classification, and the text is labelled.
    let md5 = "44d88612fea8a8f36de82e1278abb02f";
    let out = h
        .run("zia_get_sandbox_report", json!({"md5_hash": md5}))
        .await
        .expect("report");
    let report = out.structured.clone().expect("structured report");
    assert_eq!(
        report["Summary"]["Classification"]["Type"], "MALICIOUS",
        "{report}"
    );
    let text = format!("{:?}", out.content);
    assert!(
        text.contains("[UNTRUSTED CONTENT]")
            && text.contains("Take the verdict from Classification"),
        "{text}"
    );
    let full = h
        .call(
            "zia_get_sandbox_report",
            json!({"md5_hash": md5, "details": "full"}),
        )
        .await;
    assert!(full.get("Full Details").is_some(), "{full}");
    let unknown = h
        .call(
            "zia_get_sandbox_report",
            json!({"md5_hash": "0".repeat(32)}),
        )
        .await;
    assert_eq!(unknown["Summary"]["Summary"]["Status"], "CONTENT_NOTFOUND");

    let quota = h.call("zia_get_sandbox_quota", json!({})).await;
    assert!(quota["result"][0]["allowed"].is_number(), "{quota}");
    let hashes = h
        .call("zia_get_sandbox_behavioral_analysis", json!({}))
        .await;
    assert!(hashes["md5HashValueList"].is_array(), "{hashes}");
    let count = h.call("zia_get_sandbox_file_hash_count", json!({})).await;
    assert!(count.as_object().is_some_and(|c| !c.is_empty()), "{count}");
}

fn strings(value: &Value) -> Vec<&str> {
    value
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

async fn atp(h: &Harness) {
    let before = h.call("zia_get_atp_settings", json!({})).await;
    assert!(before["riskTolerance"].is_number(), "{before}");
    h.call(
        "zia_update_atp_settings",
        json!({"risk_tolerance": 40, "fields": {"cryptoMiningBlocked": false}}),
    )
    .await;
    let after = h.call("zia_get_atp_settings", json!({})).await;
    assert_eq!(after["riskTolerance"], 40);
    assert_eq!(after["cryptoMiningBlocked"], false);
    assert_eq!(after["torBlocked"], before["torBlocked"]);

    h.call(
        "zia_update_atp_security_exceptions",
        json!({"bypass_urls": ["updates.vendor.example"]}),
    )
    .await;
    let exceptions = h.call("zia_get_atp_security_exceptions", json!({})).await;
    assert_eq!(
        strings(&exceptions["bypassUrls"]),
        ["updates.vendor.example"]
    );

    h.call(
        "zia_add_atp_malicious_urls",
        json!({"malicious_urls": ["evil.example.net", "phish.example.org"]}),
    )
    .await;
    h.call(
        "zia_delete_atp_malicious_urls",
        json!({"malicious_urls": ["evil.example.net"]}),
    )
    .await;
    let listed = h.call("zia_list_atp_malicious_urls", json!({})).await;
    let urls = strings(&listed["maliciousUrls"]);
    assert!(
        urls.contains(&"phish.example.org") && !urls.contains(&"evil.example.net"),
        "{listed}"
    );
}

async fn malware(h: &Harness) {
    for (get, update, args, field, want) in [
        (
            "zia_get_atp_malware_inspection",
            "zia_update_atp_malware_inspection",
            json!({"inspect_outbound": false}),
            "inspectOutbound",
            json!(false),
        ),
        (
            "zia_get_atp_malware_protocols",
            "zia_update_atp_malware_protocols",
            json!({"inspect_ftp": false}),
            "inspectFtp",
            json!(false),
        ),
        (
            "zia_get_atp_malware_policy",
            "zia_update_atp_malware_policy",
            json!({"block_unscannable_files": false}),
            "blockUnscannableFiles",
            json!(false),
        ),
        (
            "zia_get_malware_settings",
            "zia_update_malware_settings",
            json!({"adware_blocked": true, "fields": {"wormBlocked": true}}),
            "adwareBlocked",
            json!(true),
        ),
    ] {
        let before = h.call(get, json!({})).await;
        assert!(
            before.as_object().is_some_and(|o| o.len() >= 2),
            "{get}: {before}"
        );
        h.call(update, args).await;
        let after = h.call(get, json!({})).await;
        assert_eq!(after[field], want, "{update}");
        // Fields the update did not name keep their values.
        for (key, value) in before.as_object().unwrap() {
            if key != field && key != "wormBlocked" {
                assert_eq!(&after[key], value, "{update} changed `{key}`");
            }
        }
    }
    let settings = h.call("zia_get_malware_settings", json!({})).await;
    assert_eq!(settings["wormBlocked"], true);
}
