//! ZIA cloud app control, cloud-application catalogues, shadow IT, SSL inspection and file
//! type control.

use serde_json::{Value, json};

use crate::crud::{Crud, round_trip};
use crate::harness::{Harness, id_of};

pub async fn exercise(h: &Harness) {
    cloud_app_control(h).await;
    catalogues_and_shadow_it(h).await;
    ssl_inspection(h).await;
    file_type_control(h).await;
}

async fn cloud_app_control(h: &Harness) {
    let scope = json!({"rule_type": "WEBMAIL"});
    let rules = h
        .items("zia_list_cloud_app_control_rules", scope.clone())
        .await;
    assert!(
        !rules.is_empty() && rules.iter().all(|r| r["type"] == "WEBMAIL"),
        "{rules:?}"
    );
    let id = id_of(&rules[0]);
    let rule = h
        .call(
            "zia_get_cloud_app_control_rule",
            json!({"rule_type": "WEBMAIL", "rule_id": id}),
        )
        .await;
    assert_eq!(rule["name"], rules[0]["name"]);
    // The same id under another rule type is not that rule.
    h.fails(
        "zia_get_cloud_app_control_rule",
        json!({"rule_type": "FINANCE", "rule_id": id}),
    )
    .await;

    let actions = h
        .call("zia_list_cloud_app_control_actions", scope.clone())
        .await;
    let actions: Vec<&str> = actions["result"]
        .as_array()
        .unwrap_or_else(|| panic!("{actions}"))
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(actions.contains(&"BLOCK_WEBMAIL_SEND"), "{actions:?}");

    round_trip(
        h,
        Crud {
            noun: "cloud_app_control_rule",
            id_param: "rule_id",
            scope,
            create: json!({"name": "No webmail attachments", "order": 1,
                "actions": ["BLOCK_WEBMAIL_ATTACHMENT_SEND"], "applications": ["GOOGLE_WEBMAIL"]}),
            created: json!({"type": "WEBMAIL", "actions": ["BLOCK_WEBMAIL_ATTACHMENT_SEND"]}),
            update: json!({"state": "DISABLED"}),
            updated: json!({"state": "DISABLED"}),
            kept: &["actions", "applications", "name"],
        },
    )
    .await;
}

async fn catalogues_and_shadow_it(h: &Harness) {
    let apps = h.items("zia_list_cloud_app_policy", json!({})).await;
    assert!(
        !apps.is_empty() && apps[0]["appName"].is_string(),
        "{apps:?}"
    );
    let name = apps[0]["appName"].as_str().unwrap().to_owned();
    let found = h
        .items("zia_list_cloud_app_policy", json!({"search": name}))
        .await;
    assert!(
        found.iter().all(|a| a["appName"] == name.as_str()),
        "{found:?}"
    );
    let ssl = h.items("zia_list_cloud_app_ssl_policy", json!({})).await;
    assert!(!ssl.is_empty() && ssl.len() <= apps.len());

    let shadow = h.items("zia_list_shadow_it_apps", json!({})).await;
    let page = h
        .items(
            "zia_list_shadow_it_apps",
            json!({"page_number": 0, "limit": 2}),
        )
        .await;
    assert!(shadow.len() > 2 && page.len() == 2, "{page:?}");
    let tags = h.items("zia_list_shadow_it_custom_tags", json!({})).await;
    assert!(!tags.is_empty());
    let app = shadow[0]["id"].as_i64().unwrap();
    let tag = tags[0]["id"].as_i64().unwrap();
    h.call(
        "zia_bulk_update_shadow_it_apps",
        json!({"sanctioned_state": "UN_SANCTIONED", "application_ids": [app],
               "custom_tags": [{"id": tag}]}),
    )
    .await;
    let refused = h
        .fails(
            "zia_bulk_update_shadow_it_apps",
            json!({"sanctioned_state": "SANCTIONED", "application_ids": [1]}),
        )
        .await;
    assert!(refused.contains("unknown application"), "{refused}");
}

async fn ssl_inspection(h: &Harness) {
    let rules = h.items("zia_list_ssl_inspection_rules", json!({})).await;
    let id = id_of(&rules[0]);
    let rule = h
        .call("zia_get_ssl_inspection_rule", json!({"rule_id": id}))
        .await;
    assert!(rule["action"]["type"].is_string(), "{rule}");
    round_trip(
        h,
        Crud {
            noun: "ssl_inspection_rule",
            id_param: "rule_id",
            scope: json!({}),
            create: json!({"name": "Skip banking", "order": 1,
                "action": {"type": "DO_NOT_DECRYPT"}, "url_categories": ["FINANCE"]}),
            created: json!({"urlCategories": ["FINANCE"]}),
            update: json!({"state": "DISABLED"}),
            updated: json!({"state": "DISABLED"}),
            kept: &["action", "urlCategories", "name"],
        },
    )
    .await;
    let refused = h
        .fails(
            "zia_create_ssl_inspection_rule",
            json!({"name": "flat action", "order": 1, "action": "DECRYPT"}),
        )
        .await;
    // ZIA wants the action as an object and says only that the body is invalid.
    assert!(refused.contains("Request body is invalid"), "{refused}");
}

async fn file_type_control(h: &Harness) {
    let categories = h.items("zia_list_file_type_categories", json!({})).await;
    let pdf = categories
        .iter()
        .find(|c| c["name"] == "FTCATEGORY_PDF_DOCUMENT")
        .unwrap_or_else(|| panic!("{categories:?}"));
    let rules = h.items("zia_list_file_type_control_rules", json!({})).await;
    let id = id_of(&rules[0]);
    let rule = h
        .call("zia_get_file_type_control_rule", json!({"rule_id": id}))
        .await;
    assert_eq!(rule["name"], rules[0]["name"]);
    round_trip(
        h,
        Crud {
            noun: "file_type_control_rule",
            id_param: "rule_id",
            scope: json!({}),
            create: json!({"name": "No PDF uploads", "order": 1, "filtering_action": "BLOCK",
                "operation": "UPLOAD", "file_types": ["FTCATEGORY_PDF_DOCUMENT"]}),
            created: json!({"filteringAction": "BLOCK", "operation": "UPLOAD",
                "fileTypeCategories": [pdf]}),
            update: json!({"filtering_action": "CAUTION"}),
            updated: json!({"filteringAction": "CAUTION"}),
            kept: &["operation", "fileTypes", "name"],
        },
    )
    .await;
}
