//! Who a request was authenticated as, and (zscaler passthrough) the caller's own OneAPI
//! credentials.

use std::fmt;

use sha2::{Digest, Sha256};

/// The authenticated caller; the [`AuthLayer`](crate::AuthLayer) puts it in the request
/// extensions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    /// jwt/oidc: the token's `sub`; api-key: `api-key#<n>` (1-based position of the key in the
    /// settings, never the key); zscaler: the client id; trusted platform: `platform`;
    /// none: `anonymous`.
    pub subject: String,
    /// The mode that admitted the request (`jwt`, `oidc`, `api-key`, `zscaler`, `none`).
    pub mode: &'static str,
    /// jwt/oidc: the token's scopes (`scope` or `scp`); empty otherwise.
    pub scopes: Vec<String>,
    /// zscaler mode with passthrough only: the caller's own credentials.
    pub caller_credentials: Option<CallerCredentials>,
}

impl Principal {
    /// How logs, audit records and rate limits name this caller: `jwt:alice`, `api-key#2`,
    /// `zscaler:<client id>`, `anonymous`.
    pub fn label(&self) -> String {
        if self.subject.starts_with(self.mode) || self.subject == "anonymous" {
            self.subject.clone()
        } else {
            format!("{}:{}", self.mode, self.subject)
        }
    }

    /// Whether the principal names a verified caller (not `none` mode's anonymous one).
    pub fn is_verified(&self) -> bool {
        self.mode != "none"
    }

    pub(crate) fn new(subject: impl Into<String>, mode: &'static str) -> Principal {
        Principal {
            subject: subject.into(),
            mode,
            scopes: Vec::new(),
            caller_credentials: None,
        }
    }
}

/// A caller's OneAPI credentials, verified with ZIdentity, for API calls made on its behalf.
/// `Debug` never shows the secret.
#[derive(Clone, PartialEq, Eq)]
pub struct CallerCredentials {
    pub client_id: String,
    client_secret: String,
    /// The caller's vanity domain (`X-Zscaler-Vanity-Domain`), or the server's own.
    pub vanity: String,
    /// The ZIdentity token endpoint the credentials were verified at (the vanity domain's).
    pub token_url: url::Url,
    /// The caller's ZPA customer id (`X-Zscaler-Customer-Id`), if sent.
    pub customer_id: Option<String>,
}

impl CallerCredentials {
    pub fn new(
        client_id: impl Into<String>,
        client_secret: impl Into<String>,
        vanity: impl Into<String>,
        token_url: url::Url,
        customer_id: Option<String>,
    ) -> CallerCredentials {
        CallerCredentials {
            client_id: client_id.into(),
            client_secret: client_secret.into(),
            vanity: vanity.into(),
            token_url,
            customer_id,
        }
    }

    /// The client secret; do not log it.
    pub fn client_secret(&self) -> &str {
        &self.client_secret
    }

    /// A key for per-caller client caches: hex SHA-256 over client id, secret, vanity domain and
    /// customer id (the customer id too, because a client built for one ZPA tenant must not
    /// serve another). Reveals nothing of the secret.
    pub fn key(&self) -> String {
        let mut hash = Sha256::new();
        for part in [
            self.client_id.as_str(),
            self.client_secret.as_str(),
            self.vanity.as_str(),
            self.customer_id.as_deref().unwrap_or(""),
        ] {
            // NUL cannot occur in a header value, so the parts cannot run into each other.
            hash.update(part.as_bytes());
            hash.update([0u8]);
        }
        hex::encode(hash.finalize())
    }
}

impl fmt::Debug for CallerCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CallerCredentials")
            .field("client_id", &self.client_id)
            .field("client_secret", &"<redacted>")
            .field("vanity", &self.vanity)
            .field("token_url", &self.token_url.as_str())
            .field("customer_id", &self.customer_id)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token() -> url::Url {
        "https://acme.zslogin.net/oauth2/v1/token".parse().unwrap()
    }

    #[test]
    fn key_separates_callers_and_hides_the_secret() {
        let a = CallerCredentials::new("id", "s3cret-value", "acme", token(), None);
        let b = CallerCredentials::new("id", "s3cret-value", "acme", token(), Some("7".into()));
        let c = CallerCredentials::new("ids", "3cret-value", "acme", token(), None);
        assert_eq!(a.key().len(), 64);
        assert_ne!(a.key(), b.key());
        assert_ne!(a.key(), c.key());
        assert_eq!(a.key(), a.clone().key());
        assert!(!format!("{a:?}").contains("s3cret"));
        assert!(!a.key().contains("s3cret"));
    }
}
