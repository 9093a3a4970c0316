//! ZTW (Cloud & Branch Connector): admins and roles, cloud accounts and discovery, IP groups
//! (full lists, lite lists, get, and writes that round-trip), network services, locations,
//! templates, provisioning URLs, connector groups, and activation.

use serde_json::json;

use crate::harness::{Harness, id_of};

pub async fn exercise(h: &Harness) {
    reads(h).await;
    source_groups(h).await;
    destination_groups(h).await;
    ip_groups(h).await;
    activation(h).await;
}

/// Lists with `list`, checks the lite list names the same records, and gets the first by id.
async fn list_lite_get(h: &Harness, list: &str, lite: Option<&str>, get: &str, id_param: &str) {
    let full = h.items(list, json!({"all": true})).await;
    let first = full
        .first()
        .unwrap_or_else(|| panic!("{list}: no demo records"));
    if let Some(lite) = lite {
        let names = h.items(lite, json!({"all": true})).await;
        assert_eq!(names.len(), full.len(), "{lite} lists the same records");
        assert_eq!(names[0], json!({"id": first["id"], "name": first["name"]}));
    }
    let got = h.call(get, json!({ id_param: id_of(first) })).await;
    assert_eq!(got["id"], first["id"], "{get}");
}

async fn reads(h: &Harness) {
    list_lite_get(h, "ztw_list_admins", None, "ztw_get_admin", "admin_id").await;
    let roles = h.items("ztw_list_roles", json!({})).await;
    assert!(
        roles.iter().any(|r| r["isNonEditable"] == true),
        "{roles:?}"
    );
    list_lite_get(
        h,
        "ztw_list_public_account_details",
        None,
        "ztw_get_public_account_details",
        "account_id",
    )
    .await;
    list_lite_get(
        h,
        "ztw_list_public_cloud_info",
        None,
        "ztw_get_public_cloud_info",
        "info_id",
    )
    .await;
    let discovery = h.call("ztw_get_discovery_settings", json!({})).await;
    assert!(discovery["trustedRole"].is_string(), "{discovery}");
    list_lite_get(
        h,
        "ztw_list_ip_source_groups",
        Some("ztw_list_ip_source_groups_lite"),
        "ztw_get_ip_source_group",
        "group_id",
    )
    .await;
    list_lite_get(
        h,
        "ztw_list_ip_destination_groups",
        Some("ztw_list_ip_destination_groups_lite"),
        "ztw_get_ip_destination_group",
        "group_id",
    )
    .await;
    list_lite_get(
        h,
        "ztw_list_ip_groups",
        Some("ztw_list_ip_groups_lite"),
        "ztw_get_ip_group",
        "group_id",
    )
    .await;
    list_lite_get(
        h,
        "ztw_list_network_services",
        None,
        "ztw_get_network_service",
        "service_id",
    )
    .await;
    list_lite_get(
        h,
        "ztw_list_network_service_groups",
        None,
        "ztw_get_network_service_group",
        "group_id",
    )
    .await;
    list_lite_get(
        h,
        "ztw_list_locations",
        None,
        "ztw_get_location",
        "location_id",
    )
    .await;
    list_lite_get(
        h,
        "ztw_list_location_templates",
        None,
        "ztw_get_location_template",
        "template_id",
    )
    .await;
    list_lite_get(
        h,
        "ztw_list_provisioning_urls",
        None,
        "ztw_get_provisioning_url",
        "url_id",
    )
    .await;
    list_lite_get(
        h,
        "ztw_list_connector_groups",
        None,
        "ztw_get_connector_group",
        "group_id",
    )
    .await;
    // Search narrows by name.
    let services = h
        .items("ztw_list_network_services", json!({"search": "dns"}))
        .await;
    assert!(
        !services.is_empty()
            && services
                .iter()
                .all(|s| s["name"].as_str().unwrap().to_lowercase().contains("dns")),
        "{services:?}"
    );
}

async fn source_groups(h: &Harness) {
    let created = h
        .call(
            "ztw_create_ip_source_group",
            json!({"name": "MCP Source", "ip_addresses": ["10.20.0.0/16"], "description": "tools test"}),
        )
        .await;
    let id = id_of(&created);
    let got = h
        .call("ztw_get_ip_source_group", json!({"group_id": id}))
        .await;
    assert_eq!(got["ipAddresses"], json!(["10.20.0.0/16"]));
    h.call(
        "ztw_update_ip_source_group",
        json!({"group_id": id, "ip_addresses": ["10.20.0.0/16", "10.21.0.0/16"]}),
    )
    .await;
    let got = h
        .call("ztw_get_ip_source_group", json!({"group_id": id}))
        .await;
    assert_eq!(got["ipAddresses"].as_array().unwrap().len(), 2, "{got}");
    assert_eq!(got["description"], "tools test", "kept: {got}");
    let err = h
        .fails(
            "ztw_create_ip_source_group",
            json!({"name": "Bad", "ip_addresses": ["not-an-ip"]}),
        )
        .await;
    assert!(err.contains("not-an-ip"), "{err}");
    h.call("ztw_delete_ip_source_group", json!({"group_id": id}))
        .await;
    h.fails("ztw_get_ip_source_group", json!({"group_id": id}))
        .await;
}

async fn destination_groups(h: &Harness) {
    let created = h
        .call(
            "ztw_create_ip_destination_group",
            json!({"name": "MCP Destinations", "type": "DSTN_FQDN", "addresses": ["api.example.com"]}),
        )
        .await;
    let id = id_of(&created);
    let got = h
        .call("ztw_get_ip_destination_group", json!({"group_id": id}))
        .await;
    assert_eq!(got["type"], "DSTN_FQDN");
    h.call(
        "ztw_update_ip_destination_group",
        json!({"group_id": id, "description": "updated by the tools test"}),
    )
    .await;
    let got = h
        .call("ztw_get_ip_destination_group", json!({"group_id": id}))
        .await;
    assert_eq!(got["description"], "updated by the tools test");
    assert_eq!(got["addresses"], json!(["api.example.com"]));
    h.call("ztw_delete_ip_destination_group", json!({"group_id": id}))
        .await;
    h.fails("ztw_get_ip_destination_group", json!({"group_id": id}))
        .await;
}

async fn ip_groups(h: &Harness) {
    let created = h
        .call(
            "ztw_create_ip_group",
            json!({"name": "MCP Pool", "ip_addresses": ["192.168.50.0/24"]}),
        )
        .await;
    let id = id_of(&created);
    let got = h.call("ztw_get_ip_group", json!({"group_id": id})).await;
    assert_eq!(got["name"], "MCP Pool");
    h.call("ztw_delete_ip_group", json!({"group_id": id})).await;
    h.fails("ztw_get_ip_group", json!({"group_id": id})).await;
}

async fn activation(h: &Harness) {
    let status = h.call("ztw_get_activation_status", json!({})).await;
    assert_eq!(
        status["orgEditStatus"], "EDITS_PRESENT",
        "the writes above are staged: {status}"
    );
    h.call("ztw_activate_configuration", json!({})).await;
    let status = h.call("ztw_get_activation_status", json!({})).await;
    assert_eq!(status["orgEditStatus"], "EDITS_CLEARED", "{status}");
}
