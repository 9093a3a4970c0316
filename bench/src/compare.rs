//! `mcp-compare`: zscaler-mcp side by side with the Python zscaler-mcp server (PyPI 0.15.4)
//! on one machine, against one emulator serving HTTPS, in one run: start-up to the first
//! answer, memory, `tools/list` size, and `ping`, `tools/list` and `tools/call` requests/s
//! with p50/p99 latency at several connection counts; also the emulator's own rate over TLS,
//! what each server adds to a call at one connection, and (unless `--growth off`) how
//! `tools/call` cost and memory grow with result size, open sessions (1 → 10,000) and
//! catalogue size.
//!
//! `bench/compare.sh` prepares the Python venv, the certificates and the resolver override
//! (`bench/python/sitecustomize.py`), then runs this. Prints Markdown; asserts nothing.

use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use serde_json::{Value, json};
use zscaler_mcp_bench::{
    Emulator, Guard, LoadReport, call, check, clip, connection, drain, initialize, load_average,
    open_session, percentile, post, rss_kib, run_load,
};

/// The ZIdentity vanity domain both servers are configured with; the Python server's token URL
/// is `https://bench.zslogin.net/oauth2/v1/token`, which the bench certificate names.
const VANITY: &str = "bench";
/// The host names the Python SDK calls, resolved to the emulator by `sitecustomize.py`.
const PYTHON_HOSTS: &str = "bench.zslogin.net,api.zsapi.net";

struct Args {
    rust: String,
    python: String,
    tls_cert: PathBuf,
    tls_key: PathBuf,
    ca: PathBuf,
    python_site: PathBuf,
    work: PathBuf,
    secs: u64,
    connections: Vec<usize>,
    rust_starts: usize,
    python_starts: usize,
    tool: String,
    timeout: Duration,
    growth: bool,
}

fn parse_args() -> Result<Args> {
    let mut args = Args {
        rust: "target/release/zscaler-mcp".into(),
        python: String::new(),
        tls_cert: PathBuf::new(),
        tls_key: PathBuf::new(),
        ca: PathBuf::new(),
        python_site: "bench/python".into(),
        work: std::env::temp_dir().join("zscaler-mcp-compare"),
        secs: 5,
        connections: vec![8, 16, 64],
        rust_starts: 30,
        python_starts: 10,
        tool: "zpa_list_segment_groups".into(),
        timeout: Duration::from_secs(30),
        growth: true,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().with_context(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--rust-server" => args.rust = value,
            "--python-server" => args.python = value,
            "--tls-cert" => args.tls_cert = value.into(),
            "--tls-key" => args.tls_key = value.into(),
            "--ca" => args.ca = value.into(),
            "--python-site" => args.python_site = value.into(),
            "--work-dir" => args.work = value.into(),
            "--secs" => args.secs = value.parse().context("--secs")?,
            "--connections" => {
                args.connections = value
                    .split(',')
                    .map(|c| {
                        c.trim()
                            .parse()
                            .context("--connections: a comma list of counts")
                    })
                    .collect::<Result<_>>()?
            }
            "--rust-starts" => args.rust_starts = value.parse().context("--rust-starts")?,
            "--python-starts" => args.python_starts = value.parse().context("--python-starts")?,
            "--tool" => args.tool = value,
            "--growth" => {
                args.growth = match value.as_str() {
                    "on" => true,
                    "off" => false,
                    _ => bail!("--growth takes on or off"),
                }
            }
            "--timeout-secs" => {
                args.timeout = Duration::from_secs(value.parse().context("--timeout-secs")?)
            }
            other => bail!("unknown flag {other}"),
        }
    }
    for (flag, set) in [
        ("--python-server", !args.python.is_empty()),
        ("--tls-cert", !args.tls_cert.as_os_str().is_empty()),
        ("--tls-key", !args.tls_key.as_os_str().is_empty()),
        ("--ca", !args.ca.as_os_str().is_empty()),
    ] {
        if !set {
            bail!("{flag} is required (bench/compare.sh passes it)");
        }
    }
    if args.connections.is_empty() || args.connections.contains(&0) {
        bail!("--connections needs counts of at least 1");
    }
    // Absolute paths: the servers run in the work directory.
    for program in [&mut args.rust, &mut args.python] {
        *program = std::path::absolute(&*program)?
            .to_str()
            .context("a server path that is not UTF-8")?
            .to_owned();
    }
    args.ca = std::path::absolute(&args.ca)?;
    args.python_site = std::path::absolute(&args.python_site)?;
    std::fs::create_dir_all(&args.work)
        .with_context(|| format!("create {}", args.work.display()))?;
    Ok(args)
}

#[derive(Clone, Copy, PartialEq)]
enum Side {
    Rust,
    Python,
}

const SIDES: [Side; 2] = [Side::Rust, Side::Python];

impl Side {
    fn label(self) -> &'static str {
        match self {
            Side::Rust => "rust",
            Side::Python => "python",
        }
    }
}

struct Bench {
    args: Args,
    emulator: Emulator,
    ca_pem: Vec<u8>,
}

impl Bench {
    /// A command with a cleared environment (so nothing from the caller's shell changes either
    /// server's configuration), the emulator's tenant credentials, and each side's way to reach
    /// the emulator over HTTPS.
    ///
    /// Both servers have an entitlement filter, on by default, that fetches a token at start-up
    /// to read the tenant's products; it is off here because the emulator entitles every
    /// product (the filter would remove nothing), so start-up measures the server and not a
    /// token request. The start-up table has a row with the filter on for both.
    fn command(&self, side: Side) -> Result<Command> {
        let emulator = &self.emulator;
        let mut command = Command::new(match side {
            Side::Rust => &self.args.rust,
            Side::Python => &self.args.python,
        });
        command.env_clear();
        for name in ["PATH", "HOME", "LANG", "TMPDIR"] {
            if let Some(value) = std::env::var_os(name) {
                command.env(name, value);
            }
        }
        command
            .env("ZSCALER_CLIENT_ID", emulator.var("ZSCALER_CLIENT_ID")?)
            .env(
                "ZSCALER_CLIENT_SECRET",
                zscaler_emulator::DEMO_CLIENT_SECRET,
            )
            .env("ZSCALER_VANITY_DOMAIN", VANITY)
            .env("ZSCALER_CUSTOMER_ID", emulator.var("ZSCALER_CUSTOMER_ID")?)
            .env("ZCELL_CUSTOMER_ID", emulator.var("ZCELL_CUSTOMER_ID")?)
            .current_dir(&self.args.work);
        match side {
            Side::Rust => {
                command
                    .env(
                        "ZSCALER_MCP_TOKEN_URL",
                        emulator.var("ZSCALER_MCP_TOKEN_URL")?,
                    )
                    .env(
                        "ZSCALER_MCP_API_BASE_URL",
                        emulator.var("ZSCALER_MCP_API_BASE_URL")?,
                    )
                    .env("ZSCALER_MCP_CA_BUNDLE", &self.args.ca)
                    // The Python SDK's OneAPI path has no client-side limiter (only its legacy
                    // clients do), so ours is off too: neither side waits on a limiter.
                    .env("ZSCALER_MCP_RATE_LIMITS", "off")
                    .env("ZSCALER_MCP_AUTH_MODE", "none")
                    .env("ZSCALER_MCP_DISABLE_ENTITLEMENT_FILTER", "true")
                    // Its default cap is 1,000 open sessions; the growth run opens 10,000
                    // (the Python server has no cap).
                    .env("ZSCALER_MCP_MAX_SESSIONS", "20000");
            }
            Side::Python => {
                command
                    .env("PYTHONPATH", &self.args.python_site)
                    .env("ZSCALER_BENCH_EMULATOR_PORT", emulator.port.to_string())
                    .env("ZSCALER_BENCH_HOSTS", PYTHON_HOSTS)
                    .env("REQUESTS_CA_BUNDLE", &self.args.ca)
                    .env("SSL_CERT_FILE", &self.args.ca)
                    .env("ZSCALER_MCP_AUTH_ENABLED", "false")
                    .env("ZSCALER_MCP_DISABLE_ENTITLEMENT_FILTER", "true")
                    .env("ZSCALER_MCP_PID_FILE", self.args.work.join("python.pid"));
            }
        }
        Ok(command)
    }

    /// `{tokens_issued, requests}` of the emulator so far. The stats request itself takes a
    /// sequence number, so between two readings `requests` grows by one more than the API and
    /// token requests served: [`Bench::served`] takes that off.
    async fn emulator_stats(&self, client: &reqwest::Client) -> Result<(u64, u64)> {
        let stats: Value = client
            .get(format!("{}/__emulator/stats", self.emulator.base))
            .send()
            .await?
            .json()
            .await?;
        let field = |name: &str| stats[name].as_u64().unwrap_or(0);
        Ok((field("tokens_issued"), field("requests")))
    }

    /// API and token requests the emulator served between two readings of its stats.
    fn served(before: (u64, u64), after: (u64, u64)) -> (u64, u64) {
        let tokens = after.0.saturating_sub(before.0);
        let requests = after.1.saturating_sub(before.1).saturating_sub(1);
        (requests.saturating_sub(tokens), tokens)
    }
}

/// Spawns `command` on stdio, writes `initialize`, and times until its answer is read.
fn time_to_initialize(mut command: Command, timeout: Duration) -> Result<Duration> {
    let started = Instant::now();
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .context("spawn the server")?;
    let mut stdin = child.stdin.take().context("stdin")?;
    let stdout = child.stdout.take().context("stdout")?;
    let _guard = Guard(child);
    writeln!(stdin, "{}", initialize(1))?;
    stdin.flush()?;
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut reader = BufReader::new(stdout);
        loop {
            let mut line = String::new();
            match reader.read_line(&mut line) {
                Ok(0) | Err(_) => {
                    let _ = tx.send(Err(anyhow::anyhow!("stdout closed before an answer")));
                    return;
                }
                Ok(_) => {
                    if let Ok(message) = serde_json::from_str::<Value>(&line)
                        && message.get("id").and_then(Value::as_u64) == Some(1)
                    {
                        let at = started.elapsed();
                        let _ = tx.send(if message["result"]["protocolVersion"].is_string() {
                            Ok(at)
                        } else {
                            Err(anyhow::anyhow!("unexpected answer: {}", clip(&line)))
                        });
                        return;
                    }
                }
            }
        }
    });
    let elapsed = rx
        .recv_timeout(timeout)
        .map_err(|_| anyhow::anyhow!("no answer to initialize within {timeout:?}"))??;
    drop(stdin);
    Ok(elapsed)
}

/// A server on streamable HTTP with one open session.
struct Running {
    side: Side,
    process: Guard,
    url: String,
    session: String,
    next_id: Arc<AtomicU64>,
    idle_rss: (u64, u64),
}

impl Running {
    /// A JSON-RPC id not used before in this session.
    fn id(&self) -> u64 {
        self.next_id.fetch_add(1, Ordering::Relaxed)
    }
}

/// Starts one server on streamable HTTP with `extra` flags (its log in `<work>/<side>-<tag>.log`),
/// lets it settle for a second, reads its idle memory, and opens a session.
async fn start(bench: &Bench, side: Side, extra: &[&str], tag: &str) -> Result<Running> {
    let log = bench.args.work.join(format!("{}-{tag}.log", side.label()));
    let (process, url) = match side {
        Side::Rust => start_rust(bench, extra, &log)?,
        Side::Python => start_python(bench, extra, &log).await?,
    };
    tokio::time::sleep(Duration::from_secs(1)).await;
    let idle_rss = rss_kib(process.pid());
    let session = open_session(&connection(bench.args.timeout, None)?, &url)
        .await
        .with_context(|| format!("{} session", side.label()))?;
    Ok(Running {
        side,
        process,
        url,
        session,
        next_id: Arc::new(AtomicU64::new(1)),
        idle_rss,
    })
}

/// Starts our server on a free port; it prints its URL on stdout when it listens.
fn start_rust(bench: &Bench, extra: &[&str], log: &std::path::Path) -> Result<(Guard, String)> {
    let log = std::fs::File::create(log)?;
    let mut child = bench
        .command(Side::Rust)?
        .args(["--transport", "streamable-http", "--port", "0"])
        .args(extra)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(log)
        .spawn()
        .context("start zscaler-mcp")?;
    let stdout = child.stdout.take().context("stdout")?;
    let mut process = Guard(child);
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut reader = BufReader::new(stdout);
        let mut line = String::new();
        let _ = reader.read_line(&mut line);
        let _ = tx.send(line);
        drain(reader);
    });
    let line = rx
        .recv_timeout(bench.args.timeout)
        .context("zscaler-mcp did not announce its address")?;
    process.check_alive("zscaler-mcp")?;
    let url = line
        .trim()
        .strip_prefix("zscaler-mcp listening on ")
        .with_context(|| format!("no listening line: {line}"))?
        .to_owned();
    Ok((process, url))
}

/// Starts the Python server on a free port and waits for its `/health`.
async fn start_python(
    bench: &Bench,
    extra: &[&str],
    log_path: &std::path::Path,
) -> Result<(Guard, String)> {
    let port = std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port();
    let log = std::fs::File::create(log_path)?;
    let mut process = Guard(
        bench
            .command(Side::Python)?
            .args(["--transport", "streamable-http", "--host", "127.0.0.1"])
            .args(["--port", &port.to_string()])
            .args(extra)
            .stdin(Stdio::null())
            .stdout(log.try_clone()?)
            .stderr(log)
            .spawn()
            .context("start the Python zscaler-mcp")?,
    );
    let client = connection(Duration::from_secs(2), None)?;
    let health = format!("http://127.0.0.1:{port}/health");
    let deadline = Instant::now() + bench.args.timeout.max(Duration::from_secs(60));
    loop {
        process
            .check_alive("the Python zscaler-mcp")
            .with_context(|| format!("see {}", log_path.display()))?;
        if let Ok(response) = client.get(&health).send().await
            && response.status().is_success()
        {
            return Ok((process, format!("http://127.0.0.1:{port}/mcp")));
        }
        if Instant::now() > deadline {
            bail!(
                "the Python zscaler-mcp did not answer {health} in time; see {}",
                log_path.display()
            );
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// What one server answers outside the load: its tool list and one tool call, and how many
/// emulator requests (token and API) a call costs.
struct Facts {
    tools: usize,
    list_bytes: usize,
    result_bytes: usize,
    wire_bytes: usize,
    api_per_call: f64,
    tokens_per_call: f64,
}

const PROBE_CALLS: u64 = 5;

/// Every page of the server's tool list, and its size re-serialised compactly as
/// `{"tools":[…]}`: the JSON a client holds.
async fn list_tools(bench: &Bench, server: &Running) -> Result<(Vec<Value>, usize)> {
    let client = connection(bench.args.timeout, None)?;
    let mut tools = Vec::new();
    let mut params = json!({});
    loop {
        let (result, _) = call(
            &client,
            &server.url,
            &server.session,
            server.id(),
            "tools/list",
            params,
        )
        .await?;
        tools.extend(result["tools"].as_array().cloned().unwrap_or_default());
        match result.get("nextCursor").and_then(Value::as_str) {
            Some(cursor) => params = json!({ "cursor": cursor }),
            None => break,
        }
    }
    let bytes = json!({ "tools": tools }).to_string().len();
    Ok((tools, bytes))
}

async fn facts(bench: &Bench, server: &Running) -> Result<Facts> {
    let client = connection(bench.args.timeout, None)?;
    let emulator = connection(bench.args.timeout, Some(&bench.ca_pem))?;
    let id = || server.id();
    let (url, session) = (&server.url, &server.session);
    call(&client, url, session, id(), "ping", json!({})).await?;

    let (tools, list_bytes) = list_tools(bench, server).await?;
    if !tools.iter().any(|t| t["name"] == bench.args.tool.as_str()) {
        bail!(
            "{} does not list the tool {}",
            server.side.label(),
            bench.args.tool
        );
    }

    // One warm-up call (the first pays for a token and, in Python, lazy imports), then a few
    // counted against the emulator's request and token counters.
    let arguments = tool_call(&bench.args.tool);
    call(&client, url, session, id(), "tools/call", arguments.clone()).await?;
    let before = bench.emulator_stats(&emulator).await?;
    let mut sizes = (0, 0);
    for _ in 0..PROBE_CALLS {
        let (result, wire) = call(&client, url, session, id(), "tools/call", arguments.clone())
            .await
            .with_context(|| format!("{} tools/call {}", server.side.label(), bench.args.tool))?;
        sizes = (result.to_string().len(), wire);
    }
    let (api, tokens) = Bench::served(before, bench.emulator_stats(&emulator).await?);
    Ok(Facts {
        tools: tools.len(),
        list_bytes,
        result_bytes: sizes.0,
        wire_bytes: sizes.1,
        api_per_call: api as f64 / PROBE_CALLS as f64,
        tokens_per_call: tokens as f64 / PROBE_CALLS as f64,
    })
}

/// The `params` of a `tools/call` of `tool` without arguments.
fn tool_call(tool: &str) -> Value {
    json!({"name": tool, "arguments": {}})
}

/// Loads `server` with `method` from `connections` connections in its one session.
async fn load(
    bench: &Bench,
    server: &Running,
    method: &'static str,
    params: Value,
    connections: usize,
) -> Result<LoadReport> {
    let (url, session, next_id) = (
        server.url.clone(),
        server.session.clone(),
        server.next_id.clone(),
    );
    run_load(
        connections,
        bench.args.secs,
        bench.args.timeout,
        None,
        move |client| {
            let (url, session, params) = (url.clone(), session.clone(), params.clone());
            // Unique ids within the session: a reused in-flight id would hang it.
            let id = next_id.fetch_add(1, Ordering::Relaxed);
            async move {
                let body = json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params});
                let response = post(&client, &url, Some(&session), &body).await?;
                let status = response.status();
                let text = response.text().await?;
                check(status, &text, id, method == "tools/call")
            }
        },
    )
    .await
}

/// GETs the tool's OneAPI path straight from the emulator (bearer token, TLS).
async fn load_emulator(bench: &Bench, path: &str, connections: usize) -> Result<LoadReport> {
    let client = connection(bench.args.timeout, Some(&bench.ca_pem))?;
    let token = bench.emulator.token(&client).await?;
    let url = format!("{}{path}", bench.emulator.base);
    run_load(
        connections,
        bench.args.secs,
        bench.args.timeout,
        Some(&bench.ca_pem),
        move |client| {
            let (url, token) = (url.clone(), token.clone());
            async move {
                let response = client.get(&url).bearer_auth(&token).send().await?;
                let status = response.status();
                let text = response.text().await?;
                if !status.is_success() {
                    bail!("HTTP {status}: {}", clip(&text));
                }
                Ok(())
            }
        },
    )
    .await
}

/// The OneAPI path a call of the tool requested last, from the emulator's request log.
async fn last_api_path(bench: &Bench) -> Result<String> {
    let client = connection(bench.args.timeout, Some(&bench.ca_pem))?;
    let log: Value = client
        .get(format!("{}/__emulator/requests", bench.emulator.base))
        .send()
        .await?
        .json()
        .await?;
    log.as_array()
        .and_then(|entries| {
            entries
                .iter()
                .rev()
                .find(|e| e["method"] == "GET" && e["status"] == 200)
        })
        .and_then(|e| {
            let path = e["path"].as_str()?;
            let query = e["query"].as_str().unwrap_or("");
            Some(if query.is_empty() {
                path.to_owned()
            } else {
                format!("{path}?{query}")
            })
        })
        .context("the emulator logged no successful GET")
}

/// Connections for the growth loads.
const GROWTH_CONNECTIONS: usize = 8;

/// Tools both servers serve, each one OneAPI GET, whose results run from about a hundred
/// bytes to about 150 KB on the demo tenant.
const SIZE_TOOLS: [&str; 4] = [
    "zia_get_activation_status",
    "zpa_list_segment_groups",
    "zia_list_locations",
    "zpa_list_app_connector_groups",
];

/// `tools/call` cost against the size of the result: one connection (latency) and
/// [`GROWTH_CONNECTIONS`] (rate) per tool and server.
async fn growth_response_size(bench: &Bench, running: &[Running]) -> Result<()> {
    let client = connection(bench.args.timeout, None)?;
    let stats = connection(bench.args.timeout, Some(&bench.ca_pem))?;
    println!();
    println!(
        "### Growth: `tools/call` against result size ({} s per figure)",
        bench.args.secs
    );
    println!();
    println!(
        "| tool | result bytes, Rust / Python | p50, 1 connection, Rust / Python | ratio | requests/s, {GROWTH_CONNECTIONS} connections, Rust / Python | ratio | OneAPI GETs per call, Rust / Python |"
    );
    println!("| --- | --- | --- | --- | --- | --- | --- |");
    for tool in SIZE_TOOLS {
        let mut rows = Vec::new();
        for server in running {
            let (result, _) = call(
                &client,
                &server.url,
                &server.session,
                server.id(),
                "tools/call",
                tool_call(tool),
            )
            .await
            .with_context(|| format!("{} tools/call {tool}", server.side.label()))?;
            let one = load(bench, server, "tools/call", tool_call(tool), 1).await?;
            let before = bench.emulator_stats(&stats).await?;
            let many = load(
                bench,
                server,
                "tools/call",
                tool_call(tool),
                GROWTH_CONNECTIONS,
            )
            .await?;
            let (api, _) = Bench::served(before, bench.emulator_stats(&stats).await?);
            let calls = (many.ok.len() as u64 + many.errors).max(1);
            eprintln!(
                "#   {} {tool}: {:.0}/s at 1, {:.0}/s at {GROWTH_CONNECTIONS}",
                server.side.label(),
                one.rate(),
                many.rate()
            );
            rows.push((
                result.to_string().len(),
                one,
                many,
                api as f64 / calls as f64,
            ));
        }
        let (r, p) = (&rows[0], &rows[1]);
        let (r50, p50) = (percentile(&r.1.ok, 0.5), percentile(&p.1.ok, 0.5));
        println!(
            "| `{tool}` | {} / {} | {} / {} | {} | {} / {} | {} | {:.2} / {:.2} |",
            thousands(r.0 as u64),
            thousands(p.0 as u64),
            ms(r50),
            ms(p50),
            ratio(r50.as_secs_f64(), p50.as_secs_f64(), true),
            rate_cell(&r.2),
            rate_cell(&p.2),
            ratio(r.2.rate(), p.2.rate(), false),
            r.3,
            p.3
        );
    }
    Ok(())
}

/// Opens sessions on `url` from 16 connections until `count` are open or `deadline` passes;
/// returns how many opened and how many attempts failed.
async fn open_sessions(
    url: &str,
    count: usize,
    timeout: Duration,
    deadline: Instant,
) -> Result<(u64, u64)> {
    let claimed = Arc::new(AtomicU64::new(0));
    let (opened, failed) = (Arc::new(AtomicU64::new(0)), Arc::new(AtomicU64::new(0)));
    let mut tasks = Vec::new();
    for _ in 0..16 {
        let client = connection(timeout, None)?;
        let url = url.to_owned();
        let (claimed, opened, failed) = (claimed.clone(), opened.clone(), failed.clone());
        tasks.push(tokio::spawn(async move {
            while Instant::now() < deadline
                && claimed.fetch_add(1, Ordering::Relaxed) < count as u64
            {
                match open_session(&client, &url).await {
                    Ok(_) => opened.fetch_add(1, Ordering::Relaxed),
                    Err(_) => failed.fetch_add(1, Ordering::Relaxed),
                };
            }
        }));
    }
    for task in tasks {
        task.await?;
    }
    Ok((
        opened.load(Ordering::Relaxed),
        failed.load(Ordering::Relaxed),
    ))
}

/// Open sessions after each step of the session growth run.
const SESSION_STEPS: [usize; 5] = [1, 10, 100, 1_000, 10_000];
/// The most one step of the session growth run may take per server.
const SESSION_STEP_LIMIT: Duration = Duration::from_secs(300);

/// Memory and `tools/call` latency with 1 → 10,000 sessions open (left open: no client
/// deletes them, as with clients that vanish).
async fn growth_sessions(bench: &Bench, running: &[Running]) -> Result<()> {
    // Sessions open per server (the load's own session is the first), and whether a step ran
    // out of time, after which that server is not pushed further.
    let mut open = [1u64; 2];
    let mut stopped = [false; 2];
    let mut rows = Vec::new();
    for step in SESSION_STEPS {
        let mut row = Vec::new();
        for (i, server) in running.iter().enumerate() {
            let mut note = String::new();
            let mut per_session = None;
            if !stopped[i] && open[i] < step as u64 {
                let want = step - open[i] as usize;
                let began = Instant::now();
                let (opened, failed) = open_sessions(
                    &server.url,
                    want,
                    bench.args.timeout,
                    began + SESSION_STEP_LIMIT,
                )
                .await?;
                per_session = Some(began.elapsed() / (opened.max(1) as u32));
                open[i] += opened;
                if failed > 0 {
                    note = format!(", **{failed} failed**");
                }
                if opened < want as u64 {
                    stopped[i] = true;
                    note.push_str(&format!(
                        ", **stopped at {} after {} s**",
                        open[i],
                        SESSION_STEP_LIMIT.as_secs()
                    ));
                }
            }
            let rss = rss_kib(server.process.pid());
            let call = load(bench, server, "tools/call", tool_call(&bench.args.tool), 1).await?;
            eprintln!(
                "#   {} with {} sessions: {}, tools/call {:.0}/s",
                server.side.label(),
                open[i],
                mib(rss.0),
                call.rate()
            );
            row.push((open[i], rss, per_session, call, note));
        }
        rows.push(row);
    }
    println!();
    println!(
        "### Growth: sessions (left open, as by clients that vanish; `tools/call` at 1 connection, {} s per figure)",
        bench.args.secs
    );
    println!();
    println!(
        "| sessions open, Rust / Python | RSS, Rust / Python | ratio | time per `initialize` while opening, Rust / Python | `tools/call` p50, Rust / Python |"
    );
    println!("| --- | --- | --- | --- | --- |");
    for row in rows {
        let (r, p) = (&row[0], &row[1]);
        let per = |d: &Option<Duration>| d.map(ms).unwrap_or_else(|| "—".into());
        println!(
            "| {}{} / {}{} | {} / {} | {} | {} / {} | {} / {} |",
            thousands(r.0),
            r.4,
            thousands(p.0),
            p.4,
            mib(r.1.0),
            mib(p.1.0),
            ratio(r.1.0 as f64, p.1.0 as f64, true),
            per(&r.2),
            per(&p.2),
            ms(percentile(&r.3.ok, 0.5)),
            ms(percentile(&p.3.ok, 0.5))
        );
    }
    Ok(())
}

/// Catalogue sizes: a server's flags for each.
const CATALOGUES: [(&str, &[&str]); 3] = [
    ("ZPA only (`--services zpa`)", &["--services", "zpa"]),
    ("every service, read-only (default)", &[]),
    (
        "every service and write tool (`--enable-write-tools --write-tools '*'`)",
        &["--enable-write-tools", "--write-tools", "*"],
    ),
];

/// `tools/list` size, memory and `tools/call` cost against the catalogue's size; each server
/// is started afresh with each catalogue.
async fn growth_catalogue(bench: &Bench) -> Result<()> {
    let tool = tool_call(&bench.args.tool);
    let mut rows = Vec::new();
    for (i, (label, flags)) in CATALOGUES.iter().enumerate() {
        let mut row = Vec::new();
        for side in SIDES {
            let mut server = start(bench, side, flags, &format!("catalogue-{i}")).await?;
            let (tools, bytes) = list_tools(bench, &server).await?;
            let client = connection(bench.args.timeout, None)?;
            call(
                &client,
                &server.url,
                &server.session,
                server.id(),
                "tools/call",
                tool.clone(),
            )
            .await
            .with_context(|| format!("{} tools/call with {label}", side.label()))?;
            let one = load(bench, &server, "tools/call", tool.clone(), 1).await?;
            let many = load(
                bench,
                &server,
                "tools/call",
                tool.clone(),
                GROWTH_CONNECTIONS,
            )
            .await?;
            server.process.check_alive(side.label())?;
            let after = rss_kib(server.process.pid());
            eprintln!(
                "#   {} {label}: {} tools, {:.0}/s",
                side.label(),
                tools.len(),
                many.rate()
            );
            row.push((tools.len(), bytes, server.idle_rss, one, many, after));
        }
        rows.push((label, row));
    }
    println!();
    println!(
        "### Growth: catalogue size (each server started afresh; `tools/call {}`, {} s per figure)",
        bench.args.tool, bench.args.secs
    );
    println!();
    println!(
        "| catalogue | tools, Rust / Python | `tools/list` bytes, Rust / Python | RSS idle, Rust / Python | `tools/call` p50, 1 connection, Rust / Python | requests/s, {GROWTH_CONNECTIONS} connections, Rust / Python | RSS after, Rust / Python |"
    );
    println!("| --- | --- | --- | --- | --- | --- | --- |");
    for (label, row) in rows {
        let (r, p) = (&row[0], &row[1]);
        println!(
            "| {label} | {} / {} | {} / {} | {} / {} | {} / {} | {} / {} | {} / {} |",
            r.0,
            p.0,
            thousands(r.1 as u64),
            thousands(p.1 as u64),
            mib(r.2.0),
            mib(p.2.0),
            ms(percentile(&r.3.ok, 0.5)),
            ms(percentile(&p.3.ok, 0.5)),
            rate_cell(&r.4),
            rate_cell(&p.4),
            mib(r.5.0),
            mib(p.5.0)
        );
    }
    Ok(())
}

fn ms(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1e3;
    if ms < 10.0 {
        format!("{ms:.2} ms")
    } else if ms < 100.0 {
        format!("{ms:.1} ms")
    } else {
        format!("{} ms", thousands(ms.round() as u64))
    }
}

fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn mib(kib: u64) -> String {
    format!("{:.1} MiB", kib as f64 / 1024.0)
}

/// How many times better the Rust figure is: `python / rust` for costs (`lower_is_better`),
/// `rust / python` for rates.
fn ratio(rust: f64, python: f64, lower_is_better: bool) -> String {
    let r = if lower_is_better {
        python / rust
    } else {
        rust / python
    };
    if !r.is_finite() || r <= 0.0 {
        "—".into()
    } else if r >= 100.0 {
        format!("{}×", thousands(r.round() as u64))
    } else if r >= 10.0 {
        format!("{r:.0}×")
    } else {
        format!("{r:.2}×")
    }
}

fn rate_cell(report: &LoadReport) -> String {
    let rate = report.rate();
    let rate = if rate >= 100.0 {
        thousands(rate.round() as u64)
    } else {
        format!("{rate:.1}")
    };
    if report.errors > 0 {
        format!("{rate} (**{} errors**)", report.errors)
    } else {
        rate
    }
}

struct Starts {
    median: Duration,
    p90: Duration,
}

/// Times `runs` starts of one server on stdio, each on a blocking thread so that a stop signal
/// is noticed between them.
async fn starts(bench: &Bench, side: Side, runs: usize, filter_on: bool) -> Result<Starts> {
    let mut times = Vec::new();
    for _ in 0..runs {
        let mut command = bench.command(side)?;
        if filter_on {
            command.env_remove("ZSCALER_MCP_DISABLE_ENTITLEMENT_FILTER");
        }
        let timeout = bench.args.timeout.max(Duration::from_secs(60));
        times.push(
            tokio::task::spawn_blocking(move || time_to_initialize(command, timeout)).await??,
        );
    }
    times.sort();
    Ok(Starts {
        median: percentile(&times, 0.5),
        p90: percentile(&times, 0.9),
    })
}

#[tokio::main]
async fn main() -> Result<()> {
    let args = parse_args()?;
    // On SIGINT or SIGTERM the run is dropped, and with it every child process's guard.
    let mut terminate = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
    tokio::select! {
        result = run(args) => result,
        _ = tokio::signal::ctrl_c() => bail!("interrupted"),
        _ = terminate.recv() => bail!("terminated"),
    }
}

async fn run(args: Args) -> Result<()> {
    let ca_pem = std::fs::read(&args.ca).with_context(|| format!("read {}", args.ca.display()))?;
    let emulator = Emulator::start(&args.rust, Some((&args.tls_cert, &args.tls_key)))?;
    if !emulator.base.starts_with("https://") {
        bail!("the emulator does not serve HTTPS: {}", emulator.base);
    }
    let bench = Bench {
        args,
        emulator,
        ca_pem,
    };
    let args = &bench.args;
    let load_at_start = load_average();
    eprintln!("# load average {load_at_start}; start-up runs…");

    // Start-up on stdio, before the HTTP servers exist, so they do not compete.
    let start_off = (
        starts(&bench, Side::Rust, args.rust_starts, false).await?,
        starts(&bench, Side::Python, args.python_starts, false).await?,
    );
    let start_on = (
        starts(&bench, Side::Rust, args.rust_starts, true).await?,
        starts(&bench, Side::Python, args.python_starts, true).await?,
    );
    eprintln!("# load average {}; HTTP servers…", load_average());

    let mut running = Vec::new();
    for side in SIDES {
        running.push(start(&bench, side, &[], "http").await?);
    }
    let mut facts_of = Vec::new();
    for server in &running {
        facts_of.push(facts(&bench, server).await?);
    }
    let api_path = last_api_path(&bench).await?;

    // The loads, Rust then Python for each cell, so both meet the same machine.
    eprintln!("# load average {}; loads…", load_average());
    let mut cells = Vec::new();
    let stats_client = connection(args.timeout, Some(&bench.ca_pem))?;
    let mut call_counts = [(0u64, 0u64, 0u64); 2];
    for method in ["ping", "tools/list", "tools/call"] {
        for &connections in &args.connections {
            for (i, server) in running.iter().enumerate() {
                let before = bench.emulator_stats(&stats_client).await?;
                let params = match method {
                    "tools/call" => tool_call(&args.tool),
                    _ => json!({}),
                };
                let report = load(&bench, server, method, params, connections).await?;
                if method == "tools/call" {
                    let (api, tokens) =
                        Bench::served(before, bench.emulator_stats(&stats_client).await?);
                    call_counts[i].0 += report.ok.len() as u64 + report.errors;
                    call_counts[i].1 += api;
                    call_counts[i].2 += tokens;
                }
                eprintln!(
                    "#   {} {method} c={connections}: {:.0}/s, {} errors",
                    server.side.label(),
                    report.rate(),
                    report.errors
                );
                cells.push((method, connections, server.side, report));
            }
        }
    }
    let mut after_rss = Vec::new();
    for server in &mut running {
        server.process.check_alive(server.side.label())?;
        after_rss.push(rss_kib(server.process.pid()));
    }

    // The physical limit: the emulator alone, and one connection through each server.
    eprintln!("# load average {}; emulator alone…", load_average());
    let mut direct = Vec::new();
    for &connections in std::iter::once(&1).chain(&args.connections) {
        direct.push((
            connections,
            load_emulator(&bench, &api_path, connections).await?,
        ));
    }
    let mut single = Vec::new();
    for server in &running {
        single.push(load(&bench, server, "tools/call", tool_call(&args.tool), 1).await?);
    }
    let load_at_end = load_average();

    // The report.
    let (rf, pf) = (&facts_of[0], &facts_of[1]);
    println!(
        "## zscaler-mcp and the Python zscaler-mcp 0.15.4, side by side ({} s per load figure)",
        args.secs
    );
    println!();
    println!(
        "Load average at the start {load_at_start}, at the end {load_at_end}. Both servers call \
         one emulator over HTTPS; the load generator shares the machine."
    );
    println!(
        "Ratio: how many times better zscaler-mcp is (Python ÷ Rust for times, sizes and \
         memory; Rust ÷ Python for requests/s); below 1 the Python server is better."
    );
    println!();
    println!("| measure | zscaler-mcp (Rust) | zscaler-mcp 0.15.4 (Python) | ratio |");
    println!("| --- | --- | --- | --- |");
    for (label, (rust, python)) in [
        ("entitlement filter off", &start_off),
        (
            "entitlement filter on (the default: a token request first)",
            &start_on,
        ),
    ] {
        println!(
            "| start → first `initialize` answered, stdio, median (p90), {label}; {} / {} runs | {} ({}) | {} ({}) | {} |",
            args.rust_starts,
            args.python_starts,
            ms(rust.median),
            ms(rust.p90),
            ms(python.median),
            ms(python.p90),
            ratio(rust.median.as_secs_f64(), python.median.as_secs_f64(), true)
        );
    }
    let (ri, pi) = (running[0].idle_rss, running[1].idle_rss);
    println!(
        "| RSS idle after start (HTTP) | {} | {} | {} |",
        mib(ri.0),
        mib(pi.0),
        ratio(ri.0 as f64, pi.0 as f64, true)
    );
    let (ra, pa) = (after_rss[0], after_rss[1]);
    println!(
        "| RSS after the loads (peak) | {} ({}) | {} ({}) | {} ({}) |",
        mib(ra.0),
        mib(ra.1),
        mib(pa.0),
        mib(pa.1),
        ratio(ra.0 as f64, pa.0 as f64, true),
        ratio(ra.1 as f64, pa.1 as f64, true)
    );
    println!(
        "| `tools/list`: tools (default, read-only) | {} | {} | |",
        rf.tools, pf.tools
    );
    println!(
        "| `tools/list`: bytes, compact `{{\"tools\":[…]}}` (per tool) | {} ({}) | {} ({}) | {} ({}) |",
        thousands(rf.list_bytes as u64),
        rf.list_bytes / rf.tools.max(1),
        thousands(pf.list_bytes as u64),
        pf.list_bytes / pf.tools.max(1),
        ratio(rf.list_bytes as f64, pf.list_bytes as f64, true),
        ratio(
            (rf.list_bytes / rf.tools.max(1)) as f64,
            (pf.list_bytes / pf.tools.max(1)) as f64,
            true
        )
    );
    println!(
        "| `tools/call {}`: result bytes, compact (HTTP body) | {} ({}) | {} ({}) | {} |",
        args.tool,
        thousands(rf.result_bytes as u64),
        thousands(rf.wire_bytes as u64),
        thousands(pf.result_bytes as u64),
        thousands(pf.wire_bytes as u64),
        ratio(rf.result_bytes as f64, pf.result_bytes as f64, true)
    );
    println!(
        "| emulator requests per `tools/call`, {} sequential calls: API (token) | {:.2} ({:.2}) | {:.2} ({:.2}) | |",
        PROBE_CALLS, rf.api_per_call, rf.tokens_per_call, pf.api_per_call, pf.tokens_per_call
    );
    for (i, side) in SIDES.iter().enumerate() {
        let (calls, api, tokens) = call_counts[i];
        if calls > 0 && (api != calls || tokens > 0) {
            println!(
                "| note: during the `tools/call` loads the emulator saw {api} API and {tokens} token requests for {calls} {} calls | | | |",
                side.label()
            );
        }
    }
    for method in ["ping", "tools/list", "tools/call"] {
        for &connections in &args.connections {
            let find = |side: Side| {
                cells
                    .iter()
                    .find(|(m, c, s, _)| *m == method && *c == connections && *s == side)
                    .map(|(_, _, _, r)| r)
                    .expect("every cell was measured")
            };
            let (r, p) = (find(Side::Rust), find(Side::Python));
            println!(
                "| `{method}`, {connections} connections: requests/s | {} | {} | {} |",
                rate_cell(r),
                rate_cell(p),
                ratio(r.rate(), p.rate(), false)
            );
            let (r50, r99, p50, p99) = (
                percentile(&r.ok, 0.5),
                percentile(&r.ok, 0.99),
                percentile(&p.ok, 0.5),
                percentile(&p.ok, 0.99),
            );
            println!(
                "| `{method}`, {connections} connections: p50 / p99 | {} / {} | {} / {} | {} / {} |",
                ms(r50),
                ms(r99),
                ms(p50),
                ms(p99),
                ratio(r50.as_secs_f64(), p50.as_secs_f64(), true),
                ratio(r99.as_secs_f64(), p99.as_secs_f64(), true)
            );
        }
    }

    println!();
    println!("### The physical limit: the emulator alone (`GET {api_path}`, bearer token, TLS)");
    println!();
    println!("| connections | requests/s | p50 | p99 |");
    println!("| --- | --- | --- | --- |");
    for (connections, report) in &direct {
        println!(
            "| {connections} | {} | {} | {} |",
            rate_cell(report),
            ms(percentile(&report.ok, 0.5)),
            ms(percentile(&report.ok, 0.99))
        );
    }
    println!();
    println!("### What each server adds to a call (one connection, sequential)");
    println!();
    println!("| path | requests/s | p50 | p99 | added p50 | added p99 |");
    println!("| --- | --- | --- | --- | --- | --- |");
    let alone = &direct[0].1;
    let (a50, a99) = (percentile(&alone.ok, 0.5), percentile(&alone.ok, 0.99));
    println!(
        "| emulator alone | {} | {} | {} | | |",
        rate_cell(alone),
        ms(a50),
        ms(a99)
    );
    for (server, report) in running.iter().zip(&single) {
        let (p50, p99) = (percentile(&report.ok, 0.5), percentile(&report.ok, 0.99));
        println!(
            "| `tools/call {}` through {} | {} | {} | {} | {} | {} |",
            args.tool,
            server.side.label(),
            rate_cell(report),
            ms(p50),
            ms(p99),
            ms(p50.saturating_sub(a50)),
            ms(p99.saturating_sub(a99))
        );
    }

    let failures: Vec<_> = cells
        .iter()
        .map(|(m, c, s, r)| (format!("{} {m} c={c}", s.label()), r))
        .chain(direct.iter().map(|(c, r)| (format!("emulator c={c}"), r)))
        .chain(
            running
                .iter()
                .zip(&single)
                .map(|(s, r)| (format!("{} tools/call c=1", s.side.label()), r)),
        )
        .filter(|(_, r)| r.errors > 0)
        .collect();
    if !failures.is_empty() {
        println!();
        println!("### Errors (first of each run)");
        println!();
        for (label, report) in failures {
            println!(
                "- {label}: {} errors; first: {}",
                report.errors,
                report.first_error.as_deref().unwrap_or("?")
            );
        }
    }

    if args.growth {
        eprintln!("# load average {}; growth: result size…", load_average());
        growth_response_size(&bench, &running).await?;
        eprintln!("# load average {}; growth: sessions…", load_average());
        growth_sessions(&bench, &running).await?;
        drop(running);
        eprintln!("# load average {}; growth: catalogue…", load_average());
        growth_catalogue(&bench).await?;
        println!();
        println!("Load average after the growth runs: {}.", load_average());
    }
    Ok(())
}
