//! The `zscaler-mcp` binary as a user runs it.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn zscaler_mcp() -> Command {
    Command::new(env!("CARGO_BIN_EXE_zscaler-mcp"))
}

/// Waits (bounded) for the child to exit.
fn wait_exit(child: &mut Child, limit: Duration) -> Option<std::process::ExitStatus> {
    let started = Instant::now();
    while started.elapsed() < limit {
        if let Some(status) = child.try_wait().unwrap() {
            return Some(status);
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    None
}

#[tokio::test]
async fn emulator_serves_until_sigterm() {
    let mut child = zscaler_mcp()
        .args(["emulator", "--listen", "127.0.0.1:0", "--seed", "5"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let base = first.trim().rsplit(' ').next().unwrap().to_owned();
    assert!(base.starts_with("http://127.0.0.1:"), "{first}");

    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    let token: serde_json::Value = http
        .post(format!("{base}/oauth2/v1/token"))
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", "emulator-client"),
            ("client_secret", "emulator-secret"),
            ("audience", "https://api.zscaler.com"),
        ])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let status = http
        .get(format!("{base}/zia/api/v1/status"))
        .bearer_auth(token["access_token"].as_str().unwrap())
        .send()
        .await
        .unwrap()
        .status();
    assert_eq!(status, 200);

    Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    let exit = wait_exit(&mut child, Duration::from_secs(20)).expect("exits after SIGTERM");
    assert!(exit.success(), "{exit}");
}

#[test]
fn bad_flags_are_named_without_a_backtrace() {
    let out = zscaler_mcp()
        .args([
            "emulator",
            "--listen",
            "127.0.0.1:0",
            "--faults",
            "teapot@*",
        ])
        .env("RUST_BACKTRACE", "1")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("teapot@*"), "{stderr}");
    assert!(!stderr.contains("backtrace"), "{stderr}");
}
