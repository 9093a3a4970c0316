//! `ZSCALER_MCP_LOG_HEADERS`: one log line per request with its method, path and headers, for
//! debugging what a platform (AgentCore, a load balancer) really forwards. Credential headers
//! are logged by name only.

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;
use http::HeaderMap;

/// Whether a header's value is withheld from the log.
fn is_credential(name: &str) -> bool {
    matches!(
        name,
        "authorization" | "proxy-authorization" | "cookie" | "set-cookie" | "x-api-key"
    ) || name.starts_with("x-zscaler-")
        || name.starts_with("x-amz-security-token")
}

/// `name: value` pairs, credential values replaced by `[redacted]`.
pub(crate) fn describe(headers: &HeaderMap) -> String {
    headers
        .iter()
        .map(|(name, value)| {
            let name = name.as_str();
            if is_credential(name) {
                format!("{name}: [redacted]")
            } else {
                format!("{name}: {}", String::from_utf8_lossy(value.as_bytes()))
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

pub(crate) async fn log_headers(request: Request, next: Next) -> Response {
    tracing::info!(
        method = %request.method(),
        path = request.uri().path(),
        headers = %describe(request.headers()),
        "request"
    );
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_are_named_but_not_shown() {
        let mut headers = HeaderMap::new();
        for (name, value) in [
            ("authorization", "Bearer eyJ.secret.sig"),
            ("x-api-key", "k-123"),
            ("x-zscaler-client-secret", "zs-secret"),
            ("cookie", "session=abc"),
            ("mcp-session-id", "f7ebe538"),
            ("x-amzn-bedrock-agentcore-runtime-session-id", "rt-1"),
        ] {
            headers.insert(name, value.parse().unwrap());
        }
        let line = describe(&headers);
        for secret in ["eyJ.secret.sig", "k-123", "zs-secret", "session=abc"] {
            assert!(!line.contains(secret), "{line}");
        }
        assert!(line.contains("authorization: [redacted]"), "{line}");
        assert!(line.contains("mcp-session-id: f7ebe538"), "{line}");
        assert!(
            line.contains("x-amzn-bedrock-agentcore-runtime-session-id: rt-1"),
            "{line}"
        );
    }
}
