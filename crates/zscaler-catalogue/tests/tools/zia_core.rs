//! ZIA users, locations and activation.

use serde_json::json;

use crate::harness::Harness;

pub async fn exercise(h: &Harness) {
    assert!(!h.items("zia_list_users", json!({})).await.is_empty());
    assert!(!h.items("zia_list_locations", json!({})).await.is_empty());
    let status = h.call("zia_get_activation_status", json!({})).await;
    assert!(status["status"].is_string(), "{status}");
    let refused = h.fails("zia_list_users", json!({"nmae": "x"})).await;
    assert!(
        refused.contains("`nmae`") && refused.contains("name, dept, group"),
        "{refused}"
    );
}
