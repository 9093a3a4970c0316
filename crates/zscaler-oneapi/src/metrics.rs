//! What the client counts for Prometheus, through the `metrics` facade: nothing is recorded
//! unless the binary installs a recorder (`--metrics`), and then every name is described here.

use std::time::Duration;

use crate::product::Product;

pub const REQUESTS: &str = "zscaler_oneapi_requests_total";
pub const REQUEST_SECONDS: &str = "zscaler_oneapi_request_duration_seconds";
pub const RETRIES: &str = "zscaler_oneapi_retries_total";
pub const TOKEN_REQUESTS: &str = "zscaler_oneapi_token_requests_total";

/// Describes this crate's metrics to the installed recorder.
pub fn describe() {
    metrics::describe_counter!(
        REQUESTS,
        "OneAPI HTTP attempts by product, method and status (the HTTP code, or timeout/transport)"
    );
    metrics::describe_histogram!(
        REQUEST_SECONDS,
        metrics::Unit::Seconds,
        "Time of one OneAPI HTTP attempt, from sending to the whole answer read"
    );
    metrics::describe_counter!(
        RETRIES,
        "OneAPI attempts re-sent, by product and reason (429, 401, 5xx, timeout, edit_lock, ...)"
    );
    metrics::describe_counter!(
        TOKEN_REQUESTS,
        "Token requests to ZIdentity by outcome (ok, refused, error)"
    );
}

/// One finished HTTP attempt; `status` is the HTTP code or `timeout`/`transport`.
pub(crate) fn attempt(product: Product, method: &http::Method, status: &str, took: Duration) {
    let product = product.key();
    metrics::counter!(
        REQUESTS,
        "product" => product,
        "method" => method.as_str().to_owned(),
        "status" => status.to_owned()
    )
    .increment(1);
    metrics::histogram!(REQUEST_SECONDS, "product" => product).record(took.as_secs_f64());
}

/// A retry about to wait; `note` is the client's own history entry, turned into a label with
/// few values.
pub(crate) fn retry(product: Product, note: &str) {
    metrics::counter!(RETRIES, "product" => product.key(), "reason" => retry_reason(note))
        .increment(1);
}

pub(crate) fn token_request(outcome: &'static str) {
    metrics::counter!(TOKEN_REQUESTS, "outcome" => outcome).increment(1);
}

fn retry_reason(note: &str) -> &'static str {
    if note.starts_with("429") {
        "429"
    } else if note.starts_with("401") {
        "401"
    } else if note.contains("edit lock") {
        "edit_lock"
    } else if note.starts_with("token endpoint") {
        "token"
    } else if note == "timeout" {
        "timeout"
    } else if note.starts_with("connection") {
        "connection"
    } else if note.starts_with("connect") {
        "connect"
    } else if note.starts_with('5') {
        "5xx"
    } else {
        // ZPA's concurrent-edit codes ("400 …", "409 …").
        "concurrent_edit"
    }
}

#[cfg(test)]
mod tests {
    use super::retry_reason;

    #[test]
    fn every_retry_note_has_a_bounded_reason() {
        for (note, reason) in [
            ("429 Retry-After 2 s", "429"),
            ("429", "429"),
            ("401", "401"),
            ("409 edit lock", "edit_lock"),
            ("token endpoint 503", "token"),
            ("token endpoint unreachable", "token"),
            ("timeout", "timeout"),
            ("connect error", "connect"),
            ("connection reset", "connection"),
            ("503", "5xx"),
            ("409 api.concurrent.modification", "concurrent_edit"),
        ] {
            assert_eq!(retry_reason(note), reason, "{note}");
        }
    }
}
