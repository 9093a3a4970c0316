//! ZPA application segments and groups.

use serde_json::json;

use crate::harness::Harness;

pub async fn exercise(h: &Harness) {
    let id = h.first_id("zpa_list_application_segments", json!({})).await;
    let segment = h
        .call("zpa_get_application_segment", json!({"segment_id": id}))
        .await;
    assert_eq!(crate::harness::id_of(&segment), id);
    assert!(
        !h.items("zpa_list_segment_groups", json!({}))
            .await
            .is_empty()
    );
    assert!(
        !h.items("zpa_list_server_groups", json!({}))
            .await
            .is_empty()
    );
}
