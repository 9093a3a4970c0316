//! Fault injection: rules that make matching requests fail the way the real OneAPI fails.
//!
//! Rules come from `--faults` (a compact text form) or from `POST /__emulator/faults` (JSON).
//! Text form, rules separated by `;`:
//!
//! ```text
//! KIND[=ARG]@[METHOD ]GLOB[#TIMES]
//! 429=4s@/zpa/*#2      ZPA-style 429 with `retry-after: 4s`, twice
//! 429@GET /zia/*       429 without Retry-After, every time
//! 503@*#1              one 503
//! latency=250@/zdx/*   250 ms extra latency, then answer normally
//! hang@/zia/api/v1/users   never answer (until the emulator stops)
//! reset@*#1            close the TCP connection with a reset instead of answering
//! expire-token@*#1     invalidate every issued token, then answer (→ 401)
//! edit-lock@POST /zia/*#2   ZIA 409 EDIT_LOCK_NOT_AVAILABLE
//! lost=504@DELETE /zia/*#1  process the request, then answer 504 instead
//! ```

use http::Method;
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::call::{Product, Reply};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FaultKind {
    /// 429 with the product's body; `retry_after` is sent verbatim (`"1"`, `"4s"`) when set.
    RateLimit {
        #[serde(default)]
        retry_after: Option<String>,
    },
    /// Any status with the product's error body (5xx, 403 STATE_READONLY, …).
    Status {
        status: u16,
    },
    Latency {
        ms: u64,
    },
    /// The request is processed, then its answer is replaced by this status (default 504):
    /// the upstream did the work but the client never learns it.
    Lost {
        #[serde(default = "gateway_timeout")]
        status: u16,
    },
    Hang,
    Reset,
    ExpireToken,
    EditLock,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FaultRule {
    #[serde(default, with = "method_opt")]
    pub method: Option<Method>,
    /// Path glob; `*` matches any run of characters (including `/`).
    pub path: String,
    #[serde(flatten)]
    pub kind: FaultKind,
    /// How many more requests this rule fires for; `None` means forever.
    #[serde(default)]
    pub times: Option<u32>,
}

#[derive(Debug, thiserror::Error)]
#[error("bad fault rule {rule:?}: {why}")]
pub struct FaultSpecError {
    pub rule: String,
    pub why: String,
}

impl FaultRule {
    pub fn matches(&self, method: &Method, path: &str) -> bool {
        self.method.as_ref().is_none_or(|m| m == method) && glob_match(&self.path, path)
    }

    /// Parses the `--faults` text form (see the module docs).
    pub fn parse_spec(spec: &str) -> Result<Vec<FaultRule>, FaultSpecError> {
        spec.split(';')
            .map(str::trim)
            .filter(|rule| !rule.is_empty())
            .map(Self::parse_one)
            .collect()
    }

    fn parse_one(rule: &str) -> Result<FaultRule, FaultSpecError> {
        let err = |why: &str| FaultSpecError {
            rule: rule.to_owned(),
            why: why.to_owned(),
        };
        let (kind_part, target) = rule
            .split_once('@')
            .ok_or_else(|| err("expected KIND[=ARG]@[METHOD ]GLOB[#TIMES]"))?;
        let (target, times) = match target.rsplit_once('#') {
            Some((t, n)) => (
                t,
                Some(
                    n.trim()
                        .parse()
                        .map_err(|_| err("#TIMES must be a number"))?,
                ),
            ),
            None => (target, None),
        };
        let target = target.trim();
        let (method, path) = match target.split_once(' ') {
            Some((m, p)) => {
                let method = match m.to_ascii_uppercase().as_str() {
                    "GET" => Method::GET,
                    "POST" => Method::POST,
                    "PUT" => Method::PUT,
                    "DELETE" => Method::DELETE,
                    "PATCH" => Method::PATCH,
                    _ => return Err(err("unknown HTTP method")),
                };
                (Some(method), p.trim())
            }
            None => (None, target),
        };
        if path.is_empty() {
            return Err(err("the path glob is empty (use * for every path)"));
        }
        let (name, arg) = match kind_part.split_once('=') {
            Some((n, a)) => (n.trim(), Some(a.trim())),
            None => (kind_part.trim(), None),
        };
        let kind = match (name, arg) {
            ("429", retry_after) => FaultKind::RateLimit {
                retry_after: retry_after.map(str::to_owned),
            },
            ("latency", Some(ms)) => FaultKind::Latency {
                ms: ms
                    .trim_end_matches("ms")
                    .parse()
                    .map_err(|_| err("latency=MS"))?,
            },
            ("lost", status) => FaultKind::Lost {
                status: match status {
                    Some(s) => s.parse().map_err(|_| err("lost=STATUS"))?,
                    None => gateway_timeout(),
                },
            },
            ("hang", None) => FaultKind::Hang,
            ("reset", None) => FaultKind::Reset,
            ("expire-token", None) => FaultKind::ExpireToken,
            ("edit-lock", None) => FaultKind::EditLock,
            (code, None) => match code.parse::<u16>() {
                Ok(status) if (400..600).contains(&status) => FaultKind::Status { status },
                _ => return Err(err("unknown fault kind")),
            },
            _ => return Err(err("this fault kind takes no argument")),
        };
        Ok(FaultRule {
            method,
            path: path.to_owned(),
            kind,
            times,
        })
    }
}

/// The reply a short-circuiting fault produces for a request to `path`.
pub fn fault_reply(kind: &FaultKind, path: &str) -> Option<Reply> {
    let product = Product::from_path(path);
    match kind {
        FaultKind::RateLimit { retry_after } => Some(rate_limited(product, retry_after.as_deref())),
        FaultKind::Status { status } => Some(status_fault(product, *status)),
        FaultKind::EditLock => Some(Reply::json(409, json!({"code": "EDIT_LOCK_NOT_AVAILABLE"}))),
        FaultKind::Latency { .. }
        | FaultKind::Lost { .. }
        | FaultKind::Hang
        | FaultKind::Reset
        | FaultKind::ExpireToken => None,
    }
}

fn gateway_timeout() -> u16 {
    504
}

/// The answer that replaces a processed request's real one under a `lost` fault.
pub fn lost_reply(status: u16, path: &str) -> Reply {
    status_fault(Product::from_path(path), status)
}

fn rate_limited(product: Product, retry_after: Option<&str>) -> Reply {
    let seconds_text = retry_after.unwrap_or("0").trim_end_matches('s').to_owned();
    let mut reply = match product {
        Product::Zpa => Reply::json(
            429,
            json!({"exception": "invalid.toomanyrequests", "id": "invalid.toomanyrequests",
                   "reason": "Exceeded the number of requests allowed."}),
        ),
        Product::Zcc => Reply::json(429, json!({"message": "Rate limit exceeded"})),
        Product::Zdx => Reply::json(
            429,
            json!({"code": "TOO_MANY_REQUESTS", "message": "Rate limit exceeded", "details": []}),
        ),
        _ => Reply::json(
            429,
            json!({"message": "Rate Limit (2/SECOND) exceeded",
                   "Retry-After": format!("{seconds_text} seconds")}),
        ),
    };
    if let Some(value) = retry_after {
        let header = if product == Product::Zcc {
            "x-rate-limit-retry-after-seconds"
        } else {
            "retry-after"
        };
        reply = reply.with_header(header, value);
    }
    reply
}

fn status_fault(product: Product, status: u16) -> Reply {
    match status {
        500 => Reply::product_error(
            product,
            500,
            "UNEXPECTED_ERROR",
            "An unexpected error has occurred, please contact Zscaler's support",
        ),
        502..=504 => Reply::text(
            status,
            "text/plain",
            "upstream connect error or disconnect/reset before headers",
        ),
        403 if matches!(product, Product::Zia | Product::Ztw) => Reply::product_error(
            product,
            403,
            "STATE_READONLY",
            "The service is in read-only mode for maintenance",
        )
        .with_header("x-zscaler-mode", "read-only"),
        _ => Reply::product_error(product, status, "INJECTED_FAULT", "Injected fault"),
    }
}

/// `*` matches any run of characters; everything else is literal.
pub fn glob_match(pattern: &str, text: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    if parts.len() == 1 {
        return pattern == text;
    }
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if !text.starts_with(first) || text.len() < first.len() + last.len() || !text.ends_with(last) {
        return false;
    }
    let mut rest = &text[first.len()..text.len() - last.len()];
    for middle in &parts[1..parts.len() - 1] {
        match rest.find(middle) {
            Some(at) => rest = &rest[at + middle.len()..],
            None => return false,
        }
    }
    true
}

mod method_opt {
    use http::Method;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(method: &Option<Method>, s: S) -> Result<S::Ok, S::Error> {
        match method {
            Some(m) => s.serialize_str(m.as_str()),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Method>, D::Error> {
        let raw: Option<String> = Option::deserialize(d)?;
        raw.map(|m| {
            Method::from_bytes(m.to_ascii_uppercase().as_bytes()).map_err(serde::de::Error::custom)
        })
        .transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_kind() {
        let rules = FaultRule::parse_spec(
            "429=4s@/zpa/*#2; 429@GET /zia/*; 503@*#1; latency=250@/zdx/*; hang@/x; reset@*#1; \
             expire-token@*#1; edit-lock@POST /zia/*#3; lost@DELETE *#1",
        )
        .unwrap();
        assert_eq!(rules.len(), 9);
        assert_eq!(rules[8].kind, FaultKind::Lost { status: 504 });
        assert_eq!(
            rules[0].kind,
            FaultKind::RateLimit {
                retry_after: Some("4s".into())
            }
        );
        assert_eq!(rules[0].times, Some(2));
        assert_eq!(rules[1].method, Some(Method::GET));
        assert_eq!(rules[1].kind, FaultKind::RateLimit { retry_after: None });
        assert_eq!(rules[2].kind, FaultKind::Status { status: 503 });
        assert_eq!(rules[3].kind, FaultKind::Latency { ms: 250 });
        assert_eq!(rules[7].method, Some(Method::POST));
    }

    #[test]
    fn rejects_nonsense_with_the_rule_named() {
        for bad in [
            "429",
            "teapot@*",
            "latency@*",
            "hang=3@*",
            "503@*#x",
            "503@BAD METHOD /x",
        ] {
            let err = FaultRule::parse_spec(bad).unwrap_err();
            assert!(
                err.to_string().contains(bad.split('@').next().unwrap()),
                "{err}"
            );
        }
    }

    #[test]
    fn globs() {
        assert!(glob_match("*", "/anything"));
        assert!(glob_match("/zia/*", "/zia/api/v1/users"));
        assert!(!glob_match("/zia/*", "/zpa/x"));
        assert!(glob_match(
            "/zpa/*/application",
            "/zpa/mgmtconfig/v1/application"
        ));
        assert!(glob_match("/exact", "/exact"));
        assert!(!glob_match("/exact", "/exact/more"));
    }

    #[test]
    fn rule_round_trips_as_json() {
        let rule: FaultRule = serde_json::from_value(
            json!({"method": "get", "path": "/zia/*", "kind": "rate_limit", "retry_after": "1", "times": 2}),
        )
        .unwrap();
        assert_eq!(rule.method, Some(Method::GET));
        let back = serde_json::to_value(&rule).unwrap();
        assert_eq!(back["kind"], "rate_limit");
        assert_eq!(back["method"], "GET");
    }

    #[test]
    fn zpa_429_uses_the_s_suffix_header_and_body() {
        let reply = fault_reply(
            &FaultKind::RateLimit {
                retry_after: Some("4s".into()),
            },
            "/zpa/x",
        )
        .unwrap();
        assert_eq!(reply.status, 429);
        assert_eq!(reply.headers, vec![("retry-after", "4s".to_owned())]);
    }
}
