//! The HTTP(S) front: accepts connections, applies faults, checks tokens, routes by path
//! whatever the Host header, logs every request, and adds the gateway's response headers.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::os::fd::AsFd;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use bytes::Bytes;
use http::{HeaderValue, Method, Request, Response, StatusCode};
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo};
use parking_lot::Mutex;
use serde_json::Value;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Notify, watch};
use tokio_rustls::TlsAcceptor;

use crate::auth::TokenStore;
use crate::call::{Body, Call, Product, Reply};
use crate::faults::{FaultKind, FaultRule, fault_reply, lost_reply};
use crate::log::{LoggedRequest, RequestLog};
use crate::routes::{Miss, Routes, TenantLock};

const MAX_BODY: usize = 16 * 1024 * 1024;
pub const TOKEN_PATH: &str = "/oauth2/v1/token";
pub const CONTROL_PREFIX: &str = "/__emulator/";

pub(crate) struct Shared {
    pub tenant: TenantLock,
    pub routes: Routes,
    pub tokens: TokenStore,
    pub faults: Mutex<Vec<FaultRule>>,
    pub has_faults: AtomicBool,
    pub log: RequestLog,
    pub customer_id: String,
    pub stopping: watch::Receiver<bool>,
}

impl Shared {
    pub fn set_faults(&self, rules: Vec<FaultRule>) {
        let mut faults = self.faults.lock();
        *faults = rules;
        self.has_faults.store(!faults.is_empty(), Ordering::Release);
    }

    pub fn add_faults(&self, rules: Vec<FaultRule>) {
        let mut faults = self.faults.lock();
        faults.extend(rules);
        self.has_faults.store(!faults.is_empty(), Ordering::Release);
    }

    /// The first live rule matching the request, with its use counted.
    fn take_fault(&self, method: &Method, path: &str) -> Option<FaultKind> {
        if !self.has_faults.load(Ordering::Acquire) {
            return None;
        }
        let mut faults = self.faults.lock();
        let rule = faults
            .iter_mut()
            .find(|r| r.times != Some(0) && r.matches(method, path))?;
        if let Some(n) = rule.times.as_mut() {
            *n -= 1;
        }
        Some(rule.kind.clone())
    }
}

pub(crate) async fn serve(
    listener: TcpListener,
    tls: Option<TlsAcceptor>,
    shared: Arc<Shared>,
    mut stop: watch::Receiver<bool>,
) {
    let mut connections = tokio::task::JoinSet::new();
    loop {
        tokio::select! {
            _ = stop.changed() => break,
            accepted = listener.accept() => {
                let Ok((stream, peer)) = accepted else { continue };
                let _ = stream.set_nodelay(true);
                connections.spawn(connection(stream, peer, tls.clone(), shared.clone()));
            }
            // Reap finished connection tasks so the set does not grow without bound.
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
    connections.shutdown().await;
}

async fn connection(
    stream: TcpStream,
    _peer: SocketAddr,
    tls: Option<TlsAcceptor>,
    shared: Arc<Shared>,
) {
    // A second handle on the socket lets a `reset` fault turn the close into a TCP RST.
    let raw = stream.as_fd().try_clone_to_owned().ok();
    let reset = Arc::new(Notify::new());
    let scheme = if tls.is_some() { "https" } else { "http" };
    let service = {
        let reset = reset.clone();
        hyper::service::service_fn(move |req| {
            let (shared, reset) = (shared.clone(), reset.clone());
            async move { Ok::<_, Infallible>(handle(&shared, req, scheme, &reset).await) }
        })
    };
    let builder = hyper_util::server::conn::auto::Builder::new(TokioExecutor::new());
    let served = async {
        match tls {
            Some(acceptor) => match acceptor.accept(stream).await {
                Ok(tls_stream) => {
                    let _ = builder
                        .serve_connection(TokioIo::new(tls_stream), service)
                        .await;
                }
                Err(e) => tracing::debug!("emulator TLS handshake failed: {e}"),
            },
            None => {
                let _ = builder
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            }
        }
    };
    tokio::select! {
        _ = served => {}
        _ = reset.notified() => {
            if let Some(fd) = raw.as_ref() {
                let _ = socket2::SockRef::from(fd).set_linger(Some(Duration::ZERO));
            }
        }
    }
}

async fn handle(
    shared: &Shared,
    req: Request<Incoming>,
    scheme: &str,
    reset: &Notify,
) -> Response<Full<Bytes>> {
    let (parts, body) = req.into_parts();
    let method = parts.method.clone();
    let path = parts.uri.path().to_owned();
    let raw_query = parts.uri.query().unwrap_or("").to_owned();
    let authorization = parts
        .headers
        .get(http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    let host = parts
        .headers
        .get(http::header::HOST)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
        .or_else(|| parts.uri.authority().map(|a| a.to_string()))
        .unwrap_or_else(|| "localhost".into());
    let bytes = match Limited::new(body, MAX_BODY).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(_) => return respond(Reply::empty(413)),
    };

    if let Some(control) = path.strip_prefix(CONTROL_PREFIX) {
        return respond(crate::control::handle(shared, &method, control, &bytes));
    }

    let seq = shared.log.next_seq();
    let mut entry = LoggedRequest {
        seq,
        method: method.to_string(),
        path: path.clone(),
        query: raw_query.clone(),
        body: log_body(&path, &bytes),
        authorized: authorization.is_some(),
        status: 0,
        fault: None,
    };

    let fault = shared.take_fault(&method, &path);
    if let Some(kind) = &fault {
        entry.fault = serde_json::to_value(kind)
            .ok()
            .and_then(|v| v["kind"].as_str().map(str::to_owned));
        match kind {
            FaultKind::Latency { ms } => tokio::time::sleep(Duration::from_millis(*ms)).await,
            FaultKind::ExpireToken => shared.tokens.expire_all(),
            FaultKind::Hang => {
                shared.log.push(entry);
                let mut stopping = shared.stopping.clone();
                let _ = stopping.wait_for(|stop| *stop).await;
                return respond(Reply::empty(503));
            }
            FaultKind::Reset => {
                shared.log.push(entry);
                reset.notify_one();
                std::future::pending::<()>().await;
                unreachable!("pending never completes")
            }
            _ => {}
        }
        if let Some(reply) = fault_reply(kind, &path) {
            entry.status = reply.status;
            shared.log.push(entry);
            return respond(reply);
        }
    }

    let mut reply = answer(
        shared,
        method,
        path,
        &raw_query,
        authorization,
        &bytes,
        format!("{scheme}://{host}"),
    );
    if let Some(FaultKind::Lost { status }) = fault {
        reply = lost_reply(status, &entry.path);
    }
    entry.status = reply.status;
    shared.log.push(entry);
    respond(reply)
}

fn answer(
    shared: &Shared,
    method: Method,
    path: String,
    raw_query: &str,
    authorization: Option<&str>,
    bytes: &Bytes,
    origin: String,
) -> Reply {
    if path == TOKEN_PATH {
        if method != Method::POST {
            return Reply::empty(405);
        }
        let form: Vec<(String, String)> = url::form_urlencoded::parse(bytes).into_owned().collect();
        return shared.tokens.token_endpoint(&form);
    }
    let product = Product::from_path(&path);
    if !shared.tokens.is_valid(authorization) {
        return Reply::unauthorized();
    }
    if product == Product::Zpa
        && let Some(cid) = zpa_customer_segment(&path)
        && cid != shared.customer_id
    {
        return Reply::product_error(
            Product::Zpa,
            403,
            "authz.customer.mismatch",
            &format!("Customer {cid} is not the tenant of this API client"),
        );
    }
    let body = if bytes.is_empty() {
        None
    } else {
        match serde_json::from_slice::<Value>(bytes) {
            Ok(value) => Some(value),
            Err(_) => {
                return Reply::product_error(
                    product,
                    400,
                    "INVALID_INPUT_ARGUMENT",
                    "Request body is invalid.",
                );
            }
        }
    };
    let (handler, params) = match shared.routes.find(&method, &path) {
        Ok(found) => found,
        Err(Miss::MethodNotAllowed) => return Reply::empty(405),
        Err(Miss::NotFound) => return Reply::empty(404),
    };
    let call = Call {
        method,
        path,
        params,
        query: url::form_urlencoded::parse(raw_query.as_bytes())
            .into_owned()
            .collect(),
        body,
        origin,
    };
    handler(&shared.tenant, &call)
}

fn zpa_customer_segment(path: &str) -> Option<&str> {
    let mut segments = path.split('/');
    segments.find(|s| *s == "customers")?;
    segments.next()
}

fn log_body(path: &str, bytes: &Bytes) -> Value {
    if bytes.is_empty() {
        return Value::Null;
    }
    if path == TOKEN_PATH {
        // Never keep client secrets or assertions, even in a test log.
        let fields: serde_json::Map<String, Value> = url::form_urlencoded::parse(bytes)
            .map(|(k, v)| {
                let shown = match k.as_ref() {
                    "client_secret" | "client_assertion" => "<redacted>".to_owned(),
                    _ => v.into_owned(),
                };
                (k.into_owned(), Value::String(shown))
            })
            .collect();
        return Value::Object(fields);
    }
    serde_json::from_slice(bytes)
        .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(bytes).into_owned()))
}

pub(crate) fn respond(reply: Reply) -> Response<Full<Bytes>> {
    let (content_type, payload) = match reply.body {
        Body::Json(value) => (
            Some("application/json;charset=utf-8"),
            Bytes::from(serde_json::to_vec(&value).unwrap_or_default()),
        ),
        Body::Empty => (None, Bytes::new()),
        Body::Text { content_type, text } => (Some(content_type), Bytes::from(text)),
    };
    let mut response = Response::new(Full::new(payload));
    *response.status_mut() =
        StatusCode::from_u16(reply.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let headers = response.headers_mut();
    if let Some(ct) = content_type {
        headers.insert(http::header::CONTENT_TYPE, HeaderValue::from_static(ct));
    }
    headers.insert(http::header::SERVER, HeaderValue::from_static("Zscaler"));
    if let Ok(id) = HeaderValue::from_str(&uuid::Uuid::new_v4().hyphenated().to_string()) {
        headers.insert("x-oneapi-request-id", id);
    }
    headers.insert(
        "x-ratelimit-limit",
        HeaderValue::from_static("5000, 5000;w=60"),
    );
    headers.insert("x-ratelimit-remaining", HeaderValue::from_static("4999"));
    headers.insert("x-ratelimit-reset", HeaderValue::from_static("60"));
    for (name, value) in reply.headers {
        if let Ok(value) = HeaderValue::from_str(&value) {
            headers.insert(name, value);
        }
    }
    response
}
