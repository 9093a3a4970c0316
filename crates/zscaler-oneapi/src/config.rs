//! Client configuration: credentials, the token and API URLs for each Zscaler cloud, timeouts,
//! the retry budget and client-side rate limits, read from `ZSCALER_*` variables.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use url::Url;

use crate::auth::CredentialSource;
pub use crate::error::ConfigError;
use crate::ratelimit::RateLimits;

/// The OAuth audience every OneAPI token is issued for.
pub const AUDIENCE: &str = "https://api.zscaler.com";

const DEFAULT_RETRY_BUDGET: Duration = Duration::from_secs(30);
const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
const DEFAULT_TOKEN_REFRESH_MARGIN: Duration = Duration::from_secs(30);

/// A Zscaler cloud, from `ZSCALER_CLOUD`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cloud {
    Production,
    /// A non-production cloud such as `beta`, lower-case.
    Named(String),
    Gov,
    GovUs,
}

impl Cloud {
    /// Parses a `ZSCALER_CLOUD` value: empty or `production`, `gov`, `govus`, or another cloud name.
    pub fn parse(value: &str) -> Result<Cloud, ConfigError> {
        let name = value.trim().to_ascii_lowercase();
        match name.as_str() {
            "" | "production" => Ok(Cloud::Production),
            "gov" => Ok(Cloud::Gov),
            "govus" => Ok(Cloud::GovUs),
            _ if is_dns_label(&name) => Ok(Cloud::Named(name)),
            _ => Err(ConfigError::new(
                "ZSCALER_CLOUD",
                format!(
                    "ZSCALER_CLOUD `{}` is not a cloud name: use only letters, digits and `-` \
                     (e.g. `beta`), or leave it unset for production",
                    value.trim()
                ),
            )),
        }
    }

    /// The ZIdentity token endpoint of the tenant `vanity` (the subdomain of its login URL).
    pub fn token_url(&self, vanity: &str) -> Result<Url, ConfigError> {
        let vanity = vanity.trim().to_ascii_lowercase();
        if !is_dns_label(&vanity) {
            return Err(ConfigError::new(
                "ZSCALER_VANITY_DOMAIN",
                format!(
                    "ZSCALER_VANITY_DOMAIN `{vanity}` is not a vanity domain: give only the \
                     subdomain, e.g. `acme` for acme.zslogin.net"
                ),
            ));
        }
        let host = match self {
            Cloud::Production => format!("{vanity}.zslogin.net"),
            Cloud::Named(cloud) => format!("{vanity}.zslogin{}.net", checked_cloud(cloud)?),
            Cloud::Gov => format!("{vanity}.zidentitygov.net"),
            Cloud::GovUs => format!("{vanity}.zidentitygov.us"),
        };
        parse_url(
            "ZSCALER_VANITY_DOMAIN",
            &format!("https://{host}/oauth2/v1/token"),
        )
    }

    /// The OneAPI gateway of this cloud.
    pub fn api_base(&self) -> Result<Url, ConfigError> {
        let base = match self {
            Cloud::Production => "https://api.zsapi.net".to_owned(),
            Cloud::Named(cloud) => format!("https://api.{}.zsapi.net", checked_cloud(cloud)?),
            Cloud::Gov => "https://api.zscalergov.net".to_owned(),
            Cloud::GovUs => "https://api.zscalergov.us".to_owned(),
        };
        parse_url("ZSCALER_CLOUD", &base)
    }
}

fn checked_cloud(cloud: &str) -> Result<&str, ConfigError> {
    if is_dns_label(cloud) {
        Ok(cloud)
    } else {
        Err(ConfigError::new(
            "ZSCALER_CLOUD",
            format!("ZSCALER_CLOUD `{cloud}` is not a cloud name: use only a-z, 0-9 and `-`"),
        ))
    }
}

fn is_dns_label(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 63
        && !s.starts_with('-')
        && !s.ends_with('-')
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn parse_url(variable: &'static str, text: &str) -> Result<Url, ConfigError> {
    Url::parse(text).map_err(|e| {
        ConfigError::new(
            variable,
            format!("{variable}: `{text}` is not a valid URL: {e}"),
        )
    })
}

/// How the client proves its identity to ZIdentity.
#[derive(Clone, PartialEq, Eq)]
pub enum ClientAuth {
    /// A client secret.
    Secret(String),
    /// An RSA private key in PEM form, used to sign a JWT client assertion.
    PrivateKey(String),
}

impl fmt::Debug for ClientAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Never print key material, not even a prefix.
        match self {
            ClientAuth::Secret(_) => f.write_str("Secret(<redacted>)"),
            ClientAuth::PrivateKey(_) => f.write_str("PrivateKey(<redacted PEM>)"),
        }
    }
}

/// A OneAPI client id and its secret or key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credentials {
    pub client_id: String,
    pub auth: ClientAuth,
}

impl Credentials {
    pub fn secret(client_id: impl Into<String>, secret: impl Into<String>) -> Credentials {
        Credentials {
            client_id: client_id.into(),
            auth: ClientAuth::Secret(secret.into()),
        }
    }

    pub fn private_key(client_id: impl Into<String>, pem: impl Into<String>) -> Credentials {
        Credentials {
            client_id: client_id.into(),
            auth: ClientAuth::PrivateKey(pem.into()),
        }
    }
}

/// Everything [`OneApiClient`](crate::OneApiClient) needs.
#[derive(Clone)]
pub struct ClientConfig {
    pub token_url: Url,
    pub api_base: Url,
    pub credentials: Credentials,
    /// ZPA tenant id (`ZSCALER_CUSTOMER_ID`); ZPA paths embed it.
    pub customer_id: Option<String>,
    pub zcell_customer_id: Option<String>,
    /// Total time one call may spend, retries and throttling waits included.
    pub retry_budget: Duration,
    /// Longest wait for a single attempt.
    pub request_timeout: Duration,
    /// Refresh the token when less than this much validity remains.
    pub token_refresh_margin: Duration,
    pub rate_limits: RateLimits,
    /// Extra trusted CA certificates (PEM), e.g. for a TLS-inspecting proxy.
    pub extra_ca_pem: Option<Vec<u8>>,
    /// Sent as `x-partner-id`.
    pub partner_id: Option<String>,
    /// Where to re-read the credentials when ZIdentity refuses them (a rotated secret).
    pub credential_source: Option<Arc<dyn CredentialSource>>,
}

impl fmt::Debug for ClientConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientConfig")
            .field("token_url", &self.token_url.as_str())
            .field("api_base", &self.api_base.as_str())
            .field("credentials", &self.credentials)
            .field("customer_id", &self.customer_id)
            .field("zcell_customer_id", &self.zcell_customer_id)
            .field("retry_budget", &self.retry_budget)
            .field("request_timeout", &self.request_timeout)
            .field("token_refresh_margin", &self.token_refresh_margin)
            .field("rate_limits", &self.rate_limits)
            .field(
                "extra_ca_pem",
                &self
                    .extra_ca_pem
                    .as_ref()
                    .map(|p| format!("{} bytes", p.len())),
            )
            .field("partner_id", &self.partner_id)
            .field("credential_source", &self.credential_source.is_some())
            .finish()
    }
}

/// Every environment variable [`ClientConfig::from_env`] and [`ClientDefaults::from_env`] read,
/// for the binary's `--list-env` (which deployment artefacts are checked against).
pub const ENV_VARS: &[&str] = &[
    "ZSCALER_CLIENT_ID",
    "ZSCALER_CLIENT_SECRET",
    "ZSCALER_PRIVATE_KEY",
    "ZSCALER_VANITY_DOMAIN",
    "ZSCALER_CLOUD",
    "ZSCALER_CUSTOMER_ID",
    "ZCELL_CUSTOMER_ID",
    "ZSCALER_PARTNER_ID",
    "ZSCALER_MCP_TOKEN_URL",
    "ZSCALER_MCP_API_BASE_URL",
    "ZSCALER_MCP_RETRY_BUDGET_SECS",
    "ZSCALER_MCP_REQUEST_TIMEOUT_SECS",
    "ZSCALER_MCP_CA_BUNDLE",
    "ZSCALER_MCP_RATE_LIMITS",
];

impl ClientConfig {
    /// A configuration with the defaults: 30 s budget and timeout, 30 s refresh margin, the
    /// documented rate limits, no customer ids.
    pub fn new(token_url: Url, api_base: Url, credentials: Credentials) -> ClientConfig {
        ClientConfig {
            token_url,
            api_base,
            credentials,
            customer_id: None,
            zcell_customer_id: None,
            retry_budget: DEFAULT_RETRY_BUDGET,
            request_timeout: DEFAULT_REQUEST_TIMEOUT,
            token_refresh_margin: DEFAULT_TOKEN_REFRESH_MARGIN,
            rate_limits: RateLimits::documented(),
            extra_ca_pem: None,
            partner_id: None,
            credential_source: None,
        }
    }

    /// Reads the configuration through `lookup` (normally `std::env::var(..).ok()`).
    /// Blank values count as unset.
    pub fn from_env(lookup: impl Fn(&str) -> Option<String>) -> Result<ClientConfig, ConfigError> {
        let get = |name: &str| {
            lookup(name)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };

        let client_id = get("ZSCALER_CLIENT_ID").ok_or_else(|| {
            ConfigError::new(
                "ZSCALER_CLIENT_ID",
                "ZSCALER_CLIENT_ID is not set: the OneAPI client id from ZIdentity (API Clients)",
            )
        })?;
        let auth = match (get("ZSCALER_CLIENT_SECRET"), get("ZSCALER_PRIVATE_KEY")) {
            (Some(_), Some(_)) => {
                return Err(ConfigError::new(
                    "ZSCALER_CLIENT_SECRET",
                    "set either ZSCALER_CLIENT_SECRET or ZSCALER_PRIVATE_KEY, not both",
                ));
            }
            (None, None) => {
                return Err(ConfigError::new(
                    "ZSCALER_CLIENT_SECRET",
                    "ZSCALER_CLIENT_SECRET is not set: set it to the API client's secret, or set \
                     ZSCALER_PRIVATE_KEY to its RSA private key (PEM text or a file path)",
                ));
            }
            (Some(secret), None) => ClientAuth::Secret(secret),
            (None, Some(key)) => ClientAuth::PrivateKey(load_private_key(&key)?),
        };

        let token_override = get("ZSCALER_MCP_TOKEN_URL")
            .map(|v| http_url("ZSCALER_MCP_TOKEN_URL", &v))
            .transpose()?;
        // With only one URL overridden the other is derived, and deriving needs the vanity
        // domain: a test token URL must not silently pair with the production gateway.
        let vanity = get("ZSCALER_VANITY_DOMAIN");
        if vanity.is_none()
            && (token_override.is_none() || get("ZSCALER_MCP_API_BASE_URL").is_none())
        {
            return Err(ConfigError::new(
                "ZSCALER_VANITY_DOMAIN",
                "ZSCALER_VANITY_DOMAIN is not set: the tenant's ZIdentity vanity \
                 subdomain (e.g. `acme` for acme.zslogin.net), used to derive the token \
                 URL (or set both ZSCALER_MCP_TOKEN_URL and ZSCALER_MCP_API_BASE_URL)",
            ));
        }
        let token_url = match (token_override, vanity) {
            (Some(token), _) => token,
            (None, vanity) => Cloud::parse(&get("ZSCALER_CLOUD").unwrap_or_default())?
                .token_url(vanity.as_deref().unwrap_or_default())?,
        };

        let customer_id = get("ZSCALER_CUSTOMER_ID")
            .map(|v| {
                if v.bytes().all(|b| b.is_ascii_digit()) {
                    Ok(v)
                } else {
                    Err(ConfigError::new(
                        "ZSCALER_CUSTOMER_ID",
                        format!(
                            "ZSCALER_CUSTOMER_ID `{v}` is not a ZPA customer id: expected the \
                             numeric tenant id, e.g. 216196257331281920"
                        ),
                    ))
                }
            })
            .transpose()?;
        let zcell_customer_id = get("ZCELL_CUSTOMER_ID")
            .map(|v| {
                if v.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
                {
                    Ok(v)
                } else {
                    Err(ConfigError::new(
                        "ZCELL_CUSTOMER_ID",
                        format!(
                            "ZCELL_CUSTOMER_ID `{v}` may only contain letters, digits, `-` and `_`"
                        ),
                    ))
                }
            })
            .transpose()?;

        let mut config = ClientDefaults::from_env(&lookup)?.client_config(
            token_url,
            Credentials { client_id, auth },
            customer_id,
        );
        config.zcell_customer_id = zcell_customer_id;
        Ok(config)
    }
}

/// What every tenant's client shares: the gateway, budgets, rate limits, CA bundle and partner
/// id; everything in a [`ClientConfig`] except whose credentials and which tenant. Tenant
/// passthrough builds one client per caller from it.
#[derive(Clone)]
pub struct ClientDefaults {
    pub api_base: Url,
    pub retry_budget: Duration,
    pub request_timeout: Duration,
    pub token_refresh_margin: Duration,
    pub rate_limits: RateLimits,
    pub extra_ca_pem: Option<Vec<u8>>,
    pub partner_id: Option<String>,
}

impl ClientDefaults {
    /// Reads the shared settings through `lookup`; needs no credentials and no vanity domain.
    pub fn from_env(
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<ClientDefaults, ConfigError> {
        let get = |name: &str| {
            lookup(name)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let api_base = match get("ZSCALER_MCP_API_BASE_URL") {
            Some(v) => http_url("ZSCALER_MCP_API_BASE_URL", &v)?,
            None => Cloud::parse(&get("ZSCALER_CLOUD").unwrap_or_default())?.api_base()?,
        };

        let retry_budget = get("ZSCALER_MCP_RETRY_BUDGET_SECS")
            .map(|v| seconds("ZSCALER_MCP_RETRY_BUDGET_SECS", &v))
            .transpose()?
            .unwrap_or(DEFAULT_RETRY_BUDGET);
        let request_timeout = get("ZSCALER_MCP_REQUEST_TIMEOUT_SECS")
            .map(|v| seconds("ZSCALER_MCP_REQUEST_TIMEOUT_SECS", &v))
            .transpose()?
            .unwrap_or(DEFAULT_REQUEST_TIMEOUT);

        let extra_ca_pem = get("ZSCALER_MCP_CA_BUNDLE")
            .map(|path| load_ca_bundle(&path))
            .transpose()?;

        let partner_id = get("ZSCALER_PARTNER_ID")
            .map(|v| {
                if http::HeaderValue::from_str(&v).is_ok() {
                    Ok(v)
                } else {
                    Err(ConfigError::new(
                        "ZSCALER_PARTNER_ID",
                        "ZSCALER_PARTNER_ID must be printable ASCII: it is sent as the x-partner-id header",
                    ))
                }
            })
            .transpose()?;

        let rate_limits = match get("ZSCALER_MCP_RATE_LIMITS") {
            Some(spec) => RateLimits::from_spec(&spec)?,
            None => RateLimits::documented(),
        };

        Ok(ClientDefaults {
            api_base,
            retry_budget,
            request_timeout,
            token_refresh_margin: DEFAULT_TOKEN_REFRESH_MARGIN,
            rate_limits,
            extra_ca_pem,
            partner_id,
        })
    }

    /// The configuration of one tenant's client (no ZCell customer id).
    pub fn client_config(
        &self,
        token_url: Url,
        credentials: Credentials,
        customer_id: Option<String>,
    ) -> ClientConfig {
        ClientConfig {
            token_url,
            api_base: self.api_base.clone(),
            credentials,
            customer_id,
            zcell_customer_id: None,
            retry_budget: self.retry_budget,
            request_timeout: self.request_timeout,
            token_refresh_margin: self.token_refresh_margin,
            rate_limits: self.rate_limits.clone(),
            extra_ca_pem: self.extra_ca_pem.clone(),
            partner_id: self.partner_id.clone(),
            credential_source: None,
        }
    }
}

impl From<&ClientConfig> for ClientDefaults {
    fn from(config: &ClientConfig) -> ClientDefaults {
        ClientDefaults {
            api_base: config.api_base.clone(),
            retry_budget: config.retry_budget,
            request_timeout: config.request_timeout,
            token_refresh_margin: config.token_refresh_margin,
            rate_limits: config.rate_limits.clone(),
            extra_ca_pem: config.extra_ca_pem.clone(),
            partner_id: config.partner_id.clone(),
        }
    }
}

fn http_url(variable: &'static str, text: &str) -> Result<Url, ConfigError> {
    match Url::parse(text) {
        Ok(url) if matches!(url.scheme(), "http" | "https") && url.host().is_some() => Ok(url),
        Ok(_) => Err(ConfigError::new(
            variable,
            format!("{variable} `{text}` must be an absolute http:// or https:// URL"),
        )),
        Err(e) => Err(ConfigError::new(
            variable,
            format!(
                "{variable} `{text}` is not an absolute URL ({e}): expected e.g. https://host/path"
            ),
        )),
    }
}

fn seconds(variable: &'static str, text: &str) -> Result<Duration, ConfigError> {
    text.parse::<f64>()
        .ok()
        .filter(|s| s.is_finite() && *s > 0.0 && *s <= 86_400.0)
        .and_then(|s| Duration::try_from_secs_f64(s).ok())
        .ok_or_else(|| {
            ConfigError::new(
                variable,
                format!("{variable} `{text}` must be a positive number of seconds (at most 86400)"),
            )
        })
}

/// PEM text as is, or the contents of the file it names.
fn load_private_key(value: &str) -> Result<String, ConfigError> {
    const VAR: &str = "ZSCALER_PRIVATE_KEY";
    let pem = if value.starts_with("-----BEGIN") {
        // Env files often carry the PEM on one line with literal `\n`s.
        if value.contains('\n') {
            value.to_owned()
        } else {
            value.replace("\\n", "\n")
        }
    } else {
        std::fs::read_to_string(value).map_err(|e| {
            ConfigError::new(
                VAR,
                format!(
                    "ZSCALER_PRIVATE_KEY is neither PEM text (starting with -----BEGIN) nor a \
                     readable file: cannot read `{value}`: {e}"
                ),
            )
        })?
    };
    if !pem.trim_start().starts_with("-----BEGIN") {
        return Err(ConfigError::new(
            VAR,
            "ZSCALER_PRIVATE_KEY does not hold a PEM key (no -----BEGIN line)",
        ));
    }
    jsonwebtoken::EncodingKey::from_rsa_pem(pem.as_bytes()).map_err(|e| {
        ConfigError::new(
            VAR,
            format!("ZSCALER_PRIVATE_KEY is not an RSA private key in PEM form: {e}"),
        )
    })?;
    Ok(pem)
}

fn load_ca_bundle(path: &str) -> Result<Vec<u8>, ConfigError> {
    const VAR: &str = "ZSCALER_MCP_CA_BUNDLE";
    let pem = std::fs::read(path).map_err(|e| {
        ConfigError::new(
            VAR,
            format!("ZSCALER_MCP_CA_BUNDLE: cannot read `{path}`: {e}"),
        )
    })?;
    let certs = reqwest::Certificate::from_pem_bundle(&pem).map_err(|e| {
        ConfigError::new(
            VAR,
            format!("ZSCALER_MCP_CA_BUNDLE: `{path}` is not a PEM certificate bundle: {e}"),
        )
    })?;
    if certs.is_empty() {
        return Err(ConfigError::new(
            VAR,
            format!(
                "ZSCALER_MCP_CA_BUNDLE: `{path}` contains no -----BEGIN CERTIFICATE----- block"
            ),
        ));
    }
    Ok(pem)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |k| map.get(k).cloned()
    }

    const BASE: [(&str, &str); 3] = [
        ("ZSCALER_CLIENT_ID", "client-1"),
        ("ZSCALER_CLIENT_SECRET", "s3cr3t-value-XYZ"),
        ("ZSCALER_VANITY_DOMAIN", "acme"),
    ];

    fn with(extra: &[(&'static str, &'static str)]) -> Vec<(&'static str, &'static str)> {
        let mut all: Vec<_> = BASE.to_vec();
        for (k, v) in extra {
            all.retain(|(ek, _)| ek != k);
            all.push((k, v));
        }
        all
    }

    fn config(extra: &[(&'static str, &'static str)]) -> Result<ClientConfig, ConfigError> {
        ClientConfig::from_env(env(&with(extra)))
    }

    /// The names `from_env` asks its lookup for, over environments that between them take
    /// every branch (secret or private key, derived or overridden URLs).
    fn names_read() -> std::collections::BTreeSet<String> {
        let environments: [&[(&str, &str)]; 2] = [
            &BASE,
            &[
                ("ZSCALER_CLIENT_ID", "c"),
                ("ZSCALER_PRIVATE_KEY", crate::auth::tests::TEST_RSA_KEY),
                (
                    "ZSCALER_MCP_TOKEN_URL",
                    "http://127.0.0.1:1/oauth2/v1/token",
                ),
                ("ZSCALER_MCP_API_BASE_URL", "http://127.0.0.1:1"),
                ("ZSCALER_CUSTOMER_ID", "1"),
                ("ZCELL_CUSTOMER_ID", "z-1"),
                ("ZSCALER_PARTNER_ID", "p"),
                ("ZSCALER_MCP_RETRY_BUDGET_SECS", "5"),
                ("ZSCALER_MCP_REQUEST_TIMEOUT_SECS", "5"),
                ("ZSCALER_MCP_RATE_LIMITS", "off"),
            ],
        ];
        let read = std::sync::Mutex::new(std::collections::BTreeSet::new());
        for pairs in environments {
            let lookup = env(pairs);
            ClientConfig::from_env(|name| {
                read.lock().unwrap().insert(name.to_owned());
                lookup(name)
            })
            .expect("a valid environment, so every branch runs to the end");
        }
        read.into_inner().unwrap()
    }

    #[test]
    fn env_vars_lists_every_variable_read() {
        let listed: std::collections::BTreeSet<String> =
            ENV_VARS.iter().map(|v| v.to_string()).collect();
        let read = names_read();
        assert!(read.len() >= 10, "{read:?}");
        let missing: Vec<&String> = read.difference(&listed).collect();
        assert!(missing.is_empty(), "read but not in ENV_VARS: {missing:?}");
        // And each listed name is really used by this file, outside the list itself.
        let source = include_str!("config.rs");
        let start = source.find("pub const ENV_VARS").unwrap();
        let end = start + source[start..].find("];").unwrap();
        let rest = format!("{}{}", &source[..start], &source[end..]);
        for name in ENV_VARS {
            assert!(
                rest.contains(&format!("\"{name}\"")),
                "{name} is in ENV_VARS but config.rs never reads it"
            );
        }
    }

    #[test]
    fn production_urls() {
        let c = config(&[]).unwrap();
        assert_eq!(
            c.token_url.as_str(),
            "https://acme.zslogin.net/oauth2/v1/token"
        );
        assert_eq!(c.api_base.as_str(), "https://api.zsapi.net/");
        assert_eq!(c.retry_budget, Duration::from_secs(30));
        assert_eq!(c.request_timeout, Duration::from_secs(30));
        assert_eq!(c.token_refresh_margin, Duration::from_secs(30));
        assert_eq!(c.rate_limits, RateLimits::documented());
        let c = config(&[("ZSCALER_CLOUD", "Production")]).unwrap();
        assert_eq!(c.api_base.as_str(), "https://api.zsapi.net/");
    }

    #[test]
    fn other_clouds() {
        let c = config(&[("ZSCALER_CLOUD", "BETA")]).unwrap();
        assert_eq!(
            c.token_url.as_str(),
            "https://acme.zsloginbeta.net/oauth2/v1/token"
        );
        assert_eq!(c.api_base.as_str(), "https://api.beta.zsapi.net/");
        let c = config(&[("ZSCALER_CLOUD", "gov")]).unwrap();
        assert_eq!(
            c.token_url.as_str(),
            "https://acme.zidentitygov.net/oauth2/v1/token"
        );
        assert_eq!(c.api_base.as_str(), "https://api.zscalergov.net/");
        let c = config(&[("ZSCALER_CLOUD", "govus")]).unwrap();
        assert_eq!(
            c.token_url.as_str(),
            "https://acme.zidentitygov.us/oauth2/v1/token"
        );
        assert_eq!(c.api_base.as_str(), "https://api.zscalergov.us/");
        assert_eq!(Cloud::parse(" ").unwrap(), Cloud::Production);
        assert_eq!(Cloud::parse("Alpha").unwrap(), Cloud::Named("alpha".into()));
    }

    #[test]
    fn overrides() {
        let c = ClientConfig::from_env(env(&[
            ("ZSCALER_CLIENT_ID", "id"),
            ("ZSCALER_CLIENT_SECRET", "x"),
            (
                "ZSCALER_MCP_TOKEN_URL",
                "http://127.0.0.1:9443/oauth2/v1/token",
            ),
            ("ZSCALER_MCP_API_BASE_URL", "http://127.0.0.1:9443/gw"),
        ]))
        .unwrap();
        assert_eq!(
            c.token_url.as_str(),
            "http://127.0.0.1:9443/oauth2/v1/token"
        );
        assert_eq!(c.api_base.as_str(), "http://127.0.0.1:9443/gw");

        // One override with a vanity: the other URL is derived.
        let c = config(&[("ZSCALER_MCP_API_BASE_URL", "https://proxy.example/zs")]).unwrap();
        assert_eq!(
            c.token_url.as_str(),
            "https://acme.zslogin.net/oauth2/v1/token"
        );
        assert_eq!(c.api_base.as_str(), "https://proxy.example/zs");

        // One override without a vanity is not enough.
        let err = ClientConfig::from_env(env(&[
            ("ZSCALER_CLIENT_ID", "id"),
            ("ZSCALER_CLIENT_SECRET", "x"),
            (
                "ZSCALER_MCP_TOKEN_URL",
                "http://127.0.0.1:9443/oauth2/v1/token",
            ),
        ]))
        .unwrap_err();
        assert_eq!(err.variable(), "ZSCALER_VANITY_DOMAIN");
        assert!(err.to_string().contains("ZSCALER_MCP_API_BASE_URL"));

        for bad in ["ftp://x/y", "not a url", "/relative/path"] {
            let err = config(&[("ZSCALER_MCP_TOKEN_URL", bad)]).unwrap_err();
            assert_eq!(err.variable(), "ZSCALER_MCP_TOKEN_URL");
            assert!(
                err.to_string().starts_with("ZSCALER_MCP_TOKEN_URL"),
                "{err}"
            );
        }
    }

    #[test]
    fn errors_name_the_variable() {
        let err = ClientConfig::from_env(env(&[])).unwrap_err();
        assert_eq!(
            err.to_string(),
            "ZSCALER_CLIENT_ID is not set: the OneAPI client id from ZIdentity (API Clients)"
        );
        let err = config(&[("ZSCALER_PRIVATE_KEY", "-----BEGIN PRIVATE KEY-----")]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "set either ZSCALER_CLIENT_SECRET or ZSCALER_PRIVATE_KEY, not both"
        );
        let err = ClientConfig::from_env(env(&[("ZSCALER_CLIENT_ID", "x")])).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("ZSCALER_CLIENT_SECRET is not set")
        );
        let err = ClientConfig::from_env(env(&[
            ("ZSCALER_CLIENT_ID", "x"),
            ("ZSCALER_CLIENT_SECRET", "y"),
        ]))
        .unwrap_err();
        assert!(
            err.to_string()
                .starts_with("ZSCALER_VANITY_DOMAIN is not set")
        );

        let cases: [(&str, &str); 9] = [
            ("ZSCALER_CLOUD", "be/ta"),
            ("ZSCALER_VANITY_DOMAIN", "acme.zslogin.net"),
            ("ZSCALER_CUSTOMER_ID", "12ab"),
            ("ZCELL_CUSTOMER_ID", "a/b"),
            ("ZSCALER_MCP_RETRY_BUDGET_SECS", "0"),
            ("ZSCALER_MCP_REQUEST_TIMEOUT_SECS", "soon"),
            ("ZSCALER_MCP_CA_BUNDLE", "/nonexistent/ca.pem"),
            ("ZSCALER_PRIVATE_KEY", "/nonexistent/key.pem"),
            ("ZSCALER_MCP_RATE_LIMITS", "zia.get=fast"),
        ];
        for (var, value) in cases {
            let mut pairs = with(&[]);
            if var == "ZSCALER_PRIVATE_KEY" {
                pairs.retain(|(k, _)| *k != "ZSCALER_CLIENT_SECRET");
            }
            pairs.push((var, value));
            let err = ClientConfig::from_env(env(&pairs)).unwrap_err();
            assert_eq!(err.variable(), var, "{err}");
            assert!(err.to_string().contains(var), "{err}");
        }
    }

    #[test]
    fn optional_settings() {
        let c = config(&[
            ("ZSCALER_CUSTOMER_ID", "216196257331281920"),
            ("ZCELL_CUSTOMER_ID", "cell-1"),
            ("ZSCALER_MCP_RETRY_BUDGET_SECS", "2.5"),
            ("ZSCALER_MCP_REQUEST_TIMEOUT_SECS", "10"),
            ("ZSCALER_PARTNER_ID", "partner-7"),
            ("ZSCALER_MCP_RATE_LIMITS", "off"),
        ])
        .unwrap();
        assert_eq!(c.customer_id.as_deref(), Some("216196257331281920"));
        assert_eq!(c.zcell_customer_id.as_deref(), Some("cell-1"));
        assert_eq!(c.retry_budget, Duration::from_millis(2500));
        assert_eq!(c.request_timeout, Duration::from_secs(10));
        assert_eq!(c.partner_id.as_deref(), Some("partner-7"));
        assert!(c.rate_limits.is_disabled());
    }

    #[test]
    fn private_key_from_text_and_file() {
        let pem = crate::auth::tests::TEST_RSA_KEY;
        let c = ClientConfig::from_env(env(&[
            ("ZSCALER_CLIENT_ID", "id"),
            ("ZSCALER_PRIVATE_KEY", pem),
            ("ZSCALER_VANITY_DOMAIN", "acme"),
        ]))
        .unwrap();
        // Values are trimmed, which drops the PEM's final newline.
        assert_eq!(
            c.credentials.auth,
            ClientAuth::PrivateKey(pem.trim().to_owned())
        );

        let one_line = pem.replace('\n', "\\n");
        let c = ClientConfig::from_env(env(&[
            ("ZSCALER_CLIENT_ID", "id"),
            ("ZSCALER_PRIVATE_KEY", &one_line),
            ("ZSCALER_VANITY_DOMAIN", "acme"),
        ]))
        .unwrap();
        assert!(
            matches!(c.credentials.auth, ClientAuth::PrivateKey(ref k) if k.trim() == pem.trim())
        );

        let path =
            std::env::temp_dir().join(format!("zscaler-oneapi-key-{}.pem", std::process::id()));
        std::fs::write(&path, pem).unwrap();
        let c = ClientConfig::from_env(env(&[
            ("ZSCALER_CLIENT_ID", "id"),
            ("ZSCALER_PRIVATE_KEY", path.to_str().unwrap()),
            ("ZSCALER_VANITY_DOMAIN", "acme"),
        ]));
        let _ = std::fs::remove_file(&path);
        assert_eq!(
            c.unwrap().credentials.auth,
            ClientAuth::PrivateKey(pem.to_owned())
        );

        let err = ClientConfig::from_env(env(&[
            ("ZSCALER_CLIENT_ID", "id"),
            (
                "ZSCALER_PRIVATE_KEY",
                "-----BEGIN PRIVATE KEY-----\nnot base64\n-----END PRIVATE KEY-----",
            ),
            ("ZSCALER_VANITY_DOMAIN", "acme"),
        ]))
        .unwrap_err();
        assert_eq!(err.variable(), "ZSCALER_PRIVATE_KEY");
    }

    #[test]
    fn debug_never_shows_secrets() {
        let c = config(&[]).unwrap();
        let text = format!("{c:?} {:?} {:?}", c.credentials, c.credentials.auth);
        assert!(!text.contains("s3cr3t-value-XYZ"), "{text}");
        assert!(text.contains("client-1"));
        let key = Credentials::private_key("id", crate::auth::tests::TEST_RSA_KEY);
        let text = format!("{key:?}");
        assert!(!text.contains("BEGIN") && !text.contains("MII"), "{text}");
    }
}
