//! The command line: `zscaler-mcp-deploy aws deploy|status|logs|invoke|destroy`.
//!
//! Every setting a prompt may ask for also has a flag and an environment (or `.env`) name,
//! so scripts never need a terminal.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "zscaler-mcp-deploy",
    version,
    about = "Deploy zscaler-mcp to AWS"
)]
pub struct Cli {
    #[command(subcommand)]
    pub platform: Platform,
}

#[derive(Debug, Subcommand)]
pub enum Platform {
    /// Amazon Bedrock AgentCore (Harness, Gateway, Runtime) and ECS Express Mode.
    Aws(AwsArgs),
}

#[derive(Debug, Args)]
pub struct AwsArgs {
    #[command(flatten)]
    pub common: Common,
    #[command(subcommand)]
    pub action: Action,
}

#[derive(Debug, Args, Clone)]
pub struct Common {
    /// AWS region [env: AWS_REGION, then AWS_DEFAULT_REGION, then the profile's].
    #[arg(long, global = true)]
    pub region: Option<String>,
    /// Named AWS profile [env: AWS_PROFILE].
    #[arg(long, global = true)]
    pub profile: Option<String>,
    /// Settings file (KEY=value lines, as in env.properties); flags and the process
    /// environment win over it [default: .env, when present].
    #[arg(long, global = true)]
    pub env_file: Option<PathBuf>,
    /// Where deploy records what it created; status, logs, invoke and destroy read it.
    #[arg(long, global = true, default_value = ".aws-harness-state.json")]
    pub state_file: PathBuf,
    /// `json` prints one JSON document on stdout (progress stays on stderr).
    #[arg(long, global = true, value_enum, default_value_t = Output::Text)]
    pub output: Output,
    /// Never prompt: a missing setting is an error naming its flag.
    #[arg(long, global = true)]
    pub non_interactive: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Output {
    Text,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum Action {
    /// Create or update everything the topology needs (idempotent).
    Deploy(Box<DeployArgs>),
    /// What is deployed and in which state.
    Status,
    /// Log events from the harness runtime and the MCP container.
    Logs(LogsArgs),
    /// Send one message to the harness and stream its answer.
    Invoke(InvokeArgs),
    /// Delete what deploy created, in reverse order (idempotent).
    Destroy(DestroyArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Topology {
    /// Harness → remote_mcp → the server on ECS Express (Fargate, managed ALB).
    Ecs,
    /// Harness → AgentCore Gateway → the server on AgentCore Runtime.
    Gateway,
    /// The server alone on AgentCore Runtime (no harness).
    Runtime,
}

impl Topology {
    pub fn as_str(self) -> &'static str {
        match self {
            Topology::Ecs => "ecs",
            Topology::Gateway => "gateway",
            Topology::Runtime => "runtime",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum GatewayAuth {
    /// Cognito client-credentials tokens on every leg (an OAuth2 provider in the Token Vault).
    Cognito,
    /// SigV4 on every leg: Harness → Gateway (AWS_IAM) → Runtime (the gateway's role); no Cognito.
    Iam,
}

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    ValueEnum,
    serde::Serialize,
    serde::Deserialize,
)]
pub enum CpuArchitecture {
    #[value(name = "x86_64", alias = "amd64")]
    #[serde(rename = "X86_64")]
    X86_64,
    #[value(name = "arm64", alias = "aarch64")]
    #[serde(rename = "ARM64")]
    Arm64,
}

impl CpuArchitecture {
    pub fn as_ecs(self) -> &'static str {
        match self {
            CpuArchitecture::X86_64 => "X86_64",
            CpuArchitecture::Arm64 => "ARM64",
        }
    }

    /// The `--cpu-architecture` value.
    pub fn as_flag(self) -> &'static str {
        match self {
            CpuArchitecture::X86_64 => "x86_64",
            CpuArchitecture::Arm64 => "arm64",
        }
    }

    /// The OCI platform an image needs for it.
    pub fn as_platform(self) -> &'static str {
        match self {
            CpuArchitecture::X86_64 => "linux/amd64",
            CpuArchitecture::Arm64 => "linux/arm64",
        }
    }
}

/// What to do when the default-named ECS cluster already exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExistingCluster {
    /// Deploy into it.
    Reuse,
    /// Deploy into a new cluster named `<name>-<random>` alongside it.
    New,
}

#[derive(Debug, Args, Default)]
pub struct DeployArgs {
    /// ecs (default), gateway or runtime [env: TOPOLOGY].
    #[arg(long, value_enum)]
    pub topology: Option<Topology>,
    /// Print every resource, IAM policy and container variable, and change nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Answer yes to confirmations.
    #[arg(long, short = 'y')]
    pub yes: bool,

    /// Harness name: letters, digits, underscores, ≤ 40 [env: HARNESS_NAME].
    #[arg(long)]
    pub harness_name: Option<String>,
    /// Harness execution role [env: HARNESS_ROLE_NAME].
    #[arg(long)]
    pub role_name: Option<String>,
    /// Token Vault API-key provider holding the Basic header (ecs) [env: CREDENTIAL_PROVIDER_NAME].
    #[arg(long)]
    pub credential_provider_name: Option<String>,
    /// Bedrock model id or inference profile; default: the harness default, Claude Sonnet 4.6
    /// [env: MODEL_ID].
    #[arg(long)]
    pub model_id: Option<String>,
    /// The harness's system prompt [env: SYSTEM_PROMPT].
    #[arg(long)]
    pub system_prompt: Option<String>,
    /// Agent-loop iterations per invocation [env: MAX_ITERATIONS].
    #[arg(long)]
    pub max_iterations: Option<u32>,
    /// Use this MCP endpoint instead of deploying one (ecs topology) [env: MCP_URL].
    #[arg(long)]
    pub mcp_url: Option<String>,

    /// OneAPI client id [env: ZSCALER_CLIENT_ID].
    #[arg(long)]
    pub client_id: Option<String>,
    /// OneAPI client secret [env: ZSCALER_CLIENT_SECRET].
    #[arg(long)]
    pub client_secret: Option<String>,
    /// ZPA customer id [env: ZSCALER_CUSTOMER_ID].
    #[arg(long)]
    pub customer_id: Option<String>,
    /// ZIdentity vanity domain [env: ZSCALER_VANITY_DOMAIN].
    #[arg(long)]
    pub vanity_domain: Option<String>,
    /// Zscaler cloud, e.g. beta [env: ZSCALER_CLOUD].
    #[arg(long)]
    pub cloud: Option<String>,
    /// Secrets Manager secret for the credentials; an existing one (name or ARN) is used
    /// as is and never changed or deleted [env: ZSCALER_SECRET_NAME].
    #[arg(long)]
    pub secret_name: Option<String>,
    /// Put the credentials into the container's environment instead (development only).
    #[arg(long)]
    pub no_secrets_manager: bool,

    /// Container image [env: ZSCALER_MCP_IMAGE_URI].
    #[arg(long)]
    pub image_uri: Option<String>,
    /// CPU architecture of the ECS task; default: the image's, else x86_64 [env: CPU_ARCHITECTURE].
    #[arg(long, value_enum)]
    pub cpu_architecture: Option<CpuArchitecture>,
    /// Do not read the image's platforms from its registry (an air-gapped workstation)
    /// [env: SKIP_IMAGE_CHECK=true].
    #[arg(long)]
    pub skip_image_check: bool,
    /// ECS cluster [env: ECS_CLUSTER_NAME].
    #[arg(long)]
    pub ecs_cluster_name: Option<String>,
    /// When the default cluster exists: reuse it or create a fresh one beside it.
    #[arg(long, value_enum)]
    pub existing_cluster: Option<ExistingCluster>,
    /// ECS Express service [env: ECS_SERVICE_NAME].
    #[arg(long)]
    pub ecs_service_name: Option<String>,
    /// ECS task execution role [env: ECS_EXECUTION_ROLE_NAME].
    #[arg(long)]
    pub ecs_execution_role_name: Option<String>,
    /// ECS infrastructure role [env: ECS_INFRASTRUCTURE_ROLE_NAME].
    #[arg(long)]
    pub ecs_infrastructure_role_name: Option<String>,
    /// ECS task role, the container's own identity (reads the secret) [env: ECS_TASK_ROLE_NAME].
    #[arg(long)]
    pub ecs_task_role_name: Option<String>,
    /// CloudWatch log group for the container [env: ECS_LOG_GROUP].
    #[arg(long)]
    pub ecs_log_group: Option<String>,

    /// AgentCore Runtime name [env: RUNTIME_NAME].
    #[arg(long)]
    pub runtime_name: Option<String>,
    /// Runtime execution role [env: RUNTIME_EXECUTION_ROLE_NAME].
    #[arg(long)]
    pub runtime_execution_role_name: Option<String>,
    /// Gateway inbound and outbound authentication (gateway topology) [env: GATEWAY_AUTH].
    #[arg(long, value_enum)]
    pub gateway_auth: Option<GatewayAuth>,
    /// AgentCore Gateway name [env: GATEWAY_NAME].
    #[arg(long)]
    pub gateway_name: Option<String>,
    /// Gateway target name [env: GATEWAY_TARGET_NAME].
    #[arg(long)]
    pub gateway_target_name: Option<String>,
    /// Gateway service role [env: GATEWAY_ROLE_NAME].
    #[arg(long)]
    pub gateway_role_name: Option<String>,
    /// Token Vault OAuth2 provider for the Cognito client [env: OAUTH_PROVIDER_NAME].
    #[arg(long)]
    pub oauth_provider_name: Option<String>,
    /// Cognito user pool [env: COGNITO_USER_POOL_NAME].
    #[arg(long)]
    pub cognito_user_pool_name: Option<String>,
    /// Cognito resource server identifier [env: COGNITO_RESOURCE_SERVER_IDENTIFIER].
    #[arg(long)]
    pub cognito_resource_server_identifier: Option<String>,
    /// Cognito custom scope [env: COGNITO_SCOPE_NAME].
    #[arg(long)]
    pub cognito_scope_name: Option<String>,
    /// Cognito app client [env: COGNITO_APP_CLIENT_NAME].
    #[arg(long)]
    pub cognito_app_client_name: Option<String>,
    /// Cognito hosted-UI domain prefix; the account id is appended [env: COGNITO_DOMAIN_PREFIX].
    #[arg(long)]
    pub cognito_domain_prefix: Option<String>,
    /// Runtime (runtime topology): OIDC discovery URL for a JWT authorizer instead of IAM
    /// [env: RUNTIME_JWT_DISCOVERY_URL].
    #[arg(long)]
    pub runtime_jwt_discovery_url: Option<String>,
    /// Runtime JWT authorizer: accepted client ids, comma-separated [env: RUNTIME_JWT_ALLOWED_CLIENTS].
    #[arg(long)]
    pub runtime_jwt_allowed_clients: Option<String>,
    /// Runtime JWT authorizer: accepted audiences, comma-separated [env: RUNTIME_JWT_ALLOWED_AUDIENCE].
    #[arg(long)]
    pub runtime_jwt_allowed_audience: Option<String>,
}

#[derive(Debug, Args)]
pub struct LogsArgs {
    /// harness (the AgentCore runtime log group), container (ECS or Runtime), or all.
    #[arg(long, value_enum, default_value_t = LogSource::All)]
    pub source: LogSource,
    /// How far back, e.g. 30m, 2h, 1d.
    #[arg(long, default_value = "1h")]
    pub since: String,
    /// At most this many events per log group.
    #[arg(long, default_value_t = 200)]
    pub limit: i32,
    /// Keep polling for new events until interrupted.
    #[arg(long)]
    pub follow: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogSource {
    Harness,
    Container,
    All,
}

#[derive(Debug, Args)]
pub struct InvokeArgs {
    /// What to ask the agent.
    pub message: String,
    /// Continue a conversation: the runtime session id a previous invoke printed (≥ 33 chars).
    #[arg(long)]
    pub session_id: Option<String>,
}

#[derive(Debug, Args)]
pub struct DestroyArgs {
    /// Do not ask for confirmation.
    #[arg(long, short = 'y')]
    pub yes: bool,
    /// Keep the IAM roles.
    #[arg(long)]
    pub keep_role: bool,
    /// Keep the ECS Express service, cluster, log group and ECS roles.
    #[arg(long)]
    pub keep_ecs: bool,
    /// Keep the Secrets Manager secret.
    #[arg(long)]
    pub keep_secret: bool,
    /// Delete the secret at once instead of after the 7-day recovery window.
    #[arg(long)]
    pub force_secret_delete: bool,
    /// Keep the Cognito user pool, domain and app client (gateway topology).
    #[arg(long)]
    pub keep_cognito: bool,
    /// Print what would be deleted and delete nothing.
    #[arg(long)]
    pub dry_run: bool,
}
