//! The layer in front of rmcp's streamable HTTP service. rmcp answers a batch with 415, a
//! malformed body with a transport error, and a client that accepts only JSON with 406; MCP
//! clients in the field need better than that:
//! - `Content-Type` other than JSON → 415; a body over the limit → 413;
//! - unparsable JSON → -32700; not a JSON-RPC message → -32600; required params missing or
//!   mistyped → -32602 naming the field (before anything is dispatched);
//! - a JSON-RPC batch (2025-03-26) → each message dispatched on its own, answers collected
//!   into one JSON array;
//! - `Accept` without `text/event-stream` → the SSE reply is read here and sent as JSON.

use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use axum::body::Body;
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use futures_util::StreamExt;
use futures_util::future::join_all;
use http::header::{ACCEPT, CONTENT_TYPE};
use http::{HeaderValue, Method, Request, StatusCode};
use http_body_util::BodyExt;
use rmcp::transport::StreamableHttpService;
use rmcp::transport::streamable_http_server::session::local::LocalSessionManager;
use serde_json::Value;
use tower::{Service, ServiceExt};
use zscaler_mcp_server::ZscalerMcp;

use crate::SessionCap;
use crate::serve::InFlight;
use crate::sse_parse::SseReader;
use zscaler_mcp_server::wire::{INVALID_REQUEST, Kind, PARSE_ERROR, classify, error_message};

type Inner = StreamableHttpService<ZscalerMcp, LocalSessionManager>;

/// `/mcp`: rmcp's streamable HTTP service behind this module's checks.
#[derive(Clone)]
pub struct McpEndpoint {
    inner: Inner,
    max_body_bytes: usize,
    inflight: InFlight,
    /// `None` in stateless mode, where there are no sessions to count.
    cap: Option<SessionCap>,
}

impl McpEndpoint {
    pub(crate) fn new(
        inner: Inner,
        max_body_bytes: usize,
        inflight: InFlight,
        cap: Option<SessionCap>,
    ) -> McpEndpoint {
        McpEndpoint {
            inner,
            max_body_bytes,
            inflight,
            cap,
        }
    }
}

impl Service<Request<Body>> for McpEndpoint {
    type Response = Response;
    type Error = Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Response, Infallible>> + Send>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, req: Request<Body>) -> Self::Future {
        let endpoint = self.clone();
        Box::pin(async move { Ok(endpoint.handle(req).await) })
    }
}

fn json_response(status: StatusCode, body: &Value) -> Response {
    let mut response = (status, body.to_string()).into_response();
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response
}

/// An error answered before dispatch: HTTP 400 when there is no id to answer to (the client
/// cannot match a JSON-RPC error to a request), 200 with the error when there is.
fn rejection(id: Option<Value>, code: i64, message: impl Into<String>) -> Response {
    let status = if id.is_some() {
        StatusCode::OK
    } else {
        StatusCode::BAD_REQUEST
    };
    json_response(status, &error_message(id, code, message))
}

pub(crate) fn is_json(content_type: Option<&HeaderValue>) -> bool {
    let Some(value) = content_type.and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let mime = value
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    mime == "application/json" || (mime.starts_with("application/") && mime.ends_with("+json"))
}

pub(crate) fn accepts_sse(parts: &http::request::Parts) -> bool {
    parts
        .headers
        .get_all(ACCEPT)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| v.to_ascii_lowercase().contains("text/event-stream"))
}

impl McpEndpoint {
    async fn forward(&self, req: Request<Body>) -> Response {
        let response = match self.inner.clone().oneshot(req).await {
            Ok(response) => response,
            Err(never) => match never {},
        };
        response.map(Body::new)
    }

    async fn handle(&self, req: Request<Body>) -> Response {
        if req.method() != Method::POST {
            // GET streams stay open until shutdown closes them; they are not "in flight".
            let is_delete = req.method() == Method::DELETE;
            let response = self.forward(req).await;
            // The Python client treats anything but 200/204 as a failed session close.
            if is_delete && response.status() == StatusCode::ACCEPTED {
                return StatusCode::NO_CONTENT.into_response();
            }
            return response;
        }
        if !is_json(req.headers().get(CONTENT_TYPE)) {
            return json_response(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                &error_message(
                    None,
                    INVALID_REQUEST,
                    "Content-Type must be application/json",
                ),
            );
        }
        let guard = self.inflight.enter();
        let response = self.handle_post(req).await;
        // A streamed (SSE) answer is still in flight until its body ends.
        let (parts, body) = response.into_parts();
        let body = body.into_data_stream().map(move |chunk| {
            let _ = &guard;
            chunk
        });
        Response::from_parts(parts, Body::from_stream(body))
    }

    async fn handle_post(&self, req: Request<Body>) -> Response {
        let (mut parts, body) = req.into_parts();
        let bytes = match axum::body::to_bytes(body, self.max_body_bytes).await {
            Ok(bytes) => bytes,
            Err(_) => {
                return json_response(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    &error_message(
                        None,
                        INVALID_REQUEST,
                        format!("request body exceeds {} bytes", self.max_body_bytes),
                    ),
                );
            }
        };
        let message: Value = match serde_json::from_slice(&bytes) {
            Ok(message) => message,
            Err(e) => return rejection(None, PARSE_ERROR, format!("Parse error: {e}")),
        };
        let json_only = !accepts_sse(&parts);
        // rmcp insists on both types; a JSON-only client gets its answer converted below.
        parts.headers.insert(
            ACCEPT,
            HeaderValue::from_static("application/json, text/event-stream"),
        );
        match message {
            Value::Array(batch) => self.batch(parts, batch).await,
            message => match classify(&message) {
                Err((id, code, reason)) => rejection(id, code, reason),
                Ok(kind) => {
                    if let Some(full) = self.new_session_refusal(&parts, &message).await {
                        return full;
                    }
                    let req = Request::from_parts(parts, Body::from(bytes));
                    let response = self.forward(req).await;
                    let id = match &kind {
                        Kind::Request(id) => Some(id.clone()),
                        _ => None,
                    };
                    let response = as_jsonrpc_error(response, id.clone()).await;
                    match id {
                        Some(id) if json_only => sse_to_json(response, &id).await,
                        _ => response,
                    }
                }
            },
        }
    }

    /// An `initialize` that would open one session too many gets 503.
    async fn new_session_refusal(
        &self,
        parts: &http::request::Parts,
        message: &Value,
    ) -> Option<Response> {
        let cap = self.cap.as_ref()?;
        let opens_session = message.get("method").and_then(Value::as_str) == Some("initialize")
            && !parts.headers.contains_key("mcp-session-id");
        if !opens_session {
            return None;
        }
        cap.refusal().await
    }

    /// A JSON-RPC batch: each message dispatched on its own (concurrently), the answers to its
    /// requests returned together in one array.
    async fn batch(&self, parts: http::request::Parts, batch: Vec<Value>) -> Response {
        if batch.is_empty() {
            return rejection(
                None,
                INVALID_REQUEST,
                "an empty batch is not a JSON-RPC request",
            );
        }
        let calls = batch.into_iter().map(|message| {
            let parts = parts.clone();
            async move {
                match classify(&message) {
                    Err((id, code, reason)) => Some(error_message(id, code, reason)),
                    Ok(kind) => {
                        let mut req = Request::from_parts(parts, Body::from(message.to_string()));
                        req.headers_mut().remove(http::header::CONTENT_LENGTH);
                        let response = self.forward(req).await;
                        match kind {
                            Kind::Request(id) => {
                                Some(answer_of(sse_to_json(response, &id).await, &id).await)
                            }
                            _ => None,
                        }
                    }
                }
            }
        });
        let answers: Vec<Value> = join_all(calls).await.into_iter().flatten().collect();
        if answers.is_empty() {
            return StatusCode::ACCEPTED.into_response();
        }
        json_response(StatusCode::OK, &Value::Array(answers))
    }
}

/// rmcp refuses some requests with a plain-text HTTP error (no session, unknown session,
/// bad protocol version header). The status stays; the body becomes a JSON-RPC error, so a
/// client that reads bodies gets one (-32001 for an unknown session, -32000 otherwise).
async fn as_jsonrpc_error(response: Response, id: Option<Value>) -> Response {
    let status = response.status();
    let is_plain = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_none_or(|v| v.starts_with("text/plain"));
    if !(status.is_client_error() && is_plain) {
        return response;
    }
    let (parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, 64 * 1024)
        .await
        .unwrap_or_default();
    let text = String::from_utf8_lossy(&bytes).trim().to_owned();
    let code = if status == StatusCode::NOT_FOUND {
        -32001
    } else {
        -32000
    };
    let mut answer = json_response(status, &error_message(id, code, text));
    for (name, value) in parts.headers.iter() {
        if name != CONTENT_TYPE && name != http::header::CONTENT_LENGTH {
            answer.headers_mut().insert(name.clone(), value.clone());
        }
    }
    answer
}

/// The JSON-RPC answer inside a response from [`sse_to_json`], or an error naming the HTTP
/// failure (e.g. an unknown session) when there is none.
async fn answer_of(response: Response, id: &Value) -> Value {
    let status = response.status();
    let bytes = response
        .into_body()
        .collect()
        .await
        .map(|b| b.to_bytes())
        .unwrap_or_default();
    if let Ok(value) = serde_json::from_slice::<Value>(&bytes)
        && value.get("jsonrpc").is_some()
    {
        let mut value = value;
        if value.get("id").is_none_or(Value::is_null) {
            value["id"] = id.clone();
        }
        return value;
    }
    let text = String::from_utf8_lossy(&bytes);
    error_message(
        Some(id.clone()),
        INVALID_REQUEST,
        format!("HTTP {status}: {}", text.trim()),
    )
}

/// Turns an SSE reply into the plain JSON answer to request `id`; other responses pass.
pub async fn sse_to_json(response: Response, id: &Value) -> Response {
    let is_sse = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/event-stream"));
    if !is_sse {
        return response;
    }
    let (mut parts, mut body) = response.into_parts();
    let mut reader = SseReader::default();
    while let Some(frame) = body.frame().await {
        let Ok(frame) = frame else { break };
        let Some(chunk) = frame.data_ref() else {
            continue;
        };
        reader.push(chunk);
        while let Some(data) = reader.next_event() {
            let Ok(message) = serde_json::from_str::<Value>(&data) else {
                continue;
            };
            let answers_id = message.get("id") == Some(id)
                && (message.get("result").is_some() || message.get("error").is_some());
            if answers_id {
                parts.headers.remove(http::header::CONTENT_LENGTH);
                parts
                    .headers
                    .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
                return Response::from_parts(parts, Body::from(Bytes::from(data)));
            }
        }
    }
    rejection(
        Some(id.clone()),
        -32603,
        "the server closed the stream without answering",
    )
}
