//! The tower layer that puts an [`Authenticator`] in front of an axum router, and the router
//! that serves RFC 9728 metadata.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use axum::Router;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use http::header::CACHE_CONTROL;
use http::{Method, Request};
use tower::{Layer, Service};

use crate::authenticator::Authenticator;

/// Paths answered without authentication (health probes).
pub const SKIPPED_PATHS: &[&str] = &["/health", "/healthz", "/ready", "/ping"];

/// Discovery documents, public by definition: they tell a client how to authenticate.
const SKIPPED_PREFIXES: &[&str] = &[
    "/.well-known/oauth-protected-resource",
    "/.well-known/oauth-authorization-server",
    "/.well-known/openid-configuration",
];

fn skipped(path: &str) -> bool {
    SKIPPED_PATHS.contains(&path)
        || SKIPPED_PREFIXES.iter().any(|prefix| {
            path.strip_prefix(prefix)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
        })
}

/// Authenticates every request except health probes, discovery documents and `OPTIONS`
/// preflights (CORS runs outside). On success the [`Principal`](crate::Principal) is in the
/// request extensions; on refusal the answer is the [`Rejection`](crate::Rejection): its status,
/// `WWW-Authenticate`, and a JSON-RPC error body.
#[derive(Clone, Debug)]
pub struct AuthLayer {
    auth: Authenticator,
}

impl AuthLayer {
    pub fn new(auth: Authenticator) -> AuthLayer {
        AuthLayer { auth }
    }
}

impl<S> Layer<S> for AuthLayer {
    type Service = AuthService<S>;

    fn layer(&self, inner: S) -> AuthService<S> {
        AuthService {
            auth: self.auth.clone(),
            inner,
        }
    }
}

/// The service [`AuthLayer`] wraps around an inner service.
#[derive(Clone, Debug)]
pub struct AuthService<S> {
    auth: Authenticator,
    inner: S,
}

impl<S, B> Service<Request<B>> for AuthService<S>
where
    S: Service<Request<B>, Response = Response> + Clone + Send + 'static,
    S::Future: Send + 'static,
    B: Send + 'static,
{
    type Response = Response;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Response, S::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut request: Request<B>) -> Self::Future {
        // Call the instance that was polled ready; leave a fresh clone in its place.
        let clone = self.inner.clone();
        let mut inner = std::mem::replace(&mut self.inner, clone);
        if request.method() == Method::OPTIONS || skipped(request.uri().path()) {
            return Box::pin(inner.call(request));
        }
        let auth = self.auth.clone();
        Box::pin(async move {
            match auth.authenticate(request.headers()).await {
                Ok(principal) => {
                    request.extensions_mut().insert(principal);
                    inner.call(request).await
                }
                Err(rejection) => Ok(rejection.into_response()),
            }
        })
    }
}

/// GET `/.well-known/oauth-protected-resource` and its path-suffixed forms (the resource's
/// path, and `/mcp`) in oidc mode; an empty router otherwise. Merge it into the app; the
/// [`AuthLayer`] lets these paths through.
pub fn metadata_router(auth: &Authenticator) -> Router {
    let mut router = Router::new();
    let Some(document) = auth.protected_resource_metadata() else {
        return router;
    };
    let document = Arc::new(document);
    for path in auth.metadata_paths() {
        let document = Arc::clone(&document);
        router = router.route(
            path,
            get(move || {
                let document = Arc::clone(&document);
                async move {
                    (
                        [(CACHE_CONTROL, "public, max-age=3600")],
                        axum::Json((*document).clone()),
                    )
                }
            }),
        );
    }
    router
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_probes_and_discovery_documents_are_skipped() {
        for path in [
            "/health",
            "/healthz",
            "/ready",
            "/ping",
            "/.well-known/oauth-protected-resource",
            "/.well-known/oauth-protected-resource/mcp",
            "/.well-known/oauth-authorization-server",
            "/.well-known/openid-configuration",
        ] {
            assert!(skipped(path), "{path}");
        }
        for path in [
            "/mcp",
            "/sse",
            "/messages",
            "/health/x",
            "/healthcheck",
            "/.well-known/oauth-protected-resourcex",
            "/.well-known/other",
            "/",
        ] {
            assert!(!skipped(path), "{path}");
        }
    }
}
