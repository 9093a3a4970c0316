//! Running the router: TCP_NODELAY on every accepted socket (an SSE reply is several writes;
//! with Nagle and delayed ACKs each costs ~40 ms) and a shutdown that lets in-flight requests
//! finish before open streams are closed.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use axum::Router;
use axum::serve::ListenerExt;
use thiserror::Error;
use tokio::net::TcpListener;
use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;

#[derive(Debug, Error)]
pub enum ServeError {
    #[error("HTTP server failed: {0}")]
    Io(#[from] std::io::Error),
}

/// Counts requests being answered, so shutdown can wait for them.
#[derive(Clone, Default)]
pub struct InFlight {
    count: Arc<AtomicUsize>,
    idle: Arc<Notify>,
}

/// Held while a request is answered.
pub struct InFlightGuard(InFlight);

impl InFlight {
    pub fn enter(&self) -> InFlightGuard {
        self.count.fetch_add(1, Ordering::AcqRel);
        InFlightGuard(self.clone())
    }

    pub fn current(&self) -> usize {
        self.count.load(Ordering::Acquire)
    }

    /// Waits until no request is in flight.
    pub async fn drained(&self) {
        loop {
            let notified = self.idle.notified();
            if self.current() == 0 {
                return;
            }
            notified.await;
        }
    }
}

impl Drop for InFlightGuard {
    fn drop(&mut self) {
        if self.0.count.fetch_sub(1, Ordering::AcqRel) == 1 {
            self.0.idle.notify_waiters();
        }
    }
}

/// Serves `app` on `listener` until `shutdown` fires; then stops accepting, waits up to
/// `drain` for in-flight requests, and cancels `streams` (open SSE streams and sessions).
pub async fn serve(
    listener: TcpListener,
    app: Router,
    shutdown: CancellationToken,
    streams: CancellationToken,
    inflight: InFlight,
    drain: Duration,
) -> Result<(), ServeError> {
    let listener = listener.tap_io(|tcp| {
        if let Err(error) = tcp.set_nodelay(true) {
            tracing::debug!(%error, "could not set TCP_NODELAY");
        }
    });
    let closer = {
        let shutdown = shutdown.clone();
        let streams = streams.clone();
        tokio::spawn(async move {
            shutdown.cancelled().await;
            if tokio::time::timeout(drain, inflight.drained())
                .await
                .is_err()
            {
                tracing::warn!(
                    in_flight = inflight.current(),
                    "shutdown: requests still running after the drain period; closing them"
                );
            }
            streams.cancel();
        })
    };
    let result = axum::serve(listener, app)
        .with_graceful_shutdown(async move { shutdown.cancelled().await })
        .await;
    streams.cancel();
    closer.abort();
    result.map_err(ServeError::from)
}
