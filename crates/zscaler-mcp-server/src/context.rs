//! The catalogue's `ToolContext`, backed by the rmcp peer of the request being served.

use futures_util::future::BoxFuture;
use rmcp::RoleServer;
use rmcp::model::{
    CreateMessageRequestParams, ElicitRequestParams, ElicitationAction, ElicitationSchema,
    LoggingLevel, LoggingMessageNotificationParam, ProgressNotificationParam, ProgressToken,
    SamplingMessage,
};
use rmcp::service::{ElicitationMode, Peer, RequestContext};
use serde_json::Value;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;
use zscaler_catalogue::{Elicited, LogLevel, ToolContext, ToolError};
use zscaler_oneapi::OneApiClient;

enum Note {
    Progress(ProgressNotificationParam),
    Log(LoggingMessageNotificationParam),
}

pub fn level(level: LogLevel) -> LoggingLevel {
    match level {
        LogLevel::Debug => LoggingLevel::Debug,
        LogLevel::Info => LoggingLevel::Info,
        LogLevel::Notice => LoggingLevel::Notice,
        LogLevel::Warning => LoggingLevel::Warning,
        LogLevel::Error => LoggingLevel::Error,
        LogLevel::Critical => LoggingLevel::Critical,
        LogLevel::Alert => LoggingLevel::Alert,
        LogLevel::Emergency => LoggingLevel::Emergency,
    }
}

fn severity(level: LoggingLevel) -> u8 {
    match level {
        LoggingLevel::Debug => 0,
        LoggingLevel::Info => 1,
        LoggingLevel::Notice => 2,
        LoggingLevel::Warning => 3,
        LoggingLevel::Error => 4,
        LoggingLevel::Critical => 5,
        LoggingLevel::Alert => 6,
        LoggingLevel::Emergency => 7,
    }
}

/// One tool call's view of the client. Progress and log notifications go through one queue
/// drained by one task, so they arrive in order and before the result ([`Self::finish`]).
pub struct CallContext<'a> {
    client: Option<&'a OneApiClient>,
    peer: Peer<RoleServer>,
    cancellation: CancellationToken,
    progress_token: Option<ProgressToken>,
    /// The least severe log level the client wants; `None` sends no logs.
    min_log_level: Option<LoggingLevel>,
    notes: mpsc::UnboundedSender<Note>,
    forwarder: JoinHandle<()>,
}

impl<'a> CallContext<'a> {
    pub fn new(
        client: Option<&'a OneApiClient>,
        request: &RequestContext<RoleServer>,
        min_log_level: Option<LoggingLevel>,
    ) -> CallContext<'a> {
        let (notes, mut queue) = mpsc::unbounded_channel::<Note>();
        let peer = request.peer.clone();
        let forwarder = tokio::spawn(async move {
            while let Some(note) = queue.recv().await {
                // A client that went away cannot be told; the call's own result reports that.
                let _ = match note {
                    Note::Progress(p) => peer.notify_progress(p).await,
                    #[allow(deprecated)]
                    Note::Log(l) => peer.notify_logging_message(l).await,
                };
            }
        });
        CallContext {
            client,
            peer: request.peer.clone(),
            cancellation: request.ct.clone(),
            progress_token: request.meta.get_progress_token(),
            min_log_level,
            notes,
            forwarder,
        }
    }

    /// Waits until every queued notification has been handed to the transport.
    pub async fn finish(self) {
        drop(self.notes);
        let _ = self.forwarder.await;
    }
}

impl ToolContext for CallContext<'_> {
    fn client(&self) -> Result<&OneApiClient, ToolError> {
        self.client.ok_or(ToolError::NotConfigured)
    }

    fn cancellation(&self) -> &CancellationToken {
        &self.cancellation
    }

    fn progress(&self, progress: f64, total: Option<f64>, message: Option<String>) {
        let Some(token) = &self.progress_token else {
            return;
        };
        let mut note = ProgressNotificationParam::new(token.clone(), progress);
        if let Some(total) = total {
            note = note.with_total(total);
        }
        if let Some(message) = message {
            note = note.with_message(message);
        }
        let _ = self.notes.send(Note::Progress(note));
    }

    fn log(&self, log_level: LogLevel, logger: &'static str, data: Value) {
        let log_level = level(log_level);
        match self.min_log_level {
            Some(min) if severity(log_level) >= severity(min) => {
                let note =
                    LoggingMessageNotificationParam::new(log_level, data).with_logger(logger);
                let _ = self.notes.send(Note::Log(note));
            }
            _ => {}
        }
    }

    fn elicit(&self, message: String, schema: Value) -> BoxFuture<'_, Result<Elicited, ToolError>> {
        Box::pin(async move {
            if !self
                .peer
                .supported_elicitation_modes()
                .contains(&ElicitationMode::Form)
            {
                return Err(ToolError::Client(
                    "this MCP client does not support elicitation (asking the user for input)"
                        .into(),
                ));
            }
            let requested_schema: ElicitationSchema = serde_json::from_value(schema)
                .map_err(|e| ToolError::Client(format!("elicitation form is invalid: {e}")))?;
            let params = ElicitRequestParams::FormElicitationParams {
                meta: None,
                message,
                requested_schema,
            };
            let answer = self
                .peer
                .create_elicitation(params)
                .await
                .map_err(|e| ToolError::Client(format!("elicitation failed: {e}")))?;
            Ok(match answer.action {
                ElicitationAction::Accept => {
                    Elicited::Accepted(answer.content.unwrap_or(Value::Object(Default::default())))
                }
                ElicitationAction::Decline => Elicited::Declined,
                _ => Elicited::Cancelled,
            })
        })
    }

    fn sample(&self, prompt: String, max_tokens: u32) -> BoxFuture<'_, Result<String, ToolError>> {
        Box::pin(async move {
            let params = CreateMessageRequestParams::new(
                vec![SamplingMessage::user_text(prompt)],
                max_tokens,
            );
            #[allow(deprecated)]
            let answer = self
                .peer
                .create_message(params)
                .await
                .map_err(|e| ToolError::Client(format!("sampling failed: {e}")))?;
            Ok(answer
                .message
                .content
                .first()
                .and_then(|c| c.as_text())
                .map(|t| t.text.clone())
                .unwrap_or_default())
        })
    }
}
