//! Why a tool call did not produce a result.

use thiserror::Error;

use crate::context::{ClientFeature, Question};

#[derive(Debug, Error)]
pub enum ToolError {
    /// An argument is missing, of the wrong type, or not one the tool takes.
    #[error("invalid argument `{field}`: {reason}")]
    InvalidArgument { field: String, reason: String },
    /// The OneAPI answered with an error (or could not be reached).
    #[error(transparent)]
    Upstream(Box<zscaler_oneapi::Error>),
    /// A GraphQL service answered with `errors` (or without `data`); the text names them.
    #[error("{0}")]
    Graphql(String),
    /// A write tool that this server instance does not allow.
    #[error("{tool} is a write tool and cannot run: {why}")]
    WriteDisabled {
        tool: &'static str,
        why: &'static str,
    },
    /// The server has no credentials for the OneAPI.
    #[error(
        "no Zscaler API credentials are configured: set ZSCALER_CLIENT_ID, ZSCALER_CLIENT_SECRET (or ZSCALER_PRIVATE_KEY) and ZSCALER_VANITY_DOMAIN, or start with --demo"
    )]
    NotConfigured,
    /// The client cancelled the request.
    #[error("the request was cancelled")]
    Cancelled,
    /// The client cannot do what the tool asked of it (elicitation, sampling).
    #[error("{0}")]
    Client(String),
    /// The tool needs answers before it can go on (2026-07-28 multi round-trip requests):
    /// the protocol layer returns these questions, keyed, for the client to answer.
    #[error("the client must answer first: {}", .0.iter().map(|(key, _)| key.as_str()).collect::<Vec<_>>().join(", "))]
    InputRequired(Vec<(String, Question)>),
    /// The tool needs a client capability the client did not declare.
    #[error("this MCP client does not declare the `{}` capability this tool needs", .0.key())]
    MissingCapability(ClientFeature),
    /// An answer the client sent back is not an answer to the question asked.
    #[error("inputResponses.{key}: {reason}")]
    InvalidAnswer { key: String, reason: String },
}

impl ToolError {
    pub fn invalid(field: impl Into<String>, reason: impl Into<String>) -> ToolError {
        ToolError::InvalidArgument {
            field: field.into(),
            reason: reason.into(),
        }
    }
}

impl From<zscaler_oneapi::Error> for ToolError {
    fn from(error: zscaler_oneapi::Error) -> ToolError {
        // Boxed: the client's error carries the whole diagnostic context, and this enum is
        // returned on every argument check.
        ToolError::Upstream(Box::new(error))
    }
}
