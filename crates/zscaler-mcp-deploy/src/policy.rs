//! IAM documents: who may assume each role and what each role may do.
//!
//! The harness execution role carries every grant AWS requires; a missing one surfaces only at
//! invocation time as "Failed to start MCP client … TaskGroup", so they are all listed here and
//! tested.

use serde_json::{Value, json};

/// Where a document applies: the region and account of the deployment.
#[derive(Debug, Clone)]
pub struct Scope {
    pub region: String,
    pub account: String,
}

impl Scope {
    fn agentcore(&self, resource: &str) -> String {
        format!(
            "arn:aws:bedrock-agentcore:{}:{}:{resource}",
            self.region, self.account
        )
    }
}

fn statement(sid: &str, actions: &[&str], resources: Vec<String>) -> Value {
    json!({"Sid": sid, "Effect": "Allow", "Action": actions, "Resource": resources})
}

fn document(statements: Vec<Value>) -> Value {
    json!({"Version": "2012-10-17", "Statement": statements})
}

/// Trust for a service principal, limited to this account.
pub fn trust(service: &str, scope: &Scope) -> Value {
    document(vec![json!({
        "Effect": "Allow",
        "Principal": {"Service": service},
        "Action": "sts:AssumeRole",
        "Condition": {"StringEquals": {"aws:SourceAccount": scope.account}}
    })])
}

/// ECS does not send `aws:SourceAccount` for the infrastructure role, so its trust is plain.
pub fn trust_unconditioned(service: &str) -> Value {
    document(vec![json!({
        "Effect": "Allow",
        "Principal": {"Service": service},
        "Action": "sts:AssumeRole"
    })])
}

fn kms_via_secrets_manager(scope: &Scope, sid: &str) -> Value {
    json!({
        "Sid": sid,
        "Effect": "Allow",
        "Action": ["kms:Decrypt"],
        "Resource": "*",
        "Condition": {"StringEquals": {
            "kms:ViaService": format!("secretsmanager.{}.amazonaws.com", scope.region)
        }}
    })
}

/// Read the Zscaler credentials secret (`resource`: its ARN, or `…:secret:<name>-??????`).
pub fn read_secret(scope: &Scope, resource: &str) -> Value {
    document(vec![
        statement(
            "ReadZscalerCredentialsSecret",
            &["secretsmanager:GetSecretValue"],
            vec![resource.to_owned()],
        ),
        kms_via_secrets_manager(scope, "DecryptZscalerCredentialsSecret"),
    ])
}

/// The ARN pattern of a secret not created yet: the 6-character suffix Secrets Manager adds
/// (`-??????` rather than `-*`, which would also match `<name>-other-abcdef`).
pub fn secret_pattern(scope: &Scope, name: &str) -> String {
    format!(
        "arn:aws:secretsmanager:{}:{}:secret:{name}-??????",
        scope.region, scope.account
    )
}

/// Pulling the image from another account's ECR (the Marketplace registry, a shared one).
pub fn ecr_pull(registry: &EcrImage) -> Value {
    document(vec![
        statement(
            "PullImage",
            &[
                "ecr:BatchGetImage",
                "ecr:GetDownloadUrlForLayer",
                "ecr:BatchCheckLayerAvailability",
            ],
            vec![format!(
                "arn:aws:ecr:{}:{}:repository/{}",
                registry.region, registry.account, registry.repository
            )],
        ),
        statement("EcrToken", &["ecr:GetAuthorizationToken"], vec!["*".into()]),
    ])
}

/// An image in a private ECR registry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EcrImage {
    pub account: String,
    pub region: String,
    pub repository: String,
}

impl EcrImage {
    /// `<account>.dkr.ecr.<region>.amazonaws.com/<repository>[:tag|@digest]`.
    pub fn parse(uri: &str) -> Option<EcrImage> {
        let image = crate::image::ImageRef::parse(uri)?;
        let mut parts = image.registry.split('.');
        let account = parts.next()?;
        if parts.next()? != "dkr" || parts.next()? != "ecr" {
            return None;
        }
        let region = parts.next()?;
        if account.len() != 12 || !account.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let repository = image.repository;
        Some(EcrImage {
            account: account.to_owned(),
            region: region.to_owned(),
            repository,
        })
    }
}

/// What the harness execution role needs, mirroring AWS's published harness policy.
pub struct HarnessGrants<'a> {
    pub harness_name: &'a str,
    pub api_key_provider: &'a str,
    pub oauth2_provider: &'a str,
    /// The gateway the harness calls with SigV4 (gateway topology, IAM auth).
    pub gateway_name: Option<&'a str>,
}

pub fn harness_execution(scope: &Scope, grants: &HarnessGrants) -> Value {
    let a = |r: &str| scope.agentcore(r);
    let mut statements = vec![
        statement(
            "InvokeModel",
            &[
                "bedrock:InvokeModel",
                "bedrock:InvokeModelWithResponseStream",
                "bedrock:Converse",
                "bedrock:ConverseStream",
            ],
            vec![
                "arn:aws:bedrock:*::foundation-model/*".into(),
                format!("arn:aws:bedrock:*:{}:inference-profile/*", scope.account),
                format!(
                    "arn:aws:bedrock:*:{}:application-inference-profile/*",
                    scope.account
                ),
            ],
        ),
        // The managed runtime under the harness pulls its own image from ECR Public.
        statement(
            "PullHarnessRuntime",
            &[
                "ecr-public:GetAuthorizationToken",
                "sts:GetServiceBearerToken",
            ],
            vec!["*".into()],
        ),
        statement(
            "Tracing",
            &[
                "xray:PutTraceSegments",
                "xray:PutTelemetryRecords",
                "xray:GetSamplingRules",
                "xray:GetSamplingTargets",
            ],
            vec!["*".into()],
        ),
        json!({
            "Sid": "Metrics",
            "Effect": "Allow",
            "Action": ["cloudwatch:PutMetricData"],
            "Resource": "*",
            "Condition": {"StringEquals": {"cloudwatch:namespace": "bedrock-agentcore"}}
        }),
        runtime_logs(scope),
        statement(
            "WorkloadAccessToken",
            &[
                "bedrock-agentcore:GetWorkloadAccessToken",
                "bedrock-agentcore:GetWorkloadAccessTokenForJWT",
                "bedrock-agentcore:GetWorkloadAccessTokenForUserId",
            ],
            vec![
                a("workload-identity-directory/default"),
                a(&format!(
                    "workload-identity-directory/default/workload-identity/harness_{}-*",
                    grants.harness_name
                )),
            ],
        ),
        // Identity checks each of these ARNs separately, and IAM matches ARNs exactly: the
        // vault root does not cover the providers under it.
        statement(
            "ResolveTokenVaultCredentials",
            &[
                "bedrock-agentcore:GetResourceApiKey",
                "bedrock-agentcore:GetResourceOauth2Token",
            ],
            vec![
                a("workload-identity-directory/default"),
                a(&format!(
                    "workload-identity-directory/default/workload-identity/harness_{}-*",
                    grants.harness_name
                )),
                a("token-vault/default"),
                a(&format!(
                    "token-vault/default/apikeycredentialprovider/{}",
                    grants.api_key_provider
                )),
                a(&format!(
                    "token-vault/default/oauth2credentialprovider/{}",
                    grants.oauth2_provider
                )),
            ],
        ),
        statement(
            "TokenVaultSecrets",
            &["secretsmanager:GetSecretValue"],
            vec![format!(
                "arn:aws:secretsmanager:{}:{}:secret:bedrock-agentcore-identity*",
                scope.region, scope.account
            )],
        ),
        kms_via_secrets_manager(scope, "TokenVaultDecrypt"),
    ];
    if let Some(gateway) = grants.gateway_name {
        statements.push(statement(
            "InvokeGateway",
            &["bedrock-agentcore:InvokeGateway"],
            vec![a(&format!("gateway/{gateway}-*"))],
        ));
    }
    document(statements)
}

fn runtime_logs(scope: &Scope) -> Value {
    statement(
        "RuntimeLogs",
        &[
            "logs:CreateLogGroup",
            "logs:CreateLogStream",
            "logs:PutLogEvents",
            "logs:DescribeLogStreams",
            "logs:DescribeLogGroups",
        ],
        vec![
            format!(
                "arn:aws:logs:{}:{}:log-group:/aws/bedrock-agentcore/runtimes/*",
                scope.region, scope.account
            ),
            format!(
                "arn:aws:logs:{}:{}:log-group:/aws/bedrock-agentcore/runtimes/*:log-stream:*",
                scope.region, scope.account
            ),
            format!(
                "arn:aws:logs:{}:{}:log-group:*",
                scope.region, scope.account
            ),
        ],
    )
}

/// The AgentCore Runtime running the server: its image, its logs, its secret.
pub fn runtime_execution(
    scope: &Scope,
    runtime_name: &str,
    image: Option<&EcrImage>,
    secret: Option<&str>,
) -> Value {
    let mut statements = Vec::new();
    if let Some(image) = image {
        statements.push(statement(
            "PullImage",
            &["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
            vec![format!(
                "arn:aws:ecr:{}:{}:repository/{}",
                image.region, image.account, image.repository
            )],
        ));
        statements.push(statement(
            "EcrToken",
            &["ecr:GetAuthorizationToken"],
            vec!["*".into()],
        ));
    }
    statements.push(runtime_logs(scope));
    statements.push(statement(
        "Tracing",
        &["xray:PutTraceSegments", "xray:PutTelemetryRecords"],
        vec!["*".into()],
    ));
    statements.push(json!({
        "Sid": "Metrics",
        "Effect": "Allow",
        "Action": ["cloudwatch:PutMetricData"],
        "Resource": "*",
        "Condition": {"StringEquals": {"cloudwatch:namespace": "bedrock-agentcore"}}
    }));
    statements.push(statement(
        "WorkloadAccessToken",
        &[
            "bedrock-agentcore:GetWorkloadAccessToken",
            "bedrock-agentcore:GetWorkloadAccessTokenForJWT",
        ],
        vec![
            scope.agentcore("workload-identity-directory/default"),
            scope.agentcore(&format!(
                "workload-identity-directory/default/workload-identity/{runtime_name}-*"
            )),
        ],
    ));
    if let Some(secret) = secret {
        statements.push(statement(
            "ReadZscalerCredentialsSecret",
            &["secretsmanager:GetSecretValue"],
            vec![secret.to_owned()],
        ));
        statements.push(kms_via_secrets_manager(
            scope,
            "DecryptZscalerCredentialsSecret",
        ));
    }
    document(statements)
}

/// The gateway's role: invoke the runtime, and (Cognito) fetch the outbound token.
pub fn gateway_service(
    scope: &Scope,
    gateway_name: &str,
    runtime_name: &str,
    oauth2_provider: Option<&str>,
) -> Value {
    let a = |r: &str| scope.agentcore(r);
    let mut statements = vec![statement(
        "InvokeRuntime",
        &["bedrock-agentcore:InvokeAgentRuntime"],
        vec![
            a(&format!("runtime/{runtime_name}-*")),
            a(&format!("runtime/{runtime_name}-*/runtime-endpoint/*")),
        ],
    )];
    if let Some(provider) = oauth2_provider {
        statements.push(statement(
            "OutboundToken",
            &[
                "bedrock-agentcore:GetResourceOauth2Token",
                "bedrock-agentcore:GetWorkloadAccessToken",
            ],
            vec![
                a("workload-identity-directory/default"),
                a(&format!(
                    "workload-identity-directory/default/workload-identity/{gateway_name}-*"
                )),
                a("token-vault/default"),
                a(&format!(
                    "token-vault/default/oauth2credentialprovider/{provider}"
                )),
            ],
        ));
        statements.push(statement(
            "TokenVaultSecrets",
            &["secretsmanager:GetSecretValue"],
            vec![format!(
                "arn:aws:secretsmanager:{}:{}:secret:bedrock-agentcore-identity*",
                scope.region, scope.account
            )],
        ));
        statements.push(kms_via_secrets_manager(scope, "TokenVaultDecrypt"));
    }
    document(statements)
}

pub const ECS_TASK_EXECUTION_POLICY: &str =
    "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy";
pub const ECS_EXPRESS_INFRASTRUCTURE_POLICY: &str =
    "arn:aws:iam::aws:policy/service-role/AmazonECSInfrastructureRoleforExpressGatewayServices";

#[cfg(test)]
mod tests {
    use super::*;

    fn scope() -> Scope {
        Scope {
            region: "us-east-1".into(),
            account: "123456789012".into(),
        }
    }

    fn statement_named<'a>(doc: &'a Value, sid: &str) -> &'a Value {
        doc["Statement"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["Sid"] == sid)
            .unwrap_or_else(|| panic!("no statement {sid}"))
    }

    #[test]
    fn the_harness_role_carries_every_grant_aws_requires() {
        let doc = harness_execution(
            &scope(),
            &HarnessGrants {
                harness_name: "zscaler_mcp_harness",
                api_key_provider: "zscaler-mcp-creds",
                oauth2_provider: "zscaler-mcp-cognito-oauth",
                gateway_name: None,
            },
        );
        let actions: Vec<String> = doc["Statement"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|s| s["Action"].as_array().unwrap().clone())
            .map(|a| a.as_str().unwrap().to_owned())
            .collect();
        for needed in [
            "bedrock:InvokeModel",
            "bedrock:Converse",
            "ecr-public:GetAuthorizationToken",
            "sts:GetServiceBearerToken",
            "xray:PutTraceSegments",
            "cloudwatch:PutMetricData",
            "logs:PutLogEvents",
            "bedrock-agentcore:GetWorkloadAccessToken",
            "bedrock-agentcore:GetResourceApiKey",
            "bedrock-agentcore:GetResourceOauth2Token",
            "secretsmanager:GetSecretValue",
            "kms:Decrypt",
        ] {
            assert!(actions.iter().any(|a| a == needed), "missing {needed}");
        }
        let vault = statement_named(&doc, "ResolveTokenVaultCredentials");
        let resources: Vec<&str> = vault["Resource"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r.as_str().unwrap())
            .collect();
        let prefix = "arn:aws:bedrock-agentcore:us-east-1:123456789012:";
        assert_eq!(
            resources,
            vec![
                format!("{prefix}workload-identity-directory/default"),
                format!(
                    "{prefix}workload-identity-directory/default/workload-identity/harness_zscaler_mcp_harness-*"
                ),
                format!("{prefix}token-vault/default"),
                format!("{prefix}token-vault/default/apikeycredentialprovider/zscaler-mcp-creds"),
                format!(
                    "{prefix}token-vault/default/oauth2credentialprovider/zscaler-mcp-cognito-oauth"
                ),
            ]
        );
        let metrics = statement_named(&doc, "Metrics");
        assert_eq!(
            metrics["Condition"]["StringEquals"]["cloudwatch:namespace"],
            "bedrock-agentcore"
        );
        let kms = statement_named(&doc, "TokenVaultDecrypt");
        assert_eq!(
            kms["Condition"]["StringEquals"]["kms:ViaService"],
            "secretsmanager.us-east-1.amazonaws.com"
        );
        assert!(
            doc["Statement"]
                .as_array()
                .unwrap()
                .iter()
                .all(|s| s["Sid"] != "InvokeGateway")
        );
    }

    #[test]
    fn ecr_image_uris_are_parsed_and_others_are_not() {
        assert_eq!(
            EcrImage::parse("709825985650.dkr.ecr.us-east-1.amazonaws.com/zscaler/mcp:1.2"),
            Some(EcrImage {
                account: "709825985650".into(),
                region: "us-east-1".into(),
                repository: "zscaler/mcp".into()
            })
        );
        assert_eq!(
            EcrImage::parse("123456789012.dkr.ecr.eu-west-1.amazonaws.com/mcp@sha256:ab")
                .unwrap()
                .repository,
            "mcp"
        );
        assert_eq!(
            EcrImage::parse("ghcr.io/zscaler-mcp-rs/zscaler-mcp:0.1.0"),
            None
        );
        assert_eq!(EcrImage::parse("public.ecr.aws/x/y:1"), None);
    }

    #[test]
    fn a_secret_not_created_yet_is_matched_by_its_six_character_suffix_only() {
        assert_eq!(
            secret_pattern(&scope(), "zscaler-mcp-harness/credentials"),
            "arn:aws:secretsmanager:us-east-1:123456789012:secret:zscaler-mcp-harness/credentials-??????"
        );
    }
}
