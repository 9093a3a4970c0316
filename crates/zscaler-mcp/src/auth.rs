//! Client authentication settings for the HTTP transports: flags and environment (names as the
//! Python server's), the mode's auto-detection, and the fail-closed checks at start-up.
//!
//! Auto-detection, when `ZSCALER_MCP_AUTH_MODE` is unset: a JWKS URI means `jwt`, an API key
//! `api-key`, a vanity domain `zscaler`; `--demo` on loopback (an emulated tenant, nothing real
//! to protect) means `none`; anything else is refused, since a server nobody can call safely
//! should not start.

use anyhow::{Result, anyhow, bail};
use clap::Args;
use url::Url;
use zscaler_mcp_auth::{
    AuthError, AuthMode, AuthSettings, JwtSettings, OidcSettings, Secret, ZscalerAuthSettings,
    parse_algorithms,
};
use zscaler_oneapi::Cloud;

use crate::config::{parse_bool, trimmed};

#[derive(Debug, Args)]
pub struct AuthArgs {
    /// Authenticate MCP clients on the HTTP transports (stdio is never authenticated).
    #[arg(long, env = "ZSCALER_MCP_AUTH_ENABLED", value_parser = parse_bool, num_args = 0..=1, default_missing_value = "true", default_value = "true")]
    pub auth_enabled: bool,
    /// jwt, api-key, zscaler, oidc or none; default: detected from the settings present.
    #[arg(long, env = "ZSCALER_MCP_AUTH_MODE")]
    pub auth_mode: Option<String>,
    /// jwt: where the signing keys are published.
    #[arg(long, env = "ZSCALER_MCP_AUTH_JWKS_URI")]
    pub auth_jwks_uri: Option<String>,
    /// jwt: the required `iss`.
    #[arg(long, env = "ZSCALER_MCP_AUTH_ISSUER")]
    pub auth_issuer: Option<String>,
    /// jwt: the required `aud` (default zscaler-mcp-server).
    #[arg(long, env = "ZSCALER_MCP_AUTH_AUDIENCE")]
    pub auth_audience: Option<String>,
    /// jwt and oidc: accepted signature algorithms (default RS256,ES256; HS* refused).
    #[arg(long, env = "ZSCALER_MCP_AUTH_ALGORITHMS")]
    pub auth_algorithms: Option<String>,
    /// api-key: the accepted keys, comma-separated (several allow rotation).
    #[arg(long, env = "ZSCALER_MCP_AUTH_API_KEY", hide_env_values = true)]
    pub auth_api_key: Option<String>,
    /// zscaler: run each caller's tool calls with the caller's own OneAPI credentials and
    /// vanity domain (X-Zscaler-Vanity-Domain, X-Zscaler-Customer-Id). Not supported yet:
    /// refused at start-up rather than silently using the server's tenant.
    #[arg(long, env = "ZSCALER_MCP_AUTH_PASSTHROUGH", value_parser = parse_bool, num_args = 0..=1, default_missing_value = "true", default_value = "false")]
    pub auth_passthrough: bool,
    /// api-key and zscaler: accept a request without any credential, as authenticated by the
    /// platform in front (AgentCore). A wrong credential is still refused.
    #[arg(long, env = "ZSCALER_MCP_TRUST_PLATFORM_AUTH", value_parser = parse_bool, num_args = 0..=1, default_missing_value = "true", default_value = "false")]
    pub trust_platform_auth: bool,
    /// oidc: the issuer's discovery document (…/.well-known/openid-configuration).
    #[arg(long, env = "OIDCPROXY_CONFIG_URL")]
    pub oidc_config_url: Option<String>,
    /// oidc: this server's public base URL (the protected resource is <base>/mcp).
    #[arg(long, env = "OIDCPROXY_BASE_URL")]
    pub oidc_base_url: Option<String>,
    /// oidc: a further accepted audience (default: OIDCPROXY_CLIENT_ID).
    #[arg(long, env = "OIDCPROXY_AUDIENCE")]
    pub oidc_audience: Option<String>,
    #[arg(long, env = "OIDCPROXY_CLIENT_ID", hide = true)]
    pub oidc_client_id: Option<String>,
    /// oidc: scopes every token must carry, comma- or space-separated.
    #[arg(long, env = "OIDCPROXY_REQUIRED_SCOPES")]
    pub oidc_required_scopes: Option<String>,
}

/// What the server's own tenant settings say, for `zscaler` mode.
pub struct OwnTenant {
    pub vanity: Option<String>,
    pub cloud: Cloud,
    /// The token URL the server's own client uses (set when it has one: credentials or --demo).
    pub token_url: Option<Url>,
}

impl AuthArgs {
    /// The settings for an HTTP transport, or `None` when authentication is off.
    /// `loopback_demo`: `--demo` bound to loopback.
    pub fn settings(&self, own: &OwnTenant, loopback_demo: bool) -> Result<Option<AuthSettings>> {
        let settings = self.resolve(own, loopback_demo)?;
        // Only zscaler mode learns the caller's OneAPI credentials; with any other mode (or
        // none) passthrough callers would be served from the server's own tenant.
        let zscaler = matches!(
            settings.as_ref().map(|s| &s.mode),
            Some(AuthMode::Zscaler(_))
        );
        if self.auth_passthrough && !zscaler {
            bail!(
                "ZSCALER_MCP_AUTH_PASSTHROUGH=true needs zscaler client authentication (ZSCALER_MCP_AUTH_MODE=zscaler with ZSCALER_VANITY_DOMAIN): callers authenticate with their own OneAPI client id and secret, and their tool calls run with them"
            );
        }
        Ok(settings)
    }

    fn resolve(&self, own: &OwnTenant, loopback_demo: bool) -> Result<Option<AuthSettings>> {
        if !self.auth_enabled {
            warn_unauthenticated("ZSCALER_MCP_AUTH_ENABLED=false");
            return Ok(None);
        }
        let present = |v: &Option<String>| v.as_deref().is_some_and(|v| !v.trim().is_empty());
        let mode = match self
            .auth_mode
            .as_deref()
            .map(|m| m.trim().to_ascii_lowercase())
        {
            Some(mode) if !mode.is_empty() => mode,
            _ if present(&self.auth_jwks_uri) => "jwt".to_owned(),
            _ if present(&self.auth_api_key) => "api-key".to_owned(),
            _ if own.vanity.is_some() && !loopback_demo => "zscaler".to_owned(),
            _ if loopback_demo => {
                tracing::warn!(
                    "--demo on loopback: MCP clients are not authenticated (the tenant is emulated); set ZSCALER_MCP_AUTH_MODE to require it"
                );
                return Ok(None);
            }
            _ => bail!(
                "HTTP clients must be authenticated, and no method is configured. Set one of:\n  \
                 ZSCALER_MCP_AUTH_JWKS_URI (jwt: tokens from your identity provider),\n  \
                 ZSCALER_MCP_AUTH_API_KEY (api-key),\n  \
                 ZSCALER_VANITY_DOMAIN with ZSCALER_MCP_AUTH_MODE=zscaler (OneAPI client credentials),\n  \
                 OIDCPROXY_CONFIG_URL and OIDCPROXY_BASE_URL with ZSCALER_MCP_AUTH_MODE=oidc,\n\
                 or ZSCALER_MCP_AUTH_MODE=none to serve anyone who can connect."
            ),
        };
        let mode = match mode.as_str() {
            "jwt" => AuthMode::Jwt(self.jwt()?),
            "api-key" | "apikey" | "api_key" => AuthMode::ApiKey(self.api_keys()?),
            "zscaler" => AuthMode::Zscaler(self.zscaler(own)?),
            "oidc" | "oidcproxy" | "oauth-proxy" => AuthMode::Oidc(self.oidc()?),
            "none" => {
                warn_unauthenticated("ZSCALER_MCP_AUTH_MODE=none");
                AuthMode::None
            }
            other => bail!(
                "ZSCALER_MCP_AUTH_MODE: `{other}` is not a mode (jwt, api-key, zscaler, oidc, none)"
            ),
        };
        Ok(Some(AuthSettings {
            mode,
            trust_platform_auth: self.trust_platform_auth,
        }))
    }

    fn algorithms(&self) -> Result<Option<Vec<zscaler_mcp_auth::Algorithm>>> {
        self.auth_algorithms
            .as_deref()
            .filter(|a| !a.trim().is_empty())
            .map(|a| parse_algorithms(a).map_err(|e| named(&e)))
            .transpose()
    }

    fn jwt(&self) -> Result<JwtSettings> {
        let uri = self
            .auth_jwks_uri
            .as_deref()
            .ok_or_else(|| anyhow!("ZSCALER_MCP_AUTH_MODE=jwt needs ZSCALER_MCP_AUTH_JWKS_URI"))?;
        let mut jwt = JwtSettings::new(url("ZSCALER_MCP_AUTH_JWKS_URI", uri)?);
        jwt.issuer = self.auth_issuer.clone().filter(|v| !v.trim().is_empty());
        if let Some(audience) = self.auth_audience.clone().filter(|v| !v.trim().is_empty()) {
            jwt.audience = Some(audience);
        }
        if let Some(algorithms) = self.algorithms()? {
            jwt.algorithms = algorithms;
        }
        Ok(jwt)
    }

    fn api_keys(&self) -> Result<Vec<Secret>> {
        let keys: Vec<Secret> = self
            .auth_api_key
            .as_deref()
            .unwrap_or_default()
            .split(',')
            .map(str::trim)
            .filter(|k| !k.is_empty())
            .map(Secret::new)
            .collect();
        if keys.is_empty() {
            bail!("ZSCALER_MCP_AUTH_MODE=api-key needs ZSCALER_MCP_AUTH_API_KEY");
        }
        Ok(keys)
    }

    fn zscaler(&self, own: &OwnTenant) -> Result<ZscalerAuthSettings> {
        let vanity = own.vanity.clone().ok_or_else(|| {
            anyhow!("ZSCALER_MCP_AUTH_MODE=zscaler needs ZSCALER_VANITY_DOMAIN (the tenant callers' credentials belong to)")
        })?;
        let token_url = match &own.token_url {
            Some(url) => url.clone(),
            None => own
                .cloud
                .token_url(&vanity)
                .map_err(|e| anyhow!("ZSCALER_VANITY_DOMAIN: {e}"))?,
        };
        let mut settings = ZscalerAuthSettings::new(token_url, vanity, own.cloud.clone());
        settings.passthrough = self.auth_passthrough;
        Ok(settings)
    }

    fn oidc(&self) -> Result<OidcSettings> {
        let config = self
            .oidc_config_url
            .as_deref()
            .ok_or_else(|| anyhow!("ZSCALER_MCP_AUTH_MODE=oidc needs OIDCPROXY_CONFIG_URL"))?;
        let base = self.oidc_base_url.as_deref().ok_or_else(|| {
            anyhow!(
                "ZSCALER_MCP_AUTH_MODE=oidc needs OIDCPROXY_BASE_URL (this server's public URL)"
            )
        })?;
        let base = base.trim().trim_end_matches('/');
        let resource = if base.ends_with("/mcp") {
            base.to_owned()
        } else {
            format!("{base}/mcp")
        };
        let mut oidc = OidcSettings::new(
            url("OIDCPROXY_CONFIG_URL", config)?,
            url("OIDCPROXY_BASE_URL", &resource)?,
        );
        oidc.audience = self
            .oidc_audience
            .clone()
            .or_else(|| self.oidc_client_id.clone())
            .filter(|v| !v.trim().is_empty());
        oidc.required_scopes = trimmed(
            &self
                .oidc_required_scopes
                .as_deref()
                .unwrap_or_default()
                .split([',', ' '])
                .map(str::to_owned)
                .collect::<Vec<_>>(),
        );
        if let Some(algorithms) = self.algorithms()? {
            oidc.algorithms = algorithms;
        }
        Ok(oidc)
    }
}

fn url(variable: &str, value: &str) -> Result<Url> {
    Url::parse(value.trim())
        .map_err(|e| anyhow!("{variable}: `{}` is not a URL: {e}", value.trim()))
}

/// An authenticator error, naming the variable behind the settings field at fault.
pub fn named(error: &AuthError) -> anyhow::Error {
    let variable = match error.setting_name() {
        Some("jwks_uri") => "ZSCALER_MCP_AUTH_JWKS_URI",
        Some("issuer") => "ZSCALER_MCP_AUTH_ISSUER",
        Some("audience") => "ZSCALER_MCP_AUTH_AUDIENCE / OIDCPROXY_AUDIENCE",
        Some("algorithms") => "ZSCALER_MCP_AUTH_ALGORITHMS",
        Some("api_keys") => "ZSCALER_MCP_AUTH_API_KEY",
        Some("config_url") => "OIDCPROXY_CONFIG_URL",
        Some("resource") => "OIDCPROXY_BASE_URL",
        Some("required_scopes") => "OIDCPROXY_REQUIRED_SCOPES",
        Some("vanity") | Some("token_url") => "ZSCALER_VANITY_DOMAIN",
        Some("trust_platform_auth") => "ZSCALER_MCP_TRUST_PLATFORM_AUTH",
        _ => "ZSCALER_MCP_AUTH_MODE",
    };
    anyhow!("{variable}: {error}")
}

fn warn_unauthenticated(why: &str) {
    crate::notice(&format!(
        "WARNING: {why}: MCP clients are NOT authenticated; anyone who can reach this port can use the tenant's tools"
    ));
}
