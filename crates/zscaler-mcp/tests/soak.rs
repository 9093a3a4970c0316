//! Soak: many `tools/call` over many connections through the real server binary against the
//! standalone emulator, with zero errors and memory that stops growing once warm.
//!
//! CI runs it short; run it long with
//! `ZSCALER_MCP_SOAK_CALLS=1000000 cargo test --release -p zscaler-mcp --test soak -- --nocapture`
//! (`ZSCALER_MCP_SOAK_CONNECTIONS` sets the connections, 64 by default).

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use common::{HttpServer, Session, Upstream, body_message};
use parking_lot::Mutex;
use serde_json::json;

const TOOL: &str = "zia_get_activation_status";
/// RSS may grow this much (in per cent) between the end of the warm-up and the end of the run.
const MAX_GROWTH_PERCENT: f64 = 5.0;

fn setting(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .map(|v| {
            v.parse()
                .unwrap_or_else(|_| panic!("{name}={v}: not a number"))
        })
        .unwrap_or(default)
}

fn rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmRSS in /proc/PID/status")
}

/// Runs `calls` tool calls over `connections` concurrent requests in one session; returns the
/// failures (at most ten are kept, all are counted).
async fn run(
    session: &Session,
    calls: u64,
    connections: u64,
    upstream: &Upstream,
) -> (u64, Vec<String>) {
    let next = Arc::new(AtomicU64::new(0));
    let failures = Arc::new(AtomicU64::new(0));
    let kept = Arc::new(Mutex::new(Vec::new()));
    let mut tasks = Vec::new();
    for _ in 0..connections {
        let (next, failures, kept) = (next.clone(), failures.clone(), kept.clone());
        let (client, url, id) = (
            session.client.clone(),
            session.url.clone(),
            session.id.clone(),
        );
        let control = format!("{}/__emulator/requests", upstream.base);
        tasks.push(tokio::spawn(async move {
            loop {
                let n = next.fetch_add(1, Ordering::Relaxed);
                if n >= calls {
                    break;
                }
                // The emulator's request log would otherwise hold every call of a long run.
                if n > 0 && n % 50_000 == 0 {
                    let _ = client.delete(&control).send().await;
                }
                let message = json!({"jsonrpc": "2.0", "id": n + 1000, "method": "tools/call",
                    "params": {"name": TOOL, "arguments": {}}});
                let outcome = async {
                    let response = client
                        .post(&url)
                        .header("content-type", "application/json")
                        .header("accept", common::ACCEPT_BOTH)
                        .header("mcp-session-id", &id)
                        .header("mcp-protocol-version", "2025-11-25")
                        .body(message.to_string())
                        .send()
                        .await
                        .map_err(|e| format!("call {n}: {e}"))?;
                    let status = response.status();
                    let content_type = response
                        .headers()
                        .get("content-type")
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or_default()
                        .to_owned();
                    let body = response
                        .text()
                        .await
                        .map_err(|e| format!("call {n}: {e}"))?;
                    let reply = body_message(&content_type, &body);
                    if status != 200 || reply["id"] != json!(n + 1000) {
                        return Err(format!("call {n}: {status} {body}"));
                    }
                    if reply["result"]["isError"] == json!(true) || reply.get("error").is_some() {
                        return Err(format!("call {n}: {reply}"));
                    }
                    Ok(())
                }
                .await;
                if let Err(why) = outcome {
                    failures.fetch_add(1, Ordering::Relaxed);
                    let mut kept = kept.lock();
                    if kept.len() < 10 {
                        kept.push(why);
                    }
                }
            }
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    let kept = kept.lock().clone();
    (failures.load(Ordering::Relaxed), kept)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_calls_over_many_connections_fail_none_and_stop_growing() {
    let calls = setting("ZSCALER_MCP_SOAK_CALLS", 20_000);
    let connections = setting("ZSCALER_MCP_SOAK_CONNECTIONS", 64);
    // Long enough for the allocator to settle: buffers for every connection, pooled upstream
    // connections, the token cache.
    let warm_up = (calls / 4).max(10_000);

    let upstream = Upstream::start(&[]);
    let mut env = upstream.server_env();
    env.extend([
        ("ZSCALER_MCP_AUTH_MODE".to_owned(), "none".to_owned()),
        ("ZSCALER_MCP_RATE_LIMITS".to_owned(), "off".to_owned()),
    ]);
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let server = HttpServer::start_env(&["--port", "0"], &env);
    let pid = server.child.id();
    let session = Session::open(&server).await;

    let (failed, why) = run(&session, warm_up, connections, &upstream).await;
    assert_eq!(
        failed, 0,
        "{failed} of {warm_up} warm-up calls failed: {why:#?}"
    );
    let warm = rss_kib(pid);

    let (failed, why) = run(&session, calls, connections, &upstream).await;
    assert_eq!(failed, 0, "{failed} of {calls} calls failed: {why:#?}");
    let end = rss_kib(pid);

    let growth = (end as f64 - warm as f64) * 100.0 / warm as f64;
    eprintln!(
        "soak: {calls} calls of {TOOL} over {connections} connections after {warm_up} warm-up \
         calls; RSS {warm} KiB warm → {end} KiB at the end ({growth:+.1} %)"
    );
    assert!(
        growth < MAX_GROWTH_PERCENT,
        "RSS grew {growth:.1} % ({warm} → {end} KiB) over {calls} calls"
    );
}
