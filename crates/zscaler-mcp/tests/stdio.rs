//! The stdio transport end to end: only protocol frames on stdout, bad input answered, the
//! session survives it, and a client that closes stdin still gets its answers.

mod common;

use common::{StdioServer, initialize};
use serde_json::json;

#[test]
fn stdio_survives_bad_input_and_answers_everything() {
    let mut server = StdioServer::start(&[]);
    // A dual-era client probes first (Python mcp 2.x); the answer is an error, not silence.
    server.send(json!({"jsonrpc": "2.0", "id": "probe", "method": "server/discover"}));
    let probe = server.recv();
    assert_eq!(probe["id"], json!("probe"));
    assert!(probe["error"]["code"].is_i64(), "{probe}");

    server.send_raw("this is not json");
    assert_eq!(server.recv()["error"]["code"], json!(-32700));
    // A notification before initialize is dropped instead of ending the session.
    server.send(json!({"jsonrpc": "2.0", "method": "notifications/initialized"}));

    server.send(initialize("2025-06-18"));
    let init = server.recv();
    assert_eq!(init["result"]["protocolVersion"], json!("2025-06-18"));
    assert!(
        init["result"]["instructions"]
            .as_str()
            .unwrap()
            .contains("zpa_")
    );
    server.send(json!({"jsonrpc": "2.0", "method": "notifications/initialized"}));

    server.send(
        json!({"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": {"arguments": {}}}),
    );
    let missing = server.recv();
    assert_eq!(missing["error"]["code"], json!(-32602));
    assert!(
        missing["error"]["message"]
            .as_str()
            .unwrap()
            .contains("params.name")
    );

    server.send(json!({"jsonrpc": "2.0", "id": 2, "method": "ping"}));
    assert_eq!(
        server.recv(),
        json!({"jsonrpc": "2.0", "id": 2, "result": {}})
    );

    // Closing stdin right after a request still gets the answer before exit.
    server.send(json!({"jsonrpc": "2.0", "id": 3, "method": "tools/call",
        "params": {"name": "zia_list_users", "arguments": {"page_size": 600}}}));
    server.close_stdin();
    let rest = server.remaining();
    assert_eq!(rest.len(), 1, "{rest:?}");
    let last: serde_json::Value = serde_json::from_str(&rest[0]).unwrap();
    assert_eq!(last["id"], json!(3));
    assert_eq!(last["result"]["structuredContent"]["count"], json!(600));
    let status = server.child.wait().unwrap();
    assert!(status.success(), "{status}");
}
