//! Test helpers: signing keys, a local identity provider (JWKS + OIDC discovery) on loopback,
//! the Zscaler emulator, and an HTTP client with bounded timeouts.
#![allow(dead_code)]

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::Router;
use axum::extract::State;
use axum::routing::get;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use http::{HeaderMap, HeaderValue};
use jsonwebtoken::jwk::Jwk;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use parking_lot::Mutex;
use serde_json::{Value, json};
use url::Url;

/// Every test body runs under this bound.
pub async fn bounded<T>(f: impl Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(60), f)
        .await
        .expect("the test did not finish within 60 s")
}

pub fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .no_proxy()
        .build()
        .unwrap()
}

pub fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// A private key and its public JWK.
pub struct SigningKey {
    pub kid: String,
    pub alg: Algorithm,
    encoding: EncodingKey,
    pub jwk: Value,
    pub public_pem: String,
}

impl SigningKey {
    pub fn rsa(kid: &str) -> SigningKey {
        let pair = rcgen::KeyPair::generate_for(&rcgen::PKCS_RSA_SHA256).unwrap();
        let encoding = EncodingKey::from_rsa_pem(pair.serialize_pem().as_bytes()).unwrap();
        SigningKey::from_parts(kid, Algorithm::RS256, encoding, pair.public_key_pem())
    }

    pub fn ec(kid: &str) -> SigningKey {
        let pair = rcgen::KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).unwrap();
        let encoding = EncodingKey::from_ec_pem(pair.serialize_pem().as_bytes()).unwrap();
        SigningKey::from_parts(kid, Algorithm::ES256, encoding, pair.public_key_pem())
    }

    fn from_parts(kid: &str, alg: Algorithm, encoding: EncodingKey, public_pem: String) -> Self {
        let mut jwk = Jwk::from_encoding_key(&encoding, alg).unwrap();
        jwk.common.key_id = Some(kid.to_owned());
        SigningKey {
            kid: kid.to_owned(),
            alg,
            encoding,
            jwk: serde_json::to_value(jwk).unwrap(),
            public_pem,
        }
    }

    /// A token with this key's `kid` and algorithm.
    pub fn sign(&self, claims: &Value) -> String {
        self.sign_as(claims, Some(&self.kid))
    }

    pub fn sign_as(&self, claims: &Value, kid: Option<&str>) -> String {
        let mut header = Header::new(self.alg);
        header.kid = kid.map(str::to_owned);
        jsonwebtoken::encode(&header, claims, &self.encoding).unwrap()
    }
}

/// Claims valid for an hour from now.
pub fn claims(sub: &str, iss: &str, aud: &str) -> Value {
    json!({"sub": sub, "iss": iss, "aud": aud, "iat": now(), "exp": now() + 3600})
}

/// A token whose header and payload are given as JSON and whose signature is `sig` (any text).
pub fn raw_token(header: &Value, claims: &Value, sig: &[u8]) -> String {
    format!(
        "{}.{}.{}",
        URL_SAFE_NO_PAD.encode(header.to_string()),
        URL_SAFE_NO_PAD.encode(claims.to_string()),
        URL_SAFE_NO_PAD.encode(sig)
    )
}

struct IdpState {
    jwks: Mutex<Value>,
    discovery: Mutex<Value>,
    fetches: AtomicUsize,
}

/// An identity provider on loopback: `/jwks.json` (counted) and
/// `/.well-known/openid-configuration`.
pub struct Idp {
    pub addr: SocketAddr,
    state: Arc<IdpState>,
    task: tokio::task::JoinHandle<()>,
}

impl Idp {
    pub async fn start(keys: &[&SigningKey]) -> Idp {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let state = Arc::new(IdpState {
            jwks: Mutex::new(Value::Null),
            discovery: Mutex::new(json!({
                "issuer": format!("http://{addr}"),
                "jwks_uri": format!("http://{addr}/jwks.json"),
                "authorization_endpoint": format!("http://{addr}/authorize"),
                "token_endpoint": format!("http://{addr}/token"),
            })),
            fetches: AtomicUsize::new(0),
        });
        let app = Router::new()
            .route(
                "/jwks.json",
                get(|State(s): State<Arc<IdpState>>| async move {
                    s.fetches.fetch_add(1, Ordering::SeqCst);
                    axum::Json(s.jwks.lock().clone())
                }),
            )
            .route(
                "/.well-known/openid-configuration",
                get(|State(s): State<Arc<IdpState>>| async move {
                    axum::Json(s.discovery.lock().clone())
                }),
            )
            .with_state(Arc::clone(&state));
        let task = tokio::spawn(async move {
            axum::serve(listener, app).await.unwrap();
        });
        let idp = Idp { addr, state, task };
        idp.publish(keys);
        idp
    }

    /// Replaces the published keys (rotation).
    pub fn publish(&self, keys: &[&SigningKey]) {
        let jwks: Vec<Value> = keys.iter().map(|k| k.jwk.clone()).collect();
        *self.state.jwks.lock() = json!({ "keys": jwks });
    }

    pub fn set_discovery(&self, doc: Value) {
        *self.state.discovery.lock() = doc;
    }

    pub fn fetches(&self) -> usize {
        self.state.fetches.load(Ordering::SeqCst)
    }

    pub fn issuer(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn jwks_uri(&self) -> Url {
        Url::parse(&format!("http://{}/jwks.json", self.addr)).unwrap()
    }

    pub fn config_url(&self) -> Url {
        Url::parse(&format!(
            "http://{}/.well-known/openid-configuration",
            self.addr
        ))
        .unwrap()
    }
}

impl Drop for Idp {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// A loopback address nothing listens on.
pub async fn closed_port() -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    addr
}

pub fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
    let mut map = HeaderMap::new();
    for (name, value) in pairs {
        map.append(
            http::HeaderName::from_bytes(name.as_bytes()).unwrap(),
            HeaderValue::from_str(value).unwrap(),
        );
    }
    map
}

pub fn bearer(token: &str) -> HeaderMap {
    headers(&[("authorization", &format!("Bearer {token}"))])
}

pub fn basic(id: &str, secret: &str) -> HeaderMap {
    let encoded = base64::engine::general_purpose::STANDARD.encode(format!("{id}:{secret}"));
    headers(&[("authorization", &format!("Basic {encoded}"))])
}

/// The emulated tenant with a known client secret.
pub async fn emulator(secret: &str) -> zscaler_emulator::RunningEmulator {
    let mut config = zscaler_emulator::EmulatorConfig::empty();
    config.client.client_secret = Some(secret.to_owned());
    zscaler_emulator::spawn(config).await.unwrap()
}

/// How many token requests the emulator answered.
pub fn token_requests(emu: &zscaler_emulator::RunningEmulator) -> usize {
    emu.requests()
        .iter()
        .filter(|r| r.path == "/oauth2/v1/token")
        .count()
}
