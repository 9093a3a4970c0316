//! The legacy HTTP+SSE transport (2024-11-05), which rmcp no longer ships: `GET /sse` opens
//! a stream whose first event names the URL to POST messages to; each POST is answered 202
//! and its reply travels on the stream.

use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use futures_util::StreamExt;
use parking_lot::Mutex;
use serde::Deserialize;
use tokio_stream::wrappers::ReceiverStream;
use tokio_util::sync::CancellationToken;
use zscaler_mcp_server::{MessageSession, ZscalerMcp, verified_caller};

use crate::{HttpOptions, SessionCap};

#[derive(Clone)]
pub struct LegacySse {
    shared: Arc<Shared>,
}

struct Shared {
    server: ZscalerMcp,
    options: HttpOptions,
    shutdown: CancellationToken,
    sessions: Mutex<HashMap<String, Session>>,
    cap: SessionCap,
}

/// Removes the session when its stream is dropped (the client disconnected).
struct SessionGuard {
    id: String,
    shared: Arc<Shared>,
    cancel: CancellationToken,
}

impl Drop for SessionGuard {
    fn drop(&mut self) {
        self.cancel.cancel();
        self.shared.sessions.lock().remove(&self.id);
        self.shared.cap.legacy_closed();
        tracing::debug!(session = %self.id, "legacy SSE session closed");
    }
}

#[derive(Clone)]
struct Session {
    messages: MessageSession,
    /// Who opened the stream; only they may post to it (`None`: no authentication).
    opener: Option<String>,
}

#[derive(Deserialize)]
pub struct SessionQuery {
    #[serde(rename = "sessionId", alias = "session_id")]
    session_id: Option<String>,
}

impl LegacySse {
    pub fn new(
        server: ZscalerMcp,
        options: HttpOptions,
        shutdown: CancellationToken,
        cap: SessionCap,
    ) -> Self {
        LegacySse {
            shared: Arc::new(Shared {
                server,
                options,
                shutdown,
                sessions: Mutex::new(HashMap::new()),
                cap,
            }),
        }
    }

    pub fn routes(&self) -> Router {
        Router::new()
            .route("/sse", get(open_stream))
            .route("/messages", post(post_message))
            .route("/messages/", post(post_message))
            .with_state(self.clone())
    }
}

pub async fn open_stream(State(sse): State<LegacySse>, parts: Parts) -> Response {
    if let Some(full) = sse.shared.cap.refusal().await {
        return full;
    }
    let id = uuid::Uuid::new_v4().simple().to_string();
    let cancel = sse.shared.shutdown.child_token();
    let (session, outbound) = MessageSession::start(sse.shared.server.session(), cancel.clone());
    sse.shared.sessions.lock().insert(
        id.clone(),
        Session {
            messages: session.clone(),
            opener: verified_caller(&parts),
        },
    );
    sse.shared.cap.legacy_opened();
    tracing::debug!(session = %id, "legacy SSE session opened");
    let guard = SessionGuard {
        id: id.clone(),
        shared: sse.shared.clone(),
        cancel: cancel.clone(),
    };
    let endpoint = Event::default()
        .event("endpoint")
        .data(format!("/messages?sessionId={id}"));
    let ended = session.ended().clone().cancelled_owned();
    let messages = ReceiverStream::new(outbound).map(move |message| {
        // The guard lives as long as the stream: dropping the stream ends the session.
        let _ = &guard;
        let data = serde_json::to_string(&message).unwrap_or_default();
        Ok::<_, Infallible>(Event::default().event("message").data(data))
    });
    let stream = futures_util::stream::once(async move { Ok(endpoint) })
        .chain(messages)
        .take_until(ended);
    Sse::new(stream)
        .keep_alive(KeepAlive::new().interval(sse.shared.options.sse_keep_alive))
        .into_response()
}

pub async fn post_message(
    State(sse): State<LegacySse>,
    Query(query): Query<SessionQuery>,
    parts: Parts,
    body: Bytes,
) -> Response {
    let Some(id) = query.session_id else {
        return (StatusCode::BAD_REQUEST, "sessionId is required").into_response();
    };
    let session = sse.shared.sessions.lock().get(&id).cloned();
    // Another caller's session is answered like a missing one: a session id found in a log
    // or a proxy must not let someone else speak in it, nor tell them it exists.
    let Some(session) = session.filter(|s| s.opener == verified_caller(&parts)) else {
        return (StatusCode::NOT_FOUND, "Could not find session").into_response();
    };
    if body.len() > sse.shared.options.max_body_bytes {
        return (StatusCode::PAYLOAD_TOO_LARGE, "request body too large").into_response();
    }
    session.messages.deliver_from(&body, Some(&parts)).await;
    (StatusCode::ACCEPTED, "Accepted").into_response()
}
