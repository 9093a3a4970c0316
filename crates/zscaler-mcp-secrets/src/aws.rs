//! AWS Secrets Manager: one secret (name or ARN) whose `SecretString` is a JSON object of
//! variable names to values. The region comes from the ARN, else `AWS_REGION` /
//! `AWS_DEFAULT_REGION`, else the SDK's chain (profile, instance metadata). The endpoint can be
//! pointed elsewhere with the SDK's own `AWS_ENDPOINT_URL_SECRETS_MANAGER`.

use std::time::Duration;

use aws_config::{BehaviorVersion, Region};
use aws_sdk_secretsmanager::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};
use aws_sdk_secretsmanager::operation::get_secret_value::GetSecretValueError;
use serde_json::Value;

use crate::{Loaded, SecretsError, env_value};

/// Longest a read may take, retries included: a start-up that hangs helps no one.
const OPERATION_TIMEOUT: Duration = Duration::from_secs(20);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AwsSecret {
    id: String,
    region: Option<String>,
}

impl AwsSecret {
    /// `id` is a name or an ARN; an ARN's region wins over `region`.
    pub fn new(id: String, region: Option<String>) -> Result<AwsSecret, SecretsError> {
        let region = if id.starts_with("arn:") {
            let parts: Vec<&str> = id.splitn(7, ':').collect();
            match parts.as_slice() {
                ["arn", _, "secretsmanager", region, _, "secret", _] if !region.is_empty() => {
                    Some((*region).to_owned())
                }
                _ => {
                    return Err(SecretsError::Setting {
                        variable: "ZSCALER_SECRET_ARN",
                        reason: format!(
                            "`{id}` is not a Secrets Manager secret ARN \
                             (arn:aws:secretsmanager:<region>:<account>:secret:<name>)"
                        ),
                    });
                }
            }
        } else {
            region
        };
        Ok(AwsSecret { id, region })
    }

    pub fn id(&self) -> &str {
        &self.id
    }

    /// The region the secret is read in, when known before asking the SDK.
    pub fn region(&self) -> Option<&str> {
        self.region.as_deref()
    }

    fn describe(&self) -> String {
        format!("AWS Secrets Manager secret `{}`", self.id)
    }

    pub(crate) async fn load(&self) -> Result<Loaded, SecretsError> {
        self.load_with(aws_config::defaults(BehaviorVersion::latest()))
            .await
    }

    /// Reads the secret with an SDK configuration built from `loader` (the environment's, by
    /// default; tests give an endpoint and credentials). An ARN's region is applied over it.
    pub async fn load_with(
        &self,
        loader: aws_config::ConfigLoader,
    ) -> Result<Loaded, SecretsError> {
        let mut loader = loader.timeout_config(
            aws_config::timeout::TimeoutConfig::builder()
                .operation_timeout(OPERATION_TIMEOUT)
                .build(),
        );
        if let Some(region) = &self.region {
            loader = loader.region(Region::new(region.clone()));
        }
        let config = loader.load().await;
        let region = config
            .region()
            .map(|r| r.as_ref().to_owned())
            .ok_or_else(|| SecretsError::Read {
                store: self.describe(),
                problem: "no AWS region is known".to_owned(),
                hint: "Set AWS_REGION, or give the secret's full ARN in ZSCALER_SECRET_ARN (the \
                       region is taken from it)."
                    .to_owned(),
            })?;
        let client = aws_sdk_secretsmanager::Client::new(&config);
        let answer = client
            .get_secret_value()
            .secret_id(&self.id)
            .send()
            .await
            .map_err(|e| self.read_error(&region, &e))?;
        let Some(text) = answer.secret_string() else {
            return Err(SecretsError::Unusable {
                store: self.describe(),
                reason: "it holds binary data (SecretBinary); store a JSON object of variable \
                         names to values as its secret string"
                    .to_owned(),
            });
        };
        let loaded = parse(text).map_err(|reason| SecretsError::Unusable {
            store: self.describe(),
            reason,
        })?;
        loaded.check(&self.describe())?;
        Ok(loaded)
    }

    fn read_error(&self, region: &str, error: &SdkError<GetSecretValueError>) -> SecretsError {
        let status = error.raw_response().map(|r| r.status().as_u16());
        // An answer whose error body the SDK cannot read still has its status: a 403 without
        // a code (a proxy, or moto's XML) is a refusal all the same.
        let code = match (error.code(), status) {
            (Some(code), _) => code,
            (None, Some(403)) => "AccessDeniedException",
            (None, _) => "",
        };
        let (problem, hint) = match (error, code) {
            (_, "ResourceNotFoundException") => (
                format!("it does not exist in region {region}"),
                "Check the name, or give the full ARN in ZSCALER_SECRET_ARN (its region is \
                 used), or set AWS_REGION to the secret's region."
                    .to_owned(),
            ),
            (_, "AccessDeniedException") => (
                "access denied".to_owned(),
                format!(
                    "Grant the role the server runs as (task role, AgentCore runtime role): \
                     {{\"Effect\":\"Allow\",\"Action\":\"secretsmanager:GetSecretValue\",\
                     \"Resource\":\"{}\"}}",
                    self.resource_pattern(region)
                ),
            ),
            (_, "DecryptionFailure") => (
                "the secret's KMS key could not decrypt it".to_owned(),
                format!(
                    "Grant the role kms:Decrypt on the secret's customer-managed key, with the \
                     condition kms:ViaService = secretsmanager.{region}.amazonaws.com."
                ),
            ),
            (_, "InvalidRequestException") => (
                error.message().unwrap_or("invalid request").to_owned(),
                "A secret scheduled for deletion cannot be read: restore it \
                 (aws secretsmanager restore-secret) or point to another."
                    .to_owned(),
            ),
            (_, "UnrecognizedClientException" | "InvalidSignatureException") => (
                "AWS did not accept the credentials".to_owned(),
                "Check the AWS credentials the server runs with (role, AWS_PROFILE, \
                 AWS_ACCESS_KEY_ID)."
                    .to_owned(),
            ),
            (SdkError::TimeoutError(_), _) => (
                format!(
                    "no answer from Secrets Manager in {region} within {} s",
                    OPERATION_TIMEOUT.as_secs()
                ),
                format!(
                    "From a private subnet the service needs a VPC endpoint \
                     (com.amazonaws.{region}.secretsmanager) or a NAT gateway."
                ),
            ),
            (SdkError::DispatchFailure(_) | SdkError::ConstructionFailure(_), _) => {
                let chain = DisplayErrorContext(error).to_string();
                if chain.contains("credentials") {
                    (
                        "no AWS credentials".to_owned(),
                        "Run with a role (ECS task role, AgentCore runtime role, instance \
                         profile), AWS_PROFILE, or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY."
                            .to_owned(),
                    )
                } else {
                    (
                        format!("Secrets Manager in {region} is unreachable ({chain})"),
                        format!(
                            "From a private subnet the service needs a VPC endpoint \
                             (com.amazonaws.{region}.secretsmanager) or a NAT gateway; check \
                             HTTPS_PROXY and AWS_ENDPOINT_URL_SECRETS_MANAGER."
                        ),
                    )
                }
            }
            _ => (
                match (error.message(), status) {
                    (Some(message), _) if !code.is_empty() => format!("{code}: {message}"),
                    (_, Some(status)) => format!("Secrets Manager answered HTTP {status}"),
                    _ => DisplayErrorContext(error).to_string(),
                },
                "Check the secret's name, region and the role's permissions.".to_owned(),
            ),
        };
        SecretsError::Read {
            store: self.describe(),
            problem,
            hint,
        }
    }

    /// The IAM resource that matches this secret: its ARN, or by name the ARN pattern with
    /// the six-character suffix Secrets Manager appends (`-??????`, not `-*`).
    fn resource_pattern(&self, region: &str) -> String {
        if self.id.starts_with("arn:") {
            self.id.clone()
        } else {
            format!(
                "arn:aws:secretsmanager:{region}:<account-id>:secret:{}-??????",
                self.id
            )
        }
    }
}

/// The secret string: a JSON object of variable names to scalar values. Errors never quote it.
fn parse(text: &str) -> Result<Loaded, String> {
    let Ok(Value::Object(map)) = serde_json::from_str::<Value>(text) else {
        return Err(
            "its secret string is not a JSON object of variable names to values \
             (e.g. {\"ZSCALER_CLIENT_ID\": \"…\", \"ZSCALER_CLIENT_SECRET\": \"…\"})"
                .to_owned(),
        );
    };
    let mut loaded = Loaded::default();
    for (key, value) in &map {
        loaded.insert(key, env_value(key, value)?);
    }
    Ok(loaded)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_arn_names_its_region_and_a_malformed_one_is_refused() {
        let secret = AwsSecret::new(
            "arn:aws:secretsmanager:eu-central-1:123456789012:secret:zs/prod-AbCdEf".into(),
            Some("us-east-1".into()),
        )
        .unwrap();
        assert_eq!(secret.region(), Some("eu-central-1"));
        assert_eq!(
            secret.resource_pattern("eu-central-1"),
            "arn:aws:secretsmanager:eu-central-1:123456789012:secret:zs/prod-AbCdEf"
        );
        let by_name = AwsSecret::new("zs/prod".into(), None).unwrap();
        assert_eq!(by_name.region(), None);
        assert_eq!(
            by_name.resource_pattern("us-west-2"),
            "arn:aws:secretsmanager:us-west-2:<account-id>:secret:zs/prod-??????"
        );
        let err = AwsSecret::new("arn:aws:s3:::bucket".into(), None).unwrap_err();
        assert!(err.to_string().starts_with("ZSCALER_SECRET_ARN"), "{err}");
    }

    #[test]
    fn the_secret_string_must_be_an_object_and_is_never_quoted() {
        let err = parse("client-secret-in-plain-text").unwrap_err();
        assert!(!err.contains("client-secret-in-plain-text"));
        assert!(parse("[1,2]").is_err());
        let loaded = parse(r#"{"ZSCALER_CLIENT_ID":"id","ZSCALER_CUSTOMER_ID":216196257331281920,"ZSCALER_MCP_WRITE_ENABLED":true,"EXTRA":"x"}"#).unwrap();
        assert_eq!(loaded.values["ZSCALER_CUSTOMER_ID"], "216196257331281920");
        assert_eq!(loaded.values["ZSCALER_MCP_WRITE_ENABLED"], "true");
        assert_eq!(loaded.ignored, ["EXTRA"]);
        let err = parse(r#"{"ZSCALER_CLIENT_ID":{"nested":"object"}}"#).unwrap_err();
        assert!(err.contains("ZSCALER_CLIENT_ID"), "{err}");
    }
}
