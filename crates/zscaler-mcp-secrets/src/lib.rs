//! Credentials and a few server settings for zscaler-mcp from a cloud secret store, read once
//! at start-up (before the flags, so the values act as environment variables) and again when
//! ZIdentity refuses the credentials (rotation).
//!
//! - **AWS Secrets Manager**: `ZSCALER_SECRET_ARN` or `ZSCALER_SECRET_NAME` names one secret
//!   whose `SecretString` is a JSON object of variable names to values ([`aws`]).
//! - **GCP Secret Manager**: `ZSCALER_MCP_GCP_SECRET_MANAGER=true` with `GCP_PROJECT_ID`; one
//!   secret per variable, named after it (`ZSCALER_CLIENT_ID` → `zscaler-client-id`) ([`gcp`]).
//!
//! Only [`ALLOWED_KEYS`] are applied; other keys are reported, never applied. Values never
//! appear in errors, logs or `Debug` output.

pub mod aws;
mod error;
pub mod gcp;

use std::collections::BTreeMap;
use std::fmt;
use std::future::Future;
use std::pin::Pin;

pub use error::SecretsError;
use zscaler_oneapi::{CredentialSource, Credentials};

/// The variables a secret may set: the tenant's credentials and the server settings that are
/// secrets themselves or belong with them.
pub const ALLOWED_KEYS: &[&str] = &[
    "ZSCALER_CLIENT_ID",
    "ZSCALER_CLIENT_SECRET",
    "ZSCALER_PRIVATE_KEY",
    "ZSCALER_VANITY_DOMAIN",
    "ZSCALER_CUSTOMER_ID",
    "ZSCALER_CLOUD",
    "ZCELL_CUSTOMER_ID",
    "ZSCALER_MCP_AUTH_API_KEY",
    "ZSCALER_MCP_AUTH_JWKS_URI",
    "ZSCALER_MCP_AUTH_ISSUER",
    "ZSCALER_MCP_AUTH_AUDIENCE",
    "ZSCALER_MCP_REQUEST_STATE_KEYS",
    "ZSCALER_MCP_WRITE_ENABLED",
    "ZSCALER_MCP_WRITE_TOOLS",
];

/// The variables this crate reads to find the secret store.
pub const ENV_VARS: &[&str] = &[
    "ZSCALER_SECRET_NAME",
    "ZSCALER_SECRET_ARN",
    "ZSCALER_MCP_GCP_SECRET_MANAGER",
    "GCP_PROJECT_ID",
    "ZSCALER_MCP_GCP_SECRET_MANAGER_ENDPOINT",
];

/// Where the secrets are kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecretStore {
    Aws(aws::AwsSecret),
    Gcp(gcp::GcpProject),
}

impl SecretStore {
    /// The store the environment names (through `lookup`), or `None` when none is configured.
    pub fn from_env(
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<Option<SecretStore>, SecretsError> {
        let get = |name: &str| {
            lookup(name)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let aws = get("ZSCALER_SECRET_ARN").or_else(|| get("ZSCALER_SECRET_NAME"));
        let gcp = match get("ZSCALER_MCP_GCP_SECRET_MANAGER").as_deref() {
            None => false,
            Some(v) => match v.to_ascii_lowercase().as_str() {
                "1" | "true" | "yes" | "on" => true,
                "0" | "false" | "no" | "off" => false,
                _ => {
                    return Err(SecretsError::Setting {
                        variable: "ZSCALER_MCP_GCP_SECRET_MANAGER",
                        reason: format!("`{v}` is not a boolean (use true or false)"),
                    });
                }
            },
        };
        match (aws, gcp) {
            (Some(_), true) => Err(SecretsError::Setting {
                variable: "ZSCALER_MCP_GCP_SECRET_MANAGER",
                reason: "set either ZSCALER_SECRET_NAME/ZSCALER_SECRET_ARN (AWS) or \
                         ZSCALER_MCP_GCP_SECRET_MANAGER (GCP), not both"
                    .to_owned(),
            }),
            (Some(id), false) => Ok(Some(SecretStore::Aws(aws::AwsSecret::new(
                id,
                get("AWS_REGION").or_else(|| get("AWS_DEFAULT_REGION")),
            )?))),
            (None, true) => {
                let project = get("GCP_PROJECT_ID").ok_or(SecretsError::Setting {
                    variable: "GCP_PROJECT_ID",
                    reason: "ZSCALER_MCP_GCP_SECRET_MANAGER=true needs GCP_PROJECT_ID, the \
                             project that holds the secrets"
                        .to_owned(),
                })?;
                Ok(Some(SecretStore::Gcp(gcp::GcpProject::from_env(
                    project, &lookup,
                )?)))
            }
            (None, false) => Ok(None),
        }
    }

    /// Reads the secret(s). Fails when nothing usable is there.
    pub async fn load(&self) -> Result<Loaded, SecretsError> {
        match self {
            SecretStore::Aws(secret) => secret.load().await,
            SecretStore::Gcp(project) => project.load().await,
        }
    }

    /// What the store is, for messages: the secret's name or ARN, or the GCP project.
    pub fn describe(&self) -> String {
        match self {
            SecretStore::Aws(secret) => format!("AWS Secrets Manager secret `{}`", secret.id()),
            SecretStore::Gcp(project) => {
                format!("GCP Secret Manager project `{}`", project.project())
            }
        }
    }
}

/// Values read from a store.
#[derive(Default, Clone, PartialEq, Eq)]
pub struct Loaded {
    /// Allowlisted variables and their values.
    pub values: BTreeMap<String, String>,
    /// Keys the store held that are not allowlisted (not applied).
    pub ignored: Vec<String>,
}

impl fmt::Debug for Loaded {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Loaded")
            .field("keys", &self.values.keys().collect::<Vec<_>>())
            .field("ignored", &self.ignored)
            .finish()
    }
}

impl Loaded {
    /// Sorts `key = value` into applied and ignored.
    fn insert(&mut self, key: &str, value: String) {
        if ALLOWED_KEYS.contains(&key) {
            self.values.insert(key.to_owned(), value);
        } else {
            self.ignored.push(key.to_owned());
        }
    }

    fn check(&self, store: &str) -> Result<(), SecretsError> {
        if self.values.is_empty() {
            return Err(SecretsError::Unusable {
                store: store.to_owned(),
                reason: format!(
                    "it holds none of the variables this server reads from it ({})",
                    ALLOWED_KEYS.join(", ")
                ),
            });
        }
        if self.values.contains_key("ZSCALER_CLIENT_ID")
            && !self.values.contains_key("ZSCALER_CLIENT_SECRET")
            && !self.values.contains_key("ZSCALER_PRIVATE_KEY")
        {
            return Err(SecretsError::Unusable {
                store: store.to_owned(),
                reason: "it holds ZSCALER_CLIENT_ID but neither ZSCALER_CLIENT_SECRET nor \
                         ZSCALER_PRIVATE_KEY"
                    .to_owned(),
            });
        }
        Ok(())
    }

    /// The OneAPI credentials in these values, if they hold a client id and its secret or key.
    pub fn credentials(&self) -> Option<Credentials> {
        let id = self.values.get("ZSCALER_CLIENT_ID")?;
        if let Some(secret) = self.values.get("ZSCALER_CLIENT_SECRET") {
            return Some(Credentials::secret(id, secret));
        }
        self.values
            .get("ZSCALER_PRIVATE_KEY")
            .map(|key| Credentials::private_key(id, key.replace("\\n", "\n")))
    }
}

/// A JSON value as the text of an environment variable; objects, arrays and null are not one.
fn env_value(key: &str, value: &serde_json::Value) -> Result<String, String> {
    match value {
        serde_json::Value::String(s) => Ok(s.clone()),
        serde_json::Value::Bool(b) => Ok(b.to_string()),
        serde_json::Value::Number(n) => Ok(n.to_string()),
        _ => Err(format!(
            "the value of {key} must be a string, number or boolean"
        )),
    }
}

/// Re-reads the OneAPI credentials from the store when ZIdentity refuses the current ones.
impl CredentialSource for SecretStore {
    fn reload(&self) -> Pin<Box<dyn Future<Output = Result<Credentials, String>> + Send + '_>> {
        Box::pin(async move {
            let loaded = self.load().await.map_err(|e| e.to_string())?;
            loaded.credentials().ok_or_else(|| {
                format!(
                    "{} no longer holds ZSCALER_CLIENT_ID with its secret or private key",
                    self.describe()
                )
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| (*v).to_owned())
        }
    }

    #[test]
    fn the_store_is_chosen_by_the_environment() {
        assert_eq!(SecretStore::from_env(env(&[])).unwrap(), None);
        let arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:zscaler-AbCdEf";
        match SecretStore::from_env(env(&[
            ("ZSCALER_SECRET_NAME", "other"),
            ("ZSCALER_SECRET_ARN", arn),
            ("AWS_REGION", "us-east-1"),
        ]))
        .unwrap()
        {
            // The ARN wins over the name, and its region over AWS_REGION.
            Some(SecretStore::Aws(secret)) => {
                assert_eq!(secret.id(), arn);
                assert_eq!(secret.region(), Some("eu-west-1"));
            }
            other => panic!("{other:?}"),
        }
        match SecretStore::from_env(env(&[
            ("ZSCALER_SECRET_NAME", "zscaler"),
            ("AWS_DEFAULT_REGION", "ap-south-1"),
        ]))
        .unwrap()
        {
            Some(SecretStore::Aws(secret)) => assert_eq!(secret.region(), Some("ap-south-1")),
            other => panic!("{other:?}"),
        }
        let err =
            SecretStore::from_env(env(&[("ZSCALER_MCP_GCP_SECRET_MANAGER", "true")])).unwrap_err();
        assert!(err.to_string().contains("GCP_PROJECT_ID"), "{err}");
        let err =
            SecretStore::from_env(env(&[("ZSCALER_MCP_GCP_SECRET_MANAGER", "maybe")])).unwrap_err();
        assert!(err.to_string().contains("maybe"), "{err}");
        let err = SecretStore::from_env(env(&[
            ("ZSCALER_MCP_GCP_SECRET_MANAGER", "true"),
            ("GCP_PROJECT_ID", "p"),
            ("ZSCALER_SECRET_NAME", "s"),
        ]))
        .unwrap_err();
        assert!(err.to_string().contains("not both"), "{err}");
    }

    #[test]
    fn only_allowlisted_keys_are_applied_and_values_stay_out_of_debug() {
        let mut loaded = Loaded::default();
        loaded.insert("ZSCALER_CLIENT_ID", "id".into());
        loaded.insert("ZSCALER_CLIENT_SECRET", "very-secret-value".into());
        loaded.insert("PATH", "/evil".into());
        assert_eq!(loaded.ignored, ["PATH"]);
        assert_eq!(loaded.values.len(), 2);
        let shown = format!("{loaded:?}");
        assert!(!shown.contains("very-secret-value"), "{shown}");
        assert!(shown.contains("ZSCALER_CLIENT_SECRET"), "{shown}");
        assert_eq!(
            loaded.credentials(),
            Some(Credentials::secret("id", "very-secret-value"))
        );
    }

    #[test]
    fn a_client_id_without_its_secret_is_unusable() {
        let store = "the secret";
        let mut loaded = Loaded::default();
        assert!(loaded.check(store).is_err());
        loaded.insert("ZSCALER_CLIENT_ID", "id".into());
        let err = loaded.check(store).unwrap_err().to_string();
        assert!(err.contains("ZSCALER_CLIENT_SECRET"), "{err}");
        loaded.insert("ZSCALER_PRIVATE_KEY", "-----BEGIN…".into());
        loaded.check(store).unwrap();
    }

    #[test]
    fn values_must_be_scalars() {
        assert_eq!(env_value("K", &serde_json::json!(true)).unwrap(), "true");
        assert_eq!(
            env_value("K", &serde_json::json!(216196257331281920u64)).unwrap(),
            "216196257331281920"
        );
        assert!(
            env_value("K", &serde_json::json!({"a": 1}))
                .unwrap_err()
                .contains("K")
        );
    }
}
