//! JSON-RPC 2.0 messages as MCP uses them: what makes one valid, and the error that answers
//! one that is not. Shared by every transport, so each says the same thing about bad input.

use serde_json::{Value, json};

pub const PARSE_ERROR: i64 = -32700;
pub const INVALID_REQUEST: i64 = -32600;
pub const INVALID_PARAMS: i64 = -32602;

/// A JSON-RPC error object as a response to `id` (null when unknown).
pub fn error_message(id: Option<Value>, code: i64, message: impl Into<String>) -> Value {
    json!({
        "jsonrpc": "2.0",
        "id": id.unwrap_or(Value::Null),
        "error": {"code": code, "message": message.into()},
    })
}

/// What a message is, once checked.
#[derive(Debug, PartialEq)]
pub enum Kind {
    Request(Value),
    Notification,
    Response,
}

/// A JSON-RPC 2.0 message as MCP uses it, or the error to answer it with.
pub fn classify(message: &Value) -> Result<Kind, (Option<Value>, i64, String)> {
    let Value::Object(obj) = message else {
        return Err((
            None,
            INVALID_REQUEST,
            "a JSON-RPC message must be a JSON object".into(),
        ));
    };
    let id = match obj.get("id") {
        None => None,
        Some(id @ Value::String(_)) => Some(id.clone()),
        Some(id @ Value::Number(n)) if n.is_i64() => Some(id.clone()),
        // rmcp (and every peer that reads ids as 64-bit signed integers) cannot carry it, so
        // no answer could name it.
        Some(Value::Number(n)) if n.is_u64() => {
            return Err((
                None,
                INVALID_REQUEST,
                "`id` is out of range: an integer id must fit in a signed 64-bit integer".into(),
            ));
        }
        Some(_) => {
            return Err((
                None,
                INVALID_REQUEST,
                "`id` must be a string or an integer (and not null)".into(),
            ));
        }
    };
    if obj.get("jsonrpc").and_then(Value::as_str) != Some("2.0") {
        return Err((id, INVALID_REQUEST, "`jsonrpc` must be \"2.0\"".into()));
    }
    match obj.get("method") {
        Some(Value::String(method)) => {
            if let Some(params) = obj.get("params")
                && !params.is_object()
            {
                return Err((id, INVALID_PARAMS, "`params` must be an object".into()));
            }
            let Some(id) = id else {
                return Ok(Kind::Notification);
            };
            if let Err(reason) = check_params(method, obj.get("params")) {
                return Err((Some(id), INVALID_PARAMS, reason));
            }
            Ok(Kind::Request(id))
        }
        Some(_) => Err((id, INVALID_REQUEST, "`method` must be a string".into())),
        None => {
            let has_result = obj.contains_key("result");
            let has_error = obj.contains_key("error");
            if id.is_some() && has_result != has_error {
                Ok(Kind::Response)
            } else {
                Err((
                    id,
                    INVALID_REQUEST,
                    "not a request (no `method`) nor a response (`id` with `result` or `error`)"
                        .into(),
                ))
            }
        }
    }
}

/// True when a request declares the 2026-07-28 (or later) revision in its own `_meta`.
fn is_modern(params: Option<&Value>) -> bool {
    params
        .and_then(|p| p.get("_meta"))
        .and_then(|m| m.get("io.modelcontextprotocol/protocolVersion"))
        .and_then(Value::as_str)
        .is_some_and(|v| v >= "2026-07-28")
}

/// Required params of the methods whose rmcp decoding error would not name the field.
fn check_params(method: &str, params: Option<&Value>) -> Result<(), String> {
    // 2026-07-28 removed these methods: a modern request for one is answered -32601 (HTTP
    // 404) by the protocol layer, whatever its params.
    if is_modern(params)
        && matches!(
            method,
            "initialize" | "logging/setLevel" | "resources/subscribe" | "resources/unsubscribe"
        )
    {
        return Ok(());
    }
    let want: &[(&str, &str)] = match method {
        "initialize" => &[
            ("protocolVersion", "string"),
            ("capabilities", "object"),
            ("clientInfo", "object"),
        ],
        "tools/call" => &[("name", "string")],
        "prompts/get" => &[("name", "string")],
        "resources/read" | "resources/subscribe" | "resources/unsubscribe" => &[("uri", "string")],
        "completion/complete" => &[("ref", "object"), ("argument", "object")],
        "logging/setLevel" => &[("level", "string")],
        _ => &[],
    };
    let empty = serde_json::Map::new();
    let params = params.and_then(Value::as_object).unwrap_or(&empty);
    for (field, kind) in want {
        let ok = matches!(
            (params.get(*field), *kind),
            (Some(Value::String(_)), "string") | (Some(Value::Object(_)), "object")
        );
        if !ok {
            let problem = if params.contains_key(*field) {
                "must be"
            } else {
                "is required and must be"
            };
            return Err(format!(
                "params.{field} {problem} a{} {kind}",
                if *kind == "object" { "n" } else { "" }
            ));
        }
    }
    if method == "tools/call"
        && let Some(args) = params.get("arguments")
        && !args.is_object()
        && !args.is_null()
    {
        return Err("params.arguments must be an object".into());
    }
    if method == "logging/setLevel" {
        let level = params.get("level").and_then(Value::as_str).unwrap_or("");
        const LEVELS: [&str; 8] = [
            "debug",
            "info",
            "notice",
            "warning",
            "error",
            "critical",
            "alert",
            "emergency",
        ];
        if !LEVELS.contains(&level) {
            return Err(format!(
                "params.level `{level}` is not one of: {}",
                LEVELS.join(", ")
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_and_names_what_is_wrong() {
        let req = json!({"jsonrpc": "2.0", "id": 1, "method": "tools/list"});
        assert_eq!(classify(&req).unwrap(), Kind::Request(json!(1)));
        let note = json!({"jsonrpc": "2.0", "method": "notifications/initialized"});
        assert_eq!(classify(&note).unwrap(), Kind::Notification);
        let resp = json!({"jsonrpc": "2.0", "id": "a", "result": {}});
        assert_eq!(classify(&resp).unwrap(), Kind::Response);

        let (_, code, _) = classify(&json!([1])).unwrap_err();
        assert_eq!(code, INVALID_REQUEST);
        let (id, code, reason) =
            classify(&json!({"jsonrpc": "1.0", "id": 3, "method": "x"})).unwrap_err();
        assert_eq!((id, code), (Some(json!(3)), INVALID_REQUEST));
        assert!(reason.contains("jsonrpc"));
        let (_, code, _) =
            classify(&json!({"jsonrpc": "2.0", "id": null, "method": "x"})).unwrap_err();
        assert_eq!(code, INVALID_REQUEST);

        let call =
            json!({"jsonrpc": "2.0", "id": 7, "method": "tools/call", "params": {"arguments": {}}});
        let (id, code, reason) = classify(&call).unwrap_err();
        assert_eq!((id, code), (Some(json!(7)), INVALID_PARAMS));
        assert_eq!(reason, "params.name is required and must be a string");
        // A 2026-07-28 request for a method that revision removed is not checked as the
        // legacy method: the protocol layer answers it "method not found".
        let removed = json!({"jsonrpc": "2.0", "id": 9, "method": "initialize", "params": {
            "_meta": {"io.modelcontextprotocol/protocolVersion": "2026-07-28"}}});
        assert_eq!(classify(&removed).unwrap(), Kind::Request(json!(9)));
        let legacy = json!({"jsonrpc": "2.0", "id": 10, "method": "initialize", "params": {}});
        assert_eq!(classify(&legacy).unwrap_err().1, INVALID_PARAMS);
        // Found by fuzz/fuzz_targets/jsonrpc.rs: an id above i64::MAX passed the checks, then
        // neither the request nor the error answering it fitted rmcp's message type, so a
        // stdio or SSE client got no answer at all.
        let huge = json!({"jsonrpc": "2.0", "id": u64::MAX, "method": "ping"});
        let (id, code, reason) = classify(&huge).unwrap_err();
        assert_eq!((&id, code), (&None, INVALID_REQUEST));
        assert!(reason.contains("64-bit"), "{reason}");
        let answer = error_message(id, code, reason);
        assert!(serde_json::from_value::<rmcp::model::ServerJsonRpcMessage>(answer).is_ok());
        let lowest = json!({"jsonrpc": "2.0", "id": i64::MIN, "method": "ping"});
        assert_eq!(classify(&lowest).unwrap(), Kind::Request(json!(i64::MIN)));
        let level = json!({"jsonrpc": "2.0", "id": 8, "method": "logging/setLevel", "params": {"level": "loud"}});
        assert!(
            classify(&level)
                .unwrap_err()
                .2
                .contains("`loud` is not one of")
        );
    }
}
