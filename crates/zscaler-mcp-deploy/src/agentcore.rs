//! AgentCore control plane: Token Vault credential providers, the Harness, the Runtime running
//! the server, and the Gateway in front of it. Each `ensure_*` creates or brings up to date;
//! each `delete_*` treats "already gone" as done.

use std::collections::HashMap;
use std::time::Duration;

use aws_sdk_bedrockagentcorecontrol::types::{
    AgentRuntimeArtifact, AuthorizerConfiguration, AuthorizerType, ContainerConfiguration,
    CredentialProvider, CredentialProviderConfiguration, CredentialProviderType,
    CredentialProviderVendorType, CustomJwtAuthorizerConfiguration,
    CustomOauth2ProviderConfigInput, GatewayProtocolType, HarnessBedrockModelConfig,
    HarnessModelConfiguration, HarnessSystemContentBlock, HarnessTool, IamCredentialProvider,
    McpServerTargetConfiguration, McpTargetConfiguration, NetworkConfiguration, NetworkMode,
    OAuthCredentialProvider, OAuthGrantType, Oauth2Discovery, Oauth2ProviderConfigInput,
    ProtocolConfiguration, RequestHeaderConfiguration, ServerProtocol, TargetConfiguration,
};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use crate::aws::{Aws, Poll, failed, is_not_found, wait_for};
use crate::error::{DeployError, Result, built};
use crate::plan::{HarnessPlan, JwtPlan, MANAGED_BY_TAG};
use crate::ui::Step;

const CREATE_TIMEOUT: Duration = Duration::from_secs(10 * 60);
const POLL: Duration = Duration::from_secs(5);

// ---------------------------------------------------------------- Token Vault

/// An API-key provider holding `value` (the whole header value). Returns its ARN.
pub async fn ensure_api_key_provider(aws: &Aws, name: &str, value: &str) -> Result<String> {
    match aws
        .control
        .get_api_key_credential_provider()
        .name(name)
        .send()
        .await
    {
        Ok(found) => {
            aws.control
                .update_api_key_credential_provider()
                .name(name)
                .api_key(value)
                .send()
                .await
                .map_err(|e| failed("bedrock-agentcore:UpdateApiKeyCredentialProvider", e))?;
            Ok(found.credential_provider_arn().to_owned())
        }
        Err(e) if is_not_found(&e) => {
            let created = aws
                .control
                .create_api_key_credential_provider()
                .name(name)
                .api_key(value)
                .tags(MANAGED_BY_TAG.0, MANAGED_BY_TAG.1)
                .send()
                .await
                .map_err(|e| failed("bedrock-agentcore:CreateApiKeyCredentialProvider", e))?;
            Ok(created.credential_provider_arn().to_owned())
        }
        Err(e) => Err(failed("bedrock-agentcore:GetApiKeyCredentialProvider", e)),
    }
}

pub async fn delete_api_key_provider(aws: &Aws, name: &str) -> Result<bool> {
    match aws
        .control
        .delete_api_key_credential_provider()
        .name(name)
        .send()
        .await
    {
        Ok(_) => Ok(true),
        Err(e) if is_not_found(&e) => Ok(false),
        Err(e) => Err(failed(
            "bedrock-agentcore:DeleteApiKeyCredentialProvider",
            e,
        )),
    }
}

/// An OAuth2 provider for a client-credentials client of the issuer at `discovery_url`.
pub async fn ensure_oauth2_provider(
    aws: &Aws,
    name: &str,
    discovery_url: &str,
    client_id: &str,
    client_secret: &str,
) -> Result<String> {
    let config = Oauth2ProviderConfigInput::CustomOauth2ProviderConfig(
        CustomOauth2ProviderConfigInput::builder()
            .oauth_discovery(Oauth2Discovery::DiscoveryUrl(discovery_url.to_owned()))
            .client_id(client_id)
            .client_secret(client_secret)
            .build(),
    );
    match aws
        .control
        .get_oauth2_credential_provider()
        .name(name)
        .send()
        .await
    {
        Ok(found) => {
            aws.control
                .update_oauth2_credential_provider()
                .name(name)
                .credential_provider_vendor(CredentialProviderVendorType::CustomOauth2)
                .oauth2_provider_config_input(config)
                .send()
                .await
                .map_err(|e| failed("bedrock-agentcore:UpdateOauth2CredentialProvider", e))?;
            Ok(found.credential_provider_arn().to_owned())
        }
        Err(e) if is_not_found(&e) => {
            let created = aws
                .control
                .create_oauth2_credential_provider()
                .name(name)
                .credential_provider_vendor(CredentialProviderVendorType::CustomOauth2)
                .oauth2_provider_config_input(config)
                .tags(MANAGED_BY_TAG.0, MANAGED_BY_TAG.1)
                .send()
                .await
                .map_err(|e| failed("bedrock-agentcore:CreateOauth2CredentialProvider", e))?;
            Ok(created.credential_provider_arn().to_owned())
        }
        Err(e) => Err(failed("bedrock-agentcore:GetOauth2CredentialProvider", e)),
    }
}

pub async fn delete_oauth2_provider(aws: &Aws, name: &str) -> Result<bool> {
    match aws
        .control
        .delete_oauth2_credential_provider()
        .name(name)
        .send()
        .await
    {
        Ok(_) => Ok(true),
        Err(e) if is_not_found(&e) => Ok(false),
        Err(e) => Err(failed(
            "bedrock-agentcore:DeleteOauth2CredentialProvider",
            e,
        )),
    }
}

// ---------------------------------------------------------------- Harness

/// The harness's one tool.
pub enum ToolTarget<'a> {
    /// `remote_mcp` with an `Authorization` header the Token Vault fills in.
    RemoteMcp {
        url: &'a str,
        api_key_provider_arn: &'a str,
    },
    /// `agentcore_gateway`, authenticated with OAuth (Cognito) or SigV4.
    Gateway {
        gateway_arn: &'a str,
        oauth: Option<(&'a str, String)>,
    },
}

pub fn harness_tool(target: &ToolTarget) -> Result<HarnessTool> {
    use aws_sdk_bedrockagentcorecontrol::types::{
        HarnessAgentCoreGatewayConfig, HarnessGatewayOutboundAuth, HarnessRemoteMcpConfig,
        HarnessToolConfiguration, HarnessToolType,
    };
    let (kind, config) = match target {
        ToolTarget::RemoteMcp {
            url,
            api_key_provider_arn,
        } => (
            HarnessToolType::RemoteMcp,
            HarnessToolConfiguration::RemoteMcp(built(
                "remote_mcp tool",
                HarnessRemoteMcpConfig::builder()
                    .url(*url)
                    // The whole value is replaced by the provider's stored key at invocation.
                    .headers("Authorization", format!("${{{api_key_provider_arn}}}"))
                    .build(),
            )?),
        ),
        ToolTarget::Gateway { gateway_arn, oauth } => {
            let auth = match oauth {
                Some((provider_arn, scope)) => {
                    HarnessGatewayOutboundAuth::Oauth(oauth_provider(provider_arn, scope)?)
                }
                None => HarnessGatewayOutboundAuth::AwsIam,
            };
            (
                HarnessToolType::AgentcoreGateway,
                HarnessToolConfiguration::AgentCoreGateway(built(
                    "agentcore_gateway tool",
                    HarnessAgentCoreGatewayConfig::builder()
                        .gateway_arn(*gateway_arn)
                        .outbound_auth(auth)
                        .build(),
                )?),
            )
        }
    };
    built(
        "harness tool",
        HarnessTool::builder()
            .r#type(kind)
            .name("zscaler")
            .config(config)
            .build(),
    )
}

fn oauth_provider(provider_arn: &str, scope: &str) -> Result<OAuthCredentialProvider> {
    built(
        "OAuth credential provider",
        OAuthCredentialProvider::builder()
            .provider_arn(provider_arn)
            // Cognito leaves `scope` out of the token unless it is asked for.
            .scopes(scope)
            .grant_type(OAuthGrantType::ClientCredentials)
            .build(),
    )
}

#[derive(Debug, Clone)]
pub struct HarnessRef {
    pub id: String,
    pub arn: String,
    pub status: String,
}

pub async fn find_harness(aws: &Aws, name: &str) -> Result<Option<HarnessRef>> {
    let mut pages = aws.control.list_harnesses().into_paginator().items().send();
    while let Some(h) = pages.next().await {
        let h = h.map_err(|e| failed("bedrock-agentcore:ListHarnesses", e))?;
        if h.harness_name() == name {
            return Ok(Some(HarnessRef {
                id: h.harness_id().to_owned(),
                arn: h.arn().to_owned(),
                status: h.status().as_str().to_owned(),
            }));
        }
    }
    Ok(None)
}

/// Creates or updates the harness, then waits for READY.
pub async fn ensure_harness(
    aws: &Aws,
    plan: &HarnessPlan,
    role_arn: &str,
    tool: HarnessTool,
    step: &Step,
) -> Result<(HarnessRef, bool)> {
    let model = plan
        .model_id
        .as_ref()
        .map(|id| {
            built(
                "model",
                HarnessBedrockModelConfig::builder().model_id(id).build(),
            )
            .map(HarnessModelConfiguration::BedrockModelConfig)
        })
        .transpose()?;
    let prompt = HarnessSystemContentBlock::Text(plan.system_prompt.clone());
    let iterations = i32::try_from(plan.max_iterations).unwrap_or(i32::MAX);
    let (harness, created) = match find_harness(aws, &plan.name).await? {
        Some(existing) => {
            aws.control
                .update_harness()
                .harness_id(&existing.id)
                .execution_role_arn(role_arn)
                .set_model(model)
                .system_prompt(prompt)
                .tools(tool)
                .max_iterations(iterations)
                .send()
                .await
                .map_err(|e| failed("bedrock-agentcore:UpdateHarness", e))?;
            (existing, false)
        }
        None => {
            let out = aws
                .control
                .create_harness()
                .harness_name(&plan.name)
                .execution_role_arn(role_arn)
                .set_model(model)
                .system_prompt(prompt)
                .tools(tool)
                .max_iterations(iterations)
                .tags(MANAGED_BY_TAG.0, MANAGED_BY_TAG.1)
                .send()
                .await
                .map_err(|e| failed("bedrock-agentcore:CreateHarness", e))?;
            let h = out.harness().ok_or_else(|| DeployError::Aws {
                operation: "bedrock-agentcore:CreateHarness",
                message: "the answer held no harness".into(),
                hint: None,
            })?;
            (
                HarnessRef {
                    id: h.harness_id().to_owned(),
                    arn: h.arn().to_owned(),
                    status: h.status().as_str().to_owned(),
                },
                true,
            )
        }
    };
    let status = wait_for(
        aws.pace,
        "the harness to be READY",
        CREATE_TIMEOUT,
        POLL,
        Some(step),
        || async {
            let out = aws
                .control
                .get_harness()
                .harness_id(&harness.id)
                .send()
                .await
                .map_err(|e| failed("bedrock-agentcore:GetHarness", e))?;
            let Some(h) = out.harness() else {
                return Ok(Poll::Pending("not visible yet".into()));
            };
            let status = h.status().as_str().to_owned();
            match status.as_str() {
                "READY" => Ok(Poll::Ready(status)),
                "CREATE_FAILED" | "UPDATE_FAILED" => Err(DeployError::Aws {
                    operation: "bedrock-agentcore:GetHarness",
                    message: format!(
                        "harness {} is {status}: {}",
                        plan.name,
                        h.failure_reason().unwrap_or("no reason given")
                    ),
                    hint: Some(
                        "fix the cause, then run deploy again (it updates the harness)".into(),
                    ),
                }),
                _ => Ok(Poll::Pending(status)),
            }
        },
    )
    .await?;
    Ok((HarnessRef { status, ..harness }, created))
}

pub async fn delete_harness(aws: &Aws, id: &str, step: &Step) -> Result<bool> {
    match aws.control.delete_harness().harness_id(id).send().await {
        Ok(_) => {}
        Err(e) if is_not_found(&e) => return Ok(false),
        Err(e) => return Err(failed("bedrock-agentcore:DeleteHarness", e)),
    }
    wait_for(
        aws.pace,
        "the harness to be deleted",
        CREATE_TIMEOUT,
        POLL,
        Some(step),
        || async {
            match aws.control.get_harness().harness_id(id).send().await {
                Ok(out) => Ok(Poll::Pending(
                    out.harness()
                        .map_or("DELETING".into(), |h| h.status().as_str().to_owned()),
                )),
                Err(e) if is_not_found(&e) => Ok(Poll::Ready(())),
                Err(e) => Err(failed("bedrock-agentcore:GetHarness", e)),
            }
        },
    )
    .await?;
    Ok(true)
}

// ---------------------------------------------------------------- Runtime

/// `safe=""` percent-encoding of the runtime ARN, as the invocation path requires.
const ARN_IN_PATH: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

pub fn invocation_url(region: &str, runtime_arn: &str) -> String {
    format!(
        "https://bedrock-agentcore.{region}.amazonaws.com/runtimes/{}/invocations?qualifier=DEFAULT",
        utf8_percent_encode(runtime_arn, ARN_IN_PATH)
    )
}

#[derive(Debug, Clone)]
pub struct RuntimeRef {
    pub id: String,
    pub arn: String,
}

pub async fn find_runtime(aws: &Aws, name: &str) -> Result<Option<RuntimeRef>> {
    let mut pages = aws
        .control
        .list_agent_runtimes()
        .into_paginator()
        .items()
        .send();
    while let Some(r) = pages.next().await {
        let r = r.map_err(|e| failed("bedrock-agentcore:ListAgentRuntimes", e))?;
        if r.agent_runtime_name() == name {
            return Ok(Some(RuntimeRef {
                id: r.agent_runtime_id().to_owned(),
                arn: r.agent_runtime_arn().to_owned(),
            }));
        }
    }
    Ok(None)
}

pub struct RuntimeSpec<'a> {
    pub name: &'a str,
    pub role_arn: &'a str,
    pub image: &'a str,
    pub environment: HashMap<String, String>,
    pub jwt: Option<&'a JwtPlan>,
}

/// The session headers AgentCore must forward for every MCP revision to work.
const FORWARDED_HEADERS: [&str; 4] = [
    "Mcp-Session-Id",
    "MCP-Protocol-Version",
    "Mcp-Method",
    "Mcp-Name",
];

fn authorizer(jwt: &JwtPlan) -> Result<AuthorizerConfiguration> {
    Ok(AuthorizerConfiguration::CustomJwtAuthorizer(built(
        "JWT authorizer",
        CustomJwtAuthorizerConfiguration::builder()
            .discovery_url(&jwt.discovery_url)
            .set_allowed_clients(
                (!jwt.allowed_clients.is_empty()).then(|| jwt.allowed_clients.clone()),
            )
            .set_allowed_audience(
                (!jwt.allowed_audience.is_empty()).then(|| jwt.allowed_audience.clone()),
            )
            .build(),
    )?))
}

/// Creates the runtime, or updates it when its image, role, environment or authorizer
/// differ; waits for READY. Returns the runtime and what changed ("created" or the drift).
pub async fn ensure_runtime(
    aws: &Aws,
    spec: &RuntimeSpec<'_>,
    step: &Step,
) -> Result<(RuntimeRef, Vec<String>)> {
    let artifact = AgentRuntimeArtifact::ContainerConfiguration(built(
        "container",
        ContainerConfiguration::builder()
            .container_uri(spec.image)
            .build(),
    )?);
    let network = built(
        "network",
        NetworkConfiguration::builder()
            .network_mode(NetworkMode::Public)
            .build(),
    )?;
    let protocol = built(
        "protocol",
        ProtocolConfiguration::builder()
            .server_protocol(ServerProtocol::Mcp)
            .build(),
    )?;
    let headers = RequestHeaderConfiguration::RequestHeaderAllowlist(
        FORWARDED_HEADERS.iter().map(|h| h.to_string()).collect(),
    );
    let auth = spec.jwt.map(authorizer).transpose()?;
    let (runtime, changes) = match find_runtime(aws, spec.name).await? {
        Some(existing) => {
            let live = aws
                .control
                .get_agent_runtime()
                .agent_runtime_id(&existing.id)
                .send()
                .await
                .map_err(|e| failed("bedrock-agentcore:GetAgentRuntime", e))?;
            let mut changes = Vec::new();
            let live_image = match live.agent_runtime_artifact() {
                Some(AgentRuntimeArtifact::ContainerConfiguration(c)) => Some(c.container_uri()),
                _ => None,
            };
            if live_image != Some(spec.image) {
                changes.push(format!(
                    "image: {} → {}",
                    live_image.unwrap_or("(none)"),
                    spec.image
                ));
            }
            if live.role_arn() != spec.role_arn {
                changes.push("roleArn".to_owned());
            }
            if live.environment_variables() != Some(&spec.environment)
                && !(live.environment_variables().is_none() && spec.environment.is_empty())
            {
                changes.push("environmentVariables".to_owned());
            }
            if live.authorizer_configuration() != auth.as_ref() {
                changes.push("authorizerConfiguration".to_owned());
            }
            if !changes.is_empty() {
                aws.control
                    .update_agent_runtime()
                    .agent_runtime_id(&existing.id)
                    .agent_runtime_artifact(artifact)
                    .role_arn(spec.role_arn)
                    .network_configuration(network)
                    .protocol_configuration(protocol)
                    .request_header_configuration(headers)
                    .set_authorizer_configuration(auth)
                    .set_environment_variables(Some(spec.environment.clone()))
                    .send()
                    .await
                    .map_err(|e| failed("bedrock-agentcore:UpdateAgentRuntime", e))?;
            }
            (existing, changes)
        }
        None => {
            let out = aws
                .control
                .create_agent_runtime()
                .agent_runtime_name(spec.name)
                .agent_runtime_artifact(artifact)
                .role_arn(spec.role_arn)
                .network_configuration(network)
                .protocol_configuration(protocol)
                .request_header_configuration(headers)
                .set_authorizer_configuration(auth)
                .set_environment_variables(Some(spec.environment.clone()))
                .description("zscaler-mcp (zscaler-mcp-deploy)")
                .tags(MANAGED_BY_TAG.0, MANAGED_BY_TAG.1)
                .send()
                .await
                .map_err(|e| failed("bedrock-agentcore:CreateAgentRuntime", e))?;
            (
                RuntimeRef {
                    id: out.agent_runtime_id().to_owned(),
                    arn: out.agent_runtime_arn().to_owned(),
                },
                vec!["created".to_owned()],
            )
        }
    };
    if !changes.is_empty() {
        wait_for(aws.pace, "the runtime to be READY", CREATE_TIMEOUT, POLL, Some(step), || async {
            let live = aws
                .control
                .get_agent_runtime()
                .agent_runtime_id(&runtime.id)
                .send()
                .await
                .map_err(|e| failed("bedrock-agentcore:GetAgentRuntime", e))?;
            let status = live.status().as_str().to_owned();
            match status.as_str() {
                "READY" => Ok(Poll::Ready(())),
                "CREATE_FAILED" | "UPDATE_FAILED" => Err(DeployError::Aws {
                    operation: "bedrock-agentcore:GetAgentRuntime",
                    message: format!("runtime {} is {status}: {}", spec.name, live.failure_reason().unwrap_or("no reason given")),
                    hint: Some("check the image (linux/arm64, same-region ECR) and the role, then deploy again".into()),
                }),
                _ => Ok(Poll::Pending(status)),
            }
        })
        .await?;
    }
    Ok((runtime, changes))
}

pub async fn delete_runtime(aws: &Aws, id: &str, step: &Step) -> Result<bool> {
    match aws
        .control
        .delete_agent_runtime()
        .agent_runtime_id(id)
        .send()
        .await
    {
        Ok(_) => {}
        Err(e) if is_not_found(&e) => return Ok(false),
        Err(e) => return Err(failed("bedrock-agentcore:DeleteAgentRuntime", e)),
    }
    wait_for(
        aws.pace,
        "the runtime to be deleted",
        CREATE_TIMEOUT,
        POLL,
        Some(step),
        || async {
            match aws
                .control
                .get_agent_runtime()
                .agent_runtime_id(id)
                .send()
                .await
            {
                Ok(out) if out.status().as_str() == "DELETING" => {
                    Ok(Poll::Pending("DELETING".into()))
                }
                Ok(out) => Ok(Poll::Pending(out.status().as_str().to_owned())),
                Err(e) if is_not_found(&e) => Ok(Poll::Ready(())),
                Err(e) => Err(failed("bedrock-agentcore:GetAgentRuntime", e)),
            }
        },
    )
    .await?;
    Ok(true)
}

// ---------------------------------------------------------------- Gateway

#[derive(Debug, Clone)]
pub struct GatewayRef {
    pub id: String,
    pub arn: String,
    pub url: String,
}

pub async fn find_gateway(aws: &Aws, name: &str) -> Result<Option<GatewayRef>> {
    let mut pages = aws.control.list_gateways().into_paginator().items().send();
    while let Some(g) = pages.next().await {
        let g = g.map_err(|e| failed("bedrock-agentcore:ListGateways", e))?;
        if g.name() != name {
            continue;
        }
        let full = aws
            .control
            .get_gateway()
            .gateway_identifier(g.gateway_id())
            .send()
            .await
            .map_err(|e| failed("bedrock-agentcore:GetGateway", e))?;
        return Ok(Some(GatewayRef {
            id: full.gateway_id().to_owned(),
            arn: full.gateway_arn().to_owned(),
            url: full.gateway_url().unwrap_or_default().to_owned(),
        }));
    }
    Ok(None)
}

/// Creates the gateway if missing (its authorizer type cannot change in place) and waits for READY.
pub async fn ensure_gateway(
    aws: &Aws,
    name: &str,
    role_arn: &str,
    jwt: Option<&JwtPlan>,
    step: &Step,
) -> Result<(GatewayRef, bool)> {
    let (gateway, created) = match find_gateway(aws, name).await? {
        Some(existing) => (existing, false),
        None => {
            let (kind, auth) = match jwt {
                Some(jwt) => (AuthorizerType::CustomJwt, Some(authorizer(jwt)?)),
                None => (AuthorizerType::AwsIam, None),
            };
            let out = aws
                .control
                .create_gateway()
                .name(name)
                .description("zscaler-mcp behind AgentCore Gateway (zscaler-mcp-deploy)")
                .role_arn(role_arn)
                .protocol_type(GatewayProtocolType::Mcp)
                .authorizer_type(kind)
                .set_authorizer_configuration(auth)
                .tags(MANAGED_BY_TAG.0, MANAGED_BY_TAG.1)
                .send()
                .await
                .map_err(|e| failed("bedrock-agentcore:CreateGateway", e))?;
            (
                GatewayRef {
                    id: out.gateway_id().to_owned(),
                    arn: out.gateway_arn().to_owned(),
                    url: out.gateway_url().unwrap_or_default().to_owned(),
                },
                true,
            )
        }
    };
    wait_for(
        aws.pace,
        "the gateway to be READY",
        CREATE_TIMEOUT,
        POLL,
        Some(step),
        || async {
            let out = aws
                .control
                .get_gateway()
                .gateway_identifier(&gateway.id)
                .send()
                .await
                .map_err(|e| failed("bedrock-agentcore:GetGateway", e))?;
            let status = out.status().as_str().to_owned();
            match status.as_str() {
                "READY" => Ok(Poll::Ready(())),
                "FAILED" => Err(DeployError::Aws {
                    operation: "bedrock-agentcore:GetGateway",
                    message: format!("gateway {name} FAILED: {}", out.status_reasons().join("; ")),
                    hint: None,
                }),
                _ => Ok(Poll::Pending(status)),
            }
        },
    )
    .await?;
    Ok((gateway, created))
}

/// The gateway's `mcpServer` target for the runtime. A FAILED target cannot be repaired by an
/// update, so it is deleted and created again.
pub async fn ensure_target(
    aws: &Aws,
    gateway_id: &str,
    name: &str,
    endpoint: &str,
    oauth: Option<(&str, String)>,
    step: &Step,
) -> Result<String> {
    let targets = aws
        .control
        .list_gateway_targets()
        .gateway_identifier(gateway_id)
        .send()
        .await
        .map_err(|e| failed("bedrock-agentcore:ListGatewayTargets", e))?;
    if let Some(existing) = targets.items().iter().find(|t| t.name() == name) {
        if existing.status().as_str() != "FAILED" {
            return Ok(existing.target_id().to_owned());
        }
        step.update("the existing target FAILED: recreating it");
        delete_target(aws, gateway_id, existing.target_id()).await?;
    }
    let credentials = match oauth {
        Some((provider_arn, scope)) => built(
            "target credentials",
            CredentialProviderConfiguration::builder()
                .credential_provider_type(CredentialProviderType::Oauth)
                .credential_provider(CredentialProvider::OauthCredentialProvider(oauth_provider(
                    provider_arn,
                    &scope,
                )?))
                .build(),
        )?,
        None => built(
            "target credentials",
            CredentialProviderConfiguration::builder()
                .credential_provider_type(CredentialProviderType::GatewayIamRole)
                .credential_provider(CredentialProvider::IamCredentialProvider(built(
                    "IAM credential provider",
                    IamCredentialProvider::builder()
                        .service("bedrock-agentcore")
                        .region(&aws.scope.region)
                        .build(),
                )?))
                .build(),
        )?,
    };
    let target = TargetConfiguration::Mcp(McpTargetConfiguration::McpServer(built(
        "mcpServer target",
        McpServerTargetConfiguration::builder()
            .endpoint(endpoint)
            .build(),
    )?));
    let out = aws
        .control
        .create_gateway_target()
        .gateway_identifier(gateway_id)
        .name(name)
        .description("zscaler-mcp on AgentCore Runtime")
        .target_configuration(target)
        .credential_provider_configurations(credentials)
        .send()
        .await
        .map_err(|e| failed("bedrock-agentcore:CreateGatewayTarget", e))?;
    Ok(out.target_id().to_owned())
}

async fn delete_target(aws: &Aws, gateway_id: &str, target_id: &str) -> Result<bool> {
    match aws
        .control
        .delete_gateway_target()
        .gateway_identifier(gateway_id)
        .target_id(target_id)
        .send()
        .await
    {
        Ok(_) => Ok(true),
        Err(e) if is_not_found(&e) => Ok(false),
        Err(e) => Err(failed("bedrock-agentcore:DeleteGatewayTarget", e)),
    }
}

/// Deletes the gateway's targets, then the gateway.
pub async fn delete_gateway(aws: &Aws, gateway_id: &str, step: &Step) -> Result<bool> {
    match aws
        .control
        .list_gateway_targets()
        .gateway_identifier(gateway_id)
        .send()
        .await
    {
        Ok(out) => {
            for target in out.items() {
                delete_target(aws, gateway_id, target.target_id()).await?;
            }
        }
        Err(e) if is_not_found(&e) => return Ok(false),
        Err(e) => return Err(failed("bedrock-agentcore:ListGatewayTargets", e)),
    }
    match aws
        .control
        .delete_gateway()
        .gateway_identifier(gateway_id)
        .send()
        .await
    {
        Ok(_) => {}
        Err(e) if is_not_found(&e) => return Ok(false),
        Err(e) => return Err(failed("bedrock-agentcore:DeleteGateway", e)),
    }
    wait_for(
        aws.pace,
        "the gateway to be deleted",
        CREATE_TIMEOUT,
        POLL,
        Some(step),
        || async {
            match aws
                .control
                .get_gateway()
                .gateway_identifier(gateway_id)
                .send()
                .await
            {
                Ok(out) => Ok(Poll::Pending(out.status().as_str().to_owned())),
                Err(e) if is_not_found(&e) => Ok(Poll::Ready(())),
                Err(e) => Err(failed("bedrock-agentcore:GetGateway", e)),
            }
        },
    )
    .await?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_invocation_url_encodes_the_whole_arn() {
        assert_eq!(
            invocation_url(
                "us-east-1",
                "arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/zscaler_mcp_runtime-Ab1"
            ),
            "https://bedrock-agentcore.us-east-1.amazonaws.com/runtimes/arn%3Aaws%3Abedrock-agentcore%3Aus-east-1%3A123456789012%3Aruntime%2Fzscaler_mcp_runtime-Ab1/invocations?qualifier=DEFAULT"
        );
    }

    #[test]
    fn the_remote_mcp_tool_takes_its_authorization_from_the_token_vault() {
        let tool = harness_tool(&ToolTarget::RemoteMcp {
            url: "https://x.ecs.us-east-1.on.aws/mcp",
            api_key_provider_arn: "arn:p",
        })
        .unwrap();
        let Some(aws_sdk_bedrockagentcorecontrol::types::HarnessToolConfiguration::RemoteMcp(
            config,
        )) = tool.config()
        else {
            panic!("not remote_mcp: {tool:?}");
        };
        assert_eq!(config.url(), "https://x.ecs.us-east-1.on.aws/mcp");
        assert_eq!(config.headers().unwrap()["Authorization"], "${arn:p}");
    }
}
