//! A message-stream session (stdio, legacy SSE): raw JSON-RPC in, rmcp messages out.
//!
//! rmcp's own framing answers malformed input by ending the session, and a notification sent
//! before `initialize` makes its handshake fail. Here every inbound message is checked first
//! ([`crate::wire`]); what is wrong is answered with a JSON-RPC error on the outbound stream,
//! and stray pre-initialize notifications are dropped, so the session survives bad input.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use rmcp::model::{ClientJsonRpcMessage, GetExtensions, ServerJsonRpcMessage};
use rmcp::service::serve_server_with_ct;
use serde_json::Value;
use tokio::sync::{Notify, mpsc};
use tokio_stream::wrappers::ReceiverStream;
use tokio_util::sync::{CancellationToken, PollSender};

use crate::ZscalerMcp;
use crate::wire::{INVALID_PARAMS, Kind, PARSE_ERROR, classify, error_message};

const QUEUE: usize = 64;

/// The inbound side of a running session. Cheap to clone.
#[derive(Clone)]
pub struct MessageSession {
    inbound: mpsc::Sender<ClientJsonRpcMessage>,
    outbound: mpsc::Sender<ServerJsonRpcMessage>,
    initialized: Arc<AtomicBool>,
    ended: CancellationToken,
    /// Requests handed to rmcp and not yet answered.
    pending: Arc<Pending>,
}

#[derive(Default)]
struct Pending {
    count: AtomicUsize,
    idle: Notify,
}

impl MessageSession {
    /// Starts serving `server` until `cancel` fires or the session ends. Read outbound
    /// messages from the returned receiver.
    pub fn start(
        server: ZscalerMcp,
        cancel: CancellationToken,
    ) -> (MessageSession, mpsc::Receiver<ServerJsonRpcMessage>) {
        let (inbound, inbound_rx) = mpsc::channel::<ClientJsonRpcMessage>(QUEUE);
        let (outbound, outbound_rx) = mpsc::channel::<ServerJsonRpcMessage>(QUEUE);
        let ended = CancellationToken::new();
        let transport = (
            PollSender::new(outbound.clone()),
            ReceiverStream::new(inbound_rx),
        );
        let done = ended.clone();
        tokio::spawn(async move {
            match serve_server_with_ct(server, transport, cancel).await {
                Ok(running) => {
                    let _ = running.waiting().await;
                }
                Err(error) => tracing::debug!(%error, "MCP session ended before initialize"),
            }
            done.cancel();
        });
        let session = MessageSession {
            inbound,
            outbound,
            initialized: Arc::new(AtomicBool::new(false)),
            ended,
            pending: Arc::default(),
        };
        (session, outbound_rx)
    }

    /// Records that `message` is on its way to the client; call for every outbound message.
    pub fn sent(&self, message: &ServerJsonRpcMessage) {
        let answers = matches!(
            message,
            ServerJsonRpcMessage::Response(_) | ServerJsonRpcMessage::Error(_)
        );
        if answers
            && self
                .pending
                .count
                .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| n.checked_sub(1))
                == Ok(1)
        {
            self.pending.idle.notify_waiters();
        }
    }

    /// Waits until every request handed to the server has been answered (see [`Self::sent`]).
    pub async fn drained(&self) {
        loop {
            let notified = self.pending.idle.notified();
            if self.pending.count.load(Ordering::Acquire) == 0 {
                return;
            }
            notified.await;
        }
    }

    /// Fires when the session has ended (the client went away, or cancellation).
    pub fn ended(&self) -> &CancellationToken {
        &self.ended
    }

    async fn reply(&self, error: Value) {
        match serde_json::from_value::<ServerJsonRpcMessage>(error) {
            Ok(message) => {
                let _ = self.outbound.send(message).await;
            }
            Err(e) => tracing::warn!(error = %e, "could not encode a JSON-RPC error"),
        }
    }

    /// Delivers one frame of raw bytes (one message, or a batch).
    pub async fn deliver(&self, raw: &[u8]) {
        self.deliver_from(raw, None).await;
    }

    /// Delivers one frame that arrived in an HTTP request (legacy SSE): its requests see the
    /// request's `parts` (headers, the authenticated principal) as a streamable HTTP request
    /// would.
    pub async fn deliver_from(&self, raw: &[u8], parts: Option<&http::request::Parts>) {
        match serde_json::from_slice::<Value>(raw) {
            Ok(Value::Array(batch)) if !batch.is_empty() => {
                for message in batch {
                    self.deliver_message(message, parts).await;
                }
            }
            Ok(message) => self.deliver_message(message, parts).await,
            Err(e) => {
                self.reply(error_message(
                    None,
                    PARSE_ERROR,
                    format!("Parse error: {e}"),
                ))
                .await
            }
        }
    }

    /// Delivers one parsed message.
    pub async fn deliver_value(&self, message: Value) {
        self.deliver_message(message, None).await;
    }

    async fn deliver_message(&self, message: Value, parts: Option<&http::request::Parts>) {
        let kind = match classify(&message) {
            Ok(kind) => kind,
            Err((id, code, reason)) => return self.reply(error_message(id, code, reason)).await,
        };
        let is_initialize = message.get("method").and_then(Value::as_str) == Some("initialize");
        if is_initialize {
            self.initialized.store(true, Ordering::Release);
        } else if !self.initialized.load(Ordering::Acquire) && !matches!(kind, Kind::Request(_)) {
            // Before the handshake only requests get an answer; rmcp would end the session.
            tracing::debug!("dropping a notification sent before initialize");
            return;
        }
        let id = match &kind {
            Kind::Request(id) => Some(id.clone()),
            _ => None,
        };
        match serde_json::from_value::<ClientJsonRpcMessage>(message) {
            Ok(mut message) => {
                if let (ClientJsonRpcMessage::Request(request), Some(parts)) = (&mut message, parts)
                {
                    request.request.extensions_mut().insert(parts.clone());
                }
                if id.is_some() {
                    self.pending.count.fetch_add(1, Ordering::AcqRel);
                }
                if self.inbound.send(message).await.is_err() {
                    tracing::debug!("message for an ended session dropped");
                }
            }
            Err(e) if id.is_some() => {
                self.reply(error_message(
                    id,
                    INVALID_PARAMS,
                    format!("Invalid params: {e}"),
                ))
                .await
            }
            Err(e) => tracing::debug!(error = %e, "undecodable notification dropped"),
        }
    }
}
