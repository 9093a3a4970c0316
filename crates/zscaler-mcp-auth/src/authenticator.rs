//! The [`Authenticator`]: settings checked once at start, then one `authenticate` per request.

use std::fmt;
use std::sync::Arc;

use http::HeaderMap;
use serde_json::Value;

use crate::apikey::ApiKeys;
use crate::challenge::{Challenge, Refusal, Rejection};
use crate::credentials::{Authorization, X_API_KEY, authorization, carries_any, single};
use crate::error::AuthError;
use crate::jwks::Jwks;
use crate::jwt::TokenVerifier;
use crate::oidc::{ResourceServer, discover};
use crate::principal::Principal;
use crate::settings::{AuthMode, AuthSettings, JwksOptions, check_algorithms, check_fetch_url};
use crate::zscaler::ZscalerVerifier;

/// Checks the credentials of MCP requests. Cheap to clone (shared state inside).
#[derive(Clone)]
pub struct Authenticator {
    inner: Arc<Inner>,
}

struct Inner {
    verifier: Verifier,
    challenge: Challenge,
    trust_platform: bool,
}

enum Verifier {
    Jwt(TokenVerifier),
    Oidc {
        tokens: TokenVerifier,
        resource: ResourceServer,
    },
    ApiKey(ApiKeys),
    Zscaler(ZscalerVerifier),
    None,
}

impl Verifier {
    fn mode(&self) -> &'static str {
        match self {
            Verifier::Jwt(_) => "jwt",
            Verifier::Oidc { .. } => "oidc",
            Verifier::ApiKey(_) => "api-key",
            Verifier::Zscaler(_) => "zscaler",
            Verifier::None => "none",
        }
    }
}

impl fmt::Debug for Authenticator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("Authenticator");
        d.field("mode", &self.mode());
        match &self.inner.verifier {
            Verifier::Jwt(tokens) => {
                d.field("jwks_uri", &tokens.jwks.uri().as_str());
            }
            Verifier::Oidc { tokens, resource } => {
                d.field("issuer", &resource.issuer)
                    .field("resource", &resource.resource)
                    .field("jwks_uri", &tokens.jwks.uri().as_str());
            }
            Verifier::ApiKey(keys) => {
                d.field("keys", &keys.len());
            }
            Verifier::Zscaler(z) => {
                d.field("token_url", &z.settings().token_url.as_str())
                    .field("passthrough", &z.settings().passthrough);
            }
            Verifier::None => {}
        }
        d.field("trust_platform_auth", &self.inner.trust_platform)
            .finish()
    }
}

impl Authenticator {
    /// Checks the settings and prepares the mode. `oidc` fetches the issuer's discovery document
    /// and fails if it cannot; `jwt` and `oidc` also fetch the JWKS once, where a failure is
    /// only a warning (the keys are fetched again on the first request).
    pub async fn new(
        settings: AuthSettings,
        http: reqwest::Client,
    ) -> Result<Authenticator, AuthError> {
        let mode = settings.mode.name();
        let trust_platform = settings.trust_platform_auth;
        if trust_platform {
            match &settings.mode {
                AuthMode::ApiKey(_) | AuthMode::Zscaler(_) => tracing::warn!(
                    mode,
                    "trust_platform_auth is on: requests without any credential are accepted as \
                     the principal `platform`. Only safe behind a platform that authenticates \
                     every request itself (e.g. AWS Bedrock AgentCore)"
                ),
                AuthMode::None => {}
                AuthMode::Jwt(_) | AuthMode::Oidc(_) => {
                    return Err(AuthError::setting(
                        "trust_platform_auth",
                        format!(
                            "trusting the platform applies only to api-key and zscaler modes, \
                             not {mode}"
                        ),
                    ));
                }
            }
        }
        let (verifier, challenge) = match settings.mode {
            AuthMode::Jwt(jwt) => {
                check_fetch_url("jwks_uri", &jwt.jwks_uri)?;
                check_algorithms(&jwt.algorithms)?;
                check_jwks_options(&jwt.jwks)?;
                let issuer = non_blank("issuer", jwt.issuer)?;
                let audience = non_blank("audience", jwt.audience)?;
                let tokens = TokenVerifier::new(
                    Jwks::new(jwt.jwks_uri, http, jwt.jwks),
                    jwt.algorithms,
                    issuer,
                    audience.map(|a| vec![a]),
                    jwt.leeway,
                );
                tokens.jwks.warm().await;
                (Verifier::Jwt(tokens), Challenge::Bearer)
            }
            AuthMode::Oidc(oidc) => {
                check_fetch_url("config_url", &oidc.config_url)?;
                check_algorithms(&oidc.algorithms)?;
                check_jwks_options(&oidc.jwks)?;
                let audience = non_blank("audience", oidc.audience.clone())?;
                let discovery = discover(&http, &oidc.config_url, oidc.jwks.timeout).await?;
                let resource = ResourceServer::new(&oidc, discovery.issuer.clone())?;
                let tokens = TokenVerifier::new(
                    Jwks::new(discovery.jwks_uri, http, oidc.jwks.clone()),
                    oidc.algorithms.clone(),
                    Some(discovery.issuer),
                    Some(resource.audiences(audience.as_deref())),
                    oidc.leeway,
                );
                tokens.jwks.warm().await;
                let challenge = Challenge::ResourceMetadata {
                    url: resource.metadata_url.clone(),
                    scope: (!resource.scopes.is_empty()).then(|| resource.scopes.join(" ")),
                };
                (Verifier::Oidc { tokens, resource }, challenge)
            }
            AuthMode::ApiKey(keys) => (Verifier::ApiKey(ApiKeys::new(&keys)?), Challenge::Bearer),
            AuthMode::Zscaler(zscaler) => (
                Verifier::Zscaler(ZscalerVerifier::new(zscaler, http)?),
                Challenge::Basic,
            ),
            AuthMode::None => {
                tracing::warn!(
                    "MCP client authentication is off: anyone who can reach this server can use \
                     it with its Zscaler credentials"
                );
                (Verifier::None, Challenge::Bearer)
            }
        };
        Ok(Authenticator {
            inner: Arc::new(Inner {
                verifier,
                challenge,
                trust_platform,
            }),
        })
    }

    /// `jwt`, `oidc`, `api-key`, `zscaler` or `none`.
    pub fn mode(&self) -> &'static str {
        self.inner.verifier.mode()
    }

    /// Who sent this request, or why it is refused.
    pub async fn authenticate(&self, headers: &HeaderMap) -> Result<Principal, Rejection> {
        let mode = self.mode();
        let outcome = self.verdict(headers).await;
        match outcome {
            Ok(principal) => {
                tracing::debug!(mode, subject = %principal.subject, "authenticated");
                Ok(principal)
            }
            Err(refusal) => {
                let rejection = self.inner.challenge.reject(refusal.fault, refusal.reason);
                tracing::info!(
                    mode,
                    status = rejection.status.as_u16(),
                    reason = %rejection.reason,
                    "request refused"
                );
                Err(rejection)
            }
        }
    }

    async fn verdict(&self, headers: &HeaderMap) -> Result<Principal, Refusal> {
        let mode = self.mode();
        match &self.inner.verifier {
            Verifier::None => return Ok(Principal::new("anonymous", mode)),
            Verifier::ApiKey(_) | Verifier::Zscaler(_)
                if self.inner.trust_platform && !carries_any(headers) =>
            {
                return Ok(Principal::new("platform", mode));
            }
            _ => {}
        }
        match &self.inner.verifier {
            Verifier::None => Ok(Principal::new("anonymous", mode)),
            Verifier::Jwt(tokens) => {
                let token = bearer(headers)?;
                let verified = tokens.verify(token).await.map_err(Refusal::invalid)?;
                let mut principal = Principal::new(verified.subject, mode);
                principal.scopes = verified.scopes;
                Ok(principal)
            }
            Verifier::Oidc { tokens, resource } => {
                let token = bearer(headers)?;
                let verified = tokens.verify(token).await.map_err(Refusal::invalid)?;
                let missing: Vec<&str> = resource
                    .scopes
                    .iter()
                    .filter(|s| !verified.scopes.contains(s))
                    .map(String::as_str)
                    .collect();
                if !missing.is_empty() {
                    return Err(Refusal::scope(format!(
                        "the token lacks the required scope{} {}",
                        if missing.len() == 1 { "" } else { "s" },
                        missing.join(" ")
                    )));
                }
                let mut principal = Principal::new(verified.subject, mode);
                principal.scopes = verified.scopes;
                Ok(principal)
            }
            Verifier::ApiKey(keys) => {
                let presented = match single(headers, X_API_KEY).map_err(Refusal::invalid)? {
                    Some("") => return Err(Refusal::invalid("the X-Api-Key header is empty")),
                    Some(key) => key,
                    None => match authorization(headers).map_err(Refusal::invalid)? {
                        Authorization::Bearer(key) => key,
                        Authorization::Absent => {
                            return Err(Refusal::missing(
                                "missing API key: send `Authorization: Bearer <key>` or \
                                 `X-Api-Key: <key>`",
                            ));
                        }
                        Authorization::Basic(_) | Authorization::Other(_) => {
                            return Err(Refusal::invalid(
                                "api-key mode takes `Authorization: Bearer <key>` or \
                                 `X-Api-Key: <key>`",
                            ));
                        }
                    },
                };
                let index = keys
                    .check(presented)
                    .ok_or_else(|| Refusal::invalid("API key not recognised"))?;
                Ok(Principal::new(format!("api-key#{}", index + 1), mode))
            }
            Verifier::Zscaler(zscaler) => zscaler.authenticate(headers).await,
        }
    }

    /// The RFC 9728 protected-resource metadata document (oidc mode only).
    pub fn protected_resource_metadata(&self) -> Option<Value> {
        match &self.inner.verifier {
            Verifier::Oidc { resource, .. } => Some(resource.metadata()),
            _ => None,
        }
    }

    /// The absolute URL of that document, as named in `WWW-Authenticate` (oidc mode only).
    pub fn protected_resource_metadata_url(&self) -> Option<&str> {
        match &self.inner.verifier {
            Verifier::Oidc { resource, .. } => Some(&resource.metadata_url),
            _ => None,
        }
    }

    /// The paths [`metadata_router`](crate::metadata_router) serves the document at.
    pub(crate) fn metadata_paths(&self) -> &[String] {
        match &self.inner.verifier {
            Verifier::Oidc { resource, .. } => &resource.metadata_paths,
            _ => &[],
        }
    }

    /// How many times the JWKS was fetched (jwt and oidc modes), for diagnostics.
    pub fn jwks_fetches(&self) -> Option<u64> {
        match &self.inner.verifier {
            Verifier::Jwt(tokens) | Verifier::Oidc { tokens, .. } => Some(tokens.jwks.fetches()),
            _ => None,
        }
    }
}

fn bearer(headers: &HeaderMap) -> Result<&str, Refusal> {
    match authorization(headers).map_err(Refusal::invalid)? {
        Authorization::Bearer(token) => Ok(token),
        Authorization::Absent => Err(Refusal::missing(
            "missing bearer token: send `Authorization: Bearer <token>`",
        )),
        Authorization::Basic(_) => Err(Refusal::invalid(
            "expected `Authorization: Bearer <token>`, got Basic credentials",
        )),
        Authorization::Other(scheme) => Err(Refusal::invalid(format!(
            "expected `Authorization: Bearer <token>`, got the `{scheme}` scheme"
        ))),
    }
}

fn non_blank(setting: &'static str, value: Option<String>) -> Result<Option<String>, AuthError> {
    match value {
        Some(v) if v.trim().is_empty() => Err(AuthError::setting(
            setting,
            "the value is blank; leave it unset to skip the check",
        )),
        Some(v) => Ok(Some(v.trim().to_owned())),
        None => Ok(None),
    }
}

fn check_jwks_options(options: &JwksOptions) -> Result<(), AuthError> {
    if options.timeout.is_zero() {
        return Err(AuthError::setting(
            "jwks.timeout",
            "the JWKS fetch timeout must be more than zero",
        ));
    }
    Ok(())
}
