//! The network defences in front of the HTTP transports, as tower layers composed in one place
//! ([`protect`]), outermost first:
//!
//! 1. **client address**: the peer, or with trusted proxies the first untrusted
//!    `X-Forwarded-For` hop ([`addr::resolve`]); inserted as [`ClientAddr`];
//! 2. **source-IP ACL** (`ZSCALER_MCP_ALLOWED_SOURCE_IPS`) → 403, before anything else looks at
//!    the request;
//! 3. **Host allowlist** (`ZSCALER_MCP_ALLOWED_HOSTS`) → 421, against DNS rebinding;
//! 4. **Origin check** (`ZSCALER_MCP_ALLOWED_ORIGINS`) → 403, then **CORS** for allowed origins
//!    (preflights are answered here and never reach authentication);
//! 5. **client authentication** (`zscaler-mcp-auth`'s [`AuthLayer`], when configured) →
//!    401/403, plus the RFC 9728 metadata routes it serves in oidc mode;
//! 6. **per-caller rate limit** (`ZSCALER_MCP_RATE_LIMIT`) → 429 with `Retry-After`, keyed by
//!    the authenticated [`Principal`] or else the client address.
//!
//! Health paths (`/health`, `/healthz`, `/ready`, `/ping`) bypass the address, Host and rate
//! checks, so load balancers and AgentCore can probe a locked-down server.
//! Every refusal is a JSON-RPC error body that says what was refused and why.

pub mod addr;
mod headers;
pub mod hosts;
pub mod origin;
pub mod ratelimit;

use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use http::{HeaderValue, StatusCode, header};
use serde_json::json;
use thiserror::Error;
use zscaler_mcp_auth::{AuthLayer, Authenticator, Principal, metadata_router};

pub use addr::{ClientAddr, NetList};
pub use hosts::HostAllowlist;
pub use origin::OriginPolicy;
pub use ratelimit::CallerLimits;

#[derive(Debug, Error)]
pub enum GuardError {
    #[error("{setting}: `{value}` is not valid: {reason}")]
    Pattern {
        setting: &'static str,
        value: String,
        reason: String,
    },
}

/// Paths a load balancer or platform probes; they pass every network check.
pub const HEALTH_PATHS: &[&str] = &["/health", "/healthz", "/ready", "/ping"];

/// JSON-RPC code for a request refused before it reached the MCP server (as the Python server).
pub const REFUSED: i64 = -32001;
/// JSON-RPC code for a rate-limited request.
pub const RATE_LIMITED: i64 = -32000;

/// Every network-layer setting, validated.
#[derive(Debug, Clone, Default)]
pub struct GuardSettings {
    /// `None`: no Host check (`ZSCALER_MCP_DISABLE_HOST_VALIDATION`).
    pub allowed_hosts: Option<HostAllowlist>,
    pub allowed_origins: OriginPolicy,
    /// `None`: every source address may connect.
    pub allowed_source_ips: Option<NetList>,
    /// Peers whose `X-Forwarded-For` is believed.
    pub trusted_proxies: NetList,
    /// Requests per minute per caller; `None`: unlimited.
    pub rate_limit_per_minute: Option<NonZeroU32>,
    /// Log each request's method, path and headers (credentials redacted), before any check.
    pub log_headers: bool,
}

struct Guard {
    settings: GuardSettings,
    limits: Option<CallerLimits>,
}

/// Wraps `app` in the network defences, in the order the crate documentation gives; with an
/// authenticator, every path but the health and discovery ones needs a credential.
pub fn protect(app: Router, settings: GuardSettings, auth: Option<Authenticator>) -> Router {
    let limits = settings.rate_limit_per_minute.map(CallerLimits::new);
    let cors = settings.allowed_origins.cors();
    let log_headers = settings.log_headers;
    let guard = Arc::new(Guard { settings, limits });
    // Layers wrap what is already there: the last one added runs first.
    let app = app.layer(middleware::from_fn_with_state(guard.clone(), rate_limit));
    let app = match auth {
        Some(auth) => app
            .merge(metadata_router(&auth))
            .layer(AuthLayer::new(auth)),
        None => app,
    };
    let app = app
        .layer(cors)
        .layer(middleware::from_fn_with_state(guard.clone(), check_origin))
        .layer(middleware::from_fn_with_state(guard.clone(), check_host))
        .layer(middleware::from_fn_with_state(guard.clone(), check_source))
        .layer(middleware::from_fn_with_state(guard, resolve_client));
    // Outermost, so refused requests are logged too.
    if log_headers {
        app.layer(middleware::from_fn(headers::log_headers))
    } else {
        app
    }
}

fn is_health(request: &Request) -> bool {
    HEALTH_PATHS.contains(&request.uri().path())
}

/// A refusal with a JSON-RPC error body (`id` null: the request was not read).
pub fn refusal(status: StatusCode, code: i64, message: impl Into<String>) -> Response {
    let body = json!({
        "jsonrpc": "2.0",
        "id": null,
        "error": {"code": code, "message": message.into()},
    });
    let mut response = (status, axum::Json(body)).into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

async fn resolve_client(
    State(guard): State<Arc<Guard>>,
    mut request: Request,
    next: Next,
) -> Response {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|info| info.0.ip());
    match addr::resolve(peer, request.headers(), &guard.settings.trusted_proxies) {
        Ok(ip) => {
            request.extensions_mut().insert(ClientAddr(ip));
        }
        Err(addr::Unresolved::BadForwardedFor(hop)) if !is_health(&request) => {
            return refusal(
                StatusCode::BAD_REQUEST,
                REFUSED,
                format!(
                    "Bad request: X-Forwarded-For entry '{}' from a trusted proxy is not an IP address",
                    printable(&hop)
                ),
            );
        }
        Err(_) => {}
    }
    next.run(request).await
}

async fn check_source(State(guard): State<Arc<Guard>>, request: Request, next: Next) -> Response {
    let Some(allowed) = &guard.settings.allowed_source_ips else {
        return next.run(request).await;
    };
    if is_health(&request) {
        return next.run(request).await;
    }
    match request.extensions().get::<ClientAddr>() {
        Some(ClientAddr(ip)) if allowed.contains(*ip) => next.run(request).await,
        Some(ClientAddr(ip)) => {
            tracing::warn!(client = %ip, "refused: source address not in ZSCALER_MCP_ALLOWED_SOURCE_IPS");
            refusal(
                StatusCode::FORBIDDEN,
                REFUSED,
                format!("Forbidden: source IP {ip} is not in the allowed list"),
            )
        }
        None => refusal(
            StatusCode::FORBIDDEN,
            REFUSED,
            "Forbidden: the client address is unknown, and a source-IP allowlist is configured",
        ),
    }
}

async fn check_host(State(guard): State<Arc<Guard>>, request: Request, next: Next) -> Response {
    let Some(allowed) = &guard.settings.allowed_hosts else {
        return next.run(request).await;
    };
    if is_health(&request) {
        return next.run(request).await;
    }
    // HTTP/2 carries the authority in the URI, not in a Host header.
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(str::to_owned)
        .or_else(|| request.uri().authority().map(|a| a.to_string()));
    match host {
        Some(host) if allowed.allows(&host) => next.run(request).await,
        Some(host) => {
            tracing::warn!(host = %printable(&host), "refused: Host not in ZSCALER_MCP_ALLOWED_HOSTS");
            refusal(
                StatusCode::MISDIRECTED_REQUEST,
                REFUSED,
                format!(
                    "Misdirected request: Host header '{}' is not an allowed host name for this server (possible DNS rebinding attempt)",
                    printable(&host)
                ),
            )
        }
        None => refusal(
            StatusCode::MISDIRECTED_REQUEST,
            REFUSED,
            "Misdirected request: the request names no host (Host header missing)",
        ),
    }
}

async fn check_origin(State(guard): State<Arc<Guard>>, request: Request, next: Next) -> Response {
    let Some(origin) = request.headers().get(header::ORIGIN) else {
        return next.run(request).await;
    };
    let origin = origin.to_str().unwrap_or("");
    if guard.settings.allowed_origins.allows(origin) {
        return next.run(request).await;
    }
    tracing::warn!(origin = %printable(origin), "refused: Origin not in ZSCALER_MCP_ALLOWED_ORIGINS");
    refusal(
        StatusCode::FORBIDDEN,
        REFUSED,
        format!(
            "Forbidden: Origin '{}' is not allowed; set ZSCALER_MCP_ALLOWED_ORIGINS to admit a browser client",
            printable(origin)
        ),
    )
}

async fn rate_limit(
    State(guard): State<Arc<Guard>>,
    request: Request<Body>,
    next: Next,
) -> Response {
    let Some(limits) = &guard.limits else {
        return next.run(request).await;
    };
    if is_health(&request) {
        return next.run(request).await;
    }
    // Anonymous callers share no identity, so they are told apart by address.
    let caller = match (
        request.extensions().get::<Principal>(),
        request.extensions().get::<ClientAddr>(),
    ) {
        (Some(principal), _) if principal.is_verified() => principal.label(),
        (_, Some(ClientAddr(ip))) => ip_key(*ip),
        (_, None) => "unknown".to_owned(),
    };
    match limits.check(&caller) {
        Ok(()) => next.run(request).await,
        Err(wait) => {
            let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
            let seconds = seconds.max(1);
            let mut response = refusal(
                StatusCode::TOO_MANY_REQUESTS,
                RATE_LIMITED,
                format!(
                    "Too many requests: this caller is limited to {} requests per minute; retry after {seconds} s",
                    limits.per_minute()
                ),
            );
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
            response
        }
    }
}

fn ip_key(ip: IpAddr) -> String {
    format!("ip:{ip}")
}

/// A header value as it may be echoed: printable ASCII, at most 100 characters.
fn printable(value: &str) -> String {
    value
        .chars()
        .filter(|c| c.is_ascii_graphic() || *c == ' ')
        .take(100)
        .collect()
}
