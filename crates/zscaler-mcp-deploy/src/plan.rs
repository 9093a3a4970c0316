//! The plan: every name, IAM document and container variable a deploy will use, resolved
//! once from flags, environment and `.env`. `--dry-run` prints it; `deploy` executes exactly it.

use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;
use serde_json::{Value, json};

use crate::cli::{CpuArchitecture, DeployArgs, ExistingCluster, GatewayAuth, Topology};
use crate::error::{DeployError, Result};
use crate::image::ImageCheck;
use crate::policy::{self, EcrImage, Scope};
use crate::settings::{Lookup, Prompter};

pub const DEFAULT_CLUSTER: &str = "zscaler-mcp";
pub const MANAGED_BY_TAG: (&str, &str) = ("managed-by", "zscaler-mcp-harness");
pub const CONTAINER_PORT: i32 = 8000;
pub const HEALTH_PATH: &str = "/health";
const DEFAULT_SYSTEM_PROMPT: &str = "You are an assistant for a Zscaler administrator. Answer with \
the zscaler tools, which read the organisation's Zscaler tenant. Say which tool an answer came \
from, and never change configuration unless the administrator asks for that change explicitly.";

static HARNESS_NAME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[a-zA-Z][a-zA-Z0-9_]{0,39}$").expect("valid regex"));
static RUNTIME_NAME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[a-zA-Z][a-zA-Z0-9_]{0,47}$").expect("valid regex"));
static GATEWAY_NAME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([0-9a-zA-Z][-]?){1,100}$").expect("valid regex"));

/// A container variable; secrets are masked wherever the plan is printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EnvValue {
    Plain(String),
    Secret(String),
}

impl EnvValue {
    pub fn value(&self) -> &str {
        match self {
            EnvValue::Plain(v) | EnvValue::Secret(v) => v,
        }
    }
    fn shown(&self) -> String {
        match self {
            EnvValue::Plain(v) => v.clone(),
            EnvValue::Secret(v) if v.chars().count() > 8 => {
                format!("{}…(masked)", v.chars().take(2).collect::<String>())
            }
            EnvValue::Secret(_) => "(masked)".into(),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Credentials {
    pub client_id: Option<String>,
    #[serde(skip)]
    pub client_secret: Option<String>,
    pub customer_id: Option<String>,
    pub vanity_domain: Option<String>,
    pub cloud: Option<String>,
}

impl Credentials {
    /// The secret's JSON: the keys the server reads from a secret.
    pub fn secret_json(&self) -> String {
        let mut map = serde_json::Map::new();
        for (key, value) in self.pairs() {
            map.insert(key.into(), Value::String(value.into()));
        }
        Value::Object(map).to_string()
    }

    pub fn pairs(&self) -> Vec<(&'static str, &str)> {
        [
            ("ZSCALER_CLIENT_ID", &self.client_id),
            ("ZSCALER_CLIENT_SECRET", &self.client_secret),
            ("ZSCALER_CUSTOMER_ID", &self.customer_id),
            ("ZSCALER_VANITY_DOMAIN", &self.vanity_domain),
            ("ZSCALER_CLOUD", &self.cloud),
        ]
        .into_iter()
        .filter_map(|(k, v)| v.as_deref().map(|v| (k, v)))
        .collect()
    }

    /// `Basic base64(client_id:client_secret)`, what zscaler auth mode expects.
    pub fn basic_header(&self) -> Option<String> {
        use base64::Engine;
        let (id, secret) = (self.client_id.as_ref()?, self.client_secret.as_ref()?);
        Some(format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(format!("{id}:{secret}"))
        ))
    }
}

/// Where the container's credentials come from.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "mode", rename_all = "snake_case")]
pub enum SecretPlan {
    /// Created and kept up to date by deploy; deleted by destroy.
    Managed { name: String },
    /// The user's own secret (name or ARN): read, never written or deleted.
    External { id: String },
    /// Credentials in the container's environment (`--no-secrets-manager`).
    Plaintext,
    /// No container is deployed.
    NotNeeded,
}

#[derive(Debug, Clone, Serialize)]
pub struct HarnessPlan {
    pub name: String,
    pub role: String,
    pub model_id: Option<String>,
    pub system_prompt: String,
    pub max_iterations: u32,
    pub api_key_provider: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct EcsPlan {
    pub cluster: String,
    /// The name came from the default, not from the user: an existing cluster gets the choice.
    pub cluster_is_default: bool,
    #[serde(skip)]
    pub existing_cluster: Option<ExistingCluster>,
    pub service: String,
    pub execution_role: String,
    pub infrastructure_role: String,
    pub task_role: String,
    pub log_group: String,
    pub cpu_architecture: Option<CpuArchitecture>,
}

#[derive(Debug, Clone, Serialize)]
pub struct JwtPlan {
    pub discovery_url: String,
    pub allowed_clients: Vec<String>,
    pub allowed_audience: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RuntimePlan {
    pub name: String,
    pub role: String,
    /// `None`: IAM (SigV4) inbound; with the gateway topology and Cognito the authorizer
    /// is filled in once the user pool exists.
    pub jwt: Option<JwtPlan>,
}

#[derive(Debug, Clone, Serialize)]
pub struct GatewayPlan {
    pub name: String,
    pub target: String,
    pub role: String,
    pub auth: GatewayAuth,
    pub oauth_provider: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct CognitoPlan {
    pub user_pool: String,
    pub resource_server: String,
    pub scope: String,
    pub app_client: String,
    pub domain_prefix: String,
}

impl CognitoPlan {
    pub fn full_scope(&self) -> String {
        format!("{}/{}", self.resource_server, self.scope)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct RolePlan {
    pub name: String,
    pub purpose: &'static str,
    pub trust: Value,
    pub managed: Vec<&'static str>,
    pub inline: Vec<(String, Value)>,
}

#[derive(Debug, Clone)]
pub struct Plan {
    pub topology: Topology,
    pub scope: Scope,
    pub credentials: Credentials,
    pub secret: SecretPlan,
    pub image: Option<String>,
    pub mcp_url: Option<String>,
    pub harness: Option<HarnessPlan>,
    pub ecs: Option<EcsPlan>,
    pub runtime: Option<RuntimePlan>,
    pub gateway: Option<GatewayPlan>,
    pub cognito: Option<CognitoPlan>,
    /// `ZSCALER_MCP_*` settings from `.env`, passed to the container.
    pub server_settings: Vec<(String, String)>,
    pub allowed_hosts: Vec<String>,
    pub disable_host_validation: bool,
    /// The image's platforms as its registry lists them (`image::check`), once read.
    pub image_check: Option<ImageCheck>,
    pub warnings: Vec<String>,
}

fn csv(value: Option<String>) -> Vec<String> {
    value
        .map(|v| {
            v.split(',')
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty())
                .collect()
        })
        .unwrap_or_default()
}

/// The image this version publishes; AgentCore needs one in ECR instead.
pub fn default_image() -> String {
    format!(
        "ghcr.io/zscaler-mcp-rs/zscaler-mcp:{}",
        env!("CARGO_PKG_VERSION")
    )
}

/// Checks the harness name before any AWS call (the API refuses hyphens).
pub fn check_harness_name(name: &str) -> Result<()> {
    if HARNESS_NAME.is_match(name) {
        return Ok(());
    }
    let why = if name.contains('-') {
        "hyphens are not allowed (use underscores)"
    } else if name.len() > 40 {
        "at most 40 characters"
    } else {
        "it must start with a letter and hold only letters, digits and underscores"
    };
    Err(DeployError::settings(format!(
        "--harness-name {name}: {why}; the pattern is [a-zA-Z][a-zA-Z0-9_]{{0,39}}"
    )))
}

/// An MCP URL for `remote_mcp`: HTTPS, no trailing slash (the harness's client does not follow
/// the redirect `/mcp/` can produce). Returns the URL and a warning for SigV4-only endpoints.
pub fn normalise_mcp_url(raw: &str) -> Result<(String, Option<String>)> {
    let parsed = url_parts(raw).ok_or_else(|| {
        DeployError::settings(format!("--mcp-url {raw}: not an absolute http(s) URL"))
    })?;
    if parsed.0 != "https" {
        return Err(DeployError::settings(format!(
            "--mcp-url {raw}: the harness only calls HTTPS endpoints"
        )));
    }
    let trimmed = raw.trim().trim_end_matches('/').to_owned();
    let warning = (parsed.1.starts_with("bedrock-agentcore.")
        && parsed.1.ends_with(".amazonaws.com"))
    .then(|| {
        format!(
            "{trimmed} is an AgentCore Runtime endpoint, which accepts only SigV4: remote_mcp sends \
             static headers, so every call will get 403. Use --topology gateway, or an endpoint \
             that accepts the Basic header."
        )
    });
    Ok((trimmed, warning))
}

fn url_parts(raw: &str) -> Option<(String, String)> {
    let (scheme, rest) = raw.trim().split_once("://")?;
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    let host = host.split(':').next()?.to_ascii_lowercase();
    let scheme = scheme.to_ascii_lowercase();
    (matches!(scheme.as_str(), "http" | "https") && !host.is_empty()).then_some((scheme, host))
}

/// AgentCore Runtime pulls only from ECR in its own region (or ECR Public): say so before
/// anything is created, with the commands that copy the image.
pub fn check_runtime_image(image: &str, region: &str, account: &str) -> Result<()> {
    if image.starts_with("public.ecr.aws/") {
        return Ok(());
    }
    let Some(ecr) = EcrImage::parse(image) else {
        return Err(DeployError::Blocked(format!(
            "{image}: AgentCore Runtime pulls images only from Amazon ECR. Push the image to \
             ECR in {region} and pass --image-uri (ZSCALER_MCP_IMAGE_URI)."
        )));
    };
    if ecr.region == region {
        return Ok(());
    }
    let tag = image.rsplit_once(':').map_or("latest", |(_, t)| t);
    let target = format!(
        "{account}.dkr.ecr.{region}.amazonaws.com/{}:{tag}",
        ecr.repository
    );
    Err(DeployError::Blocked(format!(
        "the image is in {} but the runtime would be in {region}: AgentCore Runtime requires \
         an image in its own region. Deploy with --region {}, or copy the image:\n\
         \n  aws ecr create-repository --repository-name {repo} --region {region}\n  \
         aws ecr get-login-password --region {} | docker login --username AWS --password-stdin {}.dkr.ecr.{}.amazonaws.com\n  \
         aws ecr get-login-password --region {region} | docker login --username AWS --password-stdin {account}.dkr.ecr.{region}.amazonaws.com\n  \
         docker pull --platform linux/arm64 {image}\n  \
         docker tag {image} {target}\n  \
         docker push {target}\n\
         \nthen add to .env: ZSCALER_MCP_IMAGE_URI={target}",
        ecr.region,
        ecr.region,
        ecr.region,
        ecr.account,
        ecr.region,
        repo = ecr.repository,
    )))
}

/// `ZSCALER_MCP_ALLOWED_HOSTS` for the container: the user's entries, the service's public
/// name, and loopback, each once and in that order.
pub fn merge_allowed_hosts(user: &[String], fqdn: Option<&str>) -> String {
    let mut hosts: Vec<String> = Vec::new();
    let extra = fqdn
        .into_iter()
        .map(str::to_owned)
        .chain(["127.0.0.1:*".to_owned(), "localhost:*".to_owned()]);
    for host in user.iter().cloned().chain(extra) {
        if !hosts.iter().any(|h| h.eq_ignore_ascii_case(&host)) {
            hosts.push(host);
        }
    }
    hosts.join(",")
}

impl Plan {
    /// Resolves every setting; prompts (on a terminal) for what is missing.
    pub fn resolve(
        args: &DeployArgs,
        lookup: &Lookup,
        prompter: Prompter,
        scope: Scope,
    ) -> Result<Plan> {
        let topology = match args.topology {
            Some(t) => t,
            None => match lookup.get("TOPOLOGY") {
                Some(v) => match v.to_ascii_lowercase().as_str() {
                    "ecs" => Topology::Ecs,
                    "gateway" => Topology::Gateway,
                    "runtime" => Topology::Runtime,
                    other => {
                        return Err(DeployError::settings(format!(
                            "TOPOLOGY={other}: expected ecs, gateway or runtime"
                        )));
                    }
                },
                None => {
                    let options = [
                        "ecs — Harness → remote_mcp → ECS Express (default)",
                        "gateway — Harness → AgentCore Gateway → AgentCore Runtime",
                        "runtime — the server alone on AgentCore Runtime",
                    ];
                    match prompter.select("Topology", &options, 0)? {
                        1 => Topology::Gateway,
                        2 => Topology::Runtime,
                        _ => Topology::Ecs,
                    }
                }
            },
        };
        let mut warnings = Vec::new();
        let pick = |flag: &Option<String>, key: &str, default: &str| {
            lookup.pick(flag, key).unwrap_or_else(|| default.to_owned())
        };

        let mcp_url = match (topology, lookup.pick(&args.mcp_url, "MCP_URL")) {
            (Topology::Ecs, Some(raw)) => {
                let (url, warning) = normalise_mcp_url(&raw)?;
                warnings.extend(warning);
                Some(url)
            }
            (_, Some(_)) => {
                return Err(DeployError::settings(
                    "--mcp-url applies to the ecs topology only (gateway and runtime deploy the server on AgentCore Runtime)",
                ));
            }
            (_, None) => None,
        };
        let deploys_server = topology != Topology::Ecs || mcp_url.is_none();

        let harness = (topology != Topology::Runtime)
            .then(|| -> Result<HarnessPlan> {
                let name = pick(&args.harness_name, "HARNESS_NAME", "zscaler_mcp_harness");
                check_harness_name(&name)?;
                let max_iterations = match args.max_iterations {
                    Some(n) => n,
                    None => match lookup.get("MAX_ITERATIONS") {
                        Some(v) => v.parse().map_err(|_| {
                            DeployError::settings(format!(
                                "MAX_ITERATIONS={v}: expected a whole number"
                            ))
                        })?,
                        None => 25,
                    },
                };
                if !(1..=1000).contains(&max_iterations) {
                    return Err(DeployError::settings(format!(
                        "--max-iterations {max_iterations}: between 1 and 1000"
                    )));
                }
                Ok(HarnessPlan {
                    name,
                    role: pick(
                        &args.role_name,
                        "HARNESS_ROLE_NAME",
                        "zscaler-mcp-harness-execution-role",
                    ),
                    model_id: lookup.pick(&args.model_id, "MODEL_ID"),
                    system_prompt: pick(
                        &args.system_prompt,
                        "SYSTEM_PROMPT",
                        DEFAULT_SYSTEM_PROMPT,
                    ),
                    max_iterations,
                    api_key_provider: pick(
                        &args.credential_provider_name,
                        "CREDENTIAL_PROVIDER_NAME",
                        "zscaler-mcp-creds",
                    ),
                })
            })
            .transpose()?;

        // Credentials: the container needs the tenant; the ecs harness needs id and secret
        // for its Basic header.
        let no_secrets_manager = lookup.flag_bool(args.no_secrets_manager, "NO_SECRETS_MANAGER")?;
        let external_secret = lookup.pick(&args.secret_name, "ZSCALER_SECRET_NAME");
        let secret = if !deploys_server {
            SecretPlan::NotNeeded
        } else if no_secrets_manager {
            if external_secret.is_some() {
                return Err(DeployError::settings(
                    "--no-secrets-manager and --secret-name/ZSCALER_SECRET_NAME contradict each other",
                ));
            }
            warnings.push(
                "--no-secrets-manager: the Zscaler credentials go into the container's environment, \
                 visible to anyone who can describe the task definition or runtime"
                    .into(),
            );
            SecretPlan::Plaintext
        } else if let Some(id) = external_secret.clone() {
            SecretPlan::External { id }
        } else {
            SecretPlan::Managed {
                name: "zscaler-mcp-harness/credentials".into(),
            }
        };
        let needs_tenant = matches!(secret, SecretPlan::Managed { .. } | SecretPlan::Plaintext);
        let needs_basic = topology == Topology::Ecs;
        let mut credentials = Credentials {
            client_id: lookup.pick(&args.client_id, "ZSCALER_CLIENT_ID"),
            client_secret: lookup.pick(&args.client_secret, "ZSCALER_CLIENT_SECRET"),
            customer_id: lookup.pick(&args.customer_id, "ZSCALER_CUSTOMER_ID"),
            vanity_domain: lookup.pick(&args.vanity_domain, "ZSCALER_VANITY_DOMAIN"),
            cloud: lookup.pick(&args.cloud, "ZSCALER_CLOUD"),
        };
        // An external secret supplies what the harness needs at deploy time (read then).
        let basic_from_secret = matches!(secret, SecretPlan::External { .. });
        if needs_tenant || (needs_basic && !basic_from_secret) {
            if credentials.client_id.is_none() {
                credentials.client_id =
                    Some(prompter.text("Zscaler client id", "--client-id", "ZSCALER_CLIENT_ID")?);
            }
            if credentials.client_secret.is_none() {
                credentials.client_secret = Some(prompter.secret(
                    "Zscaler client secret",
                    "--client-secret",
                    "ZSCALER_CLIENT_SECRET",
                )?);
            }
        }
        if needs_tenant {
            if credentials.vanity_domain.is_none() {
                credentials.vanity_domain = Some(prompter.text(
                    "Zscaler vanity domain",
                    "--vanity-domain",
                    "ZSCALER_VANITY_DOMAIN",
                )?);
            }
            if credentials.customer_id.is_none() {
                credentials.customer_id = Some(prompter.text(
                    "ZPA customer id",
                    "--customer-id",
                    "ZSCALER_CUSTOMER_ID",
                )?);
            }
        }

        let image = if deploys_server {
            let image = match lookup.pick(&args.image_uri, "ZSCALER_MCP_IMAGE_URI") {
                Some(image) => image,
                None if topology == Topology::Ecs => default_image(),
                None => prompter.text(
                    "Container image in ECR (AgentCore Runtime pulls only from ECR in its region)",
                    "--image-uri",
                    "ZSCALER_MCP_IMAGE_URI",
                )?,
            };
            if topology != Topology::Ecs {
                check_runtime_image(&image, &scope.region, &scope.account)?;
            }
            Some(image)
        } else {
            None
        };

        let cpu_architecture = match args.cpu_architecture {
            Some(a) => Some(a),
            None => match lookup.get("CPU_ARCHITECTURE") {
                Some(v) => Some(match v.to_ascii_lowercase().as_str() {
                    "x86_64" | "amd64" => CpuArchitecture::X86_64,
                    "arm64" | "aarch64" => CpuArchitecture::Arm64,
                    other => {
                        return Err(DeployError::settings(format!(
                            "CPU_ARCHITECTURE={other}: expected x86_64 or arm64"
                        )));
                    }
                }),
                None => None,
            },
        };

        let ecs = (topology == Topology::Ecs && mcp_url.is_none()).then(|| {
            let cluster_flag = lookup.pick(&args.ecs_cluster_name, "ECS_CLUSTER_NAME");
            EcsPlan {
                cluster_is_default: cluster_flag.is_none(),
                cluster: cluster_flag.unwrap_or_else(|| DEFAULT_CLUSTER.into()),
                existing_cluster: args.existing_cluster,
                service: pick(
                    &args.ecs_service_name,
                    "ECS_SERVICE_NAME",
                    "zscaler-mcp-server",
                ),
                execution_role: pick(
                    &args.ecs_execution_role_name,
                    "ECS_EXECUTION_ROLE_NAME",
                    "zscaler-mcp-ecs-task-execution-role",
                ),
                infrastructure_role: pick(
                    &args.ecs_infrastructure_role_name,
                    "ECS_INFRASTRUCTURE_ROLE_NAME",
                    "zscaler-mcp-ecs-infrastructure-role",
                ),
                task_role: pick(
                    &args.ecs_task_role_name,
                    "ECS_TASK_ROLE_NAME",
                    "zscaler-mcp-ecs-task-role",
                ),
                log_group: pick(&args.ecs_log_group, "ECS_LOG_GROUP", "/ecs/zscaler-mcp"),
                cpu_architecture,
            }
        });

        let gateway_auth = match args.gateway_auth {
            Some(a) => a,
            None => match lookup.get("GATEWAY_AUTH").as_deref() {
                None | Some("cognito") => GatewayAuth::Cognito,
                Some("iam") => GatewayAuth::Iam,
                Some(other) => {
                    return Err(DeployError::settings(format!(
                        "GATEWAY_AUTH={other}: expected cognito or iam"
                    )));
                }
            },
        };
        let runtime = (topology != Topology::Ecs)
            .then(|| -> Result<RuntimePlan> {
                let name = pick(&args.runtime_name, "RUNTIME_NAME", "zscaler_mcp_runtime");
                if !RUNTIME_NAME.is_match(&name) {
                    return Err(DeployError::settings(format!(
                        "--runtime-name {name}: letters, digits and underscores, starting with a letter, at most 48"
                    )));
                }
                let jwt = match lookup.pick(&args.runtime_jwt_discovery_url, "RUNTIME_JWT_DISCOVERY_URL") {
                    Some(url) if topology == Topology::Runtime => {
                        let clients = csv(lookup.pick(&args.runtime_jwt_allowed_clients, "RUNTIME_JWT_ALLOWED_CLIENTS"));
                        let audience = csv(lookup.pick(&args.runtime_jwt_allowed_audience, "RUNTIME_JWT_ALLOWED_AUDIENCE"));
                        if clients.is_empty() && audience.is_empty() {
                            return Err(DeployError::settings(
                                "--runtime-jwt-discovery-url needs --runtime-jwt-allowed-clients or --runtime-jwt-allowed-audience (AgentCore requires one)",
                            ));
                        }
                        if !url.starts_with("https://") || !url.ends_with("/.well-known/openid-configuration") {
                            return Err(DeployError::settings(format!(
                                "--runtime-jwt-discovery-url {url}: an https URL ending in /.well-known/openid-configuration"
                            )));
                        }
                        Some(JwtPlan { discovery_url: url, allowed_clients: clients, allowed_audience: audience })
                    }
                    Some(_) => {
                        return Err(DeployError::settings(
                            "--runtime-jwt-discovery-url applies to --topology runtime (the gateway topology sets the runtime's authorizer itself)",
                        ));
                    }
                    None => None,
                };
                Ok(RuntimePlan {
                    name,
                    role: pick(
                        &args.runtime_execution_role_name,
                        "RUNTIME_EXECUTION_ROLE_NAME",
                        "zscaler-mcp-harness-runtime-role",
                    ),
                    jwt,
                })
            })
            .transpose()?;
        let gateway = (topology == Topology::Gateway)
            .then(|| -> Result<GatewayPlan> {
                let name = pick(&args.gateway_name, "GATEWAY_NAME", "zscaler-mcp-gateway");
                if !GATEWAY_NAME.is_match(&name) {
                    return Err(DeployError::settings(format!(
                        "--gateway-name {name}: letters and digits, single hyphens between them, at most 100"
                    )));
                }
                Ok(GatewayPlan {
                    name,
                    target: pick(&args.gateway_target_name, "GATEWAY_TARGET_NAME", "zscaler-mcp-runtime"),
                    role: pick(&args.gateway_role_name, "GATEWAY_ROLE_NAME", "zscaler-mcp-harness-gateway-role"),
                    auth: gateway_auth,
                    oauth_provider: pick(&args.oauth_provider_name, "OAUTH_PROVIDER_NAME", "zscaler-mcp-cognito-oauth"),
                })
            })
            .transpose()?;
        let cognito =
            (topology == Topology::Gateway && gateway_auth == GatewayAuth::Cognito).then(|| {
                CognitoPlan {
                    user_pool: pick(
                        &args.cognito_user_pool_name,
                        "COGNITO_USER_POOL_NAME",
                        "zscaler-mcp-harness-up",
                    ),
                    resource_server: pick(
                        &args.cognito_resource_server_identifier,
                        "COGNITO_RESOURCE_SERVER_IDENTIFIER",
                        "zscaler-mcp",
                    ),
                    scope: pick(&args.cognito_scope_name, "COGNITO_SCOPE_NAME", "invoke"),
                    app_client: pick(
                        &args.cognito_app_client_name,
                        "COGNITO_APP_CLIENT_NAME",
                        "zscaler-mcp-harness-client",
                    ),
                    domain_prefix: format!(
                        "{}-{}",
                        pick(
                            &args.cognito_domain_prefix,
                            "COGNITO_DOMAIN_PREFIX",
                            "zscaler-mcp"
                        ),
                        scope.account
                    ),
                }
            });

        let disable_host_validation =
            lookup.flag_bool(false, "ZSCALER_MCP_DISABLE_HOST_VALIDATION")?;
        Ok(Plan {
            topology,
            scope,
            credentials,
            secret,
            image,
            mcp_url,
            harness,
            ecs,
            runtime,
            gateway,
            cognito,
            server_settings: lookup
                .server_settings()
                .filter(|(k, _)| !CONTRACT.iter().any(|(c, _)| c == k))
                .filter(|(k, _)| *k != "ZSCALER_MCP_ALLOWED_HOSTS" && *k != "ZSCALER_MCP_IMAGE_URI")
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .collect(),
            allowed_hosts: csv(lookup.get("ZSCALER_MCP_ALLOWED_HOSTS")),
            disable_host_validation,
            image_check: None,
            warnings,
        })
    }

    /// The secret's IAM resource: its ARN when given as one, else the name's pattern.
    pub fn secret_resource(&self) -> Option<String> {
        match &self.secret {
            SecretPlan::Managed { name } => Some(policy::secret_pattern(&self.scope, name)),
            SecretPlan::External { id } if id.starts_with("arn:") => Some(id.clone()),
            SecretPlan::External { id } => Some(policy::secret_pattern(&self.scope, id)),
            SecretPlan::Plaintext | SecretPlan::NotNeeded => None,
        }
    }

    /// The id the container looks its secret up by.
    pub fn secret_id(&self) -> Option<&str> {
        match &self.secret {
            SecretPlan::Managed { name } => Some(name),
            SecretPlan::External { id } => Some(id),
            _ => None,
        }
    }

    /// The roles this plan creates, with their documents.
    pub fn roles(&self) -> Vec<RolePlan> {
        let scope = &self.scope;
        let mut roles = Vec::new();
        let image_ecr = self.image.as_deref().and_then(EcrImage::parse);
        if let Some(ecs) = &self.ecs {
            let mut inline = Vec::new();
            // The managed policy covers this account's ECR; another account's needs its own grant.
            if let Some(ecr) = image_ecr.as_ref().filter(|e| e.account != scope.account) {
                inline.push(("CrossAccountEcrPull".to_owned(), policy::ecr_pull(ecr)));
            }
            roles.push(RolePlan {
                name: ecs.execution_role.clone(),
                purpose: "ECS task execution (pull the image, write container logs)",
                trust: policy::trust("ecs-tasks.amazonaws.com", scope),
                managed: vec![policy::ECS_TASK_EXECUTION_POLICY],
                inline,
            });
            roles.push(RolePlan {
                name: ecs.infrastructure_role.clone(),
                purpose: "ECS Express infrastructure (load balancer, target group, scaling)",
                trust: policy::trust_unconditioned("ecs.amazonaws.com"),
                managed: vec![policy::ECS_EXPRESS_INFRASTRUCTURE_POLICY],
                inline: vec![],
            });
            roles.push(RolePlan {
                name: ecs.task_role.clone(),
                purpose: "the container's own identity (reads the credentials secret)",
                trust: policy::trust("ecs-tasks.amazonaws.com", scope),
                managed: vec![],
                inline: self
                    .secret_resource()
                    .map(|r| {
                        (
                            "ReadZscalerSecrets".to_owned(),
                            policy::read_secret(scope, &r),
                        )
                    })
                    .into_iter()
                    .collect(),
            });
        }
        if let Some(runtime) = &self.runtime {
            roles.push(RolePlan {
                name: runtime.role.clone(),
                purpose: "AgentCore Runtime execution (image, logs, credentials secret)",
                trust: policy::trust("bedrock-agentcore.amazonaws.com", scope),
                managed: vec![],
                inline: vec![(
                    "RuntimeInline".to_owned(),
                    policy::runtime_execution(
                        scope,
                        &runtime.name,
                        image_ecr.as_ref(),
                        self.secret_resource().as_deref(),
                    ),
                )],
            });
        }
        if let (Some(gateway), Some(runtime)) = (&self.gateway, &self.runtime) {
            let oauth =
                (gateway.auth == GatewayAuth::Cognito).then_some(gateway.oauth_provider.as_str());
            roles.push(RolePlan {
                name: gateway.role.clone(),
                purpose: "AgentCore Gateway service role (invoke the runtime)",
                trust: policy::trust("bedrock-agentcore.amazonaws.com", scope),
                managed: vec![],
                inline: vec![(
                    "GatewayInline".to_owned(),
                    policy::gateway_service(scope, &gateway.name, &runtime.name, oauth),
                )],
            });
        }
        if let Some(harness) = &self.harness {
            let gateway_iam = self
                .gateway
                .as_ref()
                .filter(|g| g.auth == GatewayAuth::Iam)
                .map(|g| g.name.as_str());
            let oauth = self
                .gateway
                .as_ref()
                .map_or("zscaler-mcp-cognito-oauth", |g| g.oauth_provider.as_str());
            roles.push(RolePlan {
                name: harness.role.clone(),
                purpose: "AgentCore Harness execution (model, tools, Token Vault)",
                trust: policy::trust("bedrock-agentcore.amazonaws.com", scope),
                managed: vec![],
                inline: vec![(
                    "HarnessInline".to_owned(),
                    policy::harness_execution(
                        scope,
                        &policy::HarnessGrants {
                            harness_name: &harness.name,
                            api_key_provider: &harness.api_key_provider,
                            oauth2_provider: oauth,
                            gateway_name: gateway_iam,
                        },
                    ),
                )],
            });
        }
        roles
    }

    /// The container's environment; `fqdn` is ECS Express's public name once known.
    pub fn container_env(&self, fqdn: Option<&str>) -> Vec<(String, EnvValue)> {
        let mut env: Vec<(String, EnvValue)> = CONTRACT
            .iter()
            .map(|(k, v)| (k.to_string(), EnvValue::Plain(v.to_string())))
            .collect();
        let plain = |k: &str, v: &str| (k.to_owned(), EnvValue::Plain(v.to_owned()));
        env.push(plain("ZSCALER_MCP_AUTH_MODE", "zscaler"));
        if self.topology == Topology::Ecs {
            if !self.disable_host_validation {
                env.push(plain(
                    "ZSCALER_MCP_ALLOWED_HOSTS",
                    &merge_allowed_hosts(&self.allowed_hosts, fqdn),
                ));
            }
        } else {
            // AgentCore authenticates callers (SigV4 or its JWT authorizer) and strips the
            // Authorization header; the Host it sends is internal.
            env.push(plain("ZSCALER_MCP_TRUST_PLATFORM_AUTH", "true"));
            env.push(plain("ZSCALER_MCP_DISABLE_HOST_VALIDATION", "true"));
        }
        match &self.secret {
            SecretPlan::Managed { .. } | SecretPlan::External { .. } => {
                env.push(plain(
                    "ZSCALER_SECRET_NAME",
                    self.secret_id().unwrap_or_default(),
                ));
            }
            SecretPlan::Plaintext => {
                for (key, value) in self.credentials.pairs() {
                    let value = if key == "ZSCALER_CLIENT_SECRET" {
                        EnvValue::Secret(value.to_owned())
                    } else {
                        EnvValue::Plain(value.to_owned())
                    };
                    env.push((key.to_owned(), value));
                }
            }
            SecretPlan::NotNeeded => {}
        }
        for (key, value) in &self.server_settings {
            env.retain(|(k, _)| k != key);
            let value = if is_secret_setting(key) {
                EnvValue::Secret(value.clone())
            } else {
                EnvValue::Plain(value.clone())
            };
            env.push((key.clone(), value));
        }
        env
    }

    /// The plan as a document, secrets masked (dry-run output).
    pub fn describe(&self) -> Value {
        let mut resources = Vec::new();
        let mut add = |kind: &str, name: &str, detail: String| {
            resources.push(json!({"kind": kind, "name": name, "detail": detail}));
        };
        match &self.secret {
            SecretPlan::Managed { name } => add(
                "secretsmanager secret",
                name,
                "created or updated from the ZSCALER_* settings".into(),
            ),
            SecretPlan::External { id } => add(
                "secretsmanager secret",
                id,
                "yours: read, never changed".into(),
            ),
            _ => {}
        }
        if let Some(cognito) = &self.cognito {
            add(
                "cognito user pool",
                &cognito.user_pool,
                "admin-created users only".into(),
            );
            add(
                "cognito resource server",
                &cognito.resource_server,
                format!("scope {}", cognito.full_scope()),
            );
            add(
                "cognito app client",
                &cognito.app_client,
                "client_credentials, with a secret".into(),
            );
            add(
                "cognito domain",
                &cognito.domain_prefix,
                "hosts /oauth2/token".into(),
            );
        }
        let planned_roles = self.roles();
        for role in &planned_roles {
            add("iam role", &role.name, role.purpose.to_owned());
        }
        if let Some(ecs) = &self.ecs {
            add(
                "ecs cluster",
                &ecs.cluster,
                format!("tagged {}={}", MANAGED_BY_TAG.0, MANAGED_BY_TAG.1),
            );
            add(
                "cloudwatch log group",
                &ecs.log_group,
                "container output".into(),
            );
            add(
                "ecs express service",
                &ecs.service,
                format!(
                    "port {CONTAINER_PORT}, health {HEALTH_PATH}, {}",
                    ecs.cpu_architecture
                        .map_or("the live service's architecture, else X86_64", |a| a
                            .as_ecs())
                ),
            );
        }
        if let Some(runtime) = &self.runtime {
            let auth = match (&runtime.jwt, &self.gateway) {
                (Some(jwt), _) => format!("JWT ({})", jwt.discovery_url),
                (None, Some(g)) if g.auth == GatewayAuth::Cognito => {
                    "JWT (the Cognito pool)".into()
                }
                _ => "IAM (SigV4)".into(),
            };
            add(
                "agentcore runtime",
                &runtime.name,
                format!("MCP on port {CONTAINER_PORT}, inbound {auth}"),
            );
        }
        if let Some(gateway) = &self.gateway {
            if gateway.auth == GatewayAuth::Cognito {
                add(
                    "token vault oauth2 provider",
                    &gateway.oauth_provider,
                    "the Cognito client".into(),
                );
            }
            add(
                "agentcore gateway",
                &gateway.name,
                match gateway.auth {
                    GatewayAuth::Cognito => "MCP, CUSTOM_JWT (Cognito)".into(),
                    GatewayAuth::Iam => "MCP, AWS_IAM".into(),
                },
            );
            add(
                "agentcore gateway target",
                &gateway.target,
                "mcpServer → the runtime".into(),
            );
        }
        if let Some(harness) = &self.harness {
            if self.topology == Topology::Ecs {
                add(
                    "token vault api-key provider",
                    &harness.api_key_provider,
                    "Basic base64(client_id:client_secret)".into(),
                );
            }
            add(
                "agentcore harness",
                &harness.name,
                format!(
                    "model {}, tool {}",
                    harness
                        .model_id
                        .as_deref()
                        .unwrap_or("(harness default: Claude Sonnet 4.6)"),
                    if self.topology == Topology::Ecs {
                        "remote_mcp"
                    } else {
                        "agentcore_gateway"
                    }
                ),
            );
        }
        let roles: Vec<Value> = planned_roles
            .into_iter()
            .map(|r| {
                json!({
                    "name": r.name,
                    "trust": r.trust,
                    "managed_policies": r.managed,
                    "inline_policies": r.inline.into_iter().map(|(n, d)| json!({"name": n, "document": d})).collect::<Vec<_>>(),
                })
            })
            .collect();
        let container: serde_json::Map<String, Value> = if self.image.is_some() {
            self.container_env(Some("<ecs-express-endpoint>"))
                .into_iter()
                .map(|(k, v)| (k, Value::String(v.shown())))
                .collect()
        } else {
            serde_json::Map::new()
        };
        json!({
            "topology": self.topology.as_str(),
            "region": self.scope.region,
            "account": self.scope.account,
            "image": self.image,
            "image_platforms": self.image_check.as_ref().map(ImageCheck::describe),
            "mcp_url": self.mcp_url,
            "resources": resources,
            "iam_roles": roles,
            "container_environment": container,
            "warnings": self.warnings,
        })
    }
}

/// What every container gets: the platforms' contract (port 8000, `/mcp`, plain HTTP behind
/// TLS termination, no sessions). Not overridable from `.env`.
const CONTRACT: [(&str, &str); 5] = [
    ("ZSCALER_MCP_TRANSPORT", "streamable-http"),
    ("ZSCALER_MCP_HOST", "0.0.0.0"),
    ("ZSCALER_MCP_PORT", "8000"),
    ("ZSCALER_MCP_STATELESS", "true"),
    ("ZSCALER_MCP_ALLOW_HTTP", "true"),
];

fn is_secret_setting(key: &str) -> bool {
    key.contains("SECRET")
        || key.contains("API_KEY")
        || key.contains("STATE_KEYS")
        || key.contains("PRIVATE_KEY")
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::cli::{Action, Cli, Platform};
    use clap::Parser;

    /// A resolved plan for `topology`, as `deploy --non-interactive` would make it.
    pub(crate) fn sample(topology: Topology, cpu: Option<CpuArchitecture>) -> Plan {
        let mut argv = vec![
            "zscaler-mcp-deploy",
            "aws",
            "deploy",
            "--non-interactive",
            "--topology",
            topology.as_str(),
            "--client-id",
            "id",
            "--client-secret",
            "secret",
            "--vanity-domain",
            "acme",
            "--customer-id",
            "1",
        ];
        if topology != Topology::Ecs {
            argv.extend([
                "--image-uri",
                "123456789012.dkr.ecr.us-east-1.amazonaws.com/z:1",
            ]);
        }
        if let Some(cpu) = cpu {
            argv.extend(["--cpu-architecture", cpu.as_flag()]);
        }
        let Platform::Aws(args) = Cli::parse_from(argv).platform;
        let Action::Deploy(deploy) = args.action else {
            unreachable!("parsed a deploy")
        };
        let scope = Scope {
            region: "us-east-1".into(),
            account: "123456789012".into(),
        };
        let lookup = Lookup::from_maps(Default::default(), Default::default());
        Plan::resolve(&deploy, &lookup, Prompter::new(true), scope).expect("a valid plan")
    }

    #[test]
    fn harness_names_with_hyphens_are_refused_before_any_call() {
        assert!(check_harness_name("zscaler_mcp_harness").is_ok());
        let err = check_harness_name("zscaler-mcp-harness")
            .unwrap_err()
            .to_string();
        assert!(err.contains("hyphens"), "{err}");
        assert!(
            check_harness_name(&"a".repeat(41))
                .unwrap_err()
                .to_string()
                .contains("40")
        );
        assert!(check_harness_name("1abc").is_err());
    }

    #[test]
    fn mcp_urls_lose_their_trailing_slash_and_must_be_https() {
        let (url, warning) = normalise_mcp_url("https://abc.ecs.us-east-1.on.aws/mcp/").unwrap();
        assert_eq!(url, "https://abc.ecs.us-east-1.on.aws/mcp");
        assert!(warning.is_none());
        assert!(normalise_mcp_url("http://abc/mcp").is_err());
        assert!(normalise_mcp_url("abc/mcp").is_err());
        let (_, warning) = normalise_mcp_url(
            "https://bedrock-agentcore.us-east-1.amazonaws.com/runtimes/arn%3A/invocations?qualifier=DEFAULT",
        )
        .unwrap();
        assert!(warning.unwrap().contains("SigV4"));
    }

    #[test]
    fn allowed_hosts_keep_the_users_entries_and_add_the_endpoint_and_loopback_once() {
        let user = vec!["mcp.acme.com".to_owned(), "LOCALHOST:*".to_owned()];
        assert_eq!(
            merge_allowed_hosts(&user, Some("zs-1.ecs.us-east-1.on.aws")),
            "mcp.acme.com,LOCALHOST:*,zs-1.ecs.us-east-1.on.aws,127.0.0.1:*"
        );
        assert_eq!(merge_allowed_hosts(&[], None), "127.0.0.1:*,localhost:*");
    }

    #[test]
    fn a_runtime_image_in_another_region_is_refused_with_the_copy_commands() {
        let err = check_runtime_image(
            "709825985650.dkr.ecr.us-east-1.amazonaws.com/zscaler/mcp:1.0",
            "eu-west-1",
            "123456789012",
        )
        .unwrap_err();
        assert_eq!(err.exit_code(), 7);
        let text = err.to_string();
        assert!(
            text.contains(
                "docker push 123456789012.dkr.ecr.eu-west-1.amazonaws.com/zscaler/mcp:1.0"
            ),
            "{text}"
        );
        assert!(text.contains("ZSCALER_MCP_IMAGE_URI="), "{text}");
        assert!(check_runtime_image("ghcr.io/x/y:1", "us-east-1", "123456789012").is_err());
        assert!(check_runtime_image("public.ecr.aws/x/y:1", "us-east-1", "1").is_ok());
        assert!(
            check_runtime_image(
                "123456789012.dkr.ecr.us-east-1.amazonaws.com/m:1",
                "us-east-1",
                "1"
            )
            .is_ok()
        );
    }

    #[test]
    fn secrets_are_masked_when_shown() {
        assert_eq!(
            EnvValue::Secret("supersecretvalue".into()).shown(),
            "su…(masked)"
        );
        assert_eq!(EnvValue::Secret("short".into()).shown(), "(masked)");
    }
}
