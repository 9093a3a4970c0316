//! Bearer JWT verification shared by `jwt` and `oidc` modes: the header is checked by hand first
//! (`alg: none`, shared-secret algorithms, `crit`, JWE), then the key named by `kid` must fit
//! the token's algorithm before its signature and claims are checked.

use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{Algorithm, Validation};
use serde_json::{Map, Value};

use crate::jwks::{Jwks, LookupError};

/// Longer bearer tokens are refused before any work is done on them.
const MAX_TOKEN_BYTES: usize = 16 * 1024;

/// What a verified token says about its bearer.
#[derive(Debug)]
pub(crate) struct Verified {
    pub(crate) subject: String,
    pub(crate) scopes: Vec<String>,
}

pub(crate) struct TokenVerifier {
    pub(crate) jwks: Jwks,
    algorithms: Vec<Algorithm>,
    issuer: Option<String>,
    /// Accepted audiences; `None` accepts any (and no `aud` at all).
    audiences: Option<Vec<String>>,
    leeway: Duration,
}

impl TokenVerifier {
    pub(crate) fn new(
        jwks: Jwks,
        algorithms: Vec<Algorithm>,
        issuer: Option<String>,
        audiences: Option<Vec<String>>,
        leeway: Duration,
    ) -> TokenVerifier {
        TokenVerifier {
            jwks,
            algorithms,
            issuer,
            audiences,
            leeway,
        }
    }

    /// Verifies `token`; the error is a reason safe to show the caller.
    pub(crate) async fn verify(&self, token: &str) -> Result<Verified, String> {
        if token.len() > MAX_TOKEN_BYTES {
            return Err(format!("token longer than {MAX_TOKEN_BYTES} bytes"));
        }
        let header = read_header(token)?;
        if !self.algorithms.contains(&header.alg) {
            return Err(format!("algorithm {:?} not allowed", header.alg));
        }
        let keys = self
            .jwks
            .keys_for(header.kid.as_deref(), header.alg)
            .await
            .map_err(|e| match e {
                LookupError::Unavailable => {
                    "signing keys unavailable: the JWKS could not be fetched".to_owned()
                }
                LookupError::UnknownKid => "unknown signing key".to_owned(),
                LookupError::AlgorithmMismatch(alg) => {
                    format!("algorithm {alg:?} does not match the signing key")
                }
                LookupError::NoKeyFor(alg) => format!("no signing key for algorithm {alg:?}"),
            })?;

        let mut validation = Validation::new(header.alg);
        validation.leeway = self.leeway.as_secs();
        validation.validate_exp = true;
        validation.validate_nbf = true;
        let mut required = vec!["exp"];
        if let Some(issuer) = &self.issuer {
            validation.set_issuer(&[issuer]);
            required.push("iss");
        }
        match &self.audiences {
            Some(audiences) => {
                validation.set_audience(audiences);
                required.push("aud");
            }
            None => validation.validate_aud = false,
        }
        validation.set_required_spec_claims(&required);

        let mut last = None;
        for key in &keys {
            match jsonwebtoken::decode::<Map<String, Value>>(token, &key.key, &validation) {
                Ok(data) => return claims(data.claims),
                // Without `kid` several keys may fit; only a bad signature means "try the next".
                Err(e) if matches!(e.kind(), ErrorKind::InvalidSignature) => last = Some(e),
                Err(e) => return Err(reason(e.kind())),
            }
        }
        Err(last.map_or_else(|| "invalid signature".to_owned(), |e| reason(e.kind())))
    }
}

struct TokenHeader {
    alg: Algorithm,
    kid: Option<String>,
}

/// The JOSE header, checked before any key is looked up.
fn read_header(token: &str) -> Result<TokenHeader, String> {
    const MALFORMED: &str = "malformed token";
    let parts: Vec<&str> = token.split('.').collect();
    if parts.len() == 5 {
        return Err("encrypted tokens (JWE) are not supported".to_owned());
    }
    if parts.len() != 3 || parts[0].is_empty() || parts[1].is_empty() {
        return Err(MALFORMED.to_owned());
    }
    let bytes = URL_SAFE_NO_PAD
        .decode(parts[0])
        .map_err(|_| MALFORMED.to_owned())?;
    let Ok(Value::Object(header)) = serde_json::from_slice::<Value>(&bytes) else {
        return Err(MALFORMED.to_owned());
    };
    let alg = header
        .get("alg")
        .and_then(Value::as_str)
        .ok_or_else(|| "malformed token: no alg in the header".to_owned())?;
    if alg.eq_ignore_ascii_case("none") {
        return Err("algorithm none not allowed".to_owned());
    }
    let alg: Algorithm = alg.parse().map_err(|_| {
        let shown: String = alg
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .take(16)
            .collect();
        format!("algorithm {shown} not allowed")
    })?;
    if parts[2].is_empty() {
        return Err("malformed token: no signature".to_owned());
    }
    if header.contains_key("crit") {
        return Err("token header has critical extensions (crit), which are not supported".into());
    }
    let kid = match header.get("kid") {
        None | Some(Value::Null) => None,
        Some(Value::String(kid)) => Some(kid.clone()),
        Some(_) => return Err("malformed token: kid is not a string".to_owned()),
    };
    Ok(TokenHeader { alg, kid })
}

fn claims(claims: Map<String, Value>) -> Result<Verified, String> {
    let subject = claims
        .get("sub")
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .ok_or_else(|| "token has no sub claim".to_owned())?
        .to_owned();
    let mut scopes: Vec<String> = Vec::new();
    let mut add = |s: &str| {
        if !s.is_empty() && !scopes.iter().any(|have| have == s) {
            scopes.push(s.to_owned());
        }
    };
    // `scope` (RFC 8693/9068: space-separated) and `scp` (Okta, Entra: an array or a string).
    for name in ["scope", "scp"] {
        match claims.get(name) {
            Some(Value::String(list)) => list.split_whitespace().for_each(&mut add),
            Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).for_each(&mut add),
            _ => {}
        }
    }
    Ok(Verified { subject, scopes })
}

fn reason(kind: &ErrorKind) -> String {
    match kind {
        ErrorKind::ExpiredSignature => "token expired".to_owned(),
        ErrorKind::ImmatureSignature => "token not yet valid".to_owned(),
        ErrorKind::InvalidIssuer => "wrong issuer".to_owned(),
        ErrorKind::InvalidAudience => "wrong audience".to_owned(),
        ErrorKind::InvalidSignature => "invalid signature".to_owned(),
        ErrorKind::MissingRequiredClaim(claim) => format!("token has no {claim} claim"),
        ErrorKind::InvalidClaimFormat(claim) => format!("token claim {claim} has the wrong type"),
        ErrorKind::InvalidAlgorithm => "algorithm does not match the signing key".to_owned(),
        ErrorKind::InvalidToken
        | ErrorKind::Base64(_)
        | ErrorKind::Json(_)
        | ErrorKind::Utf8(_) => "malformed token".to_owned(),
        _ => "token could not be verified".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn token_with_header(header: Value) -> String {
        format!(
            "{}.{}.c2ln",
            URL_SAFE_NO_PAD.encode(header.to_string()),
            URL_SAFE_NO_PAD.encode("{}")
        )
    }

    #[test]
    fn headers_are_checked_before_keys() {
        let none = token_with_header(json!({"alg": "none"}));
        assert_eq!(
            read_header(&none).err().unwrap(),
            "algorithm none not allowed"
        );
        let none = token_with_header(json!({"alg": "NONE"}));
        assert_eq!(
            read_header(&none).err().unwrap(),
            "algorithm none not allowed"
        );
        let odd = token_with_header(json!({"alg": "X\"Y<script>"}));
        assert_eq!(
            read_header(&odd).err().unwrap(),
            "algorithm XYscript not allowed"
        );
        let crit = token_with_header(json!({"alg": "RS256", "crit": ["b64"]}));
        assert!(read_header(&crit).err().unwrap().contains("crit"));
        assert_eq!(read_header("a.b").err().unwrap(), "malformed token");
        assert_eq!(read_header("a..c").err().unwrap(), "malformed token");
        let unsigned = token_with_header(json!({"alg": "RS256"}));
        let unsigned = &unsigned[..unsigned.rfind('.').unwrap() + 1];
        assert_eq!(
            read_header(unsigned).err().unwrap(),
            "malformed token: no signature"
        );
        assert!(read_header("a.b.c.d.e").err().unwrap().contains("JWE"));
        let ok = token_with_header(json!({"alg": "ES256", "kid": "k1"}));
        let header = read_header(&ok).unwrap();
        assert_eq!(header.alg, Algorithm::ES256);
        assert_eq!(header.kid.as_deref(), Some("k1"));
    }

    #[test]
    fn scopes_come_from_scope_or_scp() {
        let v = claims(
            json!({"sub": "u", "scope": "a b", "scp": ["b", "c"]})
                .as_object()
                .unwrap()
                .clone(),
        )
        .unwrap();
        assert_eq!(v.scopes, vec!["a", "b", "c"]);
        let no_sub = claims(json!({"scope": "a"}).as_object().unwrap().clone());
        assert_eq!(no_sub.err().unwrap(), "token has no sub claim");
    }
}
