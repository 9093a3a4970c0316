//! What the bench binaries share: the standalone emulator, child processes that die with the
//! bench, MCP streamable-HTTP sessions, a time-bounded load loop that counts errors instead of
//! stopping at the first, percentiles, and process memory from `/proc`.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use serde_json::{Value, json};

/// The protocol revision both servers are driven with.
pub const PROTOCOL: &str = "2025-11-25";

/// An `initialize` request with JSON-RPC id `id`.
pub fn initialize(id: u64) -> Value {
    json!({"jsonrpc": "2.0", "id": id, "method": "initialize", "params": {
        "protocolVersion": PROTOCOL, "capabilities": {},
        "clientInfo": {"name": "mcp-bench", "version": "1"}}})
}

/// The `p` quantile (0..=1) of sorted durations; zero for none.
pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index]
}

/// Resident memory of `pid` in KiB: (VmRSS, VmHWM), zeros when the process is gone.
pub fn rss_kib(pid: u32) -> (u64, u64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

/// The 1, 5 and 15 minute load averages, as `uptime` prints them.
pub fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(", "))
        .unwrap_or_else(|| "unknown".into())
}

/// A child process killed (and reaped) when dropped, so no error path leaves one behind.
pub struct Guard(pub Child);

impl Guard {
    pub fn pid(&self) -> u32 {
        self.0.id()
    }

    /// Fails with `what` and the exit status if the process has already ended.
    pub fn check_alive(&mut self, what: &str) -> Result<()> {
        if let Some(status) = self.0.try_wait()? {
            bail!("{what} exited early ({status})");
        }
        Ok(())
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Reads what is left of a child's output in the background, so the child never blocks on a
/// full pipe.
pub fn drain(reader: impl Read + Send + 'static) {
    std::thread::spawn(move || {
        let _ = std::io::copy(&mut BufReader::new(reader), &mut std::io::sink());
    });
}

/// `zscaler-mcp emulator` on a free loopback port, with the demo tenant.
pub struct Emulator {
    pub process: Guard,
    /// `http://127.0.0.1:PORT` or `https://127.0.0.1:PORT`.
    pub base: String,
    pub port: u16,
    /// The `NAME=value` lines of its banner (token URL, API base URL, client and customer ids).
    pub env: Vec<(String, String)>,
}

impl Emulator {
    /// Starts the emulator of `server` (the zscaler-mcp binary); with `tls` (certificate chain
    /// and key, PEM) it serves HTTPS.
    pub fn start(server: &str, tls: Option<(&Path, &Path)>) -> Result<Emulator> {
        let mut command = Command::new(server);
        command.args(["emulator", "--listen", "127.0.0.1:0"]);
        if let Some((cert, key)) = tls {
            command
                .arg("--tls-cert")
                .arg(cert)
                .arg("--tls-key")
                .arg(key);
        }
        let mut child = command
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .with_context(|| format!("start `{server} emulator`"))?;
        let stdout = child.stdout.take().context("emulator stdout")?;
        let process = Guard(child);
        let mut lines = BufReader::new(stdout);
        let (mut base, mut env) = (String::new(), Vec::new());
        for _ in 0..12 {
            let mut line = String::new();
            if lines.read_line(&mut line)? == 0 {
                break;
            }
            let line = line.trim();
            if let Some(url) = line.strip_prefix("zscaler-mcp emulator listening on ") {
                base = url.to_owned();
            } else if line.starts_with("control:") {
                break;
            } else if let Some((key, value)) = line.split_once('=') {
                env.push((key.to_owned(), value.to_owned()));
            }
        }
        drain(lines);
        let port = base
            .rsplit(':')
            .next()
            .and_then(|p| p.parse().ok())
            .with_context(|| format!("the emulator did not announce its address (got `{base}`)"))?;
        Ok(Emulator {
            process,
            base,
            port,
            env,
        })
    }

    /// An access token for the demo API client, from the emulator's token endpoint.
    pub async fn token(&self, client: &reqwest::Client) -> Result<String> {
        let token: Value = client
            .post(self.var("ZSCALER_MCP_TOKEN_URL")?)
            .form(&[
                ("grant_type", "client_credentials"),
                ("client_id", self.var("ZSCALER_CLIENT_ID")?),
                ("client_secret", zscaler_emulator::DEMO_CLIENT_SECRET),
                ("audience", "https://api.zscaler.com"),
            ])
            .send()
            .await?
            .json()
            .await?;
        token["access_token"]
            .as_str()
            .map(str::to_owned)
            .context("the emulator issued no token")
    }

    /// The value of a `NAME=value` banner line.
    pub fn var(&self, name: &str) -> Result<&str> {
        self.env
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .with_context(|| format!("the emulator banner has no {name}"))
    }
}

/// A keep-alive HTTP/1.1 client for one connection of a load loop: every request has a
/// deadline, and proxies from the environment are ignored (everything is on loopback).
pub fn connection(timeout: Duration, ca_pem: Option<&[u8]>) -> Result<reqwest::Client> {
    let mut builder = reqwest::Client::builder()
        .pool_max_idle_per_host(1)
        .http1_only()
        .no_proxy()
        .timeout(timeout);
    if let Some(pem) = ca_pem {
        builder = builder.add_root_certificate(reqwest::Certificate::from_pem(pem)?);
    }
    Ok(builder.build()?)
}

/// POSTs one JSON-RPC message in `session` (none for `initialize`).
pub async fn post(
    client: &reqwest::Client,
    url: &str,
    session: Option<&str>,
    body: &Value,
) -> Result<reqwest::Response> {
    let mut request = client
        .post(url)
        .header("content-type", "application/json")
        .header("accept", "application/json, text/event-stream")
        .header("mcp-protocol-version", PROTOCOL);
    if let Some(session) = session {
        request = request.header("mcp-session-id", session);
    }
    Ok(request.body(body.to_string()).send().await?)
}

/// Opens a streamable-HTTP session (initialize, then notifications/initialized); returns its id.
pub async fn open_session(client: &reqwest::Client, url: &str) -> Result<String> {
    let response = post(client, url, None, &initialize(0)).await?;
    let status = response.status();
    let session = response
        .headers()
        .get("mcp-session-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let text = response.text().await?;
    let Some(session) = session else {
        bail!(
            "initialize answered HTTP {status} without a session id: {}",
            clip(&text)
        );
    };
    let initialized = json!({"jsonrpc": "2.0", "method": "notifications/initialized"});
    let status = post(client, url, Some(&session), &initialized)
        .await?
        .status();
    if !status.is_success() {
        bail!("notifications/initialized answered HTTP {status}");
    }
    Ok(session)
}

/// The JSON-RPC message answering request `id` in a body that is either JSON or an SSE
/// stream of `data:` lines.
pub fn answer(body: &str, id: u64) -> Result<Value> {
    let direct = serde_json::from_str::<Value>(body).ok();
    let candidates = direct.into_iter().chain(
        body.lines()
            .filter_map(|l| l.strip_prefix("data:"))
            .filter_map(|d| serde_json::from_str::<Value>(d.trim()).ok()),
    );
    for message in candidates {
        if message.get("id").and_then(Value::as_u64) == Some(id) {
            return Ok(message);
        }
    }
    bail!("no answer to request {id} in: {}", clip(body))
}

/// Sends request `id` (`method`, `params`) in `session` and returns its `result`, failing on
/// an HTTP error, a JSON-RPC error, or a tool result with `isError`; also the body's size.
pub async fn call(
    client: &reqwest::Client,
    url: &str,
    session: &str,
    id: u64,
    method: &str,
    params: Value,
) -> Result<(Value, usize)> {
    let body = json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params});
    let response = post(client, url, Some(session), &body).await?;
    let status = response.status();
    let text = response.text().await?;
    if !status.is_success() {
        bail!("{method}: HTTP {status}: {}", clip(&text));
    }
    let mut message = answer(&text, id)?;
    if let Some(error) = message.get("error") {
        bail!("{method}: JSON-RPC error {error}");
    }
    let result = message.get_mut("result").map(Value::take);
    let Some(result) = result else {
        bail!("{method}: an answer without a result: {}", clip(&text));
    };
    if result.get("isError") == Some(&Value::Bool(true)) {
        bail!("{method}: isError: {}", clip(&result.to_string()));
    }
    Ok((result, text.len()))
}

/// Checks an answer inside a load loop. A small body (every JSON-RPC error is one) is parsed
/// and checked in full like [`call`]; a large one (a tool list, a long tool result) only by
/// substring, so that parsing hundreds of kilobytes per request does not take the cores the
/// servers are measured on.
pub fn check(status: reqwest::StatusCode, body: &str, id: u64, tool_call: bool) -> Result<()> {
    if !status.is_success() {
        bail!("HTTP {status}: {}", clip(body));
    }
    if body.len() <= 8 * 1024 {
        let message = answer(body, id)?;
        if let Some(error) = message.get("error") {
            bail!("JSON-RPC error {error}");
        }
        let Some(result) = message.get("result") else {
            bail!("an answer without a result: {}", clip(body));
        };
        if tool_call && result.get("isError") == Some(&Value::Bool(true)) {
            bail!("isError: {}", clip(&result.to_string()));
        }
        return Ok(());
    }
    if !body.contains(&format!("\"id\":{id},")) && !body.contains(&format!("\"id\":{id}}}")) {
        bail!("no answer to request {id}: {}", clip(body));
    }
    if !body.contains("\"result\"") {
        bail!("an answer without a result: {}", clip(body));
    }
    if tool_call && (body.contains("\"isError\":true") || body.contains("\"isError\": true")) {
        bail!("isError: {}", clip(body));
    }
    Ok(())
}

/// The first 300 characters of `text`, for error messages.
pub fn clip(text: &str) -> String {
    let mut clipped: String = text.chars().take(300).collect();
    if clipped.len() < text.len() {
        clipped.push('…');
    }
    clipped
}

/// What one load run measured.
pub struct LoadReport {
    /// Latencies of the requests that succeeded, sorted.
    pub ok: Vec<Duration>,
    pub errors: u64,
    /// The first error, to print.
    pub first_error: Option<String>,
    /// From the start to the last in-flight request's end.
    pub elapsed: Duration,
}

impl LoadReport {
    /// Successful requests per second.
    pub fn rate(&self) -> f64 {
        self.ok.len() as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }
}

/// Runs `request` in a loop on each of `connections` keep-alive connections for `secs`
/// seconds. Every request has `timeout` (so a stuck server costs at most that past the
/// deadline); a failed request is counted and the loop goes on.
pub async fn run_load<F, Fut>(
    connections: usize,
    secs: u64,
    timeout: Duration,
    ca_pem: Option<&[u8]>,
    request: F,
) -> Result<LoadReport>
where
    F: Fn(reqwest::Client) -> Fut + Send + Sync + Clone + 'static,
    Fut: std::future::Future<Output = Result<()>> + Send,
{
    let errors = Arc::new(AtomicU64::new(0));
    let first_error = Arc::new(std::sync::Mutex::new(None::<String>));
    let started = Instant::now();
    let deadline = started + Duration::from_secs(secs);
    let mut tasks = Vec::new();
    for _ in 0..connections {
        let client = connection(timeout, ca_pem)?;
        let (request, errors, first_error) = (request.clone(), errors.clone(), first_error.clone());
        tasks.push(tokio::spawn(async move {
            let mut times = Vec::new();
            while Instant::now() < deadline {
                let began = Instant::now();
                match request(client.clone()).await {
                    Ok(()) => times.push(began.elapsed()),
                    Err(e) => {
                        errors.fetch_add(1, Ordering::Relaxed);
                        first_error
                            .lock()
                            .unwrap()
                            .get_or_insert_with(|| format!("{e:#}"));
                        // A server refusing at once must not turn the loop into a spin.
                        tokio::time::sleep(Duration::from_millis(5)).await;
                    }
                }
            }
            times
        }));
    }
    let mut ok = Vec::new();
    for task in tasks {
        ok.extend(task.await?);
    }
    let elapsed = started.elapsed();
    ok.sort();
    let first_error = first_error.lock().unwrap().take();
    Ok(LoadReport {
        ok,
        errors: errors.load(Ordering::Relaxed),
        first_error,
        elapsed,
    })
}
