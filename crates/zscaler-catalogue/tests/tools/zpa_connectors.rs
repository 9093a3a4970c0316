//! ZPA App Connectors, Service Edges, their groups, provisioning keys and enrollment
//! certificates.

use serde_json::{Value, json};

use crate::harness::{Harness, id_of};

pub async fn exercise(h: &Harness) {
    connectors(h).await;
    connector_groups(h).await;
    service_edges(h).await;
    let edge_group = service_edge_groups(h).await;
    provisioning_keys(h, &edge_group).await;
    h.call(
        "zpa_delete_service_edge_group",
        json!({"group_id": edge_group}),
    )
    .await;
    h.fails(
        "zpa_get_service_edge_group",
        json!({"group_id": edge_group}),
    )
    .await;
}

/// Enrolled machines: read, update, then delete one and bulk-delete two more (the tenant
/// has a handful per group, and nothing else relies on them afterwards).
async fn connectors(h: &Harness) {
    let all = h.items("zpa_list_app_connectors", json!({})).await;
    assert!(
        all.len() >= 4,
        "demo tenant has few connectors: {}",
        all.len()
    );
    let id = id_of(&all[0]);
    let one = h
        .call("zpa_get_app_connector", json!({"connector_id": id}))
        .await;
    assert_eq!(id_of(&one), id);
    assert!(one["appConnectorGroupId"].is_string(), "{one}");
    let name = one["name"].clone();
    h.call(
        "zpa_update_app_connector",
        json!({"connector_id": id, "description": "racked in row 7"}),
    )
    .await;
    let after = h
        .call("zpa_get_app_connector", json!({"connector_id": id}))
        .await;
    assert_eq!(after["description"], "racked in row 7");
    assert_eq!(after["name"], name, "the update kept the name");

    let last: Vec<String> = all[all.len() - 3..].iter().map(id_of).collect();
    h.call("zpa_delete_app_connector", json!({"connector_id": last[0]}))
        .await;
    h.fails("zpa_get_app_connector", json!({"connector_id": last[0]}))
        .await;
    h.call(
        "zpa_bulk_delete_app_connectors",
        json!({"connector_ids": [last[1], last[2]]}),
    )
    .await;
    for gone in &last[1..] {
        h.fails("zpa_get_app_connector", json!({"connector_id": gone}))
            .await;
    }
    let left = h.items("zpa_list_app_connectors", json!({})).await;
    assert_eq!(left.len(), all.len() - 3);
}

async fn connector_groups(h: &Harness) {
    let listed = h.first_id("zpa_list_app_connector_groups", json!({})).await;
    let group = h
        .call("zpa_get_app_connector_group", json!({"group_id": listed}))
        .await;
    assert_eq!(id_of(&group), listed);
    assert!(
        group["connectors"]
            .as_array()
            .is_some_and(|c| !c.is_empty()),
        "{group}"
    );

    let created = h
        .call(
            "zpa_create_app_connector_group",
            json!({"name": "Lisbon DC Connectors", "description": "new site",
                   "location": "Lisbon, Portugal", "latitude": "38.7223", "longitude": "-9.1393",
                   "upgrade_day": "TUESDAY", "dns_query_type": "IPV4"}),
        )
        .await;
    let id = id_of(&created);
    let got = h
        .call("zpa_get_app_connector_group", json!({"group_id": id}))
        .await;
    assert_eq!(got["name"], "Lisbon DC Connectors");
    assert_eq!(got["upgradeDay"], "TUESDAY");
    assert_eq!(got["dnsQueryType"], "IPV4");
    h.call(
        "zpa_update_app_connector_group",
        json!({"group_id": id, "description": "new site, phase 2", "enabled": false}),
    )
    .await;
    let got = h
        .call("zpa_get_app_connector_group", json!({"group_id": id}))
        .await;
    assert_eq!(got["description"], "new site, phase 2");
    assert_eq!(got["enabled"], false);
    assert_eq!(
        got["name"], "Lisbon DC Connectors",
        "untouched by the update"
    );
    assert_eq!(got["upgradeDay"], "TUESDAY", "untouched by the update");
    h.call("zpa_delete_app_connector_group", json!({"group_id": id}))
        .await;
    h.fails("zpa_get_app_connector_group", json!({"group_id": id}))
        .await;
    let missing = h
        .fails(
            "zpa_create_app_connector_group",
            json!({"name": "No place"}),
        )
        .await;
    assert!(missing.contains("location"), "{missing}");
}

async fn service_edges(h: &Harness) {
    let all = h.items("zpa_list_service_edges", json!({})).await;
    assert!(
        all.len() >= 3,
        "demo tenant has few service edges: {}",
        all.len()
    );
    let id = id_of(&all[0]);
    let edge = h
        .call("zpa_get_service_edge", json!({"service_edge_id": id}))
        .await;
    assert_eq!(id_of(&edge), id);
    h.call(
        "zpa_update_service_edge",
        json!({"service_edge_id": id, "enabled": false}),
    )
    .await;
    let after = h
        .call("zpa_get_service_edge", json!({"service_edge_id": id}))
        .await;
    assert_eq!(after["enabled"], false);
    assert_eq!(after["name"], edge["name"]);

    let last: Vec<String> = all[all.len() - 2..].iter().map(id_of).collect();
    h.call(
        "zpa_delete_service_edge",
        json!({"service_edge_id": last[0]}),
    )
    .await;
    h.fails("zpa_get_service_edge", json!({"service_edge_id": last[0]}))
        .await;
    h.call(
        "zpa_bulk_delete_service_edges",
        json!({"service_edge_ids": [last[1]]}),
    )
    .await;
    h.fails("zpa_get_service_edge", json!({"service_edge_id": last[1]}))
        .await;
    // An unknown id fails the whole bulk delete, and says which.
    let refused = h
        .fails(
            "zpa_bulk_delete_service_edges",
            json!({"service_edge_ids": [id, "999999"]}),
        )
        .await;
    assert!(refused.contains("999999"), "{refused}");
    h.call("zpa_get_service_edge", json!({"service_edge_id": id}))
        .await;
}

/// Creates a Service Edge group (returned: the provisioning keys use it), reads and updates it.
async fn service_edge_groups(h: &Harness) -> String {
    let listed = h.first_id("zpa_list_service_edge_groups", json!({})).await;
    let group = h
        .call("zpa_get_service_edge_group", json!({"group_id": listed}))
        .await;
    assert_eq!(id_of(&group), listed);

    let network = h.first_id("zpa_list_trusted_networks", json!({})).await;
    let created = h
        .call(
            "zpa_create_service_edge_group",
            json!({"name": "Madrid Edges", "location": "Madrid, Spain",
                   "latitude": "40.4168", "longitude": "-3.7038", "is_public": "FALSE",
                   "trusted_networks": [{"id": network}]}),
        )
        .await;
    let id = id_of(&created);
    let got = h
        .call("zpa_get_service_edge_group", json!({"group_id": id}))
        .await;
    assert_eq!(got["name"], "Madrid Edges");
    assert_eq!(id_of(&got["trustedNetworks"][0]), network);
    h.call(
        "zpa_update_service_edge_group",
        json!({"group_id": id, "upgrade_day": "MONDAY", "upgrade_time_in_secs": "3600"}),
    )
    .await;
    let got = h
        .call("zpa_get_service_edge_group", json!({"group_id": id}))
        .await;
    assert_eq!(got["upgradeDay"], "MONDAY");
    assert_eq!(got["upgradeTimeInSecs"], "3600");
    assert_eq!(got["location"], "Madrid, Spain", "untouched by the update");
    assert_eq!(id_of(&got["trustedNetworks"][0]), network);
    id
}

async fn provisioning_keys(h: &Harness, edge_group: &str) {
    let keys = h
        .items(
            "zpa_list_provisioning_keys",
            json!({"key_type": "CONNECTOR_GRP"}),
        )
        .await;
    let id = id_of(&keys[0]);
    let key = h
        .call(
            "zpa_get_provisioning_key",
            json!({"key_type": "CONNECTOR_GRP", "key_id": id}),
        )
        .await;
    assert_eq!(id_of(&key), id);
    assert!(key["provisioningKey"].is_string(), "{key}");
    let wrong = h
        .fails(
            "zpa_list_provisioning_keys",
            json!({"key_type": "CONNECTOR"}),
        )
        .await;
    assert!(wrong.contains("CONNECTOR_GRP"), "{wrong}");

    let certs = h.items("zpa_list_enrollment_certificates", json!({})).await;
    let cert = certs
        .iter()
        .find(|c| c["name"] == "Service Edge")
        .unwrap_or_else(|| panic!("no Service Edge certificate in {certs:?}"));
    let cert_id = id_of(cert);
    let got = h
        .call(
            "zpa_get_enrollment_certificate",
            json!({"certificate_id": cert_id}),
        )
        .await;
    assert_eq!(got["name"], "Service Edge");

    let created = h
        .call(
            "zpa_create_provisioning_key",
            json!({"key_type": "SERVICE_EDGE_GRP", "name": "Madrid edge key", "max_usage": 2,
                   "component_id": edge_group, "enrollment_cert_id": cert_id}),
        )
        .await;
    let key_id = id_of(&created);
    assert!(created["provisioningKey"].is_string(), "{created}");
    let args = |extra: Value| {
        let mut base = json!({"key_type": "SERVICE_EDGE_GRP", "key_id": key_id});
        base.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        base
    };
    let got = h.call("zpa_get_provisioning_key", args(json!({}))).await;
    assert_eq!(got["name"], "Madrid edge key");
    assert_eq!(got["maxUsage"], "2");
    assert_eq!(got["zcomponentId"], edge_group);
    h.call("zpa_update_provisioning_key", args(json!({"max_usage": 5})))
        .await;
    let got = h.call("zpa_get_provisioning_key", args(json!({}))).await;
    assert_eq!(got["maxUsage"], "5");
    assert_eq!(got["name"], "Madrid edge key", "untouched by the update");
    h.call("zpa_delete_provisioning_key", args(json!({}))).await;
    h.fails("zpa_get_provisioning_key", args(json!({}))).await;
}
