//! OAuth2 client-credentials tokens from ZIdentity: cached, refreshed early, fetched single-flight.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, PoisonError, RwLock};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use jsonwebtoken::{Algorithm, EncodingKey, Header};
use rand::Rng;
use serde::Serialize;
use serde_json::Value;
use tokio::time::Instant;
use url::Url;

use crate::config::{AUDIENCE, ClientAuth, Credentials};
use crate::error::{ConfigError, Error, truncate};

const JWT_BEARER: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
const DEFAULT_EXPIRES_IN: f64 = 3600.0;
/// Longer lifetimes are clamped: ZIdentity issues at most 24 h, and it keeps `Instant` math safe.
const MAX_EXPIRES_IN: f64 = 7.0 * 86_400.0;
const ASSERTION_LIFETIME_SECS: u64 = 600;
const DEFAULT_TOKEN_TIMEOUT: Duration = Duration::from_secs(30);
/// Refused credentials are re-read from their source at most this often, so a wrong secret
/// does not turn every call into a secret-store read.
const RELOAD_INTERVAL: Duration = Duration::from_secs(30);

/// Where fresh credentials come from when ZIdentity refuses the current ones: a secret store
/// whose secret may have been rotated since start-up.
pub trait CredentialSource: Send + Sync {
    /// Reads the credentials again. The error says what went wrong, without secrets.
    fn reload(&self) -> Pin<Box<dyn Future<Output = Result<Credentials, String>> + Send + '_>>;
}

/// The credentials in use and, for private-key auth, the parsed key.
struct Identity {
    credentials: Credentials,
    signing_key: Option<EncodingKey>,
}

impl Identity {
    fn new(credentials: Credentials) -> Result<Identity, Error> {
        let signing_key = match &credentials.auth {
            ClientAuth::Secret(_) => None,
            ClientAuth::PrivateKey(pem) => {
                Some(EncodingKey::from_rsa_pem(pem.as_bytes()).map_err(|e| {
                    key_error(format!(
                        "ZSCALER_PRIVATE_KEY is not an RSA private key in PEM form: {e}"
                    ))
                })?)
            }
        };
        Ok(Identity {
            credentials,
            signing_key,
        })
    }
}

#[derive(Clone)]
struct CachedToken {
    token: Arc<str>,
    expires_at: Instant,
}

/// Hands out OneAPI access tokens. Shared by all requests of a client.
pub struct TokenProvider {
    http: reqwest::Client,
    token_url: Url,
    identity: RwLock<Arc<Identity>>,
    source: Option<Arc<dyn CredentialSource>>,
    /// When the credentials were last re-read from `source`.
    reloaded_at: std::sync::Mutex<Option<Instant>>,
    margin: Duration,
    timeout: Duration,
    cache: RwLock<Option<CachedToken>>,
    // Held while a token request is in flight so concurrent callers wait for it instead of
    // sending their own.
    refresh: tokio::sync::Mutex<()>,
    requests: AtomicU64,
}

impl fmt::Debug for TokenProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenProvider")
            .field("token_url", &self.token_url.as_str())
            .field("credentials", &self.identity().credentials)
            .field("rotation", &self.source.is_some())
            .field("margin", &self.margin)
            .field("token_requests", &self.token_requests())
            .finish_non_exhaustive()
    }
}

impl TokenProvider {
    /// Fails if a private key does not parse, so a bad key shows up before the first call.
    pub fn new(
        http: reqwest::Client,
        token_url: Url,
        credentials: Credentials,
        margin: Duration,
    ) -> Result<TokenProvider, Error> {
        Ok(TokenProvider {
            http,
            token_url,
            identity: RwLock::new(Arc::new(Identity::new(credentials)?)),
            source: None,
            reloaded_at: std::sync::Mutex::new(None),
            margin,
            timeout: DEFAULT_TOKEN_TIMEOUT,
            cache: RwLock::new(None),
            refresh: tokio::sync::Mutex::new(()),
            requests: AtomicU64::new(0),
        })
    }

    /// Re-reads the credentials from `source` when ZIdentity refuses them (at most every 30 s)
    /// and, if they changed, asks again with the new ones: a rotated secret is picked up
    /// without a restart.
    pub fn with_rotation(mut self, source: Arc<dyn CredentialSource>) -> TokenProvider {
        self.source = Some(source);
        self
    }

    /// The client id in use (it may change when the credentials are rotated).
    pub fn client_id(&self) -> String {
        self.identity().credentials.client_id.clone()
    }

    fn identity(&self) -> Arc<Identity> {
        Arc::clone(&self.identity.read().unwrap_or_else(PoisonError::into_inner))
    }

    /// Limits how long one token request may take.
    pub fn with_timeout(mut self, timeout: Duration) -> TokenProvider {
        self.timeout = timeout;
        self
    }

    pub fn token_url(&self) -> &Url {
        &self.token_url
    }

    /// How many token requests were sent so far.
    pub fn token_requests(&self) -> u64 {
        self.requests.load(Ordering::Relaxed)
    }

    /// A token with more than the refresh margin of validity left, fetching one if needed.
    /// Concurrent callers share a single token request.
    pub async fn token(&self) -> Result<Arc<str>, Error> {
        if let Some(token) = self.fresh() {
            return Ok(token);
        }
        let _refreshing = self.refresh.lock().await;
        // Whoever held the lock before us may have just refreshed it.
        if let Some(token) = self.fresh() {
            return Ok(token);
        }
        let sent_at = Instant::now();
        let (token, lifetime) = match self.fetch().await {
            Err(refused) if refused_credentials(&refused) && self.reload().await? => {
                self.fetch().await?
            }
            other => other?,
        };
        // Count validity from when we asked, not when the answer arrived: errs on the safe side.
        let expires_at = sent_at + lifetime;
        *self.cache.write().unwrap_or_else(PoisonError::into_inner) = Some(CachedToken {
            token: Arc::clone(&token),
            expires_at,
        });
        Ok(token)
    }

    /// Forgets the cached token if it is still `stale`; a token fetched meanwhile is kept, so a
    /// burst of 401s for the same token causes one refresh.
    pub fn invalidate(&self, stale: &str) {
        let mut cache = self.cache.write().unwrap_or_else(PoisonError::into_inner);
        if cache.as_ref().is_some_and(|c| &*c.token == stale) {
            *cache = None;
        }
    }

    /// How much validity the cached token has left (the refresh margin not subtracted), or
    /// `None` when no token is cached. Lets a caller that only checks credentials know how long
    /// the check holds.
    pub fn valid_for(&self) -> Option<Duration> {
        let cache = self.cache.read().unwrap_or_else(PoisonError::into_inner);
        cache
            .as_ref()
            .map(|c| c.expires_at.saturating_duration_since(Instant::now()))
    }

    /// Re-reads the credentials after ZIdentity refused them; true when they changed.
    async fn reload(&self) -> Result<bool, Error> {
        let Some(source) = &self.source else {
            return Ok(false);
        };
        {
            let mut last = self
                .reloaded_at
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            if last.is_some_and(|at| at.elapsed() < RELOAD_INTERVAL) {
                return Ok(false);
            }
            *last = Some(Instant::now());
        }
        tracing::warn!(
            "ZIdentity refused the credentials: reading them again from the secret store"
        );
        let fresh = source.reload().await.map_err(|why| Error::Token {
            status: None,
            message: format!(
                "ZIdentity refused the credentials, and re-reading them failed: {why}"
            ),
        })?;
        if fresh == self.identity().credentials {
            tracing::warn!("the secret store still holds the refused credentials");
            return Ok(false);
        }
        let identity = Identity::new(fresh)?;
        tracing::info!(client_id = %identity.credentials.client_id, "credentials rotated: using the secret store's new values");
        *self
            .identity
            .write()
            .unwrap_or_else(PoisonError::into_inner) = Arc::new(identity);
        Ok(true)
    }

    fn fresh(&self) -> Option<Arc<str>> {
        let cache = self.cache.read().unwrap_or_else(PoisonError::into_inner);
        let cached = cache.as_ref()?;
        (Instant::now() + self.margin < cached.expires_at).then(|| Arc::clone(&cached.token))
    }

    async fn fetch(&self) -> Result<(Arc<str>, Duration), Error> {
        self.requests.fetch_add(1, Ordering::Relaxed);
        let fetched = self.fetch_once().await;
        crate::metrics::token_request(match &fetched {
            Ok(_) => "ok",
            Err(e) if matches!(e.status(), Some(400 | 401 | 403)) => "refused",
            Err(_) => "error",
        });
        fetched
    }

    async fn fetch_once(&self) -> Result<(Arc<str>, Duration), Error> {
        let host = self
            .token_url
            .host_str()
            .unwrap_or("the token endpoint")
            .to_owned();
        let identity = self.identity();
        let mut form: Vec<(&str, String)> = vec![
            ("grant_type", "client_credentials".to_owned()),
            ("client_id", identity.credentials.client_id.clone()),
            ("audience", AUDIENCE.to_owned()),
        ];
        match &identity.credentials.auth {
            ClientAuth::Secret(secret) => form.push(("client_secret", secret.clone())),
            ClientAuth::PrivateKey(_) => {
                form.push(("client_assertion", assertion(&identity)?));
                form.push(("client_assertion_type", JWT_BEARER.to_owned()));
            }
        }
        let failed = |status: Option<u16>, message: String| Error::Token { status, message };
        let response = self
            .http
            .post(self.token_url.clone())
            .header(http::header::ACCEPT, "application/json")
            .form(&form)
            .timeout(self.timeout)
            .send()
            .await
            .map_err(|e| failed(None, format!("POST to {host} failed: {}", error_chain(&e))))?;
        let status = response.status().as_u16();
        let body = response.bytes().await.map_err(|e| {
            failed(
                Some(status),
                format!("reading the answer from {host} failed: {}", error_chain(&e)),
            )
        })?;
        if !(200..300).contains(&status) {
            let mut message = format!("{host} answered HTTP {status}");
            if let Some(detail) = oauth_error(&body) {
                message.push_str(": ");
                message.push_str(&detail);
            }
            if matches!(status, 400 | 401 | 403) {
                message.push_str(
                    " (check ZSCALER_CLIENT_ID, the secret or private key, ZSCALER_VANITY_DOMAIN \
                     and ZSCALER_CLOUD)",
                );
            }
            return Err(failed(Some(status), message));
        }
        parse_token_response(&body).map_err(|why| {
            failed(
                Some(status),
                format!("{host} sent an unusable token response: {why}"),
            )
        })
    }
}

fn assertion(identity: &Identity) -> Result<String, Error> {
    #[derive(Serialize)]
    struct Claims<'a> {
        iss: &'a str,
        sub: &'a str,
        aud: &'a str,
        iat: u64,
        exp: u64,
        jti: String,
    }
    let key = identity.signing_key.as_ref().ok_or_else(|| {
        key_error("ZSCALER_PRIVATE_KEY: no key to sign the client assertion".to_owned())
    })?;
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default();
    let nonce: [u8; 16] = rand::rng().random();
    let claims = Claims {
        iss: &identity.credentials.client_id,
        sub: &identity.credentials.client_id,
        aud: AUDIENCE,
        iat: now,
        exp: now + ASSERTION_LIFETIME_SECS,
        jti: nonce.iter().map(|b| format!("{b:02x}")).collect(),
    };
    let mut header = Header::new(Algorithm::RS256);
    header.typ = Some("JWT".to_owned());
    jsonwebtoken::encode(&header, &claims, key).map_err(|e| {
        key_error(format!(
            "ZSCALER_PRIVATE_KEY could not sign the client assertion: {e}"
        ))
    })
}

/// ZIdentity's answer to credentials it does not accept (as opposed to being unreachable).
fn refused_credentials(error: &Error) -> bool {
    matches!(
        error,
        Error::Token {
            status: Some(400 | 401 | 403),
            ..
        }
    )
}

/// Key problems are configuration errors: unlike token endpoint failures, retrying cannot help.
fn key_error(message: String) -> Error {
    Error::Config(ConfigError::new("ZSCALER_PRIVATE_KEY", message))
}

/// `{access_token, token_type, expires_in}`; `expires_in` may be a number or a numeric string.
fn parse_token_response(body: &[u8]) -> Result<(Arc<str>, Duration), String> {
    let value: Value = serde_json::from_slice(body).map_err(|e| format!("not JSON ({e})"))?;
    let token = value
        .get("access_token")
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or("no access_token")?;
    // A token we cannot put in a header would fail every request later; reject it now.
    if http::HeaderValue::from_str(&format!("Bearer {token}")).is_err() {
        return Err(
            "the access_token contains characters not allowed in an HTTP header".to_owned(),
        );
    }
    let expires_in = match value.get("expires_in") {
        None | Some(Value::Null) => DEFAULT_EXPIRES_IN,
        Some(Value::Number(n)) => n.as_f64().ok_or("expires_in is not a number")?,
        Some(Value::String(s)) => s
            .trim()
            .parse::<f64>()
            .map_err(|_| format!("expires_in `{s}` is not a number"))?,
        Some(_) => return Err("expires_in is not a number".to_owned()),
    };
    let expires_in = if expires_in.is_finite() {
        expires_in.clamp(0.0, MAX_EXPIRES_IN)
    } else {
        DEFAULT_EXPIRES_IN
    };
    Ok((Arc::from(token), Duration::from_secs_f64(expires_in)))
}

/// The OAuth `error: error_description`, or the start of the body.
fn oauth_error(body: &[u8]) -> Option<String> {
    if let Ok(Value::Object(obj)) = serde_json::from_slice::<Value>(body) {
        let field = |k: &str| obj.get(k).and_then(Value::as_str).filter(|s| !s.is_empty());
        match (field("error"), field("error_description")) {
            (Some(e), Some(d)) => return Some(format!("{e}: {d}")),
            (Some(e), None) | (None, Some(e)) => return Some(e.to_owned()),
            (None, None) => {}
        }
    }
    let text = String::from_utf8_lossy(body);
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    (!text.is_empty()).then(|| truncate(&text, 200))
}

/// An error and its causes, `outer: inner: root`, skipping causes already quoted by their parent.
pub(crate) fn error_chain(err: &(dyn std::error::Error + 'static)) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    let mut depth = 0;
    while let Some(cause) = source {
        let part = cause.to_string();
        if !text.contains(&part) {
            text.push_str(": ");
            text.push_str(&part);
        }
        source = cause.source();
        depth += 1;
        if depth > 16 {
            break;
        }
    }
    text
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::testserver::{TestServer, test_http};

    pub(crate) const TEST_RSA_KEY: &str = include_str!("../testdata/test-rsa-key.pem");
    const TEST_RSA_PUB: &str = include_str!("../testdata/test-rsa-pub.pem");

    fn provider(server: &TestServer, credentials: Credentials) -> TokenProvider {
        TokenProvider::new(
            test_http(),
            server.url("/oauth2/v1/token"),
            credentials,
            Duration::from_secs(30),
        )
        .unwrap()
        .with_timeout(Duration::from_secs(5))
    }

    async fn bounded<T>(f: impl std::future::Future<Output = T>) -> T {
        tokio::time::timeout(Duration::from_secs(20), f)
            .await
            .expect("test took too long")
    }

    /// A secret store whose secret is rotated when it is first read again: the test server
    /// then accepts tokens again.
    struct RotatingStore {
        server: Arc<TestServer>,
        reads: AtomicU64,
    }

    impl CredentialSource for RotatingStore {
        fn reload(&self) -> Pin<Box<dyn Future<Output = Result<Credentials, String>> + Send + '_>> {
            Box::pin(async move {
                self.reads.fetch_add(1, Ordering::SeqCst);
                self.server.accept_tokens();
                Ok(Credentials::secret("rotated-id", "rotated-secret"))
            })
        }
    }

    #[tokio::test]
    async fn refused_credentials_are_read_again_from_their_source_once() {
        let server = Arc::new(TestServer::start().await);
        server.fail_token(401, r#"{"error":"invalid_client"}"#);
        let store = Arc::new(RotatingStore {
            server: Arc::clone(&server),
            reads: AtomicU64::new(0),
        });
        let tp = provider(&server, Credentials::secret("old-id", "old-secret"))
            .with_rotation(Arc::clone(&store) as Arc<dyn CredentialSource>);
        let token = bounded(tp.token()).await.unwrap();
        assert!(!token.is_empty());
        assert_eq!(store.reads.load(Ordering::SeqCst), 1);
        assert_eq!(tp.client_id(), "rotated-id");
        let sent: Vec<String> = server
            .token_log()
            .iter()
            .map(|r| r.form()["client_id"].clone())
            .collect();
        assert_eq!(sent, ["old-id", "rotated-id"]);

        // Refused again right away: the store is not read again within the interval, and the
        // refusal reaches the caller.
        server.fail_token(401, r#"{"error":"invalid_client"}"#);
        tp.invalidate(&token);
        let refused = bounded(tp.token()).await.unwrap_err();
        assert_eq!(refused.status(), Some(401));
        assert_eq!(store.reads.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn without_a_source_a_refusal_is_final() {
        let server = TestServer::start().await;
        server.fail_token(401, r#"{"error":"invalid_client"}"#);
        let tp = provider(&server, Credentials::secret("cid", "sec"));
        let refused = bounded(tp.token()).await.unwrap_err();
        assert!(refused.to_string().contains("invalid_client"), "{refused}");
        assert_eq!(server.token_requests(), 1);
    }

    #[tokio::test]
    async fn single_flight_under_concurrency() {
        let server = TestServer::start().await;
        server.set_token_delay(Duration::from_millis(200));
        let tp = Arc::new(provider(&server, Credentials::secret("cid", "sec")));
        let mut set = tokio::task::JoinSet::new();
        for _ in 0..100 {
            let tp = Arc::clone(&tp);
            set.spawn(async move { tp.token().await });
        }
        let tokens = bounded(set.join_all()).await;
        let first = tokens[0].as_ref().unwrap().clone();
        assert!(tokens.iter().all(|t| t.as_ref().ok() == Some(&first)));
        assert_eq!(tp.token_requests(), 1);
        assert_eq!(server.token_requests(), 1);
    }

    #[tokio::test]
    async fn refresh_margin() {
        let server = TestServer::start().await;
        server.set_expires_in("31");
        let tp = provider(&server, Credentials::secret("cid", "sec"));
        let a = bounded(tp.token()).await.unwrap();
        let b = bounded(tp.token()).await.unwrap();
        assert_eq!(a, b);
        assert_eq!(
            server.token_requests(),
            1,
            "31 s of validity is more than the 30 s margin"
        );

        server.set_expires_in("29");
        tp.invalidate(&a);
        let c = bounded(tp.token()).await.unwrap();
        let d = bounded(tp.token()).await.unwrap();
        assert_ne!(c, d);
        assert_eq!(
            server.token_requests(),
            3,
            "29 s is inside the margin: refreshed next call"
        );

        // A numeric string and a missing expires_in also work.
        server.set_expires_in("\"3600\"");
        tp.invalidate(&d);
        let e = bounded(tp.token()).await.unwrap();
        assert_eq!(bounded(tp.token()).await.unwrap(), e);
        assert_eq!(server.token_requests(), 4);
    }

    #[tokio::test]
    async fn invalidate_only_clears_the_stale_token() {
        let server = TestServer::start().await;
        let tp = provider(&server, Credentials::secret("cid", "sec"));
        let a = bounded(tp.token()).await.unwrap();
        tp.invalidate("some-other-token");
        assert_eq!(bounded(tp.token()).await.unwrap(), a);
        assert_eq!(server.token_requests(), 1);
        tp.invalidate(&a);
        tp.invalidate(&a);
        let b = bounded(tp.token()).await.unwrap();
        assert_ne!(a, b);
        assert_eq!(server.token_requests(), 2);
    }

    #[tokio::test]
    async fn secret_form_fields() {
        let server = TestServer::start().await;
        let tp = provider(&server, Credentials::secret("cid-1", "p@ss word"));
        bounded(tp.token()).await.unwrap();
        let req = server.token_log().pop().unwrap();
        assert_eq!(req.method, "POST");
        assert_eq!(req.header("accept").as_deref(), Some("application/json"));
        assert!(
            req.header("content-type")
                .unwrap()
                .starts_with("application/x-www-form-urlencoded")
        );
        let form = req.form();
        assert_eq!(
            form.get("grant_type").map(String::as_str),
            Some("client_credentials")
        );
        assert_eq!(form.get("client_id").map(String::as_str), Some("cid-1"));
        assert_eq!(
            form.get("client_secret").map(String::as_str),
            Some("p@ss word")
        );
        assert_eq!(
            form.get("audience").map(String::as_str),
            Some("https://api.zscaler.com")
        );
        assert!(!form.contains_key("client_assertion"));
    }

    #[tokio::test]
    async fn private_key_assertion() {
        let server = TestServer::start().await;
        let tp = provider(&server, Credentials::private_key("cid-2", TEST_RSA_KEY));
        bounded(tp.token()).await.unwrap();
        let form = server.token_log().pop().unwrap().form();
        assert_eq!(
            form.get("client_assertion_type").map(String::as_str),
            Some(JWT_BEARER)
        );
        assert!(!form.contains_key("client_secret"));
        let jwt = form.get("client_assertion").unwrap();
        let header = jsonwebtoken::decode_header(jwt).unwrap();
        assert_eq!(header.alg, Algorithm::RS256);
        assert_eq!(header.typ.as_deref(), Some("JWT"));
        let key = jsonwebtoken::DecodingKey::from_rsa_pem(TEST_RSA_PUB.as_bytes()).unwrap();
        let mut validation = jsonwebtoken::Validation::new(Algorithm::RS256);
        validation.set_audience(&[AUDIENCE]);
        validation.set_issuer(&["cid-2"]);
        let data = jsonwebtoken::decode::<Value>(jwt, &key, &validation).unwrap();
        let c = data.claims;
        assert_eq!(c["sub"], "cid-2");
        assert_eq!(c["exp"].as_u64().unwrap() - c["iat"].as_u64().unwrap(), 600);
        assert_eq!(c["jti"].as_str().unwrap().len(), 32);
    }

    #[tokio::test]
    async fn token_errors_name_the_host_and_oauth_error() {
        let server = TestServer::start().await;
        server.fail_token(
            401,
            r#"{"error":"invalid_client","error_description":"Client authentication failed"}"#,
        );
        let tp = provider(&server, Credentials::secret("cid", "very-secret-value"));
        let err = bounded(tp.token()).await.unwrap_err();
        let text = err.to_string();
        assert_eq!(err.status(), Some(401));
        assert!(
            text.contains(
                "127.0.0.1 answered HTTP 401: invalid_client: Client authentication failed"
            ),
            "{text}"
        );
        assert!(!text.contains("very-secret-value"));
        assert!(!format!("{err:?} {tp:?}").contains("very-secret-value"));
    }

    #[test]
    fn token_response_shapes() {
        let (t, d) = parse_token_response(
            br#"{"access_token":"abc","token_type":"Bearer","expires_in":86399}"#,
        )
        .unwrap();
        assert_eq!((&*t, d), ("abc", Duration::from_secs(86399)));
        let (_, d) = parse_token_response(br#"{"access_token":"abc","expires_in":"120"}"#).unwrap();
        assert_eq!(d, Duration::from_secs(120));
        let (_, d) = parse_token_response(br#"{"access_token":"abc"}"#).unwrap();
        assert_eq!(d, Duration::from_secs(3600));
        assert!(parse_token_response(br#"{"token_type":"Bearer"}"#).is_err());
        assert!(parse_token_response(br#"{"access_token":"a\nb"}"#).is_err());
        assert!(parse_token_response(br#"{"access_token":"a","expires_in":"soon"}"#).is_err());
        assert!(parse_token_response(b"<html>").is_err());
    }
}
