//! Client authentication through the binary over real HTTP: fail-closed start-up, api-key and
//! zscaler modes (against the demo tenant's ZIdentity), the principal in the audit trail, and
//! no secret in any log at any level.

mod common;
#[path = "../../zscaler-mcp-auth/tests/common/idp.rs"]
mod idp;

use std::io::Read;
use std::process::Stdio;
use std::time::Duration;

use common::{ACCEPT_BOTH, HttpServer, SseEvents, http, initialize, zscaler_mcp};
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
fn passthrough_without_zscaler_authentication_is_refused() {
    // api-key callers bring no OneAPI credentials: they would be served from the server's
    // own tenant.
    let output = zscaler_mcp()
        .args(["--demo", "--transport", "streamable-http", "--port", "0"])
        .env("ZSCALER_MCP_AUTH_API_KEY", KEY_ONE)
        .env("ZSCALER_MCP_AUTH_PASSTHROUGH", "true")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("ZSCALER_MCP_AUTH_PASSTHROUGH=true needs zscaler"),
        "{stderr}"
    );
}

/// A server with no credentials of its own serves a tenant only to callers that bring that
/// tenant's credentials, and its calls are made with them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn passthrough_runs_tool_calls_with_the_callers_own_credentials() {
    let tenant = zscaler_emulator::spawn(zscaler_emulator::EmulatorConfig::demo(7))
        .await
        .unwrap();
    let token_url = tenant.token_url();
    let base_url = tenant.base_url();
    let server = start_with_env(
        &[
            ("ZSCALER_CLIENT_ID", ""),
            ("ZSCALER_CLIENT_SECRET", ""),
            ("ZSCALER_CUSTOMER_ID", ""),
            ("ZSCALER_MCP_AUTH_MODE", "zscaler"),
            ("ZSCALER_MCP_AUTH_PASSTHROUGH", "true"),
            ("ZSCALER_VANITY_DOMAIN", "acme"),
            ("ZSCALER_MCP_TOKEN_URL", &token_url),
            ("ZSCALER_MCP_API_BASE_URL", &base_url),
        ],
        &["--stateless"],
    );
    let call = |name: &str| {
        json!({"jsonrpc": "2.0", "id": 1, "method": "tools/call",
            "params": {"name": name, "arguments": {}}})
    };
    let basic = format!(
        "Basic {}",
        base64_encode(&format!(
            "{}:{}",
            zscaler_emulator::DEMO_CLIENT_ID,
            zscaler_emulator::DEMO_CLIENT_SECRET
        ))
    );

    let anonymous = post(&server, &call("zia_get_activation_status"), &[]).await;
    assert_eq!(anonymous.status(), 401);
    let wrong = format!(
        "Basic {}",
        base64_encode(&format!("{}:guess", zscaler_emulator::DEMO_CLIENT_ID))
    );
    let refused = post(
        &server,
        &call("zia_get_activation_status"),
        &[("authorization", &wrong)],
    )
    .await;
    assert_eq!(refused.status(), 401);

    let answer: Value = post(
        &server,
        &call("zia_get_activation_status"),
        &[("authorization", &basic)],
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(answer["result"]["isError"], json!(false), "{answer}");
    assert!(
        answer["result"]["content"][0]["text"]
            .as_str()
            .unwrap()
            .contains("ACTIVE"),
        "{answer}"
    );

    // ZPA paths embed the caller's tenant, sent as X-Zscaler-Customer-Id.
    let segments: Value = post(
        &server,
        &call("zpa_list_segment_groups"),
        &[
            ("authorization", &basic),
            ("x-zscaler-customer-id", zscaler_emulator::DEMO_CUSTOMER_ID),
        ],
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(segments["result"]["isError"], json!(false), "{segments}");

    // The server has no credentials: every API call it made carried a token issued for the
    // caller's, and ZPA's path named the caller's tenant.
    let requests = tenant.requests();
    assert!(
        requests
            .iter()
            .any(|r| r.path.contains("/zia/api/v1/status")),
        "{requests:?}"
    );
    assert!(
        requests.iter().any(|r| r.path.contains(&format!(
            "/customers/{}/segmentGroup",
            zscaler_emulator::DEMO_CUSTOMER_ID
        ))),
        "{requests:?}"
    );
    for request in &requests {
        if request.path.ends_with("/oauth2/v1/token") {
            assert_eq!(request.body["client_id"], zscaler_emulator::DEMO_CLIENT_ID);
        } else {
            assert!(request.authorized, "{request:?}");
        }
    }
    tenant.shutdown().await;
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

/// Bearer JWTs from a local identity provider's JWKS: a valid one is admitted and named in the
/// audit trail; expired, wrong-audience and unsigned ones are refused with a Bearer challenge.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn jwt_mode_admits_tokens_signed_by_the_identity_provider() {
    let key = idp::SigningKey::rsa("k1");
    let provider = idp::Idp::start(&[&key]).await;
    let dir = std::env::temp_dir().join(format!("zscaler-mcp-jwt-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let audit = dir.join("audit.jsonl");
    let _ = std::fs::remove_file(&audit);
    let jwks = provider.jwks_uri().to_string();
    let issuer = provider.issuer();
    let server = start_with_env(
        &[
            ("ZSCALER_MCP_AUTH_JWKS_URI", &jwks),
            ("ZSCALER_MCP_AUTH_ISSUER", &issuer),
            ("ZSCALER_MCP_AUTH_AUDIENCE", "zscaler-mcp-test"),
        ],
        &[
            "--demo",
            "--stateless",
            "--audit-log",
            audit.to_str().unwrap(),
        ],
    );
    let call = json!({"jsonrpc": "2.0", "id": 1, "method": "tools/call",
        "params": {"name": "zia_get_activation_status", "arguments": {}}});
    let bearer = |token: String| format!("Bearer {token}");

    let good = bearer(key.sign(&idp::claims("alice", &issuer, "zscaler-mcp-test")));
    let answer = post(&server, &call, &[("authorization", &good)]).await;
    assert_eq!(answer.status(), 200);
    let answer: Value = answer.json().await.unwrap();
    assert_eq!(answer["result"]["isError"], json!(false), "{answer}");

    let mut expired = idp::claims("alice", &issuer, "zscaler-mcp-test");
    expired["exp"] = json!(idp::now() - 600);
    let other_audience = idp::claims("alice", &issuer, "another-service");
    let unsigned = idp::raw_token(
        &json!({"alg": "none", "kid": "k1"}),
        &idp::claims("mallory", &issuer, "zscaler-mcp-test"),
        b"",
    );
    for token in [key.sign(&expired), key.sign(&other_audience), unsigned] {
        let refused = post(&server, &call, &[("authorization", &bearer(token))]).await;
        assert_eq!(refused.status(), 401);
        let challenge = refused.headers()["www-authenticate"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(
            challenge.starts_with("Bearer") && challenge.contains("invalid_token"),
            "{challenge}"
        );
    }

    let mut record = Value::Null;
    for _ in 0..50 {
        let text = std::fs::read_to_string(&audit).unwrap_or_default();
        if let Some(line) = text.lines().next() {
            record = serde_json::from_str(line).unwrap();
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(record["caller"], json!("jwt:alice"), "{record}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// OIDC resource server: discovery at start, RFC 9728 metadata, the resource as audience and
/// the required scopes (403 without them).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oidc_mode_serves_resource_metadata_and_requires_scopes() {
    let key = idp::SigningKey::ec("e1");
    let provider = idp::Idp::start(&[&key]).await;
    let config_url = provider.config_url().to_string();
    let issuer = provider.issuer();
    let public = "https://mcp.example.com";
    let resource = format!("{public}/mcp");
    let server = start_with_env(
        &[
            ("ZSCALER_MCP_AUTH_MODE", "oidc"),
            ("OIDCPROXY_CONFIG_URL", &config_url),
            ("OIDCPROXY_BASE_URL", public),
            ("OIDCPROXY_REQUIRED_SCOPES", "zscaler.read"),
        ],
        &["--demo", "--stateless"],
    );
    let metadata: Value = http()
        .get(server.url("/.well-known/oauth-protected-resource"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(metadata["resource"], json!(resource), "{metadata}");
    assert_eq!(
        metadata["authorization_servers"],
        json!([issuer]),
        "{metadata}"
    );

    let call = json!({"jsonrpc": "2.0", "id": 1, "method": "tools/call",
        "params": {"name": "zia_get_activation_status", "arguments": {}}});
    let anonymous = post(&server, &call, &[]).await;
    assert_eq!(anonymous.status(), 401);
    let challenge = anonymous.headers()["www-authenticate"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(challenge.contains("resource_metadata="), "{challenge}");

    let mut scoped = idp::claims("bob", &issuer, &resource);
    scoped["scope"] = json!("openid zscaler.read");
    let admitted = post(
        &server,
        &call,
        &[("authorization", &format!("Bearer {}", key.sign(&scoped)))],
    )
    .await;
    assert_eq!(admitted.status(), 200);

    let unscoped = idp::claims("bob", &issuer, &resource);
    let forbidden = post(
        &server,
        &call,
        &[("authorization", &format!("Bearer {}", key.sign(&unscoped)))],
    )
    .await;
    assert_eq!(forbidden.status(), 403);
    let challenge = forbidden.headers()["www-authenticate"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(challenge.contains("insufficient_scope"), "{challenge}");

    let elsewhere = idp::claims("bob", &issuer, "https://other.example.com/mcp");
    let refused = post(
        &server,
        &call,
        &[("authorization", &format!("Bearer {}", key.sign(&elsewhere)))],
    )
    .await;
    assert_eq!(refused.status(), 401);
}

/// A legacy SSE session belongs to the caller that opened it: its messages are audited under
/// that caller, and another caller cannot post into it.
#[tokio::test]
async fn a_legacy_sse_session_belongs_to_the_caller_that_opened_it() {
    let dir = std::env::temp_dir().join(format!("zscaler-mcp-sse-auth-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let audit = dir.join("audit.jsonl");
    let _ = std::fs::remove_file(&audit);
    let keys = format!("{KEY_ONE},{KEY_TWO}");
    let server = HttpServer::start_env(
        &[
            "--port",
            "0",
            "--demo",
            "--audit-log",
            audit.to_str().unwrap(),
        ],
        &[("ZSCALER_MCP_AUTH_API_KEY", &keys)],
    );
    let opened = http()
        .get(server.url("/sse"))
        .header("accept", "text/event-stream")
        .header("x-api-key", KEY_ONE)
        .send()
        .await
        .unwrap();
    assert_eq!(opened.status(), 200);
    let mut events = SseEvents::new(opened);
    let url = server.url(&events.endpoint().await);

    let init = initialize("2024-11-05");
    let intruder = post_to(&url, &init, &[("x-api-key", KEY_TWO)]).await;
    assert_eq!(intruder.status(), 404, "another caller reached the session");
    let anonymous = post_to(&url, &init, &[]).await;
    assert_eq!(anonymous.status(), 401);

    assert_eq!(
        post_to(&url, &init, &[("x-api-key", KEY_ONE)])
            .await
            .status(),
        202
    );
    assert!(events.next().await.contains("protocolVersion"));
    let initialized = json!({"jsonrpc": "2.0", "method": "notifications/initialized"});
    post_to(&url, &initialized, &[("x-api-key", KEY_ONE)]).await;
    let call = json!({"jsonrpc": "2.0", "id": 2, "method": "tools/call",
        "params": {"name": "zia_get_activation_status", "arguments": {}}});
    assert_eq!(
        post_to(&url, &call, &[("x-api-key", KEY_ONE)])
            .await
            .status(),
        202
    );
    let result = events.next().await;
    assert!(result.contains("ACTIVE"), "{result}");

    let mut record = Value::Null;
    for _ in 0..50 {
        let text = std::fs::read_to_string(&audit).unwrap_or_default();
        if let Some(line) = text.lines().next() {
            record = serde_json::from_str(line).unwrap();
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(record["caller"], json!("api-key#1"), "{record}");
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
