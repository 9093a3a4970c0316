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

#[path = "../../zscaler-mcp-http/tests/common/certs.rs"]
mod certs;

struct TlsFiles {
    dir: std::path::PathBuf,
}

impl TlsFiles {
    fn new(name: &str) -> TlsFiles {
        let dir =
            std::env::temp_dir().join(format!("zscaler-mcp-tls-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        TlsFiles { dir }
    }

    fn write(&self, name: &str, contents: &str) -> String {
        let path = self.dir.join(name);
        std::fs::write(&path, contents).unwrap();
        path.to_str().unwrap().to_owned()
    }
}

impl Drop for TlsFiles {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn https_client(
    server: &HttpServer,
    ca_pem: &str,
    identity: Option<&certs::Leaf>,
) -> reqwest::Client {
    let addr: std::net::SocketAddr = server.base.trim_start_matches("https://").parse().unwrap();
    let mut builder = reqwest::Client::builder()
        .tls_certs_only([reqwest::Certificate::from_pem(ca_pem.as_bytes()).unwrap()])
        .resolve("localhost", addr)
        .no_proxy()
        .timeout(Duration::from_secs(10));
    if let Some(leaf) = identity {
        let pem = format!("{}{}", leaf.cert_pem, leaf.key_pem());
        builder = builder.identity(reqwest::Identity::from_pem(pem.as_bytes()).unwrap());
    }
    builder.build().unwrap()
}

async fn https_initialize(
    client: &reqwest::Client,
    server: &HttpServer,
) -> Result<u16, reqwest::Error> {
    let port = server.base.rsplit(':').next().unwrap();
    let response = client
        .post(format!("https://localhost:{port}/mcp"))
        .header("content-type", "application/json")
        .header("accept", ACCEPT_BOTH)
        .body(initialize("2025-11-25").to_string())
        .send()
        .await?;
    Ok(response.status().as_u16())
}

#[tokio::test]
async fn mutual_tls_refuses_clients_without_a_trusted_certificate() {
    let ca = certs::Ca::new("zscaler-mcp test CA");
    let stranger = certs::Ca::new("some other CA");
    let server_leaf = ca.server("localhost");
    let files = TlsFiles::new("mtls");
    let cert = files.write("server.pem", &server_leaf.cert_pem);
    let key = files.write("server.key", &server_leaf.key_pem());
    let clients_ca = files.write("clients-ca.pem", &ca.pem);
    let server = HttpServer::start(&[
        "--tls-certfile",
        &cert,
        "--tls-keyfile",
        &key,
        "--tls-ca-certs",
        &clients_ca,
    ]);
    assert!(server.base.starts_with("https://"), "{}", server.base);

    let anonymous = https_client(&server, &ca.pem, None);
    assert!(
        https_initialize(&anonymous, &server).await.is_err(),
        "no client certificate"
    );
    let foreign = stranger.client("mallory");
    let impostor = https_client(&server, &ca.pem, Some(&foreign));
    assert!(
        https_initialize(&impostor, &server).await.is_err(),
        "a certificate from another CA"
    );
    let alice = ca.client("alice");
    let trusted = https_client(&server, &ca.pem, Some(&alice));
    assert_eq!(https_initialize(&trusted, &server).await.unwrap(), 200);
}

#[tokio::test]
async fn sighup_reloads_the_certificate_for_new_connections() {
    let old_ca = certs::Ca::new("old CA");
    let new_ca = certs::Ca::new("new CA");
    let files = TlsFiles::new("reload");
    let first = old_ca.server("localhost");
    let cert = files.write("server.pem", &first.cert_pem);
    let key = files.write("server.key", &first.key_pem());
    let server = HttpServer::start(&["--tls-certfile", &cert, "--tls-keyfile", &key]);
    let trusts_old = https_client(&server, &old_ca.pem, None);
    assert_eq!(https_initialize(&trusts_old, &server).await.unwrap(), 200);

    let second = new_ca.server("localhost");
    files.write("server.pem", &second.cert_pem);
    files.write("server.key", &second.key_pem());
    let hup = std::process::Command::new("kill")
        .args(["-HUP", &server.child.id().to_string()])
        .status()
        .unwrap();
    assert!(hup.success());
    let mut reloaded = false;
    for _ in 0..50 {
        let trusts_new = https_client(&server, &new_ca.pem, None);
        if matches!(https_initialize(&trusts_new, &server).await, Ok(200)) {
            reloaded = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(reloaded, "new connections never saw the new certificate");
    let fresh_old = https_client(&server, &old_ca.pem, None);
    assert!(https_initialize(&fresh_old, &server).await.is_err());
}

#[test]
fn unusable_certificates_stop_the_start_naming_the_variable() {
    let files = TlsFiles::new("garbage");
    let cert = files.write("server.pem", "not a certificate");
    let key = files.write("server.key", "not a key");
    let stderr = refused(
        &[
            "--demo",
            "--transport",
            "streamable-http",
            "--port",
            "0",
            "--tls-certfile",
            &cert,
            "--tls-keyfile",
            &key,
        ],
        &[],
    );
    assert!(
        stderr.contains("ZSCALER_MCP_TLS_CERTFILE") || stderr.contains("ZSCALER_MCP_TLS_KEYFILE"),
        "{stderr}"
    );
}

#[tokio::test]
async fn the_source_allowlist_believes_forwarded_for_only_from_trusted_proxies() {
    let direct = HttpServer::start(&["--allowed-source-ips", "203.0.113.0/24,2001:db8::/32"]);
    let (status, body, _) = post_initialize(&direct, &[]).await;
    assert_eq!(status, 403);
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("127.0.0.1"),
        "{body}"
    );
    // A client that is not a trusted proxy cannot talk its way in with the header.
    let (status, _, _) = post_initialize(&direct, &[("x-forwarded-for", "203.0.113.5")]).await;
    assert_eq!(status, 403);
    let health = http().get(direct.url("/health")).send().await.unwrap();
    assert_eq!(health.status(), 200);

    let behind_proxy = HttpServer::start(&[
        "--allowed-source-ips",
        "203.0.113.0/24",
        "--trusted-proxies",
        "127.0.0.1",
    ]);
    let (status, _, _) =
        post_initialize(&behind_proxy, &[("x-forwarded-for", "203.0.113.5")]).await;
    assert_eq!(status, 200);
    let (status, _, _) =
        post_initialize(&behind_proxy, &[("x-forwarded-for", "198.51.100.7")]).await;
    assert_eq!(status, 403);
}
