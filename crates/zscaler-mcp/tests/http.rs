//! The HTTP transports end to end: the real binary on the demo tenant, spoken to with raw HTTP
//! so status codes and bodies are checked exactly.

mod common;

use common::{ACCEPT_BOTH, HttpServer, Session, SseEvents, answer, body_message, http, initialize};
use serde_json::{Value, json};

async fn post_raw(
    url: &str,
    headers: &[(&str, &str)],
    body: impl Into<reqwest::Body>,
) -> (u16, String, String) {
    answer(http().post(url).body(body), headers).await
}

const JSON: (&str, &str) = ("content-type", "application/json");
const ACCEPT: (&str, &str) = ("accept", ACCEPT_BOTH);

#[tokio::test]
async fn a_session_lists_calls_and_ends() {
    let server = HttpServer::start(&[]);
    let mut session = Session::open(&server).await;
    let list = session.request("tools/list", json!({})).await;
    let tools = list["result"]["tools"].as_array().unwrap();
    let names: Vec<&str> = tools.iter().map(|t| t["name"].as_str().unwrap()).collect();
    assert!(
        names.contains(&"zpa_list_application_segments"),
        "{names:?}"
    );
    let get = tools
        .iter()
        .find(|t| t["name"] == "zpa_get_application_segment")
        .unwrap();
    assert_eq!(get["annotations"]["readOnlyHint"], json!(true));
    assert_eq!(get["inputSchema"]["required"], json!(["segment_id"]));
    assert_eq!(get["inputSchema"]["additionalProperties"], json!(false));

    let listed = session
        .request(
            "tools/call",
            json!({"name": "zpa_list_segment_groups", "arguments": {"page_size": 3}}),
        )
        .await;
    let result = &listed["result"];
    assert_eq!(result["isError"], json!(false), "{result}");
    assert_eq!(result["structuredContent"]["count"], json!(3));
    let first_id = result["structuredContent"]["items"][0]["id"].clone();
    assert!(first_id.is_string(), "{result}");

    // An argument error is a tool result naming the field, not a protocol error.
    let bad = session
        .request(
            "tools/call",
            json!({"name": "zpa_get_application_segment", "arguments": {"segment": "1"}}),
        )
        .await;
    assert_eq!(bad["result"]["isError"], json!(true));
    let text = bad["result"]["content"][0]["text"].as_str().unwrap();
    assert!(
        text.contains("`segment`") && text.contains("segment_id"),
        "{text}"
    );

    // An unknown tool is a protocol error.
    let unknown = session
        .request("tools/call", json!({"name": "zpa_nope", "arguments": {}}))
        .await;
    assert_eq!(unknown["error"]["code"], json!(-32602), "{unknown}");

    let delete = http()
        .delete(server.url("/mcp"))
        .header("mcp-session-id", &session.id)
        .send()
        .await
        .unwrap();
    assert_eq!(delete.status(), 204);
    let (status, _) = session
        .post(json!({"jsonrpc": "2.0", "id": 99, "method": "ping"}))
        .await;
    assert_eq!(status, 404, "a deleted session is gone");
}

#[tokio::test]
async fn bad_requests_get_specific_answers() {
    let server = HttpServer::start(&["--max-body-bytes", "2048"]);
    let url = server.url("/mcp");

    let (status, _, body) = post_raw(&url, &[JSON, ACCEPT], "{not json").await;
    assert_eq!(status, 400);
    assert_eq!(
        serde_json::from_str::<Value>(&body).unwrap()["error"]["code"],
        json!(-32700)
    );

    let (status, _, body) = post_raw(
        &url,
        &[JSON, ACCEPT],
        r#"{"jsonrpc":"1.0","method":"ping"}"#,
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(
        serde_json::from_str::<Value>(&body).unwrap()["error"]["code"],
        json!(-32600)
    );

    let (status, _, _) = post_raw(&url, &[("content-type", "text/plain"), ACCEPT], "{}").await;
    assert_eq!(status, 415);

    let big = format!(
        r#"{{"jsonrpc":"2.0","id":1,"method":"ping","params":{{"pad":"{}"}}}}"#,
        "x".repeat(4096)
    );
    let (status, _, _) = post_raw(&url, &[JSON, ACCEPT], big).await;
    assert_eq!(status, 413);

    let missing_name = json!({"jsonrpc": "2.0", "id": 5, "method": "tools/call", "params": {}});
    let (status, _, body) = post_raw(&url, &[JSON, ACCEPT], missing_name.to_string()).await;
    let answer: Value = serde_json::from_str(&body).unwrap();
    assert_eq!((status, &answer["error"]["code"]), (200, &json!(-32602)));
    assert!(
        answer["error"]["message"]
            .as_str()
            .unwrap()
            .contains("params.name")
    );

    let (status, _, body) = post_raw(
        &url,
        &[JSON, ACCEPT, ("mcp-session-id", "no-such-session")],
        json!({"jsonrpc": "2.0", "id": 1, "method": "ping"}).to_string(),
    )
    .await;
    assert_eq!(status, 404);
    let answer: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        (&answer["id"], &answer["error"]["code"]),
        (&json!(1), &json!(-32001))
    );

    // A request before initialize (no session) gets a JSON-RPC error, not silence.
    let (status, _, body) = post_raw(
        &url,
        &[JSON, ACCEPT],
        json!({"jsonrpc": "2.0", "id": 2, "method": "tools/list"}).to_string(),
    )
    .await;
    assert_eq!(status, 400);
    let answer: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(answer["id"], json!(2));
    assert!(
        answer["error"]["message"]
            .as_str()
            .unwrap()
            .contains("Session"),
        "{answer}"
    );

    let mut session = Session::open(&server).await;
    let bad_version = http()
        .post(&url)
        .header("content-type", "application/json")
        .header("accept", ACCEPT_BOTH)
        .header("mcp-session-id", &session.id)
        .header("mcp-protocol-version", "1999-01-01")
        .body(json!({"jsonrpc": "2.0", "id": 1, "method": "ping"}).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(bad_version.status(), 400);
    let unknown = session.request("no/such/method", json!({})).await;
    assert_eq!(unknown["error"]["code"], json!(-32601));
}

#[tokio::test]
async fn batches_and_json_only_clients_are_served() {
    let server = HttpServer::start(&[]);
    let session = Session::open(&server).await;
    let batch = json!([
        {"jsonrpc": "2.0", "id": "a", "method": "ping"},
        {"jsonrpc": "2.0", "method": "notifications/progress", "params": {"progressToken": 1, "progress": 1}},
        {"jsonrpc": "2.0", "id": "b", "method": "tools/call", "params": {"name": "zia_get_activation_status"}},
        {"jsonrpc": "2.0", "id": "c"}
    ]);
    let sid = ("mcp-session-id", session.id.as_str());
    let (status, content_type, body) =
        post_raw(&session.url, &[JSON, ACCEPT, sid], batch.to_string()).await;
    assert_eq!((status, content_type.as_str()), (200, "application/json"));
    let answers: Vec<Value> = serde_json::from_str(&body).unwrap();
    assert_eq!(answers.len(), 3, "{body}");
    assert_eq!(answers[0]["id"], json!("a"));
    assert_eq!(
        answers[1]["result"]["structuredContent"]["status"],
        json!("ACTIVE")
    );
    assert_eq!(answers[2]["error"]["code"], json!(-32600));

    // A client that accepts only JSON (AgentCore's content negotiation) gets JSON.
    let (status, content_type, body) = post_raw(
        &session.url,
        &[JSON, ("accept", "application/json"), sid],
        json!({"jsonrpc": "2.0", "id": 7, "method": "ping"}).to_string(),
    )
    .await;
    assert_eq!((status, content_type.as_str()), (200, "application/json"));
    assert_eq!(
        serde_json::from_str::<Value>(&body).unwrap()["id"],
        json!(7)
    );
}

#[tokio::test]
async fn stateless_mode_calls_tools_without_a_handshake() {
    let server = HttpServer::start(&["--stateless"]);
    for session_id in [None, Some("replaced-by-the-platform")] {
        let mut headers = vec![JSON, ACCEPT];
        if let Some(id) = session_id {
            headers.push(("mcp-session-id", id));
        }
        let call = json!({"jsonrpc": "2.0", "id": 1, "method": "tools/call",
            "params": {"name": "zia_get_activation_status", "arguments": {}}});
        let (status, content_type, body) =
            post_raw(&server.url("/mcp"), &headers, call.to_string()).await;
        assert_eq!(status, 200, "{body}");
        let answer = body_message(&content_type, &body);
        assert_eq!(
            answer["result"]["structuredContent"]["status"],
            json!("ACTIVE"),
            "{answer}"
        );
    }
    let (status, content_type, body) = post_raw(
        &server.url("/mcp/"),
        &[JSON, ACCEPT],
        initialize("2099-01-01").to_string(),
    )
    .await;
    assert_eq!(status, 200, "/mcp/ is served, not redirected");
    let answer = body_message(&content_type, &body);
    assert_eq!(answer["result"]["protocolVersion"], json!("2025-11-25"));
}

#[tokio::test]
async fn health_and_ping_answer_load_balancers() {
    let server = HttpServer::start(&[]);
    let get = async |path: &str| -> Value {
        let response = http().get(server.url(path)).send().await.unwrap();
        assert_eq!(response.status(), 200, "{path}");
        response.json().await.unwrap()
    };
    assert_eq!(get("/health").await["status"], json!("ok"));
    let ping = get("/ping").await;
    assert_eq!(ping["status"], json!("Healthy"));
    assert!(ping["time_of_last_update"].as_u64().unwrap() > 1_700_000_000);
}

#[tokio::test]
async fn legacy_sse_round_trip() {
    let server = HttpServer::start(&[]);
    let response = http()
        .get(server.url("/sse"))
        .header("accept", "text/event-stream")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let mut events = SseEvents::new(response);
    let path = events.endpoint().await;
    let post_url = server.url(&path);
    let (status, _, _) = post_raw(&post_url, &[JSON], initialize("2024-11-05").to_string()).await;
    assert_eq!(status, 202);
    let init = events.next().await;
    assert!(
        init.contains("\"protocolVersion\":\"2024-11-05\""),
        "{init}"
    );
    let (status, _, _) = post_raw(
        &post_url,
        &[JSON],
        r#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#,
    )
    .await;
    assert_eq!(status, 202);
    let (status, _, _) = post_raw(&post_url, &[JSON], "{broken").await;
    assert_eq!(status, 202);
    let parse_error = events.next().await;
    assert!(parse_error.contains("-32700"), "{parse_error}");
    let call = json!({"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": {"name": "zia_get_activation_status"}});
    post_raw(&post_url, &[JSON], call.to_string()).await;
    let result = events.next().await;
    assert!(result.contains("\"ACTIVE\""), "{result}");
    let (status, _, _) = post_raw(&server.url("/messages?sessionId=unknown"), &[JSON], "{}").await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn prompts_resources_completions_and_cursors() {
    let server = HttpServer::start(&["--tools-page-size", "3"]);
    let mut session = Session::open(&server).await;

    let mut names = Vec::new();
    let mut cursor: Option<String> = None;
    for _ in 0..1000 {
        let params = match &cursor {
            Some(c) => json!({"cursor": c}),
            None => json!({}),
        };
        let page = session.request("tools/list", params).await;
        let tools = page["result"]["tools"].as_array().unwrap();
        assert!(tools.len() <= 3);
        names.extend(tools.iter().map(|t| t["name"].as_str().unwrap().to_owned()));
        cursor = page["result"]["nextCursor"].as_str().map(str::to_owned);
        if cursor.is_none() {
            break;
        }
    }
    // Every read tool of the build (writes are off by default), each once, in pages of three.
    let all = zscaler_catalogue::builtin_tools()
        .iter()
        .filter(|d| !d.action.is_write())
        .count();
    assert_eq!(names.len(), all, "{names:?}");
    let unique: std::collections::BTreeSet<&String> = names.iter().collect();
    assert_eq!(unique.len(), all, "{names:?}");
    let bad = session
        .request("tools/list", json!({"cursor": "garbage"}))
        .await;
    assert_eq!(bad["error"]["code"], json!(-32602), "{bad}");

    let prompts = session.request("prompts/list", json!({})).await;
    let investigate = prompts["result"]["prompts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "zscaler_investigate_access")
        .unwrap()
        .clone();
    assert_eq!(investigate["arguments"][0]["required"], json!(true));
    let got = session
        .request(
            "prompts/get",
            json!({"name": "zscaler_investigate_access",
                   "arguments": {"user": "ana@acme.com", "destination": "wiki.acme.internal"}}),
        )
        .await;
    let text = got["result"]["messages"][0]["content"]["text"]
        .as_str()
        .unwrap();
    assert!(
        text.contains("ana@acme.com") && text.contains("wiki.acme.internal"),
        "{text}"
    );
    let missing = session
        .request(
            "prompts/get",
            json!({"name": "zscaler_investigate_access", "arguments": {"user": "x"}}),
        )
        .await;
    assert_eq!(missing["error"]["code"], json!(-32602));
    assert!(
        missing["error"]["message"]
            .as_str()
            .unwrap()
            .contains("destination")
    );

    let services = session
        .request("resources/read", json!({"uri": "zscaler://services"}))
        .await;
    let text = services["result"]["contents"][0]["text"].as_str().unwrap();
    let doc: Value = serde_json::from_str(text).unwrap();
    assert_eq!(doc["services"][0]["service"], json!("zpa"));
    let tool = session
        .request(
            "resources/read",
            json!({"uri": "zscaler://tools/zia_list_users"}),
        )
        .await;
    assert!(
        tool["result"]["contents"][0]["text"]
            .as_str()
            .unwrap()
            .contains("/zia/api/v1/users")
    );
    let nothing = session
        .request("resources/read", json!({"uri": "zscaler://tools/nope"}))
        .await;
    assert_eq!(nothing["error"]["code"], json!(-32002), "{nothing}");

    let completion = session
        .request(
            "completion/complete",
            json!({"ref": {"type": "ref/resource", "uri": "zscaler://tools/{name}"},
                   "argument": {"name": "name", "value": "zpa_list_se"}}),
        )
        .await;
    assert_eq!(
        completion["result"]["completion"]["values"],
        json!([
            "zpa_list_segment_groups",
            "zpa_list_server_groups",
            "zpa_list_service_edges",
            "zpa_list_service_edge_groups"
        ])
    );
}

/// A 2026-07-28 request: no session, everything the server needs in `_meta` and headers.
async fn modern_request(server: &HttpServer, method: &str, mut params: Value) -> (u16, Value) {
    params["_meta"] = json!({
        "io.modelcontextprotocol/protocolVersion": "2026-07-28",
        "io.modelcontextprotocol/clientCapabilities": {},
        "io.modelcontextprotocol/clientInfo": {"name": "zscaler-mcp-tests", "version": "1"}
    });
    let body = json!({"jsonrpc": "2.0", "id": 41, "method": method, "params": params});
    let (status, content_type, text) = post_raw(
        &server.url("/mcp"),
        &[
            JSON,
            ACCEPT,
            ("mcp-protocol-version", "2026-07-28"),
            ("mcp-method", method),
        ],
        body.to_string(),
    )
    .await;
    (status, body_message(&content_type, &text))
}

#[tokio::test]
async fn methods_2026_07_28_removed_are_not_found_there_but_served_to_sessions() {
    let server = HttpServer::start(&[]);
    for method in ["initialize", "logging/setLevel", "resources/subscribe"] {
        let (status, answer) = modern_request(&server, method, json!({})).await;
        assert_eq!(status, 404, "{method}: {answer}");
        assert_eq!(answer["error"]["code"], json!(-32601), "{method}: {answer}");
        assert_eq!(answer["id"], json!(41), "{answer}");
    }
    // The same methods in a 2025-11-25 session.
    let mut session = Session::open(&server).await;
    let level = session
        .request("logging/setLevel", json!({"level": "debug"}))
        .await;
    assert_eq!(level["result"], json!({}), "{level}");
}

#[tokio::test]
async fn sessions_subscribe_to_resources_that_exist() {
    let server = HttpServer::start(&[]);
    let mut session = Session::open(&server).await;
    for uri in [
        "zscaler://catalogue",
        "zscaler://tools/zpa_list_segment_groups",
    ] {
        let ok = session
            .request("resources/subscribe", json!({"uri": uri}))
            .await;
        assert_eq!(ok["result"], json!({}), "{uri}: {ok}");
        let ok = session
            .request("resources/unsubscribe", json!({"uri": uri}))
            .await;
        assert_eq!(ok["result"], json!({}), "{uri}: {ok}");
    }
    for uri in ["zscaler://nothing-here", "zscaler://tools/no_such_tool"] {
        let refused = session
            .request("resources/subscribe", json!({"uri": uri}))
            .await;
        assert_eq!(refused["error"]["code"], json!(-32002), "{uri}: {refused}");
        assert_eq!(refused["error"]["data"]["uri"], json!(uri), "{refused}");
    }
}

#[tokio::test]
async fn the_server_declares_resource_subscriptions() {
    let server = HttpServer::start(&[]);
    let response = http()
        .post(server.url("/mcp"))
        .header("content-type", "application/json")
        .header("accept", ACCEPT_BOTH)
        .body(initialize("2025-11-25").to_string())
        .send()
        .await
        .unwrap();
    let content_type = response.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_owned();
    let answer = body_message(&content_type, &response.text().await.unwrap());
    assert_eq!(
        answer["result"]["capabilities"]["resources"]["subscribe"],
        json!(true),
        "{answer}"
    );
}

/// The conformance fixtures (`test_*` tools, `test://` resources and prompts) are served only
/// when asked for, and only by a build with the `conformance` feature.
#[tokio::test]
async fn conformance_fixtures_are_not_served_by_default() {
    let server = HttpServer::start(&[]);
    let mut session = Session::open(&server).await;
    let tools = session.request("tools/list", json!({})).await;
    let names: Vec<&str> = tools["result"]["tools"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert!(!names.is_empty());
    assert!(
        names
            .iter()
            .all(|n| !n.starts_with("test_") && *n != "json_schema_2020_12_tool"),
        "{names:?}"
    );
    let resources = session.request("resources/list", json!({})).await;
    assert!(!resources.to_string().contains("test://"), "{resources}");
    let prompts = session.request("prompts/list", json!({})).await;
    assert!(!prompts.to_string().contains("\"test_"), "{prompts}");
    let call = session
        .request(
            "tools/call",
            json!({"name": "test_simple_text", "arguments": {}}),
        )
        .await;
    assert_eq!(call["error"]["code"], json!(-32602), "{call}");
}

#[cfg(feature = "conformance")]
#[tokio::test]
async fn conformance_fixtures_are_served_on_request() {
    let server = HttpServer::start(&["--conformance-fixtures"]);
    let mut session = Session::open(&server).await;
    let call = session
        .request(
            "tools/call",
            json!({"name": "test_simple_text", "arguments": {}}),
        )
        .await;
    assert_eq!(
        call["result"]["content"][0]["text"],
        json!("This is a simple text response for testing."),
        "{call}"
    );
    let read = session
        .request("resources/read", json!({"uri": "test://static-text"}))
        .await;
    assert_eq!(
        read["result"]["contents"][0]["mimeType"],
        json!("text/plain")
    );
}

#[cfg(not(feature = "conformance"))]
#[test]
fn a_default_build_has_no_fixture_flag() {
    let output = common::zscaler_mcp()
        .args(["--conformance-fixtures", "--demo"])
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("--conformance-fixtures"), "{stderr}");
}
