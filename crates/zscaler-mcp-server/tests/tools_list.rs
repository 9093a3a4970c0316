//! What `tools/list` shows: a snapshot of every tool's entry (so a change to a row's schema,
//! annotations or wording is seen in review), and its size with the read-only default.

use std::path::PathBuf;

use serde_json::Value;
use zscaler_catalogue::confirm::{Confirmations, DEFAULT_TTL, Keys};
use zscaler_catalogue::engine::{Engine, Settings, WriteGate};
use zscaler_catalogue::select::Selection;
use zscaler_catalogue::{Registry, builtin_tools};
use zscaler_mcp_server::{ServerOptions, ZscalerMcp};

fn server(writes: bool) -> ZscalerMcp {
    let gate = WriteGate::new(writes, &["*".to_owned()]).unwrap();
    let selection = Selection {
        writes: gate.clone(),
        ..Selection::default()
    };
    let registry = Registry::new(builtin_tools())
        .unwrap()
        .filtered(|d| selection.keeps(d));
    let engine = Engine::new(
        Settings {
            writes: gate,
            ..Settings::default()
        },
        Confirmations::new(Keys::random(), DEFAULT_TTL),
    );
    ZscalerMcp::new(registry, None, engine, ServerOptions::default())
}

fn entries(server: &ZscalerMcp) -> Vec<Value> {
    server
        .listed_tools()
        .iter()
        .map(|t| serde_json::to_value(t).unwrap())
        .collect()
}

#[test]
fn every_tool_entry_matches_the_snapshot() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots/tools-list.json");
    let want = serde_json::to_string_pretty(&entries(&server(true))).unwrap() + "\n";
    if std::env::var_os("ZSCALER_MCP_UPDATE_DOCS").is_some() {
        std::fs::write(&path, &want).unwrap();
        return;
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    if have != want {
        let have: Vec<Value> = serde_json::from_str(&have).unwrap_or_default();
        let want: Vec<Value> = serde_json::from_str(&want).unwrap();
        let changed: Vec<&str> = want
            .iter()
            .filter(|w| !have.contains(w))
            .filter_map(|w| w["name"].as_str())
            .collect();
        panic!(
            "tools/list entries changed ({changed:?}); review, then run ZSCALER_MCP_UPDATE_DOCS=1 cargo test -p zscaler-mcp-server --test tools_list"
        );
    }
}

#[test]
fn read_only_tools_list_stays_small() {
    let tools = entries(&server(false));
    let bytes = serde_json::to_string(&serde_json::json!({ "tools": tools }))
        .unwrap()
        .len();
    let average = bytes / tools.len();
    // The Python server spends about 1,050 bytes per tool.
    assert!(
        average <= 450,
        "read-only tools/list is {bytes} bytes for {} tools: {average} per tool (limit 450)",
        tools.len()
    );
}

#[test]
fn write_tools_appear_only_when_allowed() {
    let read_only = entries(&server(false));
    let all = entries(&server(true));
    assert!(all.len() > read_only.len());
    assert!(
        read_only
            .iter()
            .all(|t| t["annotations"]["readOnlyHint"] == true)
    );
    let delete = all
        .iter()
        .find(|t| t["name"].as_str().is_some_and(|n| n.contains("_delete_")));
    if let Some(delete) = delete {
        // destructiveHint defaults to true, so the lean list leaves it out; it must never
        // be false on a delete.
        assert_ne!(delete["annotations"]["destructiveHint"], false, "{delete}");
        assert_ne!(delete["annotations"]["readOnlyHint"], true, "{delete}");
        assert!(delete["inputSchema"]["properties"]["confirmation_token"].is_object());
    }
}
