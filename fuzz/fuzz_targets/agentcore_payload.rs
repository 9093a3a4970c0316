//! Fuzz target: the body of `POST /invocations` (AgentCore's HTTP protocol contract) through
//! the payload decoder of `zscaler_mcp_http` — JSON-RPC, `{"name","arguments"}`,
//! `{"tool":{"name","parameters"}}`, `{"method","params"}`, and any of them as base64 in
//! `{"payload": ...}`.
//!
//! Invariants: every body is accepted as one shape or refused with a message; a JSON-RPC
//! payload is passed on byte for byte; a method call has a non-blank method and object
//! params, a tool call a non-blank name and object arguments; and a body wrapped in
//! `{"payload": base64}` (standard or URL-safe alphabet, padded or not) means what it means
//! unwrapped.
#![no_main]

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
use libfuzzer_sys::fuzz_target;
use serde_json::{Map, Value, json};
use zscaler_mcp_http::{AgentCorePayload, decode_agentcore_payload};

fuzz_target!(|data: &[u8]| {
    let outcome = decode_agentcore_payload(data);
    match &outcome {
        Ok(payload) => accepted(data, payload),
        Err(message) => assert!(!message.trim().is_empty(), "a refusal without a message"),
    }
    // The same body, carried in `payload`, in an alphabet the last byte picks.
    let engines = [&STANDARD, &STANDARD_NO_PAD, &URL_SAFE, &URL_SAFE_NO_PAD];
    let engine = engines[usize::from(data.last().copied().unwrap_or(0) % 4)];
    let wrapped = json!({"payload": engine.encode(data)}).to_string();
    let unwrapped = decode_agentcore_payload(wrapped.as_bytes());
    let holds_payload = serde_json::from_slice::<Value>(data)
        .ok()
        .and_then(|v| v.as_object().map(|o| o.contains_key("payload")))
        .unwrap_or(false);
    match (&outcome, unwrapped) {
        (Ok(direct), Ok(carried)) => assert_eq!(direct, &carried, "`payload` changed its meaning"),
        (Ok(_), Err(message)) => assert!(
            holds_payload && !is_jsonrpc(data),
            "accepted as a body, refused in `payload`: {message}"
        ),
        (Err(direct), Ok(carried)) => {
            panic!("refused as a body ({direct}), accepted in `payload`: {carried:?}")
        }
        (Err(_), Err(message)) => assert!(!message.trim().is_empty()),
    }
});

fn is_jsonrpc(data: &[u8]) -> bool {
    match serde_json::from_slice::<Value>(data) {
        Ok(Value::Array(_)) => true,
        Ok(Value::Object(o)) => o.contains_key("jsonrpc"),
        _ => false,
    }
}

fn accepted(data: &[u8], payload: &AgentCorePayload) {
    match payload {
        AgentCorePayload::JsonRpc(bytes) => {
            if is_jsonrpc(data) {
                assert_eq!(&bytes[..], data, "a JSON-RPC body is passed on as sent");
            } else {
                // From a `payload`: the decoded bytes are themselves JSON-RPC.
                assert!(is_jsonrpc(bytes), "not JSON-RPC: {bytes:?}");
            }
        }
        AgentCorePayload::Method { method, params } => {
            assert!(!method.trim().is_empty(), "a blank method");
            let body = effective(data).expect("a method call comes from an object");
            // The documented shapes, in the documented order.
            let (want_method, want_params) = if let Some(tool) = body.get("tool") {
                let arguments = tool.get("parameters").filter(|p| !p.is_null());
                (
                    "tools/call".to_owned(),
                    Some(
                        json!({"name": tool["name"], "arguments": arguments.cloned().unwrap_or(json!({}))}),
                    ),
                )
            } else if let Some(method) = body.get("method") {
                let params = body.get("params").filter(|p| !p.is_null()).cloned();
                (method.as_str().expect("a string method").to_owned(), params)
            } else {
                let arguments = body.get("arguments").filter(|a| !a.is_null());
                (
                    "tools/call".to_owned(),
                    Some(
                        json!({"name": body["name"], "arguments": arguments.cloned().unwrap_or(json!({}))}),
                    ),
                )
            };
            assert_eq!(method, &want_method);
            assert_eq!(params, &want_params);
            assert!(params.as_ref().is_none_or(Value::is_object), "{params:?}");
        }
    }
}

/// The object a body stands for: itself, or what its `payload` decodes to.
fn effective(data: &[u8]) -> Option<Map<String, Value>> {
    let Ok(Value::Object(body)) = serde_json::from_slice::<Value>(data) else {
        return None;
    };
    let Some(Value::String(text)) = body.get("payload") else {
        return Some(body);
    };
    let compact: String = text.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    let bytes = [&STANDARD, &STANDARD_NO_PAD, &URL_SAFE, &URL_SAFE_NO_PAD]
        .iter()
        .find_map(|engine| engine.decode(&compact).ok())?;
    match serde_json::from_slice::<Value>(&bytes) {
        Ok(Value::Object(inner)) => Some(inner),
        _ => None,
    }
}
