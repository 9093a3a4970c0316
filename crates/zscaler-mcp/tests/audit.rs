//! The audit trail through the binary: one JSON line per tool call with caller, tool, redacted
//! arguments, outcome, duration and the OneAPI request ids the call caused.

mod common;

use std::time::Duration;

use common::{HttpServer, Session};
use serde_json::{Value, json};

fn read_records(path: &std::path::Path, at_least: usize) -> Vec<Value> {
    // The record is written before the answer is sent, but allow the file system a moment.
    for _ in 0..50 {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        let records: Vec<Value> = text
            .lines()
            .map(|line| serde_json::from_str(line).expect("each audit line is one JSON object"))
            .collect();
        if records.len() >= at_least {
            return records;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("fewer than {at_least} audit records in {}", path.display());
}

#[tokio::test]
async fn every_tool_call_leaves_one_redacted_record() {
    let dir = std::env::temp_dir().join(format!("zscaler-mcp-audit-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("audit.jsonl");
    let _ = std::fs::remove_file(&path);
    let server = HttpServer::start(&["--audit-log", path.to_str().unwrap()]);
    let mut session = Session::open(&server).await;

    let listed = session
        .request(
            "tools/call",
            json!({"name": "zia_list_locations", "arguments": {"page_size": 2}}),
        )
        .await;
    assert_eq!(listed["result"]["isError"], json!(false), "{listed}");
    let refused = session
        .request(
            "tools/call",
            json!({"name": "zia_list_locations", "arguments": {
                "client_secret": "SEEKRIT-value", "note": "Bearer abc.def.ghi"}}),
        )
        .await;
    assert_eq!(refused["result"]["isError"], json!(true), "{refused}");
    let (_, unknown) = session
        .post(json!({"jsonrpc": "2.0", "id": 77, "method": "tools/call",
            "params": {"name": "zia_no_such_tool", "arguments": {}}}))
        .await;
    assert!(unknown["error"].is_object(), "{unknown}");

    let records = read_records(&path, 3);
    assert_eq!(records.len(), 3, "{records:#?}");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        !text.contains("SEEKRIT") && !text.contains("abc.def.ghi"),
        "{text}"
    );

    let ok = &records[0];
    assert_eq!(ok["tool"], "zia_list_locations");
    assert_eq!(ok["outcome"], "ok");
    assert_eq!(ok["arguments"], json!({"page_size": 2}));
    assert_eq!(ok["caller"], format!("session:{}", session.id));
    assert!(ok["duration_ms"].is_u64());
    assert!(ok["time"].as_str().unwrap().ends_with('Z'));
    let ids = ok["oneapi_request_ids"].as_array().unwrap();
    assert!(
        !ids.is_empty()
            && ids
                .iter()
                .all(|id| id.as_str().is_some_and(|s| !s.is_empty())),
        "{ok}"
    );

    let bad = &records[1];
    assert_eq!(bad["outcome"], "tool_error");
    assert_eq!(bad["arguments"]["client_secret"], "***REDACTED***");
    assert_eq!(bad["arguments"]["note"], "***REDACTED***");
    assert!(
        bad["error"].as_str().unwrap().contains("client_secret"),
        "{bad}"
    );
    assert_eq!(
        bad["oneapi_request_ids"],
        json!([]),
        "refused before any OneAPI call"
    );

    assert_eq!(records[2]["tool"], "zia_no_such_tool");
    assert_eq!(records[2]["outcome"], "error");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn stdout_cannot_carry_audit_on_stdio() {
    let output = common::zscaler_mcp()
        .args(["--demo", "--audit-log", "stdout"])
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("ZSCALER_MCP_AUDIT_LOG"), "{stderr}");
}
