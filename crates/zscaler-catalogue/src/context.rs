//! What a running tool can ask of the protocol layer, and what it hands back.

use std::collections::BTreeMap;

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

/// What a client can be asked to do for a tool, as it declares in its capabilities.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClientFeature {
    /// Ask the user to fill a form (`elicitation`).
    Elicitation,
    /// Ask the client's model for a completion (`sampling`).
    Sampling,
    /// List the locations the client exposes (`roots`).
    Roots,
}

impl ClientFeature {
    /// The capability's key in the client's `capabilities`.
    pub fn key(self) -> &'static str {
        match self {
            ClientFeature::Elicitation => "elicitation",
            ClientFeature::Sampling => "sampling",
            ClientFeature::Roots => "roots",
        }
    }
}

/// A question a tool puts to the client, and through it to the user or the user's model.
#[derive(Debug, Clone, PartialEq)]
pub enum Question {
    /// A flat form for the user (`schema` is a JSON Schema object).
    Elicit { message: String, schema: Value },
    /// A completion of `prompt` by the client's model.
    Sample { prompt: String, max_tokens: u32 },
    /// The client's roots.
    Roots,
}

impl Question {
    /// The client capability the question needs.
    pub fn feature(&self) -> ClientFeature {
        match self {
            Question::Elicit { .. } => ClientFeature::Elicitation,
            Question::Sample { .. } => ClientFeature::Sampling,
            Question::Roots => ClientFeature::Roots,
        }
    }
}

/// One location the client exposes.
#[derive(Debug, Clone, PartialEq)]
pub struct Root {
    pub uri: String,
    pub name: Option<String>,
}

/// The client's answer to a [`Question`], of the matching kind.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    Elicited(Elicited),
    Sampled(String),
    Roots(Vec<Root>),
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

    /// Who is calling, for binding confirmation tokens: the authenticated principal, else the
    /// session. Tokens issued to one caller are refused for another.
    fn caller(&self) -> String {
        "local".to_owned()
    }

    /// Whether the client declared it can answer questions needing `feature`.
    fn supports(&self, feature: ClientFeature) -> bool {
        let _ = feature;
        false
    }

    /// Asks the client every question at once; the answers come back under the same keys.
    ///
    /// A session-era client is asked right away, one request per question. A 2026-07-28
    /// client is asked by returning the questions: the call fails with
    /// [`ToolError::InputRequired`], the client answers and repeats the request, and the tool
    /// runs again from the start with the answers at hand. A tool that asks must therefore do
    /// nothing it cannot repeat before it asks.
    fn ask(
        &self,
        questions: Vec<(String, Question)>,
    ) -> BoxFuture<'_, Result<BTreeMap<String, Answer>, ToolError>> {
        Box::pin(async move {
            let mut answers = BTreeMap::new();
            for (key, question) in questions {
                let answer = match question {
                    Question::Elicit { message, schema } => {
                        Answer::Elicited(self.elicit(message, schema).await?)
                    }
                    Question::Sample { prompt, max_tokens } => {
                        Answer::Sampled(self.sample(prompt, max_tokens).await?)
                    }
                    Question::Roots => {
                        return Err(ToolError::MissingCapability(ClientFeature::Roots));
                    }
                };
                answers.insert(key, answer);
            }
            Ok(answers)
        })
    }

    /// True when this call continues an earlier round of the same request whose state the
    /// server handed out and has verified (2026-07-28 multi round-trip requests).
    fn resumed(&self) -> bool {
        false
    }
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
