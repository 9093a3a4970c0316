//! Starting the real binary for tests, and talking MCP to it over HTTP and stdio.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::{Value, json};

pub const ACCEPT_BOTH: &str = "application/json, text/event-stream";

pub fn zscaler_mcp() -> Command {
    Command::new(env!("CARGO_BIN_EXE_zscaler-mcp"))
}

/// The server over HTTP on a free port; killed on drop.
pub struct HttpServer {
    pub child: Child,
    pub base: String,
}

impl HttpServer {
    pub fn start(extra: &[&str]) -> HttpServer {
        HttpServer::start_transport("streamable-http", extra)
    }

    /// `--transport sse`: legacy HTTP+SSE at `/sse` (and `GET /mcp`), streamable HTTP POSTs.
    pub fn start_sse(extra: &[&str]) -> HttpServer {
        HttpServer::start_transport("sse", extra)
    }

    /// Streamable HTTP with `args` only (no `--demo` added) and extra environment.
    pub fn start_env(args: &[&str], env: &[(&str, &str)]) -> HttpServer {
        let mut command = zscaler_mcp();
        command.args(["--transport", "streamable-http"]).args(args);
        for (key, value) in env {
            command.env(key, value);
        }
        HttpServer::spawn(command)
    }

    fn start_transport(transport: &str, extra: &[&str]) -> HttpServer {
        let mut command = zscaler_mcp();
        command
            .args(["--demo", "--transport", transport, "--port", "0"])
            .args(extra);
        HttpServer::spawn(command)
    }

    /// Any command line and environment (e.g. a start-up steered by the environment alone);
    /// the command must make the server announce its address.
    pub fn spawn(mut command: Command) -> HttpServer {
        let mut child = command
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start zscaler-mcp");
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(url) = line.strip_prefix("zscaler-mcp listening on ") {
                    let _ = tx.send(url.trim_end_matches("/mcp").to_owned());
                }
            }
        });
        let base = rx
            .recv_timeout(Duration::from_secs(30))
            .expect("the server announces its address");
        HttpServer { child, base }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

impl Drop for HttpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(20))
        .build()
        .unwrap()
}

/// Sends `request` with `headers`; the status, content type and body of the answer.
pub async fn answer(
    mut request: reqwest::RequestBuilder,
    headers: &[(&str, &str)],
) -> (u16, String, String) {
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (status, content_type, response.text().await.unwrap())
}

/// The JSON-RPC message in a response body, whether sent as JSON or as SSE.
pub fn body_message(content_type: &str, body: &str) -> Value {
    if content_type.starts_with("text/event-stream") {
        body.split("\n\n")
            .filter_map(|event| {
                let data: Vec<&str> = event
                    .lines()
                    .filter_map(|l| l.strip_prefix("data:"))
                    .map(|d| d.trim_start())
                    .collect();
                serde_json::from_str::<Value>(&data.join("\n")).ok()
            })
            .find(|m| m.get("id").is_some())
            .unwrap_or(Value::Null)
    } else {
        serde_json::from_str(body).unwrap_or(Value::Null)
    }
}

pub fn initialize(version: &str) -> Value {
    json!({"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": {
        "protocolVersion": version,
        "capabilities": {},
        "clientInfo": {"name": "zscaler-mcp-tests", "version": "1"}
    }})
}

/// A legacy streamable-HTTP session.
pub struct Session {
    pub client: reqwest::Client,
    pub url: String,
    pub id: String,
    next_id: u64,
}

impl Session {
    pub async fn open(server: &HttpServer) -> Session {
        let client = http();
        let url = server.url("/mcp");
        let response = client
            .post(&url)
            .header("content-type", "application/json")
            .header("accept", ACCEPT_BOTH)
            .body(initialize("2025-11-25").to_string())
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        let id = response.headers()["mcp-session-id"]
            .to_str()
            .unwrap()
            .to_owned();
        let mut session = Session {
            client,
            url,
            id,
            next_id: 1,
        };
        let status = session
            .post(json!({"jsonrpc": "2.0", "method": "notifications/initialized"}))
            .await
            .0;
        assert_eq!(status, 202);
        session
    }

    /// A POST of `message` in this session, ready to send (or to spawn).
    pub fn builder(&self, message: &Value) -> reqwest::RequestBuilder {
        self.client
            .post(&self.url)
            .header("content-type", "application/json")
            .header("accept", ACCEPT_BOTH)
            .header("mcp-session-id", &self.id)
            .header("mcp-protocol-version", "2025-11-25")
            .body(message.to_string())
    }

    /// POSTs a raw message; returns the status and the answering message (if any).
    pub async fn post(&mut self, message: Value) -> (u16, Value) {
        let response = self.builder(&message).send().await.unwrap();
        let status = response.status().as_u16();
        let content_type = response
            .headers()
            .get("content-type")
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default();
        let body = response.text().await.unwrap();
        (status, body_message(&content_type, &body))
    }

    pub async fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        let (status, message) = self
            .post(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}))
            .await;
        assert_eq!(status, 200, "{method}: {message}");
        assert_eq!(message["id"], json!(id), "{message}");
        message
    }
}

/// The server over stdio; killed on drop.
pub struct StdioServer {
    pub child: Child,
    stdin: Option<ChildStdin>,
    lines: mpsc::Receiver<String>,
}

impl StdioServer {
    pub fn start(extra: &[&str]) -> StdioServer {
        let mut command = zscaler_mcp();
        command.arg("--demo").args(extra);
        StdioServer::spawn(command)
    }

    /// Any server command line (e.g. real credentials pointing at a standalone emulator).
    pub fn spawn(mut command: Command) -> StdioServer {
        let mut child = command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout: ChildStdout = child.stdout.take().unwrap();
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let stdin = child.stdin.take();
        StdioServer {
            child,
            stdin,
            lines,
        }
    }

    pub fn send_raw(&mut self, line: &str) {
        let stdin = self.stdin.as_mut().unwrap();
        writeln!(stdin, "{line}").unwrap();
        stdin.flush().unwrap();
    }

    pub fn send(&mut self, message: Value) {
        self.send_raw(&message.to_string());
    }

    /// The next line on stdout, which must be a JSON message.
    pub fn recv(&mut self) -> Value {
        let line = self
            .lines
            .recv_timeout(Duration::from_secs(20))
            .expect("an answer within 20 s");
        serde_json::from_str(&line).unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {line}"))
    }

    pub fn close_stdin(&mut self) {
        self.stdin.take();
    }

    /// Lines still to come after stdin closed, until the process exits.
    pub fn remaining(&mut self) -> Vec<String> {
        let mut out = Vec::new();
        while let Ok(line) = self.lines.recv_timeout(Duration::from_secs(20)) {
            out.push(line);
        }
        out
    }
}

impl Drop for StdioServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The events of an SSE response, one at a time; comment lines (keep-alives) are skipped.
pub struct SseEvents {
    response: reqwest::Response,
    buffer: String,
}

impl SseEvents {
    pub fn new(response: reqwest::Response) -> SseEvents {
        SseEvents {
            response,
            buffer: String::new(),
        }
    }

    /// The next event's text (`event: …\ndata: …`); fails the test after 20 s of silence.
    pub async fn next(&mut self) -> String {
        loop {
            if let Some(end) = self.buffer.find("\n\n") {
                let event = self.buffer[..end].to_owned();
                self.buffer.drain(..end + 2);
                if event.starts_with(':') {
                    continue;
                }
                return event;
            }
            let chunk = tokio::time::timeout(Duration::from_secs(20), self.response.chunk())
                .await
                .expect("an SSE event within 20 s")
                .unwrap()
                .expect("the stream stays open");
            self.buffer.push_str(&String::from_utf8_lossy(&chunk));
        }
    }

    /// The legacy SSE stream's first event: the path to POST messages to.
    pub async fn endpoint(&mut self) -> String {
        let event = self.next().await;
        assert!(event.starts_with("event: endpoint"), "{event}");
        event
            .lines()
            .find_map(|l| l.strip_prefix("data: "))
            .unwrap()
            .to_owned()
    }
}

/// The standalone emulator (`zscaler-mcp emulator`) on a free loopback port, with its
/// `/__emulator/*` controls; killed on drop.
pub struct Upstream {
    child: Child,
    pub base: String,
    /// What it announces for a server: token URL, API base URL, client and customer ids.
    pub env: Vec<(String, String)>,
    control: reqwest::Client,
}

impl Upstream {
    pub fn start(extra: &[&str]) -> Upstream {
        let mut child = zscaler_mcp()
            .args(["emulator", "--listen", "127.0.0.1:0"])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start the emulator");
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut lines = BufReader::new(stdout).lines().map_while(Result::ok);
            let mut base = None;
            let mut env = Vec::new();
            for line in lines.by_ref() {
                if let Some(url) = line.strip_prefix("zscaler-mcp emulator listening on ") {
                    base = Some(url.trim().to_owned());
                } else if let Some((key, value)) = line.trim().split_once('=') {
                    env.push((key.to_owned(), value.to_owned()));
                    if key == "ZCELL_CUSTOMER_ID" {
                        break;
                    }
                }
            }
            let _ = tx.send((base, env));
            // Keep draining, so a full pipe never blocks the emulator.
            for _ in lines {}
        });
        let (base, env) = rx
            .recv_timeout(Duration::from_secs(30))
            .expect("the emulator announces its address");
        Upstream {
            child,
            base: base.expect("the emulator's address"),
            env,
            control: http(),
        }
    }

    /// The environment a server needs to use this emulator as its tenant.
    pub fn server_env(&self) -> Vec<(String, String)> {
        let mut env = self.env.clone();
        env.push(("ZSCALER_CLIENT_SECRET".into(), "emulator-secret".into()));
        env.push(("ZSCALER_VANITY_DOMAIN".into(), "acme".into()));
        env
    }

    fn control_url(&self, path: &str) -> String {
        format!("{}/__emulator/{path}", self.base)
    }

    /// Adds fault rules in `--faults` syntax.
    pub async fn fault(&self, spec: &str) {
        let response = self
            .control
            .post(self.control_url("faults"))
            .json(&json!({ "spec": spec }))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "fault {spec}");
    }

    pub async fn clear_faults(&self) {
        self.delete("faults").await;
    }

    /// Every request since the log was last cleared.
    pub async fn log(&self) -> Vec<Value> {
        let log = self.get("requests").await;
        log.as_array().cloned().unwrap_or_default()
    }

    pub async fn clear_log(&self) {
        self.delete("requests").await;
    }

    pub async fn tokens_issued(&self) -> u64 {
        self.get("stats").await["tokens_issued"].as_u64().unwrap()
    }

    async fn get(&self, path: &str) -> Value {
        let response = self
            .control
            .get(self.control_url(path))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "GET /__emulator/{path}");
        response.json().await.unwrap()
    }

    async fn delete(&self, path: &str) {
        let response = self
            .control
            .delete(self.control_url(path))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 204, "DELETE /__emulator/{path}");
    }
}

impl Drop for Upstream {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
