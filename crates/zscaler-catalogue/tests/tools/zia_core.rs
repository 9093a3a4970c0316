//! ZIA users, user groups, departments and activation status.

use serde_json::json;

use crate::harness::{Harness, id_of};

pub async fn exercise(h: &Harness) {
    let users = h.items("zia_list_users", json!({"page_size": 50})).await;
    assert!(!users.is_empty());
    let user_id = id_of(&users[0]);
    let user = h.call("zia_get_user", json!({"user_id": user_id})).await;
    assert_eq!(id_of(&user), user_id);
    assert_eq!(user["email"], users[0]["email"]);
    assert!(
        h.fails("zia_get_user", json!({"user_id": "999999999"}))
            .await
            .contains("404")
    );

    let groups = h.items("zia_list_user_groups", json!({})).await;
    let contractors = groups
        .iter()
        .find(|g| g["name"] == "Contractors")
        .expect("the demo tenant has a Contractors group");
    let found = h
        .items("zia_list_user_groups", json!({"search": "contract"}))
        .await;
    assert_eq!(found.len(), 1, "{found:?}");
    let group = h
        .call(
            "zia_get_user_group",
            json!({"group_id": id_of(contractors)}),
        )
        .await;
    assert_eq!(group["name"], "Contractors");

    let departments = h
        .items("zia_list_user_departments", json!({"search": "Finance"}))
        .await;
    assert!(
        departments
            .iter()
            .all(|d| d["name"].as_str().unwrap().contains("Finance"))
    );
    let finance = id_of(&departments[0]);
    let department = h
        .call("zia_get_user_department", json!({"department_id": finance}))
        .await;
    assert_eq!(id_of(&department), finance);
    let in_finance = h.items("zia_list_users", json!({"dept": "Finance"})).await;
    assert!(
        in_finance
            .iter()
            .all(|u| u["department"]["name"] == "Finance")
    );

    assert!(!h.items("zia_list_locations", json!({})).await.is_empty());
    let status = h.call("zia_get_activation_status", json!({})).await;
    assert!(status["status"].is_string(), "{status}");
    let refused = h.fails("zia_list_users", json!({"nmae": "x"})).await;
    assert!(
        refused.contains("`nmae`") && refused.contains("name, dept, group"),
        "{refused}"
    );
    let refused = h
        .fails("zia_list_user_groups", json!({"sort_order": "sideways"}))
        .await;
    assert!(refused.contains("asc, desc"), "{refused}");
}
