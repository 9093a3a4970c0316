//! ECS Express Mode: the cluster (owned when it carries our tag), the container's log group,
//! and the Express service whose managed load balancer gives the server a public HTTPS name.

use std::collections::BTreeMap;
use std::time::Duration;

use aws_sdk_ecs::types::{
    ClusterField, ExpressCpuArchitecture, ExpressGatewayContainer,
    ExpressGatewayServiceAwsLogsConfiguration, ExpressGatewayServiceStatusCode, KeyValuePair, Tag,
    TaskDefinitionStatus,
};

use crate::aws::{Aws, Poll, failed, is_code, is_not_found, wait_for};
use crate::cli::{CpuArchitecture, ExistingCluster};
use crate::error::{DeployError, Result};
use crate::plan::{CONTAINER_PORT, EcsPlan, EnvValue, HEALTH_PATH, MANAGED_BY_TAG};
use crate::settings::Prompter;
use crate::ui::{Step, Ui};

const EXPRESS_TIMEOUT: Duration = Duration::from_secs(15 * 60);
const EXPRESS_POLL: Duration = Duration::from_secs(10);
const CLUSTER_DELETE_TIMEOUT: Duration = Duration::from_secs(3 * 60);
const CLUSTER_DELETE_POLL: Duration = Duration::from_secs(15);
const DRAIN_WAIT_TIMEOUT: Duration = Duration::from_secs(5 * 60);

pub fn service_arn(aws: &Aws, cluster: &str, service: &str) -> String {
    format!(
        "arn:aws:ecs:{}:{}:service/{cluster}/{service}",
        aws.scope.region, aws.scope.account
    )
}

/// What a cluster name currently holds.
#[derive(Debug, Clone, PartialEq)]
pub struct ClusterInfo {
    pub status: String,
    pub owned: bool,
    pub services: i32,
}

pub async fn describe_cluster(aws: &Aws, name: &str) -> Result<Option<ClusterInfo>> {
    let out = aws
        .ecs
        .describe_clusters()
        .clusters(name)
        .include(ClusterField::Tags)
        .send()
        .await
        .map_err(|e| failed("ecs:DescribeClusters", e))?;
    Ok(out
        .clusters()
        .iter()
        .find(|c| c.status() != Some("INACTIVE"))
        .map(|c| ClusterInfo {
            status: c.status().unwrap_or("UNKNOWN").to_owned(),
            owned: c
                .tags()
                .iter()
                .any(|t| t.key() == Some(MANAGED_BY_TAG.0) && t.value() == Some(MANAGED_BY_TAG.1)),
            services: c.active_services_count(),
        }))
}

/// The classic ECS view of the service: DRAINING shows here while ListServices hides it.
pub async fn classic_service_status(
    aws: &Aws,
    cluster: &str,
    service: &str,
) -> Result<Option<String>> {
    match aws
        .ecs
        .describe_services()
        .cluster(cluster)
        .services(service)
        .send()
        .await
    {
        Ok(out) => Ok(out
            .services()
            .first()
            .and_then(|s| s.status())
            .map(str::to_owned)),
        Err(e) if is_not_found(&e) => Ok(None),
        Err(e) => Err(failed("ecs:DescribeServices", e)),
    }
}

/// Why a cluster cannot take a new deployment right now.
async fn busy_reason(
    aws: &Aws,
    ecs: &EcsPlan,
    info: Option<&ClusterInfo>,
) -> Result<Option<String>> {
    let Some(info) = info else {
        return Ok(None);
    };
    if info.status == "DEPROVISIONING" {
        return Ok(Some(format!(
            "ECS cluster {} is DEPROVISIONING: another deploy or destroy is in flight",
            ecs.cluster
        )));
    }
    if classic_service_status(aws, &ecs.cluster, &ecs.service)
        .await?
        .as_deref()
        == Some("DRAINING")
    {
        return Ok(Some(format!(
            "service {} in ECS cluster {} is still DRAINING from a recent destroy (1–3 minutes)",
            ecs.service, ecs.cluster
        )));
    }
    Ok(None)
}

fn fresh_cluster_name(base: &str) -> String {
    use rand::Rng;
    let suffix: String = rand::rng()
        .sample_iter(rand::distr::Alphanumeric)
        .take(6)
        .map(|c| (c as char).to_ascii_lowercase())
        .collect();
    format!("{base}-{suffix}")
}

/// Settles which cluster to deploy into. An existing default-named cluster is a choice
/// (reuse, or a fresh one beside it); a busy one (deprovisioning, a draining service) offers
/// waiting, a fresh name, or a name of the user's.
pub async fn choose_cluster(
    aws: &Aws,
    ecs: &mut EcsPlan,
    prompter: Prompter,
    ui: &Ui,
) -> Result<()> {
    let info = describe_cluster(aws, &ecs.cluster).await?;
    let busy = busy_reason(aws, ecs, info.as_ref()).await?;
    let exists = info.is_some();
    if let Some(reason) = busy {
        let choice = match ecs.existing_cluster {
            Some(ExistingCluster::Reuse) => 0,
            Some(ExistingCluster::New) => 1,
            None if prompter.is_interactive() => prompter.select(
                &format!("{reason}. What now?"),
                &[
                    "wait for it, then reuse the cluster",
                    "deploy into a fresh cluster beside it",
                    "name another cluster",
                ],
                0,
            )?,
            None => {
                return Err(DeployError::Blocked(format!(
                    "{reason}.\nWait 1–3 minutes and deploy again, or pass --existing-cluster reuse \
                     (waits for it), --existing-cluster new (a fresh cluster beside it), or \
                     --ecs-cluster-name <name>. Inspect: aws ecs describe-clusters --clusters {}",
                    ecs.cluster
                )));
            }
        };
        match choice {
            0 => {
                let step = ui.step(format!("Waiting for ECS cluster {} to settle", ecs.cluster));
                wait_for(
                    aws.pace,
                    "the cluster to settle",
                    DRAIN_WAIT_TIMEOUT,
                    EXPRESS_POLL,
                    Some(&step),
                    || async {
                        let info = describe_cluster(aws, &ecs.cluster).await?;
                        Ok(match busy_reason(aws, ecs, info.as_ref()).await? {
                            None => Poll::Ready(()),
                            Some(reason) => Poll::Pending(reason),
                        })
                    },
                )
                .await?;
                step.done("ready");
            }
            1 => ecs.cluster = fresh_cluster_name(&ecs.cluster),
            _ => {
                ecs.cluster =
                    prompter.text("Cluster name", "--ecs-cluster-name", "ECS_CLUSTER_NAME")?
            }
        }
        return Ok(());
    }
    if exists && ecs.cluster_is_default {
        let choice = match ecs.existing_cluster {
            Some(ExistingCluster::Reuse) => 0,
            Some(ExistingCluster::New) => 1,
            None => prompter.select(
                &format!(
                    "ECS cluster {} already exists. How would you like to handle it?",
                    ecs.cluster
                ),
                &[
                    "reuse it",
                    "deploy into a fresh cluster beside it",
                    "name another cluster",
                ],
                0,
            )?,
        };
        match choice {
            0 => {}
            1 => ecs.cluster = fresh_cluster_name(&ecs.cluster),
            _ => {
                ecs.cluster =
                    prompter.text("Cluster name", "--ecs-cluster-name", "ECS_CLUSTER_NAME")?
            }
        }
    }
    Ok(())
}

/// Creates the cluster (tagged as ours) unless it exists. Returns whether it was created.
pub async fn ensure_cluster(aws: &Aws, name: &str) -> Result<bool> {
    if describe_cluster(aws, name).await?.is_some() {
        return Ok(false);
    }
    aws.ecs
        .create_cluster()
        .cluster_name(name)
        .tags(
            Tag::builder()
                .key(MANAGED_BY_TAG.0)
                .value(MANAGED_BY_TAG.1)
                .build(),
        )
        .send()
        .await
        .map_err(|e| failed("ecs:CreateCluster", e))?;
    Ok(true)
}

pub async fn ensure_log_group(aws: &Aws, name: &str) -> Result<bool> {
    match aws
        .logs
        .create_log_group()
        .log_group_name(name)
        .send()
        .await
    {
        Ok(_) => {
            // Container output is diagnostics, not an archive.
            let _ = aws
                .logs
                .put_retention_policy()
                .log_group_name(name)
                .retention_in_days(30)
                .send()
                .await;
            Ok(true)
        }
        Err(e) if is_code(&e, &["ResourceAlreadyExistsException"]) => Ok(false),
        Err(e) => Err(failed("logs:CreateLogGroup", e)),
    }
}

/// The service as deploy wants it.
pub struct Desired {
    pub image: String,
    pub environment: Vec<(String, EnvValue)>,
    pub execution_role_arn: String,
    pub infrastructure_role_arn: String,
    pub task_role_arn: String,
    pub log_group: String,
    pub cpu_architecture: CpuArchitecture,
}

impl Desired {
    fn container(&self) -> Result<ExpressGatewayContainer> {
        let logs = ExpressGatewayServiceAwsLogsConfiguration::builder()
            .log_group(&self.log_group)
            .log_stream_prefix("mcp")
            .build()
            .map_err(DeployError::settings)?;
        let mut container = ExpressGatewayContainer::builder()
            .image(&self.image)
            .container_port(CONTAINER_PORT)
            .aws_logs_configuration(logs);
        for (name, value) in &self.environment {
            container = container.environment(
                KeyValuePair::builder()
                    .name(name)
                    .value(value.value())
                    .build(),
            );
        }
        container.build().map_err(DeployError::settings)
    }

    fn env_map(&self) -> BTreeMap<String, String> {
        self.environment
            .iter()
            .map(|(k, v)| (k.clone(), v.value().to_owned()))
            .collect()
    }
}

/// What the live service runs.
#[derive(Debug, Default)]
pub struct Live {
    pub status: String,
    pub status_reason: Option<String>,
    pub image: Option<String>,
    pub health_check_path: Option<String>,
    pub environment: BTreeMap<String, String>,
    pub cpu_architecture: Option<String>,
    pub task_role_arn: Option<String>,
    pub endpoint: Option<String>,
}

pub async fn describe_service(aws: &Aws, arn: &str) -> Result<Option<Live>> {
    let out = match aws
        .ecs
        .describe_express_gateway_service()
        .service_arn(arn)
        .send()
        .await
    {
        Ok(out) => out,
        Err(e) if is_not_found(&e) => return Ok(None),
        Err(e) => return Err(failed("ecs:DescribeExpressGatewayService", e)),
    };
    let Some(service) = out.service() else {
        return Ok(None);
    };
    let status = service.status();
    let config = service.active_configurations().first();
    let container = config.and_then(|c| c.primary_container());
    Ok(Some(Live {
        status: status
            .and_then(|s| s.status_code())
            .map_or("UNKNOWN".to_owned(), |c| c.as_str().to_owned()),
        status_reason: status.and_then(|s| s.status_reason()).map(str::to_owned),
        image: container.map(|c| c.image().to_owned()),
        health_check_path: config
            .and_then(|c| c.health_check_path())
            .map(str::to_owned),
        environment: container
            .map(|c| {
                c.environment()
                    .iter()
                    .filter_map(|kv| Some((kv.name()?.to_owned(), kv.value()?.to_owned())))
                    .collect()
            })
            .unwrap_or_default(),
        cpu_architecture: config
            .and_then(|c| c.cpu_architecture())
            .map(|a| a.as_str().to_owned()),
        task_role_arn: config.and_then(|c| c.task_role_arn()).map(str::to_owned),
        endpoint: config.and_then(|c| {
            c.ingress_paths()
                .iter()
                .find(|p| p.access_type().as_str() == "PUBLIC")
                .map(|p| endpoint_host(p.endpoint()))
        }),
    }))
}

/// The ingress endpoint as a bare host name, however AWS spells it.
fn endpoint_host(endpoint: &str) -> String {
    let rest = endpoint.split_once("://").map_or(endpoint, |(_, r)| r);
    rest.split('/').next().unwrap_or(rest).to_owned()
}

/// What differs between the live service and the desired one, as `field: old → new` lines
/// (secret values never shown).
pub fn drift(live: &Live, desired: &Desired) -> Vec<String> {
    let mut changes = Vec::new();
    if live.image.as_deref() != Some(desired.image.as_str()) {
        changes.push(format!(
            "image: {} → {}",
            live.image.as_deref().unwrap_or("(none)"),
            desired.image
        ));
    }
    if live.health_check_path.as_deref() != Some(HEALTH_PATH) {
        changes.push(format!(
            "healthCheckPath: {} → {HEALTH_PATH}",
            live.health_check_path.as_deref().unwrap_or("(default)")
        ));
    }
    if live.cpu_architecture.as_deref() != Some(desired.cpu_architecture.as_ecs()) {
        changes.push(format!(
            "cpuArchitecture: {} → {}",
            live.cpu_architecture.as_deref().unwrap_or("(default)"),
            desired.cpu_architecture.as_ecs()
        ));
    }
    if live.task_role_arn.as_deref() != Some(desired.task_role_arn.as_str()) {
        changes.push("taskRoleArn".to_owned());
    }
    let wanted = desired.env_map();
    for (key, value) in &wanted {
        let secret = desired
            .environment
            .iter()
            .any(|(k, v)| k == key && matches!(v, EnvValue::Secret(_)));
        match live.environment.get(key) {
            Some(old) if old == value => {}
            Some(old) if !secret => changes.push(format!("{key}: {old} → {value}")),
            None if !secret => changes.push(format!("{key}: (unset) → {value}")),
            _ => changes.push(format!("{key}: changed")),
        }
    }
    for key in live.environment.keys().filter(|k| !wanted.contains_key(*k)) {
        changes.push(format!("{key}: removed"));
    }
    changes
}

fn architecture(a: CpuArchitecture) -> ExpressCpuArchitecture {
    ExpressCpuArchitecture::from(a.as_ecs())
}

pub async fn create_service(aws: &Aws, ecs: &EcsPlan, desired: &Desired) -> Result<()> {
    aws.ecs
        .create_express_gateway_service()
        .service_name(&ecs.service)
        .cluster(&ecs.cluster)
        .execution_role_arn(&desired.execution_role_arn)
        .infrastructure_role_arn(&desired.infrastructure_role_arn)
        .task_role_arn(&desired.task_role_arn)
        .health_check_path(HEALTH_PATH)
        .primary_container(desired.container()?)
        .cpu("256")
        .memory("512")
        .cpu_architecture(architecture(desired.cpu_architecture))
        .tags(
            Tag::builder()
                .key(MANAGED_BY_TAG.0)
                .value(MANAGED_BY_TAG.1)
                .build(),
        )
        .send()
        .await
        .map_err(|e| {
            if is_code(&e, &["InvalidParameterException"]) && format!("{e:?}").contains("Draining")
            {
                DeployError::Blocked(format!(
                    "service {} is still draining from a recent destroy: wait 1–3 minutes, or \
                     deploy with --existing-cluster new",
                    ecs.service
                ))
            } else {
                failed("ecs:CreateExpressGatewayService", e)
            }
        })?;
    Ok(())
}

/// A rolling replacement with the desired configuration (no downtime).
pub async fn update_service(aws: &Aws, arn: &str, desired: &Desired) -> Result<()> {
    aws.ecs
        .update_express_gateway_service()
        .service_arn(arn)
        .execution_role_arn(&desired.execution_role_arn)
        .task_role_arn(&desired.task_role_arn)
        .health_check_path(HEALTH_PATH)
        .primary_container(desired.container()?)
        .cpu_architecture(architecture(desired.cpu_architecture))
        .send()
        .await
        .map_err(|e| failed("ecs:UpdateExpressGatewayService", e))?;
    Ok(())
}

/// Waits until the service is ACTIVE with a public endpoint; returns the endpoint's host and
/// the service as last seen.
pub async fn wait_public(aws: &Aws, arn: &str, step: &Step) -> Result<(String, Live)> {
    wait_for(
        aws.pace,
        "the ECS Express service's public endpoint",
        EXPRESS_TIMEOUT,
        EXPRESS_POLL,
        Some(step),
        || async {
            Ok(match describe_service(aws, arn).await? {
                None => Poll::Pending("not visible yet".into()),
                Some(live) if live.status == ExpressGatewayServiceStatusCode::Active.as_str() => {
                    match live.endpoint.clone() {
                        Some(endpoint) => Poll::Ready((endpoint, live)),
                        None => Poll::Pending("ACTIVE, waiting for the public endpoint".into()),
                    }
                }
                Some(live) => Poll::Pending(match live.status_reason {
                    Some(reason) => format!("{} ({reason})", live.status),
                    None => live.status,
                }),
            })
        },
    )
    .await
}

/// Deletes the service and waits for it to leave ACTIVE. Returns whether it existed.
pub async fn delete_service(aws: &Aws, arn: &str, step: &Step) -> Result<bool> {
    match describe_service(aws, arn).await? {
        None => return Ok(false),
        Some(live) if live.status == "INACTIVE" => return Ok(false),
        Some(_) => {}
    }
    match aws
        .ecs
        .delete_express_gateway_service()
        .service_arn(arn)
        .send()
        .await
    {
        Ok(_) => {}
        Err(e) if is_not_found(&e) => return Ok(false),
        Err(e) => return Err(failed("ecs:DeleteExpressGatewayService", e)),
    }
    wait_for(
        aws.pace,
        "the ECS Express service to stop",
        EXPRESS_TIMEOUT,
        EXPRESS_POLL,
        Some(step),
        || async {
            Ok(match describe_service(aws, arn).await? {
                None => Poll::Ready(()),
                Some(live) if live.status == "INACTIVE" || live.status == "DRAINING" => {
                    Poll::Ready(())
                }
                Some(live) => Poll::Pending(live.status),
            })
        },
    )
    .await?;
    Ok(true)
}

/// Express leaves every task-definition revision behind; deregister them, then delete them
/// (DeleteTaskDefinitions takes at most 10 at a time). Returns how many were deleted.
pub async fn delete_task_definitions(aws: &Aws, family: &str) -> Result<usize> {
    let active = list_task_definitions(aws, family, TaskDefinitionStatus::Active).await?;
    for arn in &active {
        match aws
            .ecs
            .deregister_task_definition()
            .task_definition(arn)
            .send()
            .await
        {
            Ok(_) => {}
            Err(e) if is_not_found(&e) => {}
            Err(e) => return Err(failed("ecs:DeregisterTaskDefinition", e)),
        }
    }
    let inactive = list_task_definitions(aws, family, TaskDefinitionStatus::Inactive).await?;
    for batch in inactive.chunks(10) {
        aws.ecs
            .delete_task_definitions()
            .set_task_definitions(Some(batch.to_vec()))
            .send()
            .await
            .map_err(|e| failed("ecs:DeleteTaskDefinitions", e))?;
    }
    Ok(inactive.len())
}

async fn list_task_definitions(
    aws: &Aws,
    family: &str,
    status: TaskDefinitionStatus,
) -> Result<Vec<String>> {
    let mut arns = Vec::new();
    let mut next: Option<String> = None;
    loop {
        let out = aws
            .ecs
            .list_task_definitions()
            .family_prefix(family)
            .status(status.clone())
            .set_next_token(next.take())
            .send()
            .await
            .map_err(|e| failed("ecs:ListTaskDefinitions", e))?;
        // family_prefix matches prefixes: keep this family's revisions only.
        arns.extend(
            out.task_definition_arns()
                .iter()
                .filter(|arn| {
                    arn.rsplit_once('/')
                        .and_then(|(_, rev)| rev.rsplit_once(':'))
                        .is_some_and(|(fam, _)| fam == family)
                })
                .cloned(),
        );
        match out.next_token() {
            Some(token) => next = Some(token.to_owned()),
            None => return Ok(arns),
        }
    }
}

/// Deletes a cluster we own, waiting out the load balancer's teardown tail.
pub async fn delete_cluster(aws: &Aws, name: &str, step: &Step) -> Result<bool> {
    wait_for(
        aws.pace,
        "the cluster to empty",
        CLUSTER_DELETE_TIMEOUT,
        CLUSTER_DELETE_POLL,
        Some(step),
        || async {
            match aws.ecs.delete_cluster().cluster(name).send().await {
                Ok(_) => Ok(Poll::Ready(true)),
                Err(e) if is_not_found(&e) => Ok(Poll::Ready(false)),
                Err(e)
                    if is_code(
                        &e,
                        &[
                            "ClusterContainsServicesException",
                            "ClusterContainsTasksException",
                            "ClusterContainsContainerInstancesException",
                            "ResourceInUseException",
                        ],
                    ) =>
                {
                    Ok(Poll::Pending(
                        "still draining the load balancer and tasks".into(),
                    ))
                }
                Err(e) => Err(failed("ecs:DeleteCluster", e)),
            }
        },
    )
    .await
    .map_err(|e| match e {
        DeployError::Timeout { what, seconds } => DeployError::Timeout {
            what: format!(
                "{what}; inspect with `aws ecs list-services --cluster {name} --region {}` and \
                 finish with `aws ecs delete-cluster --cluster {name}`",
                aws.scope.region
            ),
            seconds,
        },
        other => other,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn desired() -> Desired {
        Desired {
            image: "img:2".into(),
            environment: vec![
                ("A".into(), EnvValue::Plain("1".into())),
                ("S".into(), EnvValue::Secret("hidden".into())),
            ],
            execution_role_arn: "x".into(),
            infrastructure_role_arn: "i".into(),
            task_role_arn: "t".into(),
            log_group: "/ecs/z".into(),
            cpu_architecture: CpuArchitecture::X86_64,
        }
    }

    #[test]
    fn drift_names_each_change_and_never_shows_secret_values() {
        let live = Live {
            status: "ACTIVE".into(),
            image: Some("img:1".into()),
            health_check_path: Some(HEALTH_PATH.into()),
            environment: [("A", "0"), ("S", "old"), ("GONE", "x")]
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .collect(),
            cpu_architecture: Some("X86_64".into()),
            task_role_arn: Some("t".into()),
            ..Live::default()
        };
        let changes = drift(&live, &desired());
        assert_eq!(
            changes,
            vec![
                "image: img:1 → img:2",
                "A: 0 → 1",
                "S: changed",
                "GONE: removed"
            ]
        );
        assert!(!changes.join(" ").contains("hidden"));
    }

    #[test]
    fn an_up_to_date_service_has_no_drift() {
        let d = desired();
        let live = Live {
            status: "ACTIVE".into(),
            image: Some(d.image.clone()),
            health_check_path: Some(HEALTH_PATH.into()),
            environment: d.env_map(),
            cpu_architecture: Some("X86_64".into()),
            task_role_arn: Some("t".into()),
            ..Live::default()
        };
        assert!(drift(&live, &d).is_empty());
    }

    #[test]
    fn endpoints_become_host_names() {
        assert_eq!(
            endpoint_host("https://zs-1.ecs.us-east-1.on.aws/"),
            "zs-1.ecs.us-east-1.on.aws"
        );
        assert_eq!(
            endpoint_host("zs-1.ecs.us-east-1.on.aws"),
            "zs-1.ecs.us-east-1.on.aws"
        );
    }
}
