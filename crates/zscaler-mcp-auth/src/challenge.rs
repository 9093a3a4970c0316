//! Refusals: the status, a reason safe to show the caller, and the `WWW-Authenticate`
//! challenge of the mode (RFC 6750 Bearer, RFC 7617 Basic, RFC 9728 `resource_metadata`).

use std::fmt;

use axum::response::{IntoResponse, Response};
use http::header::{CACHE_CONTROL, CONTENT_TYPE, WWW_AUTHENTICATE};
use http::{HeaderValue, StatusCode};
use serde_json::json;

use crate::REALM;

/// JSON-RPC error code of an authentication refusal (the Python server's).
pub(crate) const UNAUTHORIZED_CODE: i64 = -32001;

/// Why a request was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    /// 401, or 403 when the token is valid but lacks a required scope.
    pub status: StatusCode,
    /// Names what was wrong; never echoes a token, key or secret.
    pub reason: String,
    /// The challenge to send back.
    pub www_authenticate: HeaderValue,
}

impl Rejection {
    /// `Unauthorized: <reason>` or `Forbidden: <reason>`.
    pub fn message(&self) -> String {
        let what = if self.status == StatusCode::FORBIDDEN {
            "Forbidden"
        } else {
            "Unauthorized"
        };
        format!("{what}: {}", self.reason)
    }

    /// The JSON-RPC error body sent with the refusal (`id` is null: the request was not read).
    pub fn json_body(&self) -> serde_json::Value {
        json!({
            "jsonrpc": "2.0",
            "id": null,
            "error": {"code": UNAUTHORIZED_CODE, "message": self.message()},
        })
    }
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for Rejection {}

impl IntoResponse for Rejection {
    fn into_response(self) -> Response {
        let body = self.json_body().to_string();
        let mut response = (self.status, body).into_response();
        let headers = response.headers_mut();
        headers.insert(WWW_AUTHENTICATE, self.www_authenticate);
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
        response
    }
}

/// What was wrong with the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fault {
    /// No credential at all: the challenge carries no error code (RFC 6750 §3.1).
    Missing,
    /// A credential was sent but is not acceptable.
    Invalid,
    /// A valid token without the required scopes: 403.
    InsufficientScope,
}

/// A mode's verdict on a request, before it is dressed as a [`Rejection`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Refusal {
    pub(crate) fault: Fault,
    pub(crate) reason: String,
}

impl Refusal {
    pub(crate) fn missing(reason: impl Into<String>) -> Refusal {
        Refusal {
            fault: Fault::Missing,
            reason: reason.into(),
        }
    }

    pub(crate) fn invalid(reason: impl Into<String>) -> Refusal {
        Refusal {
            fault: Fault::Invalid,
            reason: reason.into(),
        }
    }

    pub(crate) fn scope(reason: impl Into<String>) -> Refusal {
        Refusal {
            fault: Fault::InsufficientScope,
            reason: reason.into(),
        }
    }
}

/// How a mode challenges the client.
#[derive(Debug, Clone)]
pub(crate) enum Challenge {
    /// `Bearer realm="zscaler-mcp"` (jwt, api-key).
    Bearer,
    /// `Basic realm="zscaler-mcp"` (zscaler).
    Basic,
    /// `Bearer resource_metadata="…"` (oidc), naming the scopes to ask for.
    ResourceMetadata { url: String, scope: Option<String> },
}

impl Challenge {
    pub(crate) fn reject(&self, fault: Fault, reason: impl Into<String>) -> Rejection {
        let reason = reason.into();
        let mut params: Vec<(&str, String)> = Vec::new();
        let scheme = match self {
            Challenge::Basic => {
                params.push(("realm", REALM.to_owned()));
                params.push(("charset", "UTF-8".to_owned()));
                "Basic"
            }
            Challenge::Bearer => {
                params.push(("realm", REALM.to_owned()));
                "Bearer"
            }
            Challenge::ResourceMetadata { url, .. } => {
                params.push(("resource_metadata", url.clone()));
                "Bearer"
            }
        };
        if !matches!(self, Challenge::Basic) {
            match fault {
                Fault::Missing => {}
                Fault::Invalid => {
                    params.push(("error", "invalid_token".to_owned()));
                    params.push(("error_description", reason.clone()));
                }
                Fault::InsufficientScope => {
                    params.push(("error", "insufficient_scope".to_owned()));
                    params.push(("error_description", reason.clone()));
                }
            }
        }
        if let Challenge::ResourceMetadata {
            scope: Some(scope), ..
        } = self
        {
            params.push(("scope", scope.clone()));
        }
        let text = params
            .iter()
            .map(|(name, value)| format!("{name}=\"{}\"", quoted(value)))
            .collect::<Vec<_>>()
            .join(", ");
        let header = format!("{scheme} {text}");
        let www_authenticate = HeaderValue::from_str(&header)
            .unwrap_or_else(|_| HeaderValue::from_static("Bearer realm=\"zscaler-mcp\""));
        Rejection {
            status: if fault == Fault::InsufficientScope {
                StatusCode::FORBIDDEN
            } else {
                StatusCode::UNAUTHORIZED
            },
            reason,
            www_authenticate,
        }
    }
}

/// The inside of an RFC 7230 quoted-string: `"` and `\` escaped, anything not printable ASCII
/// dropped.
fn quoted(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            ' '..='~' => out.push(c),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn challenges_follow_rfc_6750_and_9728() {
        let missing = Challenge::Bearer.reject(Fault::Missing, "missing bearer token");
        assert_eq!(missing.status, 401);
        assert_eq!(missing.www_authenticate, "Bearer realm=\"zscaler-mcp\"");
        let bad = Challenge::Bearer.reject(Fault::Invalid, "token \"expired\"");
        assert_eq!(
            bad.www_authenticate,
            "Bearer realm=\"zscaler-mcp\", error=\"invalid_token\", \
             error_description=\"token \\\"expired\\\"\""
        );
        let basic = Challenge::Basic.reject(Fault::Invalid, "refused");
        assert_eq!(
            basic.www_authenticate,
            "Basic realm=\"zscaler-mcp\", charset=\"UTF-8\""
        );
        let meta = Challenge::ResourceMetadata {
            url: "https://mcp.example.com/.well-known/oauth-protected-resource/mcp".into(),
            scope: Some("mcp:read mcp:write".into()),
        };
        let forbidden = meta.reject(Fault::InsufficientScope, "missing scope mcp:write");
        assert_eq!(forbidden.status, 403);
        assert_eq!(forbidden.message(), "Forbidden: missing scope mcp:write");
        assert_eq!(
            forbidden.www_authenticate,
            "Bearer resource_metadata=\"https://mcp.example.com/.well-known/oauth-protected-resource/mcp\", \
             error=\"insufficient_scope\", error_description=\"missing scope mcp:write\", \
             scope=\"mcp:read mcp:write\""
        );
        assert_eq!(
            missing.json_body(),
            json!({"jsonrpc": "2.0", "id": null,
                   "error": {"code": -32001, "message": "Unauthorized: missing bearer token"}})
        );
    }
}
