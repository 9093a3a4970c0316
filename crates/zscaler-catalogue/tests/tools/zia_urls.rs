//! ZIA URL categories (custom, predefined, incremental edits, lookup) and URL filtering rules.

use serde_json::{Value, json};

use crate::crud::{Crud, round_trip};
use crate::harness::{Harness, id_of};

fn strings(value: &Value) -> Vec<&str> {
    value
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

pub async fn exercise(h: &Harness) {
    categories(h).await;
    predefined(h).await;
    incremental(h).await;
    filtering_rules(h).await;
}

async fn categories(h: &Harness) {
    let all = h.items("zia_list_url_categories", json!({})).await;
    assert!(
        all.iter().any(|c| c["id"] == "FINANCE"),
        "no predefined category listed"
    );
    let custom = h
        .items("zia_list_url_categories", json!({"custom_only": true}))
        .await;
    assert!(!custom.is_empty() && custom.len() < all.len());
    assert!(
        custom.iter().all(|c| c["customCategory"] == true),
        "{custom:?}"
    );
    let counts = h
        .items(
            "zia_list_url_categories",
            json!({"custom_only": true, "counts_only": true}),
        )
        .await;
    assert!(
        counts[0].get("urls").is_none() && counts[0]["customUrlsCount"].is_number(),
        "{}",
        counts[0]
    );

    let id = id_of(&custom[0]);
    let one = h
        .call("zia_get_url_category", json!({"category_id": id}))
        .await;
    assert_eq!(one["configuredName"], custom[0]["configuredName"]);

    let lookup = h
        .call(
            "zia_url_lookup",
            json!({"urls": ["www.google.com", "wicar.org"]}),
        )
        .await;
    let items = lookup["items"].as_array().unwrap();
    assert_eq!(items.len(), 2, "{lookup}");
    assert!(
        strings(&items[0]["urlClassifications"]).contains(&"WEB_SEARCH"),
        "{lookup}"
    );
    assert!(
        strings(&items[1]["urlClassificationsWithSecurityAlert"]).contains(&"MALWARE_SITE"),
        "{lookup}"
    );

    round_trip(
        h,
        Crud {
            noun: "url_category",
            id_param: "category_id",
            scope: json!({}),
            create: json!({"configured_name": "Supplier Extranets", "urls": [".partner-a.example", "portal.partner-b.example"],
                "keywords": ["partnerportal"], "description": "supplier sites"}),
            created: json!({"configuredName": "Supplier Extranets", "customCategory": true,
                "superCategory": "USER_DEFINED", "customUrlsCount": 2}),
            update: json!({"description": "supplier and reseller sites"}),
            updated: json!({"description": "supplier and reseller sites"}),
            kept: &["urls", "keywords", "configuredName"],
        },
    )
    .await;
}

async fn predefined(h: &Harness) {
    // By id in any case, and by display name.
    let finance = h
        .call(
            "zia_get_url_category_predefined",
            json!({"name": "finance"}),
        )
        .await;
    assert_eq!(finance["id"], "FINANCE");
    assert_eq!(finance["customCategory"], false);
    let themes = h
        .call(
            "zia_get_url_category_predefined",
            json!({"name": "Adult Themes"}),
        )
        .await;
    assert_eq!(themes["id"], "ADULT_THEMES");
    let custom = h
        .items("zia_list_url_categories", json!({"custom_only": true}))
        .await;
    let name = custom[0]["configuredName"].as_str().unwrap();
    let refused = h
        .fails("zia_get_url_category_predefined", json!({"name": name}))
        .await;
    assert!(refused.contains("zia_get_url_category"), "{refused}");
    let unknown = h
        .fails(
            "zia_get_url_category_predefined",
            json!({"name": "Underwater Basketry"}),
        )
        .await;
    assert!(unknown.contains("Underwater Basketry"), "{unknown}");

    // An admin addition to a predefined category keeps Zscaler's own fields.
    h.call(
        "zia_update_url_category_predefined",
        json!({"category_id": "FINANCE", "urls": ["bank.acme-demo.com"]}),
    )
    .await;
    let changed = h
        .call("zia_get_url_category", json!({"category_id": "FINANCE"}))
        .await;
    assert_eq!(strings(&changed["urls"]), ["bank.acme-demo.com"]);
    assert_eq!(changed["superCategory"], finance["superCategory"]);
    assert_eq!(changed["customCategory"], false);
}

async fn incremental(h: &Harness) {
    let created = h
        .call(
            "zia_create_url_category",
            json!({"configured_name": "Incremental Test", "urls": ["a.example.com"]}),
        )
        .await;
    let id = id_of(&created);
    h.call(
        "zia_add_urls_to_category",
        json!({"category_id": id, "configured_name": "Incremental Test",
               "urls": ["b.example.com", "c.example.com"]}),
    )
    .await;
    let grown = h
        .call("zia_get_url_category", json!({"category_id": id}))
        .await;
    assert_eq!(
        strings(&grown["urls"]),
        ["a.example.com", "b.example.com", "c.example.com"]
    );
    h.call(
        "zia_remove_urls_from_category",
        json!({"category_id": id, "configured_name": "Incremental Test", "urls": ["a.example.com"]}),
    )
    .await;
    let shrunk = h
        .call("zia_get_url_category", json!({"category_id": id}))
        .await;
    assert_eq!(strings(&shrunk["urls"]), ["b.example.com", "c.example.com"]);
    assert_eq!(shrunk["configuredName"], "Incremental Test");
    h.call("zia_delete_url_category", json!({"category_id": id}))
        .await;
    // Predefined categories cannot be deleted; ZIA says so.
    h.fails(
        "zia_delete_url_category",
        json!({"category_id": "GAMBLING"}),
    )
    .await;
}

async fn filtering_rules(h: &Harness) {
    let rules = h.items("zia_list_url_filtering_rules", json!({})).await;
    assert_eq!(rules.last().unwrap()["defaultRule"], true);
    let id = id_of(&rules[0]);
    let rule = h
        .call("zia_get_url_filtering_rule", json!({"rule_id": id}))
        .await;
    assert_eq!(rule["name"], rules[0]["name"]);
    round_trip(
        h,
        Crud {
            noun: "url_filtering_rule",
            id_param: "rule_id",
            scope: json!({}),
            create: json!({"name": "No gambling", "order": 1, "action": "BLOCK",
                "url_categories": ["GAMBLING"], "protocols": ["ANY_RULE"], "description": "HR policy 4.2"}),
            created: json!({"action": "BLOCK", "urlCategories": ["GAMBLING"], "order": 1}),
            update: json!({"action": "CAUTION"}),
            updated: json!({"action": "CAUTION"}),
            kept: &["urlCategories", "description", "protocols", "name"],
        },
    )
    .await;
}
