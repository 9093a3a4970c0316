//! AWS Secrets Manager against a real moto server on 127.0.0.1 (installed by
//! `scripts/install-peers.sh` into `$ZSCALER_MCP_PEERS/moto`): loading, the allowlist, the
//! region from an ARN, each failure's hint, and re-reading a rotated secret.
//!
//! The SDK configuration is given explicitly (`AwsSecret::load_with`); the binary's tests
//! steer the same code through the environment, as an operator would.

use std::net::TcpListener;

use zscaler_aws_fake::Moto;

use aws_sdk_secretsmanager::primitives::Blob;
use zscaler_mcp_secrets::aws::AwsSecret;
use zscaler_mcp_secrets::{Loaded, SecretsError};
use zscaler_oneapi::Credentials;

/// The SDK configuration of a server in `region` talking to `url`.
fn sdk(url: &str, region: &str) -> aws_config::ConfigLoader {
    aws_config::defaults(aws_config::BehaviorVersion::latest())
        .endpoint_url(url)
        .region(aws_config::Region::new(region.to_owned()))
        .test_credentials()
        .retry_config(aws_config::retry::RetryConfig::standard().with_max_attempts(1))
}

async fn load(url: &str, id: &str) -> Result<Loaded, SecretsError> {
    AwsSecret::new(id.to_owned(), None)
        .unwrap()
        .load_with(sdk(url, "us-east-1"))
        .await
}

async fn admin(url: &str, region: &str) -> aws_sdk_secretsmanager::Client {
    aws_sdk_secretsmanager::Client::new(&sdk(url, region).load().await)
}

fn read_error(result: Result<Loaded, SecretsError>) -> String {
    match result {
        Err(e @ SecretsError::Read { .. }) => e.to_string(),
        other => panic!("expected a read error, got {other:?}"),
    }
}

#[test]
fn secrets_manager_through_moto() {
    let moto = Moto::start(&[]);
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let east = admin(&moto.url, "us-east-1").await;
        east.create_secret()
            .name("zscaler/prod")
            .secret_string(
                r#"{"ZSCALER_CLIENT_ID":"cid","ZSCALER_CLIENT_SECRET":"s3cret-one","ZSCALER_VANITY_DOMAIN":"acme","ZSCALER_CUSTOMER_ID":216196257331281920,"SLACK_TOKEN":"not-ours"}"#,
            )
            .send()
            .await
            .unwrap();

        // Allowlisted keys are applied, others named; numbers become text.
        let loaded = load(&moto.url, "zscaler/prod").await.unwrap();
        assert_eq!(loaded.values["ZSCALER_CLIENT_SECRET"], "s3cret-one");
        assert_eq!(loaded.values["ZSCALER_CUSTOMER_ID"], "216196257331281920");
        assert_eq!(loaded.ignored, ["SLACK_TOKEN"]);
        assert!(!format!("{loaded:?}").contains("s3cret-one"));

        // A secret in another region: by ARN it is found (the ARN's region wins over
        // AWS_REGION); by name it is looked for in AWS_REGION, and the hint says so.
        let west = admin(&moto.url, "us-west-2").await;
        let arn = west
            .create_secret()
            .name("zscaler/west")
            .secret_string(r#"{"ZSCALER_CLIENT_ID":"w","ZSCALER_CLIENT_SECRET":"x"}"#)
            .send()
            .await
            .unwrap()
            .arn()
            .unwrap()
            .to_owned();
        assert_eq!(load(&moto.url, &arn).await.unwrap().values["ZSCALER_CLIENT_ID"], "w");
        let missing = read_error(load(&moto.url, "zscaler/west").await);
        assert!(missing.contains("does not exist in region us-east-1"), "{missing}");
        assert!(missing.contains("ZSCALER_SECRET_ARN"), "{missing}");

        // Binary data, a string that is not a JSON object, and nothing usable.
        east.create_secret()
            .name("binary")
            .secret_binary(Blob::new(b"\x00\x01".to_vec()))
            .send()
            .await
            .unwrap();
        let err = load(&moto.url, "binary").await.unwrap_err().to_string();
        assert!(err.contains("SecretBinary"), "{err}");
        east.create_secret()
            .name("plain")
            .secret_string("hunter2-plain-text")
            .send()
            .await
            .unwrap();
        let err = load(&moto.url, "plain").await.unwrap_err().to_string();
        assert!(err.contains("not a JSON object"), "{err}");
        assert!(!err.contains("hunter2"), "{err}");
        east.create_secret()
            .name("unrelated")
            .secret_string(r#"{"DATABASE_URL":"postgres://x"}"#)
            .send()
            .await
            .unwrap();
        let err = load(&moto.url, "unrelated").await.unwrap_err().to_string();
        assert!(err.contains("none of the variables"), "{err}");

        // Scheduled for deletion.
        east.create_secret()
            .name("doomed")
            .secret_string(r#"{"ZSCALER_CLIENT_ID":"d","ZSCALER_CLIENT_SECRET":"d"}"#)
            .send()
            .await
            .unwrap();
        east.delete_secret()
            .secret_id("doomed")
            .recovery_window_in_days(7)
            .send()
            .await
            .unwrap();
        let err = read_error(load(&moto.url, "doomed").await);
        assert!(err.contains("restore-secret"), "{err}");

        // Rotation: reading again gives the secret's current credentials.
        east.put_secret_value()
            .secret_id("zscaler/prod")
            .secret_string(r#"{"ZSCALER_CLIENT_ID":"cid","ZSCALER_CLIENT_SECRET":"s3cret-two"}"#)
            .send()
            .await
            .unwrap();
        let rotated = load(&moto.url, "zscaler/prod").await.unwrap().credentials();
        assert_eq!(rotated, Some(Credentials::secret("cid", "s3cret-two")));
    });

    // Nothing listening: the hint names the network path.
    let closed = TcpListener::bind("127.0.0.1:0").unwrap();
    let closed_url = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let err = runtime.block_on(load(&closed_url, "zscaler/prod"));
    let err = read_error(err);
    assert!(
        err.contains("unreachable") && err.contains("VPC endpoint"),
        "{err}"
    );
}
