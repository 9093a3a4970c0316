//! Browser origins: which `Origin` values may call the server (MCP 2025-11-25 requires servers
//! to refuse the others, against DNS rebinding), and the CORS answers for the allowed ones.

use std::time::Duration;

use glob::{MatchOptions, Pattern};
use http::{HeaderName, HeaderValue, Method};
use tower_http::cors::{AllowOrigin, CorsLayer};

use crate::GuardError;

const EXACT_CASE_INSENSITIVE: MatchOptions = MatchOptions {
    case_sensitive: false,
    require_literal_separator: false,
    require_literal_leading_dot: false,
};

/// The accepted origins: configured patterns (`https://app.acme.com`, `https://*.acme.com`,
/// `http://localhost:*`), plus loopback origins when the server itself is on loopback.
#[derive(Debug, Clone, Default)]
pub struct OriginPolicy {
    patterns: Vec<Pattern>,
    shown: Vec<String>,
    loopback: bool,
}

impl OriginPolicy {
    /// `loopback`: also accept `http(s)://localhost|127.0.0.1|[::1]` on any port (a local
    /// server used from a local browser tool, such as the MCP Inspector's web UI).
    pub fn parse<S: AsRef<str>>(
        patterns: &[S],
        loopback: bool,
    ) -> Result<OriginPolicy, GuardError> {
        let mut policy = OriginPolicy {
            loopback,
            ..OriginPolicy::default()
        };
        for raw in patterns {
            let raw = raw.as_ref().trim();
            if raw.is_empty() {
                continue;
            }
            let normalized = normalize(raw);
            if normalized != "*" && normalized != "null" && !normalized.contains("://") {
                return Err(GuardError::Pattern {
                    setting: "ZSCALER_MCP_ALLOWED_ORIGINS",
                    value: raw.to_owned(),
                    reason: "an origin is scheme://host[:port], e.g. https://app.example.com"
                        .into(),
                });
            }
            let pattern = Pattern::new(&normalized).map_err(|e| GuardError::Pattern {
                setting: "ZSCALER_MCP_ALLOWED_ORIGINS",
                value: raw.to_owned(),
                reason: e.to_string(),
            })?;
            policy.patterns.push(pattern);
            policy.shown.push(raw.to_owned());
        }
        Ok(policy)
    }

    pub fn allows(&self, origin: &str) -> bool {
        let origin = normalize(origin);
        if self.loopback && is_loopback_origin(&origin) {
            return true;
        }
        self.patterns
            .iter()
            .any(|p| p.matches_with(&origin, EXACT_CASE_INSENSITIVE))
    }

    pub fn patterns(&self) -> &[String] {
        &self.shown
    }

    /// The CORS layer answering preflights and decorating answers for allowed origins; an
    /// origin this policy refuses gets no CORS headers (and the origin check answers 403).
    pub fn cors(&self) -> CorsLayer {
        let policy = self.clone();
        CorsLayer::new()
            .allow_origin(AllowOrigin::predicate(move |origin: &HeaderValue, _| {
                origin.to_str().is_ok_and(|o| policy.allows(o))
            }))
            .allow_methods([Method::GET, Method::POST, Method::DELETE, Method::OPTIONS])
            .allow_headers(
                [
                    "authorization",
                    "content-type",
                    "accept",
                    "last-event-id",
                    "mcp-session-id",
                    "mcp-protocol-version",
                    "mcp-method",
                    "mcp-name",
                    "x-api-key",
                    "x-zscaler-client-id",
                    "x-zscaler-client-secret",
                    "x-zscaler-vanity-domain",
                    "x-zscaler-customer-id",
                ]
                .map(HeaderName::from_static),
            )
            .expose_headers(
                ["mcp-session-id", "mcp-protocol-version", "www-authenticate"]
                    .map(HeaderName::from_static),
            )
            .max_age(Duration::from_secs(600))
    }
}

fn normalize(origin: &str) -> String {
    origin.trim().trim_end_matches('/').to_ascii_lowercase()
}

fn is_loopback_origin(origin: &str) -> bool {
    let Some(rest) = origin
        .strip_prefix("http://")
        .or_else(|| origin.strip_prefix("https://"))
    else {
        return false;
    };
    let host = match rest.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or_default(),
        None => rest.split(':').next().unwrap_or_default(),
    };
    matches!(host, "localhost" | "127.0.0.1" | "::1")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_and_wildcard_origins() {
        let policy =
            OriginPolicy::parse(&["https://app.example.com/", "https://*.acme.com"], false)
                .unwrap();
        assert!(policy.allows("https://app.example.com"));
        assert!(policy.allows("HTTPS://APP.EXAMPLE.COM"));
        assert!(!policy.allows("http://app.example.com"));
        assert!(!policy.allows("https://app.example.com.evil.io"));
        assert!(policy.allows("https://console.acme.com"));
        assert!(!policy.allows("http://localhost:6274"));
        assert!(!policy.allows("null"));
    }

    #[test]
    fn loopback_origins_only_when_asked() {
        let local = OriginPolicy::parse::<&str>(&[], true).unwrap();
        assert!(local.allows("http://localhost:6274"));
        assert!(local.allows("http://127.0.0.1:3000"));
        assert!(local.allows("http://[::1]:3000"));
        assert!(!local.allows("http://localhost.evil.io"));
        assert!(!local.allows("https://evil.io"));
        let remote = OriginPolicy::parse::<&str>(&[], false).unwrap();
        assert!(!remote.allows("http://localhost:6274"));
    }

    #[test]
    fn a_host_without_scheme_is_refused_by_name() {
        let err = OriginPolicy::parse(&["app.example.com"], false).unwrap_err();
        assert!(err.to_string().contains("ZSCALER_MCP_ALLOWED_ORIGINS"));
        assert!(err.to_string().contains("app.example.com"));
    }
}
