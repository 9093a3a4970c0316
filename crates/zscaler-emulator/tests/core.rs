//! Cross-product behaviour: tokens, the gateway 401, routing whatever the host, control API.

mod common;

use common::Tenant;
use serde_json::json;

#[tokio::test]
async fn api_paths_need_a_live_token() {
    let t = Tenant::demo().await;
    let resp = t.http.get(t.url("/zia/api/v1/users")).send().await.unwrap();
    assert_eq!(resp.status(), 401);
    let body: serde_json::Value = resp.json().await.unwrap();
    assert_eq!(
        body,
        json!({"detail": "unauthorized", "type": "", "title": "", "status": ""})
    );

    assert_eq!(t.get("/zia/api/v1/users").await.0, 200);
    t.emu.expire_tokens();
    assert_eq!(t.get("/zia/api/v1/users").await.0, 401);
}

#[tokio::test]
async fn token_endpoint_refuses_wrong_secret_and_wrong_audience() {
    let t = Tenant::demo().await;
    let wrong_secret = t
        .http
        .post(t.emu.token_url())
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", "emulator-client"),
            ("client_secret", "nope"),
            ("audience", "https://api.zscaler.com"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(wrong_secret.status(), 401);
    let body: serde_json::Value = wrong_secret.json().await.unwrap();
    assert_eq!(body["error"], "invalid_client");

    let wrong_audience = t
        .http
        .post(t.emu.token_url())
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", "emulator-client"),
            ("client_secret", "emulator-secret"),
            ("audience", "https://elsewhere"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(wrong_audience.status(), 400);
}

#[tokio::test]
async fn routes_by_path_whatever_the_host_header() {
    let t = Tenant::demo().await;
    for host in ["api.zsapi.net", "acme.zslogin.net", "anything.example"] {
        let resp = t
            .http
            .get(t.url("/zia/api/v1/status"))
            .header("host", host)
            .bearer_auth(&t.token)
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 200, "host {host}");
    }
}

#[tokio::test]
async fn gateway_headers_on_every_answer() {
    let t = Tenant::demo().await;
    let resp = t
        .http
        .get(t.url("/zia/api/v1/status"))
        .bearer_auth(&t.token)
        .send()
        .await
        .unwrap();
    assert!(resp.headers().contains_key("x-oneapi-request-id"));
    assert!(resp.headers().contains_key("x-ratelimit-limit"));
    assert_eq!(resp.headers()["server"], "Zscaler");
}

#[tokio::test]
async fn unknown_path_is_an_empty_404_and_wrong_method_a_405() {
    let t = Tenant::demo().await;
    assert_eq!(
        t.get("/zia/api/v1/noSuchThing").await,
        (404, serde_json::Value::Null)
    );
    assert_eq!(
        t.call(reqwest::Method::PATCH, "/zia/api/v1/status", None)
            .await
            .0,
        405
    );
}

#[tokio::test]
async fn request_log_records_the_wire_calls_without_secrets() {
    let t = Tenant::demo().await;
    t.get("/zia/api/v1/users?page=2&pageSize=5").await;
    let log = t.emu.requests();
    let token_call = log.iter().find(|r| r.path == "/oauth2/v1/token").unwrap();
    assert_eq!(token_call.body["client_secret"], "<redacted>");
    let users = log.iter().find(|r| r.path == "/zia/api/v1/users").unwrap();
    assert_eq!(users.query, "page=2&pageSize=5");
    assert!(users.authorized);
    assert_eq!(users.status, 200);
}

#[tokio::test]
async fn zpa_refuses_another_customers_path() {
    let t = Tenant::demo().await;
    let (status, body) = t
        .get("/zpa/mgmtconfig/v1/admin/customers/123/segmentGroup")
        .await;
    assert_eq!(status, 403);
    assert!(body["reason"].as_str().unwrap().contains("123"));
}

#[tokio::test]
async fn zia_writes_are_staged_until_activation() {
    let t = Tenant::demo().await;
    assert_eq!(t.get("/zia/api/v1/status").await.1["status"], "ACTIVE");
    let (status, created) = t
        .post("/zia/api/v1/groups", json!({"name": "Staged group"}))
        .await;
    assert_eq!(status, 200);
    assert!(created["id"].is_i64());
    assert_eq!(t.get("/zia/api/v1/status").await.1["status"], "PENDING");
    assert_eq!(
        t.post("/zia/api/v1/status/activate", json!({})).await.1["status"],
        "ACTIVE"
    );
    assert_eq!(t.get("/zia/api/v1/status").await.1["status"], "ACTIVE");
}

#[tokio::test]
async fn demo_tenant_is_deterministic_per_seed() {
    let a = Tenant::start(zscaler_emulator::EmulatorConfig::demo(7)).await;
    let b = Tenant::start(zscaler_emulator::EmulatorConfig::demo(7)).await;
    let c = Tenant::start(zscaler_emulator::EmulatorConfig::demo(8)).await;
    let page = "/zia/api/v1/users?pageSize=50";
    assert_eq!(a.get(page).await.1, b.get(page).await.1);
    assert_ne!(a.get(page).await.1, c.get(page).await.1);
}
