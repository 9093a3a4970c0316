//! Running the router: our own accept loop over hyper-util's connection builder (HTTP/1.1 and
//! HTTP/2 on one port, chosen by the client's preface or TLS ALPN), with
//! - optional in-process TLS and mutual TLS ([`crate::tls`]);
//! - the peer address (`ConnectInfo<SocketAddr>`) and, under mutual TLS, the verified client
//!   certificate ([`PeerCertificate`]) in every request's extensions;
//! - limits for slow and idle clients ([`ServeOptions`]): a TLS handshake timeout, an HTTP/1
//!   header-read timeout, an idle timeout, and a cap on open connections;
//! - TCP_NODELAY on every accepted socket (an SSE reply is several writes; with Nagle and
//!   delayed ACKs each costs ~40 ms);
//! - a shutdown that stops accepting, lets in-flight requests finish, then closes open streams.

use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::Router;
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use hyper_util::server::graceful::{GracefulShutdown, Watcher};
use thiserror::Error;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Notify, Semaphore};
use tokio::time::Instant;
use tokio_rustls::TlsAcceptor;
use tokio_rustls::server::TlsStream;
use tokio_util::sync::CancellationToken;
use tower::ServiceExt;

use crate::tls::{PeerCertificate, TlsAcceptorHandle};

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

/// How the listener treats connections. A zero duration turns that timeout off.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Serve HTTPS with this configuration (reloadable; see [`TlsAcceptorHandle::reload`]);
    /// `None` serves plain HTTP.
    pub tls: Option<TlsAcceptorHandle>,
    /// HTTP/1: a request line and headers must arrive within this time of the server starting
    /// to wait for them, or the connection is closed (slowloris). hyper starts this clock when
    /// it begins waiting for the next request, so it also bounds how long an HTTP/1 keep-alive
    /// connection may sit idle between requests. Default 10 s.
    pub header_read_timeout: Duration,
    /// A TLS handshake must finish within this time of the connection being accepted.
    /// Default 10 s.
    pub tls_handshake_timeout: Duration,
    /// A connection with no bytes read or written for this long, and no request being
    /// answered, is closed. SSE streams send a keep-alive comment every 15 s, so they stay
    /// open. Default 120 s.
    pub idle_timeout: Duration,
    /// Open connections at most (at least 1). At the limit the server stops accepting: new
    /// connections wait in the kernel's accept backlog (and are refused by the kernel once it
    /// is full) until an open one closes. Default 1024.
    pub max_connections: usize,
}

impl Default for ServeOptions {
    fn default() -> Self {
        ServeOptions {
            tls: None,
            header_read_timeout: Duration::from_secs(10),
            tls_handshake_timeout: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(120),
            max_connections: 1024,
        }
    }
}

/// After open streams are cancelled at shutdown, how long connections get to close before they
/// are dropped.
const CLOSE_GRACE: Duration = Duration::from_secs(2);

/// What every connection task shares.
struct Shared {
    app: Router,
    builder: auto::Builder<TokioExecutor>,
    tls: Option<TlsAcceptorHandle>,
    tls_handshake_timeout: Duration,
    idle_timeout: Duration,
    /// Cancelled when shutdown gives up waiting: drops every connection still open.
    abort: CancellationToken,
}

/// Serves `app` on `listener` until `shutdown` fires; then stops accepting, waits up to
/// `drain` for in-flight requests, and cancels `streams` (open SSE streams and sessions).
/// Connections still open shortly after that are dropped.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    shutdown: CancellationToken,
    streams: CancellationToken,
    inflight: InFlight,
    drain: Duration,
    options: ServeOptions,
) -> Result<(), ServeError> {
    let limit = Arc::new(Semaphore::new(options.max_connections.max(1)));
    let graceful = GracefulShutdown::new();
    let abort = CancellationToken::new();
    let shared = Arc::new(Shared {
        app,
        builder: connection_builder(&options),
        tls: options.tls,
        tls_handshake_timeout: options.tls_handshake_timeout,
        idle_timeout: options.idle_timeout,
        abort: abort.clone(),
    });
    loop {
        let permit = tokio::select! {
            biased;
            () = shutdown.cancelled() => break,
            permit = limit.clone().acquire_owned() => match permit {
                Ok(permit) => permit,
                Err(_) => break,
            },
        };
        let (tcp, peer) = tokio::select! {
            biased;
            () = shutdown.cancelled() => break,
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    accept_failed(error).await;
                    continue;
                }
            },
        };
        if let Err(error) = tcp.set_nodelay(true) {
            tracing::debug!(%error, "could not set TCP_NODELAY");
        }
        let watcher = graceful.watcher();
        let shared = shared.clone();
        tokio::spawn(async move {
            let _permit = permit;
            tokio::select! {
                () = shared.abort.cancelled() => {}
                () = connection(tcp, peer, &shared, watcher) => {}
            }
        });
    }
    drop(listener);
    close(graceful, streams, inflight, drain).await;
    abort.cancel();
    Ok(())
}

fn connection_builder(options: &ServeOptions) -> auto::Builder<TokioExecutor> {
    let mut builder = auto::Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .keep_alive(true)
        .header_read_timeout(nonzero(options.header_read_timeout));
    builder.http2().timer(TokioTimer::new());
    builder
}

fn nonzero(limit: Duration) -> Option<Duration> {
    (!limit.is_zero()).then_some(limit)
}

/// Errors of `accept` are about one connection (it was reset before we took it) or about the
/// process (out of file descriptors); neither should stop the server. The second kind gets a
/// pause so the loop does not spin.
async fn accept_failed(error: io::Error) {
    match error.kind() {
        io::ErrorKind::ConnectionAborted
        | io::ErrorKind::ConnectionReset
        | io::ErrorKind::ConnectionRefused
        | io::ErrorKind::Interrupted => {
            tracing::debug!(%error, "accept: connection lost before it was taken");
        }
        _ => {
            tracing::error!(%error, "accept failed; retrying shortly");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

/// The ordered shutdown: every connection is asked to finish its current request and close
/// (HTTP/2 gets GOAWAY); in-flight requests get up to `drain`; then open streams are
/// cancelled so their connections can close too.
async fn close(
    graceful: GracefulShutdown,
    streams: CancellationToken,
    inflight: InFlight,
    drain: Duration,
) {
    let all_closed = graceful.shutdown();
    tokio::pin!(all_closed);
    let drained = tokio::select! {
        () = &mut all_closed => {
            streams.cancel();
            return;
        }
        drained = tokio::time::timeout(drain, inflight.drained()) => drained.is_ok(),
    };
    if !drained {
        tracing::warn!(
            in_flight = inflight.current(),
            "shutdown: requests still running after the drain period; closing them"
        );
    }
    streams.cancel();
    if tokio::time::timeout(CLOSE_GRACE, &mut all_closed)
        .await
        .is_err()
    {
        tracing::debug!("shutdown: dropping connections that did not close");
    }
}

/// One accepted connection, from handshake to close.
async fn connection(tcp: TcpStream, peer: SocketAddr, shared: &Shared, watcher: Watcher) {
    let activity = Activity::new();
    let io = Tracked {
        inner: tcp,
        activity: activity.clone(),
    };
    let serve = async {
        match &shared.tls {
            None => drive(io, peer, None, shared, watcher, &activity).await,
            Some(tls) => {
                let Some(stream) = handshake(io, tls, shared.tls_handshake_timeout, peer).await
                else {
                    return;
                };
                let certificate = stream
                    .get_ref()
                    .1
                    .peer_certificates()
                    .and_then(|chain| chain.first())
                    .map(|leaf| PeerCertificate::from_der(leaf));
                drive(stream, peer, certificate, shared, watcher, &activity).await;
            }
        }
    };
    tokio::select! {
        () = serve => {}
        () = activity.idle(shared.idle_timeout) => {
            tracing::debug!(%peer, "closing idle connection");
        }
    }
}

/// The TLS handshake, bounded in time. A client speaking plain HTTP gets a 400 saying so.
async fn handshake(
    io: Tracked<TcpStream>,
    tls: &TlsAcceptorHandle,
    limit: Duration,
    peer: SocketAddr,
) -> Option<TlsStream<Tracked<TcpStream>>> {
    let attempt = async {
        let mut first = [0u8; 1];
        let read = io.inner.peek(&mut first).await?;
        // A TLS connection starts with a handshake record (0x16); an HTTP/1 request with a
        // method name.
        if read == 1 && first[0].is_ascii_uppercase() {
            return Ok(Err(io));
        }
        TlsAcceptor::from(tls.current()).accept(io).await.map(Ok)
    };
    let outcome = match nonzero(limit) {
        Some(limit) => match tokio::time::timeout(limit, attempt).await {
            Ok(outcome) => outcome,
            Err(_) => {
                tracing::debug!(%peer, "TLS handshake timed out");
                return None;
            }
        },
        None => attempt.await,
    };
    match outcome {
        Ok(Ok(stream)) => Some(stream),
        Ok(Err(plain)) => {
            tracing::debug!(%peer, "plain HTTP on the TLS port");
            refuse_plain_http(plain.inner).await;
            None
        }
        Err(error) => {
            tracing::debug!(%peer, %error, "TLS handshake failed");
            None
        }
    }
}

/// Answers a plain-HTTP request on the TLS port with a 400 and closes.
async fn refuse_plain_http(mut tcp: TcpStream) {
    const BODY: &str = "This port serves HTTPS: use an https:// URL.\n";
    let response = format!(
        "HTTP/1.1 400 Bad Request\r\ncontent-type: text/plain; charset=utf-8\r\n\
         content-length: {}\r\nconnection: close\r\n\r\n{BODY}",
        BODY.len()
    );
    let answer = async {
        tcp.write_all(response.as_bytes()).await?;
        tcp.shutdown().await?;
        // Read what the client sent so closing does not reset the connection before it has
        // read the answer.
        let mut sink = [0u8; 4096];
        let mut total = 0;
        while total < 64 * 1024 {
            let read = tcp.read(&mut sink).await?;
            if read == 0 {
                break;
            }
            total += read;
        }
        io::Result::Ok(())
    };
    let _ = tokio::time::timeout(Duration::from_secs(2), answer).await;
}

/// Serves HTTP on an established (plain or TLS) stream until it closes or shutdown asks it to.
async fn drive<I>(
    io: I,
    peer: SocketAddr,
    certificate: Option<PeerCertificate>,
    shared: &Shared,
    watcher: Watcher,
    activity: &Activity,
) where
    I: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let app = shared.app.clone();
    let activity = activity.clone();
    let service = service_fn(move |mut request: hyper::Request<Incoming>| {
        request.extensions_mut().insert(ConnectInfo(peer));
        if let Some(certificate) = &certificate {
            request.extensions_mut().insert(certificate.clone());
        }
        let busy = activity.busy();
        let app = app.clone();
        async move {
            let response = app.oneshot(request).await;
            drop(busy);
            response
        }
    });
    let connection = shared
        .builder
        .serve_connection(TokioIo::new(io), service)
        .into_owned();
    if let Err(error) = watcher.watch(connection).await {
        tracing::debug!(%peer, %error, "connection ended with an error");
    }
}

/// When a connection last moved a byte, and how many of its requests are being answered.
#[derive(Clone)]
struct Activity(Arc<ActivityState>);

struct ActivityState {
    origin: Instant,
    /// Milliseconds after `origin` of the last byte read or written.
    last: AtomicU64,
    busy: AtomicUsize,
}

/// Held while a request's handler runs: a slow handler is not idleness.
struct Busy(Activity);

impl Activity {
    fn new() -> Self {
        Activity(Arc::new(ActivityState {
            origin: Instant::now(),
            last: AtomicU64::new(0),
            busy: AtomicUsize::new(0),
        }))
    }

    fn touch(&self) {
        let elapsed = u64::try_from(self.0.origin.elapsed().as_millis()).unwrap_or(u64::MAX);
        self.0.last.store(elapsed, Ordering::Relaxed);
    }

    fn last(&self) -> Instant {
        self.0.origin + Duration::from_millis(self.0.last.load(Ordering::Relaxed))
    }

    fn busy(&self) -> Busy {
        self.0.busy.fetch_add(1, Ordering::AcqRel);
        Busy(self.clone())
    }

    /// Completes once the connection has been idle for `limit`; never if `limit` is zero.
    async fn idle(&self, limit: Duration) {
        if limit.is_zero() {
            return std::future::pending().await;
        }
        loop {
            tokio::time::sleep_until(self.last() + limit).await;
            if self.0.busy.load(Ordering::Acquire) > 0 {
                self.touch();
            } else if self.last() + limit <= Instant::now() {
                return;
            }
        }
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        self.0.0.busy.fetch_sub(1, Ordering::AcqRel);
        self.0.touch();
    }
}

/// A socket that records its traffic in an [`Activity`].
struct Tracked<T> {
    inner: T,
    activity: Activity,
}

impl<T: AsyncRead + Unpin> AsyncRead for Tracked<T> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let polled = Pin::new(&mut self.inner).poll_read(cx, buf);
        if matches!(polled, Poll::Ready(Ok(()))) && buf.filled().len() > before {
            self.activity.touch();
        }
        polled
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for Tracked<T> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let polled = Pin::new(&mut self.inner).poll_write(cx, buf);
        if matches!(polled, Poll::Ready(Ok(written)) if written > 0) {
            self.activity.touch();
        }
        polled
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let polled = Pin::new(&mut self.inner).poll_write_vectored(cx, bufs);
        if matches!(polled, Poll::Ready(Ok(written)) if written > 0) {
            self.activity.touch();
        }
        polled
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}
