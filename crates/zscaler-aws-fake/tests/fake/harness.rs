//! AgentCore Harness control plane through `aws-sdk-bedrockagentcorecontrol`.

use aws_sdk_bedrockagentcorecontrol::types::{
    HarnessBedrockModelConfig, HarnessModelConfiguration, HarnessRemoteMcpConfig, HarnessStatus,
    HarnessSystemContentBlock, HarnessTool, HarnessToolConfiguration, HarnessToolType,
};
use serde_json::json;
use zscaler_aws_fake::FakeOptions;

use crate::common::{Env, bounded};

fn remote_mcp_tool() -> HarnessTool {
    HarnessTool::builder()
        .r#type(HarnessToolType::RemoteMcp)
        .name("zscaler")
        .config(HarnessToolConfiguration::RemoteMcp(
            HarnessRemoteMcpConfig::builder()
                .url("https://zs-0123abcd.ecs.us-east-1.on.aws/mcp")
                .headers(
                    "Authorization",
                    "${arn:aws:bedrock-agentcore:us-east-1:123456789012:token-vault/default/apikeycredentialprovider/zs}",
                )
                .build()
                .expect("remote mcp config"),
        ))
        .build()
        .expect("tool")
}

fn model() -> HarnessModelConfiguration {
    HarnessModelConfiguration::BedrockModelConfig(
        HarnessBedrockModelConfig::builder()
            .model_id("us.anthropic.claude-sonnet-4-5-20250929-v1:0")
            .max_tokens(2048)
            .build()
            .expect("model"),
    )
}

#[tokio::test]
async fn harness_lifecycle_and_errors() {
    bounded(async {
        let env = Env::start(FakeOptions::default()).await;
        let control = env.control();
        let role = env.role("harness_exec", "bedrock-agentcore.amazonaws.com").await;

        let created = control
            .create_harness()
            .harness_name("zscaler_mcp")
            .execution_role_arn(&role)
            .model(model())
            .system_prompt(HarnessSystemContentBlock::Text("Be brief.".into()))
            .tools(remote_mcp_tool())
            .environment_variables("LOG_LEVEL", "debug")
            .max_iterations(7)
            .send()
            .await
            .expect("create harness");
        let harness = created.harness().expect("harness");
        let id = harness.harness_id().to_owned();
        assert!(id.starts_with("zscaler_mcp-") && id.len() == "zscaler_mcp-".len() + 10, "{id}");
        assert!(id["zscaler_mcp-".len()..].chars().all(|c| c.is_ascii_alphanumeric()), "{id}");
        assert_eq!(harness.arn(), format!("arn:aws:bedrock-agentcore:us-east-1:123456789012:harness/{id}"));
        assert_eq!(harness.status(), &HarnessStatus::Creating);
        assert_eq!(harness.harness_version(), Some("1"));
        assert_eq!(harness.tools().len(), 1);
        assert_eq!(harness.max_iterations(), Some(7));
        let runtime = harness
            .environment()
            .and_then(|e| e.as_agent_core_runtime_environment().ok())
            .expect("runtime environment");
        assert!(runtime.agent_runtime_arn().contains(":runtime/harness_zscaler_mcp-"));

        // One Get answers CREATING, the next READY.
        let get = control.get_harness().harness_id(&id).send().await.expect("get 1");
        assert_eq!(get.harness().expect("harness").status(), &HarnessStatus::Creating);
        let get = control.get_harness().harness_id(&id).send().await.expect("get 2");
        let ready = get.harness().expect("harness");
        assert_eq!(ready.status(), &HarnessStatus::Ready);
        assert_eq!(ready.system_prompt().len(), 1);
        assert_eq!(ready.environment_variables().and_then(|v| v.get("LOG_LEVEL")).map(String::as_str), Some("debug"));
        match ready.model() {
            Some(HarnessModelConfiguration::BedrockModelConfig(config)) => {
                assert_eq!(config.model_id(), "us.anthropic.claude-sonnet-4-5-20250929-v1:0");
            }
            other => panic!("model came back as {other:?}"),
        }

        let listed = control.list_harnesses().send().await.expect("list");
        assert_eq!(listed.harnesses().len(), 1);
        assert_eq!(listed.harnesses()[0].harness_id(), id);

        // Errors: duplicate name, bad name, unknown role, missing role, unknown id.
        let err = control.create_harness().harness_name("zscaler_mcp").execution_role_arn(&role).send().await.expect_err("duplicate");
        assert!(err.as_service_error().is_some_and(|e| e.is_conflict_exception()), "{err:?}");
        let err = control.create_harness().harness_name("zscaler-mcp").execution_role_arn(&role).send().await.expect_err("hyphen");
        assert!(err.as_service_error().is_some_and(|e| e.is_validation_exception()), "{err:?}");
        let err = control.create_harness().harness_name("_x").execution_role_arn(&role).send().await.expect_err("leading underscore");
        assert!(err.as_service_error().is_some_and(|e| e.is_validation_exception()), "{err:?}");
        let long = format!("a{}", "b".repeat(40));
        let err = control.create_harness().harness_name(long).execution_role_arn(&role).send().await.expect_err("41 chars");
        assert!(err.as_service_error().is_some_and(|e| e.is_validation_exception()), "{err:?}");
        let err = control
            .create_harness()
            .harness_name("other")
            .execution_role_arn("arn:aws:iam::123456789012:role/missing")
            .send()
            .await
            .expect_err("unknown role");
        let service_err = err.as_service_error().expect("service error");
        assert!(service_err.is_validation_exception(), "{err:?}");
        assert!(service_err.meta().message().unwrap_or_default().contains("role/missing"));
        let err = control.create_harness().harness_name("other").send().await.expect_err("no role");
        assert!(err.as_service_error().is_some_and(|e| e.is_validation_exception()), "{err:?}");
        let err = control.get_harness().harness_id("nope-0123456789").send().await.expect_err("unknown");
        assert!(err.as_service_error().is_some_and(|e| e.is_resource_not_found_exception()), "{err:?}");

        // Update: UPDATING for one Get, version 2, changed prompt, untouched tools.
        let updated = control
            .update_harness()
            .harness_id(&id)
            .system_prompt(HarnessSystemContentBlock::Text("Be thorough.".into()))
            .send()
            .await
            .expect("update");
        let harness = updated.harness().expect("harness");
        assert_eq!(harness.status(), &HarnessStatus::Updating);
        assert_eq!(harness.harness_version(), Some("2"));
        let err = control.update_harness().harness_id(&id).max_iterations(3).send().await.expect_err("update while updating");
        assert!(err.as_service_error().is_some_and(|e| e.is_conflict_exception()), "{err:?}");
        let get = control.get_harness().harness_id(&id).send().await.expect("get");
        assert_eq!(get.harness().expect("harness").status(), &HarnessStatus::Updating);
        let get = control.get_harness().harness_id(&id).send().await.expect("get");
        let harness = get.harness().expect("harness");
        assert_eq!(harness.status(), &HarnessStatus::Ready);
        assert_eq!(harness.system_prompt()[0].as_text().map(String::as_str), Ok("Be thorough."));
        assert_eq!(harness.tools().len(), 1);

        let state = env.fake.state();
        let stored = &state["harnesses"][0];
        assert_eq!(stored["harnessName"], "zscaler_mcp");
        assert_eq!(stored["status"], "READY");
        assert_eq!(stored["request"]["executionRoleArn"], role);
        assert_eq!(stored["request"]["maxIterations"], 7);
        assert_eq!(stored["request"]["environmentVariables"], json!({"LOG_LEVEL": "debug"}));
        assert_eq!(stored["request"]["systemPrompt"], json!([{"text": "Be thorough."}]));
        assert_eq!(
            stored["request"]["tools"],
            json!([{
                "type": "remote_mcp",
                "name": "zscaler",
                "config": {"remoteMcp": {
                    "url": "https://zs-0123abcd.ecs.us-east-1.on.aws/mcp",
                    "headers": {"Authorization": "${arn:aws:bedrock-agentcore:us-east-1:123456789012:token-vault/default/apikeycredentialprovider/zs}"},
                }},
            }])
        );
        assert_eq!(
            stored["request"]["model"],
            json!({"bedrockModelConfig": {"modelId": "us.anthropic.claude-sonnet-4-5-20250929-v1:0", "maxTokens": 2048}})
        );

        // Delete: DELETING for one Get, then gone.
        let deleted = control.delete_harness().harness_id(&id).send().await.expect("delete");
        assert_eq!(deleted.harness().expect("harness").status(), &HarnessStatus::Deleting);
        let get = control.get_harness().harness_id(&id).send().await.expect("get while deleting");
        assert_eq!(get.harness().expect("harness").status(), &HarnessStatus::Deleting);
        let err = control.get_harness().harness_id(&id).send().await.expect_err("deleted");
        assert!(err.as_service_error().is_some_and(|e| e.is_resource_not_found_exception()), "{err:?}");
        let err = control.delete_harness().harness_id(&id).send().await.expect_err("delete twice");
        assert!(err.as_service_error().is_some_and(|e| e.is_resource_not_found_exception()), "{err:?}");
        assert!(control.list_harnesses().send().await.expect("list").harnesses().is_empty());
    })
    .await;
}
