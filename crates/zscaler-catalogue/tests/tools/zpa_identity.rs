//! ZPA identity providers, SAML and SCIM attributes, SCIM groups, posture profiles, trusted
//! networks, app protection and isolation profiles, and the Log Streaming Service.

use serde_json::json;

use crate::harness::{Harness, id_of};

pub async fn exercise(h: &Harness) {
    identity(h).await;
    profiles(h).await;
    lss(h).await;
}

async fn identity(h: &Harness) {
    let idps = h.items("zpa_list_idps", json!({})).await;
    assert!(!idps.is_empty());

    let attribute = h.first_id("zpa_list_saml_attributes", json!({})).await;
    let got = h
        .call("zpa_get_saml_attribute", json!({"attribute_id": attribute}))
        .await;
    assert_eq!(id_of(&got), attribute);
    assert!(got["samlName"].is_string(), "{got}");

    // SCIM objects belong to an identity provider; find one that pushes them.
    let mut scim_seen = false;
    for idp in &idps {
        let idp_id = id_of(idp);
        let attributes = h
            .items("zpa_list_scim_attributes", json!({"idp_id": idp_id}))
            .await;
        let groups = h
            .items("zpa_list_scim_groups", json!({"idp_id": idp_id}))
            .await;
        let (Some(attribute), Some(group)) = (attributes.first(), groups.first()) else {
            continue;
        };
        let got = h
            .call(
                "zpa_get_scim_attribute",
                json!({"idp_id": idp_id, "attribute_id": id_of(attribute)}),
            )
            .await;
        assert_eq!(got["name"], attribute["name"]);
        let got = h
            .call("zpa_get_scim_group", json!({"group_id": id_of(group)}))
            .await;
        assert_eq!(got["name"], group["name"]);
        assert_eq!(id_of(&json!({"id": got["idpId"]})), idp_id);
        scim_seen = true;
        break;
    }
    assert!(
        scim_seen,
        "no identity provider of the demo tenant has SCIM data"
    );
    h.fails("zpa_list_scim_groups", json!({"idp_id": "1"}))
        .await;
}

async fn profiles(h: &Harness) {
    for (list, get, param) in [
        (
            "zpa_list_posture_profiles",
            "zpa_get_posture_profile",
            "profile_id",
        ),
        (
            "zpa_list_trusted_networks",
            "zpa_get_trusted_network",
            "network_id",
        ),
        (
            "zpa_list_app_protection_profiles",
            "zpa_get_app_protection_profile",
            "profile_id",
        ),
        (
            "zpa_list_isolation_profiles",
            "zpa_get_isolation_profile",
            "profile_id",
        ),
    ] {
        let items = h.items(list, json!({})).await;
        let last = items.last().unwrap_or_else(|| panic!("{list}: no items"));
        let id = id_of(last);
        let got = h.call(get, json!({param: id})).await;
        assert_eq!(id_of(&got), id, "{get}");
        assert_eq!(got["name"], last["name"], "{get}");
    }
    let id = h.first_id("zpa_list_isolation_profiles", json!({})).await;
    let url = h
        .call(
            "zpa_get_isolation_profile",
            json!({"profile_id": id, "query": "{url: isolationUrl}"}),
        )
        .await;
    assert!(
        url["url"]
            .as_str()
            .is_some_and(|u| u.starts_with("https://")),
        "{url}"
    );
    let missing = h
        .fails("zpa_get_isolation_profile", json!({"profile_id": "42"}))
        .await;
    assert!(missing.contains("42"), "{missing}");
}

async fn lss(h: &Harness) {
    let configs = h.items("zpa_list_lss_configs", json!({})).await;
    let id = id_of(&configs[0]);
    let got = h
        .call("zpa_get_lss_config", json!({"lss_config_id": id}))
        .await;
    assert_eq!(id_of(&got), id);
    assert!(got["config"]["lssHost"].is_string(), "{got}");

    let types = h.call("zpa_list_lss_log_types", json!({})).await;
    assert!(types["zpn_trans_log"]["csv"].is_string(), "{types}");
    let format = h
        .call(
            "zpa_get_lss_log_format",
            json!({"log_type": "zpn_auth_log"}),
        )
        .await;
    assert!(
        format["json"]
            .as_str()
            .is_some_and(|f| f.contains("Username")),
        "{format}"
    );
    let refused = h
        .fails(
            "zpa_get_lss_log_format",
            json!({"log_type": "user_activity"}),
        )
        .await;
    assert!(refused.contains("zpn_trans_log"), "{refused}");

    let codes = h.call("zpa_list_lss_status_codes", json!({})).await;
    assert!(codes["zpn_trans_log"].is_object(), "{codes}");
    let clients = h.call("zpa_list_lss_client_types", json!({})).await;
    assert_eq!(clients["zpn_client_type_zapp"], "Client Connector");
}
