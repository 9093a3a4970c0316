//! Data-plane `InvokeHarness` (`POST /harnesses/invoke?harnessArn=…&qualifier=…`): checks the
//! harness and session id, then answers an `application/vnd.amazon.eventstream` body whose
//! events echo the user's text.
//!
//! Each frame carries `:message-type=event`, `:event-type=<union member>` and
//! `:content-type=application/json`; the payload is that member's JSON (the SDK's
//! `InvokeHarnessStreamOutputUnmarshaller` dispatches on `:event-type`).

use aws_smithy_types::event_stream::{Header, HeaderValue, Message};
use aws_smithy_types::str_bytes::StrBytes;
use axum::body::Body;
use axum::response::Response;
use bytes::BytesMut;
use http::header;
use serde_json::{Value, json};

use crate::server::{App, Incoming, Scope, json_object, rest_error, validation_error};
use crate::state::now_rfc3339;

const SESSION_HEADER: &str = "x-amzn-bedrock-agentcore-runtime-session-id";
/// The user text that makes the fake stop with `max_iterations_exceeded`.
const MAX_ITERATIONS_MARKER: &str = "FAKE_MAX_ITERATIONS";

pub(crate) fn handle(app: &App, request: &Incoming, scope: &Scope) -> Response {
    let Some(harness_arn) = request.query_param("harnessArn").filter(|a| !a.is_empty()) else {
        return validation_error("harnessArn", "harnessArn is required.");
    };
    let session_id = request.header(SESSION_HEADER).map(str::to_owned);
    if let Some(session) = &session_id
        && session.len() < 33
    {
        return validation_error(
            "runtimeSessionId",
            format!(
                "runtimeSessionId must be at least 33 characters long (it is {}).",
                session.len()
            ),
        );
    }
    let body = match json_object(&request.body) {
        Ok(body) => body,
        Err(message) => return validation_error("body", message),
    };
    let Some(text) = user_text(&body) else {
        return validation_error(
            "messages",
            "messages must end with a user message holding text content.",
        );
    };
    let session_id = session_id
        .unwrap_or_else(|| format!("{}-{}", uuid::Uuid::new_v4(), uuid::Uuid::new_v4().simple()));
    let harness_name = {
        let mut state = app.state.lock();
        let Some(harness) = state
            .harnesses
            .iter()
            .find(|h| h.arn == harness_arn && h.region == scope.region)
        else {
            return rest_error(
                "ResourceNotFoundException",
                format!("Harness {harness_arn} was not found."),
            );
        };
        if harness.status != "READY" {
            return validation_error(
                "harnessArn",
                format!(
                    "Harness {harness_arn} is {}; it can be invoked once READY.",
                    harness.status
                ),
            );
        }
        let name = harness.name.clone();
        state.invocations.push(json!({
            "harnessArn": harness_arn,
            "qualifier": request.query_param("qualifier"),
            "runtimeSessionId": session_id,
            "userText": text,
            "request": Value::Object(body.clone()),
            "at": now_rfc3339(),
        }));
        name
    };
    let stop_reason = if text.contains(MAX_ITERATIONS_MARKER) {
        "max_iterations_exceeded"
    } else {
        "end_turn"
    };
    let deltas = [
        "Fake harness ".to_owned(),
        format!("{harness_name} heard: "),
        text.clone(),
    ];
    let reply_len: usize = deltas.iter().map(String::len).sum();
    let input_tokens = token_estimate(text.len());
    let output_tokens = token_estimate(reply_len);
    let mut events = vec![
        ("messageStart", json!({ "role": "assistant" })),
        // A text block has no `start` member (the union only holds toolUse / toolResult).
        ("contentBlockStart", json!({ "contentBlockIndex": 0 })),
    ];
    for delta in deltas.into_iter().filter(|d| !d.is_empty()) {
        events.push((
            "contentBlockDelta",
            json!({ "contentBlockIndex": 0, "delta": { "text": delta } }),
        ));
    }
    events.push(("contentBlockStop", json!({ "contentBlockIndex": 0 })));
    events.push(("messageStop", json!({ "stopReason": stop_reason })));
    events.push((
        "metadata",
        json!({
            "usage": {
                "inputTokens": input_tokens,
                "outputTokens": output_tokens,
                "totalTokens": input_tokens + output_tokens,
            },
            "metrics": { "latencyMs": 42 },
        }),
    ));
    let mut stream = BytesMut::new();
    for (event_type, payload) in events {
        if let Err(err) = write_event(&mut stream, event_type, &payload) {
            return rest_error(
                "InternalServerException",
                format!("zscaler-aws-fake: cannot frame {event_type}: {err}"),
            );
        }
    }
    let mut response = Response::new(Body::from(stream.freeze()));
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        http::HeaderValue::from_static("application/vnd.amazon.eventstream"),
    );
    if let Ok(value) = http::HeaderValue::from_str(&session_id) {
        headers.insert(SESSION_HEADER, value);
    }
    response
}

/// The text of the last message when it is the user's: its text blocks joined by newlines.
fn user_text(body: &serde_json::Map<String, Value>) -> Option<String> {
    let last = body.get("messages")?.as_array()?.last()?;
    if last.get("role")?.as_str()? != "user" {
        return None;
    }
    let texts: Vec<&str> = last
        .get("content")?
        .as_array()?
        .iter()
        .filter_map(|block| block.get("text").and_then(Value::as_str))
        .collect();
    (!texts.is_empty()).then(|| texts.join("\n"))
}

/// About four bytes a token, at least one.
fn token_estimate(bytes: usize) -> u64 {
    (bytes as u64).div_ceil(4).max(1)
}

fn string_header(name: &'static str, value: &str) -> Header {
    Header::new(name, HeaderValue::String(StrBytes::from(value.to_owned())))
}

fn write_event(
    out: &mut BytesMut,
    event_type: &str,
    payload: &Value,
) -> Result<(), aws_smithy_eventstream::error::Error> {
    let message = Message::new(payload.to_string().into_bytes())
        .add_header(string_header(":message-type", "event"))
        .add_header(string_header(":event-type", event_type))
        .add_header(string_header(":content-type", "application/json"));
    aws_smithy_eventstream::frame::write_message_to(&message, out)
}
