//! What the fake holds: Express services, harnesses, credential providers and invocations, plus
//! the snapshot tests assert on.

use std::time::{SystemTime, UNIX_EPOCH};

use rand::Rng;
use rand::distr::Alphanumeric;
use serde_json::{Map, Value, json};

use crate::FakeOptions;

/// All of the fake's resources, behind one lock (never held across an await).
pub(crate) struct State {
    pub(crate) options: FakeOptions,
    pub(crate) express: Vec<ExpressService>,
    pub(crate) harnesses: Vec<Harness>,
    pub(crate) providers: Vec<Provider>,
    pub(crate) invocations: Vec<Value>,
    pub(crate) images: Vec<crate::registry::Image>,
    pub(crate) registry_requests: Vec<Value>,
}

impl State {
    pub(crate) fn new(options: FakeOptions) -> State {
        State {
            options,
            express: Vec::new(),
            harnesses: Vec::new(),
            providers: Vec::new(),
            invocations: Vec::new(),
            images: Vec::new(),
            registry_requests: Vec::new(),
        }
    }

    pub(crate) fn snapshot(&self) -> Value {
        json!({
            "expressServices": self.express.iter().map(ExpressService::snapshot).collect::<Vec<_>>(),
            "harnesses": self.harnesses.iter().map(Harness::snapshot).collect::<Vec<_>>(),
            "credentialProviders": self.providers.iter().map(Provider::snapshot).collect::<Vec<_>>(),
            "invocations": self.invocations.clone(),
            "registryRequests": self.registry_requests.clone(),
        })
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ExpressStatus {
    Active,
    Draining,
    Inactive,
}

impl ExpressStatus {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            ExpressStatus::Active => "ACTIVE",
            ExpressStatus::Draining => "DRAINING",
            ExpressStatus::Inactive => "INACTIVE",
        }
    }
}

/// One ECS Express service.
pub(crate) struct ExpressService {
    pub(crate) region: String,
    pub(crate) cluster: String,
    pub(crate) name: String,
    pub(crate) arn: String,
    pub(crate) status: ExpressStatus,
    /// Polls left that still see DRAINING after a delete.
    pub(crate) drain_remaining: u32,
    /// Describe calls left before the PUBLIC endpoint shows.
    pub(crate) describes_until_public: u32,
    pub(crate) endpoint: String,
    pub(crate) infrastructure_role_arn: String,
    /// The current configuration: executionRoleArn, taskRoleArn, cpu, memory, cpuArchitecture,
    /// networkConfiguration, healthCheckPath, primaryContainer, scalingTarget.
    pub(crate) config: Map<String, Value>,
    pub(crate) task_definition_arn: String,
    /// Every task definition registered in moto for this service, oldest first.
    pub(crate) task_definition_arns: Vec<String>,
    pub(crate) service_revision_arn: String,
    pub(crate) deployment_arn: String,
    pub(crate) tags: Value,
    pub(crate) created_at: f64,
    pub(crate) updated_at: f64,
    pub(crate) revision_created_at: f64,
    pub(crate) update_count: u32,
}

impl ExpressService {
    /// Counts one poll against a DRAINING service: DRAINING while polls remain, then INACTIVE.
    pub(crate) fn poll_drain(&mut self) {
        if self.status == ExpressStatus::Draining {
            if self.drain_remaining == 0 {
                self.status = ExpressStatus::Inactive;
            } else {
                self.drain_remaining -= 1;
            }
        }
    }

    fn snapshot(&self) -> Value {
        let container = self.config.get("primaryContainer");
        json!({
            "name": self.name,
            "cluster": self.cluster,
            "region": self.region,
            "arn": self.arn,
            "status": self.status.as_str(),
            "image": container.and_then(|c| c.get("image")).cloned().unwrap_or(Value::Null),
            "environment": container.and_then(|c| c.get("environment")).cloned().unwrap_or(Value::Null),
            "secrets": container.and_then(|c| c.get("secrets")).cloned().unwrap_or(Value::Null),
            "containerPort": container.and_then(|c| c.get("containerPort")).cloned().unwrap_or(Value::Null),
            "healthCheckPath": self.config.get("healthCheckPath").cloned().unwrap_or(Value::Null),
            "cpuArchitecture": self.config.get("cpuArchitecture").cloned().unwrap_or(Value::Null),
            "cpu": self.config.get("cpu").cloned().unwrap_or(Value::Null),
            "memory": self.config.get("memory").cloned().unwrap_or(Value::Null),
            "executionRoleArn": self.config.get("executionRoleArn").cloned().unwrap_or(Value::Null),
            "taskRoleArn": self.config.get("taskRoleArn").cloned().unwrap_or(Value::Null),
            "infrastructureRoleArn": self.infrastructure_role_arn,
            "endpoint": self.endpoint,
            "taskDefinitionArn": self.task_definition_arn,
            "taskDefinitionArns": self.task_definition_arns,
            "tags": self.tags,
            "updateCount": self.update_count,
        })
    }
}

/// One AgentCore harness.
pub(crate) struct Harness {
    pub(crate) region: String,
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) arn: String,
    pub(crate) status: &'static str,
    /// Gets left that still see CREATING/UPDATING (or DELETING).
    pub(crate) polls_remaining: u32,
    pub(crate) version: u32,
    /// The create request as sent, with update requests merged in.
    pub(crate) request: Map<String, Value>,
    pub(crate) runtime_id: String,
    pub(crate) created_at: String,
    pub(crate) updated_at: String,
}

impl Harness {
    fn snapshot(&self) -> Value {
        json!({
            "harnessId": self.id,
            "harnessName": self.name,
            "arn": self.arn,
            "region": self.region,
            "status": self.status,
            "harnessVersion": self.version.to_string(),
            "request": Value::Object(self.request.clone()),
        })
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ProviderKind {
    ApiKey,
    Oauth2,
}

impl ProviderKind {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            ProviderKind::ApiKey => "apiKey",
            ProviderKind::Oauth2 => "oauth2",
        }
    }
}

/// One token-vault credential provider.
pub(crate) struct Provider {
    pub(crate) region: String,
    pub(crate) kind: ProviderKind,
    pub(crate) name: String,
    pub(crate) arn: String,
    pub(crate) secret_arn: String,
    pub(crate) callback_url: String,
    /// The create request as sent (update requests replace the configuration).
    pub(crate) request: Map<String, Value>,
    pub(crate) created: f64,
    pub(crate) updated: f64,
}

impl Provider {
    /// The vendor configuration object inside `oauth2ProviderConfigInput` (OAuth2 only).
    pub(crate) fn oauth2_config(&self) -> Option<&Map<String, Value>> {
        self.request
            .get("oauth2ProviderConfigInput")?
            .as_object()?
            .values()
            .next()?
            .as_object()
    }

    fn snapshot(&self) -> Value {
        let mut out = json!({
            "name": self.name,
            "kind": self.kind.as_str(),
            "region": self.region,
            "arn": self.arn,
            "secretArn": self.secret_arn,
        });
        match self.kind {
            ProviderKind::ApiKey => {
                out["apiKey"] = self.request.get("apiKey").cloned().unwrap_or(Value::Null);
                out["apiKeySecretConfig"] = self
                    .request
                    .get("apiKeySecretConfig")
                    .cloned()
                    .unwrap_or(Value::Null);
            }
            ProviderKind::Oauth2 => {
                let config = self.oauth2_config();
                let field = |key: &str| {
                    config
                        .and_then(|c| c.get(key))
                        .cloned()
                        .unwrap_or(Value::Null)
                };
                out["vendor"] = self
                    .request
                    .get("credentialProviderVendor")
                    .cloned()
                    .unwrap_or(Value::Null);
                out["clientId"] = field("clientId");
                out["clientSecret"] = field("clientSecret");
                out["discoveryUrl"] = config
                    .and_then(|c| c.get("oauthDiscovery"))
                    .and_then(|d| d.get("discoveryUrl"))
                    .cloned()
                    .unwrap_or(Value::Null);
                out["oauth2ProviderConfigInput"] = self
                    .request
                    .get("oauth2ProviderConfigInput")
                    .cloned()
                    .unwrap_or(Value::Null);
            }
        }
        out
    }
}

/// Seconds since the epoch (ECS and token-vault timestamps are epoch seconds on the wire).
pub(crate) fn now_epoch() -> f64 {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    // Millisecond precision, like the real services.
    (now.as_millis() as f64) / 1000.0
}

/// RFC 3339 date-time (harness timestamps are `date-time` strings on the wire).
pub(crate) fn now_rfc3339() -> String {
    aws_smithy_types::DateTime::from(SystemTime::now())
        .fmt(aws_smithy_types::date_time::Format::DateTime)
        .unwrap_or_else(|_| "1970-01-01T00:00:00Z".to_owned())
}

/// `len` random ASCII letters and digits.
pub(crate) fn random_alnum(len: usize) -> String {
    rand::rng()
        .sample_iter(Alphanumeric)
        .take(len)
        .map(char::from)
        .collect()
}

/// `len` random lower-case hex digits.
pub(crate) fn random_hex(len: usize) -> String {
    const HEX: &[u8] = b"0123456789abcdef";
    let mut rng = rand::rng();
    (0..len)
        .map(|_| char::from(HEX[rng.random_range(0..HEX.len())]))
        .collect()
}
