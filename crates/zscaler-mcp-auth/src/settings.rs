//! What the binary tells the authenticator: the mode and its settings, with defaults. Checked
//! by [`Authenticator::new`](crate::Authenticator::new), never read from the environment here.

use std::fmt;
use std::time::Duration;

use jsonwebtoken::{Algorithm, AlgorithmFamily};
use url::{Host, Url};
use zscaler_oneapi::Cloud;

use crate::error::AuthError;

/// The audience `jwt` mode requires unless told otherwise (the Python server's default).
pub const DEFAULT_AUDIENCE: &str = "zscaler-mcp-server";

/// A secret string (an API key). `Debug` never shows it.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }

    /// The secret itself; do not log it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Secret {
        Secret(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Secret {
        Secret(value.to_owned())
    }
}

/// Everything the authenticator needs.
#[derive(Debug, Clone)]
pub struct AuthSettings {
    pub mode: AuthMode,
    /// AgentCore: in `api-key` and `zscaler` modes, a request carrying no credential at all is
    /// accepted as the principal `platform` (the platform in front has authenticated it).
    /// A request that carries a wrong credential is still refused. Logged as a warning at start.
    pub trust_platform_auth: bool,
}

impl AuthSettings {
    pub fn new(mode: AuthMode) -> AuthSettings {
        AuthSettings {
            mode,
            trust_platform_auth: false,
        }
    }
}

/// How clients prove who they are.
#[derive(Debug, Clone)]
pub enum AuthMode {
    /// Bearer JWTs signed by a key of a JWKS.
    Jwt(JwtSettings),
    /// Static keys; several may be valid at once (rotation).
    ApiKey(Vec<Secret>),
    /// OneAPI client credentials, checked with ZIdentity.
    Zscaler(ZscalerAuthSettings),
    /// An OAuth 2.1 resource server in front of an OIDC issuer (MCP authorization spec).
    Oidc(OidcSettings),
    /// No authentication (logged as a warning at start).
    None,
}

impl AuthMode {
    /// `jwt`, `api-key`, `zscaler`, `oidc` or `none`: the names the binary's flag takes.
    pub fn name(&self) -> &'static str {
        match self {
            AuthMode::Jwt(_) => "jwt",
            AuthMode::ApiKey(_) => "api-key",
            AuthMode::Zscaler(_) => "zscaler",
            AuthMode::Oidc(_) => "oidc",
            AuthMode::None => "none",
        }
    }
}

/// How the signing keys of a JWKS are cached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JwksOptions {
    /// Keys are fetched again after this long (1 h). If that fails, the old keys stay in use
    /// for up to a day more, while fetches are retried.
    pub cache_ttl: Duration,
    /// At most one fetch per this interval (10 s), whatever causes it: a token naming an unknown
    /// `kid` cannot make the server fetch once per request.
    pub min_refresh_interval: Duration,
    /// Longest wait for one fetch (10 s).
    pub timeout: Duration,
}

impl Default for JwksOptions {
    fn default() -> JwksOptions {
        JwksOptions {
            cache_ttl: Duration::from_secs(3600),
            min_refresh_interval: Duration::from_secs(10),
            timeout: Duration::from_secs(10),
        }
    }
}

/// `jwt` mode.
#[derive(Debug, Clone)]
pub struct JwtSettings {
    /// Where the signing keys are published (https; plain http only on loopback).
    pub jwks_uri: Url,
    /// The required `iss`, if any.
    pub issuer: Option<String>,
    /// The required `aud` ([`DEFAULT_AUDIENCE`] unless changed); `None` accepts any audience.
    pub audience: Option<String>,
    /// Accepted signature algorithms (RS256 and ES256 by default); shared-secret (HS*)
    /// algorithms are refused, since a JWKS publishes public keys.
    pub algorithms: Vec<Algorithm>,
    /// Clock skew allowed on `exp` and `nbf` (30 s).
    pub leeway: Duration,
    pub jwks: JwksOptions,
}

impl JwtSettings {
    /// The defaults: audience [`DEFAULT_AUDIENCE`], no issuer check, RS256 and ES256, 30 s leeway.
    pub fn new(jwks_uri: Url) -> JwtSettings {
        JwtSettings {
            jwks_uri,
            issuer: None,
            audience: Some(DEFAULT_AUDIENCE.to_owned()),
            algorithms: default_algorithms(),
            leeway: DEFAULT_LEEWAY,
            jwks: JwksOptions::default(),
        }
    }
}

/// `oidc` mode: this server is an OAuth 2.1 protected resource (RFC 9728) of an OIDC issuer.
#[derive(Debug, Clone)]
pub struct OidcSettings {
    /// The issuer's `.well-known/openid-configuration`; fetched at start for `issuer` and
    /// `jwks_uri` (https; plain http only on loopback).
    pub config_url: Url,
    /// This server's public MCP URL, e.g. `https://mcp.acme.com/mcp`: the RFC 8707 resource
    /// clients ask tokens for, and an accepted audience.
    pub resource: Url,
    /// A further accepted audience (often the client id the issuer puts in `aud`).
    pub audience: Option<String>,
    /// Scopes every token must carry (`scope` or `scp` claim); missing ones get 403.
    pub required_scopes: Vec<String>,
    pub algorithms: Vec<Algorithm>,
    pub leeway: Duration,
    pub jwks: JwksOptions,
}

impl OidcSettings {
    pub fn new(config_url: Url, resource: Url) -> OidcSettings {
        OidcSettings {
            config_url,
            resource,
            audience: None,
            required_scopes: Vec::new(),
            algorithms: default_algorithms(),
            leeway: DEFAULT_LEEWAY,
            jwks: JwksOptions::default(),
        }
    }
}

/// `zscaler` mode: callers present OneAPI client credentials, checked by a ZIdentity
/// client-credentials exchange.
#[derive(Debug, Clone)]
pub struct ZscalerAuthSettings {
    /// The ZIdentity token URL of the server's own vanity domain (in `--demo`, the emulator's).
    pub token_url: Url,
    /// The server's own vanity domain: callers without `X-Zscaler-Vanity-Domain` belong to it.
    pub vanity: String,
    /// Derives the token URL of a caller's own vanity domain (passthrough).
    pub cloud: Cloud,
    /// Hand the caller's credentials (and `X-Zscaler-Vanity-Domain`, `X-Zscaler-Customer-Id`) to
    /// the server in [`Principal::caller_credentials`](crate::Principal) so its API calls run
    /// as the caller's tenant, not the server's.
    pub passthrough: bool,
    /// How long a refused credential is answered from memory (30 s).
    pub failure_ttl: Duration,
    /// How long a check is trusted at most (1 h − 60 s), even if the token lives longer: a
    /// revoked secret stops working within that time.
    pub max_success_ttl: Duration,
    /// Longest wait for one exchange (10 s).
    pub exchange_timeout: Duration,
}

impl ZscalerAuthSettings {
    pub fn new(token_url: Url, vanity: impl Into<String>, cloud: Cloud) -> ZscalerAuthSettings {
        ZscalerAuthSettings {
            token_url,
            vanity: vanity.into(),
            cloud,
            passthrough: false,
            failure_ttl: Duration::from_secs(30),
            max_success_ttl: Duration::from_secs(3600 - 60),
            exchange_timeout: Duration::from_secs(10),
        }
    }
}

pub(crate) const DEFAULT_LEEWAY: Duration = Duration::from_secs(30);

/// RS256 and ES256.
pub fn default_algorithms() -> Vec<Algorithm> {
    vec![Algorithm::RS256, Algorithm::ES256]
}

/// Parses a comma-separated algorithm list such as `RS256,ES256`, refusing shared-secret (HS*)
/// algorithms and unknown names.
pub fn parse_algorithms(list: &str) -> Result<Vec<Algorithm>, AuthError> {
    let mut out = Vec::new();
    for name in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        let alg: Algorithm = name.parse().map_err(|_| {
            AuthError::setting(
                "algorithms",
                format!(
                    "`{name}` is not a JWS algorithm: use RS256, RS384, RS512, PS256, PS384, \
                     PS512, ES256, ES384 or EdDSA"
                ),
            )
        })?;
        if !out.contains(&alg) {
            out.push(alg);
        }
    }
    check_algorithms(&out)?;
    Ok(out)
}

pub(crate) fn check_algorithms(algorithms: &[Algorithm]) -> Result<(), AuthError> {
    if algorithms.is_empty() {
        return Err(AuthError::setting(
            "algorithms",
            "no algorithm allowed: name at least one, e.g. RS256",
        ));
    }
    if let Some(hs) = algorithms
        .iter()
        .find(|a| a.family() == AlgorithmFamily::Hmac)
    {
        return Err(AuthError::setting(
            "algorithms",
            format!(
                "{hs:?} is a shared-secret algorithm; a JWKS publishes public keys, so only \
                 RS*, PS*, ES* and EdDSA can be verified with it"
            ),
        ));
    }
    Ok(())
}

/// A URL the server fetches keys or metadata from must be https, except on loopback (tests,
/// a local IdP), so the keys that decide who gets in cannot be swapped on the network.
pub(crate) fn check_fetch_url(setting: &'static str, url: &Url) -> Result<(), AuthError> {
    if !url.username().is_empty() || url.password().is_some() {
        // Refused rather than shown: the URL appears in logs and errors.
        return Err(AuthError::setting(
            setting,
            "the URL carries a user name or password; give it without credentials",
        ));
    }
    match url.scheme() {
        "https" => Ok(()),
        "http" if is_loopback(url) => Ok(()),
        "http" => Err(AuthError::setting(
            setting,
            format!(
                "{url} uses plain http; signing keys and metadata must come over https \
                 (plain http is allowed only on loopback)"
            ),
        )),
        other => Err(AuthError::setting(
            setting,
            format!("{url}: scheme `{other}` is not http(s)"),
        )),
    }
}

pub(crate) fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(Host::Ipv4(ip)) => ip.is_loopback(),
        Some(Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn algorithm_lists_refuse_shared_secrets_and_unknown_names() {
        assert_eq!(
            parse_algorithms(" RS256, ES256 ,RS256").unwrap(),
            vec![Algorithm::RS256, Algorithm::ES256]
        );
        let hs = parse_algorithms("RS256,HS256").unwrap_err().to_string();
        assert!(hs.contains("HS256 is a shared-secret algorithm"), "{hs}");
        let unknown = parse_algorithms("RS256,none").unwrap_err().to_string();
        assert!(
            unknown.contains("`none` is not a JWS algorithm"),
            "{unknown}"
        );
        assert!(parse_algorithms(" , ").is_err());
    }

    #[test]
    fn fetch_urls_must_be_https_off_loopback() {
        let ok = |u: &str| check_fetch_url("jwks_uri", &Url::parse(u).unwrap());
        assert!(ok("https://idp.example.com/keys").is_ok());
        assert!(ok("http://127.0.0.1:9/keys").is_ok());
        assert!(ok("http://[::1]:9/keys").is_ok());
        assert!(ok("http://localhost/keys").is_ok());
        let err = ok("http://idp.example.com/keys").unwrap_err().to_string();
        assert!(err.contains("plain http"), "{err}");
        assert!(ok("ftp://idp.example.com/keys").is_err());
        let creds = ok("https://user:pa55word@idp.example.com/keys")
            .unwrap_err()
            .to_string();
        assert!(creds.contains("user name or password"), "{creds}");
        assert!(!creds.contains("pa55word"), "{creds}");
    }

    #[test]
    fn secrets_do_not_show_in_debug() {
        let settings = AuthSettings::new(AuthMode::ApiKey(vec![Secret::new("k-123456789")]));
        assert!(!format!("{settings:?}").contains("k-123456789"));
    }
}
