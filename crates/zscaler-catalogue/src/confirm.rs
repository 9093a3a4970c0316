//! Confirmation of updates and deletes for clients that cannot ask their user (no
//! elicitation): a single-use token, sealed with an HMAC over the tool, its arguments and the
//! caller, that the agent sends back once the user has agreed.
//!
//! The keys come from `ZSCALER_MCP_REQUEST_STATE_KEYS` so that any replica can check a token
//! another issued; the single-use ledger is per process, so behind a load balancer a token
//! could be redeemed once per replica within its lifetime. Without keys, one is drawn at start.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use hmac::{Hmac, KeyInit, Mac};
use serde_json::{Map, Value};
use sha2::Sha256;
use thiserror::Error;

pub const KEYS_VAR: &str = "ZSCALER_MCP_REQUEST_STATE_KEYS";
pub const DEFAULT_TTL: Duration = Duration::from_secs(300);
const MIN_KEY_BYTES: usize = 32;
const DOMAIN: &[u8] = b"zscaler-mcp confirmation v1";

#[derive(Debug, Error, PartialEq, Eq)]
pub enum KeyError {
    #[error(
        "{KEYS_VAR}: key {0} is neither hex nor base64 (give one or more comma-separated keys of at least 32 bytes)"
    )]
    Unreadable(usize),
    #[error("{KEYS_VAR}: key {0} is {1} bytes; keys must be at least 32 bytes")]
    TooShort(usize, usize),
    #[error("{KEYS_VAR} is set but holds no key")]
    Empty,
}

/// Secret keys shared by replicas: the first seals, every one opens (for rotation).
#[derive(Clone)]
pub struct Keys(Vec<Vec<u8>>);

impl std::fmt::Debug for Keys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Keys({} redacted)", self.0.len())
    }
}

impl Keys {
    /// One key drawn now; tokens then hold only on this process.
    pub fn random() -> Keys {
        Keys(vec![rand::random::<[u8; 32]>().to_vec()])
    }

    /// Parses the variable's value: comma-separated keys, each hex or base64.
    pub fn parse(value: &str) -> Result<Keys, KeyError> {
        let mut keys = Vec::new();
        for (i, part) in value.split(',').map(str::trim).enumerate() {
            if part.is_empty() {
                continue;
            }
            let n = i + 1;
            let bytes = if part.len() % 2 == 0 && part.bytes().all(|b| b.is_ascii_hexdigit()) {
                hex::decode(part).map_err(|_| KeyError::Unreadable(n))?
            } else {
                base64::engine::general_purpose::STANDARD
                    .decode(part)
                    .or_else(|_| base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(part))
                    .map_err(|_| KeyError::Unreadable(n))?
            };
            if bytes.len() < MIN_KEY_BYTES {
                return Err(KeyError::TooShort(n, bytes.len()));
            }
            keys.push(bytes);
        }
        if keys.is_empty() {
            return Err(KeyError::Empty);
        }
        Ok(Keys(keys))
    }

    /// The sealing key (the first).
    pub fn primary(&self) -> &[u8] {
        &self.0[0]
    }

    pub fn all(&self) -> &[Vec<u8>] {
        &self.0
    }

    /// Keys for another use (`purpose`), derived so that no key serves two constructions.
    pub fn derive(&self, purpose: &str) -> Vec<Vec<u8>> {
        self.0
            .iter()
            .map(|key| {
                let mut m = keyed(key);
                m.update(purpose.as_bytes());
                m.finalize().into_bytes().to_vec()
            })
            .collect()
    }
}

/// Why a token was not accepted; told to the agent with a fresh token.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum Rejected {
    #[error("the confirmation token is malformed")]
    Malformed,
    #[error("the confirmation token has expired")]
    Expired,
    #[error(
        "the confirmation token was issued for another call (tool, arguments or caller differ)"
    )]
    Mismatch,
    #[error("the confirmation token has already been used")]
    Used,
}

/// Issues and redeems confirmation tokens.
pub struct Confirmations {
    keys: Keys,
    ttl: Duration,
    /// Redeemed nonces and when they expire (kept only as long as the token could be valid).
    used: Mutex<HashMap<String, u64>>,
}

impl Confirmations {
    pub fn new(keys: Keys, ttl: Duration) -> Confirmations {
        Confirmations {
            keys,
            ttl,
            used: Mutex::new(HashMap::new()),
        }
    }

    pub fn keys(&self) -> &Keys {
        &self.keys
    }

    pub fn ttl(&self) -> Duration {
        self.ttl
    }

    /// A token for `tool` called with `args` by `caller`.
    pub fn issue(&self, tool: &str, args: &Map<String, Value>, caller: &str) -> String {
        let expires = now() + self.ttl.as_secs();
        let nonce = hex::encode(rand::random::<[u8; 8]>());
        let mac = mac(self.keys.primary(), tool, args, caller, expires, &nonce);
        format!("{expires}.{nonce}.{}", hex::encode(mac))
    }

    /// Checks `token` against the call and uses it up.
    pub fn redeem(
        &self,
        token: &str,
        tool: &str,
        args: &Map<String, Value>,
        caller: &str,
    ) -> Result<(), Rejected> {
        let mut parts = token.trim().splitn(3, '.');
        let (Some(expires), Some(nonce), Some(mac_hex)) =
            (parts.next(), parts.next(), parts.next())
        else {
            return Err(Rejected::Malformed);
        };
        let expires: u64 = expires.parse().map_err(|_| Rejected::Malformed)?;
        let given = hex::decode(mac_hex).map_err(|_| Rejected::Malformed)?;
        if nonce.len() != 16 || !nonce.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(Rejected::Malformed);
        }
        let genuine = self.keys.all().iter().any(|key| {
            let mut m = keyed(key);
            feed(&mut m, tool, args, caller, expires, nonce);
            m.verify_slice(&given).is_ok()
        });
        if !genuine {
            return Err(Rejected::Mismatch);
        }
        let now = now();
        if expires <= now {
            return Err(Rejected::Expired);
        }
        let mut used = self.used.lock().unwrap_or_else(|e| e.into_inner());
        used.retain(|_, exp| *exp > now);
        if used.insert(nonce.to_owned(), expires).is_some() {
            return Err(Rejected::Used);
        }
        Ok(())
    }
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

fn keyed(key: &[u8]) -> Hmac<Sha256> {
    <Hmac<Sha256> as KeyInit>::new_from_slice(key).expect("HMAC takes keys of any length")
}

fn feed(
    m: &mut Hmac<Sha256>,
    tool: &str,
    args: &Map<String, Value>,
    caller: &str,
    expires: u64,
    nonce: &str,
) {
    for part in [
        DOMAIN,
        tool.as_bytes(),
        caller.as_bytes(),
        canonical(&Value::Object(args.clone())).as_bytes(),
        expires.to_string().as_bytes(),
        nonce.as_bytes(),
    ] {
        // Length-prefixed, so no two different calls feed the same bytes.
        m.update(&(part.len() as u64).to_be_bytes());
        m.update(part);
    }
}

fn mac(
    key: &[u8],
    tool: &str,
    args: &Map<String, Value>,
    caller: &str,
    expires: u64,
    nonce: &str,
) -> Vec<u8> {
    let mut m = keyed(key);
    feed(&mut m, tool, args, caller, expires, nonce);
    m.finalize().into_bytes().to_vec()
}

/// JSON with object keys sorted at every level, so argument order does not matter.
fn canonical(value: &Value) -> String {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            let fields: Vec<String> = keys
                .into_iter()
                .map(|k| format!("{}:{}", Value::String(k.clone()), canonical(&map[k])))
                .collect();
            format!("{{{}}}", fields.join(","))
        }
        Value::Array(items) => {
            let items: Vec<String> = items.iter().map(canonical).collect();
            format!("[{}]", items.join(","))
        }
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn args(v: Value) -> Map<String, Value> {
        v.as_object().unwrap().clone()
    }

    #[test]
    fn a_token_works_once_for_its_call_only() {
        let c = Confirmations::new(Keys::random(), DEFAULT_TTL);
        let a = args(json!({"rule_id": "7", "fields": {"b": 1, "a": 2}}));
        let token = c.issue("zia_delete_rule", &a, "session-1");
        assert_eq!(
            c.redeem(&token, "zia_delete_rule", &a, "session-2"),
            Err(Rejected::Mismatch)
        );
        let other = args(json!({"rule_id": "8", "fields": {"b": 1, "a": 2}}));
        assert_eq!(
            c.redeem(&token, "zia_delete_rule", &other, "session-1"),
            Err(Rejected::Mismatch)
        );
        assert_eq!(
            c.redeem(&token, "zia_update_rule", &a, "session-1"),
            Err(Rejected::Mismatch)
        );
        // Key order in the arguments does not matter.
        let reordered = args(json!({"fields": {"a": 2, "b": 1}, "rule_id": "7"}));
        assert_eq!(
            c.redeem(&token, "zia_delete_rule", &reordered, "session-1"),
            Ok(())
        );
        assert_eq!(
            c.redeem(&token, "zia_delete_rule", &a, "session-1"),
            Err(Rejected::Used)
        );
        assert_eq!(
            c.redeem("garbage", "zia_delete_rule", &a, "session-1"),
            Err(Rejected::Malformed)
        );
    }

    #[test]
    fn expired_tokens_are_refused() {
        let c = Confirmations::new(Keys::random(), Duration::ZERO);
        let a = args(json!({}));
        let token = c.issue("t", &a, "x");
        assert_eq!(c.redeem(&token, "t", &a, "x"), Err(Rejected::Expired));
    }

    #[test]
    fn replicas_sharing_keys_accept_each_others_tokens() {
        let key = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
        let old = Keys::parse(key).unwrap();
        let rotated = Keys::parse(&format!(
            "{},{key}",
            base64::engine::general_purpose::STANDARD.encode([7u8; 32])
        ))
        .unwrap();
        let issuer = Confirmations::new(old, DEFAULT_TTL);
        let checker = Confirmations::new(rotated, DEFAULT_TTL);
        let a = args(json!({"id": 1}));
        let token = issuer.issue("t", &a, "c");
        assert_eq!(checker.redeem(&token, "t", &a, "c"), Ok(()));
        assert_eq!(Keys::parse("abcd").unwrap_err(), KeyError::TooShort(1, 2));
        assert_eq!(Keys::parse(" , ").unwrap_err(), KeyError::Empty);
        assert_eq!(
            Keys::parse("not base64!").unwrap_err(),
            KeyError::Unreadable(1)
        );
    }
}
