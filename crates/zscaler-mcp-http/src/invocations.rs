//! `POST /invocations`, the AWS Bedrock AgentCore Runtime HTTP protocol contract
//! (`--agentcore-http`), with the content negotiation the AgentCore community proposed for the
//! Python server's "Genesis" wrapper, done over the real MCP server:
//! - a JSON-RPC 2.0 payload is handled exactly as a stateless `POST /mcp` (it goes through the
//!   same [`McpEndpoint`] and rmcp service, so checks, tool selection and audit are the same)
//!   and answered with JSON-RPC: one SSE event when `Accept` includes `text/event-stream`,
//!   else `application/json`;
//! - `{"name","arguments"}`, `{"tool":{"name","parameters"}}` and `{"method","params"}` (no
//!   `jsonrpc`) become a JSON-RPC request on the same path, answered as three NDJSON lines
//!   (`start`, `data`, `end`) carrying the session id;
//! - `{"payload":"<base64>"}` carries any of the above;
//! - anything else is 400 with a message naming what was expected.
//!
//! The route sits inside the router `zscaler_mcp_guard::protect` wraps, so authentication,
//! Host/Origin checks and rate limits apply as they do to `/mcp`.

use std::time::{SystemTime, UNIX_EPOCH};

use axum::body::Body;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use bytes::Bytes;
use http::header::{ACCEPT, CACHE_CONTROL, CONTENT_LENGTH, CONTENT_TYPE, TRANSFER_ENCODING};
use http::{HeaderName, HeaderValue, Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::{Map, Value, json};
use tower::ServiceExt;

use crate::jsonrpc::{McpEndpoint, accepts_sse, is_json};

/// The session header AgentCore sends (and the NDJSON answer echoes).
pub const SESSION_HEADER: &str = "x-amzn-bedrock-agentcore-runtime-session-id";

/// What a body that is none of the accepted shapes is told.
const EXPECTED: &str = "expected a JSON object: a JSON-RPC 2.0 message (\"jsonrpc\": \"2.0\"), \
    {\"name\": TOOL, \"arguments\": {...}}, {\"tool\": {\"name\": TOOL, \"parameters\": {...}}}, \
    {\"method\": METHOD, \"params\": {...}}, or {\"payload\": \"<base64 of one of these>\"}";

/// Most `tools/list` pages followed for one NDJSON `tools/list` (the catalogue's size divided
/// by the smallest page size stays far below it).
const MAX_LIST_PAGES: usize = 1000;

/// The id of the JSON-RPC request an NDJSON invocation becomes.
const INVOCATION_ID: &str = "invocation";

/// `/invocations`: its own stateless MCP endpoint (whatever `/mcp` is), and the body limit.
#[derive(Clone)]
pub(crate) struct Invocations {
    mcp: McpEndpoint,
    max_body_bytes: usize,
}

/// One accepted payload.
#[doc(hidden)]
#[derive(Debug, PartialEq)]
pub enum Payload {
    /// A JSON-RPC message or batch, as sent (or as decoded from `payload`).
    JsonRpc(Bytes),
    /// A method call without JSON-RPC framing (tool calls included).
    Method {
        method: String,
        params: Option<Value>,
    },
}

impl Invocations {
    pub(crate) fn new(mcp: McpEndpoint, max_body_bytes: usize) -> Invocations {
        Invocations {
            mcp,
            max_body_bytes,
        }
    }
}

fn error_response(status: StatusCode, message: impl Into<String>) -> Response {
    let body = json!({"error": message.into()}).to_string();
    let mut response = (status, body).into_response();
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response
}

fn bad_request(message: impl Into<String>) -> Response {
    error_response(StatusCode::BAD_REQUEST, message)
}

/// The axum handler for `POST /invocations`.
pub(crate) async fn invoke(State(invocations): State<Invocations>, req: Request<Body>) -> Response {
    if let Some(content_type) = req.headers().get(CONTENT_TYPE)
        && !is_json(Some(content_type))
    {
        return error_response(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            format!(
                "Content-Type must be application/json, not {}",
                String::from_utf8_lossy(content_type.as_bytes())
            ),
        );
    }
    let session = match req.headers().get(SESSION_HEADER).map(HeaderValue::to_str) {
        None => None,
        Some(Ok(value)) if !value.trim().is_empty() => Some(value.trim().to_owned()),
        Some(_) => {
            return bad_request(
                "X-Amzn-Bedrock-AgentCore-Runtime-Session-Id must be a non-empty ASCII value",
            );
        }
    };
    let (parts, body) = req.into_parts();
    let bytes = match axum::body::to_bytes(body, invocations.max_body_bytes).await {
        Ok(bytes) => bytes,
        Err(_) => {
            return error_response(
                StatusCode::PAYLOAD_TOO_LARGE,
                format!(
                    "request body exceeds {} bytes (ZSCALER_MCP_MAX_BODY_BYTES)",
                    invocations.max_body_bytes
                ),
            );
        }
    };
    let payload = match parse(&bytes, false) {
        Ok(payload) => payload,
        Err(message) => return bad_request(message),
    };
    match payload {
        Payload::JsonRpc(message) => {
            let mut response = invocations.json_rpc(parts, message).await;
            if let Some(session) = session
                && let Ok(value) = HeaderValue::from_str(&session)
            {
                response
                    .headers_mut()
                    .insert(HeaderName::from_static(SESSION_HEADER), value);
            }
            response
        }
        Payload::Method { method, params } => {
            let started = unix_seconds();
            let result = invocations.method(&parts, &method, params).await;
            let session = session.unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
            ndjson(&session, started, unix_seconds(), result)
        }
    }
}

/// Exists for the fuzz targets: which accepted shape a request body is (what `invoke` reads).
#[doc(hidden)]
pub fn decode_payload(body: &[u8]) -> Result<Payload, String> {
    parse(body, false)
}

/// Which accepted shape `bytes` is; the error says what was wrong and what was expected.
/// `decoded`: the bytes came out of a `payload` (which may not hold another one).
fn parse(bytes: &[u8], decoded: bool) -> Result<Payload, String> {
    let within = if decoded {
        "the decoded `payload`"
    } else {
        "the body"
    };
    let value: Value = serde_json::from_slice(bytes)
        .map_err(|e| format!("{within} is not valid JSON ({e}); {EXPECTED}"))?;
    let object = match value {
        Value::Array(_) => return Ok(Payload::JsonRpc(Bytes::copy_from_slice(bytes))),
        Value::Object(object) => object,
        other => {
            return Err(format!(
                "{within} is a JSON {}; {EXPECTED}",
                json_kind(&other)
            ));
        }
    };
    if object.contains_key("jsonrpc") {
        return Ok(Payload::JsonRpc(Bytes::copy_from_slice(bytes)));
    }
    if let Some(payload) = object.get("payload") {
        if decoded {
            return Err(format!(
                "the decoded `payload` holds another `payload`; {EXPECTED}"
            ));
        }
        let Value::String(text) = payload else {
            return Err(format!(
                "`payload` must be a base64 string, not a JSON {}",
                json_kind(payload)
            ));
        };
        let decoded_bytes =
            decode_base64(text).map_err(|e| format!("`payload` is not valid base64 ({e})"))?;
        return parse(&decoded_bytes, true);
    }
    if let Some(tool) = object.get("tool") {
        let Value::Object(tool) = tool else {
            return Err(format!(
                "`tool` must be an object {{\"name\": TOOL, \"parameters\": {{...}}}}, not a JSON {}",
                json_kind(tool)
            ));
        };
        let name = string_field(tool, "name", "`tool.name`")?;
        let arguments = object_field(tool, "parameters", "`tool.parameters`")?;
        return Ok(tool_call(name, arguments));
    }
    if object.contains_key("method") {
        let method = string_field(&object, "method", "`method`")?;
        let params = object_field(&object, "params", "`params`")?;
        return Ok(Payload::Method { method, params });
    }
    if object.contains_key("name") {
        let name = string_field(&object, "name", "`name`")?;
        let arguments = object_field(&object, "arguments", "`arguments`")?;
        return Ok(tool_call(name, arguments));
    }
    if object.is_empty() {
        return Err(format!("{within} is an empty object; {EXPECTED}"));
    }
    let keys: Vec<&str> = object.keys().map(String::as_str).collect();
    Err(format!(
        "{within} has none of the keys jsonrpc, payload, tool, method, name (it has: {}); {EXPECTED}",
        keys.join(", ")
    ))
}

fn tool_call(name: String, arguments: Option<Value>) -> Payload {
    let mut params = Map::new();
    params.insert("name".into(), Value::String(name));
    params.insert(
        "arguments".into(),
        arguments.unwrap_or_else(|| Value::Object(Map::new())),
    );
    Payload::Method {
        method: "tools/call".into(),
        params: Some(Value::Object(params)),
    }
}

fn string_field(object: &Map<String, Value>, key: &str, shown: &str) -> Result<String, String> {
    match object.get(key) {
        Some(Value::String(text)) if !text.trim().is_empty() => Ok(text.clone()),
        Some(Value::String(_)) => Err(format!("{shown} must not be empty")),
        Some(other) => Err(format!(
            "{shown} must be a string, not a JSON {}",
            json_kind(other)
        )),
        None => Err(format!("{shown} is missing")),
    }
}

/// An optional object field; `null` counts as absent.
fn object_field(
    object: &Map<String, Value>,
    key: &str,
    shown: &str,
) -> Result<Option<Value>, String> {
    match object.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(value @ Value::Object(_)) => Ok(Some(value.clone())),
        Some(other) => Err(format!(
            "{shown} must be an object, not a JSON {}",
            json_kind(other)
        )),
    }
}

fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Standard base64, padded or not; URL-safe as well. Whitespace (line breaks) is ignored.
fn decode_base64(text: &str) -> Result<Vec<u8>, base64::DecodeError> {
    use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
    let compact: String = text.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    let url_safe = compact.contains(['-', '_']);
    let padded = compact.ends_with('=');
    let engine = match (url_safe, padded) {
        (false, true) => &STANDARD,
        (false, false) => &STANDARD_NO_PAD,
        (true, true) => &URL_SAFE,
        (true, false) => &URL_SAFE_NO_PAD,
    };
    engine.decode(compact.as_bytes())
}

fn unix_seconds() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs_f64())
        .unwrap_or(0.0)
}

/// The three-line NDJSON answer.
fn ndjson(session: &str, started: f64, finished: f64, result: Value) -> Response {
    let lines = [
        json!({"type": "start", "session_id": session, "timestamp": started}),
        json!({"type": "data", "session_id": session, "timestamp": finished,
            "data": {"result": result}}),
        json!({"type": "end", "session_id": session, "timestamp": finished}),
    ];
    let mut body = String::new();
    for line in lines {
        body.push_str(&line.to_string());
        body.push('\n');
    }
    let mut response = (StatusCode::OK, body).into_response();
    let headers = response.headers_mut();
    headers.insert(
        CONTENT_TYPE,
        HeaderValue::from_static("application/x-ndjson"),
    );
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    if let Ok(value) = HeaderValue::from_str(session) {
        headers.insert(HeaderName::from_static(SESSION_HEADER), value);
    }
    response
}

impl Invocations {
    /// The request the MCP endpoint sees: the caller's parts (extensions carry the
    /// authenticated principal and the client address), a JSON body, and `Accept` asking for
    /// one JSON answer. `own_message`: the JSON-RPC message is ours, so the caller's MCP
    /// routing headers (which describe its payload, not ours) are dropped.
    fn internal(parts: &http::request::Parts, body: Bytes, own_message: bool) -> Request<Body> {
        let mut parts = parts.clone();
        let headers = &mut parts.headers;
        headers.remove(CONTENT_LENGTH);
        headers.remove(TRANSFER_ENCODING);
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        if own_message {
            let mcp_headers: Vec<HeaderName> = headers
                .keys()
                .filter(|name| name.as_str().starts_with("mcp-"))
                .cloned()
                .collect();
            for name in mcp_headers {
                headers.remove(name);
            }
        }
        Request::from_parts(parts, Body::from(body))
    }

    async fn send(&self, req: Request<Body>) -> Response {
        match self.mcp.clone().oneshot(req).await {
            Ok(response) => response,
            Err(never) => match never {},
        }
    }

    /// A JSON-RPC payload: the MCP endpoint's answer, re-framed as one SSE event when the
    /// caller accepts `text/event-stream`.
    async fn json_rpc(&self, parts: http::request::Parts, message: Bytes) -> Response {
        let wants_sse = accepts_sse(&parts);
        let response = self.send(Self::internal(&parts, message, false)).await;
        let is_json_answer = response.status() == StatusCode::OK
            && response
                .headers()
                .get(CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.starts_with("application/json"));
        if !(wants_sse && is_json_answer) {
            return response;
        }
        let (mut parts, body) = response.into_parts();
        let bytes = match body.collect().await {
            Ok(collected) => collected.to_bytes(),
            Err(_) => {
                return error_response(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "the MCP answer could not be read",
                );
            }
        };
        // Re-serialised so the event's data is one line whatever the answer's layout.
        let data = match serde_json::from_slice::<Value>(&bytes) {
            Ok(answer) => answer.to_string(),
            Err(_) => String::from_utf8_lossy(&bytes).replace('\n', " "),
        };
        parts.headers.remove(CONTENT_LENGTH);
        parts
            .headers
            .insert(CONTENT_TYPE, HeaderValue::from_static("text/event-stream"));
        parts
            .headers
            .insert(CACHE_CONTROL, HeaderValue::from_static("no-cache"));
        Response::from_parts(
            parts,
            Body::from(format!("event: message\ndata: {data}\n\n")),
        )
    }

    /// One JSON-RPC exchange for an NDJSON invocation: the answer, or why there is none.
    async fn exchange(
        &self,
        parts: &http::request::Parts,
        method: &str,
        params: Option<&Value>,
    ) -> Result<Value, String> {
        let mut message = json!({"jsonrpc": "2.0", "method": method});
        if !method.starts_with("notifications/") {
            message["id"] = json!(INVOCATION_ID);
        }
        if let Some(params) = params {
            message["params"] = params.clone();
        }
        let req = Self::internal(parts, Bytes::from(message.to_string()), true);
        let response = self.send(req).await;
        let status = response.status();
        let bytes = response
            .into_body()
            .collect()
            .await
            .map(|b| b.to_bytes())
            .unwrap_or_default();
        if status == StatusCode::ACCEPTED && bytes.is_empty() {
            // A notification: accepted, nothing to answer.
            return Ok(json!({"result": {}}));
        }
        match serde_json::from_slice::<Value>(&bytes) {
            Ok(answer) if answer.get("result").is_some() || answer.get("error").is_some() => {
                Ok(answer)
            }
            _ => Err(format!(
                "HTTP {status}: {}",
                String::from_utf8_lossy(&bytes).trim()
            )),
        }
    }

    /// An NDJSON invocation's outcome: `{"status":"success","tool":..,"result":..}` or
    /// `{"status":"error","tool":..,"error":..}`.
    async fn method(
        &self,
        parts: &http::request::Parts,
        method: &str,
        params: Option<Value>,
    ) -> Value {
        let tool = match (method, params.as_ref().and_then(|p| p.get("name"))) {
            ("tools/call", Some(Value::String(name))) => name.clone(),
            _ => method.to_owned(),
        };
        let outcome =
            if method == "tools/list" && params.as_ref().and_then(|p| p.get("cursor")).is_none() {
                self.all_tools(parts, params).await
            } else {
                match self.exchange(parts, method, params.as_ref()).await {
                    Ok(answer) => outcome_of(method, answer),
                    Err(why) => Err(why),
                }
            };
        match outcome {
            Ok(result) => json!({"status": "success", "tool": tool, "result": result}),
            Err(error) => json!({"status": "error", "tool": tool, "error": error}),
        }
    }

    /// Every page of `tools/list`, as one array of MCP tool objects.
    async fn all_tools(
        &self,
        parts: &http::request::Parts,
        params: Option<Value>,
    ) -> Result<Value, String> {
        let mut params = params.unwrap_or_else(|| json!({}));
        let mut tools = Vec::new();
        for _ in 0..MAX_LIST_PAGES {
            let answer = self.exchange(parts, "tools/list", Some(&params)).await?;
            let result = outcome_of("tools/list", answer)?;
            let page = result
                .get("tools")
                .and_then(Value::as_array)
                .ok_or("tools/list answered without a `tools` array")?;
            tools.extend(page.iter().cloned());
            match result.get("nextCursor").and_then(Value::as_str) {
                Some(cursor) => params["cursor"] = json!(cursor),
                None => return Ok(Value::Array(tools)),
            }
        }
        Err(format!(
            "tools/list returned more than {MAX_LIST_PAGES} pages"
        ))
    }
}

/// The result of a JSON-RPC answer, or the error an NDJSON client is shown: the JSON-RPC
/// error's message, or the text of a tool result flagged `isError`.
fn outcome_of(method: &str, answer: Value) -> Result<Value, String> {
    if let Some(error) = answer.get("error") {
        let message = error
            .get("message")
            .and_then(Value::as_str)
            .unwrap_or("unknown error");
        return Err(match error.get("code").and_then(Value::as_i64) {
            Some(code) => format!("{message} (JSON-RPC error {code})"),
            None => message.to_owned(),
        });
    }
    let result = answer.get("result").cloned().unwrap_or(Value::Null);
    if method == "tools/call" && result.get("isError") == Some(&Value::Bool(true)) {
        let text: Vec<&str> = result
            .get("content")
            .and_then(Value::as_array)
            .map(|blocks| {
                blocks
                    .iter()
                    .filter_map(|b| b.get("text").and_then(Value::as_str))
                    .collect()
            })
            .unwrap_or_default();
        return Err(if text.is_empty() {
            "the tool reported an error without text".to_owned()
        } else {
            text.join("\n")
        });
    }
    Ok(result)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn method(bytes: &str) -> (String, Option<Value>) {
        match parse(bytes.as_bytes(), false).unwrap() {
            Payload::Method { method, params } => (method, params),
            other => panic!("{other:?}"),
        }
    }

    fn error(bytes: &str) -> String {
        parse(bytes.as_bytes(), false).unwrap_err()
    }

    #[test]
    fn each_shape_is_recognised() {
        assert!(matches!(
            parse(br#"{"jsonrpc":"2.0","id":1,"method":"ping"}"#, false),
            Ok(Payload::JsonRpc(_))
        ));
        assert!(matches!(
            parse(br#"[{"jsonrpc":"2.0","id":1,"method":"ping"}]"#, false),
            Ok(Payload::JsonRpc(_))
        ));
        let call = (
            "tools/call".to_owned(),
            Some(json!({"name": "zia_x", "arguments": {"a": 1}})),
        );
        assert_eq!(method(r#"{"name":"zia_x","arguments":{"a":1}}"#), call);
        assert_eq!(
            method(r#"{"tool":{"name":"zia_x","parameters":{"a":1}}}"#),
            call
        );
        assert_eq!(
            method(r#"{"method":"tools/call","params":{"name":"zia_x","arguments":{"a":1}}}"#),
            call
        );
        assert_eq!(
            method(r#"{"name":"zia_x"}"#).1,
            Some(json!({"name": "zia_x", "arguments": {}}))
        );
        assert_eq!(
            method(r#"{"method":"tools/list"}"#),
            ("tools/list".to_owned(), None)
        );
    }

    #[test]
    fn base64_payloads_in_every_alphabet() {
        let inner = r#"{"name":"zia_x","arguments":{"q":"??>>"}}"#;
        use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
        for encoded in [STANDARD.encode(inner), URL_SAFE_NO_PAD.encode(inner)] {
            let body = json!({"payload": encoded}).to_string();
            assert_eq!(method(&body).0, "tools/call", "{encoded}");
        }
        let wrapped =
            json!({"payload": STANDARD.encode(r#"{"jsonrpc":"2.0","method":"ping","id":1}"#)});
        assert!(matches!(
            parse(wrapped.to_string().as_bytes(), false),
            Ok(Payload::JsonRpc(_))
        ));
    }

    #[test]
    fn bad_bodies_name_the_fault_and_the_expected_shapes() {
        let e = error("{not json");
        assert!(e.contains("not valid JSON") && e.contains("jsonrpc"), "{e}");
        let e = error(r#"{"hello":1}"#);
        assert!(
            e.contains("it has: hello") && e.contains("\"payload\""),
            "{e}"
        );
        assert!(error("42").contains("is a JSON number"));
        assert!(error("{}").starts_with("the body is an empty object"));
        assert!(error(r#"{"payload":"%%%"}"#).contains("not valid base64"));
        assert!(error(r#"{"payload":7}"#).contains("`payload` must be a base64 string"));
        let not_json = base64::engine::general_purpose::STANDARD.encode("plain text");
        let e = error(&json!({"payload": not_json}).to_string());
        assert!(e.contains("the decoded `payload` is not valid JSON"), "{e}");
        let nested = base64::engine::general_purpose::STANDARD.encode(r#"{"payload":"e30="}"#);
        assert!(error(&json!({"payload": nested}).to_string()).contains("another `payload`"));
        assert!(error(r#"{"name":5}"#).contains("`name` must be a string"));
        assert!(error(r#"{"name":"x","arguments":[1]}"#).contains("`arguments` must be an object"));
        assert!(error(r#"{"tool":"x"}"#).contains("`tool` must be an object"));
        assert!(error(r#"{"tool":{}}"#).contains("`tool.name` is missing"));
        assert!(
            error(r#"{"method":"tools/call","params":"x"}"#).contains("`params` must be an object")
        );
    }

    #[test]
    fn tool_errors_become_their_text() {
        let answer = json!({"result": {"isError": true, "content": [{"type": "text", "text": "no such segment"}]}});
        assert_eq!(
            outcome_of("tools/call", answer),
            Err("no such segment".to_owned())
        );
        let answer = json!({"error": {"code": -32602, "message": "Unknown tool: x"}});
        assert_eq!(
            outcome_of("tools/call", answer),
            Err("Unknown tool: x (JSON-RPC error -32602)".to_owned())
        );
    }
}
