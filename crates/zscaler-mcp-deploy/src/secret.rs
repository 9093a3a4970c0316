//! The Zscaler credentials secret: created and kept current when deploy owns it; only read
//! when it is the user's.

use aws_sdk_secretsmanager::types::Tag;

use crate::aws::{Aws, failed, is_not_found};
use crate::error::{DeployError, Result};
use crate::plan::MANAGED_BY_TAG;

pub enum Outcome {
    Created,
    Updated,
    Unchanged,
    Restored,
}

/// Creates the secret, or brings its value up to date; a secret scheduled for deletion by an
/// earlier destroy is restored first (its name cannot be reused while it waits).
pub async fn ensure_managed(aws: &Aws, name: &str, value: &str) -> Result<(String, Outcome)> {
    match aws.secrets.describe_secret().secret_id(name).send().await {
        Ok(found) => {
            let arn = found.arn().unwrap_or(name).to_owned();
            let mut outcome = Outcome::Unchanged;
            if found.deleted_date().is_some() {
                aws.secrets
                    .restore_secret()
                    .secret_id(&arn)
                    .send()
                    .await
                    .map_err(|e| failed("secretsmanager:RestoreSecret", e))?;
                outcome = Outcome::Restored;
            }
            let current = aws
                .secrets
                .get_secret_value()
                .secret_id(&arn)
                .send()
                .await
                .ok()
                .and_then(|v| v.secret_string().map(str::to_owned));
            if current.as_deref() != Some(value) {
                aws.secrets
                    .put_secret_value()
                    .secret_id(&arn)
                    .secret_string(value)
                    .send()
                    .await
                    .map_err(|e| failed("secretsmanager:PutSecretValue", e))?;
                if matches!(outcome, Outcome::Unchanged) {
                    outcome = Outcome::Updated;
                }
            }
            Ok((arn, outcome))
        }
        Err(e) if is_not_found(&e) => {
            let created = aws
                .secrets
                .create_secret()
                .name(name)
                .description("Zscaler OneAPI credentials for zscaler-mcp (zscaler-mcp-deploy)")
                .secret_string(value)
                .tags(
                    Tag::builder()
                        .key(MANAGED_BY_TAG.0)
                        .value(MANAGED_BY_TAG.1)
                        .build(),
                )
                .send()
                .await
                .map_err(|e| failed("secretsmanager:CreateSecret", e))?;
            Ok((created.arn().unwrap_or(name).to_owned(), Outcome::Created))
        }
        Err(e) => Err(failed("secretsmanager:DescribeSecret", e)),
    }
}

/// The user's secret: it must exist and not be scheduled for deletion. Returns ARN and name.
pub async fn check_external(aws: &Aws, id: &str) -> Result<(String, String)> {
    let found = aws
        .secrets
        .describe_secret()
        .secret_id(id)
        .send()
        .await
        .map_err(|e| {
            if is_not_found(&e) {
                DeployError::Blocked(format!(
                    "ZSCALER_SECRET_NAME={id}: no such secret in {}. Create it (a JSON object \
                     with ZSCALER_CLIENT_ID, ZSCALER_CLIENT_SECRET, ZSCALER_VANITY_DOMAIN, \
                     ZSCALER_CUSTOMER_ID) or unset it to let deploy create one",
                    aws.scope.region
                ))
            } else {
                failed("secretsmanager:DescribeSecret", e)
            }
        })?;
    if found.deleted_date().is_some() {
        return Err(DeployError::Blocked(format!(
            "ZSCALER_SECRET_NAME={id} is scheduled for deletion; it is yours, so deploy will not \
             restore it: `aws secretsmanager restore-secret --secret-id {id}`"
        )));
    }
    Ok((
        found.arn().unwrap_or(id).to_owned(),
        found.name().unwrap_or(id).to_owned(),
    ))
}

/// The client id and secret stored in the user's secret (for the harness's Basic header).
pub async fn read_client_credentials(aws: &Aws, id: &str) -> Result<(String, String)> {
    let value = aws
        .secrets
        .get_secret_value()
        .secret_id(id)
        .send()
        .await
        .map_err(|e| failed("secretsmanager:GetSecretValue", e))?;
    let json: serde_json::Value = value
        .secret_string()
        .and_then(|s| serde_json::from_str(s).ok())
        .ok_or_else(|| {
            DeployError::Blocked(format!("secret {id}: its value is not a JSON object"))
        })?;
    let field = |key: &str| {
        json.get(key)
            .and_then(|v| v.as_str())
            .map(str::to_owned)
            .ok_or_else(|| {
                DeployError::Blocked(format!(
                    "secret {id} has no {key}; add it, or pass --client-id and --client-secret"
                ))
            })
    };
    Ok((field("ZSCALER_CLIENT_ID")?, field("ZSCALER_CLIENT_SECRET")?))
}

/// Deletes the secret deploy created: after the 7-day recovery window, or at once.
pub async fn delete_managed(aws: &Aws, arn: &str, force: bool) -> Result<bool> {
    let mut request = aws.secrets.delete_secret().secret_id(arn);
    request = if force {
        request.force_delete_without_recovery(true)
    } else {
        request.recovery_window_in_days(7)
    };
    match request.send().await {
        Ok(_) => Ok(true),
        Err(e) if is_not_found(&e) => Ok(false),
        Err(e) => Err(failed("secretsmanager:DeleteSecret", e)),
    }
}
