//! The deploy tool's errors and the exit code each one means.

use std::fmt::Display;

/// Exit codes (documented in docs/deploy.md):
/// 0 done, 1 AWS refused or failed an operation, 2 bad flags or settings, 3 no usable AWS
/// credentials, 4 gave up waiting for a resource, 5 nothing deployed (no state file),
/// 6 the user declined a confirmation, 7 a precondition outside AWS's answer (a busy cluster,
/// an image in the wrong region) that the message says how to fix.
#[derive(Debug, thiserror::Error)]
pub enum DeployError {
    #[error("{0}")]
    Settings(String),
    #[error("AWS credentials: {0}")]
    Credentials(String),
    #[error("{operation}: {message}")]
    Aws {
        operation: &'static str,
        message: String,
        hint: Option<String>,
    },
    #[error("timed out after {seconds} s waiting for {what}")]
    Timeout { what: String, seconds: u64 },
    #[error("nothing deployed: {0} not found (run `zscaler-mcp-deploy aws deploy` first)")]
    NotDeployed(String),
    #[error("cancelled")]
    Declined,
    #[error("{0}")]
    Blocked(String),
    #[error("state file {path}: {message}")]
    State { path: String, message: String },
}

impl DeployError {
    pub fn exit_code(&self) -> i32 {
        match self {
            DeployError::Aws { .. } | DeployError::State { .. } => 1,
            DeployError::Settings(_) => 2,
            DeployError::Credentials(_) => 3,
            DeployError::Timeout { .. } => 4,
            DeployError::NotDeployed(_) => 5,
            DeployError::Declined => 6,
            DeployError::Blocked(_) => 7,
        }
    }

    pub fn hint(&self) -> Option<&str> {
        match self {
            DeployError::Aws { hint, .. } => hint.as_deref(),
            _ => None,
        }
    }

    pub fn settings(message: impl Display) -> Self {
        DeployError::Settings(message.to_string())
    }
}

pub type Result<T, E = DeployError> = std::result::Result<T, E>;

/// An SDK builder's refusal (a required field left out) as a settings error naming `what`.
pub fn built<T, E: Display>(what: &str, result: std::result::Result<T, E>) -> Result<T> {
    result.map_err(|e| DeployError::settings(format!("{what}: {e}")))
}
