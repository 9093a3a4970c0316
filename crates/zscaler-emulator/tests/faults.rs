//! Every fault kind over real HTTP, the control endpoint, and HTTPS under real host names.

mod common;

use std::time::{Duration, Instant};

use common::Tenant;
use serde_json::{Value, json};
use zscaler_emulator::{EmulatorConfig, FaultRule, TlsPem};

fn rule(spec: &str) -> FaultRule {
    FaultRule::parse_spec(spec).unwrap().remove(0)
}

#[tokio::test]
async fn rate_limit_faults_use_each_products_header_and_body() {
    let t = Tenant::demo().await;
    t.emu.add_fault(rule("429=4s@/zpa/*#1"));
    t.emu.add_fault(rule("429=1@/zia/*#1"));
    t.emu.add_fault(rule("429@/zcc/*#1"));

    let resp = t
        .http
        .get(t.url("/zpa/mgmtconfig/v1/admin/customers/{cid}/segmentGroup"))
        .bearer_auth(&t.token)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 429);
    assert_eq!(resp.headers()["retry-after"], "4s");
    let body: Value = resp.json().await.unwrap();
    assert_eq!(body["id"], "invalid.toomanyrequests");

    let resp = t
        .http
        .get(t.url("/zia/api/v1/users"))
        .bearer_auth(&t.token)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 429);
    assert_eq!(resp.headers()["retry-after"], "1");
    let body: Value = resp.json().await.unwrap();
    assert_eq!(body["Retry-After"], "1 seconds");

    let resp = t
        .http
        .get(t.url("/zcc/papi/public/v1/getDevices"))
        .bearer_auth(&t.token)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 429);
    assert!(
        resp.headers().get("retry-after").is_none(),
        "429 without Retry-After"
    );

    // Each rule fired once; the next calls are answered normally.
    assert_eq!(t.get("/zia/api/v1/users").await.0, 200);
}

#[tokio::test]
async fn status_faults_and_edit_lock_have_real_bodies() {
    let t = Tenant::demo().await;
    t.emu.add_fault(rule("500@GET /zia/api/v1/users#1"));
    let (status, body) = t.get("/zia/api/v1/users").await;
    assert_eq!(status, 500);
    assert_eq!(body["code"], "UNEXPECTED_ERROR");

    t.emu.add_fault(rule("503@*#1"));
    assert_eq!(t.get("/zia/api/v1/users").await.0, 503);

    t.emu.add_fault(rule("edit-lock@POST /zia/*#2"));
    for _ in 0..2 {
        let (status, body) = t
            .post("/zia/api/v1/groups", json!({"name": "Locked"}))
            .await;
        assert_eq!(
            (status, body),
            (409, json!({"code": "EDIT_LOCK_NOT_AVAILABLE"}))
        );
    }
    assert_eq!(
        t.post("/zia/api/v1/groups", json!({"name": "Locked"}))
            .await
            .0,
        200
    );
}

#[tokio::test]
async fn faults_match_by_method() {
    let t = Tenant::demo().await;
    t.emu.add_fault(rule("503@POST /zia/*"));
    assert_eq!(t.get("/zia/api/v1/groups").await.0, 200);
    assert_eq!(
        t.post("/zia/api/v1/groups", json!({"name": "x"})).await.0,
        503
    );
    t.emu.clear_faults();
    assert_eq!(
        t.post("/zia/api/v1/groups", json!({"name": "x"})).await.0,
        200
    );
}

#[tokio::test]
async fn latency_delays_then_answers() {
    let t = Tenant::demo().await;
    t.emu.add_fault(rule("latency=300@/zia/*#1"));
    let started = Instant::now();
    assert_eq!(t.get("/zia/api/v1/status").await.0, 200);
    assert!(started.elapsed() >= Duration::from_millis(300));
}

#[tokio::test]
async fn hang_never_answers_so_clients_time_out() {
    let t = Tenant::demo().await;
    t.emu.add_fault(rule("hang@/zia/api/v1/users#1"));
    let err = t
        .http
        .get(t.url("/zia/api/v1/users"))
        .bearer_auth(&t.token)
        .timeout(Duration::from_millis(300))
        .send()
        .await
        .unwrap_err();
    assert!(err.is_timeout(), "{err}");
    assert!(
        t.emu
            .requests()
            .iter()
            .any(|r| r.path == "/zia/api/v1/users"),
        "hung request is logged"
    );
}

#[tokio::test]
async fn reset_drops_the_connection_without_an_answer() {
    let t = Tenant::demo().await;
    t.emu.add_fault(rule("reset@/zia/*#1"));
    let err = t
        .http
        .get(t.url("/zia/api/v1/users"))
        .bearer_auth(&t.token)
        .timeout(Duration::from_secs(5))
        .send()
        .await
        .unwrap_err();
    assert!(!err.is_timeout(), "a reset is not a timeout: {err}");
    // The rule fired once: a new connection is served normally.
    assert_eq!(t.get("/zia/api/v1/status").await.0, 200);
}

#[tokio::test]
async fn expire_token_fault_invalidates_tokens_mid_session() {
    let t = Tenant::demo().await;
    assert_eq!(t.get("/zia/api/v1/status").await.0, 200);
    t.emu.add_fault(rule("expire-token@*#1"));
    let (status, body) = t.get("/zia/api/v1/status").await;
    assert_eq!(status, 401);
    assert_eq!(body["detail"], "unauthorized");
    // A fresh token works again.
    let fresh = Tenant {
        token: common::fetch_token(&t.http, &t.emu).await,
        ..t
    };
    assert_eq!(fresh.get("/zia/api/v1/status").await.0, 200);
}

#[tokio::test]
async fn short_token_lifetime_expires_tokens() {
    let mut config = EmulatorConfig::demo(1);
    config.token_ttl = Duration::from_secs(1);
    let t = Tenant::start(config).await;
    assert_eq!(t.get("/zia/api/v1/status").await.0, 200);
    tokio::time::sleep(Duration::from_millis(1100)).await;
    assert_eq!(t.get("/zia/api/v1/status").await.0, 401);
}

#[tokio::test]
async fn control_endpoint_takes_json_rules_and_specs() {
    let t = Tenant::demo().await;
    let control = format!("{}/__emulator/faults", t.emu.base_url());
    let added: Value = t
        .http
        .post(&control)
        .json(&json!([{"method": "GET", "path": "/zia/*", "kind": "status", "status": 502, "times": 1}]))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(added["added"], 1);
    assert_eq!(t.get("/zia/api/v1/status").await.0, 502);

    let resp = t
        .http
        .post(&control)
        .json(&json!({"spec": "504@*#1"}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    assert_eq!(t.get("/zia/api/v1/status").await.0, 504);

    let bad = t
        .http
        .post(&control)
        .json(&json!({"spec": "teapot@*"}))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 400);
    let why: Value = bad.json().await.unwrap();
    assert!(why["error"].as_str().unwrap().contains("teapot"));

    let log: Value = t
        .http
        .get(format!("{}/__emulator/requests", t.emu.base_url()))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let faulted: Vec<&Value> = log
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| !r["fault"].is_null())
        .collect();
    assert_eq!(faulted.len(), 2);
    assert!(
        log.as_array()
            .unwrap()
            .iter()
            .all(|r| !r["path"].as_str().unwrap().starts_with("/__emulator"))
    );
}

#[tokio::test]
async fn serves_https_under_the_real_host_names() {
    let cert = rcgen::generate_simple_self_signed(vec![
        "api.zsapi.net".to_owned(),
        "acme.zslogin.net".to_owned(),
    ])
    .unwrap();
    let mut config = EmulatorConfig::demo(1);
    config.tls = Some(TlsPem {
        cert_chain: cert.cert.pem().into_bytes(),
        private_key: cert.signing_key.serialize_pem().into_bytes(),
    });
    let emu = zscaler_emulator::spawn(config).await.unwrap();
    let root = reqwest::Certificate::from_pem(cert.cert.pem().as_bytes()).unwrap();
    let http = reqwest::Client::builder()
        .tls_certs_only([root])
        .resolve("api.zsapi.net", emu.addr())
        .resolve("acme.zslogin.net", emu.addr())
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    let port = emu.addr().port();
    let token: Value = http
        .post(format!("https://acme.zslogin.net:{port}/oauth2/v1/token"))
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", "emulator-client"),
            ("client_secret", "emulator-secret"),
            ("audience", "https://api.zscaler.com"),
        ])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let resp = http
        .get(format!("https://api.zsapi.net:{port}/zia/api/v1/status"))
        .bearer_auth(token["access_token"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
}

#[tokio::test]
async fn private_key_jwt_assertions_are_verified_when_a_key_is_registered() {
    let mut config = EmulatorConfig::demo(1);
    config.client.public_key_pem = Some(include_bytes!("data/client-pub.pem").to_vec());
    let t = Tenant::start(config).await;
    let good_key = include_bytes!("data/client-key.pem");
    let other_key = include_bytes!("data/other-key.pem");
    let now = jsonwebtoken::get_current_timestamp();
    let claims = |iss: &str, exp: u64| json!({"iss": iss, "sub": iss, "aud": "https://api.zscaler.com", "iat": now, "exp": exp});
    let cases = [
        (
            good_key.as_slice(),
            claims("emulator-client", now + 600),
            200,
        ),
        (
            other_key.as_slice(),
            claims("emulator-client", now + 600),
            401,
        ),
        (good_key.as_slice(), claims("someone-else", now + 600), 401),
        (
            good_key.as_slice(),
            claims("emulator-client", now - 120),
            401,
        ),
    ];
    for (key, claims, expected) in cases {
        let assertion = jsonwebtoken::encode(
            &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::RS256),
            &claims,
            &jsonwebtoken::EncodingKey::from_rsa_pem(key).unwrap(),
        )
        .unwrap();
        let resp = t
            .http
            .post(t.emu.token_url())
            .form(&[
                ("grant_type", "client_credentials"),
                ("client_id", "emulator-client"),
                ("client_assertion", assertion.as_str()),
                (
                    "client_assertion_type",
                    "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                ),
                ("audience", "https://api.zscaler.com"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status().as_u16(), expected, "claims {claims}");
    }
}
