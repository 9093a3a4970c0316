//! ZPA server groups and application servers.

use serde_json::json;

use crate::harness::{Harness, id_of};

pub async fn exercise(h: &Harness) {
    let groups = h.items("zpa_list_server_groups", json!({})).await;
    let group = h
        .call(
            "zpa_get_server_group",
            json!({"group_id": id_of(&groups[0])}),
        )
        .await;
    assert_eq!(group["name"], groups[0]["name"]);
    assert!(
        group["appConnectorGroups"]
            .as_array()
            .is_some_and(|a| !a.is_empty()),
        "{group}"
    );
    let id = h.first_id("zpa_list_application_servers", json!({})).await;
    let server = h
        .call("zpa_get_application_server", json!({"server_id": id}))
        .await;
    assert!(server["address"].is_string(), "{server}");

    // A server, then a group that lists it.
    let created = h
        .call(
            "zpa_create_application_server",
            json!({"name": "mcp-test-srv", "address": "10.99.0.10", "description": "tools test"}),
        )
        .await;
    let server = id_of(&created);
    let got = h
        .call("zpa_get_application_server", json!({"server_id": server}))
        .await;
    assert_eq!(got["address"], "10.99.0.10");
    h.call(
        "zpa_update_application_server",
        json!({"server_id": server, "address": "10.99.0.11"}),
    )
    .await;
    let got = h
        .call("zpa_get_application_server", json!({"server_id": server}))
        .await;
    assert_eq!(got["address"], "10.99.0.11");
    assert_eq!(got["name"], "mcp-test-srv");
    assert_eq!(got["description"], "tools test");

    let connector_group = h.first_id("zpa_list_app_connector_groups", json!({})).await;
    let created = h
        .call(
            "zpa_create_server_group",
            json!({"name": "MCP Test Servers", "enabled": true,
                   "app_connector_groups": [{"id": connector_group}],
                   "servers": [{"id": server}]}),
        )
        .await;
    let group = id_of(&created);
    let got = h
        .call("zpa_get_server_group", json!({"group_id": group}))
        .await;
    assert_eq!(got["servers"][0]["id"], server.as_str());
    assert_eq!(got["appConnectorGroups"][0]["id"], connector_group.as_str());
    h.call(
        "zpa_update_server_group",
        json!({"group_id": group, "description": "for the tools test"}),
    )
    .await;
    let got = h
        .call("zpa_get_server_group", json!({"group_id": group}))
        .await;
    assert_eq!(got["description"], "for the tools test");
    assert_eq!(got["servers"][0]["id"], server.as_str());
    assert_eq!(got["appConnectorGroups"][0]["id"], connector_group.as_str());

    // ZPA refuses to delete a server a group still lists, and says why.
    let refused = h
        .fails(
            "zpa_delete_application_server",
            json!({"server_id": server}),
        )
        .await;
    assert!(refused.contains("server group"), "{refused}");

    h.call("zpa_delete_server_group", json!({"group_id": group}))
        .await;
    h.fails("zpa_get_server_group", json!({"group_id": group}))
        .await;
    h.call(
        "zpa_delete_application_server",
        json!({"server_id": server}),
    )
    .await;
    h.fails("zpa_get_application_server", json!({"server_id": server}))
        .await;
}
