//! `/metrics` (Prometheus text exposition) and the HTTP request counts behind it. The route
//! exists only when the binary hands a renderer in [`crate::HttpOptions::metrics`], and it is
//! added to the router `protect` wraps, so it needs what `/mcp` needs.

use std::fmt;
use std::sync::Arc;
use std::time::Instant;

use axum::Router;
use axum::extract::Request;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use http::{HeaderValue, header};

pub const HTTP_REQUESTS: &str = "zscaler_mcp_http_requests_total";
pub const HTTP_REQUEST_SECONDS: &str = "zscaler_mcp_http_request_duration_seconds";

/// Renders every recorded metric in Prometheus text format.
#[derive(Clone)]
pub struct MetricsRender(Arc<dyn Fn() -> String + Send + Sync>);

impl MetricsRender {
    pub fn new(render: impl Fn() -> String + Send + Sync + 'static) -> Self {
        MetricsRender(Arc::new(render))
    }
}

impl fmt::Debug for MetricsRender {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("MetricsRender")
    }
}

/// Describes this crate's metrics to the installed recorder.
pub fn describe() {
    metrics::describe_counter!(
        HTTP_REQUESTS,
        "HTTP requests by route, method and status, refused ones included"
    );
    metrics::describe_histogram!(
        HTTP_REQUEST_SECONDS,
        metrics::Unit::Seconds,
        "Time to the response head (a stream's lifetime is not included)"
    );
}

pub(crate) async fn serve(render: MetricsRender) -> Response {
    let mut response = (render.0)().into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
    );
    response
}

/// Counts every request `app` answers, by a route label with a fixed set of values.
/// Apply it outside `protect`, so refusals are counted too.
pub fn observe(app: Router) -> Router {
    app.layer(middleware::from_fn(count))
}

async fn count(request: Request, next: Next) -> Response {
    let route = route_label(request.uri().path());
    let method = request.method().as_str().to_owned();
    let started = Instant::now();
    let response = next.run(request).await;
    metrics::counter!(
        HTTP_REQUESTS,
        "route" => route,
        "method" => method,
        "status" => response.status().as_u16().to_string()
    )
    .increment(1);
    metrics::histogram!(HTTP_REQUEST_SECONDS, "route" => route)
        .record(started.elapsed().as_secs_f64());
    response
}

/// Paths a client chooses must not grow the number of series: anything unknown is `other`.
fn route_label(path: &str) -> &'static str {
    match path {
        "/mcp" | "/mcp/" => "/mcp",
        "/sse" => "/sse",
        "/messages" | "/messages/" => "/messages",
        "/invocations" => "/invocations",
        "/health" | "/healthz" | "/ready" | "/ping" => "health",
        "/metrics" => "/metrics",
        p if p.starts_with("/.well-known/") => "/.well-known",
        _ => "other",
    }
}

#[cfg(test)]
mod tests {
    use super::route_label;

    #[test]
    fn route_labels_are_a_fixed_set() {
        assert_eq!(route_label("/mcp/"), "/mcp");
        assert_eq!(route_label("/ping"), "health");
        assert_eq!(
            route_label("/.well-known/oauth-protected-resource/mcp"),
            "/.well-known"
        );
        assert_eq!(route_label("/mcp/../../etc/passwd"), "other");
        assert_eq!(route_label("/x"), "other");
    }
}
