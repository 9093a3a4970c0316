//! AWS Bedrock AgentCore Runtime, both contracts, through the real binary over HTTP:
//! - the MCP protocol contract: a start-up steered by the environment alone, `--stateless`,
//!   every protocol revision driven the way AgentCore drives it (platform session headers,
//!   no `initialize` needed, `/mcp` and `/mcp/` without redirect, JSON-only clients, 202 for
//!   notifications, `/ping`), and the ECS Express host names (`*.on.aws`);
//! - the HTTP protocol contract (`--agentcore-http`): `POST /invocations` with every payload
//!   shape and content negotiation branch, its 400s, and the guard in front of it.

mod common;

use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use common::{ACCEPT_BOTH, HttpServer, body_message, initialize, zscaler_mcp};
use serde_json::{Value, json};

const PLATFORM_SESSION: &str = "2c6e1f5a-9b0d-4f3e-8a7c-agentcore-platform-session";
const RUNTIME_SESSION: &str = "runtime-session-0123456789abcdef0123456789";
const RUNTIME_SESSION_HEADER: &str = "x-amzn-bedrock-agentcore-runtime-session-id";
const LEGACY_REVISIONS: [&str; 4] = ["2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25"];

/// A client that never follows redirects: a 3xx must show as such.
fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

struct Answer {
    status: u16,
    content_type: String,
    headers: reqwest::header::HeaderMap,
    body: String,
}

impl Answer {
    fn message(&self) -> Value {
        body_message(&self.content_type, &self.body)
    }
}

async fn post(url: &str, headers: &[(&str, &str)], body: impl Into<reqwest::Body>) -> Answer {
    let mut request = client().post(url).body(body);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let content_type = headers
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    let body = response.text().await.unwrap();
    Answer {
        status,
        content_type,
        headers,
        body,
    }
}

fn assert_tool_objects(tools: &Value) {
    let tools = tools
        .as_array()
        .unwrap_or_else(|| panic!("not a list: {tools}"));
    assert!(tools.len() > 50, "{} tools", tools.len());
    for tool in tools {
        assert!(tool["name"].is_string(), "not an MCP tool object: {tool}");
        assert_eq!(tool["inputSchema"]["type"], json!("object"), "{tool}");
    }
    assert!(
        tools
            .iter()
            .any(|t| t["name"] == "zia_get_activation_status")
    );
}

const ACTIVATION: &str = "zia_get_activation_status";

/// The server as AgentCore starts it: no command line, everything from the environment.
fn start_from_environment() -> HttpServer {
    let mut command = zscaler_mcp();
    for (name, value) in [
        ("ZSCALER_MCP_TRANSPORT", "streamable-http"),
        ("ZSCALER_MCP_HOST", "127.0.0.1"),
        ("ZSCALER_MCP_PORT", "0"),
        ("ZSCALER_MCP_STATELESS", "true"),
        ("ZSCALER_MCP_DEMO", "true"),
        ("ZSCALER_MCP_AUTH_MODE", "none"),
    ] {
        command.env(name, value);
    }
    HttpServer::spawn(command)
}

#[tokio::test]
async fn every_legacy_revision_works_statelessly_the_way_agentcore_drives_it() {
    let server = start_from_environment();
    for revision in LEGACY_REVISIONS {
        for path in ["/mcp", "/mcp/"] {
            for accept in [ACCEPT_BOTH, "application/json"] {
                let url = server.url(path);
                let mut headers = vec![
                    ("content-type", "application/json"),
                    ("accept", accept),
                    ("mcp-session-id", PLATFORM_SESSION),
                    (RUNTIME_SESSION_HEADER, RUNTIME_SESSION),
                ];
                let case = format!("{revision} {path} accept={accept}");

                let init = post(&url, &headers, initialize(revision).to_string()).await;
                assert_eq!(init.status, 200, "{case}: {}", init.body);
                let answer = init.message();
                assert_eq!(
                    answer["result"]["protocolVersion"],
                    json!(revision),
                    "{case}"
                );
                // The platform owns the session id: the server never mints one.
                let minted = init.headers.get("mcp-session-id");
                assert!(
                    minted.is_none_or(|v| v == PLATFORM_SESSION),
                    "{case}: minted {minted:?}"
                );
                if accept == "application/json" {
                    assert!(init.content_type.starts_with("application/json"), "{case}");
                }

                // Requests after initialize carry the negotiated version where it exists.
                if revision >= "2025-06-18" {
                    headers.push(("mcp-protocol-version", revision));
                }
                let note = post(
                    &url,
                    &headers,
                    json!({"jsonrpc": "2.0", "method": "notifications/initialized"}).to_string(),
                )
                .await;
                assert_eq!((note.status, note.body.as_str()), (202, ""), "{case}");

                // Each request stands alone: tools/list and tools/call need no initialize.
                let list = post(
                    &url,
                    &headers,
                    json!({"jsonrpc": "2.0", "id": 2, "method": "tools/list"}).to_string(),
                )
                .await;
                assert_eq!(list.status, 200, "{case}: {}", list.body);
                assert_tool_objects(&list.message()["result"]["tools"]);

                let call = post(
                    &url,
                    &headers,
                    json!({"jsonrpc": "2.0", "id": 3, "method": "tools/call",
                        "params": {"name": ACTIVATION, "arguments": {}}})
                    .to_string(),
                )
                .await;
                assert_eq!(call.status, 200, "{case}: {}", call.body);
                let result = &call.message()["result"];
                assert_eq!(
                    result["structuredContent"]["status"],
                    json!("ACTIVE"),
                    "{case}"
                );

                let ping = post(
                    &url,
                    &headers,
                    json!({"jsonrpc": "2.0", "id": 4, "method": "ping"}).to_string(),
                )
                .await;
                assert_eq!(ping.message()["result"], json!({}), "{case}: {}", ping.body);
            }
        }
    }
}

#[tokio::test]
async fn revision_2026_07_28_works_with_the_platform_session_headers() {
    let server = start_from_environment();
    let meta = json!({
        "io.modelcontextprotocol/protocolVersion": "2026-07-28",
        "io.modelcontextprotocol/clientCapabilities": {},
        "io.modelcontextprotocol/clientInfo": {"name": "agentcore-test", "version": "1"}
    });
    for path in ["/mcp", "/mcp/"] {
        for accept in [ACCEPT_BOTH, "application/json"] {
            let case = format!("{path} accept={accept}");
            let request = async |method: &str, name: Option<&str>, mut params: Value| {
                params["_meta"] = meta.clone();
                let mut headers = vec![
                    ("content-type", "application/json"),
                    ("accept", accept),
                    ("mcp-session-id", PLATFORM_SESSION),
                    (RUNTIME_SESSION_HEADER, RUNTIME_SESSION),
                    ("mcp-protocol-version", "2026-07-28"),
                    ("mcp-method", method),
                ];
                if let Some(name) = name {
                    headers.push(("mcp-name", name));
                }
                let body = json!({"jsonrpc": "2.0", "id": 9, "method": method, "params": params});
                post(&server.url(path), &headers, body.to_string()).await
            };
            let discover = request("server/discover", None, json!({})).await;
            assert_eq!(discover.status, 200, "{case}: {}", discover.body);
            let versions = &discover.message()["result"]["supportedVersions"];
            assert!(
                versions
                    .as_array()
                    .is_some_and(|v| v.contains(&json!("2026-07-28"))),
                "{case}: {}",
                discover.body
            );

            let list = request("tools/list", None, json!({})).await;
            assert_eq!(list.status, 200, "{case}: {}", list.body);
            assert_tool_objects(&list.message()["result"]["tools"]);

            let call = request(
                "tools/call",
                Some(ACTIVATION),
                json!({"name": ACTIVATION, "arguments": {}}),
            )
            .await;
            assert_eq!(call.status, 200, "{case}: {}", call.body);
            assert_eq!(
                call.message()["result"]["structuredContent"]["status"],
                json!("ACTIVE"),
                "{case}: {}",
                call.body
            );

            let note = post(
                &server.url(path),
                &[
                    ("content-type", "application/json"),
                    ("accept", accept),
                    ("mcp-session-id", PLATFORM_SESSION),
                    ("mcp-protocol-version", "2026-07-28"),
                    ("mcp-method", "notifications/cancelled"),
                ],
                json!({"jsonrpc": "2.0", "method": "notifications/cancelled",
                    "params": {"requestId": 9, "reason": "test"}})
                .to_string(),
            )
            .await;
            assert_eq!((note.status, note.body.as_str()), (202, ""), "{case}");
        }
    }
}

#[tokio::test]
async fn ping_reports_health_with_the_time_of_last_update() {
    let server = start_from_environment();
    let response = client().get(server.url("/ping")).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let ping: Value = response.json().await.unwrap();
    assert_eq!(ping["status"], json!("Healthy"));
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let reported = ping["time_of_last_update"]
        .as_u64()
        .unwrap_or_else(|| panic!("not unix seconds: {ping}"));
    assert!(reported.abs_diff(now) < 3600, "{reported} vs {now}");
}

#[tokio::test]
async fn ecs_express_host_names_pass_an_on_aws_allowlist() {
    let server = HttpServer::start_env(
        &["--demo", "--stateless", "--port", "0"],
        &[("ZSCALER_MCP_ALLOWED_HOSTS", "*.on.aws")],
    );
    let call = json!({"jsonrpc": "2.0", "id": 1, "method": "tools/call",
        "params": {"name": ACTIVATION, "arguments": {}}})
    .to_string();
    let headers = |host| {
        [
            ("content-type", "application/json"),
            ("accept", ACCEPT_BOTH),
            ("host", host),
        ]
    };
    let served = post(
        &server.url("/mcp"),
        &headers("zscaler-mcp-a1b2c3.ecs.us-east-1.on.aws"),
        call.clone(),
    )
    .await;
    assert_eq!(served.status, 200, "{}", served.body);
    let refused = post(
        &server.url("/mcp"),
        &headers("on.aws.attacker.example"),
        call,
    )
    .await;
    assert_eq!(refused.status, 421, "{}", refused.body);
}

// ---- the HTTP protocol contract: POST /invocations ----

fn start_adapter(extra: &[&str]) -> HttpServer {
    // /mcp keeps sessions: /invocations is stateless whatever /mcp is.
    let mut args = vec!["--agentcore-http"];
    args.extend_from_slice(extra);
    HttpServer::start(&args)
}

async fn invoke(server: &HttpServer, headers: &[(&str, &str)], body: &str) -> Answer {
    let mut all = vec![("content-type", "application/json")];
    all.extend_from_slice(headers);
    post(&server.url("/invocations"), &all, body.to_owned()).await
}

/// The three NDJSON lines of an answer, checked for their shape; returns the `data` line's
/// `data.result` and the session id.
fn ndjson(answer: &Answer) -> (Value, String) {
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert_eq!(
        answer.content_type, "application/x-ndjson",
        "{}",
        answer.body
    );
    assert_eq!(answer.headers["cache-control"], "no-cache");
    let session = answer.headers[RUNTIME_SESSION_HEADER]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(answer.body.ends_with('\n'), "{}", answer.body);
    let lines: Vec<Value> = answer
        .body
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    assert_eq!(lines.len(), 3, "{}", answer.body);
    for (line, kind) in lines.iter().zip(["start", "data", "end"]) {
        assert_eq!(line["type"], json!(kind), "{line}");
        assert_eq!(line["session_id"], json!(session), "{line}");
        let timestamp = line["timestamp"].as_f64().unwrap();
        assert!(timestamp > 1_700_000_000.0, "not epoch seconds: {line}");
    }
    assert!(lines[0]["timestamp"].as_f64() <= lines[2]["timestamp"].as_f64());
    (lines[1]["data"]["result"].clone(), session)
}

#[tokio::test]
async fn json_rpc_invocations_are_answered_as_json_or_one_sse_event() {
    let server = start_adapter(&[]);
    let session = (RUNTIME_SESSION_HEADER, RUNTIME_SESSION);
    let json_only = ("accept", "application/json");
    let sse = ("accept", ACCEPT_BOTH);

    // initialize, ping, tools/list, tools/call, prompts and resources, without a session.
    let init = invoke(
        &server,
        &[json_only, session],
        &initialize("2025-06-18").to_string(),
    )
    .await;
    assert_eq!(
        (init.status, init.content_type.as_str()),
        (200, "application/json")
    );
    let answer: Value = serde_json::from_str(&init.body).unwrap();
    assert_eq!(answer["id"], json!(0));
    assert_eq!(answer["result"]["protocolVersion"], json!("2025-06-18"));
    assert_eq!(answer["result"]["serverInfo"]["name"], json!("zscaler-mcp"));
    assert_eq!(init.headers[RUNTIME_SESSION_HEADER], RUNTIME_SESSION);
    assert!(init.headers.get("mcp-session-id").is_none());

    for accept in [json_only, sse, ("accept", "text/event-stream")] {
        let list = invoke(
            &server,
            &[accept],
            &json!({"jsonrpc": "2.0", "id": "l", "method": "tools/list"}).to_string(),
        )
        .await;
        assert_eq!(list.status, 200, "{}", list.body);
        let message = if accept.1.contains("text/event-stream") {
            assert_eq!(list.content_type, "text/event-stream", "{}", list.body);
            // Exactly one event, named `message`, whose data is the answer.
            let events: Vec<&str> = list.body.split("\n\n").filter(|e| !e.is_empty()).collect();
            assert_eq!(events.len(), 1, "{}", list.body);
            let mut lines = events[0].lines();
            assert_eq!(lines.next(), Some("event: message"));
            let data = lines.next().unwrap().strip_prefix("data: ").unwrap();
            assert_eq!(lines.next(), None);
            serde_json::from_str::<Value>(data).unwrap()
        } else {
            assert_eq!(list.content_type, "application/json");
            serde_json::from_str::<Value>(&list.body).unwrap()
        };
        assert_eq!(message["id"], json!("l"));
        assert_tool_objects(&message["result"]["tools"]);
    }

    let call = invoke(
        &server,
        &[sse],
        &json!({"jsonrpc": "2.0", "id": 5, "method": "tools/call",
            "params": {"name": ACTIVATION, "arguments": {}}})
        .to_string(),
    )
    .await;
    assert_eq!(call.content_type, "text/event-stream");
    assert_eq!(
        call.message()["result"]["structuredContent"]["status"],
        json!("ACTIVE"),
        "{}",
        call.body
    );

    for (method, key) in [
        ("ping", None),
        ("prompts/list", Some("prompts")),
        ("resources/list", Some("resources")),
    ] {
        let answer = invoke(
            &server,
            &[json_only],
            &json!({"jsonrpc": "2.0", "id": 6, "method": method}).to_string(),
        )
        .await;
        let message: Value = serde_json::from_str(&answer.body).unwrap();
        match key {
            None => assert_eq!(message["result"], json!({}), "{method}"),
            Some(key) => assert!(
                message["result"][key]
                    .as_array()
                    .is_some_and(|a| !a.is_empty()),
                "{method}: {message}"
            ),
        }
    }

    // A notification: 202, nothing to read.
    let note = invoke(
        &server,
        &[sse],
        &json!({"jsonrpc": "2.0", "method": "notifications/initialized"}).to_string(),
    )
    .await;
    assert_eq!((note.status, note.body.as_str()), (202, ""));

    // A JSON-RPC message in a base64 payload is still answered with JSON-RPC.
    let wrapped = BASE64.encode(
        json!({"jsonrpc": "2.0", "id": 8, "method": "tools/call",
            "params": {"name": ACTIVATION, "arguments": {}}})
        .to_string(),
    );
    let answer = invoke(
        &server,
        &[json_only],
        &json!({"payload": wrapped}).to_string(),
    )
    .await;
    assert_eq!(answer.content_type, "application/json", "{}", answer.body);
    let message: Value = serde_json::from_str(&answer.body).unwrap();
    assert_eq!(message["id"], json!(8));
    assert_eq!(
        message["result"]["structuredContent"]["status"],
        json!("ACTIVE")
    );

    // JSON-RPC errors are JSON-RPC, as on /mcp.
    let unknown = invoke(
        &server,
        &[sse],
        &json!({"jsonrpc": "2.0", "id": 10, "method": "tools/call",
            "params": {"name": "zpa_no_such_tool", "arguments": {}}})
        .to_string(),
    )
    .await;
    assert_eq!(
        unknown.message()["error"]["code"],
        json!(-32602),
        "{}",
        unknown.body
    );
    let invalid = invoke(
        &server,
        &[json_only],
        r#"{"jsonrpc":"1.0","id":1,"method":"ping"}"#,
    )
    .await;
    let message: Value = serde_json::from_str(&invalid.body).unwrap();
    assert_eq!(message["error"]["code"], json!(-32600), "{}", invalid.body);
}

#[tokio::test]
async fn other_payloads_are_answered_with_three_ndjson_lines() {
    let server = start_adapter(&[]);
    let call_shapes = [
        json!({"name": ACTIVATION, "arguments": {}}),
        json!({"name": ACTIVATION}),
        json!({"tool": {"name": ACTIVATION, "parameters": {}}}),
        json!({"method": "tools/call", "params": {"name": ACTIVATION, "arguments": {}}}),
        json!({"payload": BASE64.encode(json!({"name": ACTIVATION, "arguments": {}}).to_string())}),
    ];
    for (i, shape) in call_shapes.iter().enumerate() {
        // The session header is echoed when sent, and a new one is given when not; the
        // Accept header does not change the answer to a non-JSON-RPC payload.
        let sent = format!("{RUNTIME_SESSION}-{i}");
        let with_session = [
            (RUNTIME_SESSION_HEADER, sent.as_str()),
            ("accept", ACCEPT_BOTH),
        ];
        let answer = invoke(&server, &with_session, &shape.to_string()).await;
        let (result, session) = ndjson(&answer);
        assert_eq!(session, sent, "{shape}");
        assert_eq!(result["status"], json!("success"), "{shape}: {result}");
        assert_eq!(result["tool"], json!(ACTIVATION));
        // The MCP CallToolResult, whole.
        assert_eq!(result["result"]["isError"], json!(false), "{result}");
        assert_eq!(
            result["result"]["structuredContent"]["status"],
            json!("ACTIVE")
        );
        assert_eq!(result["result"]["content"][0]["type"], json!("text"));

        let answer = invoke(&server, &[], &shape.to_string()).await;
        let (_, minted) = ndjson(&answer);
        let groups: Vec<usize> = minted.split('-').map(str::len).collect();
        assert_eq!(groups, vec![8, 4, 4, 4, 12], "not a UUID: {minted}");
    }

    // Arguments reach the tool.
    let answer = invoke(
        &server,
        &[],
        &json!({"tool": {"name": "zpa_list_segment_groups", "parameters": {"page_size": 2}}})
            .to_string(),
    )
    .await;
    let (result, _) = ndjson(&answer);
    assert_eq!(
        result["result"]["structuredContent"]["count"],
        json!(2),
        "{result}"
    );

    // tools/list: MCP tool objects, never strings, every page.
    for shape in [
        json!({"method": "tools/list"}),
        json!({"method": "tools/list", "params": {"_meta": {"source": "genesis"}}}),
        json!({"payload": BASE64.encode(r#"{"method":"tools/list","params":{}}"#)}),
    ] {
        let (result, _) = ndjson(&invoke(&server, &[], &shape.to_string()).await);
        assert_eq!(result["status"], json!("success"), "{result}");
        assert_eq!(result["tool"], json!("tools/list"));
        assert_tool_objects(&result["result"]);
    }

    // Other methods: the MCP result.
    let (result, _) = ndjson(&invoke(&server, &[], r#"{"method":"ping"}"#).await);
    assert_eq!(
        result,
        json!({"status": "success", "tool": "ping", "result": {}})
    );
    let (result, _) = ndjson(&invoke(&server, &[], r#"{"method":"prompts/list"}"#).await);
    assert!(result["result"]["prompts"].is_array(), "{result}");
}

#[tokio::test]
async fn the_whole_tool_list_is_returned_across_pages() {
    let server = start_adapter(&["--tools-page-size", "7"]);
    let (result, _) = ndjson(&invoke(&server, &[], r#"{"method":"tools/list"}"#).await);
    let listed = result["result"].as_array().unwrap().len();
    // The same count a paged JSON-RPC client collects.
    let mut cursor: Option<String> = None;
    let mut paged = 0;
    for _ in 0..1000 {
        let mut params = json!({});
        if let Some(cursor) = &cursor {
            params["cursor"] = json!(cursor);
        }
        let page = invoke(
            &server,
            &[("accept", "application/json")],
            &json!({"jsonrpc": "2.0", "id": 1, "method": "tools/list", "params": params})
                .to_string(),
        )
        .await;
        let page: Value = serde_json::from_str(&page.body).unwrap();
        paged += page["result"]["tools"].as_array().unwrap().len();
        cursor = page["result"]["nextCursor"].as_str().map(str::to_owned);
        if cursor.is_none() {
            break;
        }
    }
    assert!(cursor.is_none());
    assert!(listed > 7, "{listed}");
    assert_eq!(listed, paged);
}

#[tokio::test]
async fn failed_invocations_are_ndjson_error_lines() {
    let server = start_adapter(&[]);
    let error_of = async |body: Value| -> Value {
        let (result, _) = ndjson(&invoke(&server, &[], &body.to_string()).await);
        assert_eq!(result["status"], json!("error"), "{body}: {result}");
        assert!(result.get("result").is_none(), "{result}");
        result
    };
    let unknown = error_of(json!({"name": "zpa_no_such_tool", "arguments": {}})).await;
    assert_eq!(unknown["tool"], json!("zpa_no_such_tool"));
    let text = unknown["error"].as_str().unwrap();
    assert!(text.contains("zpa_no_such_tool"), "{text}");

    let invalid = error_of(json!({"tool": {"name": "zpa_get_application_segment",
        "parameters": {"segment": "1"}}}))
    .await;
    let text = invalid["error"].as_str().unwrap();
    assert!(
        text.contains("`segment`") && text.contains("segment_id"),
        "{text}"
    );

    let missing = error_of(json!({"name": "zpa_get_application_segment",
        "arguments": {"segment_id": "99999999999"}}))
    .await;
    assert_eq!(missing["tool"], json!("zpa_get_application_segment"));
    let text = missing["error"].as_str().unwrap();
    assert!(text.contains("404") || text.contains("not found"), "{text}");

    let no_name = error_of(json!({"method": "tools/call", "params": {"arguments": {}}})).await;
    assert_eq!(no_name["tool"], json!("tools/call"));
    assert!(
        no_name["error"].as_str().unwrap().contains("name"),
        "{no_name}"
    );

    let no_method = error_of(json!({"method": "no/such/method"})).await;
    assert!(
        no_method["error"].as_str().unwrap().contains("-32601"),
        "{no_method}"
    );
}

#[tokio::test]
async fn malformed_invocations_get_400_naming_what_was_expected() {
    let server = start_adapter(&["--max-body-bytes", "2048"]);
    let error_of = async |body: &str| -> String {
        let answer = invoke(&server, &[], body).await;
        assert_eq!(answer.status, 400, "{body}: {}", answer.body);
        assert_eq!(answer.content_type, "application/json");
        let error: Value = serde_json::from_str(&answer.body).unwrap();
        error["error"].as_str().unwrap().to_owned()
    };
    let expected = |e: &str| {
        assert!(
            e.contains("JSON-RPC 2.0")
                && e.contains("\"arguments\"")
                && e.contains("\"parameters\"")
                && e.contains("\"params\"")
                && e.contains("\"payload\""),
            "does not name the accepted shapes: {e}"
        )
    };
    let e = error_of("{\"name\": ").await;
    assert!(e.starts_with("the body is not valid JSON"), "{e}");
    expected(&e);
    let e = error_of(r#"{"prompt": "hello"}"#).await;
    assert!(e.contains("(it has: prompt)"), "{e}");
    expected(&e);
    let e = error_of(r#""tools/list""#).await;
    assert!(e.contains("is a JSON string"), "{e}");

    let e = error_of(r#"{"payload": "not*base64!"}"#).await;
    assert!(e.starts_with("`payload` is not valid base64"), "{e}");
    let e = error_of(r#"{"payload": {"name": "x"}}"#).await;
    assert!(e.contains("`payload` must be a base64 string"), "{e}");
    let e = error_of(&json!({"payload": BASE64.encode("{\"name\": ")}).to_string()).await;
    assert!(
        e.starts_with("the decoded `payload` is not valid JSON"),
        "{e}"
    );
    let e = error_of(&json!({"payload": BASE64.encode("[1, 2")}).to_string()).await;
    assert!(e.contains("decoded `payload`"), "{e}");
    let e = error_of(&json!({"payload": BASE64.encode(r#"{"hello": 1}"#)}).to_string()).await;
    assert!(
        e.contains("the decoded `payload` has none of the keys"),
        "{e}"
    );

    assert!(
        error_of(r#"{"name": 7}"#)
            .await
            .contains("`name` must be a string")
    );
    assert!(
        error_of(r#"{"name": "x", "arguments": "a=1"}"#)
            .await
            .contains("`arguments` must be an object")
    );
    assert!(
        error_of(r#"{"tool": {"parameters": {}}}"#)
            .await
            .contains("`tool.name` is missing")
    );
    assert!(
        error_of(r#"{"method": ["tools/list"]}"#)
            .await
            .contains("`method` must be a string")
    );

    let big = json!({"name": ACTIVATION, "arguments": {"pad": "x".repeat(4096)}}).to_string();
    let answer = invoke(&server, &[], &big).await;
    assert_eq!(answer.status, 413, "{}", answer.body);
    assert!(answer.body.contains("2048"), "{}", answer.body);

    let answer = post(
        &server.url("/invocations"),
        &[("content-type", "text/plain")],
        r#"{"method":"ping"}"#,
    )
    .await;
    assert_eq!(answer.status, 415, "{}", answer.body);
    assert!(answer.body.contains("not text/plain"), "{}", answer.body);
    // No Content-Type at all is read as JSON.
    let answer = post(&server.url("/invocations"), &[], r#"{"method":"ping"}"#).await;
    ndjson(&answer);

    let get = client()
        .get(server.url("/invocations"))
        .send()
        .await
        .unwrap();
    assert_eq!(get.status(), 405);
}

#[tokio::test]
async fn invocations_are_served_only_with_the_flag() {
    let server = HttpServer::start(&["--stateless"]);
    let answer = invoke(&server, &[], r#"{"method":"tools/list"}"#).await;
    assert_eq!(answer.status, 404, "{}", answer.body);
}

#[tokio::test]
async fn invocations_sit_behind_the_same_guard_and_audit_as_mcp() {
    const KEY: &str = "agentcore-key-3f1c9a7e2b5d";
    let dir = std::env::temp_dir().join(format!("zscaler-mcp-agentcore-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let audit = dir.join("audit.jsonl");
    let _ = std::fs::remove_file(&audit);
    let server = HttpServer::start_env(
        &[
            "--demo",
            "--agentcore-http",
            "--port",
            "0",
            "--audit-log",
            audit.to_str().unwrap(),
        ],
        &[("ZSCALER_MCP_AUTH_API_KEY", KEY)],
    );
    let genesis = json!({"name": ACTIVATION, "arguments": {}}).to_string();
    let rpc = json!({"jsonrpc": "2.0", "id": 1, "method": "tools/call",
        "params": {"name": ACTIVATION, "arguments": {}}})
    .to_string();

    for body in [&genesis, &rpc] {
        let refused = invoke(&server, &[], body).await;
        assert_eq!(refused.status, 401, "{}", refused.body);
        let error: Value = serde_json::from_str(&refused.body).unwrap();
        assert_eq!(error["error"]["code"], json!(-32001), "{error}");
        let wrong = invoke(&server, &[("x-api-key", "agentcore-key-guess")], body).await;
        assert_eq!(wrong.status, 401, "{}", wrong.body);
    }
    // Host checks apply too.
    let rebound = invoke(
        &server,
        &[("x-api-key", KEY), ("host", "rebind.attacker.example")],
        &genesis,
    )
    .await;
    assert_eq!(rebound.status, 421, "{}", rebound.body);
    // /ping stays open for the platform's health checks.
    let ping = client().get(server.url("/ping")).send().await.unwrap();
    assert_eq!(ping.status(), 200);

    let (result, _) = ndjson(&invoke(&server, &[("x-api-key", KEY)], &genesis).await);
    assert_eq!(result["status"], json!("success"), "{result}");
    let answer = invoke(
        &server,
        &[("x-api-key", KEY), ("accept", "application/json")],
        &rpc,
    )
    .await;
    assert_eq!(answer.status, 200, "{}", answer.body);

    // Both calls are audited like /mcp's, with the authenticated caller.
    let mut records: Vec<Value> = Vec::new();
    for _ in 0..50 {
        let text = std::fs::read_to_string(&audit).unwrap_or_default();
        records = text
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        if records.len() >= 2 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(records.len(), 2, "{records:?}");
    for record in &records {
        assert_eq!(record["caller"], json!("api-key#1"), "{record}");
        assert_eq!(record["tool"], json!(ACTIVATION), "{record}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
