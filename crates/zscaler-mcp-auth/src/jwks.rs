//! The signing keys of a JWKS: fetched on first use, kept for `cache_ttl`, fetched again early
//! when a token names an unknown `kid` — but never more than once per `min_refresh_interval`,
//! and by one caller at a time, so a flood of forged `kid`s costs one fetch.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use jsonwebtoken::jwk::{AlgorithmParameters, EllipticCurve, Jwk, KeyOperations, PublicKeyUse};
use jsonwebtoken::{Algorithm, AlgorithmFamily, DecodingKey};
use parking_lot::{Mutex, RwLock};
use serde_json::Value;
use url::Url;

use crate::settings::JwksOptions;

/// Largest JWKS or discovery document read.
const MAX_DOCUMENT_BYTES: usize = 1 << 20;
/// Keys we could not refresh are still used this long past their TTL (the JWKS host may be
/// down for a while), then dropped: no one is admitted on keys that old.
const MAX_STALENESS: Duration = Duration::from_secs(24 * 3600);
/// A token without `kid` is tried against at most this many keys.
const MAX_KEYS_WITHOUT_KID: usize = 8;

/// A public key that can verify tokens.
pub(crate) struct VerifyKey {
    kid: Option<String>,
    family: AlgorithmFamily,
    /// The key's own `alg`, if it names one; a token must then use exactly that.
    alg: Option<Algorithm>,
    curve: Option<EllipticCurve>,
    pub(crate) key: DecodingKey,
}

impl VerifyKey {
    fn fits(&self, alg: Algorithm) -> bool {
        let curve_fits = match (alg, &self.curve) {
            (Algorithm::ES256, Some(c)) => *c == EllipticCurve::P256,
            (Algorithm::ES384, Some(c)) => *c == EllipticCurve::P384,
            (Algorithm::EdDSA, Some(c)) => *c == EllipticCurve::Ed25519,
            _ => true,
        };
        self.family == alg.family() && self.alg.is_none_or(|a| a == alg) && curve_fits
    }
}

struct KeySet {
    keys: Vec<Arc<VerifyKey>>,
    fetched_at: Instant,
}

/// Why no key was found for a token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum LookupError {
    /// No key set could be fetched yet.
    Unavailable,
    /// The token's `kid` is not in the key set, even after a refresh (or a refresh was not
    /// allowed yet).
    UnknownKid,
    /// The key named by `kid` is of another type (or names another `alg`) than the token's.
    AlgorithmMismatch(Algorithm),
    /// No `kid`, and no key of the token's type.
    NoKeyFor(Algorithm),
}

pub(crate) struct Jwks {
    uri: Url,
    http: reqwest::Client,
    options: JwksOptions,
    keys: RwLock<Option<Arc<KeySet>>>,
    /// When the last fetch started, whatever its outcome: the rate limit counts attempts.
    last_attempt: Mutex<Option<Instant>>,
    /// Bumped after every fetch attempt, so a caller that waited for another's fetch knows.
    generation: AtomicU64,
    fetching: tokio::sync::Mutex<()>,
    fetches: AtomicU64,
}

impl Jwks {
    pub(crate) fn new(uri: Url, http: reqwest::Client, options: JwksOptions) -> Jwks {
        Jwks {
            uri,
            http,
            options,
            keys: RwLock::new(None),
            last_attempt: Mutex::new(None),
            generation: AtomicU64::new(0),
            fetching: tokio::sync::Mutex::new(()),
            fetches: AtomicU64::new(0),
        }
    }

    pub(crate) fn uri(&self) -> &Url {
        &self.uri
    }

    /// How many fetches were made.
    pub(crate) fn fetches(&self) -> u64 {
        self.fetches.load(Ordering::Relaxed)
    }

    /// Fetches the keys now (start-up warm-up); a failure is only logged.
    pub(crate) async fn warm(&self) {
        self.refresh().await;
    }

    /// The keys that may have signed a token with this header.
    pub(crate) async fn keys_for(
        &self,
        kid: Option<&str>,
        alg: Algorithm,
    ) -> Result<Vec<Arc<VerifyKey>>, LookupError> {
        let current = self.current();
        let stale = current
            .as_ref()
            .is_none_or(|set| set.fetched_at.elapsed() >= self.options.cache_ttl);
        let set = if stale {
            // A failed refresh keeps the keys we had for a while: they were the issuer's
            // within the TTL, and refusing every caller because the JWKS host blinked helps
            // no one.
            self.refresh().await;
            self.current()
                .filter(|set| {
                    set.fetched_at.elapsed() < self.options.cache_ttl.saturating_add(MAX_STALENESS)
                })
                .ok_or(LookupError::Unavailable)?
        } else {
            current.ok_or(LookupError::Unavailable)?
        };
        match select(&set, kid, alg) {
            Err(LookupError::UnknownKid) if self.refresh().await => {
                let set = self.current().ok_or(LookupError::Unavailable)?;
                select(&set, kid, alg)
            }
            other => other,
        }
    }

    fn current(&self) -> Option<Arc<KeySet>> {
        self.keys.read().clone()
    }

    /// Fetches the key set unless a fetch started less than `min_refresh_interval` ago.
    /// Returns whether a fetch happened meanwhile (ours or one we waited for).
    async fn refresh(&self) -> bool {
        let seen = self.generation.load(Ordering::Acquire);
        let _one_at_a_time = self.fetching.lock().await;
        if self.generation.load(Ordering::Acquire) != seen {
            return true;
        }
        {
            let mut last = self.last_attempt.lock();
            if last.is_some_and(|at| at.elapsed() < self.options.min_refresh_interval) {
                return false;
            }
            *last = Some(Instant::now());
        }
        self.fetches.fetch_add(1, Ordering::Relaxed);
        let result = fetch_json(&self.http, &self.uri, self.options.timeout)
            .await
            .and_then(|doc| parse_key_set(&doc));
        match result {
            Ok(keys) => {
                tracing::debug!(jwks_uri = %self.uri, keys = keys.len(), "fetched signing keys");
                *self.keys.write() = Some(Arc::new(KeySet {
                    keys,
                    fetched_at: Instant::now(),
                }));
            }
            Err(why) => {
                tracing::warn!(jwks_uri = %self.uri, "could not fetch the signing keys: {why}");
            }
        }
        self.generation.fetch_add(1, Ordering::Release);
        true
    }
}

fn select(
    set: &KeySet,
    kid: Option<&str>,
    alg: Algorithm,
) -> Result<Vec<Arc<VerifyKey>>, LookupError> {
    match kid {
        Some(kid) => {
            let named: Vec<&Arc<VerifyKey>> = set
                .keys
                .iter()
                .filter(|k| k.kid.as_deref() == Some(kid))
                .collect();
            if named.is_empty() {
                return Err(LookupError::UnknownKid);
            }
            let fitting: Vec<Arc<VerifyKey>> =
                named.into_iter().filter(|k| k.fits(alg)).cloned().collect();
            if fitting.is_empty() {
                Err(LookupError::AlgorithmMismatch(alg))
            } else {
                Ok(fitting)
            }
        }
        None => {
            let fitting: Vec<Arc<VerifyKey>> = set
                .keys
                .iter()
                .filter(|k| k.fits(alg))
                .take(MAX_KEYS_WITHOUT_KID)
                .cloned()
                .collect();
            if fitting.is_empty() {
                Err(LookupError::NoKeyFor(alg))
            } else {
                Ok(fitting)
            }
        }
    }
}

/// Every usable signing key of a JWKS document; entries this server cannot or must not use
/// (encryption keys, symmetric `oct` keys, unknown types) are skipped.
fn parse_key_set(doc: &Value) -> Result<Vec<Arc<VerifyKey>>, String> {
    let entries = doc
        .get("keys")
        .and_then(Value::as_array)
        .ok_or("the document has no `keys` array")?;
    let mut keys = Vec::new();
    for (i, entry) in entries.iter().enumerate() {
        match serde_json::from_value::<Jwk>(entry.clone()) {
            Ok(jwk) => match verify_key(&jwk) {
                Some(key) => keys.push(Arc::new(key)),
                None => tracing::debug!("JWKS entry {i} is not a usable signing key; skipped"),
            },
            Err(e) => tracing::debug!("JWKS entry {i} is not a JWK ({e}); skipped"),
        }
    }
    if keys.is_empty() {
        return Err(format!(
            "none of its {} entries is a usable signing key (RSA, EC P-256/P-384 or Ed25519)",
            entries.len()
        ));
    }
    Ok(keys)
}

fn verify_key(jwk: &Jwk) -> Option<VerifyKey> {
    let common = &jwk.common;
    if matches!(common.public_key_use, Some(PublicKeyUse::Encryption)) {
        return None;
    }
    if let Some(ops) = &common.key_operations
        && !ops.iter().any(|op| matches!(op, KeyOperations::Verify))
    {
        return None;
    }
    let alg = match common.key_algorithm {
        None => None,
        // Encryption algorithms (RSA-OAEP…) and unknown names do not parse as JWS algorithms.
        Some(key_alg) => Some(key_alg.to_string().parse::<Algorithm>().ok()?),
    };
    let (family, curve) = match &jwk.algorithm {
        AlgorithmParameters::RSA(_) => (AlgorithmFamily::Rsa, None),
        AlgorithmParameters::EllipticCurve(ec) => match ec.curve {
            EllipticCurve::P256 | EllipticCurve::P384 => {
                (AlgorithmFamily::Ec, Some(ec.curve.clone()))
            }
            _ => return None,
        },
        AlgorithmParameters::OctetKeyPair(okp) if okp.curve == EllipticCurve::Ed25519 => {
            (AlgorithmFamily::Ed, Some(EllipticCurve::Ed25519))
        }
        // Symmetric keys never verify anything here: that is how HS256 key confusion starts.
        _ => return None,
    };
    if alg.is_some_and(|a| a.family() != family) {
        return None;
    }
    let key = DecodingKey::from_jwk(jwk).ok()?;
    Some(VerifyKey {
        kid: common.key_id.clone(),
        family,
        alg,
        curve,
        key,
    })
}

/// GETs a JSON document (JWKS, discovery) with a timeout and a size limit. The error names the
/// URL and what went wrong.
pub(crate) async fn fetch_json(
    http: &reqwest::Client,
    url: &Url,
    timeout: Duration,
) -> Result<Value, String> {
    let mut response = http
        .get(url.clone())
        .header(http::header::ACCEPT, "application/json")
        .timeout(timeout)
        .send()
        .await
        .map_err(|e| format!("GET {url} failed: {}", error_chain(&e.without_url())))?;
    let status = response.status();
    if !status.is_success() {
        return Err(format!("{url} answered HTTP {}", status.as_u16()));
    }
    let mut body = Vec::new();
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|e| format!("reading {url} failed: {}", error_chain(&e.without_url())))?
    {
        if body.len() + chunk.len() > MAX_DOCUMENT_BYTES {
            return Err(format!("{url} sent more than {MAX_DOCUMENT_BYTES} bytes"));
        }
        body.extend_from_slice(&chunk);
    }
    serde_json::from_slice(&body).map_err(|e| format!("{url} did not send JSON ({e})"))
}

fn error_chain(err: &(dyn std::error::Error + 'static)) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        let part = cause.to_string();
        if !text.contains(&part) {
            text.push_str(": ");
            text.push_str(&part);
        }
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn symmetric_encryption_and_unknown_keys_are_skipped() {
        let doc = json!({"keys": [
            {"kty": "oct", "k": "c2VjcmV0", "kid": "hmac", "alg": "HS256"},
            {"kty": "RSA", "n": "sXch", "e": "AQAB", "kid": "enc", "use": "enc"},
            {"kty": "RSA", "n": "sXch", "e": "AQAB", "kid": "oaep", "alg": "RSA-OAEP"},
            {"kty": "RSA", "n": "sXch", "e": "AQAB", "kid": "lying", "alg": "ES256"},
            {"kty": "weird"},
            {"kty": "RSA", "n": "sXch", "e": "AQAB", "kid": "ok", "alg": "RS256"},
        ]});
        let keys = parse_key_set(&doc).unwrap();
        assert_eq!(keys.len(), 1);
        assert_eq!(keys[0].kid.as_deref(), Some("ok"));
        let none = parse_key_set(&json!({"keys": [{"kty": "oct", "k": "c2VjcmV0"}]}));
        assert!(none.err().unwrap().contains("none of its 1 entries"));
        assert!(parse_key_set(&json!({"nokeys": []})).is_err());
    }

    #[test]
    fn keys_fit_only_their_own_algorithm() {
        let doc = json!({"keys": [
            {"kty": "RSA", "n": "sXch", "e": "AQAB", "kid": "r", "alg": "RS256"},
            {"kty": "RSA", "n": "sXch", "e": "AQAB", "kid": "any-rsa"},
        ]});
        let set = KeySet {
            keys: parse_key_set(&doc).unwrap(),
            fetched_at: Instant::now(),
        };
        assert!(select(&set, Some("r"), Algorithm::RS256).is_ok());
        assert_eq!(
            select(&set, Some("r"), Algorithm::RS384).err(),
            Some(LookupError::AlgorithmMismatch(Algorithm::RS384))
        );
        assert!(select(&set, Some("any-rsa"), Algorithm::PS256).is_ok());
        assert_eq!(
            select(&set, Some("r"), Algorithm::ES256).err(),
            Some(LookupError::AlgorithmMismatch(Algorithm::ES256))
        );
        assert_eq!(
            select(&set, Some("nope"), Algorithm::RS256).err(),
            Some(LookupError::UnknownKid)
        );
        assert_eq!(select(&set, None, Algorithm::RS256).unwrap().len(), 2);
        assert_eq!(
            select(&set, None, Algorithm::ES256).err(),
            Some(LookupError::NoKeyFor(Algorithm::ES256))
        );
    }
}
