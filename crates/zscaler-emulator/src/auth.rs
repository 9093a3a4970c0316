//! ZIdentity's token endpoint and the gateway's bearer-token check.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use parking_lot::Mutex;
use serde::Deserialize;
use serde_json::json;

use crate::call::Reply;

pub const AUDIENCE: &str = "https://api.zscaler.com";
const ASSERTION_TYPE: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/// The API client the emulated tenant knows.
#[derive(Clone)]
pub struct ClientRegistration {
    pub client_id: String,
    pub client_secret: Option<String>,
    /// PEM public key that verifies private-key JWT assertions. Without it, an assertion is
    /// accepted when its claims are right (the emulator is not a place to keep customer keys).
    pub public_key_pem: Option<Vec<u8>>,
    /// The products the client is entitled to, as the token's `service-info[].prd` names
    /// them (`ZIA`, `ZPA`, …).
    pub products: Vec<String>,
}

/// Every product the OneAPI fronts, as `service-info` names them.
pub const ALL_PRODUCTS: [&str; 10] = [
    "ZIA",
    "ZPA",
    "ZDX",
    "ZCC",
    "ZTW",
    "ZIDENTITY",
    "ZEASM",
    "ZINS",
    "ZMS",
    "ZCELL",
];

impl std::fmt::Debug for ClientRegistration {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientRegistration")
            .field("client_id", &self.client_id)
            .field(
                "client_secret",
                &self.client_secret.as_ref().map(|_| "<redacted>"),
            )
            .field("public_key_pem", &self.public_key_pem.is_some())
            .field("products", &self.products)
            .finish()
    }
}

pub struct TokenStore {
    client: ClientRegistration,
    ttl: Mutex<Duration>,
    live: Mutex<HashMap<String, Instant>>,
    issued: std::sync::atomic::AtomicU64,
}

#[derive(Deserialize)]
struct AssertionClaims {
    iss: String,
    sub: String,
    #[serde(deserialize_with = "one_or_many")]
    aud: Vec<String>,
    exp: u64,
}

impl TokenStore {
    /// A JWT-shaped token as ZIdentity issues (claims readable, signature not meant to be
    /// checked by API clients), naming the client's products in `service-info`.
    fn access_token(&self) -> String {
        use base64::Engine as _;
        let b64 = |v: &serde_json::Value| {
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string())
        };
        let products: Vec<serde_json::Value> = self
            .client
            .products
            .iter()
            .map(|p| json!({"prd": p}))
            .collect();
        let header = json!({"alg": "RS256", "typ": "JWT", "kid": "emulator"});
        let claims = json!({
            "iss": "zscaler-emulator",
            "sub": self.client.client_id,
            "azp": self.client.client_id,
            "jti": uuid::Uuid::new_v4().simple().to_string(),
            "service-info": products,
        });
        format!(
            "{}.{}.{}",
            b64(&header),
            b64(&claims),
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(b"emulator-signature")
        )
    }

    pub fn new(client: ClientRegistration, ttl: Duration) -> TokenStore {
        TokenStore {
            client,
            ttl: Mutex::new(ttl),
            live: Mutex::new(HashMap::new()),
            issued: Default::default(),
        }
    }

    pub fn set_ttl(&self, ttl: Duration) {
        *self.ttl.lock() = ttl;
    }

    pub fn tokens_issued(&self) -> u64 {
        self.issued.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Invalidates every issued token, as an expiry or a revocation would.
    pub fn expire_all(&self) {
        self.live.lock().clear();
    }

    pub fn is_valid(&self, authorization: Option<&str>) -> bool {
        let Some(token) = authorization.and_then(|h| {
            h.strip_prefix("Bearer ")
                .or_else(|| h.strip_prefix("bearer "))
        }) else {
            return false;
        };
        let mut live = self.live.lock();
        match live.get(token) {
            Some(expiry) if *expiry > Instant::now() => true,
            Some(_) => {
                live.remove(token);
                false
            }
            None => false,
        }
    }

    /// `POST /oauth2/v1/token` with a form body.
    pub fn token_endpoint(&self, form: &[(String, String)]) -> Reply {
        let field = |name: &str| {
            form.iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.as_str())
        };
        let oauth_error = |status: u16, error: &str, description: &str| {
            Reply::json(
                status,
                json!({"error": error, "error_description": description}),
            )
        };
        if field("grant_type") != Some("client_credentials") {
            return oauth_error(
                400,
                "unsupported_grant_type",
                "grant_type must be client_credentials",
            );
        }
        if field("audience") != Some(AUDIENCE) {
            return oauth_error(
                400,
                "invalid_request",
                "audience must be https://api.zscaler.com",
            );
        }
        if field("client_id") != Some(self.client.client_id.as_str()) {
            return oauth_error(401, "invalid_client", "Client authentication failed");
        }
        let authenticated = match (field("client_secret"), field("client_assertion")) {
            (Some(secret), None) => self.client.client_secret.as_deref() == Some(secret),
            (None, Some(assertion)) => {
                field("client_assertion_type") == Some(ASSERTION_TYPE)
                    && self.assertion_ok(assertion)
            }
            _ => false,
        };
        if !authenticated {
            return oauth_error(401, "invalid_client", "Client authentication failed");
        }
        let token = self.access_token();
        let ttl = *self.ttl.lock();
        self.live.lock().insert(token.clone(), Instant::now() + ttl);
        self.issued
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Reply::ok(
            json!({"access_token": token, "token_type": "Bearer", "expires_in": ttl.as_secs()}),
        )
        .with_header("x-ratelimit-limit", "500, 500;w=1, 100000;w=60")
        .with_header("server", "ingress-gateway")
    }

    fn assertion_ok(&self, assertion: &str) -> bool {
        let Some(pem) = &self.client.public_key_pem else {
            // No key registered: check the header and claims only.
            let Ok(data) = jsonwebtoken::dangerous::insecure_decode::<AssertionClaims>(assertion)
            else {
                return false;
            };
            let now = jsonwebtoken::get_current_timestamp();
            return data.header.alg == Algorithm::RS256
                && data.claims.aud.iter().any(|a| a == AUDIENCE)
                && data.claims.exp > now
                && self.claims_name_client(&data.claims);
        };
        let Ok(key) = DecodingKey::from_rsa_pem(pem) else {
            return false;
        };
        let mut validation = Validation::new(Algorithm::RS256);
        validation.set_audience(&[AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "aud", "iss", "sub"]);
        jsonwebtoken::decode::<AssertionClaims>(assertion, &key, &validation)
            .is_ok_and(|data| self.claims_name_client(&data.claims))
    }

    fn claims_name_client(&self, claims: &AssertionClaims) -> bool {
        claims.iss == self.client.client_id && claims.sub == self.client.client_id
    }
}

/// `aud` may be a string or an array of strings.
fn one_or_many<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }
    Ok(match OneOrMany::deserialize(d)? {
        OneOrMany::One(one) => vec![one],
        OneOrMany::Many(many) => many,
    })
}
