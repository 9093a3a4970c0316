//! The HTTP side of zscaler-mcp: one axum listener serving
//! - streamable HTTP at `/mcp` and `/mcp/` (rmcp's service, behind [`jsonrpc`]'s layer that
//!   adds what rmcp leaves out: JSON-RPC batches, -32700/-32600 answers, 415/413, and JSON
//!   answers for clients that accept only `application/json`);
//! - the legacy HTTP+SSE transport at `GET /sse` + `POST /messages` ([`sse`]);
//! - `/health` and `/ping` for load balancers and AgentCore.
//!
//! [`serve`] runs the router with our own accept loop: HTTP/1.1 and HTTP/2, optional TLS and
//! mutual TLS from PEM files ([`tls`], reloadable without dropping connections), the peer
//! address and client certificate in each request's extensions, and timeouts for slow and
//! idle clients ([`ServeOptions`]).
//!
//! Transports never call the OneAPI client: they hand messages to the MCP server.

mod jsonrpc;
mod serve;
mod sse;
mod sse_parse;
pub mod tls;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::Router;
use axum::routing::get;
use rmcp::transport::streamable_http_server::session::local::LocalSessionManager;
use rmcp::transport::{StreamableHttpServerConfig, StreamableHttpService};
use serde_json::json;
use tokio_util::sync::CancellationToken;
use zscaler_mcp_server::ZscalerMcp;

pub use serve::{InFlight, ServeError, ServeOptions, serve};
pub use tls::{PeerCertificate, TlsAcceptorHandle, TlsError, TlsSettings};

/// Which transport answers `GET /mcp`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GetMcp {
    /// Streamable HTTP's server-to-client stream (the default).
    Streamable,
    /// The legacy SSE stream, for `--transport sse` deployments whose clients use `/mcp`.
    LegacySse,
}

#[derive(Debug, Clone)]
pub struct HttpOptions {
    /// No server sessions: any or no `Mcp-Session-Id` is accepted and every request stands
    /// alone (load-balanced replicas, AgentCore).
    pub stateless: bool,
    /// Largest accepted request body; larger gets 413.
    pub max_body_bytes: usize,
    /// Host names (or host:port) accepted in `Host`; empty accepts any (DNS-rebinding
    /// protection is then up to the deployment).
    pub allowed_hosts: Vec<String>,
    /// Browser origins accepted in `Origin`; empty accepts requests without one and loopback
    /// origins only.
    pub allowed_origins: Vec<String>,
    pub get_mcp: GetMcp,
    pub sse_keep_alive: Duration,
}

impl Default for HttpOptions {
    fn default() -> Self {
        HttpOptions {
            stateless: false,
            max_body_bytes: 4 * 1024 * 1024,
            allowed_hosts: vec!["localhost".into(), "127.0.0.1".into(), "::1".into()],
            allowed_origins: Vec::new(),
            get_mcp: GetMcp::Streamable,
            sse_keep_alive: Duration::from_secs(15),
        }
    }
}

/// Hosts accepted by default for a server bound to `addr`: loopback names, plus the bound
/// address itself when it is not a wildcard.
pub fn default_allowed_hosts(addr: SocketAddr) -> Vec<String> {
    let mut hosts = vec![
        "localhost".to_owned(),
        "127.0.0.1".to_owned(),
        "::1".to_owned(),
    ];
    if !addr.ip().is_unspecified() && !addr.ip().is_loopback() {
        hosts.push(addr.ip().to_string());
    }
    hosts
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// Builds the router. Cancelling `streams` ends open streams and sessions; `inflight` counts
/// the MCP requests being answered (see [`serve`]).
pub fn router(
    server: ZscalerMcp,
    options: HttpOptions,
    streams: CancellationToken,
    inflight: InFlight,
) -> Router {
    let shutdown = streams;
    let mut config = StreamableHttpServerConfig::default()
        .with_legacy_session_mode(!options.stateless)
        .with_json_response(options.stateless)
        .with_cancellation_token(shutdown.child_token())
        .with_max_request_body_bytes(options.max_body_bytes)
        .with_sse_keep_alive(Some(options.sse_keep_alive));
    config = if options.allowed_hosts.is_empty() {
        config.disable_allowed_hosts()
    } else {
        config.with_allowed_hosts(options.allowed_hosts.clone())
    };
    if !options.allowed_origins.is_empty() {
        config = config.with_allowed_origins(options.allowed_origins.clone());
    }
    let factory_server = server.clone();
    let streamable = StreamableHttpService::new(
        move || Ok(factory_server.session()),
        Arc::new(LocalSessionManager::default()),
        config,
    );
    let mcp = jsonrpc::McpEndpoint::new(streamable, options.max_body_bytes, inflight);
    let legacy = sse::LegacySse::new(server, options.clone(), shutdown);

    let mut app = Router::new()
        .route(
            "/health",
            get(|| async { axum::Json(json!({"status": "ok"})) }),
        )
        .route(
            "/ping",
            get(|| async {
                axum::Json(json!({"status": "Healthy", "time_of_last_update": unix_now()}))
            }),
        )
        .merge(legacy.routes());
    for path in ["/mcp", "/mcp/"] {
        app = match options.get_mcp {
            GetMcp::Streamable => app.route_service(path, mcp.clone()),
            GetMcp::LegacySse => app.route(
                path,
                get(sse::open_stream)
                    .with_state(legacy.clone())
                    .post_service(mcp.clone())
                    .delete_service(mcp.clone()),
            ),
        };
    }
    app
}
