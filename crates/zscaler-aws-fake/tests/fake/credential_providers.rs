//! Token-vault API-key and OAuth2 credential providers through `aws-sdk-bedrockagentcorecontrol`.

use aws_sdk_bedrockagentcorecontrol::types::{
    CredentialProviderVendorType, CustomOauth2ProviderConfigInput, Oauth2Discovery,
    Oauth2ProviderConfigInput, Oauth2ProviderConfigOutput, SecretSourceType,
};
use zscaler_aws_fake::FakeOptions;

use crate::common::{Env, bounded};

const API_KEY: &str = "Basic c2VjcmV0LWtleS12YWx1ZQ==";
const CLIENT_SECRET: &str = "client-secret-value-123";

fn custom_oauth2(client_id: &str, discovery: &str) -> Oauth2ProviderConfigInput {
    Oauth2ProviderConfigInput::CustomOauth2ProviderConfig(
        CustomOauth2ProviderConfigInput::builder()
            .oauth_discovery(Oauth2Discovery::DiscoveryUrl(discovery.to_owned()))
            .client_id(client_id)
            .client_secret(CLIENT_SECRET)
            .build(),
    )
}

/// The raw answer to one control-plane call, to check what is (not) on the wire.
async fn raw(url: &str, operation: &str, body: serde_json::Value) -> String {
    reqwest::Client::builder()
        .no_proxy()
        .build()
        .expect("client")
        .post(format!("{url}/identities/{operation}"))
        .header(
            "authorization",
            "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/bedrock-agentcore/aws4_request, SignedHeaders=host, Signature=00",
        )
        .header("content-type", "application/json")
        .body(body.to_string())
        .send()
        .await
        .expect("raw call")
        .text()
        .await
        .expect("raw body")
}

#[tokio::test]
async fn api_key_and_oauth2_providers() {
    bounded(async {
        let env = Env::start(FakeOptions::default()).await;
        let control = env.control();

        // API key: create, duplicate, get, update, list, delete.
        let created = control
            .create_api_key_credential_provider()
            .name("zs-mcp-key")
            .api_key(API_KEY)
            .send()
            .await
            .expect("create api key provider");
        assert_eq!(
            created.credential_provider_arn(),
            "arn:aws:bedrock-agentcore:us-east-1:123456789012:token-vault/default/apikeycredentialprovider/zs-mcp-key"
        );
        let secret_arn = created.api_key_secret_arn().map(|s| s.secret_arn()).expect("secret arn").to_owned();
        assert!(
            secret_arn.starts_with(
                "arn:aws:secretsmanager:us-east-1:123456789012:secret:bedrock-agentcore-identity!default/apikey/zs-mcp-key-"
            ),
            "{secret_arn}"
        );
        assert_eq!(created.api_key_secret_source(), Some(&SecretSourceType::Managed));
        let err = control
            .create_api_key_credential_provider()
            .name("zs-mcp-key")
            .api_key("other")
            .send()
            .await
            .expect_err("duplicate");
        assert!(err.as_service_error().is_some_and(|e| e.is_conflict_exception()), "{err:?}");
        let err = control.create_api_key_credential_provider().name("no-key").send().await.expect_err("no key");
        assert!(err.as_service_error().is_some_and(|e| e.is_validation_exception()), "{err:?}");

        let got = control.get_api_key_credential_provider().name("zs-mcp-key").send().await.expect("get");
        assert_eq!(got.name(), "zs-mcp-key");
        assert_eq!(got.api_key_secret_arn().map(|s| s.secret_arn()), Some(secret_arn.as_str()));
        let body = raw(&env.fake.url, "GetApiKeyCredentialProvider", serde_json::json!({"name": "zs-mcp-key"})).await;
        assert!(body.contains("zs-mcp-key") && !body.contains(API_KEY), "{body}");

        let err = control.get_api_key_credential_provider().name("nope").send().await.expect_err("unknown");
        assert!(err.as_service_error().is_some_and(|e| e.is_resource_not_found_exception()), "{err:?}");

        control
            .update_api_key_credential_provider()
            .name("zs-mcp-key")
            .api_key("Basic bmV3")
            .send()
            .await
            .expect("update");
        let listed = control.list_api_key_credential_providers().send().await.expect("list");
        assert_eq!(listed.credential_providers().len(), 1);
        assert_eq!(listed.credential_providers()[0].name(), "zs-mcp-key");

        // OAuth2.
        let discovery = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_abc/.well-known/openid-configuration";
        let created = control
            .create_oauth2_credential_provider()
            .name("zs-gateway-oauth")
            .credential_provider_vendor(CredentialProviderVendorType::CustomOauth2)
            .oauth2_provider_config_input(custom_oauth2("client-1", discovery))
            .send()
            .await
            .expect("create oauth2 provider");
        assert_eq!(
            created.credential_provider_arn(),
            "arn:aws:bedrock-agentcore:us-east-1:123456789012:token-vault/default/oauth2credentialprovider/zs-gateway-oauth"
        );
        let client_secret_arn = created.client_secret_arn().map(|s| s.secret_arn()).expect("secret arn");
        assert!(client_secret_arn.contains(":secret:bedrock-agentcore-identity!default/oauth2/zs-gateway-oauth-"));
        assert!(created.callback_url().is_some_and(|u| u.starts_with("https://")));
        let err = control
            .create_oauth2_credential_provider()
            .name("zs-gateway-oauth")
            .credential_provider_vendor(CredentialProviderVendorType::CustomOauth2)
            .oauth2_provider_config_input(custom_oauth2("client-1", discovery))
            .send()
            .await
            .expect_err("duplicate");
        assert!(err.as_service_error().is_some_and(|e| e.is_conflict_exception()), "{err:?}");

        let got = control.get_oauth2_credential_provider().name("zs-gateway-oauth").send().await.expect("get");
        assert_eq!(got.credential_provider_vendor(), &CredentialProviderVendorType::CustomOauth2);
        match got.oauth2_provider_config_output() {
            Some(Oauth2ProviderConfigOutput::CustomOauth2ProviderConfig(config)) => {
                assert_eq!(config.client_id(), Some("client-1"));
                assert_eq!(
                    config.oauth_discovery().and_then(|d| d.as_discovery_url().ok()).map(String::as_str),
                    Some(discovery)
                );
            }
            other => panic!("unexpected output config {other:?}"),
        }
        let body = raw(&env.fake.url, "GetOauth2CredentialProvider", serde_json::json!({"name": "zs-gateway-oauth"})).await;
        assert!(body.contains("client-1") && !body.contains(CLIENT_SECRET), "{body}");

        control
            .update_oauth2_credential_provider()
            .name("zs-gateway-oauth")
            .credential_provider_vendor(CredentialProviderVendorType::CustomOauth2)
            .oauth2_provider_config_input(custom_oauth2("client-2", discovery))
            .send()
            .await
            .expect("update oauth2");
        let listed = control.list_oauth2_credential_providers().send().await.expect("list");
        assert_eq!(listed.credential_providers().len(), 1);

        let state = env.fake.state();
        let providers = state["credentialProviders"].as_array().expect("providers");
        let key = providers.iter().find(|p| p["kind"] == "apiKey").expect("api key provider");
        assert_eq!(key["name"], "zs-mcp-key");
        assert_eq!(key["apiKey"], "Basic bmV3");
        assert_eq!(key["secretArn"], secret_arn.as_str());
        let oauth = providers.iter().find(|p| p["kind"] == "oauth2").expect("oauth2 provider");
        assert_eq!(oauth["clientId"], "client-2");
        assert_eq!(oauth["clientSecret"], CLIENT_SECRET);
        assert_eq!(oauth["discoveryUrl"], discovery);

        // Delete both; a second delete is not found.
        control.delete_api_key_credential_provider().name("zs-mcp-key").send().await.expect("delete");
        let err = control.delete_api_key_credential_provider().name("zs-mcp-key").send().await.expect_err("again");
        assert!(err.as_service_error().is_some_and(|e| e.is_resource_not_found_exception()), "{err:?}");
        control.delete_oauth2_credential_provider().name("zs-gateway-oauth").send().await.expect("delete");
        let err = control.get_oauth2_credential_provider().name("zs-gateway-oauth").send().await.expect_err("gone");
        assert!(err.as_service_error().is_some_and(|e| e.is_resource_not_found_exception()), "{err:?}");
        assert!(env.fake.state()["credentialProviders"].as_array().is_some_and(Vec::is_empty));
    })
    .await;
}
