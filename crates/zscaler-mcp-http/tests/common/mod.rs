//! Shared by the serve and TLS tests: a tiny router served by `zscaler_mcp_http::serve` on
//! 127.0.0.1, raw-socket helpers, and certificates made with rcgen.

#![allow(dead_code)]

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{ConnectInfo, Request};
use axum::routing::get;
use bytes::Bytes;
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;
use zscaler_mcp_http::{InFlight, PeerCertificate, ServeOptions, serve};

#[path = "certs.rs"]
mod certs;
#[allow(unused_imports)]
pub use certs::{Ca, Leaf};

/// A bound on every wait in these tests.
pub const WAIT: Duration = Duration::from_secs(10);

pub struct TestServer {
    pub addr: SocketAddr,
    pub shutdown: CancellationToken,
    pub task: JoinHandle<()>,
    /// Lets `/stream` send its second chunk and end.
    pub release: tokio::sync::watch::Sender<bool>,
}

impl TestServer {
    pub async fn start(options: ServeOptions) -> TestServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let shutdown = CancellationToken::new();
        let (release, released) = tokio::sync::watch::channel(false);
        let task = {
            let shutdown = shutdown.clone();
            tokio::spawn(async move {
                serve(
                    listener,
                    app(released),
                    shutdown,
                    CancellationToken::new(),
                    InFlight::default(),
                    Duration::from_secs(2),
                    options,
                )
                .await
                .unwrap();
            })
        };
        TestServer {
            addr,
            shutdown,
            task,
            release,
        }
    }

    pub fn https(&self, path: &str) -> String {
        format!("https://localhost:{}{path}", self.addr.port())
    }

    pub fn http(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.addr.port())
    }
}

/// `/health`; `/whoami` (the peer address and client certificate the handler sees); `/slow`
/// (answers after 2.5 s); `/stream` (one chunk, then a second once the test releases it).
fn app(released: tokio::sync::watch::Receiver<bool>) -> Router {
    Router::new()
        .route("/health", get(|| async { "ok" }))
        .route("/whoami", get(whoami))
        .route(
            "/slow",
            get(|| async {
                tokio::time::sleep(Duration::from_millis(2500)).await;
                "slow ok"
            }),
        )
        .route(
            "/stream",
            get(move || {
                let mut released = released.clone();
                async move {
                    let chunks = async_stream(move |tx| async move {
                        let _ = tx.send(Bytes::from_static(b"data: first\n\n")).await;
                        let _ = released.wait_for(|r| *r).await;
                        let _ = tx.send(Bytes::from_static(b"data: second\n\n")).await;
                    });
                    axum::response::Response::builder()
                        .header("content-type", "text/event-stream")
                        .body(chunks)
                        .unwrap()
                }
            }),
        )
}

/// A body fed by a task through a channel.
fn async_stream<F, Fut>(produce: F) -> Body
where
    F: FnOnce(tokio::sync::mpsc::Sender<Bytes>) -> Fut,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    let (tx, rx) = tokio::sync::mpsc::channel::<Bytes>(4);
    tokio::spawn(produce(tx));
    let stream = futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv()
            .await
            .map(|chunk| (Ok::<_, std::io::Error>(chunk), rx))
    });
    Body::from_stream(stream)
}

async fn whoami(request: Request) -> axum::Json<serde_json::Value> {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.to_string());
    let certificate = request.extensions().get::<PeerCertificate>();
    axum::Json(json!({
        "peer": peer,
        "subject": certificate.map(|c| c.subject.clone()),
        "der_len": certificate.map(|c| c.der.len()),
    }))
}

/// Sends `bytes` on a new raw connection.
pub async fn raw(addr: SocketAddr, bytes: &[u8]) -> TcpStream {
    let mut tcp = TcpStream::connect(addr).await.unwrap();
    tcp.write_all(bytes).await.unwrap();
    tcp
}

/// Reads until the server closes the connection; `None` if it is still open after [`WAIT`].
pub async fn read_until_closed(tcp: &mut TcpStream) -> Option<Vec<u8>> {
    let mut received = Vec::new();
    let reading = async {
        let mut buf = [0u8; 4096];
        loop {
            match tcp.read(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(n) => received.extend_from_slice(&buf[..n]),
            }
        }
    };
    tokio::time::timeout(WAIT, reading).await.ok()?;
    Some(received)
}

/// Reads one HTTP/1.1 response with a `content-length` body from a raw connection.
pub async fn read_response(tcp: &mut TcpStream) -> String {
    let reading = async {
        let mut received = Vec::new();
        let mut buf = [0u8; 4096];
        loop {
            let n = tcp.read(&mut buf).await.unwrap();
            assert!(
                n > 0,
                "closed mid-response: {:?}",
                String::from_utf8_lossy(&received)
            );
            received.extend_from_slice(&buf[..n]);
            let text = String::from_utf8_lossy(&received).to_string();
            if let Some(end) = text.find("\r\n\r\n") {
                let length: usize = text[..end]
                    .lines()
                    .find_map(|l| {
                        let (name, value) = l.split_once(':')?;
                        name.eq_ignore_ascii_case("content-length")
                            .then(|| value.trim().parse().unwrap())
                    })
                    .unwrap_or(0);
                if received.len() >= end + 4 + length {
                    return text;
                }
            }
        }
    };
    tokio::time::timeout(WAIT, reading)
        .await
        .expect("a response in time")
}

/// A fresh directory under the target's temp dir, removed by the OS eventually; each test
/// gets its own.
pub fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "zscaler-mcp-http-{name}-{}-{}",
        std::process::id(),
        uuid::Uuid::new_v4()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

pub fn write(dir: &Path, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, contents).unwrap();
    path
}

/// A reqwest client trusting `ca_pem` only, optionally presenting `identity`, resolving
/// `localhost` to the test server.
pub fn https_client(server: &TestServer, ca_pem: &str, identity: Option<&Leaf>) -> reqwest::Client {
    let mut builder = reqwest::Client::builder()
        .tls_certs_only([reqwest::Certificate::from_pem(ca_pem.as_bytes()).unwrap()])
        .tls_info(true)
        .resolve("localhost", server.addr)
        .no_proxy()
        .timeout(WAIT);
    if let Some(leaf) = identity {
        let pem = format!("{}{}", leaf.cert_pem, leaf.key_pem());
        builder = builder.identity(reqwest::Identity::from_pem(pem.as_bytes()).unwrap());
    }
    builder.build().unwrap()
}

/// The leaf certificate the server presented on the connection that carried `response`.
pub fn presented_certificate(response: &reqwest::Response) -> Vec<u8> {
    response
        .extensions()
        .get::<reqwest::tls::TlsInfo>()
        .and_then(|info| info.peer_certificate())
        .expect("TLS info with the server certificate")
        .to_vec()
}
