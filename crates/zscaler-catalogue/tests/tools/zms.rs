//! ZMS: every microsegmentation read over the GraphQL endpoint, with server-side paging.

use serde_json::json;

use crate::harness::Harness;

pub async fn exercise(h: &Harness) {
    let page = h.call("zms_list_agents", json!({"page_size": 5})).await;
    assert_eq!(page["items"].as_array().unwrap().len(), 5, "{page}");
    assert_eq!(page["total"], 14, "{page}");
    assert_eq!(page["next_page"], 2, "{page}");
    let all = h
        .items("zms_list_agents", json!({"all": true, "page_size": 4}))
        .await;
    assert_eq!(all.len(), 14, "every page walked");
    let found = h.items("zms_list_agents", json!({"search": "db-"})).await;
    assert!(
        !found.is_empty()
            && found
                .iter()
                .all(|a| a["name"].as_str().unwrap().contains("db-"))
    );
    // A hostile search string is only a value: it finds nothing and breaks nothing.
    let none = h
        .items(
            "zms_list_agents",
            json!({"search": "\") { nodes { totpSecret } } }"}),
        )
        .await;
    assert!(none.is_empty());

    let stats = h
        .call("zms_get_agent_connection_status_statistics", json!({}))
        .await;
    assert_eq!(stats["totalCount"], 14, "{stats}");
    let versions = h.call("zms_get_agent_version_statistics", json!({})).await;
    assert!(versions["agentVersions"].as_array().unwrap()[0]["version"].is_string());

    let groups = h.items("zms_list_agent_groups", json!({})).await;
    let eyez = groups[0]["eyezId"].as_str().unwrap().to_owned();
    let totp = h
        .call("zms_get_agent_group_totp_secrets", json!({"eyez_id": eyez}))
        .await;
    assert_eq!(totp["eyezId"], eyez.as_str());
    let err = h
        .fails(
            "zms_get_agent_group_totp_secrets",
            json!({"eyez_id": "nope"}),
        )
        .await;
    assert!(
        err.contains("Microsegmentation GraphQL GetAgentGroupTotpSecrets failed")
            && err.contains("not found"),
        "{err}"
    );

    let nonces = h.items("zms_list_nonces", json!({})).await;
    let nonce = h
        .call("zms_get_nonce", json!({"eyez_id": nonces[0]["eyezId"]}))
        .await;
    assert_eq!(nonce["nonce"]["key"], nonces[0]["key"]);

    let resources = h.items("zms_list_resources", json!({"all": true})).await;
    assert_eq!(resources.len(), 14);
    let protection = h
        .call("zms_get_resource_protection_status", json!({}))
        .await;
    assert!(
        protection["nodes"][0]["protectedPercentage"].is_number(),
        "{protection}"
    );
    let metadata = h.call("zms_get_metadata", json!({})).await;
    assert!(metadata["eventTypes"].is_array(), "{metadata}");

    let rgs = h.items("zms_list_resource_groups", json!({})).await;
    assert!(
        rgs.iter().any(|g| g["cidrs"].is_array()),
        "unmanaged groups carry cidrs: {rgs:?}"
    );
    let members = h
        .items(
            "zms_get_resource_group_members",
            json!({"group_id": rgs[0]["id"]}),
        )
        .await;
    assert_eq!(
        members.len() as u64,
        rgs[0]["resourceMemberCount"].as_u64().unwrap()
    );
    h.call("zms_get_resource_group_protection_status", json!({}))
        .await;

    let rules = h
        .items("zms_list_policy_rules", json!({"filter": {"name": "SSH"}}))
        .await;
    assert_eq!(rules.len(), 1, "{rules:?}");
    assert!(rules[0]["portAndProtocols"][0]["portRanges"].is_array());
    assert_eq!(
        h.items("zms_list_default_policy_rules", json!({}))
            .await
            .len(),
        2
    );
    assert_eq!(h.items("zms_list_app_zones", json!({})).await.len(), 3);
    assert!(!h.items("zms_list_app_catalog", json!({})).await.is_empty());

    let namespaces = h.items("zms_list_tag_namespaces", json!({})).await;
    let custom = namespaces.iter().find(|n| n["origin"] == "CUSTOM").unwrap();
    let keys = h
        .items("zms_list_tag_keys", json!({"namespace_id": custom["id"]}))
        .await;
    assert_eq!(keys.len(), 2);
    let values = h
        .items(
            "zms_list_tag_values",
            json!({"tag_id": keys[0]["id"], "namespace_origin": "CUSTOM"}),
        )
        .await;
    assert!(!values.is_empty());
}
