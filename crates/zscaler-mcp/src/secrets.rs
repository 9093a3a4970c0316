//! The environment as the server sees it: the process environment with the values of a cloud
//! secret store (`ZSCALER_SECRET_NAME`/`_ARN`, `ZSCALER_MCP_GCP_SECRET_MANAGER`) laid over it.
//! The secret's values are never written into the process environment: they are read through
//! [`Environment::get`], and the few that are flags are applied to the parsed flags unless the
//! command line gave them.

use std::collections::BTreeMap;
use std::sync::Arc;

use anyhow::Result;
use clap::ArgMatches;
use clap::parser::ValueSource;
use zscaler_mcp_secrets::SecretStore;
use zscaler_oneapi::CredentialSource;

use crate::config::{ServeArgs, parse_bool};

#[derive(Default)]
pub struct Environment {
    store: Option<Arc<SecretStore>>,
    values: BTreeMap<String, String>,
    ignored: Vec<String>,
}

impl std::fmt::Debug for Environment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Environment")
            .field("store", &self.store.as_ref().map(|s| s.describe()))
            .field("secret_keys", &self.values.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl Environment {
    /// Reads the secret store the environment names, if any. Any failure ends the start-up.
    pub async fn load() -> Result<Environment> {
        let Some(store) = SecretStore::from_env(|name| std::env::var(name).ok())? else {
            return Ok(Environment::default());
        };
        let loaded = store.load().await?;
        Ok(Environment {
            store: Some(Arc::new(store)),
            values: loaded.values,
            ignored: loaded.ignored,
        })
    }

    /// The variable's value: the secret's, else the process environment's. Blank is unset.
    pub fn get(&self, name: &str) -> Option<String> {
        self.values
            .get(name)
            .cloned()
            .or_else(|| std::env::var(name).ok())
            .filter(|v| !v.trim().is_empty())
    }

    /// Lays the secret's flag values over `args`, except where the command line set them.
    pub fn apply(&self, args: &mut ServeArgs, matches: &ArgMatches) -> Result<()> {
        let from_secret = |id: &str, variable: &str| {
            let on_command_line = matches.try_get_raw(id).ok().flatten().is_some()
                && matches.value_source(id) == Some(ValueSource::CommandLine);
            (!on_command_line)
                .then(|| self.values.get(variable).cloned())
                .flatten()
        };
        if let Some(v) = from_secret("auth_api_key", "ZSCALER_MCP_AUTH_API_KEY") {
            args.auth.auth_api_key = Some(v);
        }
        if let Some(v) = from_secret("auth_jwks_uri", "ZSCALER_MCP_AUTH_JWKS_URI") {
            args.auth.auth_jwks_uri = Some(v);
        }
        if let Some(v) = from_secret("auth_issuer", "ZSCALER_MCP_AUTH_ISSUER") {
            args.auth.auth_issuer = Some(v);
        }
        if let Some(v) = from_secret("auth_audience", "ZSCALER_MCP_AUTH_AUDIENCE") {
            args.auth.auth_audience = Some(v);
        }
        if let Some(v) = from_secret("enable_write_tools", "ZSCALER_MCP_WRITE_ENABLED") {
            args.enable_write_tools = parse_bool(&v)
                .map_err(|e| anyhow::anyhow!("ZSCALER_MCP_WRITE_ENABLED in the secret: {e}"))?;
        }
        if let Some(v) = from_secret("write_tools", "ZSCALER_MCP_WRITE_TOOLS") {
            args.write_tools = v.split(',').map(str::to_owned).collect();
        }
        Ok(())
    }

    /// Logs what the secret store gave (names only), once logging is set up.
    pub fn report(&self) {
        let Some(store) = &self.store else { return };
        let keys: Vec<&str> = self.values.keys().map(String::as_str).collect();
        tracing::info!(?keys, "settings read from {}", store.describe());
        if !self.ignored.is_empty() {
            tracing::warn!(
                keys = ?self.ignored,
                "{} holds keys this server does not take from it; they are ignored",
                store.describe()
            );
        }
    }

    /// Where to re-read the OneAPI credentials when ZIdentity refuses them: the secret store,
    /// when the credentials came from it.
    pub fn credential_source(&self) -> Option<Arc<dyn CredentialSource>> {
        let store = self.store.as_ref()?;
        self.values
            .contains_key("ZSCALER_CLIENT_ID")
            .then(|| Arc::clone(store) as Arc<dyn CredentialSource>)
    }
}
