//! Credentials from AWS Secrets Manager through the binary, against a real moto server and the
//! emulated tenant, steered only by the environment as an operator would: the secret's values
//! override the environment, a rotated secret is picked up on ZIdentity's refusal without a
//! restart, and a missing secret stops the start-up with a hint.

mod common;

use std::process::Stdio;

use common::{StdioServer, initialize, zscaler_mcp};
use serde_json::{Value, json};
use zscaler_aws_fake::Moto;
use zscaler_emulator::{DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, DEMO_CUSTOMER_ID};

async fn put_secret(url: &str, name: &str, value: &Value, create: bool) {
    let config = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .endpoint_url(url)
        .region(aws_config::Region::new("us-east-1"))
        .test_credentials()
        .load()
        .await;
    let client = aws_sdk_secretsmanager::Client::new(&config);
    if create {
        client
            .create_secret()
            .name(name)
            .secret_string(value.to_string())
            .send()
            .await
            .unwrap();
    } else {
        client
            .put_secret_value()
            .secret_id(name)
            .secret_string(value.to_string())
            .send()
            .await
            .unwrap();
    }
}

/// The server on stdio with its credentials in secret `name`, pointed at `tenant`; the
/// environment holds a wrong secret, which the secret store's value must override.
fn start(moto: &Moto, tenant: &zscaler_emulator::RunningEmulator, name: &str) -> StdioServer {
    let mut command = zscaler_mcp();
    command
        .args(["--no-entitlement-filter"])
        .env("ZSCALER_SECRET_NAME", name)
        .env("ZSCALER_CLIENT_ID", "env-client")
        .env("ZSCALER_CLIENT_SECRET", "env-secret-that-must-lose")
        .env("ZSCALER_MCP_TOKEN_URL", tenant.token_url())
        .env("ZSCALER_MCP_API_BASE_URL", tenant.base_url())
        .env("AWS_ENDPOINT_URL_SECRETS_MANAGER", &moto.url)
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_REGION", "us-east-1")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env_remove("AWS_PROFILE");
    let mut server = StdioServer::spawn(command);
    server.send(initialize("2025-11-25"));
    assert!(server.recv()["result"]["serverInfo"].is_object());
    server.send(json!({"jsonrpc": "2.0", "method": "notifications/initialized"}));
    server
}

fn call(server: &mut StdioServer, id: u64, name: &str) -> Value {
    server.send(json!({"jsonrpc": "2.0", "id": id, "method": "tools/call",
        "params": {"name": name, "arguments": {}}}));
    server.recv()["result"].clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn credentials_come_from_the_secret_and_rotate_without_a_restart() {
    let moto = Moto::start(&[]);
    let tenant = zscaler_emulator::spawn(zscaler_emulator::EmulatorConfig::demo(3))
        .await
        .unwrap();
    put_secret(
        &moto.url,
        "zscaler/mcp",
        &json!({"ZSCALER_CLIENT_ID": DEMO_CLIENT_ID, "ZSCALER_CLIENT_SECRET": DEMO_CLIENT_SECRET,
            "ZSCALER_CUSTOMER_ID": DEMO_CUSTOMER_ID}),
        true,
    )
    .await;
    let mut server = start(&moto, &tenant, "zscaler/mcp");
    let status = call(&mut server, 2, "zia_get_activation_status");
    assert_eq!(status["isError"], json!(false), "{status}");
    // ZSCALER_CUSTOMER_ID came from the secret too.
    let groups = call(&mut server, 3, "zpa_list_segment_groups");
    assert_eq!(groups["isError"], json!(false), "{groups}");
    drop(server);

    // Rotation: the server starts with a secret ZIdentity refuses; the secret is rotated; the
    // next call is refused once, re-reads the secret and succeeds.
    put_secret(
        &moto.url,
        "zscaler/rotating",
        &json!({"ZSCALER_CLIENT_ID": DEMO_CLIENT_ID, "ZSCALER_CLIENT_SECRET": "revoked-secret"}),
        true,
    )
    .await;
    let mut server = start(&moto, &tenant, "zscaler/rotating");
    put_secret(
        &moto.url,
        "zscaler/rotating",
        &json!({"ZSCALER_CLIENT_ID": DEMO_CLIENT_ID, "ZSCALER_CLIENT_SECRET": DEMO_CLIENT_SECRET}),
        false,
    )
    .await;
    let status = call(&mut server, 2, "zia_get_activation_status");
    assert_eq!(status["isError"], json!(false), "{status}");
    let refused = tenant
        .requests()
        .iter()
        .filter(|r| r.path.ends_with("/oauth2/v1/token") && r.status == 401)
        .count();
    assert_eq!(refused, 1, "one refusal, then the rotated secret");
    tenant.shutdown().await;
}

#[test]
fn a_missing_secret_stops_the_start_up_with_a_hint() {
    let moto = Moto::start(&[]);
    let output = zscaler_mcp()
        .args(["--debug"])
        .env("ZSCALER_SECRET_NAME", "no/such/secret")
        .env("ZSCALER_CLIENT_SECRET", "env-secret-value-9d1")
        .env("AWS_ENDPOINT_URL_SECRETS_MANAGER", &moto.url)
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing-aws-secret-77")
        .env("AWS_REGION", "eu-west-3")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("`no/such/secret`"), "{stderr}");
    assert!(
        stderr.contains("does not exist in region eu-west-3"),
        "{stderr}"
    );
    assert!(stderr.contains("ZSCALER_SECRET_ARN"), "{stderr}");
    for secret in ["env-secret-value-9d1", "testing-aws-secret-77"] {
        assert!(!stderr.contains(secret), "{secret} leaked: {stderr}");
    }
    assert!(output.stdout.is_empty());
}
