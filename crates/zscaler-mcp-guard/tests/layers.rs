//! The guard's layers over real HTTP on 127.0.0.1: each refusal path, the order of the checks,
//! and that health probes pass a locked-down server.

use std::net::SocketAddr;
use std::num::NonZeroU32;
use std::time::Duration;

use axum::Router;
use axum::extract::Request;
use axum::routing::{get, post};
use serde_json::Value;
use zscaler_mcp_auth::{AuthMode, AuthSettings, Authenticator, Secret};
use zscaler_mcp_guard::{ClientAddr, GuardSettings, HostAllowlist, NetList, OriginPolicy, protect};

struct Served {
    base: String,
}

const KEY_ALICE: &str = "alice-key-0123456789abcdef";
const KEY_BOB: &str = "bob-key-0123456789abcdef";

/// Serves a tiny app behind the guard, with API-key authentication when `authenticate`.
async fn serve_with(settings: GuardSettings, authenticate: bool) -> Served {
    let app = Router::new()
        .route("/health", get(|| async { "ok" }))
        .route(
            "/mcp",
            post(|request: Request| async move {
                let addr = request
                    .extensions()
                    .get::<ClientAddr>()
                    .map(|a| a.0.to_string());
                addr.unwrap_or_default()
            }),
        );
    let auth = if authenticate {
        let settings = AuthSettings::new(AuthMode::ApiKey(vec![
            Secret::new(KEY_ALICE),
            Secret::new(KEY_BOB),
        ]));
        Some(
            Authenticator::new(settings, reqwest::Client::new())
                .await
                .unwrap(),
        )
    } else {
        None
    };
    let app = protect(app, settings, auth);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        axum::serve(
            listener,
            app.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await
        .unwrap();
    });
    Served {
        base: format!("http://{addr}"),
    }
}

async fn serve(settings: GuardSettings) -> Served {
    serve_with(settings, true).await
}

fn alice() -> (&'static str, &'static str) {
    ("x-api-key", KEY_ALICE)
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap()
}

async fn post_mcp(served: &Served, headers: &[(&str, &str)]) -> (u16, String) {
    let mut request = client().post(format!("{}/mcp", served.base)).body("{}");
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.text().await.unwrap())
}

fn error_message(body: &str) -> String {
    let value: Value = serde_json::from_str(body).unwrap();
    assert_eq!(value["jsonrpc"], "2.0");
    value["error"]["message"].as_str().unwrap().to_owned()
}

fn hosts(patterns: &[&str]) -> Option<HostAllowlist> {
    Some(HostAllowlist::parse(patterns).unwrap())
}

fn nets(items: &[&str]) -> NetList {
    NetList::parse("TEST", items).unwrap()
}

#[tokio::test]
async fn a_forged_host_is_misdirected_but_health_still_answers() {
    let served = serve(GuardSettings {
        allowed_hosts: hosts(&["mcp.acme.com"]),
        ..GuardSettings::default()
    })
    .await;
    let (status, body) = post_mcp(&served, &[("host", "attacker.example")]).await;
    assert_eq!(status, 421);
    let message = error_message(&body);
    assert!(
        message.contains("attacker.example") && message.contains("DNS rebinding"),
        "{message}"
    );
    // 421, not 401: the Host check runs before authentication.

    let (status, _) = post_mcp(&served, &[("host", "mcp.acme.com:8443"), alice()]).await;
    assert_eq!(status, 200);

    let health = client()
        .get(format!("{}/health", served.base))
        .header("host", "attacker.example")
        .send()
        .await
        .unwrap();
    assert_eq!(health.status(), 200);
}

#[tokio::test]
async fn a_disallowed_origin_is_forbidden_and_an_allowed_one_gets_cors() {
    let served = serve(GuardSettings {
        allowed_origins: OriginPolicy::parse(&["https://app.example.com"], false).unwrap(),
        ..GuardSettings::default()
    })
    .await;
    let (status, body) = post_mcp(&served, &[("origin", "https://evil.example")]).await;
    assert_eq!(status, 403);
    assert!(error_message(&body).contains("https://evil.example"));

    // No Origin at all: a desktop client, not a browser.
    let (status, _) = post_mcp(&served, &[alice()]).await;
    assert_eq!(status, 200);

    let preflight = client()
        .request(reqwest::Method::OPTIONS, format!("{}/mcp", served.base))
        .header("origin", "https://app.example.com")
        .header("access-control-request-method", "POST")
        .header(
            "access-control-request-headers",
            "content-type, mcp-session-id, authorization",
        )
        .send()
        .await
        .unwrap();
    assert!(preflight.status().is_success(), "{}", preflight.status());
    let headers = preflight.headers();
    assert_eq!(
        headers["access-control-allow-origin"],
        "https://app.example.com"
    );
    let allowed = headers["access-control-allow-headers"].to_str().unwrap();
    assert!(
        allowed.contains("mcp-session-id") && allowed.contains("authorization"),
        "{allowed}"
    );
    // Preflights carry no credentials: answered here, they never meet authentication.

    let response = client()
        .post(format!("{}/mcp", served.base))
        .header("origin", "https://app.example.com")
        .header("x-api-key", KEY_ALICE)
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["access-control-allow-origin"],
        "https://app.example.com"
    );
    let exposed = response.headers()["access-control-expose-headers"]
        .to_str()
        .unwrap();
    assert!(exposed.contains("mcp-session-id"), "{exposed}");
}

#[tokio::test]
async fn the_source_ip_acl_refuses_before_authentication() {
    let served = serve(GuardSettings {
        allowed_source_ips: Some(nets(&["203.0.113.0/24", "2001:db8::/32"])),
        ..GuardSettings::default()
    })
    .await;
    let (status, body) = post_mcp(&served, &[]).await;
    assert_eq!(status, 403);
    assert!(
        error_message(&body).contains("source IP 127.0.0.1"),
        "{body}"
    );
    // 403 without a credential, not 401: the address is checked before authentication.
    let health = client()
        .get(format!("{}/health", served.base))
        .send()
        .await
        .unwrap();
    assert_eq!(health.status(), 200);

    let served = serve(GuardSettings {
        allowed_source_ips: Some(nets(&["127.0.0.1"])),
        ..GuardSettings::default()
    })
    .await;
    assert_eq!(post_mcp(&served, &[alice()]).await.0, 200);
    assert_eq!(post_mcp(&served, &[]).await.0, 401);
}

#[tokio::test]
async fn forwarded_for_counts_only_from_a_trusted_proxy() {
    // The test client (127.0.0.1) is not a trusted proxy: its X-Forwarded-For is a spoof.
    let untrusted = serve(GuardSettings {
        allowed_source_ips: Some(nets(&["203.0.113.0/24"])),
        trusted_proxies: nets(&["10.0.0.0/8"]),
        ..GuardSettings::default()
    })
    .await;
    let (status, body) = post_mcp(&untrusted, &[("x-forwarded-for", "203.0.113.9")]).await;
    assert_eq!(status, 403);
    assert!(error_message(&body).contains("127.0.0.1"));

    // Now it is (it stands in for a load balancer): the forwarded client is checked.
    let trusted = serve(GuardSettings {
        allowed_source_ips: Some(nets(&["203.0.113.0/24"])),
        trusted_proxies: nets(&["127.0.0.1"]),
        ..GuardSettings::default()
    })
    .await;
    let (status, body) = post_mcp(
        &trusted,
        &[("x-forwarded-for", "198.51.100.1, 203.0.113.9"), alice()],
    )
    .await;
    assert_eq!((status, body.as_str()), (200, "203.0.113.9"));
    let (status, body) = post_mcp(
        &trusted,
        &[("x-forwarded-for", "203.0.113.9, 198.51.100.1")],
    )
    .await;
    assert_eq!(
        status, 403,
        "the nearest untrusted hop is the client, not the leftmost"
    );
    assert!(error_message(&body).contains("198.51.100.1"));
    let (status, body) = post_mcp(&trusted, &[("x-forwarded-for", "garbage")]).await;
    assert_eq!(status, 400);
    assert!(error_message(&body).contains("garbage"));
}

#[tokio::test]
async fn each_caller_is_rate_limited_on_its_own_with_retry_after() {
    let served = serve(GuardSettings {
        rate_limit_per_minute: NonZeroU32::new(3),
        ..GuardSettings::default()
    })
    .await;
    for _ in 0..3 {
        assert_eq!(post_mcp(&served, &[alice()]).await.0, 200);
    }
    let response = client()
        .post(format!("{}/mcp", served.base))
        .header("x-api-key", KEY_ALICE)
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 429);
    let retry: u64 = response.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=20).contains(&retry), "Retry-After {retry}");
    let message = error_message(&response.text().await.unwrap());
    assert!(message.contains("3 requests per minute"), "{message}");

    // Another caller from the same address has its own budget; health is never limited.
    assert_eq!(
        post_mcp(&served, &[("authorization", &format!("Bearer {KEY_BOB}"))])
            .await
            .0,
        200
    );
    for _ in 0..5 {
        let health = client()
            .get(format!("{}/health", served.base))
            .send()
            .await
            .unwrap();
        assert_eq!(health.status(), 200);
    }
    // Without authentication, callers are told apart by address.
    let open = serve_with(
        GuardSettings {
            rate_limit_per_minute: NonZeroU32::new(3),
            ..GuardSettings::default()
        },
        false,
    )
    .await;
    for _ in 0..3 {
        assert_eq!(post_mcp(&open, &[]).await.0, 200);
    }
    assert_eq!(post_mcp(&open, &[]).await.0, 429);
}
