//! IAM roles: created or brought up to date (trust, managed and inline policies) on every
//! deploy, so a role edited by hand or by an older version is repaired by deploying again.

use aws_sdk_iam::types::Tag;

use crate::aws::{Aws, failed, is_not_found};
use crate::error::Result;
use crate::plan::{MANAGED_BY_TAG, RolePlan};

/// Returns the role's ARN and whether it was created just now.
pub async fn ensure_role(aws: &Aws, role: &RolePlan) -> Result<(String, bool)> {
    let trust = role.trust.to_string();
    let (arn, created) = match aws.iam.get_role().role_name(&role.name).send().await {
        Ok(found) => {
            aws.iam
                .update_assume_role_policy()
                .role_name(&role.name)
                .policy_document(&trust)
                .send()
                .await
                .map_err(|e| failed("iam:UpdateAssumeRolePolicy", e))?;
            (
                found.role().map(|r| r.arn().to_owned()).unwrap_or_default(),
                false,
            )
        }
        Err(e) if is_not_found(&e) => {
            let tag = Tag::builder()
                .key(MANAGED_BY_TAG.0)
                .value(MANAGED_BY_TAG.1)
                .build()
                .map_err(crate::error::DeployError::settings)?;
            let created = aws
                .iam
                .create_role()
                .role_name(&role.name)
                .assume_role_policy_document(&trust)
                .description(role.purpose)
                .tags(tag)
                .send()
                .await
                .map_err(|e| failed("iam:CreateRole", e))?;
            (
                created
                    .role()
                    .map(|r| r.arn().to_owned())
                    .unwrap_or_default(),
                true,
            )
        }
        Err(e) => return Err(failed("iam:GetRole", e)),
    };
    for policy in &role.managed {
        aws.iam
            .attach_role_policy()
            .role_name(&role.name)
            .policy_arn(*policy)
            .send()
            .await
            .map_err(|e| failed("iam:AttachRolePolicy", e))?;
    }
    for (name, document) in &role.inline {
        aws.iam
            .put_role_policy()
            .role_name(&role.name)
            .policy_name(name)
            .policy_document(document.to_string())
            .send()
            .await
            .map_err(|e| failed("iam:PutRolePolicy", e))?;
    }
    Ok((arn, created))
}

/// Deletes a role with its policies; an absent role is not an error. Returns whether it existed.
pub async fn delete_role(aws: &Aws, name: &str) -> Result<bool> {
    let attached = match aws
        .iam
        .list_attached_role_policies()
        .role_name(name)
        .send()
        .await
    {
        Ok(out) => out.attached_policies().to_vec(),
        Err(e) if is_not_found(&e) => return Ok(false),
        Err(e) => return Err(failed("iam:ListAttachedRolePolicies", e)),
    };
    for policy in attached {
        if let Some(arn) = policy.policy_arn() {
            match aws
                .iam
                .detach_role_policy()
                .role_name(name)
                .policy_arn(arn)
                .send()
                .await
            {
                Ok(_) => {}
                Err(e) if is_not_found(&e) => {}
                Err(e) => return Err(failed("iam:DetachRolePolicy", e)),
            }
        }
    }
    let inline = aws
        .iam
        .list_role_policies()
        .role_name(name)
        .send()
        .await
        .map_err(|e| failed("iam:ListRolePolicies", e))?;
    for policy in inline.policy_names() {
        match aws
            .iam
            .delete_role_policy()
            .role_name(name)
            .policy_name(policy)
            .send()
            .await
        {
            Ok(_) => {}
            Err(e) if is_not_found(&e) => {}
            Err(e) => return Err(failed("iam:DeleteRolePolicy", e)),
        }
    }
    match aws.iam.delete_role().role_name(name).send().await {
        Ok(_) => Ok(true),
        Err(e) if is_not_found(&e) => Ok(false),
        Err(e) => Err(failed("iam:DeleteRole", e)),
    }
}
