//! The HTTP side of zscaler-mcp: one axum listener serving
//! - streamable HTTP at `/mcp` and `/mcp/` (rmcp's service, behind [`jsonrpc`]'s layer that
//!   adds what rmcp leaves out: JSON-RPC batches, -32700/-32600 answers, 415/413, and JSON
//!   answers for clients that accept only `application/json`);
//! - the legacy HTTP+SSE transport at `GET /sse` + `POST /messages` ([`sse`]);
//! - `/health` and `/ping` for load balancers and AgentCore;
//! - with [`HttpOptions::metrics`], `/metrics` in Prometheus text format ([`metrics`]);
//! - with [`HttpOptions::agentcore_http`], `POST /invocations` ([`invocations`]): AWS Bedrock
//!   AgentCore Runtime's HTTP protocol contract, answered by the same MCP server.
//!
//! [`serve`] runs the router with our own accept loop: HTTP/1.1 and HTTP/2, optional TLS and
//! mutual TLS from PEM files ([`tls`], reloadable without dropping connections), the peer
//! address and client certificate in each request's extensions, and timeouts for slow and
//! idle clients ([`ServeOptions`]).
//!
//! Transports never call the OneAPI client: they hand messages to the MCP server.

mod invocations;
mod jsonrpc;
pub mod metrics;
mod serve;
mod sse;
mod sse_parse;
pub mod tls;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::Router;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use http::StatusCode;
use rmcp::transport::streamable_http_server::session::local::LocalSessionManager;
use rmcp::transport::{StreamableHttpServerConfig, StreamableHttpService};
use serde_json::json;
use tokio_util::sync::CancellationToken;
use zscaler_mcp_server::ZscalerMcp;

pub use invocations::SESSION_HEADER as AGENTCORE_SESSION_HEADER;
#[doc(hidden)]
pub use invocations::{Payload as AgentCorePayload, decode_payload as decode_agentcore_payload};
pub use metrics::{MetricsRender, observe};
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
    /// Most sessions open at once (streamable HTTP and legacy SSE together); one more
    /// `initialize` gets 503 with `Retry-After`.
    pub max_sessions: usize,
    pub get_mcp: GetMcp,
    pub sse_keep_alive: Duration,
    /// Serve AgentCore Runtime's HTTP protocol contract as well: `POST /invocations`
    /// (always stateless, whatever `stateless` says for `/mcp`).
    pub agentcore_http: bool,
    /// Serve `/metrics` with this renderer (Prometheus text), behind the same guard as `/mcp`.
    pub metrics: Option<MetricsRender>,
}

impl Default for HttpOptions {
    fn default() -> Self {
        HttpOptions {
            stateless: false,
            max_body_bytes: 4 * 1024 * 1024,
            max_sessions: 1000,
            get_mcp: GetMcp::Streamable,
            sse_keep_alive: Duration::from_secs(15),
            agentcore_http: false,
            metrics: None,
        }
    }
}

/// JSON-RPC's implementation-defined server error, for a server at its session limit.
const SERVER_BUSY: i64 = -32000;

/// Counts open sessions against [`HttpOptions::max_sessions`]. Streamable sessions are
/// rmcp's (counted in its session manager); legacy SSE sessions are counted here.
#[derive(Clone)]
pub(crate) struct SessionCap {
    max: usize,
    streamable: Arc<LocalSessionManager>,
    legacy: Arc<AtomicUsize>,
}

impl SessionCap {
    pub(crate) fn legacy_opened(&self) {
        self.legacy.fetch_add(1, Ordering::AcqRel);
    }

    pub(crate) fn legacy_closed(&self) {
        self.legacy.fetch_sub(1, Ordering::AcqRel);
    }

    /// The 503 answer for a new session when the server is full, or `None` if there is room.
    pub(crate) async fn refusal(&self) -> Option<Response> {
        let open =
            self.streamable.sessions.read().await.len() + self.legacy.load(Ordering::Acquire);
        if open < self.max {
            return None;
        }
        tracing::warn!(
            open,
            max = self.max,
            "refused a new session: the server is full"
        );
        let body = zscaler_mcp_server::wire::error_message(
            None,
            SERVER_BUSY,
            format!(
                "Service unavailable: {open} sessions are open, the most this server allows (ZSCALER_MCP_MAX_SESSIONS); retry later"
            ),
        );
        let mut response = (StatusCode::SERVICE_UNAVAILABLE, axum::Json(body)).into_response();
        response.headers_mut().insert(
            http::header::RETRY_AFTER,
            http::HeaderValue::from_static("5"),
        );
        Some(response)
    }
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
    let sessions = Arc::new(LocalSessionManager::default());
    let cap = SessionCap {
        max: options.max_sessions,
        streamable: sessions.clone(),
        legacy: Arc::default(),
    };
    let streamable = streamable_service(&server, &options, options.stateless, &shutdown, sessions);
    let mcp = jsonrpc::McpEndpoint::new(
        streamable,
        options.max_body_bytes,
        inflight.clone(),
        (!options.stateless).then(|| cap.clone()),
    );
    let invocations = options.agentcore_http.then(|| {
        // AgentCore's HTTP contract has no MCP sessions: its own stateless endpoint.
        let stateless = streamable_service(
            &server,
            &options,
            true,
            &shutdown,
            Arc::new(LocalSessionManager::default()),
        );
        let endpoint = jsonrpc::McpEndpoint::new(stateless, options.max_body_bytes, inflight, None);
        invocations::Invocations::new(endpoint, options.max_body_bytes)
    });
    let legacy = sse::LegacySse::new(server, options.clone(), shutdown, cap);

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
    if let Some(render) = options.metrics.clone() {
        app = app.route("/metrics", get(move || metrics::serve(render.clone())));
    }
    if let Some(invocations) = invocations {
        app = app.route(
            "/invocations",
            post(invocations::invoke).with_state(invocations),
        );
    }
    app
}

/// rmcp's streamable HTTP service over `server`, stateless or with sessions in `sessions`.
fn streamable_service(
    server: &ZscalerMcp,
    options: &HttpOptions,
    stateless: bool,
    shutdown: &CancellationToken,
    sessions: Arc<LocalSessionManager>,
) -> StreamableHttpService<ZscalerMcp, LocalSessionManager> {
    // Host and Origin are checked for every route by zscaler-mcp-guard, in front of this router.
    let config = StreamableHttpServerConfig::default()
        .with_legacy_session_mode(!stateless)
        .with_json_response(stateless)
        .with_cancellation_token(shutdown.child_token())
        .with_max_request_body_bytes(options.max_body_bytes)
        .with_sse_keep_alive(Some(options.sse_keep_alive))
        .disable_allowed_hosts()
        .disable_allowed_origins();
    let factory_server = server.clone();
    StreamableHttpService::new(move || Ok(factory_server.session()), sessions, config)
}
