//! Fuzz target: raw bytes as a transport receives them (a stdio line, a legacy SSE POST, a
//! streamable HTTP body) through the JSON-RPC checks every transport shares
//! (`zscaler_mcp_server::wire`), then rmcp's decoding of what the checks let through.
//!
//! Beyond "no panic", it checks what a client would notice: every error the server answers
//! with is a message rmcp can send (the stdio and SSE sessions send it through rmcp's type, and
//! drop what does not fit), it carries the request's id whenever the request had a usable one,
//! and a message the checks call a request is one rmcp dispatches as that request (the session
//! counts it as awaiting an answer).
#![no_main]

use libfuzzer_sys::fuzz_target;
use rmcp::model::{ClientJsonRpcMessage, ServerJsonRpcMessage};
use serde_json::Value;
use zscaler_mcp_server::wire::{self, INVALID_PARAMS, INVALID_REQUEST, Kind, PARSE_ERROR};

fuzz_target!(|data: &[u8]| {
    // What `MessageSession::deliver_from` and the `/mcp` layer do with a frame: parse it, split
    // a non-empty batch, check each message.
    match serde_json::from_slice::<Value>(data) {
        Err(e) => answerable(
            wire::error_message(None, PARSE_ERROR, format!("Parse error: {e}")),
            None,
        ),
        Ok(Value::Array(batch)) if !batch.is_empty() => batch.iter().for_each(check),
        Ok(message) => check(&message),
    }
});

/// An id a client can match an answer to: a string, or an integer rmcp (and JSON-RPC peers
/// that read numbers as 64-bit signed integers) can carry.
fn usable_id(message: &Value) -> Option<&Value> {
    let id = message.as_object()?.get("id")?;
    match id {
        Value::String(_) => Some(id),
        Value::Number(n) if n.is_i64() => Some(id),
        _ => None,
    }
}

fn check(message: &Value) {
    let sent_id = usable_id(message);
    let kind = match wire::classify(message) {
        Ok(kind) => kind,
        Err((id, code, reason)) => {
            assert!(
                [PARSE_ERROR, INVALID_REQUEST, INVALID_PARAMS].contains(&code),
                "unexpected code {code}"
            );
            assert!(!reason.trim().is_empty(), "an error without a reason");
            assert_eq!(
                id.as_ref(),
                sent_id,
                "the error's id is not the request's ({reason})"
            );
            answerable(wire::error_message(id.clone(), code, reason), id.as_ref());
            return;
        }
    };
    let object = message.as_object().expect("only objects are accepted");
    assert_eq!(object.get("jsonrpc"), Some(&Value::from("2.0")));
    match &kind {
        Kind::Request(id) => {
            assert_eq!(Some(id), sent_id, "a request's id is its own");
            assert!(object.get("method").is_some_and(Value::is_string));
            assert!(object.get("params").is_none_or(Value::is_object));
        }
        Kind::Notification => {
            assert!(!object.contains_key("id"), "a notification has no id");
            assert!(object.get("method").is_some_and(Value::is_string));
        }
        Kind::Response => {
            assert!(object.contains_key("id"));
            assert_ne!(object.contains_key("result"), object.contains_key("error"));
        }
    }
    // What the session hands rmcp (the HTTP layer forwards the same bytes to rmcp, which
    // decodes them with the same type).
    let decoded = serde_json::from_value::<ClientJsonRpcMessage>(message.clone());
    match (kind, decoded) {
        (Kind::Request(id), Ok(decoded)) => {
            let ClientJsonRpcMessage::Request(request) = decoded else {
                panic!("a request that rmcp decodes as something else: {decoded:?}");
            };
            assert_eq!(request.id.into_json_value(), id);
        }
        // The session answers these itself.
        (Kind::Request(id), Err(e)) => answerable(
            wire::error_message(
                Some(id.clone()),
                INVALID_PARAMS,
                format!("Invalid params: {e}"),
            ),
            Some(&id),
        ),
        (Kind::Notification, Ok(decoded)) => assert!(
            matches!(decoded, ClientJsonRpcMessage::Notification(_)),
            "a notification that rmcp decodes as something else: {decoded:?}"
        ),
        (Kind::Response, Ok(decoded)) => assert!(
            matches!(
                decoded,
                ClientJsonRpcMessage::Response(_) | ClientJsonRpcMessage::Error(_)
            ),
            "a response that rmcp decodes as something else: {decoded:?}"
        ),
        // Dropped (nothing answers a notification or a response).
        (Kind::Notification | Kind::Response, Err(_)) => {}
    }
}

/// `error` must be a message the server can send (the sessions pass it through rmcp's type),
/// still answering `id`.
fn answerable(error: Value, id: Option<&Value>) {
    let code = error["error"]["code"].clone();
    let sent = match serde_json::from_value::<ServerJsonRpcMessage>(error.clone()) {
        Ok(message) => message,
        Err(e) => panic!("the error answer {error} cannot be sent: {e}"),
    };
    let ServerJsonRpcMessage::Error(_) = &sent else {
        panic!("the error answer {error} is sent as something else: {sent:?}");
    };
    let wire = serde_json::to_value(&sent).expect("an rmcp message serialises");
    assert_eq!(wire.get("id"), id, "the answer lost the request's id");
    assert_eq!(wire["error"]["code"], code);
}
