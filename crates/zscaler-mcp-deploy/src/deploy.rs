//! `deploy`: walks the plan step by step, saving state after each, and ends with a summary.

use std::collections::HashMap;
use std::time::Duration;

use serde_json::{Value, json};

use crate::agentcore::{self, RuntimeSpec, ToolTarget};
use crate::aws::Aws;
use crate::cli::{CpuArchitecture, GatewayAuth, Topology};
use crate::cognito;
use crate::ecs::{self, Desired};
use crate::error::{DeployError, Result};
use crate::iam;
use crate::plan::{JwtPlan, Plan, RolePlan, SecretPlan};
use crate::secret::{self, Outcome};
use crate::settings::Prompter;
use crate::state::{
    EcsState, GatewayState, HarnessState, NamedArn, RuntimeState, SecretState, State, StateFile,
};
use crate::ui::Ui;

/// New roles take a few seconds to be usable by other services.
const IAM_PROPAGATION: Duration = Duration::from_secs(10);

pub struct Deployer<'a> {
    pub aws: &'a Aws,
    pub ui: Ui,
    pub prompter: Prompter,
    pub file: &'a StateFile,
}

impl Deployer<'_> {
    fn save(&self, state: &State) -> Result<()> {
        self.file.save(state)
    }

    /// Creates or repairs one role; pauses for IAM propagation when it is new.
    async fn role_step(&self, role: &RolePlan, state: &mut State) -> Result<String> {
        let step = self.ui.step(format!("IAM role {}", role.name));
        let (arn, created) = iam::ensure_role(self.aws, role).await?;
        if !state.roles.contains(&role.name) {
            state.roles.push(role.name.clone());
        }
        self.save(state)?;
        if created {
            step.update("created; waiting for IAM to propagate it");
            self.aws.pace.pause(IAM_PROPAGATION).await;
            step.done("created");
        } else {
            step.done("up to date");
        }
        Ok(arn)
    }

    async fn secret_step(&self, plan: &mut Plan, state: &mut State) -> Result<()> {
        match plan.secret.clone() {
            SecretPlan::Managed { name } => {
                let step = self.ui.step(format!("Secrets Manager secret {name}"));
                let (arn, outcome) =
                    secret::ensure_managed(self.aws, &name, &plan.credentials.secret_json())
                        .await?;
                state.secret = Some(SecretState {
                    arn,
                    name,
                    zscaler_secret_managed_externally: false,
                });
                self.save(state)?;
                step.done(match outcome {
                    Outcome::Created => "created",
                    Outcome::Updated => "value updated",
                    Outcome::Unchanged => "up to date",
                    Outcome::Restored => "restored from scheduled deletion and updated",
                });
            }
            SecretPlan::External { id } => {
                let step = self.ui.step(format!("Secrets Manager secret {id} (yours)"));
                let (arn, name) = secret::check_external(self.aws, &id).await?;
                if plan.topology == Topology::Ecs
                    && (plan.credentials.client_id.is_none()
                        || plan.credentials.client_secret.is_none())
                {
                    let (client_id, client_secret) =
                        secret::read_client_credentials(self.aws, &arn).await?;
                    plan.credentials.client_id.get_or_insert(client_id);
                    plan.credentials.client_secret.get_or_insert(client_secret);
                }
                state.secret = Some(SecretState {
                    arn,
                    name,
                    zscaler_secret_managed_externally: true,
                });
                self.save(state)?;
                step.done("found; it will not be changed or deleted");
            }
            SecretPlan::Plaintext | SecretPlan::NotNeeded => {}
        }
        Ok(())
    }

    pub async fn run(&self, mut plan: Plan) -> Result<(State, Vec<(String, String)>)> {
        let mut state = match self.file.load()? {
            Some(existing) => {
                if existing.topology.is_some_and(|t| t != plan.topology) {
                    return Err(DeployError::Blocked(format!(
                        "{} tracks a {} deployment: destroy it first, or deploy this one with another --state-file (and --harness-name)",
                        self.file.path().display(),
                        existing.topology.map_or("different", |t| t.as_str())
                    )));
                }
                if existing.region != plan.scope.region || existing.account != plan.scope.account {
                    return Err(DeployError::Blocked(format!(
                        "{} tracks a deployment in account {} region {}: use another --state-file for {} {}",
                        self.file.path().display(),
                        existing.account,
                        existing.region,
                        plan.scope.account,
                        plan.scope.region
                    )));
                }
                existing
            }
            None => State {
                topology: Some(plan.topology),
                region: plan.scope.region.clone(),
                account: plan.scope.account.clone(),
                ..State::default()
            },
        };
        self.save(&state)?;
        for warning in &plan.warnings {
            self.ui.warn(warning);
        }
        self.secret_step(&mut plan, &mut state).await?;
        let summary = match plan.topology {
            Topology::Ecs => self.ecs_topology(&mut plan, &mut state).await?,
            Topology::Gateway => self.gateway_topology(&plan, &mut state).await?,
            Topology::Runtime => self.runtime_topology(&plan, &mut state).await?,
        };
        Ok((state, summary))
    }

    fn roles_named(plan: &Plan, names: &[&str]) -> Vec<RolePlan> {
        let all = plan.roles();
        names
            .iter()
            .filter_map(|n| all.iter().find(|r| r.name == *n).cloned())
            .collect()
    }

    async fn ecs_topology(
        &self,
        plan: &mut Plan,
        state: &mut State,
    ) -> Result<Vec<(String, String)>> {
        let mut rows = Vec::new();
        let mcp_url = if let Some(mut ecs_plan) = plan.ecs.clone() {
            let names = [
                ecs_plan.execution_role.as_str(),
                ecs_plan.infrastructure_role.as_str(),
                ecs_plan.task_role.as_str(),
            ];
            let mut arns = Vec::new();
            for role in Self::roles_named(plan, &names) {
                arns.push(self.role_step(&role, state).await?);
            }
            let [execution, infrastructure, task] = <[String; 3]>::try_from(arns)
                .map_err(|_| DeployError::settings("the plan lacks an ECS role"))?;

            let step = self.ui.step("ECS cluster and log group");
            ecs::choose_cluster(self.aws, &mut ecs_plan, self.prompter, &self.ui).await?;
            let created = ecs::ensure_cluster(self.aws, &ecs_plan.cluster).await?;
            ecs::ensure_log_group(self.aws, &ecs_plan.log_group).await?;
            let arn = ecs::service_arn(self.aws, &ecs_plan.cluster, &ecs_plan.service);
            state.ecs = Some(EcsState {
                cluster: ecs_plan.cluster.clone(),
                service: ecs_plan.service.clone(),
                service_arn: Some(arn.clone()),
                endpoint: state.ecs.as_ref().and_then(|e| e.endpoint.clone()),
                log_group: ecs_plan.log_group.clone(),
                execution_role: ecs_plan.execution_role.clone(),
                infrastructure_role: ecs_plan.infrastructure_role.clone(),
                task_role: ecs_plan.task_role.clone(),
            });
            self.save(state)?;
            step.done(&format!(
                "{} {}, log group {}",
                ecs_plan.cluster,
                if created { "created" } else { "reused" },
                ecs_plan.log_group
            ));

            let step = self
                .ui
                .step(format!("ECS Express service {}", ecs_plan.service));
            let live = ecs::describe_service(self.aws, &arn).await?;
            let architecture = ecs_plan
                .cpu_architecture
                .or_else(|| {
                    live.as_ref()
                        .and_then(|l| l.cpu_architecture.as_deref())
                        .map(|a| {
                            if a == "ARM64" {
                                CpuArchitecture::Arm64
                            } else {
                                CpuArchitecture::X86_64
                            }
                        })
                })
                .unwrap_or(CpuArchitecture::X86_64);
            let known_fqdn = live.as_ref().and_then(|l| l.endpoint.clone());
            let desired = |fqdn: Option<&str>| Desired {
                image: plan.image.clone().unwrap_or_default(),
                environment: plan.container_env(fqdn),
                execution_role_arn: execution.clone(),
                infrastructure_role_arn: infrastructure.clone(),
                task_role_arn: task.clone(),
                log_group: ecs_plan.log_group.clone(),
                cpu_architecture: architecture,
            };
            let mut detail = match live {
                Some(live) if live.status == "ACTIVE" => {
                    let changes = ecs::drift(&live, &desired(known_fqdn.as_deref()));
                    if changes.is_empty() {
                        "up to date".to_owned()
                    } else {
                        for change in &changes {
                            self.ui.info(format!("drift: {change}"));
                        }
                        step.update("rolling update");
                        ecs::update_service(self.aws, &arn, &desired(known_fqdn.as_deref()))
                            .await?;
                        format!(
                            "updated ({} change{})",
                            changes.len(),
                            if changes.len() == 1 { "" } else { "s" }
                        )
                    }
                }
                Some(live) if live.status == "DRAINING" => {
                    return Err(DeployError::Blocked(format!(
                        "service {} is DRAINING from a recent destroy: wait 1–3 minutes, or deploy with --existing-cluster new",
                        ecs_plan.service
                    )));
                }
                _ => {
                    ecs::create_service(self.aws, &ecs_plan, &desired(None)).await?;
                    "created".to_owned()
                }
            };
            let (fqdn, live) = ecs::wait_public(self.aws, &arn, &step).await?;
            // The public name exists only now: roll it into the Host allowlist.
            let with_fqdn = desired(Some(&fqdn));
            if !ecs::drift(&live, &with_fqdn).is_empty() {
                step.update("adding the public name to ZSCALER_MCP_ALLOWED_HOSTS");
                ecs::update_service(self.aws, &arn, &with_fqdn).await?;
                ecs::wait_public(self.aws, &arn, &step).await?;
                detail.push_str(", public name allowed");
            }
            if let Some(ecs_state) = state.ecs.as_mut() {
                ecs_state.endpoint = Some(fqdn.clone());
            }
            self.save(state)?;
            step.done(&format!("{detail}: https://{fqdn}"));
            rows.push((
                "MCP Host".to_owned(),
                format!(
                    "ECS Express — {} (cluster: {})",
                    ecs_plan.service, ecs_plan.cluster
                ),
            ));
            plan.ecs = Some(ecs_plan);
            format!("https://{fqdn}/mcp")
        } else {
            let url = plan.mcp_url.clone().unwrap_or_default();
            rows.push((
                "MCP Host".to_owned(),
                "your endpoint (--mcp-url)".to_owned(),
            ));
            url
        };
        state.mcp_url = Some(mcp_url.clone());
        self.save(state)?;

        let harness = plan
            .harness
            .clone()
            .ok_or_else(|| DeployError::settings("the ecs topology needs a harness"))?;
        let step = self.ui.step(format!(
            "Token Vault credential provider {}",
            harness.api_key_provider
        ));
        let header = plan.credentials.basic_header().ok_or_else(|| {
            DeployError::settings("the harness needs the client id and secret for its Basic header: pass --client-id and --client-secret")
        })?;
        let provider_arn =
            agentcore::ensure_api_key_provider(self.aws, &harness.api_key_provider, &header)
                .await?;
        state.api_key_provider_arn = Some(provider_arn.clone());
        state.api_key_provider_name = Some(harness.api_key_provider.clone());
        self.save(state)?;
        step.done("holds the Basic header");

        let tool = agentcore::harness_tool(&ToolTarget::RemoteMcp {
            url: &mcp_url,
            api_key_provider_arn: &provider_arn,
        })?;
        let harness_rows = self.harness_steps(plan, state, tool).await?;
        rows.insert(0, ("MCP URL".to_owned(), mcp_url));
        rows.extend(harness_rows);
        rows.push(("Credential Provider".to_owned(), provider_arn));
        Ok(rows)
    }

    async fn harness_steps(
        &self,
        plan: &Plan,
        state: &mut State,
        tool: aws_sdk_bedrockagentcorecontrol::types::HarnessTool,
    ) -> Result<Vec<(String, String)>> {
        let harness = plan
            .harness
            .clone()
            .ok_or_else(|| DeployError::settings("no harness planned"))?;
        let role = Self::roles_named(plan, &[harness.role.as_str()])
            .pop()
            .ok_or_else(|| DeployError::settings("the plan lacks the harness role"))?;
        let role_arn = self.role_step(&role, state).await?;
        let step = self.ui.step(format!("AgentCore Harness {}", harness.name));
        let (found, created) =
            agentcore::ensure_harness(self.aws, &harness, &role_arn, tool, &step).await?;
        state.harness = Some(HarnessState {
            name: harness.name.clone(),
            id: found.id.clone(),
            arn: found.arn.clone(),
            model_id: harness.model_id.clone(),
        });
        self.save(state)?;
        step.done(if created {
            "created, READY"
        } else {
            "updated, READY"
        });
        let region = &plan.scope.region;
        Ok(vec![
            ("HarnessId".to_owned(), found.id.clone()),
            ("HarnessArn".to_owned(), found.arn),
            (
                "Model".to_owned(),
                harness
                    .model_id
                    .unwrap_or_else(|| "harness default (Claude Sonnet 4.6)".into()),
            ),
            ("Execution Role".to_owned(), role_arn),
            (
                "Console".to_owned(),
                format!(
                    "https://{region}.console.aws.amazon.com/bedrock-agentcore/home?region={region}#/harnesses/{}",
                    found.id
                ),
            ),
        ])
    }

    /// The runtime with its role; `jwt` is its inbound authorizer (`None`: IAM).
    async fn runtime_steps(
        &self,
        plan: &Plan,
        state: &mut State,
        jwt: Option<&JwtPlan>,
    ) -> Result<RuntimeState> {
        let runtime = plan
            .runtime
            .clone()
            .ok_or_else(|| DeployError::settings("no runtime planned"))?;
        let role = Self::roles_named(plan, &[runtime.role.as_str()])
            .pop()
            .ok_or_else(|| DeployError::settings("the plan lacks the runtime role"))?;
        let role_arn = self.role_step(&role, state).await?;
        let step = self.ui.step(format!("AgentCore Runtime {}", runtime.name));
        let environment: HashMap<String, String> = plan
            .container_env(None)
            .into_iter()
            .map(|(k, v)| (k, v.value().to_owned()))
            .collect();
        let spec = RuntimeSpec {
            name: &runtime.name,
            role_arn: &role_arn,
            image: plan.image.as_deref().unwrap_or_default(),
            environment,
            jwt,
        };
        let (found, changes) = agentcore::ensure_runtime(self.aws, &spec, &step).await?;
        let runtime_state = RuntimeState {
            name: runtime.name.clone(),
            id: found.id.clone(),
            invocation_url: agentcore::invocation_url(&plan.scope.region, &found.arn),
            arn: found.arn,
        };
        state.runtime = Some(runtime_state.clone());
        self.save(state)?;
        step.done(&match changes.as_slice() {
            [] => "up to date".to_owned(),
            [only] if only == "created" => "created, READY".to_owned(),
            changes => format!("updated ({}), READY", changes.join(", ")),
        });
        Ok(runtime_state)
    }

    async fn runtime_topology(
        &self,
        plan: &Plan,
        state: &mut State,
    ) -> Result<Vec<(String, String)>> {
        let runtime_plan = plan
            .runtime
            .clone()
            .ok_or_else(|| DeployError::settings("no runtime planned"))?;
        let runtime = self
            .runtime_steps(plan, state, runtime_plan.jwt.as_ref())
            .await?;
        Ok(vec![
            ("Runtime".to_owned(), runtime.arn.clone()),
            ("MCP URL".to_owned(), runtime.invocation_url.clone()),
            (
                "Inbound auth".to_owned(),
                match &runtime_plan.jwt {
                    Some(jwt) => format!("JWT ({})", jwt.discovery_url),
                    None => {
                        "IAM (SigV4): clients need bedrock-agentcore:InvokeAgentRuntime".to_owned()
                    }
                },
            ),
        ])
    }

    async fn gateway_topology(
        &self,
        plan: &Plan,
        state: &mut State,
    ) -> Result<Vec<(String, String)>> {
        let gateway_plan = plan
            .gateway
            .clone()
            .ok_or_else(|| DeployError::settings("no gateway planned"))?;
        // Cognito and the Token Vault provider first: the runtime and gateway authorizers name them.
        let (jwt, oauth) = match (&plan.cognito, gateway_plan.auth) {
            (Some(cognito_plan), GatewayAuth::Cognito) => {
                let step = self
                    .ui
                    .step(format!("Cognito user pool {}", cognito_plan.user_pool));
                let (cognito_state, client_secret) =
                    cognito::ensure(self.aws, cognito_plan).await?;
                state.cognito = Some(cognito_state.clone());
                self.save(state)?;
                step.done(&format!(
                    "client {}, domain {}",
                    cognito_state.app_client_id, cognito_state.domain
                ));

                let step = self.ui.step(format!(
                    "Token Vault OAuth2 provider {}",
                    gateway_plan.oauth_provider
                ));
                let provider_arn = agentcore::ensure_oauth2_provider(
                    self.aws,
                    &gateway_plan.oauth_provider,
                    &cognito_state.discovery_url,
                    &cognito_state.app_client_id,
                    &client_secret,
                )
                .await?;
                state.oauth_provider = Some(NamedArn {
                    name: gateway_plan.oauth_provider.clone(),
                    arn: provider_arn.clone(),
                });
                self.save(state)?;
                step.done("holds the Cognito client");
                // Cognito client-credentials tokens carry no `aud`: match the client id instead.
                let jwt = JwtPlan {
                    discovery_url: cognito_state.discovery_url.clone(),
                    allowed_clients: vec![cognito_state.app_client_id.clone()],
                    allowed_audience: vec![],
                };
                (Some(jwt), Some((provider_arn, cognito_plan.full_scope())))
            }
            _ => (None, None),
        };
        let runtime = self.runtime_steps(plan, state, jwt.as_ref()).await?;

        let role = Self::roles_named(plan, &[gateway_plan.role.as_str()])
            .pop()
            .ok_or_else(|| DeployError::settings("the plan lacks the gateway role"))?;
        let role_arn = self.role_step(&role, state).await?;
        let step = self
            .ui
            .step(format!("AgentCore Gateway {}", gateway_plan.name));
        let (gateway, created) =
            agentcore::ensure_gateway(self.aws, &gateway_plan.name, &role_arn, jwt.as_ref(), &step)
                .await?;
        state.gateway = Some(GatewayState {
            name: gateway_plan.name.clone(),
            id: gateway.id.clone(),
            arn: gateway.arn.clone(),
            url: gateway.url.clone(),
            auth: gateway_plan.auth,
            target_id: state.gateway.as_ref().and_then(|g| g.target_id.clone()),
            target_name: gateway_plan.target.clone(),
        });
        self.save(state)?;
        step.done(if created {
            "created, READY"
        } else {
            "exists, READY"
        });

        let step = self
            .ui
            .step(format!("Gateway target {}", gateway_plan.target));
        let target_id = agentcore::ensure_target(
            self.aws,
            &gateway.id,
            &gateway_plan.target,
            &runtime.invocation_url,
            oauth
                .as_ref()
                .map(|(arn, scope)| (arn.as_str(), scope.clone())),
            &step,
        )
        .await?;
        if let Some(g) = state.gateway.as_mut() {
            g.target_id = Some(target_id);
        }
        self.save(state)?;
        step.done("mcpServer → the runtime");

        let tool = agentcore::harness_tool(&ToolTarget::Gateway {
            gateway_arn: &gateway.arn,
            oauth: oauth
                .as_ref()
                .map(|(arn, scope)| (arn.as_str(), scope.clone())),
        })?;
        let mut rows = vec![
            ("Gateway URL".to_owned(), gateway.url.clone()),
            ("Runtime".to_owned(), runtime.arn.clone()),
        ];
        rows.extend(self.harness_steps(plan, state, tool).await?);
        Ok(rows)
    }
}

/// What deploy prints at the end, also as JSON.
pub fn summary_json(state: &State, rows: &[(String, String)]) -> Value {
    let mut fields = serde_json::Map::new();
    for (k, v) in rows {
        fields.insert(k.clone(), Value::String(v.clone()));
    }
    json!({"summary": fields, "state": state})
}
