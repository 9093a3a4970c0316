//! What happens around a tool call: progress and log notifications, cancellation, shutdown
//! with calls in flight, and refusing bad configuration.

mod common;

use std::time::Duration;

use common::{HttpServer, Session, http, zscaler_mcp};
use serde_json::{Value, json};

/// Every SSE `data:` message of a response body.
fn sse_messages(body: &str) -> Vec<Value> {
    body.split("\n\n")
        .filter_map(|event| {
            let data: Vec<&str> = event
                .lines()
                .filter_map(|l| l.strip_prefix("data:"))
                .map(str::trim_start)
                .collect();
            serde_json::from_str(&data.join("\n")).ok()
        })
        .collect()
}

async fn text(request: reqwest::RequestBuilder) -> String {
    request.send().await.unwrap().text().await.unwrap()
}

/// Opens the session's GET stream (where rmcp sends notifications not tied to a request, such
/// as log messages) and forwards each message it carries.
async fn listen(session: &Session) -> tokio::sync::mpsc::UnboundedReceiver<Value> {
    use futures_util::StreamExt;
    let response = session
        .client
        .get(&session.url)
        .header("accept", "text/event-stream")
        .header("mcp-session-id", &session.id)
        .header("mcp-protocol-version", "2025-11-25")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    tokio::spawn(async move {
        let mut stream = response.bytes_stream();
        let mut buffer = String::new();
        while let Some(Ok(chunk)) = stream.next().await {
            buffer.push_str(&String::from_utf8_lossy(&chunk));
            while let Some(end) = buffer.find("\n\n") {
                let event: String = buffer.drain(..end + 2).collect();
                for message in sse_messages(&event) {
                    let _ = tx.send(message);
                }
            }
        }
    });
    rx
}

#[tokio::test]
async fn a_long_list_reports_progress_and_logs_before_its_result() {
    let server = HttpServer::start(&[]);
    let mut session = Session::open(&server).await;
    session
        .request("logging/setLevel", json!({"level": "debug"}))
        .await;
    let mut notes = listen(&session).await;
    let call = json!({"jsonrpc": "2.0", "id": 42, "method": "tools/call", "params": {
        "name": "zia_list_users",
        "arguments": {"page_size": 100, "all": true},
        "_meta": {"progressToken": "walk"}
    }});
    let body = text(session.builder(&call)).await;
    let messages = sse_messages(&body);
    let progress: Vec<f64> = messages
        .iter()
        .filter(|m| m["method"] == "notifications/progress")
        .map(|m| {
            assert_eq!(m["params"]["progressToken"], json!("walk"));
            m["params"]["progress"].as_f64().unwrap()
        })
        .collect();
    let result = messages.last().unwrap();
    assert_eq!(result["id"], json!(42), "the result comes last: {body}");
    // One notification per page of 100, ending at the number of users collected (the demo
    // tenant has more than 500).
    let walked = result["result"]["structuredContent"]["count"]
        .as_f64()
        .unwrap();
    assert!(progress.len() >= 5, "{progress:?}");
    for (i, p) in progress.iter().enumerate() {
        assert_eq!(*p, (100.0 * (i + 1) as f64).min(walked), "{progress:?}");
    }
    // The debug log line travels on the session's stream.
    let log = tokio::time::timeout(Duration::from_secs(10), notes.recv())
        .await
        .expect("a log notification at debug level")
        .unwrap();
    assert_eq!(log["method"], json!("notifications/message"), "{log}");
    assert_eq!(log["params"]["level"], json!("debug"));
    assert_eq!(log["params"]["data"]["items"].as_f64(), Some(walked));

    // At the default level (info) it is not sent.
    let mut quiet = Session::open(&server).await;
    let mut quiet_notes = listen(&quiet).await;
    let _ = text(quiet.builder(&call)).await;
    let _ = quiet.request("ping", json!({})).await;
    let nothing = tokio::time::timeout(Duration::from_millis(500), quiet_notes.recv()).await;
    assert!(
        nothing.is_err(),
        "no log below the session's level: {nothing:?}"
    );
}

#[tokio::test]
async fn cancelling_a_call_stops_it_and_the_session_goes_on() {
    let server = HttpServer::start(&["--demo-faults", "hang@/zia/api/v1/status"]);
    let mut session = Session::open(&server).await;
    let call = json!({"jsonrpc": "2.0", "id": 7, "method": "tools/call",
        "params": {"name": "zia_get_activation_status", "arguments": {}}});
    let in_flight = {
        let request = session.builder(&call);
        tokio::spawn(async move { request.send().await?.text().await })
    };
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(
        !in_flight.is_finished(),
        "the emulator holds the upstream request"
    );
    let (status, _) = session
        .post(
            json!({"jsonrpc": "2.0", "method": "notifications/cancelled",
            "params": {"requestId": 7, "reason": "user pressed stop"}}),
        )
        .await;
    assert_eq!(status, 202);
    let body = tokio::time::timeout(Duration::from_secs(10), in_flight)
        .await
        .expect("a cancelled call ends promptly")
        .unwrap()
        .unwrap_or_default();
    assert!(
        !body.contains("\"ACTIVE\""),
        "a cancelled call must not complete: {body}"
    );
    let pong = session.request("ping", json!({})).await;
    assert_eq!(pong["result"], json!({}));
}

#[tokio::test]
async fn sigterm_finishes_calls_in_flight_then_exits() {
    let server = HttpServer::start(&["--demo-faults", "latency=1500@/zia/api/v1/status"]);
    let session = Session::open(&server).await;
    let call = json!({"jsonrpc": "2.0", "id": 1, "method": "tools/call",
        "params": {"name": "zia_get_activation_status", "arguments": {}}});
    let in_flight = {
        let request = session.builder(&call);
        tokio::spawn(async move { request.send().await?.text().await })
    };
    tokio::time::sleep(Duration::from_millis(400)).await;
    let pid = server.child.id().to_string();
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap();
    assert!(killed.success());
    let body = tokio::time::timeout(Duration::from_secs(15), in_flight)
        .await
        .expect("the in-flight call is answered")
        .unwrap()
        .unwrap();
    assert!(body.contains("\"ACTIVE\""), "{body}");
    let mut server = server;
    let mut exited = None;
    for _ in 0..100 {
        if let Some(status) = server.child.try_wait().unwrap() {
            exited = Some(status);
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let status = exited.expect("the server exits after draining");
    assert!(status.success(), "{status}");
    let refused = http().get(server.url("/health")).send().await;
    assert!(refused.is_err(), "nothing listens after shutdown");
}

fn fails_naming(args: &[&str], env: &[(&str, &str)], needle: &str) {
    let mut command = zscaler_mcp();
    command.args(args).env_remove("ZSCALER_CLIENT_ID");
    for (k, v) in env {
        command.env(k, v);
    }
    let output = command.stdin(std::process::Stdio::null()).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{args:?} {env:?}: {stderr}");
    assert!(
        stderr.contains(needle),
        "{args:?} {env:?} should name {needle}: {stderr}"
    );
    assert!(output.stdout.is_empty(), "errors stay off stdout");
}

#[test]
fn bad_flags_and_environment_are_refused_by_name() {
    fails_naming(&["--transport", "carrier-pigeon"], &[], "--transport");
    fails_naming(
        &[],
        &[("ZSCALER_MCP_TRANSPORT", "carrier-pigeon")],
        "--transport",
    );
    fails_naming(&[], &[("ZSCALER_MCP_PORT", "eighty")], "--port");
    fails_naming(&["--services", "zpa,zzz"], &[], "ZSCALER_MCP_SERVICES");
    fails_naming(&[], &[("ZSCALER_MCP_STATELESS", "maybe")], "--stateless");
    fails_naming(
        &["--demo", "--demo-faults", "explode@*"],
        &[],
        "--demo-faults",
    );
    fails_naming(
        &["--dotenv-path", "/nonexistent/.env"],
        &[],
        "--dotenv-path",
    );
    fails_naming(
        &[],
        &[("ZSCALER_CLIENT_ID", "id"), ("ZSCALER_CLIENT_SECRET", "s")],
        "ZSCALER_VANITY_DOMAIN",
    );
}
