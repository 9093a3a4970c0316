//! The crate's one error type: what can stop an [`Authenticator`](crate::Authenticator) from
//! being built. Refusing a request is not an error but a [`Rejection`](crate::Rejection).

/// Why the authentication settings cannot be used. Raised at start, so a misconfigured server
/// never listens.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AuthError {
    /// A setting is missing or invalid; `setting` names the [`AuthSettings`](crate::AuthSettings)
    /// field at fault (e.g. `jwks_uri`, `api_keys`).
    #[error("auth setting `{setting}`: {message}")]
    Setting {
        setting: &'static str,
        message: String,
    },
    /// OIDC mode could not fetch or use the issuer's discovery document.
    #[error("OIDC discovery from {url} failed: {message}")]
    Discovery { url: String, message: String },
}

impl AuthError {
    pub(crate) fn setting(setting: &'static str, message: impl Into<String>) -> AuthError {
        AuthError::Setting {
            setting,
            message: message.into(),
        }
    }

    /// The settings field at fault, when the error is about one.
    pub fn setting_name(&self) -> Option<&'static str> {
        match self {
            AuthError::Setting { setting, .. } => Some(setting),
            AuthError::Discovery { .. } => Some("config_url"),
        }
    }
}
