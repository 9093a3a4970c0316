//! Why the secrets could not be used; each message says what to change.

use thiserror::Error;

#[derive(Debug, Error)]
pub enum SecretsError {
    /// A setting that names the store is wrong.
    #[error("{variable}: {reason}")]
    Setting {
        variable: &'static str,
        reason: String,
    },
    /// The store could not be read; `hint` says what usually causes `problem`.
    #[error("cannot read {store}: {problem}. {hint}")]
    Read {
        store: String,
        problem: String,
        hint: String,
    },
    /// The store was read, but what it holds cannot be used.
    #[error("{store} cannot be used: {reason}")]
    Unusable { store: String, reason: String },
}
