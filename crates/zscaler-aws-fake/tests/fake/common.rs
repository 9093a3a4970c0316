//! Start moto and the fake, build SDK configuration for them, make the roles the fake checks.

use std::future::Future;
use std::time::Duration;

use aws_config::BehaviorVersion;
use aws_config::SdkConfig;
use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use zscaler_aws_fake::{FakeAws, FakeOptions, Moto};

/// Moto, the fake in front of it, and SDK configuration pointing at the fake.
pub struct Env {
    // Dropped in this order: the fake, then moto.
    pub fake: FakeAws,
    pub moto: Moto,
    pub config: SdkConfig,
}

impl Env {
    pub async fn start(options: FakeOptions) -> Env {
        let moto = Moto::start(&[]);
        let fake = FakeAws::start(&moto.url, options);
        let config = aws_config::defaults(BehaviorVersion::latest())
            .endpoint_url(&fake.url)
            .region("us-east-1")
            .test_credentials()
            .retry_config(RetryConfig::standard().with_max_attempts(1))
            .timeout_config(
                TimeoutConfig::builder()
                    .operation_timeout(Duration::from_secs(30))
                    .build(),
            )
            .load()
            .await;
        Env { fake, moto, config }
    }

    pub fn ecs(&self) -> aws_sdk_ecs::Client {
        aws_sdk_ecs::Client::new(&self.config)
    }

    pub fn iam(&self) -> aws_sdk_iam::Client {
        aws_sdk_iam::Client::new(&self.config)
    }

    pub fn control(&self) -> aws_sdk_bedrockagentcorecontrol::Client {
        aws_sdk_bedrockagentcorecontrol::Client::new(&self.config)
    }

    pub fn data(&self) -> aws_sdk_bedrockagentcore::Client {
        aws_sdk_bedrockagentcore::Client::new(&self.config)
    }

    /// Creates an IAM role in moto (through the fake) and returns its ARN.
    pub async fn role(&self, name: &str, service: &str) -> String {
        let policy = serde_json::json!({
            "Version": "2012-10-17",
            "Statement": [{
                "Effect": "Allow",
                "Principal": { "Service": service },
                "Action": "sts:AssumeRole",
            }],
        });
        self.iam()
            .create_role()
            .role_name(name)
            .assume_role_policy_document(policy.to_string())
            .send()
            .await
            .expect("create role in moto")
            .role()
            .expect("role in answer")
            .arn()
            .to_owned()
    }
}

/// Runs a test body with an overall bound, so a hang fails instead of blocking the suite.
pub async fn bounded<F: Future<Output = ()>>(body: F) {
    tokio::time::timeout(Duration::from_secs(240), body)
        .await
        .expect("test did not finish within 240 s");
}
