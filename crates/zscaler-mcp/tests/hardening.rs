//! The HTTP transports' defences, end to end through the binary: start-up refusals of unsafe
//! configurations, and each rejection path over real HTTP on 127.0.0.1.

mod common;

use std::process::Stdio;
use std::time::Duration;

use common::{ACCEPT_BOTH, HttpServer, Session, http, initialize, zscaler_mcp};
use serde_json::{Value, json};

/// Runs the binary expecting it to refuse to start; returns its stderr.
fn refused(args: &[&str], env: &[(&str, &str)]) -> String {
    let mut command = zscaler_mcp();
    command
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (key, value) in env {
        command.env(key, value);
    }
    let child = command.spawn().unwrap();
    let output = wait_with_timeout(child, Duration::from_secs(30));
    assert!(
        !output.status.success(),
        "the server started: {args:?} {env:?}"
    );
    assert!(
        !String::from_utf8_lossy(&output.stdout).contains("listening on"),
        "it must not listen before refusing"
    );
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn wait_with_timeout(mut child: std::process::Child, limit: Duration) -> std::process::Output {
    let deadline = std::time::Instant::now() + limit;
    while child.try_wait().unwrap().is_none() {
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("the server neither started nor refused within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    child.wait_with_output().unwrap()
}

#[test]
fn plain_http_on_a_public_address_is_refused_with_both_ways_out() {
    let stderr = refused(
        &[
            "--demo",
            "--transport",
            "streamable-http",
            "--host",
            "0.0.0.0",
            "--port",
            "0",
        ],
        &[("ZSCALER_MCP_ALLOWED_HOSTS", "mcp.example.com")],
    );
    assert!(stderr.contains("ZSCALER_MCP_TLS_CERTFILE"), "{stderr}");
    assert!(stderr.contains("ZSCALER_MCP_ALLOW_HTTP=true"), "{stderr}");
}

#[test]
fn a_wildcard_bind_without_a_host_allowlist_is_refused() {
    let stderr = refused(
        &[
            "--demo",
            "--transport",
            "streamable-http",
            "--host",
            "0.0.0.0",
            "--port",
            "0",
        ],
        &[("ZSCALER_MCP_ALLOW_HTTP", "true")],
    );
    assert!(stderr.contains("ZSCALER_MCP_ALLOWED_HOSTS"), "{stderr}");
    assert!(
        stderr.contains("ZSCALER_MCP_DISABLE_HOST_VALIDATION"),
        "{stderr}"
    );
}

#[test]
fn bad_network_settings_name_the_variable() {
    for (var, value) in [
        ("ZSCALER_MCP_ALLOWED_SOURCE_IPS", "10.0.0.0/33"),
        ("ZSCALER_MCP_TRUSTED_PROXIES", "proxy.local"),
        ("ZSCALER_MCP_ALLOWED_ORIGINS", "app.example.com"),
        ("ZSCALER_MCP_ALLOWED_HOSTS", "mcp.example.com:https"),
    ] {
        let stderr = refused(
            &["--demo", "--transport", "streamable-http", "--port", "0"],
            &[(var, value)],
        );
        assert!(
            stderr.contains(var) && stderr.contains(value),
            "{var}: {stderr}"
        );
    }
    let stderr = refused(
        &["--demo", "--transport", "streamable-http", "--port", "0"],
        &[("ZSCALER_MCP_TLS_CERTFILE", "/nonexistent/cert.pem")],
    );
    assert!(stderr.contains("ZSCALER_MCP_TLS_KEYFILE"), "{stderr}");
}

async fn post_initialize(
    server: &HttpServer,
    headers: &[(&str, &str)],
) -> (u16, Value, reqwest::header::HeaderMap) {
    let mut request = http()
        .post(server.url("/mcp"))
        .header("content-type", "application/json")
        .header("accept", ACCEPT_BOTH)
        .body(initialize("2025-11-25").to_string());
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let body = response.text().await.unwrap();
    (
        status,
        serde_json::from_str(&body).unwrap_or(Value::Null),
        headers,
    )
}

#[tokio::test]
async fn a_forged_host_is_misdirected_on_every_transport() {
    let server = HttpServer::start_sse(&[]);
    let (status, body, _) = post_initialize(&server, &[("host", "rebind.attacker.example")]).await;
    assert_eq!(status, 421);
    let message = body["error"]["message"].as_str().unwrap();
    assert!(message.contains("rebind.attacker.example"), "{message}");

    let sse = http()
        .get(server.url("/sse"))
        .header("host", "rebind.attacker.example:8000")
        .send()
        .await
        .unwrap();
    assert_eq!(sse.status(), 421);
    // The names a local client uses still work, and health needs no Host at all.
    let (status, _, _) = post_initialize(&server, &[("host", "localhost:8000")]).await;
    assert_eq!(status, 200);
    let health = http()
        .get(server.url("/health"))
        .header("host", "rebind.attacker.example")
        .send()
        .await
        .unwrap();
    assert_eq!(health.status(), 200);
}

#[tokio::test]
async fn a_disallowed_browser_origin_is_forbidden() {
    let server = HttpServer::start(&["--allowed-origins", "https://console.example.com"]);
    let (status, body, _) = post_initialize(&server, &[("origin", "https://evil.example")]).await;
    assert_eq!(status, 403);
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("https://evil.example")
    );
    let (status, _, headers) =
        post_initialize(&server, &[("origin", "https://console.example.com")]).await;
    assert_eq!(status, 200);
    assert_eq!(
        headers["access-control-allow-origin"],
        "https://console.example.com"
    );
    assert!(headers.contains_key("mcp-session-id"));
    // A local tool's web UI on loopback is a loopback origin; a loopback server admits it.
    let (status, _, _) = post_initialize(&server, &[("origin", "http://localhost:6274")]).await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn one_caller_over_its_rate_gets_429_with_retry_after() {
    let server = HttpServer::start(&["--rate-limit", "5"]);
    let mut session = Session::open(&server).await; // initialize + initialized: two requests
    for _ in 0..3 {
        session.request("ping", json!({})).await;
    }
    let response = session
        .builder(&json!({"jsonrpc": "2.0", "id": 99, "method": "ping"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 429);
    let retry: u64 = response.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=12).contains(&retry), "Retry-After {retry}");
    let body: Value = response.json().await.unwrap();
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("5 requests per minute")
    );
    let health = http().get(server.url("/health")).send().await.unwrap();
    assert_eq!(health.status(), 200, "health probes are never rate limited");
}

#[tokio::test]
async fn sessions_beyond_the_limit_are_refused_until_one_closes() {
    let server = HttpServer::start(&["--max-sessions", "2"]);
    let first = Session::open(&server).await;
    let _second = Session::open(&server).await;
    let (status, body, headers) = post_initialize(&server, &[]).await;
    assert_eq!(status, 503);
    assert_eq!(headers["retry-after"], "5");
    let message = body["error"]["message"].as_str().unwrap();
    assert!(message.contains("ZSCALER_MCP_MAX_SESSIONS"), "{message}");
    // Requests in open sessions still work.
    let mut first = first;
    first.request("ping", json!({})).await;
    // Closing a session makes room.
    let closed = first
        .client
        .delete(&first.url)
        .header("mcp-session-id", &first.id)
        .send()
        .await
        .unwrap();
    assert!(closed.status().is_success());
    let mut opened = false;
    for _ in 0..50 {
        if post_initialize(&server, &[]).await.0 == 200 {
            opened = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(opened, "a closed session's slot was not given back");
}
