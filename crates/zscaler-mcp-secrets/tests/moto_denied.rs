//! moto enforcing IAM: a role without `secretsmanager:GetSecretValue` is refused, and the
//! start-up error is the IAM statement to grant.

use zscaler_aws_fake::Moto;
use zscaler_mcp_secrets::aws::AwsSecret;

#[test]
fn access_denied_names_the_statement_to_grant() {
    // The first calls (create user, access key, secret) are let through without credentials.
    let moto = Moto::start(&[("INITIAL_NO_AUTH_ACTION_COUNT", "3")]);
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let (key_id, secret) = runtime.block_on(async {
        let http = reqwest::Client::new();
        let call = |action: &'static str| {
            let http = http.clone();
            let url = moto.url.clone();
            async move {
                http.post(&url)
                    .header(
                        "authorization",
                        "AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE/20260101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0",
                    )
                    .form(&[("Action", action), ("UserName", "reader"), ("Version", "2010-05-08")])
                    .send()
                    .await
                    .unwrap()
                    .text()
                    .await
                    .unwrap()
            }
        };
        call("CreateUser").await;
        let keys = call("CreateAccessKey").await;
        let field = |name: &str| {
            let start = keys.find(&format!("<{name}>")).unwrap() + name.len() + 2;
            let end = keys[start..].find('<').unwrap() + start;
            keys[start..end].to_owned()
        };
        let config = aws_config::defaults(aws_config::BehaviorVersion::latest())
            .endpoint_url(&moto.url)
            .region(aws_config::Region::new("us-east-1"))
            .test_credentials()
            .load()
            .await;
        aws_sdk_secretsmanager::Client::new(&config)
            .create_secret()
            .name("locked")
            .secret_string(r#"{"ZSCALER_CLIENT_ID":"a","ZSCALER_CLIENT_SECRET":"b"}"#)
            .send()
            .await
            .unwrap();
        (field("AccessKeyId"), field("SecretAccessKey"))
    });
    let denied = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .endpoint_url(&moto.url)
        .region(aws_config::Region::new("us-east-1"))
        .credentials_provider(aws_sdk_secretsmanager::config::Credentials::new(
            key_id,
            secret.clone(),
            None,
            None,
            "test",
        ))
        .retry_config(aws_config::retry::RetryConfig::standard().with_max_attempts(1));
    let err = runtime
        .block_on(
            AwsSecret::new("locked".into(), None)
                .unwrap()
                .load_with(denied),
        )
        .unwrap_err()
        .to_string();
    assert!(err.contains("access denied"), "{err}");
    assert!(
        err.contains("secretsmanager:GetSecretValue")
            && err.contains("arn:aws:secretsmanager:us-east-1:<account-id>:secret:locked-??????"),
        "{err}"
    );
    assert!(!err.contains(&secret), "{err}");
}
