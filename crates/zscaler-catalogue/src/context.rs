//! What a running tool can ask of the protocol layer, and what it hands back.

use futures_util::future::BoxFuture;
use serde_json::Value;
use tokio_util::sync::CancellationToken;
use zscaler_oneapi::OneApiClient;

use crate::error::ToolError;

/// RFC 5424 severities, as MCP logging uses them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum LogLevel {
    Debug,
    Info,
    Notice,
    Warning,
    Error,
    Critical,
    Alert,
    Emergency,
}

/// A user's answer to an elicitation.
#[derive(Debug, Clone, PartialEq)]
pub enum Elicited {
    Accepted(Value),
    Declined,
    Cancelled,
}

/// The protocol layer's side of a tool call.
///
/// `progress` and `log` are fire-and-forget and keep their order: the implementation queues
/// them and delivers them before the call's result.
pub trait ToolContext: Send + Sync {
    /// The OneAPI client, or why there is none (no credentials configured).
    fn client(&self) -> Result<&OneApiClient, ToolError>;
    /// Cancelled when the client cancels the request or the transport goes away.
    fn cancellation(&self) -> &CancellationToken;
    /// Reports progress when the client asked for it (a progress token); otherwise a no-op.
    fn progress(&self, progress: f64, total: Option<f64>, message: Option<String>);
    /// Sends a log notification when the client's level lets it through.
    fn log(&self, level: LogLevel, logger: &'static str, data: Value);
    /// Asks the user to fill a flat form (`schema` is a JSON Schema object).
    fn elicit(&self, message: String, schema: Value) -> BoxFuture<'_, Result<Elicited, ToolError>>;
    /// Asks the client's model to complete `prompt`; returns its text.
    fn sample(&self, prompt: String, max_tokens: u32) -> BoxFuture<'_, Result<String, ToolError>>;
}

/// One block of a tool result.
#[derive(Debug, Clone, PartialEq)]
pub enum Content {
    Text(String),
    Image {
        data_base64: String,
        mime_type: String,
    },
    Audio {
        data_base64: String,
        mime_type: String,
    },
    /// An embedded text resource.
    Resource {
        uri: String,
        mime_type: String,
        text: String,
    },
}

/// A tool's result: content blocks, optional structured content, and whether it failed.
#[derive(Debug, Clone, PartialEq)]
pub struct ToolOutput {
    pub content: Vec<Content>,
    pub structured: Option<Value>,
    pub is_error: bool,
}

impl ToolOutput {
    /// A structured result, mirrored as JSON text for clients that read only `content`.
    pub fn structured(value: Value) -> ToolOutput {
        let text = serde_json::to_string(&value).unwrap_or_default();
        ToolOutput {
            content: vec![Content::Text(text)],
            structured: Some(value),
            is_error: false,
        }
    }

    pub fn text(text: impl Into<String>) -> ToolOutput {
        ToolOutput::content(vec![Content::Text(text.into())])
    }

    pub fn content(content: Vec<Content>) -> ToolOutput {
        ToolOutput {
            content,
            structured: None,
            is_error: false,
        }
    }

    /// A failed call, told to the agent so it can correct itself.
    pub fn error(text: impl Into<String>) -> ToolOutput {
        ToolOutput {
            content: vec![Content::Text(text.into())],
            structured: None,
            is_error: true,
        }
    }
}
