//! The crate's error type, and the parser that turns any product's error body into an [`ApiError`].

use std::fmt;
use std::time::Duration;

use http::{HeaderMap, StatusCode};
use serde_json::Value;

use crate::product::Product;

/// Longest message kept from a response body; bodies can be whole HTML pages.
const MAX_MESSAGE_CHARS: usize = 500;

/// A configuration problem. The message always names the variable at fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ConfigError {
    variable: &'static str,
    message: String,
}

impl ConfigError {
    pub(crate) fn new(variable: &'static str, message: impl Into<String>) -> ConfigError {
        ConfigError {
            variable,
            message: message.into(),
        }
    }

    /// The environment variable (or setting) at fault.
    pub fn variable(&self) -> &'static str {
        self.variable
    }
}

/// Everything that can go wrong talking to the OneAPI.
#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    #[error(transparent)]
    Config(#[from] ConfigError),

    /// The token endpoint failed; `message` names its host and the OAuth error, never the secret.
    #[error("could not get a OneAPI access token: {message}")]
    Token {
        status: Option<u16>,
        message: String,
    },

    #[error(transparent)]
    Api(#[from] ApiError),

    #[error(
        "gave up on {method} {path} after {attempts} attempt{s} in {budget} (retry budget): {history}; last error: {last}",
        s = if *attempts == 1 { "" } else { "s" },
        budget = fmt_duration(*budget),
        history = history.join(", ")
    )]
    RetryBudgetExhausted {
        product: Product,
        method: String,
        path: String,
        attempts: u32,
        budget: Duration,
        history: Vec<String>,
        last: Box<Error>,
    },

    #[error(
        "{product} client-side limit {window} reached; next request allowed in {wait}, beyond the retry budget",
        wait = fmt_duration(*wait)
    )]
    RateLimited {
        product: Product,
        window: String,
        wait: Duration,
    },

    #[error("{product} did not answer {method} {path} within {after}", after = fmt_duration(*after))]
    Timeout {
        product: Product,
        method: String,
        path: String,
        after: Duration,
    },

    #[error("{product}: could not complete {method} {path}: {message}")]
    Transport {
        product: Product,
        method: String,
        path: String,
        message: String,
    },

    #[error("{product} returned a body that is not valid JSON (HTTP {status}): {message}")]
    Decode {
        product: Product,
        status: u16,
        message: String,
    },

    #[error("{variable} is not set: {why}")]
    MissingSetting { variable: &'static str, why: String },

    #[error(
        "cannot tell which Zscaler product `{path}` belongs to: API paths start with one of {known}",
        known = Product::known_prefixes()
    )]
    UnknownProduct { path: String },

    #[error("invalid request {path}: {message}")]
    InvalidRequest { path: String, message: String },
}

impl Error {
    /// The HTTP status behind this error, if one was received.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::Token { status, .. } => *status,
            Error::Decode { status, .. } => Some(*status),
            Error::RetryBudgetExhausted { last, .. } => last.status(),
            _ => None,
        }
    }

    /// Whether the object asked for does not exist (see [`ApiError::is_not_found`]).
    pub fn is_not_found(&self) -> bool {
        matches!(self, Error::Api(e) if e.is_not_found())
    }

    /// Whether trying the same call again later may succeed (throttling, outages, timeouts).
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::RateLimited { .. }
            | Error::RetryBudgetExhausted { .. }
            | Error::Timeout { .. }
            | Error::Transport { .. } => true,
            Error::Token { status, .. } => {
                status.is_none_or(|s| s == 429 || (500..=599).contains(&s))
            }
            Error::Api(e) => e.is_retryable(),
            _ => false,
        }
    }
}

/// An error answer from a product API, parsed from whichever body shape that product uses.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ApiError {
    pub product: Product,
    pub status: u16,
    pub code: Option<String>,
    pub message: String,
    pub params: Vec<String>,
    pub request_id: Option<String>,
    pub method: String,
    pub path: String,
}

impl ApiError {
    /// Parses an error response. Never fails: unknown shapes become a trimmed text message.
    pub fn from_response(
        product: Product,
        method: &str,
        path: &str,
        status: u16,
        headers: &HeaderMap,
        body: &[u8],
    ) -> ApiError {
        let text = String::from_utf8_lossy(body);
        let text = text.trim();
        let mut code = None;
        let mut params = Vec::new();
        let message = match serde_json::from_str::<Value>(text) {
            Ok(Value::Object(obj)) => {
                code = ["code", "id", "errorCode", "title", "msgId"]
                    .iter()
                    .find_map(|k| scalar_text(obj.get(*k)));
                if let Some(Value::Array(items)) = obj.get("params") {
                    params = items.iter().filter_map(|v| scalar_text(Some(v))).collect();
                }
                let message = [
                    "message",
                    "reason",
                    "errorDetails",
                    "errorMessage",
                    "detail",
                ]
                .iter()
                .find_map(|k| scalar_text(obj.get(*k)));
                // ZDX puts the specifics of a validation error in `details`.
                match (message, obj.get("details").and_then(details_text)) {
                    (Some(m), Some(details)) => Some(format!("{m}: {details}")),
                    (m, d) => m.or(d),
                }
            }
            Ok(Value::String(s)) => non_empty(&s),
            Ok(Value::Null) | Err(_) => non_empty(text),
            Ok(other) => non_empty(&other.to_string()),
        };
        let message = message
            .or_else(|| code.as_deref().and_then(known_code_hint).map(str::to_owned))
            .unwrap_or_else(|| reason_phrase(status));
        ApiError {
            product,
            status,
            code,
            message: truncate(&collapse_whitespace(&message), MAX_MESSAGE_CHARS),
            params,
            request_id: headers
                .get("x-oneapi-request-id")
                .and_then(|v| v.to_str().ok())
                .and_then(non_empty),
            method: method.to_owned(),
            path: path.to_owned(),
        }
    }

    /// 404, or ZPA's `resource.not.found` (which ZPA also sends with HTTP 400).
    pub fn is_not_found(&self) -> bool {
        self.status == 404 || self.code.as_deref() == Some("resource.not.found")
    }

    /// Throttling, gateway outages and ZIA's edit lock clear up by themselves.
    pub fn is_retryable(&self) -> bool {
        matches!(self.status, 429 | 502 | 503 | 504)
            || (matches!(self.status, 409 | 412)
                && (crate::retry::is_edit_lock(
                    self.code.as_deref().unwrap_or_default().as_bytes(),
                ) || crate::retry::is_edit_lock(self.message.as_bytes())))
    }

    fn write_details(&self, f: &mut fmt::Formatter<'_>, with_code: bool) -> fmt::Result {
        write!(f, "(HTTP {}", self.status)?;
        if with_code && let Some(code) = &self.code {
            write!(f, ", code {code}")?;
        }
        if !self.params.is_empty() {
            write!(f, ", params {}", self.params.join(", "))?;
        }
        if let Some(id) = &self.request_id {
            write!(f, ", request id {id}")?;
        }
        f.write_str(")")
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let product = self.product.label();
        if self.status == 401 {
            // The gateway's 401 body is just `unauthorized`; say what it means.
            write!(
                f,
                "{product}: the OneAPI gateway refused the access token (HTTP 401 {}",
                self.message
            )?;
            if let Some(id) = &self.request_id {
                write!(f, ", request id {id}")?;
            }
            return f.write_str(")");
        }
        if self.is_not_found() {
            write!(f, "{product}: not found: {} ", self.message)?;
        } else if self.status == 429 {
            write!(f, "{product} rate limit: {} ", self.message)?;
        } else if self.status >= 500 {
            write!(f, "{product} server error: {} ", self.message)?;
        } else {
            write!(f, "{product} rejected the request: {} ", self.message)?;
        }
        self.write_details(f, true)
    }
}

/// A JSON scalar as non-empty text; the gateway's 401 body has empty `title`/`status`.
fn scalar_text(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) => non_empty(s),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn details_text(details: &Value) -> Option<String> {
    let parts: Vec<String> = match details {
        Value::Array(items) => items
            .iter()
            .filter_map(|v| scalar_text(Some(v)).or_else(|| non_empty(&v.to_string())))
            .collect(),
        Value::Null => Vec::new(),
        other => scalar_text(Some(other))
            .or_else(|| non_empty(&other.to_string()))
            .into_iter()
            .collect(),
    };
    (!parts.is_empty()).then(|| parts.join("; "))
}

fn non_empty(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_owned())
}

/// Bodies with no message of their own still deserve an explanation for the caller.
fn known_code_hint(code: &str) -> Option<&'static str> {
    Some(match code {
        "EDIT_LOCK_NOT_AVAILABLE" => {
            "the configuration edit lock is held by another admin session or an activation"
        }
        "STATE_READONLY" => "the tenant is in read-only mode (maintenance)",
        "NOT_SUBSCRIBED" => "the tenant is not subscribed to this feature",
        "SCOPE_LIMITED" => "the API client's role does not cover this resource",
        "LIMIT_EXCEEDED" => "a tenant limit was exceeded",
        _ => return None,
    })
}

fn reason_phrase(status: u16) -> String {
    StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("no error message in the response")
        .to_owned()
}

fn collapse_whitespace(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Cuts to `max` characters on a char boundary, marking the cut.
pub(crate) fn truncate(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((idx, _)) => format!("{}…", &s[..idx]),
        None => s.to_owned(),
    }
}

/// Human durations for messages: `250 ms`, `1.5 s`, `812 s`.
pub(crate) fn fmt_duration(d: Duration) -> String {
    let ms = d.as_millis();
    if ms < 1000 {
        format!("{ms} ms")
    } else if ms < 10_000 && !ms.is_multiple_of(1000) {
        format!("{:.1} s", d.as_secs_f64())
    } else {
        // Round up so "next request allowed in N s" is never optimistic.
        format!("{} s", d.as_secs() + u64::from(d.subsec_nanos() > 0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    fn parse(product: Product, status: u16, body: &str) -> ApiError {
        let mut headers = HeaderMap::new();
        headers.insert(
            "x-oneapi-request-id",
            HeaderValue::from_static("b02f3c1e-0000-4000-8000-000000000001"),
        );
        ApiError::from_response(product, "GET", "/x/y", status, &headers, body.as_bytes())
    }

    #[test]
    fn zpa_invalid_argument() {
        let e = parse(
            Product::Zpa,
            400,
            r#"{"params":["idpId"],"id":"invalid.resource.argument","reason":"One or more input fields idpId are not valid."}"#,
        );
        assert_eq!(e.code.as_deref(), Some("invalid.resource.argument"));
        assert_eq!(e.params, vec!["idpId"]);
        assert!(!e.is_not_found());
        assert_eq!(
            e.to_string(),
            "ZPA rejected the request: One or more input fields idpId are not valid. (HTTP 400, \
             code invalid.resource.argument, params idpId, request id b02f3c1e-0000-4000-8000-000000000001)"
        );
    }

    #[test]
    fn zpa_not_found_with_400() {
        let e = parse(
            Product::Zpa,
            400,
            r#"{"params":["216196257331404691"],"id":"resource.not.found","reason":"resource.not.found"}"#,
        );
        assert!(e.is_not_found());
        assert!(Error::Api(e.clone()).is_not_found());
        assert!(
            e.to_string()
                .starts_with("ZPA: not found: resource.not.found (HTTP 400")
        );
    }

    #[test]
    fn zpa_too_many_requests() {
        let e = parse(
            Product::Zpa,
            429,
            r#"{"exception":"invalid.toomanyrequests","id":"invalid.toomanyrequests","reason":"Exceeded the number of requests allowed."}"#,
        );
        assert_eq!(e.code.as_deref(), Some("invalid.toomanyrequests"));
        assert!(e.is_retryable());
        assert!(
            e.to_string()
                .starts_with("ZPA rate limit: Exceeded the number of requests allowed. (HTTP 429")
        );
    }

    #[test]
    fn zia_edit_lock_without_message() {
        let e = parse(Product::Zia, 409, r#"{"code":"EDIT_LOCK_NOT_AVAILABLE"}"#);
        assert_eq!(e.code.as_deref(), Some("EDIT_LOCK_NOT_AVAILABLE"));
        assert!(e.message.contains("edit lock"));
        assert!(e.is_retryable());
        assert!(
            e.to_string()
                .contains("(HTTP 409, code EDIT_LOCK_NOT_AVAILABLE")
        );
    }

    #[test]
    fn zia_read_only() {
        let e = parse(
            Product::Zia,
            403,
            r#"{"code":"STATE_READONLY","message":"The service is in read-only mode."}"#,
        );
        assert_eq!(e.code.as_deref(), Some("STATE_READONLY"));
        assert_eq!(e.message, "The service is in read-only mode.");
        assert!(!e.is_retryable());
        assert!(
            e.to_string()
                .starts_with("ZIA rejected the request: The service is in read-only mode. (HTTP 403, code STATE_READONLY")
        );
    }

    #[test]
    fn gateway_401() {
        let e = parse(
            Product::Zia,
            401,
            r#"{"detail":"unauthorized","type":"","title":"","status":""}"#,
        );
        assert_eq!(e.code, None);
        assert_eq!(e.message, "unauthorized");
        assert_eq!(
            e.to_string(),
            "ZIA: the OneAPI gateway refused the access token (HTTP 401 unauthorized, request id \
             b02f3c1e-0000-4000-8000-000000000001)"
        );
    }

    #[test]
    fn zdx_validation_details() {
        let e = parse(
            Product::Zdx,
            400,
            r#"{"code":"VALIDATION_ERROR","message":"Invalid query","details":["from must be before to",{"field":"limit"}]}"#,
        );
        assert_eq!(e.code.as_deref(), Some("VALIDATION_ERROR"));
        assert_eq!(
            e.message,
            r#"Invalid query: from must be before to; {"field":"limit"}"#
        );
    }

    #[test]
    fn zcc_empty_and_text_bodies() {
        let e = ApiError::from_response(Product::Zcc, "GET", "/zcc/x", 400, &HeaderMap::new(), b"");
        assert_eq!(e.message, "Bad Request");
        assert_eq!(e.code, None);
        assert_eq!(
            e.to_string(),
            "ZCC rejected the request: Bad Request (HTTP 400)"
        );

        let e = parse(Product::Zcc, 404, "404 Not Found");
        assert!(e.is_not_found());
        assert!(
            e.to_string()
                .starts_with("ZCC: not found: 404 Not Found (HTTP 404")
        );

        let e = parse(
            Product::Zcc,
            400,
            r#"{"title":"INVALID_FIELD_VALUE","errorCode":null,"errorMessage":"bad udid"}"#,
        );
        assert_eq!(e.code.as_deref(), Some("INVALID_FIELD_VALUE"));
        assert_eq!(e.message, "bad udid");
    }

    #[test]
    fn ztw_429() {
        let e = parse(
            Product::Ztw,
            429,
            r#"{"message":"Rate Limit (1/SECOND) exceeded","Retry-After":"0 seconds"}"#,
        );
        assert_eq!(e.message, "Rate Limit (1/SECOND) exceeded");
        assert!(
            e.to_string()
                .starts_with("ZTW rate limit: Rate Limit (1/SECOND) exceeded")
        );
    }

    #[test]
    fn long_bodies_are_cut() {
        let body = "x".repeat(2000);
        let e = parse(Product::Zia, 500, &body);
        assert_eq!(e.message.chars().count(), MAX_MESSAGE_CHARS + 1);
        assert!(e.to_string().starts_with("ZIA server error: xxx"));
    }

    #[test]
    fn durations_read_well() {
        assert_eq!(fmt_duration(Duration::from_millis(250)), "250 ms");
        assert_eq!(fmt_duration(Duration::from_millis(1500)), "1.5 s");
        assert_eq!(fmt_duration(Duration::from_secs(30)), "30 s");
        assert_eq!(fmt_duration(Duration::from_millis(811_200)), "812 s");
    }

    #[test]
    fn budget_error_reads_like_a_story() {
        let last = Error::Api(parse(
            Product::Zia,
            429,
            r#"{"message":"Rate Limit (1/SECOND) exceeded"}"#,
        ));
        let e = Error::RetryBudgetExhausted {
            product: Product::Zia,
            method: "GET".into(),
            path: "/zia/api/v1/users".into(),
            attempts: 4,
            budget: Duration::from_secs(30),
            history: vec![
                "429 Retry-After 12s".into(),
                "429 Retry-After 12s".into(),
                "503".into(),
                "timeout".into(),
            ],
            last: Box::new(last),
        };
        let s = e.to_string();
        assert!(
            s.starts_with(
                "gave up on GET /zia/api/v1/users after 4 attempts in 30 s (retry budget): \
                 429 Retry-After 12s, 429 Retry-After 12s, 503, timeout; last error: ZIA rate limit"
            ),
            "{s}"
        );
        assert_eq!(e.status(), Some(429));
        assert!(e.is_retryable());

        let r = Error::RateLimited {
            product: Product::Zia,
            window: "1000/h".into(),
            wait: Duration::from_millis(811_500),
        };
        assert_eq!(
            r.to_string(),
            "ZIA client-side limit 1000/h reached; next request allowed in 812 s, beyond the retry budget"
        );
    }
}
