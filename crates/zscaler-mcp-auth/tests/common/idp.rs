//! A local identity provider for tests: signing keys, tokens, and a loopback server with a
//! JWKS and OIDC discovery. Shared by the auth crate's tests and the binary's (`#[path]`).
#![allow(dead_code)]

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use axum::Router;
use axum::extract::State;
use axum::routing::get;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::jwk::Jwk;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use parking_lot::Mutex;
use serde_json::{Value, json};
use url::Url;

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
