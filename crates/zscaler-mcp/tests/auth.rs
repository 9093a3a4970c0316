//! Client authentication through the binary over real HTTP: fail-closed start-up, api-key and
//! zscaler modes (against the demo tenant's ZIdentity), the principal in the audit trail, and
//! no secret in any log at any level.

mod common;

use std::io::Read;
use std::process::Stdio;
use std::time::Duration;

use common::{ACCEPT_BOTH, HttpServer, http, initialize, zscaler_mcp};
use serde_json::{Value, json};

const KEY_ONE: &str = "k1-2f9c1d7e5b3a48c6a0e1";
const KEY_TWO: &str = "k2-77d0b4f1c9e24a3b8d6f";

async fn post(server: &HttpServer, body: &Value, headers: &[(&str, &str)]) -> reqwest::Response {
    post_to(&server.url("/mcp"), body, headers).await
}

async fn post_to(url: &str, body: &Value, headers: &[(&str, &str)]) -> reqwest::Response {
    let mut request = http()
        .post(url)
        .header("content-type", "application/json")
        .header("accept", ACCEPT_BOTH)
        .body(body.to_string());
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    request.send().await.unwrap()
}

fn start_with_env(env: &[(&str, &str)], extra: &[&str]) -> HttpServer {
    // HttpServer::start inherits the environment; set it for this child only.
    let mut args = vec!["--port", "0"];
    args.extend_from_slice(extra);
    HttpServer::start_env(&args, env)
}

#[test]
fn an_http_server_without_any_authentication_method_does_not_start() {
    let mut child = zscaler_mcp()
        .args(["--transport", "streamable-http", "--port", "0"])
        .env_remove("ZSCALER_MCP_AUTH_MODE")
        .env_remove("ZSCALER_MCP_AUTH_API_KEY")
        .env_remove("ZSCALER_MCP_AUTH_JWKS_URI")
        .env_remove("ZSCALER_VANITY_DOMAIN")
        .env_remove("ZSCALER_CLIENT_ID")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    while child.try_wait().unwrap().is_none() {
        assert!(std::time::Instant::now() < deadline, "it kept running");
        std::thread::sleep(Duration::from_millis(50));
    }
    let output = child.wait_with_output().unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    for option in [
        "ZSCALER_MCP_AUTH_JWKS_URI",
        "ZSCALER_MCP_AUTH_API_KEY",
        "ZSCALER_MCP_AUTH_MODE=none",
    ] {
        assert!(stderr.contains(option), "{option} not offered: {stderr}");
    }
    assert!(!String::from_utf8_lossy(&output.stdout).contains("listening"));
}

#[test]
fn passthrough_is_refused_rather_than_served_from_the_wrong_tenant() {
    let output = zscaler_mcp()
        .args(["--demo", "--transport", "streamable-http", "--port", "0"])
        .env("ZSCALER_MCP_AUTH_MODE", "zscaler")
        .env("ZSCALER_VANITY_DOMAIN", "demo")
        .env("ZSCALER_MCP_AUTH_PASSTHROUGH", "true")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("ZSCALER_MCP_AUTH_PASSTHROUGH"), "{stderr}");
}

#[tokio::test]
async fn api_keys_admit_their_holders_and_name_them_in_the_audit_trail() {
    let dir = std::env::temp_dir().join(format!("zscaler-mcp-auth-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let audit = dir.join("audit.jsonl");
    let _ = std::fs::remove_file(&audit);
    let keys = format!("{KEY_ONE},{KEY_TWO}");
    let server = start_with_env(
        &[("ZSCALER_MCP_AUTH_API_KEY", &keys)],
        &[
            "--demo",
            "--stateless",
            "--audit-log",
            audit.to_str().unwrap(),
        ],
    );
    let call = json!({"jsonrpc": "2.0", "id": 1, "method": "tools/call",
        "params": {"name": "zia_get_activation_status", "arguments": {}}});

    let refused = post(&server, &call, &[]).await;
    assert_eq!(refused.status(), 401);
    let challenge = refused.headers()["www-authenticate"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(challenge.starts_with("Bearer"), "{challenge}");
    let body: Value = refused.json().await.unwrap();
    assert_eq!(body["error"]["code"], -32001);

    let wrong = post(&server, &call, &[("x-api-key", "k1-guess")]).await;
    assert_eq!(wrong.status(), 401);
    let text = wrong.text().await.unwrap();
    assert!(
        !text.contains("k1-guess"),
        "a refusal must not echo the key: {text}"
    );

    let bearer = format!("Bearer {KEY_TWO}");
    for headers in [
        [("x-api-key", KEY_ONE)],
        [("authorization", bearer.as_str())],
    ] {
        let answer = post(&server, &call, &headers).await;
        assert_eq!(answer.status(), 200);
        let answer: Value = answer.json().await.unwrap();
        assert_eq!(answer["result"]["isError"], json!(false), "{answer}");
    }
    // Health needs no key.
    assert_eq!(
        http()
            .get(server.url("/health"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );

    let mut callers = Vec::new();
    for _ in 0..50 {
        let text = std::fs::read_to_string(&audit).unwrap_or_default();
        callers = text
            .lines()
            .map(|l| serde_json::from_str::<Value>(l).unwrap()["caller"].clone())
            .collect();
        if callers.len() >= 2 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(callers, vec![json!("api-key#1"), json!("api-key#2")]);
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn zscaler_mode_checks_client_credentials_with_zidentity() {
    let server = start_with_env(
        &[
            ("ZSCALER_MCP_AUTH_MODE", "zscaler"),
            ("ZSCALER_VANITY_DOMAIN", "demo"),
        ],
        &["--demo"],
    );
    let init = initialize("2025-11-25");
    let refused = post(&server, &init, &[]).await;
    assert_eq!(refused.status(), 401);
    assert!(
        refused.headers()["www-authenticate"]
            .to_str()
            .unwrap()
            .starts_with("Basic")
    );
    let wrong = post(
        &server,
        &init,
        &[
            ("x-zscaler-client-id", zscaler_emulator::DEMO_CLIENT_ID),
            ("x-zscaler-client-secret", "not-the-secret"),
        ],
    )
    .await;
    assert_eq!(wrong.status(), 401);
    let basic = format!(
        "Basic {}",
        base64_encode(&format!(
            "{}:{}",
            zscaler_emulator::DEMO_CLIENT_ID,
            zscaler_emulator::DEMO_CLIENT_SECRET
        ))
    );
    let admitted = post(&server, &init, &[("authorization", &basic)]).await;
    assert_eq!(admitted.status(), 200);
    assert!(admitted.headers().contains_key("mcp-session-id"));
}

/// Every secret the test sends or configures, and none of them in any output at TRACE level.
#[tokio::test]
async fn no_secret_reaches_any_log_at_any_level() {
    let basic_secret = "basic-secret-5f1e0c9a";
    let jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJtYWxsb3J5In0.c2lnbmF0dXJlLXNlY3JldA";
    let argument_secret = "argument-secret-90ab";
    let mut child = zscaler_mcp()
        .args([
            "--demo",
            "--transport",
            "streamable-http",
            "--port",
            "0",
            "--debug",
        ])
        .args(["--audit-log", "stderr", "--stateless"])
        .env("RUST_LOG", "trace")
        .env("ZSCALER_MCP_AUTH_API_KEY", KEY_ONE)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = Vec::new();
    let mut byte = [0u8; 1];
    // Read the listening line byte by byte, leaving the rest of stdout for the check below.
    while !first.ends_with(b"\n") {
        assert_eq!(stdout.read(&mut byte).unwrap(), 1, "the server exited");
        first.push(byte[0]);
    }
    let line = String::from_utf8(first.clone()).unwrap();
    let url = line
        .trim()
        .strip_prefix("zscaler-mcp listening on ")
        .unwrap()
        .to_owned();
    let call = |args: Value| {
        json!({"jsonrpc": "2.0", "id": 1, "method": "tools/call",
            "params": {"name": "zia_list_locations", "arguments": args}})
    };
    let basic = format!(
        "Basic {}",
        base64_encode(&format!("someone:{basic_secret}"))
    );
    let bearer_jwt = format!("Bearer {jwt}");
    post_to(&url, &call(json!({})), &[("authorization", &basic)]).await;
    post_to(&url, &call(json!({})), &[("authorization", &bearer_jwt)]).await;
    post_to(&url, &call(json!({})), &[("x-api-key", "wrong-key-value")]).await;
    let answered = post_to(
        &url,
        &call(json!({"client_secret": argument_secret})),
        &[("x-api-key", KEY_ONE)],
    )
    .await;
    assert_eq!(answered.status(), 200);
    post_to(
        &url,
        &call(json!({"page_size": 1})),
        &[("x-api-key", KEY_ONE)],
    )
    .await;

    let _ = child.kill();
    let output = child.wait_with_output().unwrap();
    let mut logs = String::from_utf8_lossy(&output.stderr).into_owned();
    let mut rest = String::new();
    stdout.read_to_string(&mut rest).unwrap();
    logs.push_str(&rest);
    assert!(
        logs.contains("TRACE") || logs.contains("DEBUG"),
        "logging was not verbose"
    );
    assert!(
        logs.contains("\"tool\":\"zia_list_locations\""),
        "no audit lines"
    );
    for secret in [
        KEY_ONE,
        basic_secret,
        jwt,
        "c2lnbmF0dXJlLXNlY3JldA",
        argument_secret,
        "wrong-key-value",
    ] {
        assert!(!logs.contains(secret), "{secret} appeared in the logs");
    }
    let encoded_basic = basic.trim_start_matches("Basic ");
    assert!(
        !logs.contains(encoded_basic),
        "the Basic header appeared in the logs"
    );
}

fn base64_encode(text: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(text)
}
