//! `destroy`: the reverse of deploy, from the state file. Every deletion tolerates "already
//! gone", so an interrupted destroy is finished by running it again.

use serde_json::{Value, json};

use crate::agentcore;
use crate::aws::Aws;
use crate::cli::DestroyArgs;
use crate::cognito;
use crate::ecs;
use crate::error::Result;
use crate::iam;
use crate::secret;
use crate::state::{State, StateFile};
use crate::ui::Ui;

/// One deletion, in the order it runs.
#[derive(Debug, Clone)]
pub enum Deletion {
    Harness { id: String, name: String },
    ApiKeyProvider(String),
    Gateway { id: String, name: String },
    OauthProvider(String),
    Runtime { id: String, name: String },
    Cognito(crate::state::CognitoState),
    ExpressService { arn: String, name: String },
    TaskDefinitions(String),
    LogGroup(String),
    Cluster(String),
    Role(String),
    Secret { arn: String, force: bool },
}

impl Deletion {
    pub fn describe(&self) -> String {
        match self {
            Deletion::Harness { name, .. } => format!("AgentCore Harness {name}"),
            Deletion::ApiKeyProvider(n) => format!("Token Vault API-key provider {n}"),
            Deletion::Gateway { name, .. } => format!("AgentCore Gateway {name} and its targets"),
            Deletion::OauthProvider(n) => format!("Token Vault OAuth2 provider {n}"),
            Deletion::Runtime { name, .. } => format!("AgentCore Runtime {name}"),
            Deletion::Cognito(c) => format!(
                "Cognito user pool {} and domain {}",
                c.user_pool_name, c.domain
            ),
            Deletion::ExpressService { name, .. } => format!("ECS Express service {name}"),
            Deletion::TaskDefinitions(f) => format!("task-definition revisions of {f}"),
            Deletion::LogGroup(g) => format!("log group {g}"),
            Deletion::Cluster(c) => format!("ECS cluster {c} (if this tool created it)"),
            Deletion::Role(r) => format!("IAM role {r}"),
            Deletion::Secret { arn, force: true } => format!("secret {arn} (at once, no recovery)"),
            Deletion::Secret { arn, force: false } => {
                format!("secret {arn} (7-day recovery window)")
            }
        }
    }
}

/// What destroy deletes, and what it leaves in the state file.
pub fn plan(state: &State, args: &DestroyArgs) -> (Vec<Deletion>, State) {
    let mut out = Vec::new();
    let mut kept = State {
        topology: state.topology,
        region: state.region.clone(),
        account: state.account.clone(),
        ..State::default()
    };
    let ecs_roles: Vec<&str> = state
        .ecs
        .iter()
        .flat_map(|e| {
            [
                e.execution_role.as_str(),
                e.infrastructure_role.as_str(),
                e.task_role.as_str(),
            ]
        })
        .collect();
    if let Some(h) = &state.harness {
        out.push(Deletion::Harness {
            id: h.id.clone(),
            name: h.name.clone(),
        });
    }
    if let Some(name) = &state.api_key_provider_name {
        out.push(Deletion::ApiKeyProvider(name.clone()));
    }
    if let Some(g) = &state.gateway {
        out.push(Deletion::Gateway {
            id: g.id.clone(),
            name: g.name.clone(),
        });
    }
    if let Some(p) = &state.oauth_provider {
        out.push(Deletion::OauthProvider(p.name.clone()));
    }
    if let Some(r) = &state.runtime {
        out.push(Deletion::Runtime {
            id: r.id.clone(),
            name: r.name.clone(),
        });
    }
    if let Some(c) = &state.cognito {
        if args.keep_cognito {
            kept.cognito = Some(c.clone());
        } else {
            out.push(Deletion::Cognito(c.clone()));
        }
    }
    if let Some(e) = &state.ecs {
        if args.keep_ecs {
            kept.ecs = Some(e.clone());
            kept.mcp_url = state.mcp_url.clone();
        } else {
            if let Some(arn) = &e.service_arn {
                out.push(Deletion::ExpressService {
                    arn: arn.clone(),
                    name: e.service.clone(),
                });
            }
            out.push(Deletion::TaskDefinitions(format!(
                "{}-{}",
                e.cluster, e.service
            )));
            out.push(Deletion::LogGroup(e.log_group.clone()));
            out.push(Deletion::Cluster(e.cluster.clone()));
        }
    }
    for role in state.roles.iter().rev() {
        let is_ecs = ecs_roles.contains(&role.as_str());
        if args.keep_role || (is_ecs && args.keep_ecs) {
            kept.roles.insert(0, role.clone());
        } else {
            out.push(Deletion::Role(role.clone()));
        }
    }
    if let Some(s) = &state.secret {
        if s.zscaler_secret_managed_externally || args.keep_secret {
            kept.secret = Some(s.clone());
        } else {
            out.push(Deletion::Secret {
                arn: s.arn.clone(),
                force: args.force_secret_delete,
            });
        }
    }
    (out, kept)
}

/// Whether anything but the header is left.
pub fn holds_anything(state: &State) -> bool {
    state.secret.is_some()
        || !state.roles.is_empty()
        || state.ecs.is_some()
        || state.cognito.is_some()
}

pub async fn run(
    aws: &Aws,
    ui: Ui,
    file: &StateFile,
    deletions: &[Deletion],
    kept: State,
) -> Result<Value> {
    let mut report = Vec::new();
    for deletion in deletions {
        let step = ui.step(format!("Deleting {}", deletion.describe()));
        let outcome: &str = match deletion {
            Deletion::Harness { id, .. } => gone(agentcore::delete_harness(aws, id, &step).await?),
            Deletion::ApiKeyProvider(name) => {
                gone(agentcore::delete_api_key_provider(aws, name).await?)
            }
            Deletion::Gateway { id, .. } => gone(agentcore::delete_gateway(aws, id, &step).await?),
            Deletion::OauthProvider(name) => {
                gone(agentcore::delete_oauth2_provider(aws, name).await?)
            }
            Deletion::Runtime { id, .. } => gone(agentcore::delete_runtime(aws, id, &step).await?),
            Deletion::Cognito(c) => gone(cognito::delete(aws, c).await?),
            Deletion::ExpressService { arn, .. } => {
                gone(ecs::delete_service(aws, arn, &step).await?)
            }
            Deletion::TaskDefinitions(family) => {
                let n = ecs::delete_task_definitions(aws, family).await?;
                if n == 0 { "none left" } else { "deleted" }
            }
            Deletion::LogGroup(group) => match aws
                .logs
                .delete_log_group()
                .log_group_name(group)
                .send()
                .await
            {
                Ok(_) => "deleted",
                Err(e) if crate::aws::is_not_found(&e) => "already absent",
                Err(e) => return Err(crate::aws::failed("logs:DeleteLogGroup", e)),
            },
            Deletion::Cluster(name) => match ecs::describe_cluster(aws, name).await? {
                None => "already absent",
                Some(info) if !info.owned => "kept: not created by this tool (no managed-by tag)",
                Some(_) => gone(ecs::delete_cluster(aws, name, &step).await?),
            },
            Deletion::Role(name) => gone(iam::delete_role(aws, name).await?),
            Deletion::Secret { arn, force } => {
                gone(secret::delete_managed(aws, arn, *force).await?)
            }
        };
        report.push(json!({"resource": deletion.describe(), "outcome": outcome}));
        step.done(outcome);
    }
    if holds_anything(&kept) {
        file.save(&kept)?;
    } else {
        file.remove()?;
    }
    Ok(json!({"deleted": report, "kept": kept}))
}

fn gone(existed: bool) -> &'static str {
    if existed { "deleted" } else { "already absent" }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::{EcsState, HarnessState, SecretState};

    fn state() -> State {
        State {
            topology: Some(crate::cli::Topology::Ecs),
            region: "us-east-1".into(),
            account: "1".into(),
            secret: Some(SecretState {
                arn: "arn:s".into(),
                name: "s".into(),
                zscaler_secret_managed_externally: false,
            }),
            roles: vec![
                "exec".into(),
                "infra".into(),
                "task".into(),
                "harness".into(),
            ],
            ecs: Some(EcsState {
                cluster: "c".into(),
                service: "svc".into(),
                service_arn: Some("arn:svc".into()),
                endpoint: None,
                log_group: "/ecs/z".into(),
                execution_role: "exec".into(),
                infrastructure_role: "infra".into(),
                task_role: "task".into(),
            }),
            harness: Some(HarnessState {
                name: "h".into(),
                id: "h-1".into(),
                arn: "arn:h".into(),
                model_id: None,
            }),
            api_key_provider_name: Some("creds".into()),
            ..State::default()
        }
    }

    fn args() -> DestroyArgs {
        DestroyArgs {
            yes: true,
            keep_role: false,
            keep_ecs: false,
            keep_secret: false,
            force_secret_delete: false,
            keep_cognito: false,
            dry_run: false,
        }
    }

    #[test]
    fn destroy_runs_in_reverse_order_of_creation() {
        let (deletions, kept) = plan(&state(), &args());
        let order: Vec<String> = deletions.iter().map(Deletion::describe).collect();
        assert_eq!(
            order,
            vec![
                "AgentCore Harness h",
                "Token Vault API-key provider creds",
                "ECS Express service svc",
                "task-definition revisions of c-svc",
                "log group /ecs/z",
                "ECS cluster c (if this tool created it)",
                "IAM role harness",
                "IAM role task",
                "IAM role infra",
                "IAM role exec",
                "secret arn:s (7-day recovery window)",
            ]
        );
        assert!(!holds_anything(&kept));
    }

    #[test]
    fn keep_flags_leave_their_resources_in_the_state_file() {
        let mut a = args();
        a.keep_ecs = true;
        a.keep_secret = true;
        let (deletions, kept) = plan(&state(), &a);
        let order: Vec<String> = deletions.iter().map(Deletion::describe).collect();
        assert_eq!(
            order,
            vec![
                "AgentCore Harness h",
                "Token Vault API-key provider creds",
                "IAM role harness"
            ]
        );
        assert_eq!(kept.roles, vec!["exec", "infra", "task"]);
        assert!(kept.ecs.is_some() && kept.secret.is_some());
    }

    #[test]
    fn a_secret_of_the_users_is_never_deleted() {
        let mut s = state();
        s.secret.as_mut().unwrap().zscaler_secret_managed_externally = true;
        let (deletions, kept) = plan(&s, &args());
        assert!(
            deletions
                .iter()
                .all(|d| !matches!(d, Deletion::Secret { .. }))
        );
        assert!(kept.secret.is_some());
    }
}
