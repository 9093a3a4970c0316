//! ZPA application segments (plain, Browser Access, PRA), apps by type and segment groups.

use serde_json::{Value, json};

use crate::harness::{Harness, id_of};

pub async fn exercise(h: &Harness) {
    reads(h).await;
    let group = segment_groups(h).await;
    let server_group = h.first_id("zpa_list_server_groups", json!({})).await;
    plain_segment(h, &group, &server_group).await;
    browser_access_segment(h, &group, &server_group).await;
    pra_segment(h, &group, &server_group).await;
    h.call("zpa_delete_segment_group", json!({"group_id": group}))
        .await;
    h.fails("zpa_get_segment_group", json!({"group_id": group}))
        .await;
}

/// The first item of `items` that carries `field` (a sub-app list), by id.
fn with_field(items: &[Value], field: &str) -> String {
    let item = items
        .iter()
        .find(|i| i[field].as_array().is_some_and(|a| !a.is_empty()))
        .unwrap_or_else(|| panic!("no segment with {field} in the demo tenant"));
    id_of(item)
}

async fn reads(h: &Harness) {
    let id = h.first_id("zpa_list_application_segments", json!({})).await;
    let segment = h
        .call("zpa_get_application_segment", json!({"segment_id": id}))
        .await;
    assert_eq!(id_of(&segment), id);
    assert!(
        segment["domainNames"]
            .as_array()
            .is_some_and(|d| !d.is_empty()),
        "{segment}"
    );
    // `search` takes a bare name or ZPA's field+OP+value filter, as its description says.
    let name = segment["name"].as_str().expect("segment name").to_owned();
    let found = h
        .items("zpa_list_application_segments", json!({"search": name}))
        .await;
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(id_of(&found[0]), id);
    let found = h
        .items(
            "zpa_list_application_segments",
            json!({"search": "name+CONTAINS+bastion"}),
        )
        .await;
    assert!(!found.is_empty());
    assert!(
        found.iter().all(|s| s["name"]
            .as_str()
            .unwrap()
            .to_lowercase()
            .contains("bastion")),
        "{found:?}"
    );

    let listed = h.items("zpa_list_application_segments_ba", json!({})).await;
    let ba = with_field(&listed, "clientlessApps");
    let got = h
        .call("zpa_get_application_segment_ba", json!({"segment_id": ba}))
        .await;
    assert!(
        got["clientlessApps"][0]["certificateId"].is_string(),
        "{got}"
    );

    let listed = h
        .items("zpa_list_application_segments_pra", json!({}))
        .await;
    let pra = with_field(&listed, "praApps");
    let got = h
        .call(
            "zpa_get_application_segment_pra",
            json!({"segment_id": pra}),
        )
        .await;
    assert!(
        got["praApps"][0]["applicationProtocol"].is_string(),
        "{got}"
    );

    for kind in ["BROWSER_ACCESS", "SECURE_REMOTE_ACCESS", "INSPECT"] {
        let apps = h
            .items(
                "zpa_list_app_segments_by_type",
                json!({"application_type": kind}),
            )
            .await;
        assert!(!apps.is_empty(), "no {kind} apps");
        // Every sub-app points at the segment that publishes it.
        assert!(apps.iter().all(|a| a["appId"].is_string()), "{apps:?}");
    }
    let refused = h
        .fails(
            "zpa_list_app_segments_by_type",
            json!({"application_type": "VPN"}),
        )
        .await;
    assert!(refused.contains("BROWSER_ACCESS"), "{refused}");
    let refused = h.fails("zpa_list_app_segments_by_type", json!({})).await;
    assert!(refused.contains("application_type"), "{refused}");

    let groups = h.items("zpa_list_segment_groups", json!({})).await;
    let group = h
        .call(
            "zpa_get_segment_group",
            json!({"group_id": id_of(&groups[0])}),
        )
        .await;
    assert_eq!(group["name"], groups[0]["name"]);
    assert!(
        !h.items("zpa_list_app_connector_groups", json!({}))
            .await
            .is_empty()
    );
}

/// Creates, reads and updates a segment group; returns its id (deleted at the end).
async fn segment_groups(h: &Harness) -> String {
    let created = h
        .call(
            "zpa_create_segment_group",
            json!({"name": "MCP Test Apps", "description": "made by the tools test", "enabled": true}),
        )
        .await;
    let id = id_of(&created);
    let got = h
        .call("zpa_get_segment_group", json!({"group_id": id}))
        .await;
    assert_eq!(got["name"], "MCP Test Apps");
    assert_eq!(got["description"], "made by the tools test");
    h.call(
        "zpa_update_segment_group",
        json!({"group_id": id, "description": "renamed by the tools test"}),
    )
    .await;
    let got = h
        .call("zpa_get_segment_group", json!({"group_id": id}))
        .await;
    assert_eq!(got["description"], "renamed by the tools test");
    assert_eq!(got["name"], "MCP Test Apps");
    assert_eq!(got["enabled"], true);
    id
}

async fn plain_segment(h: &Harness, group: &str, server_group: &str) {
    let created = h
        .call(
            "zpa_create_application_segment",
            json!({"name": "MCP Wiki", "domain_names": ["wiki.mcp-test.example"],
                   "segment_group_id": group, "server_groups": [{"id": server_group}],
                   "tcp_port_range": [{"from": "443", "to": "443"}],
                   "description": "wiki for the tools test", "bypass_type": "NEVER"}),
        )
        .await;
    let id = id_of(&created);
    let got = h
        .call("zpa_get_application_segment", json!({"segment_id": id}))
        .await;
    assert_eq!(got["domainNames"], json!(["wiki.mcp-test.example"]));
    assert_eq!(got["segmentGroupId"], group);
    assert_eq!(got["serverGroups"][0]["id"], server_group);
    assert_eq!(got["tcpPortRange"], json!([{"from": "443", "to": "443"}]));

    h.call(
        "zpa_update_application_segment",
        json!({"segment_id": id, "tcp_port_range": [{"from": "8443", "to": "8443"}],
               "enabled": false}),
    )
    .await;
    let got = h
        .call("zpa_get_application_segment", json!({"segment_id": id}))
        .await;
    assert_eq!(got["tcpPortRange"], json!([{"from": "8443", "to": "8443"}]));
    assert_eq!(got["enabled"], false);
    assert_eq!(got["description"], "wiki for the tools test");
    assert_eq!(got["serverGroups"][0]["id"], server_group);

    let refused = h
        .fails(
            "zpa_create_application_segment",
            json!({"name": "No Ports", "domain_names": ["x.mcp-test.example"],
                   "segment_group_id": group, "bypass_type": "SOMETIMES"}),
        )
        .await;
    assert!(refused.contains("bypass_type"), "{refused}");

    h.call(
        "zpa_delete_application_segment",
        json!({"segment_id": id, "force_delete": true}),
    )
    .await;
    h.fails("zpa_get_application_segment", json!({"segment_id": id}))
        .await;
}

async fn browser_access_segment(h: &Harness, group: &str, server_group: &str) {
    let cert = h.first_id("zpa_list_ba_certificates", json!({})).await;
    let app = |port: &str| {
        json!([{"name": "mcp-portal", "domain": "portal.mcp-test.example",
                "applicationPort": port, "applicationProtocol": "HTTPS", "certificateId": cert}])
    };
    let created = h
        .call(
            "zpa_create_application_segment_ba",
            json!({"name": "MCP BA Portal", "domain_names": ["portal.mcp-test.example"],
                   "segment_group_id": group, "server_groups": [{"id": server_group}],
                   "tcp_port_range": [{"from": "443", "to": "443"}],
                   "clientless_apps": app("443"), "description": "browser access test"}),
        )
        .await;
    let id = id_of(&created);
    let got = h
        .call("zpa_get_application_segment_ba", json!({"segment_id": id}))
        .await;
    let apps = got["clientlessApps"].as_array().expect("BA apps");
    assert_eq!(apps.len(), 1, "{got}");
    assert_eq!(apps[0]["domain"], "portal.mcp-test.example");
    assert_eq!(apps[0]["certificateId"], cert);

    h.call(
        "zpa_update_application_segment_ba",
        json!({"segment_id": id, "clientless_apps": app("8443")}),
    )
    .await;
    let got = h
        .call("zpa_get_application_segment_ba", json!({"segment_id": id}))
        .await;
    let apps = got["clientlessApps"].as_array().expect("BA apps");
    assert_eq!(apps.len(), 1, "the new list replaces the old: {got}");
    assert_eq!(apps[0]["applicationPort"], "8443");
    assert_eq!(got["description"], "browser access test");

    h.call(
        "zpa_delete_application_segment_ba",
        json!({"segment_id": id}),
    )
    .await;
    h.fails("zpa_get_application_segment_ba", json!({"segment_id": id}))
        .await;
}

async fn pra_segment(h: &Harness, group: &str, server_group: &str) {
    let created = h
        .call(
            "zpa_create_application_segment_pra",
            json!({"name": "MCP RDP Jump Box", "domain_names": ["rdp.mcp-test.example"],
                   "segment_group_id": group, "server_groups": [{"id": server_group}],
                   "tcp_port_range": [{"from": "3389", "to": "3389"}],
                   "common_apps_dto": {"appsConfig": [{
                       "appTypes": ["SECURE_REMOTE_ACCESS"], "name": "rdp-jump",
                       "domain": "rdp.mcp-test.example", "applicationPort": "3389",
                       "applicationProtocol": "RDP", "connectionSecurity": "NLA"}]}}),
        )
        .await;
    let id = id_of(&created);
    let got = h
        .call("zpa_get_application_segment_pra", json!({"segment_id": id}))
        .await;
    assert_eq!(got["praApps"][0]["applicationProtocol"], "RDP", "{got}");
    assert_eq!(got["praApps"][0]["connectionSecurity"], "NLA");

    h.call(
        "zpa_update_application_segment_pra",
        json!({"segment_id": id, "description": "jump box for admins"}),
    )
    .await;
    let got = h
        .call("zpa_get_application_segment_pra", json!({"segment_id": id}))
        .await;
    assert_eq!(got["description"], "jump box for admins");
    assert_eq!(
        got["praApps"][0]["name"], "rdp-jump",
        "PRA apps survive: {got}"
    );

    h.call(
        "zpa_delete_application_segment_pra",
        json!({"segment_id": id}),
    )
    .await;
    h.fails("zpa_get_application_segment_pra", json!({"segment_id": id}))
        .await;
}
