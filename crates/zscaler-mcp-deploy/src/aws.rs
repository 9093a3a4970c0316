//! The AWS clients, one configuration for all, and what AWS errors mean to the user.

use std::future::Future;
use std::time::{Duration, Instant};

use aws_config::{BehaviorVersion, Region};
use aws_sdk_sts::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};

use crate::cli::Common;
use crate::error::{DeployError, Result};
use crate::policy::Scope;
use crate::settings::Lookup;
use crate::ui::Step;

pub struct Aws {
    pub scope: Scope,
    pub iam: aws_sdk_iam::Client,
    pub secrets: aws_sdk_secretsmanager::Client,
    pub ecs: aws_sdk_ecs::Client,
    pub ecr: aws_sdk_ecr::Client,
    pub logs: aws_sdk_cloudwatchlogs::Client,
    pub cognito: aws_sdk_cognitoidentityprovider::Client,
    pub control: aws_sdk_bedrockagentcorecontrol::Client,
    pub data: aws_sdk_bedrockagentcore::Client,
    pub pace: Pace,
}

/// The region: `--region`, then AWS_REGION / AWS_DEFAULT_REGION (environment or `.env`),
/// then the profile's.
pub async fn connect(common: &Common, lookup: &Lookup, region_hint: Option<&str>) -> Result<Aws> {
    let region = common
        .region
        .clone()
        .or_else(|| region_hint.map(str::to_owned))
        .or_else(|| lookup.get("AWS_REGION"))
        .or_else(|| lookup.get("AWS_DEFAULT_REGION"));
    let mut loader = aws_config::defaults(BehaviorVersion::latest());
    if let Some(region) = &region {
        loader = loader.region(Region::new(region.clone()));
    }
    if let Some(profile) = common.profile.clone().or_else(|| lookup.get("AWS_PROFILE")) {
        loader = loader.profile_name(profile);
    }
    let config = loader.load().await;
    let Some(region) = config.region().map(|r| r.to_string()) else {
        return Err(DeployError::settings(
            "no AWS region: pass --region, or set AWS_REGION (environment or .env)",
        ));
    };
    let sts = aws_sdk_sts::Client::new(&config);
    let identity = sts.get_caller_identity().send().await.map_err(|e| {
        DeployError::Credentials(format!(
            "{}\nhint: run `aws configure` or `aws sso login`, set AWS_PROFILE, or export \
             AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY; `aws sts get-caller-identity` must succeed",
            DisplayErrorContext(&e)
        ))
    })?;
    let account = identity
        .account()
        .ok_or_else(|| DeployError::Credentials("GetCallerIdentity returned no account".into()))?
        .to_owned();
    Ok(Aws {
        scope: Scope { region, account },
        iam: aws_sdk_iam::Client::new(&config),
        secrets: aws_sdk_secretsmanager::Client::new(&config),
        ecs: aws_sdk_ecs::Client::new(&config),
        ecr: aws_sdk_ecr::Client::new(&config),
        logs: aws_sdk_cloudwatchlogs::Client::new(&config),
        cognito: aws_sdk_cognitoidentityprovider::Client::new(&config),
        control: aws_sdk_bedrockagentcorecontrol::Client::new(&config),
        data: aws_sdk_bedrockagentcore::Client::new(&config),
        pace: Pace::from_env(),
    })
}

/// The error code AWS answered with, if it answered.
pub fn code<E: ProvideErrorMetadata, R>(err: &SdkError<E, R>) -> Option<&str> {
    match err {
        SdkError::ServiceError(e) => e.err().code(),
        _ => None,
    }
}

pub fn is_code<E: ProvideErrorMetadata, R>(err: &SdkError<E, R>, codes: &[&str]) -> bool {
    code(err).is_some_and(|c| codes.contains(&c))
}

pub const NOT_FOUND: &[&str] = &[
    "NoSuchEntity",
    "ResourceNotFoundException",
    "ResourceNotFound",
    "ServiceNotFoundException",
    "ClusterNotFoundException",
    "NotFoundException",
];

pub fn is_not_found<E: ProvideErrorMetadata, R>(err: &SdkError<E, R>) -> bool {
    is_code(err, NOT_FOUND)
}

/// Turns an SDK error into the tool's, with a hint for the failures users meet.
pub fn failed<E, R>(operation: &'static str, err: SdkError<E, R>) -> DeployError
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    R: std::fmt::Debug,
{
    let code = code(&err).map(str::to_owned);
    let message = match (&err, code.as_deref()) {
        (SdkError::ServiceError(e), Some(code)) => {
            format!("{code}: {}", e.err().message().unwrap_or("(no message)"))
        }
        _ => DisplayErrorContext(&err).to_string(),
    };
    let dispatch = matches!(
        err,
        SdkError::DispatchFailure(_) | SdkError::TimeoutError(_)
    );
    DeployError::Aws {
        operation,
        hint: hint(operation, code.as_deref(), dispatch),
        message,
    }
}

fn hint(operation: &str, code: Option<&str>, dispatch: bool) -> Option<String> {
    let agentcore = operation.starts_with("bedrock-agentcore");
    Some(match code {
        Some("AccessDenied" | "AccessDeniedException")
            if operation.contains("ExpressGatewayService") =>
        {
            "the deploying principal needs ecs:*ExpressGatewayService and iam:PassRole on the ECS \
             execution, infrastructure and task roles with the condition \
             iam:PassedToService = ecs.amazonaws.com"
                .into()
        }
        Some("AccessDenied" | "AccessDeniedException") if agentcore => {
            "add bedrock-agentcore-control:* and bedrock-agentcore:* (and iam:PassRole on the \
             roles deploy creates) to the deploying principal; Harness is a preview that must be \
             enabled for the account"
                .into()
        }
        Some("AccessDenied" | "AccessDeniedException") => {
            format!("the deploying principal is not allowed to call {operation}")
        }
        Some("MalformedPolicyDocument") => {
            "the account is not onboarded to AgentCore yet (bedrock-agentcore.amazonaws.com is \
             unknown to IAM): open AgentCore in the Bedrock console once to enable it"
                .into()
        }
        Some(
            "UnrecognizedClientException"
            | "InvalidClientTokenId"
            | "ExpiredToken"
            | "ExpiredTokenException",
        ) => "the AWS credentials are invalid or expired: refresh them (`aws sso login`) and retry"
            .into(),
        Some("ThrottlingException" | "Throttling" | "TooManyRequestsException") => {
            "AWS is throttling this account: wait a minute and run deploy again (it resumes)".into()
        }
        _ if dispatch && agentcore => {
            "AgentCore could not be reached in this region: Harness is a preview available in a \
             few regions (us-east-1 is the safest); pass --region"
                .into()
        }
        _ if dispatch => "AWS could not be reached: check the network, proxy and region".into(),
        _ => return None,
    })
}

/// Poll intervals; `ZSCALER_MCP_DEPLOY_POLL_MS` replaces every interval and pause (tests).
#[derive(Debug, Clone, Copy)]
pub struct Pace {
    fixed: Option<Duration>,
}

impl Pace {
    pub fn from_env() -> Self {
        Pace {
            fixed: std::env::var("ZSCALER_MCP_DEPLOY_POLL_MS")
                .ok()
                .and_then(|v| v.parse().ok())
                .map(Duration::from_millis),
        }
    }

    pub fn interval(&self, normal: Duration) -> Duration {
        self.fixed.unwrap_or(normal)
    }

    pub async fn pause(&self, normal: Duration) {
        tokio::time::sleep(self.interval(normal)).await;
    }
}

/// What one look at a resource found.
pub enum Poll<T> {
    Ready(T),
    /// Not yet; the text says what state it is in.
    Pending(String),
}

/// Looks every `every` until `probe` is ready, for at most `timeout`.
pub async fn wait_for<T, F, Fut>(
    pace: Pace,
    what: &str,
    timeout: Duration,
    every: Duration,
    step: Option<&Step>,
    mut probe: F,
) -> Result<T>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<Poll<T>>>,
{
    let started = Instant::now();
    loop {
        match probe().await? {
            Poll::Ready(value) => return Ok(value),
            Poll::Pending(status) => {
                if started.elapsed() >= timeout {
                    return Err(DeployError::Timeout {
                        what: format!("{what} (last status: {status})"),
                        seconds: timeout.as_secs(),
                    });
                }
                if let Some(step) = step {
                    step.update(&status);
                }
            }
        }
        pace.pause(every).await;
    }
}
