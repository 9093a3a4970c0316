//! `zscaler` mode: callers present OneAPI client credentials, which ZIdentity checks with a
//! client-credentials exchange. A success is remembered for the token's lifetime (capped), a
//! refusal for a short while, both keyed by a hash of the credentials; concurrent first
//! requests with the same credentials share one exchange.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD};
use http::HeaderMap;
use parking_lot::Mutex;
use sha2::{Digest, Sha256};
use url::Url;
use zscaler_oneapi::{Credentials, TokenProvider};

use crate::challenge::Refusal;
use crate::credentials::{
    Authorization, X_CLIENT_ID, X_CLIENT_SECRET, X_CUSTOMER_ID, X_VANITY, authorization, single,
};
use crate::error::AuthError;
use crate::principal::{CallerCredentials, Principal};
use crate::settings::{ZscalerAuthSettings, check_fetch_url};

/// A check holds until this long before the token would expire.
const EXPIRY_MARGIN: Duration = Duration::from_secs(60);
/// ZIdentity unreachable or failing: answered from memory this long, so an outage is not
/// multiplied by every request, yet recovery is noticed quickly.
const UPSTREAM_FAILURE_TTL: Duration = Duration::from_secs(5);
/// Remembered credentials at most (successes and refusals); beyond, checks are not remembered.
const MAX_REMEMBERED: usize = 10_000;
/// Exchanges in flight at once, whatever the credentials: a flood of made-up credentials
/// cannot turn this server into a cannon against ZIdentity.
const MAX_CONCURRENT_EXCHANGES: usize = 16;
const MAX_CLIENT_ID: usize = 256;
const MAX_SECRET: usize = 1024;

#[derive(Clone)]
enum State {
    Unchecked,
    Verified { until: Instant },
    Failed { until: Instant, reason: String },
}

struct Slot {
    state: Mutex<State>,
    /// Held during an exchange so concurrent requests with the same credentials wait for it.
    flight: tokio::sync::Mutex<()>,
}

impl Slot {
    fn new() -> Slot {
        Slot {
            state: Mutex::new(State::Unchecked),
            flight: tokio::sync::Mutex::new(()),
        }
    }

    /// The remembered outcome, if it still holds.
    fn remembered(&self, now: Instant) -> Option<Result<(), String>> {
        match &*self.state.lock() {
            State::Verified { until } if now < *until => Some(Ok(())),
            State::Failed { until, reason } if now < *until => Some(Err(reason.clone())),
            _ => None,
        }
    }
}

pub(crate) struct ZscalerVerifier {
    settings: ZscalerAuthSettings,
    http: reqwest::Client,
    slots: Mutex<HashMap<String, Arc<Slot>>>,
    exchanges: tokio::sync::Semaphore,
}

impl ZscalerVerifier {
    pub(crate) fn new(
        mut settings: ZscalerAuthSettings,
        http: reqwest::Client,
    ) -> Result<ZscalerVerifier, AuthError> {
        check_fetch_url("token_url", &settings.token_url)?;
        settings.vanity = settings.vanity.trim().to_ascii_lowercase();
        settings
            .cloud
            .token_url(&settings.vanity)
            .map_err(|e| AuthError::setting("vanity", e.to_string()))?;
        if settings.exchange_timeout.is_zero() {
            return Err(AuthError::setting(
                "exchange_timeout",
                "the exchange timeout must be more than zero",
            ));
        }
        Ok(ZscalerVerifier {
            settings,
            http,
            slots: Mutex::new(HashMap::new()),
            exchanges: tokio::sync::Semaphore::new(MAX_CONCURRENT_EXCHANGES),
        })
    }

    pub(crate) fn settings(&self) -> &ZscalerAuthSettings {
        &self.settings
    }

    pub(crate) async fn authenticate(&self, headers: &HeaderMap) -> Result<Principal, Refusal> {
        let (client_id, secret) = presented(headers)?;
        let (vanity, customer_id) = if self.settings.passthrough {
            let vanity = match single(headers, X_VANITY).map_err(Refusal::invalid)? {
                Some(v) if !v.is_empty() => v.to_ascii_lowercase(),
                _ => self.settings.vanity.clone(),
            };
            let customer_id = match single(headers, X_CUSTOMER_ID).map_err(Refusal::invalid)? {
                Some(c) if !c.is_empty() => {
                    if c.len() > 32 || !c.bytes().all(|b| b.is_ascii_digit()) {
                        return Err(Refusal::invalid(format!(
                            "{X_CUSTOMER_ID} must be the numeric ZPA customer id"
                        )));
                    }
                    Some(c.to_owned())
                }
                _ => None,
            };
            (vanity, customer_id)
        } else {
            (self.settings.vanity.clone(), None)
        };
        let token_url = if vanity == self.settings.vanity {
            self.settings.token_url.clone()
        } else {
            self.settings.cloud.token_url(&vanity).map_err(|_| {
                Refusal::invalid(format!(
                    "{X_VANITY} is not a vanity domain: give only the subdomain, e.g. `acme` \
                     for acme.zslogin.net"
                ))
            })?
        };
        self.verify(&client_id, &secret, &vanity, token_url.clone())
            .await
            .map_err(Refusal::invalid)?;
        let mut principal = Principal::new(client_id.clone(), "zscaler");
        if self.settings.passthrough {
            principal.caller_credentials = Some(CallerCredentials::new(
                client_id,
                secret,
                vanity,
                token_url,
                customer_id,
            ));
        }
        Ok(principal)
    }

    /// Checks the credentials with ZIdentity, or answers from memory.
    async fn verify(
        &self,
        client_id: &str,
        secret: &str,
        vanity: &str,
        token_url: Url,
    ) -> Result<(), String> {
        let slot = self.slot(&cache_key(client_id, secret, vanity));
        if let Some(outcome) = slot.remembered(Instant::now()) {
            return outcome;
        }
        let _one_exchange = slot.flight.lock().await;
        // Whoever held the lock before us has just checked these same credentials.
        if let Some(outcome) = slot.remembered(Instant::now()) {
            return outcome;
        }
        let host = token_url.host_str().unwrap_or("ZIdentity").to_owned();
        let _permit =
            tokio::time::timeout(self.settings.exchange_timeout, self.exchanges.acquire())
                .await
                .ok()
                .and_then(Result::ok)
                .ok_or_else(|| {
                    "could not verify credentials with ZIdentity: too many checks in progress; \
                 try again"
                        .to_owned()
                })?;
        let provider = TokenProvider::new(
            self.http.clone(),
            token_url,
            Credentials::secret(client_id, secret),
            Duration::ZERO,
        )
        .map_err(|_| "could not verify credentials with ZIdentity".to_owned())?
        .with_timeout(self.settings.exchange_timeout);
        let outcome = provider.token().await;
        let now = Instant::now();
        let (state, result) = match outcome {
            Ok(_) => {
                let lifetime = provider
                    .valid_for()
                    .unwrap_or(self.settings.max_success_ttl + EXPIRY_MARGIN);
                let ttl = lifetime
                    .saturating_sub(EXPIRY_MARGIN)
                    .min(self.settings.max_success_ttl);
                tracing::debug!(
                    client_id,
                    vanity,
                    ttl_secs = ttl.as_secs(),
                    "ZIdentity accepted the client credentials"
                );
                (State::Verified { until: now + ttl }, Ok(()))
            }
            Err(error) => {
                let status = match &error {
                    zscaler_oneapi::Error::Token { status, .. } => *status,
                    _ => None,
                };
                tracing::info!(
                    client_id,
                    vanity,
                    status,
                    "client credentials not verified by ZIdentity"
                );
                // It names the host and ZIdentity's OAuth error, never the secret; its hint
                // about the server's own variables does not apply to a caller's credentials.
                tracing::debug!(client_id, "ZIdentity exchange failed: {error}");
                let (reason, ttl) = match status {
                    Some(400 | 401 | 403) => (
                        "ZIdentity refused the client credentials".to_owned(),
                        self.settings.failure_ttl,
                    ),
                    Some(status) => (
                        format!(
                            "could not verify credentials with ZIdentity: {host} answered HTTP \
                             {status}"
                        ),
                        UPSTREAM_FAILURE_TTL.min(self.settings.failure_ttl),
                    ),
                    None => (
                        format!(
                            "could not verify credentials with ZIdentity: no answer from {host}"
                        ),
                        UPSTREAM_FAILURE_TTL.min(self.settings.failure_ttl),
                    ),
                };
                (
                    State::Failed {
                        until: now + ttl,
                        reason: reason.clone(),
                    },
                    Err(reason),
                )
            }
        };
        *slot.state.lock() = state;
        result
    }

    fn slot(&self, key: &str) -> Arc<Slot> {
        let mut slots = self.slots.lock();
        if let Some(slot) = slots.get(key) {
            return Arc::clone(slot);
        }
        if slots.len() >= MAX_REMEMBERED {
            let now = Instant::now();
            slots.retain(|_, slot| Arc::strong_count(slot) > 1 || slot.remembered(now).is_some());
        }
        let slot = Arc::new(Slot::new());
        if slots.len() < MAX_REMEMBERED {
            slots.insert(key.to_owned(), Arc::clone(&slot));
        }
        slot
    }
}

/// The client id and secret from the header pair or from `Authorization: Basic`.
fn presented(headers: &HeaderMap) -> Result<(String, String), Refusal> {
    let id = single(headers, X_CLIENT_ID).map_err(Refusal::invalid)?;
    let secret = single(headers, X_CLIENT_SECRET).map_err(Refusal::invalid)?;
    let (id, secret) = match (id, secret) {
        (Some(id), Some(secret)) => (id.to_owned(), secret.to_owned()),
        (Some(_), None) => {
            return Err(Refusal::invalid(format!(
                "{X_CLIENT_ID} was sent without {X_CLIENT_SECRET}"
            )));
        }
        (None, Some(_)) => {
            return Err(Refusal::invalid(format!(
                "{X_CLIENT_SECRET} was sent without {X_CLIENT_ID}"
            )));
        }
        (None, None) => match authorization(headers).map_err(Refusal::invalid)? {
            Authorization::Basic(encoded) => decode_basic(encoded)?,
            Authorization::Absent => {
                return Err(Refusal::missing(format!(
                    "missing client credentials: send `Authorization: Basic \
                     base64(client_id:client_secret)` or the {X_CLIENT_ID} and \
                     {X_CLIENT_SECRET} headers"
                )));
            }
            Authorization::Bearer(_) => {
                return Err(Refusal::invalid(
                    "zscaler mode takes OneAPI client credentials (Basic or the \
                     X-Zscaler-Client-ID/-Secret headers), not a Bearer token",
                ));
            }
            Authorization::Other(scheme) => {
                return Err(Refusal::invalid(format!(
                    "unsupported Authorization scheme `{scheme}`: zscaler mode takes Basic \
                     credentials or the X-Zscaler-Client-ID/-Secret headers"
                )));
            }
        },
    };
    if id.is_empty() || id.len() > MAX_CLIENT_ID {
        return Err(Refusal::invalid(format!(
            "the client id must be 1 to {MAX_CLIENT_ID} characters"
        )));
    }
    if secret.is_empty() || secret.len() > MAX_SECRET {
        return Err(Refusal::invalid(format!(
            "the client secret must be 1 to {MAX_SECRET} characters"
        )));
    }
    Ok((id, secret))
}

fn decode_basic(encoded: &str) -> Result<(String, String), Refusal> {
    let bytes = STANDARD
        .decode(encoded)
        .or_else(|_| STANDARD_NO_PAD.decode(encoded))
        .map_err(|_| Refusal::invalid("the Basic credentials are not valid base64"))?;
    let text = String::from_utf8(bytes)
        .map_err(|_| Refusal::invalid("the Basic credentials are not UTF-8 text"))?;
    if text.chars().any(char::is_control) {
        return Err(Refusal::invalid(
            "the Basic credentials contain control characters",
        ));
    }
    let (id, secret) = text.split_once(':').ok_or_else(|| {
        Refusal::invalid("the Basic credentials must be `client_id:client_secret`")
    })?;
    Ok((id.to_owned(), secret.to_owned()))
}

/// Hex SHA-256 of the credentials and vanity domain: what the memory is keyed by (the secret
/// itself is not kept).
fn cache_key(client_id: &str, secret: &str, vanity: &str) -> String {
    let mut hash = Sha256::new();
    for part in [client_id, secret, vanity] {
        hash.update(part.as_bytes());
        hash.update([0u8]);
    }
    hex::encode(hash.finalize())
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    fn basic(raw: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        let value = format!("Basic {}", STANDARD.encode(raw));
        h.insert("authorization", HeaderValue::from_str(&value).unwrap());
        h
    }

    #[test]
    fn credentials_come_from_basic_or_the_header_pair() {
        assert_eq!(
            presented(&basic("id:se:cret")).unwrap(),
            ("id".to_owned(), "se:cret".to_owned())
        );
        let no_colon = presented(&basic("idsecret")).unwrap_err();
        assert!(no_colon.reason.contains("client_id:client_secret"));
        assert!(!no_colon.reason.contains("idsecret"));
        assert!(presented(&basic(":secret")).is_err());
        let mut pair = HeaderMap::new();
        pair.insert("x-zscaler-client-id", HeaderValue::from_static("id"));
        assert!(
            presented(&pair)
                .unwrap_err()
                .reason
                .contains("without X-Zscaler-Client-Secret")
        );
        pair.insert("x-zscaler-client-secret", HeaderValue::from_static("s"));
        assert_eq!(presented(&pair).unwrap(), ("id".to_owned(), "s".to_owned()));
        let mut garbage = HeaderMap::new();
        garbage.insert("authorization", HeaderValue::from_static("Basic ***"));
        assert!(presented(&garbage).unwrap_err().reason.contains("base64"));
    }

    #[test]
    fn cache_keys_do_not_collide_across_fields() {
        assert_ne!(cache_key("ab", "c", "v"), cache_key("a", "bc", "v"));
        assert_ne!(cache_key("a", "b", "v1"), cache_key("a", "b", "v2"));
    }
}
