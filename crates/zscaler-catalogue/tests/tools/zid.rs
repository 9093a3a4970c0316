//! ZIdentity: users and groups (list, search, by name, get), memberships, entitlements, API
//! clients and resource servers; user and group writes round-trip through confirmation.

use serde_json::json;

use crate::harness::{Harness, id_of};

pub async fn exercise(h: &Harness) {
    users(h).await;
    groups(h).await;
    clients(h).await;
    user_writes(h).await;
    group_writes(h).await;
}

async fn users(h: &Harness) {
    let first = h.call("zid_list_users", json!({"page_size": 50})).await;
    assert_eq!(first["count"], 50, "{first}");
    assert_eq!(first["next_page"], 2, "{first}");
    let user = first["items"][0].clone();
    let id = id_of(&user);
    let login = user["loginName"].as_str().unwrap().to_owned();
    let got = h.call("zid_get_user", json!({"user_id": id})).await;
    assert_eq!(got["loginName"], login.as_str());

    // Search by email (an @ in the text), then by display name when no login matches.
    let found = h.items("zid_search_users", json!({"name": login})).await;
    assert!(found.iter().any(|u| u["id"] == user["id"]), "{found:?}");
    let display = user["displayName"].as_str().unwrap().to_owned();
    let found = h.items("zid_search_users", json!({"name": display})).await;
    assert!(
        found
            .iter()
            .all(|u| u["displayName"].as_str().unwrap().contains(&display)),
        "{found:?}"
    );
    let none = h
        .call("zid_search_users", json!({"name": "no-such-person-xyz"}))
        .await;
    assert_eq!(none["count"], 0, "{none}");
    let filtered = h
        .items("zid_list_users", json!({"email": login.clone()}))
        .await;
    assert_eq!(filtered.len(), 1, "{filtered:?}");

    let groups = h.items("zid_get_user_groups", json!({"user_id": id})).await;
    assert!(!groups.is_empty(), "every demo user is in All Employees");
    let by_name = h
        .items("zid_get_user_groups_by_name", json!({"name": login}))
        .await;
    assert_eq!(by_name.len(), groups.len());
    let err = h
        .fails(
            "zid_get_user_groups_by_name",
            json!({"name": "nobody@nowhere.invalid"}),
        )
        .await;
    assert!(
        err.contains("`name`") && err.contains("zid_list_users"),
        "{err}"
    );

    h.items("zid_get_user_admin_entitlements", json!({"user_id": id}))
        .await;
    h.items("zid_get_user_service_entitlements", json!({"user_id": id}))
        .await;
}

async fn groups(h: &Harness) {
    let all = h.items("zid_list_groups", json!({"all": true})).await;
    assert!(all.len() > 100, "the demo groups page: {}", all.len());
    let engineering = h
        .items("zid_search_groups", json!({"name": "engineer"}))
        .await;
    let eng = engineering
        .iter()
        .find(|g| g["name"] == "Engineering")
        .expect("Engineering is found by part of its name");
    let got = h
        .call("zid_get_group", json!({"group_id": id_of(eng)}))
        .await;
    assert_eq!(got["name"], "Engineering");
    let members = h
        .items(
            "zid_get_group_users",
            json!({"group_id": id_of(eng), "all": true}),
        )
        .await;
    // The exact name wins over the team lists whose names also contain it.
    let by_name = h
        .items(
            "zid_get_group_users_by_name",
            json!({"name": "engineering", "all": true}),
        )
        .await;
    assert_eq!(by_name.len(), members.len());
    let dynamic = h
        .items(
            "zid_list_groups",
            json!({"exclude_dynamic_groups": true, "all": true}),
        )
        .await;
    assert!(dynamic.len() < all.len() && dynamic.iter().all(|g| g["dynamicGroup"] == false));
}

async fn clients(h: &Harness) {
    let id = h.first_id("zid_list_api_clients", json!({})).await;
    let got = h.call("zid_get_api_client", json!({"client_id": id})).await;
    assert!(!got.to_string().contains("\"value\""), "no secret: {got}");
    let id = h.first_id("zid_list_resource_servers", json!({})).await;
    h.call("zid_get_resource_server", json!({"resource_id": id}))
        .await;
}

async fn user_writes(h: &Harness) {
    let created = h
        .call(
            "zid_create_user",
            json!({"login_name": "mcp.tools@acme-demo.com", "primary_email": "mcp.tools@acme-demo.com",
                   "first_name": "Mcp", "last_name": "Tools"}),
        )
        .await;
    let id = id_of(&created);
    let got = h.call("zid_get_user", json!({"user_id": id})).await;
    assert_eq!(got["displayName"], "Mcp Tools");
    h.call(
        "zid_update_user",
        json!({"user_id": id, "display_name": "MCP Tools Test", "status": false}),
    )
    .await;
    let got = h.call("zid_get_user", json!({"user_id": id})).await;
    assert_eq!(got["displayName"], "MCP Tools Test");
    assert_eq!(got["status"], false);
    assert_eq!(got["loginName"], "mcp.tools@acme-demo.com", "kept: {got}");
    let asked = h.asked.lock().unwrap().last().cloned().unwrap_or_default();
    assert!(
        asked.contains("displayName"),
        "the confirmation shows the change: {asked}"
    );
    h.call("zid_delete_user", json!({"user_id": id})).await;
    h.fails("zid_get_user", json!({"user_id": id})).await;
}

async fn group_writes(h: &Harness) {
    let created = h
        .call(
            "zid_create_group",
            json!({"name": "MCP Tools Group", "description": "tools test"}),
        )
        .await;
    let gid = id_of(&created);
    let got = h.call("zid_get_group", json!({"group_id": gid})).await;
    assert_eq!(got["source"], "API");
    h.call(
        "zid_update_group",
        json!({"group_id": gid, "description": "renamed by the tools test"}),
    )
    .await;
    let got = h.call("zid_get_group", json!({"group_id": gid})).await;
    assert_eq!(got["description"], "renamed by the tools test");
    assert_eq!(got["name"], "MCP Tools Group");

    let uid = h.first_id("zid_list_users", json!({})).await;
    h.call(
        "zid_add_user_to_group",
        json!({"group_id": gid, "user_id": uid}),
    )
    .await;
    let members = h
        .items("zid_get_group_users", json!({"group_id": gid}))
        .await;
    assert_eq!(members.len(), 1, "{members:?}");
    h.call(
        "zid_remove_user_from_group",
        json!({"group_id": gid, "user_id": uid}),
    )
    .await;
    let asked = h.asked.lock().unwrap().last().cloned().unwrap_or_default();
    assert!(
        asked.contains("MCP Tools Group"),
        "names the group: {asked}"
    );
    let members = h
        .items("zid_get_group_users", json!({"group_id": gid}))
        .await;
    assert!(members.is_empty(), "{members:?}");
    // The user stays.
    h.call("zid_get_user", json!({"user_id": uid})).await;

    h.call("zid_delete_group", json!({"group_id": gid})).await;
    h.fails("zid_get_group", json!({"group_id": gid})).await;
}
