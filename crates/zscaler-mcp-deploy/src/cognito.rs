//! Amazon Cognito as the gateway topology's identity provider: one user pool (no users: admin
//! creation only), a resource server with one scope, a client-credentials app client, and the
//! hosted domain that serves `/oauth2/token`.

use aws_sdk_cognitoidentityprovider::types::{
    AdminCreateUserConfigType, OAuthFlowType, ResourceServerScopeType,
};

use crate::aws::{Aws, failed, is_code, is_not_found};
use crate::error::{DeployError, Result, built};
use crate::plan::CognitoPlan;
use crate::state::CognitoState;

async fn find_pool(aws: &Aws, name: &str) -> Result<Option<String>> {
    let mut pages = aws
        .cognito
        .list_user_pools()
        .max_results(60)
        .into_paginator()
        .items()
        .send();
    while let Some(pool) = pages.next().await {
        let pool = pool.map_err(|e| failed("cognito-idp:ListUserPools", e))?;
        if pool.name() == Some(name) {
            return Ok(pool.id().map(str::to_owned));
        }
    }
    Ok(None)
}

/// Everything Cognito, created or found by name. Returns the state and the client secret.
pub async fn ensure(aws: &Aws, plan: &CognitoPlan) -> Result<(CognitoState, String)> {
    let region = &aws.scope.region;
    let pool_id = match find_pool(aws, &plan.user_pool).await? {
        Some(id) => id,
        None => aws
            .cognito
            .create_user_pool()
            .pool_name(&plan.user_pool)
            .admin_create_user_config(
                AdminCreateUserConfigType::builder()
                    .allow_admin_create_user_only(true)
                    .build(),
            )
            .user_pool_tags(crate::plan::MANAGED_BY_TAG.0, crate::plan::MANAGED_BY_TAG.1)
            .send()
            .await
            .map_err(|e| failed("cognito-idp:CreateUserPool", e))?
            .user_pool()
            .and_then(|p| p.id())
            .map(str::to_owned)
            .ok_or_else(|| DeployError::Aws {
                operation: "cognito-idp:CreateUserPool",
                message: "the answer held no pool id".into(),
                hint: None,
            })?,
    };

    match aws
        .cognito
        .describe_resource_server()
        .user_pool_id(&pool_id)
        .identifier(&plan.resource_server)
        .send()
        .await
    {
        Ok(_) => {}
        Err(e) if is_not_found(&e) => {
            aws.cognito
                .create_resource_server()
                .user_pool_id(&pool_id)
                .identifier(&plan.resource_server)
                .name(&plan.resource_server)
                .scopes(built(
                    "scope",
                    ResourceServerScopeType::builder()
                        .scope_name(&plan.scope)
                        .scope_description("Call zscaler-mcp through the AgentCore Gateway")
                        .build(),
                )?)
                .send()
                .await
                .map_err(|e| failed("cognito-idp:CreateResourceServer", e))?;
        }
        Err(e) => return Err(failed("cognito-idp:DescribeResourceServer", e)),
    }

    let clients = aws
        .cognito
        .list_user_pool_clients()
        .user_pool_id(&pool_id)
        .max_results(60)
        .send()
        .await
        .map_err(|e| failed("cognito-idp:ListUserPoolClients", e))?;
    let client_id = match clients
        .user_pool_clients()
        .iter()
        .find(|c| c.client_name() == Some(plan.app_client.as_str()))
        .and_then(|c| c.client_id())
    {
        Some(id) => id.to_owned(),
        None => aws
            .cognito
            .create_user_pool_client()
            .user_pool_id(&pool_id)
            .client_name(&plan.app_client)
            .generate_secret(true)
            .allowed_o_auth_flows(OAuthFlowType::ClientCredentials)
            .allowed_o_auth_flows_user_pool_client(true)
            .allowed_o_auth_scopes(plan.full_scope())
            .supported_identity_providers("COGNITO")
            .send()
            .await
            .map_err(|e| failed("cognito-idp:CreateUserPoolClient", e))?
            .user_pool_client()
            .and_then(|c| c.client_id())
            .map(str::to_owned)
            .ok_or_else(|| DeployError::Aws {
                operation: "cognito-idp:CreateUserPoolClient",
                message: "the answer held no client id".into(),
                hint: None,
            })?,
    };
    let client_secret = aws
        .cognito
        .describe_user_pool_client()
        .user_pool_id(&pool_id)
        .client_id(&client_id)
        .send()
        .await
        .map_err(|e| failed("cognito-idp:DescribeUserPoolClient", e))?
        .user_pool_client()
        .and_then(|c| c.client_secret())
        .map(str::to_owned)
        .ok_or_else(|| DeployError::Blocked(format!(
            "Cognito app client {} has no secret (it was created without one): delete it or pass \
             another --cognito-app-client-name",
            plan.app_client
        )))?;

    let domain = &plan.domain_prefix;
    let existing = aws
        .cognito
        .describe_user_pool_domain()
        .domain(domain)
        .send()
        .await
        .map_err(|e| failed("cognito-idp:DescribeUserPoolDomain", e))?;
    match existing.domain_description().and_then(|d| d.user_pool_id()) {
        Some(owner) if owner == pool_id => {}
        Some(_) => {
            return Err(DeployError::Blocked(format!(
                "the Cognito domain prefix {domain} belongs to another user pool; pass \
                 --cognito-domain-prefix <another>"
            )));
        }
        None => match aws
            .cognito
            .create_user_pool_domain()
            .domain(domain)
            .user_pool_id(&pool_id)
            .send()
            .await
        {
            Ok(_) => {}
            Err(e) if is_code(&e, &["InvalidParameterException"]) => {
                return Err(DeployError::Blocked(format!(
                    "the Cognito domain prefix {domain} is taken in {region} (prefixes are unique \
                     across accounts): pass --cognito-domain-prefix <another>"
                )));
            }
            Err(e) => return Err(failed("cognito-idp:CreateUserPoolDomain", e)),
        },
    }
    Ok((
        CognitoState {
            discovery_url: format!(
                "https://cognito-idp.{region}.amazonaws.com/{pool_id}/.well-known/openid-configuration"
            ),
            token_endpoint: format!(
                "https://{domain}.auth.{region}.amazoncognito.com/oauth2/token"
            ),
            user_pool_id: pool_id,
            user_pool_name: plan.user_pool.clone(),
            app_client_id: client_id,
            resource_server: plan.resource_server.clone(),
            domain: domain.clone(),
        },
        client_secret,
    ))
}

/// Deletes the domain, then the pool (which takes its clients and resource server with it).
pub async fn delete(aws: &Aws, state: &CognitoState) -> Result<bool> {
    match aws
        .cognito
        .delete_user_pool_domain()
        .domain(&state.domain)
        .user_pool_id(&state.user_pool_id)
        .send()
        .await
    {
        Ok(_) => {}
        Err(e) if is_not_found(&e) || is_code(&e, &["InvalidParameterException"]) => {}
        Err(e) => return Err(failed("cognito-idp:DeleteUserPoolDomain", e)),
    }
    match aws
        .cognito
        .delete_user_pool()
        .user_pool_id(&state.user_pool_id)
        .send()
        .await
    {
        Ok(_) => Ok(true),
        Err(e) if is_not_found(&e) => Ok(false),
        Err(e) => Err(failed("cognito-idp:DeleteUserPool", e)),
    }
}
