//! ZPA Browser Access certificates, PRA portals and PRA credentials.

use serde_json::json;

use crate::harness::{Harness, id_of};

const PEM: &str = "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUMcp\n-----END CERTIFICATE-----\n-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49\n-----END PRIVATE KEY-----\n";

pub async fn exercise(h: &Harness) {
    certificates(h).await;
    portals(h).await;
    credentials(h).await;
}

async fn certificates(h: &Harness) {
    let certs = h.items("zpa_list_ba_certificates", json!({})).await;
    let got = h
        .call(
            "zpa_get_ba_certificate",
            json!({"certificate_id": id_of(&certs[0])}),
        )
        .await;
    assert_eq!(got["name"], certs[0]["name"]);

    let created = h
        .call(
            "zpa_create_ba_certificate",
            json!({"name": "mcp.acme-demo.com", "cert_blob": PEM, "description": "tools test"}),
        )
        .await;
    let id = id_of(&created);
    let got = h
        .call("zpa_get_ba_certificate", json!({"certificate_id": id}))
        .await;
    assert_eq!(got["name"], "mcp.acme-demo.com");
    assert!(
        !got.to_string().contains("PRIVATE KEY"),
        "the key never comes back: {got}"
    );
    h.call("zpa_delete_ba_certificate", json!({"certificate_id": id}))
        .await;
    h.fails("zpa_get_ba_certificate", json!({"certificate_id": id}))
        .await;
}

async fn portals(h: &Harness) {
    let id = h.first_id("zpa_list_pra_portals", json!({})).await;
    let got = h.call("zpa_get_pra_portal", json!({"portal_id": id})).await;
    assert!(got["domain"].is_string(), "{got}");
    let cert = got["certificateId"]
        .as_str()
        .expect("portal certificate")
        .to_owned();

    let created = h
        .call(
            "zpa_create_pra_portal",
            json!({"name": "MCP Test Portal", "domain": "mcp-pra.acme-demo.com",
                   "certificate_id": cert, "enabled": true}),
        )
        .await;
    let id = id_of(&created);
    let got = h.call("zpa_get_pra_portal", json!({"portal_id": id})).await;
    assert_eq!(got["domain"], "mcp-pra.acme-demo.com");
    assert_eq!(got["certificateId"], cert.as_str());
    h.call(
        "zpa_update_pra_portal",
        json!({"portal_id": id, "user_notification": "Sessions are recorded.",
               "user_notification_enabled": true}),
    )
    .await;
    let got = h.call("zpa_get_pra_portal", json!({"portal_id": id})).await;
    assert_eq!(got["userNotification"], "Sessions are recorded.");
    assert_eq!(got["domain"], "mcp-pra.acme-demo.com");
    h.call("zpa_delete_pra_portal", json!({"portal_id": id}))
        .await;
    h.fails("zpa_get_pra_portal", json!({"portal_id": id}))
        .await;
}

async fn credentials(h: &Harness) {
    let id = h.first_id("zpa_list_pra_credentials", json!({})).await;
    let got = h
        .call("zpa_get_pra_credential", json!({"credential_id": id}))
        .await;
    assert!(got["credentialType"].is_string(), "{got}");

    let created = h
        .call(
            "zpa_create_pra_credential",
            json!({"name": "mcp-svc", "credential_type": "USERNAME_PASSWORD",
                   "user_name": "svc-mcp", "password": "Tr1cky-pass!"}),
        )
        .await;
    assert!(!created.to_string().contains("Tr1cky"), "{created}");
    let id = id_of(&created);
    let got = h
        .call("zpa_get_pra_credential", json!({"credential_id": id}))
        .await;
    assert_eq!(got["userName"], "svc-mcp");
    h.call(
        "zpa_update_pra_credential",
        json!({"credential_id": id, "description": "rotated by the tools test"}),
    )
    .await;
    let got = h
        .call("zpa_get_pra_credential", json!({"credential_id": id}))
        .await;
    assert_eq!(got["description"], "rotated by the tools test");
    assert_eq!(got["userName"], "svc-mcp");
    assert!(!got.to_string().contains("Tr1cky"), "{got}");
    h.call("zpa_delete_pra_credential", json!({"credential_id": id}))
        .await;
    h.fails("zpa_get_pra_credential", json!({"credential_id": id}))
        .await;
}
