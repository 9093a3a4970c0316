//! The guard's layers over real HTTP on 127.0.0.1: each refusal path, the order of the checks,
//! and that health probes pass a locked-down server.

use std::net::SocketAddr;
use std::num::NonZeroU32;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use axum::Router;
use axum::extract::Request;
use axum::middleware::{self, Next};
use axum::routing::{get, post};
use serde_json::Value;
use zscaler_mcp_guard::{
    CallerKey, ClientAddr, GuardSettings, HostAllowlist, NetList, OriginPolicy, protect,
};

struct Served {
    base: String,
    /// Requests that reached the authentication layer.
    authenticated: Arc<AtomicUsize>,
}

/// Serves a tiny app behind the guard. The stand-in authentication layer counts requests and
/// takes the caller's identity from `x-test-caller`.
async fn serve(settings: GuardSettings) -> Served {
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
    let authenticated = Arc::new(AtomicUsize::new(0));
    let counter = authenticated.clone();
    let app = protect(app, settings, move |app| {
        app.layer(middleware::from_fn(
            move |mut request: Request, next: Next| {
                let counter = counter.clone();
                async move {
                    counter.fetch_add(1, Ordering::SeqCst);
                    if let Some(caller) = request.headers().get("x-test-caller") {
                        let key = CallerKey(caller.to_str().unwrap().to_owned());
                        request.extensions_mut().insert(key);
                    }
                    next.run(request).await
                }
            },
        ))
    });
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
        authenticated,
    }
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
    assert_eq!(served.authenticated.load(Ordering::SeqCst), 0);

    let (status, _) = post_mcp(&served, &[("host", "mcp.acme.com:8443")]).await;
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
    let (status, _) = post_mcp(&served, &[]).await;
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
    // Preflights carry no credentials, so they must not reach authentication.
    let before = served.authenticated.load(Ordering::SeqCst);

    let response = client()
        .post(format!("{}/mcp", served.base))
        .header("origin", "https://app.example.com")
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
    assert_eq!(served.authenticated.load(Ordering::SeqCst), before + 1);
    assert_eq!(
        before, 1,
        "only the origin-less POST reached authentication before"
    );
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
    assert_eq!(served.authenticated.load(Ordering::SeqCst), 0);
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
    assert_eq!(post_mcp(&served, &[]).await.0, 200);
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
        &[("x-forwarded-for", "198.51.100.1, 203.0.113.9")],
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
        assert_eq!(
            post_mcp(&served, &[("x-test-caller", "alice")]).await.0,
            200
        );
    }
    let response = client()
        .post(format!("{}/mcp", served.base))
        .header("x-test-caller", "alice")
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
    assert_eq!(post_mcp(&served, &[("x-test-caller", "bob")]).await.0, 200);
    for _ in 0..5 {
        let health = client()
            .get(format!("{}/health", served.base))
            .send()
            .await
            .unwrap();
        assert_eq!(health.status(), 200);
    }
    // Without an authenticated identity, callers are told apart by address.
    for _ in 0..3 {
        assert_eq!(post_mcp(&served, &[]).await.0, 200);
    }
    assert_eq!(post_mcp(&served, &[]).await.0, 429);
}
