//! Which tools the binary serves: write gating, selection flags, `--list-tools`, discover mode
//! and legacy names, seen from outside.

mod common;

use std::process::Output;

use common::{StdioServer, Upstream, zscaler_mcp};
use serde_json::{Value, json};

fn list(args: &[&str]) -> Output {
    zscaler_mcp()
        .arg("--list-tools")
        .args(args)
        .env_remove("ZSCALER_MCP_WRITE_ENABLED")
        .env_remove("ZSCALER_MCP_WRITE_TOOLS")
        .output()
        .expect("run zscaler-mcp --list-tools")
}

fn names(args: &[&str]) -> Vec<String> {
    let out = list(&[args, &["--format", "json"]].concat());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let tools: Vec<Value> = serde_json::from_slice(&out.stdout).expect("a JSON array");
    tools
        .iter()
        .map(|t| t["name"].as_str().unwrap().to_owned())
        .collect()
}

fn is_write(name: &str) -> bool {
    [
        "_create_",
        "_update_",
        "_delete_",
        "_add_",
        "_remove_",
        "_activate_",
        "_bulk_",
    ]
    .iter()
    .any(|w| name.contains(w))
}

#[test]
fn read_only_unless_both_write_flags_are_given() {
    let read_only = names(&[]);
    assert!(read_only.iter().any(|n| n == "zia_list_users"));
    assert!(!read_only.iter().any(|n| is_write(n)), "{read_only:?}");
    assert_eq!(names(&["--enable-write-tools"]), read_only);
    assert_eq!(names(&["--write-tools", "*"]), read_only);
    let zia_writes = names(&["--enable-write-tools", "--write-tools", "zia_*"]);
    let added: Vec<&String> = zia_writes
        .iter()
        .filter(|n| !read_only.contains(n))
        .collect();
    assert!(!added.is_empty(), "some ZIA write tools exist");
    assert!(
        added.iter().all(|n| n.starts_with("zia_") && is_write(n)),
        "{added:?}"
    );
    // The text listing says what is enabled.
    let text = String::from_utf8(list(&[]).stdout).unwrap();
    assert!(text.contains("(0 write)"), "{text}");
}

#[test]
fn selection_flags_narrow_and_disabled_tools_win() {
    let zia = names(&["--services", "zia", "--disabled-tools", "zia_list_u*"]);
    assert!(!zia.is_empty());
    assert!(zia.iter().all(|n| n.starts_with("zia_")), "{zia:?}");
    assert!(!zia.iter().any(|n| n == "zia_list_users"));
    let users = names(&["--toolsets", "zia_users"]);
    assert!(users.iter().any(|n| n == "zia_list_users"), "{users:?}");
    assert!(
        !users.iter().any(|n| n == "zia_list_locations"),
        "{users:?}"
    );
    assert_eq!(names(&["--toolsets", "all"]), names(&[]));
    let no_zpa = names(&["--disabled-services", "zpa"]);
    assert!(no_zpa.iter().all(|n| !n.starts_with("zpa_")));
    assert_eq!(
        names(&["--tool-mode", "discover"]),
        [
            "zscaler_search_tools",
            "zscaler_describe_tool",
            "zscaler_call_tool"
        ]
    );
}

#[test]
fn bad_selection_values_are_named() {
    for (args, named) in [
        (
            &["--write-tools", "zia_[", "--enable-write-tools"][..],
            "--write-tools",
        ),
        (&["--disabled-tools", "["][..], "--disabled-tools"),
        (&["--disabled-services", "zxx"][..], "--disabled-services"),
        (&["--max-response-bytes", "10"][..], "--max-response-bytes"),
    ] {
        let out = list(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(named), "{args:?}: {err}");
    }
}

fn call(server: &mut StdioServer, id: u64, name: &str, arguments: Value) -> Value {
    server.send(json!({"jsonrpc": "2.0", "id": id, "method": "tools/call",
        "params": {"name": name, "arguments": arguments}}));
    let reply = server.recv();
    assert_eq!(reply["id"], json!(id), "{reply}");
    reply["result"].clone()
}

fn handshake(server: &mut StdioServer) {
    server.send(
        json!({"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": {
        "protocolVersion": "2025-11-25", "capabilities": {},
        "clientInfo": {"name": "selection-test", "version": "1"}}}),
    );
    assert!(server.recv()["result"]["serverInfo"].is_object());
    server.send(json!({"jsonrpc": "2.0", "method": "notifications/initialized"}));
}

#[test]
fn discover_mode_reaches_every_enabled_tool_with_the_same_checks() {
    let mut server = StdioServer::start(&["--tool-mode", "discover"]);
    handshake(&mut server);
    let found = call(
        &mut server,
        1,
        "zscaler_search_tools",
        json!({"words": "zia users"}),
    );
    let tools = found["structuredContent"]["tools"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(tools[0]["name"], "zia_list_users", "{found}");
    let described = call(
        &mut server,
        2,
        "zscaler_describe_tool",
        json!({"name": "zia_list_users"}),
    );
    assert!(described["structuredContent"]["inputSchema"]["properties"]["page_size"].is_object());
    let listed = call(
        &mut server,
        3,
        "zscaler_call_tool",
        json!({"name": "zia_list_users", "arguments": {"page_size": 2}}),
    );
    assert_eq!(listed["structuredContent"]["count"], 2, "{listed}");
    let refused = call(
        &mut server,
        4,
        "zscaler_call_tool",
        json!({"name": "zia_list_users", "arguments": {"bogus": 1}}),
    );
    assert_eq!(refused["isError"], true);
    assert!(
        refused["content"][0]["text"]
            .as_str()
            .unwrap()
            .contains("`bogus`"),
        "{refused}"
    );
    // A write tool that is not enabled is out of reach through discovery too.
    let write = call(
        &mut server,
        5,
        "zscaler_call_tool",
        json!({"name": "zia_create_rule_label", "arguments": {"name": "x"}}),
    );
    assert_eq!(write["isError"], true, "{write}");
    // Legacy names answer, unlisted.
    let legacy = call(&mut server, 6, "get_zia_users", json!({"page_size": 1}));
    assert_eq!(legacy["structuredContent"]["count"], 1, "{legacy}");
}

fn listed_names(server: &mut StdioServer) -> Vec<String> {
    server.send(json!({"jsonrpc": "2.0", "id": 1, "method": "tools/list"}));
    let reply = server.recv();
    reply["result"]["tools"]
        .as_array()
        .unwrap_or_else(|| panic!("{reply}"))
        .iter()
        .map(|t| t["name"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn the_tokens_entitlements_narrow_the_services_unless_told_not_to() {
    let emu = Upstream::start(&["--products", "ZIA"]);
    let start = |extra: &[&str]| {
        let mut command = zscaler_mcp();
        command
            .args(extra)
            .envs(emu.env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .env("ZSCALER_CLIENT_SECRET", "emulator-secret")
            .env("ZSCALER_VANITY_DOMAIN", "entitlements-test");
        let mut server = StdioServer::spawn(command);
        handshake(&mut server);
        server
    };
    let entitled = listed_names(&mut start(&[]));
    assert!(!entitled.is_empty());
    assert!(
        entitled.iter().all(|n| n.starts_with("zia_")),
        "{entitled:?}"
    );
    let everything = listed_names(&mut start(&["--no-entitlement-filter"]));
    assert!(
        everything.iter().any(|n| n.starts_with("zpa_")),
        "{everything:?}"
    );
}
