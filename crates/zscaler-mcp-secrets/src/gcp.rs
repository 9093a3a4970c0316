//! GCP Secret Manager: one secret per variable, named after it in lower case with `-` for
//! `_` (`ZSCALER_CLIENT_ID` → `zscaler-client-id`), read at `versions/latest`. Missing
//! secrets are skipped. The access token comes from `GOOGLE_APPLICATION_CREDENTIALS` (a
//! service-account key or an `authorized_user` file) or else the metadata server (Cloud Run,
//! GKE, Compute Engine; `GCE_METADATA_HOST` overrides its address).

use std::path::PathBuf;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use serde_json::{Value, json};
use url::Url;

use crate::{ALLOWED_KEYS, Loaded, SecretsError};

const DEFAULT_ENDPOINT: &str = "https://secretmanager.googleapis.com";
const DEFAULT_METADATA_HOST: &str = "metadata.google.internal";
const DEFAULT_TOKEN_URI: &str = "https://oauth2.googleapis.com/token";
const SCOPE: &str = "https://www.googleapis.com/auth/cloud-platform";
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GcpProject {
    project: String,
    endpoint: Url,
    metadata_host: String,
    credentials_file: Option<PathBuf>,
}

/// The secret id a variable is stored under.
pub fn secret_id(variable: &str) -> String {
    variable.to_ascii_lowercase().replace('_', "-")
}

impl GcpProject {
    pub(crate) fn from_env(
        project: String,
        lookup: &impl Fn(&str) -> Option<String>,
    ) -> Result<GcpProject, SecretsError> {
        let get = |name: &str| {
            lookup(name)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        if !project
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b':' || b == b'.')
        {
            return Err(SecretsError::Setting {
                variable: "GCP_PROJECT_ID",
                reason: format!("`{project}` is not a GCP project id"),
            });
        }
        let endpoint_text = get("ZSCALER_MCP_GCP_SECRET_MANAGER_ENDPOINT")
            .unwrap_or_else(|| DEFAULT_ENDPOINT.to_owned());
        let endpoint = Url::parse(&endpoint_text)
            .ok()
            .filter(|u| matches!(u.scheme(), "http" | "https"))
            .ok_or_else(|| SecretsError::Setting {
                variable: "ZSCALER_MCP_GCP_SECRET_MANAGER_ENDPOINT",
                reason: format!("`{endpoint_text}` is not an http(s) URL"),
            })?;
        Ok(GcpProject {
            project,
            endpoint,
            metadata_host: get("GCE_METADATA_HOST")
                .unwrap_or_else(|| DEFAULT_METADATA_HOST.to_owned()),
            credentials_file: get("GOOGLE_APPLICATION_CREDENTIALS").map(PathBuf::from),
        })
    }

    pub fn project(&self) -> &str {
        &self.project
    }

    fn describe(&self) -> String {
        format!("GCP Secret Manager project `{}`", self.project)
    }

    fn read_error(&self, problem: impl Into<String>, hint: impl Into<String>) -> SecretsError {
        SecretsError::Read {
            store: self.describe(),
            problem: problem.into(),
            hint: hint.into(),
        }
    }

    pub(crate) async fn load(&self) -> Result<Loaded, SecretsError> {
        let http = reqwest::Client::builder()
            .timeout(REQUEST_TIMEOUT)
            .build()
            .map_err(|e| self.read_error(format!("no HTTP client: {e}"), "Check HTTPS_PROXY."))?;
        let token = self.access_token(&http).await?;
        let mut loaded = Loaded::default();
        for variable in ALLOWED_KEYS {
            if let Some(value) = self.access(&http, &token, variable).await? {
                loaded.insert(variable, value);
            }
        }
        loaded.check(&self.describe())?;
        Ok(loaded)
    }

    /// The latest version of one variable's secret, or `None` when there is no such secret.
    async fn access(
        &self,
        http: &reqwest::Client,
        token: &str,
        variable: &str,
    ) -> Result<Option<String>, SecretsError> {
        let id = secret_id(variable);
        let mut url = self.endpoint.clone();
        url.set_path(&format!(
            "v1/projects/{}/secrets/{id}/versions/latest:access",
            self.project
        ));
        let response = http.get(url).bearer_auth(token).send().await.map_err(|e| {
            self.read_error(
                format!("Secret Manager is unreachable ({e})"),
                "Check the network path to secretmanager.googleapis.com (Private Google \
                     Access for VPC-only workloads) and HTTPS_PROXY.",
            )
        })?;
        let status = response.status().as_u16();
        match status {
            200 => {}
            404 => return Ok(None),
            403 => {
                return Err(self.read_error(
                    format!("permission denied on secret `{id}`"),
                    format!(
                        "Grant the service account roles/secretmanager.secretAccessor on the \
                         secrets (or the project `{}`), and enable the Secret Manager API.",
                        self.project
                    ),
                ));
            }
            401 => {
                return Err(self.read_error(
                    "the access token was refused",
                    "Check GOOGLE_APPLICATION_CREDENTIALS or the workload's service account.",
                ));
            }
            _ => {
                return Err(self.read_error(
                    format!("reading secret `{id}` answered HTTP {status}"),
                    "Try again; if it persists, check the project id and the Secret Manager API.",
                ));
            }
        }
        let body: Value = response.json().await.map_err(|_| {
            self.read_error(
                format!("the answer for secret `{id}` is not JSON"),
                "Check ZSCALER_MCP_GCP_SECRET_MANAGER_ENDPOINT.",
            )
        })?;
        let data = body["payload"]["data"].as_str().unwrap_or_default();
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(data)
            .map_err(|_| {
                self.read_error(
                    format!("secret `{id}` has no base64 payload"),
                    "Check ZSCALER_MCP_GCP_SECRET_MANAGER_ENDPOINT.",
                )
            })?;
        let text = String::from_utf8(bytes).map_err(|_| SecretsError::Unusable {
            store: self.describe(),
            reason: format!("secret `{id}` is not UTF-8 text"),
        })?;
        Ok(Some(text.trim_end_matches(['\r', '\n']).to_owned()))
    }

    async fn access_token(&self, http: &reqwest::Client) -> Result<String, SecretsError> {
        match &self.credentials_file {
            Some(path) => self.token_from_file(http, path).await,
            None => self.token_from_metadata(http).await,
        }
    }

    async fn token_from_metadata(&self, http: &reqwest::Client) -> Result<String, SecretsError> {
        let url = format!(
            "http://{}/computeMetadata/v1/instance/service-accounts/default/token",
            self.metadata_host
        );
        let response = http
            .get(&url)
            .header("Metadata-Flavor", "Google")
            .send()
            .await
            .map_err(|_| {
                self.read_error(
                    "no access token: the GCP metadata server is unreachable",
                    "Outside Google Cloud, set GOOGLE_APPLICATION_CREDENTIALS to a service \
                     account key file (or run `gcloud auth application-default login`).",
                )
            })?;
        token_field(response).await.map_err(|problem| {
            self.read_error(
                format!("no access token from the metadata server: {problem}"),
                "Check the workload's service account.",
            )
        })
    }

    async fn token_from_file(
        &self,
        http: &reqwest::Client,
        path: &PathBuf,
    ) -> Result<String, SecretsError> {
        let unusable = |why: String| SecretsError::Setting {
            variable: "GOOGLE_APPLICATION_CREDENTIALS",
            reason: format!("{}: {why}", path.display()),
        };
        let text = std::fs::read_to_string(path).map_err(|e| unusable(e.to_string()))?;
        let file: Value = serde_json::from_str(&text)
            .map_err(|_| unusable("not a JSON credentials file".to_owned()))?;
        let field = |name: &str| file[name].as_str().map(str::to_owned);
        let token_uri = field("token_uri").unwrap_or_else(|| DEFAULT_TOKEN_URI.to_owned());
        let form: Vec<(&str, String)> = match file["type"].as_str() {
            Some("service_account") => {
                let (Some(email), Some(key)) = (field("client_email"), field("private_key")) else {
                    return Err(unusable(
                        "a service account key needs client_email and private_key".to_owned(),
                    ));
                };
                let now = SystemTime::now()
                    .duration_since(UNIX_EPOCH)
                    .map(|d| d.as_secs())
                    .unwrap_or_default();
                let claims = json!({"iss": email, "scope": SCOPE, "aud": token_uri,
                    "iat": now, "exp": now + 3600});
                let signing =
                    jsonwebtoken::EncodingKey::from_rsa_pem(key.as_bytes()).map_err(|_| {
                        unusable("private_key is not an RSA key in PEM form".to_owned())
                    })?;
                let mut header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::RS256);
                header.kid = field("private_key_id");
                let assertion = jsonwebtoken::encode(&header, &claims, &signing)
                    .map_err(|_| unusable("private_key cannot sign".to_owned()))?;
                vec![
                    (
                        "grant_type",
                        "urn:ietf:params:oauth:grant-type:jwt-bearer".to_owned(),
                    ),
                    ("assertion", assertion),
                ]
            }
            Some("authorized_user") => {
                let (Some(id), Some(secret), Some(refresh)) = (
                    field("client_id"),
                    field("client_secret"),
                    field("refresh_token"),
                ) else {
                    return Err(unusable(
                        "authorized_user credentials need client_id, client_secret and \
                         refresh_token"
                            .to_owned(),
                    ));
                };
                vec![
                    ("grant_type", "refresh_token".to_owned()),
                    ("client_id", id),
                    ("client_secret", secret),
                    ("refresh_token", refresh),
                ]
            }
            other => {
                return Err(unusable(format!(
                    "type {} is not supported (service_account or authorized_user)",
                    other.unwrap_or("(none)")
                )));
            }
        };
        let response = http
            .post(&token_uri)
            .form(&form)
            .send()
            .await
            .map_err(|_| {
                self.read_error(
                    format!("no access token: {token_uri} is unreachable"),
                    "Check the network path to Google's token endpoint and HTTPS_PROXY.",
                )
            })?;
        token_field(response).await.map_err(|problem| {
            self.read_error(
                format!("no access token from {token_uri}: {problem}"),
                "Check the key in GOOGLE_APPLICATION_CREDENTIALS (revoked or deleted keys are \
                 refused).",
            )
        })
    }
}

/// The `access_token` of a token answer, or why there is none (never the body).
async fn token_field(response: reqwest::Response) -> Result<String, String> {
    let status = response.status().as_u16();
    if status != 200 {
        return Err(format!("HTTP {status}"));
    }
    let body: Value = response
        .json()
        .await
        .map_err(|_| "the answer is not JSON".to_owned())?;
    body["access_token"]
        .as_str()
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .ok_or_else(|| "the answer has no access_token".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variables_map_to_secret_ids() {
        assert_eq!(secret_id("ZSCALER_CLIENT_ID"), "zscaler-client-id");
        assert_eq!(
            secret_id("ZSCALER_MCP_WRITE_TOOLS"),
            "zscaler-mcp-write-tools"
        );
    }

    #[test]
    fn a_bad_project_or_endpoint_is_named() {
        let none = |_: &str| None;
        let err = GcpProject::from_env("my project/../x".into(), &none).unwrap_err();
        assert!(err.to_string().starts_with("GCP_PROJECT_ID"), "{err}");
        let endpoint = |name: &str| {
            (name == "ZSCALER_MCP_GCP_SECRET_MANAGER_ENDPOINT").then(|| "ftp://x".to_owned())
        };
        let err = GcpProject::from_env("p".into(), &endpoint).unwrap_err();
        assert!(err.to_string().contains("ftp://x"), "{err}");
    }
}
