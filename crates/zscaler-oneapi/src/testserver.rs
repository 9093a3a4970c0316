//! A scripted HTTP/1.1 server on 127.0.0.1 for unit tests: a token endpoint plus canned API answers.

use std::collections::{HashMap, VecDeque};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use url::Url;

const MAX_REQUEST: usize = 1 << 20;

/// A request as the server saw it.
#[derive(Debug, Clone)]
pub(crate) struct Recorded {
    pub method: String,
    pub target: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Recorded {
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
    }

    pub fn form(&self) -> HashMap<String, String> {
        url::form_urlencoded::parse(&self.body)
            .into_owned()
            .collect()
    }

    pub fn query(&self) -> HashMap<String, String> {
        match self.target.split_once('?') {
            Some((_, q)) => url::form_urlencoded::parse(q.as_bytes())
                .into_owned()
                .collect(),
            None => HashMap::new(),
        }
    }
}

/// One canned answer; `delay` holds it back (long delays simulate a hung server).
#[derive(Debug, Clone)]
pub(crate) struct Canned {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
    pub delay: Duration,
    /// Drop the connection without answering.
    pub reset: bool,
}

impl Canned {
    pub fn new(status: u16, body: &str) -> Canned {
        Canned {
            status,
            headers: vec![("content-type".into(), "application/json".into())],
            body: body.to_owned(),
            delay: Duration::ZERO,
            reset: false,
        }
    }

    pub fn header(mut self, name: &str, value: &str) -> Canned {
        self.headers.retain(|(k, _)| !k.eq_ignore_ascii_case(name));
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    pub fn delay(mut self, d: Duration) -> Canned {
        self.delay = d;
        self
    }

    pub fn reset() -> Canned {
        Canned {
            reset: true,
            ..Canned::new(0, "")
        }
    }
}

#[derive(Default)]
struct State {
    token_requests: AtomicU64,
    issued: AtomicU64,
    token_delay: Mutex<Duration>,
    expires_in: Mutex<String>,
    token_failure: Mutex<Option<(u16, String)>>,
    token_log: Mutex<Vec<Recorded>>,
    api_log: Mutex<Vec<Recorded>>,
    script: Mutex<VecDeque<Canned>>,
}

pub(crate) struct TestServer {
    addr: SocketAddr,
    state: Arc<State>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl TestServer {
    pub async fn start() -> TestServer {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1");
        let addr = listener.local_addr().expect("local addr");
        let state = Arc::new(State::default());
        *lock(&state.expires_in) = "3600".to_owned();
        let st = Arc::clone(&state);
        // The accept loop ends with the test's runtime.
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let st = Arc::clone(&st);
                tokio::spawn(async move {
                    let _ = serve(stream, st).await;
                });
            }
        });
        TestServer { addr, state }
    }

    pub fn url(&self, path: &str) -> Url {
        Url::parse(&format!("http://{}{path}", self.addr)).expect("test url")
    }

    pub fn token_requests(&self) -> u64 {
        self.state.token_requests.load(Ordering::SeqCst)
    }

    pub fn set_token_delay(&self, d: Duration) {
        *lock(&self.state.token_delay) = d;
    }

    /// The raw JSON value of `expires_in` in later token answers.
    pub fn set_expires_in(&self, raw: &str) {
        *lock(&self.state.expires_in) = raw.to_owned();
    }

    pub fn fail_token(&self, status: u16, body: &str) {
        *lock(&self.state.token_failure) = Some((status, body.to_owned()));
    }

    /// Undoes [`Self::fail_token`].
    pub fn accept_tokens(&self) {
        *lock(&self.state.token_failure) = None;
    }

    pub fn token_log(&self) -> Vec<Recorded> {
        lock(&self.state.token_log).clone()
    }

    pub fn api_log(&self) -> Vec<Recorded> {
        lock(&self.state.api_log).clone()
    }

    /// Answers for the next API requests, in order; afterwards `200 {"ok":true}`.
    pub fn script(&self, answers: impl IntoIterator<Item = Canned>) {
        lock(&self.state.script).extend(answers);
    }
}

/// A client that never goes through a proxy, whatever the environment says.
pub(crate) fn test_http() -> reqwest::Client {
    reqwest::Client::builder()
        .no_proxy()
        .build()
        .expect("test http client")
}

async fn serve(mut stream: TcpStream, state: Arc<State>) -> std::io::Result<()> {
    let Some(request) = read_request(&mut stream).await? else {
        return Ok(());
    };
    let answer = if request.target.starts_with("/oauth2/v1/token") {
        let n = state.token_requests.fetch_add(1, Ordering::SeqCst) + 1;
        lock(&state.token_log).push(request);
        let delay = *lock(&state.token_delay);
        tokio::time::sleep(delay).await;
        match lock(&state.token_failure).clone() {
            Some((status, body)) => Canned::new(status, &body),
            None => {
                let id = state.issued.fetch_add(1, Ordering::SeqCst) + 1;
                let expires = lock(&state.expires_in).clone();
                Canned::new(
                    200,
                    &format!(
                        r#"{{"access_token":"tok-{n}-{id}","token_type":"Bearer","expires_in":{expires}}}"#
                    ),
                )
            }
        }
    } else {
        lock(&state.api_log).push(request);
        let next = lock(&state.script).pop_front();
        next.unwrap_or_else(|| Canned::new(200, r#"{"ok":true}"#))
    };
    if answer.reset {
        return Ok(());
    }
    tokio::time::sleep(answer.delay).await;
    let reason = http::StatusCode::from_u16(answer.status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("Unknown");
    let mut head = format!(
        "HTTP/1.1 {} {reason}\r\ncontent-length: {}\r\nconnection: close\r\n",
        answer.status,
        answer.body.len()
    );
    for (k, v) in &answer.headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).await?;
    stream.write_all(answer.body.as_bytes()).await?;
    stream.shutdown().await
}

async fn read_request(stream: &mut TcpStream) -> std::io::Result<Option<Recorded>> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i;
        }
        if buf.len() > MAX_REQUEST {
            return Ok(None);
        }
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            return Ok(None);
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut first = lines.next().unwrap_or_default().split(' ');
    let method = first.next().unwrap_or_default().to_owned();
    let target = first.next().unwrap_or_default().to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let length: usize = headers
        .iter()
        .find(|(k, _)| k == "content-length")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0)
        .min(MAX_REQUEST);
    let mut body = buf[head_end + 4..].to_vec();
    while body.len() < length {
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            break;
        }
        body.extend_from_slice(&chunk[..n]);
    }
    Ok(Some(Recorded {
        method,
        target,
        headers,
        body,
    }))
}
