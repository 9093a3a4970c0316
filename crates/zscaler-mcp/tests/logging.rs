//! Logging through the binary: the level from `LOG_LEVEL`, JSON lines, a bad level refused, and
//! `LOG_HEADERS` showing what a platform forwards without the credentials.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::process::Stdio;
use std::time::Duration;

use common::{initialize, zscaler_mcp};
use serde_json::Value;

/// Runs the stdio server on the demo tenant through one initialize; returns its stderr.
fn stdio_stderr(env: &[(&str, &str)], args: &[&str]) -> (Option<i32>, String) {
    let mut command = zscaler_mcp();
    command.arg("--demo").args(args);
    for (k, v) in env {
        command.env(k, v);
    }
    let mut child = command
        .env_remove("RUST_LOG")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let _ = writeln!(stdin, "{}", initialize("2025-11-25"));
    drop(stdin);
    let output = child.wait_with_output().unwrap();
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn json_lines_at_the_level_log_level_asks_for() {
    let (code, stderr) = stdio_stderr(&[("LOG_LEVEL", "DEBUG")], &["--log-format", "json"]);
    assert_eq!(code, Some(0), "{stderr}");
    let lines: Vec<Value> = stderr
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect();
    assert!(!lines.is_empty());
    assert!(
        lines
            .iter()
            .all(|l| l["level"].is_string() && l["timestamp"].is_string())
    );
    assert!(lines.iter().any(|l| l["level"] == "DEBUG"), "{stderr}");

    let (_, quiet) = stdio_stderr(&[("ZSCALER_MCP_LOG_LEVEL", "warn")], &[]);
    assert!(!quiet.contains(" INFO "), "{quiet}");
}

#[test]
fn an_unknown_level_is_refused() {
    let (code, stderr) = stdio_stderr(&[("LOG_LEVEL", "verbose")], &[]);
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("LOG_LEVEL") && stderr.contains("verbose"),
        "{stderr}"
    );
}

#[tokio::test]
async fn log_headers_shows_what_arrives_without_credentials() {
    let key = "hdr-key-5c0ffee";
    let mut child = zscaler_mcp()
        .args(["--demo", "--transport", "streamable-http", "--port", "0"])
        .env("LOG_HEADERS", "true")
        .env("ZSCALER_MCP_AUTH_API_KEY", key)
        .env_remove("RUST_LOG")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    let url = line
        .trim()
        .strip_prefix("zscaler-mcp listening on ")
        .unwrap()
        .to_owned();
    let answer = common::http()
        .post(&url)
        .header("content-type", "application/json")
        .header("accept", common::ACCEPT_BOTH)
        .header("x-api-key", key)
        .header(
            "x-amzn-bedrock-agentcore-runtime-session-id",
            "runtime-session-42",
        )
        .body(initialize("2025-11-25").to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 200);
    tokio::time::sleep(Duration::from_millis(200)).await;
    let _ = child.kill();
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    let logged = stderr
        .lines()
        .find(|l| l.contains("runtime-session-42"))
        .unwrap_or_else(|| panic!("no header line: {stderr}"));
    assert!(
        logged.contains("POST") && logged.contains("/mcp"),
        "{logged}"
    );
    assert!(logged.contains("x-api-key: [redacted]"), "{logged}");
    assert!(!stderr.contains(key), "the API key reached the log");
}
