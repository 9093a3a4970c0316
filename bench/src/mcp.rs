//! `mcp-bench`: the MCP server's own figures, measured against the release binary.
//! - process start → first `initialize` answered over stdio (with and without `--demo`);
//! - `ping` and `tools/list` requests/s at N connections sharing one session (unique ids);
//! - resident memory (current and peak) after the load;
//! - `tools/list` size (bytes, approximate tokens) read-only and with every write tool;
//! - `tools/call` against a loopback emulator at 16 connections, and the latency the server
//!   adds over calling the emulator directly (p50/p99, same run).
//!
//! Prints a Markdown table; asserts nothing.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use serde_json::{Value, json};
use zscaler_mcp_bench::{Emulator, initialize, open_session, percentile, rss_kib};

struct Args {
    server: String,
    secs: u64,
    connections: usize,
    starts: usize,
}

fn parse_args() -> Result<Args> {
    let mut args = Args {
        server: "target/release/zscaler-mcp".into(),
        secs: 5,
        connections: 8,
        starts: 30,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().with_context(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--server" => args.server = value,
            "--secs" => args.secs = value.parse().context("--secs")?,
            "--connections" => args.connections = value.parse().context("--connections")?,
            "--starts" => args.starts = value.parse().context("--starts")?,
            other => bail!("unknown flag {other}"),
        }
    }
    Ok(args)
}

/// Spawns the server on stdio and times until its answer to `initialize` is read.
fn time_to_first_initialize(server: &str, extra: &[&str]) -> Result<Duration> {
    let started = Instant::now();
    let mut child = Command::new(server)
        .args(extra)
        .env_remove("ZSCALER_CLIENT_ID")
        .env("RUST_LOG", "error")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .context("spawn the server")?;
    let mut stdin = child.stdin.take().unwrap();
    writeln!(stdin, "{}", initialize(1))?;
    stdin.flush()?;
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line)?;
    let elapsed = started.elapsed();
    let _ = child.kill();
    let _ = child.wait();
    if !line.contains("\"protocolVersion\"") {
        bail!("unexpected answer: {line}");
    }
    Ok(elapsed)
}

/// Runs `method` from `connections` tasks (one keep-alive connection each) in one session.
async fn load(
    url: &str,
    session: &str,
    method: &'static str,
    connections: usize,
    secs: u64,
) -> Result<f64> {
    let next_id = Arc::new(AtomicU64::new(1000));
    let done = Arc::new(AtomicU64::new(0));
    let deadline = Instant::now() + Duration::from_secs(secs);
    let mut tasks = Vec::new();
    for _ in 0..connections {
        let client = reqwest::Client::builder()
            .pool_max_idle_per_host(1)
            .http1_only()
            .build()?;
        let (url, session) = (url.to_owned(), session.to_owned());
        let (next_id, done) = (next_id.clone(), done.clone());
        tasks.push(tokio::spawn(async move {
            while Instant::now() < deadline {
                // Unique ids: a reused in-flight id would hang the session.
                let id = next_id.fetch_add(1, Ordering::Relaxed);
                let body = json!({"jsonrpc": "2.0", "id": id, "method": method, "params": {}});
                let response = client
                    .post(&url)
                    .header("content-type", "application/json")
                    .header("accept", "application/json, text/event-stream")
                    .header("mcp-session-id", &session)
                    .header("mcp-protocol-version", "2025-11-25")
                    .body(body.to_string())
                    .send()
                    .await?;
                let text = response.text().await?;
                if !text.contains("\"result\"") {
                    anyhow::bail!("{method} failed: {text}");
                }
                done.fetch_add(1, Ordering::Relaxed);
            }
            Ok::<_, anyhow::Error>(())
        }));
    }
    let started = Instant::now();
    for task in tasks {
        task.await??;
    }
    Ok(done.load(Ordering::Relaxed) as f64 / started.elapsed().as_secs_f64())
}

#[tokio::main]
async fn main() -> Result<()> {
    let args = parse_args()?;

    println!(
        "## Start-up: process start → first initialize answered (stdio, {} runs)",
        args.starts
    );
    println!();
    println!("| mode | median | p90 | max |");
    println!("| --- | --- | --- | --- |");
    for (label, extra) in [
        ("no credentials", &[][..]),
        ("--demo (emulator in process)", &["--demo"][..]),
    ] {
        let mut times = Vec::new();
        for _ in 0..args.starts {
            times.push(time_to_first_initialize(&args.server, extra)?);
        }
        times.sort();
        println!(
            "| {label} | {:.1} ms | {:.1} ms | {:.1} ms |",
            percentile(&times, 0.5).as_secs_f64() * 1e3,
            percentile(&times, 0.9).as_secs_f64() * 1e3,
            times.last().unwrap().as_secs_f64() * 1e3
        );
    }

    println!();
    println!(
        "## Throughput: one session, {} connections, {} s each, load generator in the same machine",
        args.connections, args.secs
    );
    println!();
    println!("| server | method | requests/s |");
    println!("| --- | --- | --- |");
    let idle = throughput(&args, "read-only (153 tools)", &[], &["ping", "tools/list"]).await?;
    let full = throughput(
        &args,
        "all writes (291 tools)",
        &["--enable-write-tools", "--write-tools", "*"],
        &["tools/list"],
    )
    .await?;
    println!();
    println!("## Memory (HTTP server, no credentials)");
    println!();
    println!("| when | RSS |");
    println!("| --- | --- |");
    println!("| idle after start | {:.1} MiB |", idle.0 as f64 / 1024.0);
    println!(
        "| after the load above (read-only) | {:.1} MiB (peak {:.1} MiB) |",
        idle.1 as f64 / 1024.0,
        idle.2 as f64 / 1024.0
    );
    println!(
        "| after the load above (all writes) | {:.1} MiB (peak {:.1} MiB) |",
        full.1 as f64 / 1024.0,
        full.2 as f64 / 1024.0
    );
    tools_list_size(&args.server)?;
    call_latency(&args.server, args.secs).await?;
    Ok(())
}

/// Starts `command` as a quiet streamable-HTTP server without client authentication (the
/// load generator is on loopback); returns it and its MCP URL.
fn start_http(mut command: Command) -> Result<(std::process::Child, String)> {
    let mut child = command
        .args(["--transport", "streamable-http", "--port", "0"])
        .env("ZSCALER_MCP_AUTH_MODE", "none")
        .env("RUST_LOG", "error")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()?;
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line)?;
    let url = line
        .trim()
        .strip_prefix("zscaler-mcp listening on ")
        .context("no listening line")?
        .to_owned();
    Ok((child, url))
}

/// Starts an HTTP server with `extra` flags, loads it with each method in one session, prints
/// one table row per method, and returns its RSS in KiB: idle, after the load, and peak.
async fn throughput(
    args: &Args,
    label: &str,
    extra: &[&str],
    methods: &[&'static str],
) -> Result<(u64, u64, u64)> {
    let mut command = Command::new(&args.server);
    command.args(extra).env_remove("ZSCALER_CLIENT_ID");
    let (mut child, url) = start_http(command)?;
    let pid = child.id();
    let (idle_rss, _) = rss_kib(pid);
    let session = open_session(&reqwest::Client::new(), &url).await?;
    for &method in methods {
        let rate = load(&url, &session, method, args.connections, args.secs).await?;
        println!("| {label} | `{method}` | {rate:.0} |");
    }
    let (rss, peak) = rss_kib(pid);
    let _ = child.kill();
    let _ = child.wait();
    Ok((idle_rss, rss, peak))
}

/// `tools/list` as a client receives it (`{"tools": [...]}`, compact), for one configuration.
fn tools_list_bytes(server: &str, extra: &[&str]) -> Result<(usize, usize)> {
    let out = Command::new(server)
        .args(["--list-tools", "--format", "json"])
        .args(extra)
        .env_remove("ZSCALER_MCP_WRITE_ENABLED")
        .env_remove("ZSCALER_MCP_WRITE_TOOLS")
        .output()?;
    if !out.status.success() {
        bail!(
            "--list-tools failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let tools: Value = serde_json::from_slice(&out.stdout)?;
    let count = tools.as_array().map_or(0, Vec::len);
    Ok((count, json!({ "tools": tools }).to_string().len()))
}

fn tools_list_size(server: &str) -> Result<()> {
    println!();
    println!("## tools/list size (compact JSON; tokens ≈ bytes / 4)");
    println!();
    println!("| configuration | tools | bytes | bytes/tool | tokens (approx.) |");
    println!("| --- | --- | --- | --- | --- |");
    for (label, extra) in [
        ("read-only (default)", &[][..]),
        (
            "every write tool",
            &["--enable-write-tools", "--write-tools", "*"][..],
        ),
        ("discover mode", &["--tool-mode", "discover"][..]),
    ] {
        let (count, bytes) = tools_list_bytes(server, extra)?;
        println!(
            "| {label} | {count} | {bytes} | {} | {} |",
            bytes / count.max(1),
            bytes / 4
        );
    }
    Ok(())
}

/// Sends requests from `connections` loops for `secs`; returns each request's latency.
async fn timed_load<F, Fut>(connections: usize, secs: u64, request: F) -> Result<Vec<Duration>>
where
    F: Fn(reqwest::Client, u64) -> Fut + Send + Sync + Clone + 'static,
    Fut: std::future::Future<Output = Result<()>> + Send,
{
    let next_id = Arc::new(AtomicU64::new(1000));
    let deadline = Instant::now() + Duration::from_secs(secs);
    let mut tasks = Vec::new();
    for _ in 0..connections {
        let client = reqwest::Client::builder()
            .pool_max_idle_per_host(1)
            .http1_only()
            .build()?;
        let (next_id, request) = (next_id.clone(), request.clone());
        tasks.push(tokio::spawn(async move {
            let mut times = Vec::new();
            while Instant::now() < deadline {
                let id = next_id.fetch_add(1, Ordering::Relaxed);
                let started = Instant::now();
                request(client.clone(), id).await?;
                times.push(started.elapsed());
            }
            Ok::<_, anyhow::Error>(times)
        }));
    }
    let mut all = Vec::new();
    for task in tasks {
        all.extend(task.await??);
    }
    all.sort();
    Ok(all)
}

async fn call_latency(server: &str, secs: u64) -> Result<()> {
    let emulator = Emulator::start(server, None)?;
    let (base, env) = (emulator.base.clone(), emulator.env.clone());
    let token = emulator.token(&reqwest::Client::new()).await?;

    let mut command = Command::new(server);
    command
        .envs(env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .env("ZSCALER_CLIENT_ID", "emulator-client")
        .env("ZSCALER_CLIENT_SECRET", "emulator-secret")
        .env("ZSCALER_VANITY_DOMAIN", "bench")
        .env("ZSCALER_MCP_RATE_LIMITS", "off");
    let (mut child, url) = start_http(command)?;
    let session = open_session(&reqwest::Client::new(), &url).await?;

    // One connection shows what the server adds to a call; sixteen show it under load, where
    // on a small machine the generator, the server and the emulator share the cores.
    for connections in [1, 16] {
        let status_url = format!("{base}/zia/api/v1/status");
        let (token, url, session) = (token.clone(), url.clone(), session.clone());
        let direct = timed_load(connections, secs, move |client, _| {
            let (url, token) = (status_url.clone(), token.clone());
            async move {
                let text = client
                    .get(&url)
                    .bearer_auth(&token)
                    .send()
                    .await?
                    .text()
                    .await?;
                if !text.contains("status") {
                    bail!("unexpected answer: {text}");
                }
                Ok(())
            }
        })
        .await?;
        let through = timed_load(connections, secs, move |client, id| {
            let (url, session) = (url.clone(), session.clone());
            async move {
                let body = json!({"jsonrpc": "2.0", "id": id, "method": "tools/call",
                    "params": {"name": "zia_get_activation_status", "arguments": {}}});
                let text = client
                    .post(&url)
                    .header("content-type", "application/json")
                    .header("accept", "application/json, text/event-stream")
                    .header("mcp-session-id", &session)
                    .header("mcp-protocol-version", "2025-11-25")
                    .body(body.to_string())
                    .send()
                    .await?
                    .text()
                    .await?;
                if !text.contains("structuredContent") {
                    bail!("tools/call failed: {text}");
                }
                Ok(())
            }
        })
        .await?;
        println!();
        println!(
            "## tools/call zia_get_activation_status vs the emulator directly ({connections} connection(s), {secs} s each, loopback)"
        );
        println!();
        println!("| path | requests/s | p50 | p99 |");
        println!("| --- | --- | --- | --- |");
        let row = |label: &str, times: &[Duration]| {
            println!(
                "| {label} | {:.0} | {:.2} ms | {:.2} ms |",
                times.len() as f64 / secs as f64,
                percentile(times, 0.5).as_secs_f64() * 1e3,
                percentile(times, 0.99).as_secs_f64() * 1e3
            );
        };
        row("emulator GET /zia/api/v1/status", &direct);
        row("MCP tools/call through zscaler-mcp", &through);
        println!(
            "| added by the server | | {:.2} ms | {:.2} ms |",
            (percentile(&through, 0.5).as_secs_f64() - percentile(&direct, 0.5).as_secs_f64())
                * 1e3,
            (percentile(&through, 0.99).as_secs_f64() - percentile(&direct, 0.99).as_secs_f64())
                * 1e3
        );
    }
    let _ = child.kill();
    let _ = child.wait();
    drop(emulator);
    Ok(())
}
