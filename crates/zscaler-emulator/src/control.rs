//! `/__emulator/*`: the side channel tests and benchmarks use to steer the emulator.
//! It needs no token and is never logged, so it cannot disturb what a test asserts.

use bytes::Bytes;
use http::Method;
use serde_json::{Value, json};

use crate::call::Reply;
use crate::faults::FaultRule;
use crate::server::Shared;

pub(crate) fn handle(shared: &Shared, method: &Method, path: &str, body: &Bytes) -> Reply {
    match (method.as_str(), path) {
        ("GET", "health") => Reply::ok(json!({"status": "ok"})),
        ("GET", "requests") => Reply::ok(json!(shared.log.snapshot())),
        ("DELETE", "requests") => {
            shared.log.clear();
            Reply::empty(204)
        }
        ("GET", "faults") => Reply::ok(json!(*shared.faults.lock())),
        ("POST", "faults") => match parse_faults(body) {
            Ok(rules) => {
                let added = rules.len();
                shared.add_faults(rules);
                Reply::ok(json!({"added": added}))
            }
            Err(why) => Reply::json(400, json!({"error": why})),
        },
        ("DELETE", "faults") => {
            shared.set_faults(Vec::new());
            Reply::empty(204)
        }
        ("POST", "tokens/expire") => {
            shared.tokens.expire_all();
            Reply::empty(204)
        }
        ("GET", "stats") => Reply::ok(json!({
            "tokens_issued": shared.tokens.tokens_issued(),
            "requests": shared.log.next_seq() - 1,
        })),
        ("GET", "routes") => Reply::ok(json!(
            shared
                .routes
                .patterns()
                .iter()
                .map(|(m, p)| format!("{m} {p}"))
                .collect::<Vec<_>>()
        )),
        _ => Reply::json(
            404,
            json!({"error": format!("no control endpoint {method} /__emulator/{path}")}),
        ),
    }
}

/// A rule object, an array of them, or `{"spec": "<--faults text>"}`.
fn parse_faults(body: &Bytes) -> Result<Vec<FaultRule>, String> {
    let value: Value =
        serde_json::from_slice(body).map_err(|e| format!("body is not JSON: {e}"))?;
    if let Some(spec) = value.get("spec").and_then(Value::as_str) {
        return FaultRule::parse_spec(spec).map_err(|e| e.to_string());
    }
    let items = match value {
        Value::Array(items) => items,
        single => vec![single],
    };
    items
        .into_iter()
        .map(|it| serde_json::from_value(it).map_err(|e| format!("bad fault rule: {e}")))
        .collect()
}
