//! Data-plane `InvokeHarness` through `aws-sdk-bedrockagentcore`, read to the end of the stream.

use std::time::Duration;

use aws_sdk_bedrockagentcore::types::{
    HarnessContentBlock, HarnessContentBlockDelta, HarnessConversationRole, HarnessMessage,
    HarnessStopReason, InvokeHarnessStreamOutput,
};
use zscaler_aws_fake::FakeOptions;

use crate::common::{Env, bounded};

const SESSION: &str = "session-0123456789abcdef0123456789abcdef";

fn user(text: &str) -> HarnessMessage {
    HarnessMessage::builder()
        .role(HarnessConversationRole::User)
        .content(HarnessContentBlock::Text(text.to_owned()))
        .build()
        .expect("message")
}

/// Every event of one invocation, in order.
async fn invoke(env: &Env, arn: &str, text: &str) -> Vec<InvokeHarnessStreamOutput> {
    let mut output = env
        .data()
        .invoke_harness()
        .harness_arn(arn)
        .runtime_session_id(SESSION)
        .messages(user(text))
        .send()
        .await
        .expect("invoke harness");
    let mut events = Vec::new();
    loop {
        let next = tokio::time::timeout(Duration::from_secs(30), output.stream.recv())
            .await
            .expect("next event within 30 s")
            .expect("event, not an error");
        match next {
            Some(event) => events.push(event),
            None => return events,
        }
    }
}

#[tokio::test]
async fn invoke_harness_streams_every_event_in_order() {
    bounded(async {
        let env = Env::start(FakeOptions {
            harness_polls_until_ready: 0,
            ..FakeOptions::default()
        })
        .await;
        let role = env
            .role("harness_exec", "bedrock-agentcore.amazonaws.com")
            .await;
        let control = env.control();
        let created = control
            .create_harness()
            .harness_name("echo")
            .execution_role_arn(&role)
            .send()
            .await
            .expect("create harness");
        let harness = created.harness().expect("harness");
        let (arn, id) = (harness.arn().to_owned(), harness.harness_id().to_owned());
        let data = env.data();

        // Not READY yet (no Get has happened).
        let err = data
            .invoke_harness()
            .harness_arn(&arn)
            .runtime_session_id(SESSION)
            .messages(user("hi"))
            .send()
            .await
            .expect_err("not ready");
        assert!(
            err.as_service_error()
                .is_some_and(|e| e.is_validation_exception()),
            "{err:?}"
        );
        control
            .get_harness()
            .harness_id(&id)
            .send()
            .await
            .expect("get: READY");

        let err = data
            .invoke_harness()
            .harness_arn(&arn)
            .runtime_session_id("too-short")
            .messages(user("hi"))
            .send()
            .await
            .expect_err("short session id");
        assert!(
            err.as_service_error()
                .is_some_and(|e| e.is_validation_exception()),
            "{err:?}"
        );
        let err = data
            .invoke_harness()
            .harness_arn("arn:aws:bedrock-agentcore:us-east-1:123456789012:harness/nope-0123456789")
            .runtime_session_id(SESSION)
            .messages(user("hi"))
            .send()
            .await
            .expect_err("unknown harness");
        assert!(
            err.as_service_error()
                .is_some_and(|e| e.is_resource_not_found_exception()),
            "{err:?}"
        );

        let events = invoke(&env, &arn, "list my ZIA locations").await;
        let kinds: Vec<&str> = events
            .iter()
            .map(|e| match e {
                InvokeHarnessStreamOutput::MessageStart(_) => "messageStart",
                InvokeHarnessStreamOutput::ContentBlockStart(_) => "contentBlockStart",
                InvokeHarnessStreamOutput::ContentBlockDelta(_) => "contentBlockDelta",
                InvokeHarnessStreamOutput::ContentBlockStop(_) => "contentBlockStop",
                InvokeHarnessStreamOutput::MessageStop(_) => "messageStop",
                InvokeHarnessStreamOutput::Metadata(_) => "metadata",
                _ => "other",
            })
            .collect();
        assert_eq!(
            kinds,
            [
                "messageStart",
                "contentBlockStart",
                "contentBlockDelta",
                "contentBlockDelta",
                "contentBlockDelta",
                "contentBlockStop",
                "messageStop",
                "metadata",
            ]
        );
        let mut text = String::new();
        for event in &events {
            match event {
                InvokeHarnessStreamOutput::MessageStart(start) => {
                    assert_eq!(start.role(), &HarnessConversationRole::Assistant);
                }
                InvokeHarnessStreamOutput::ContentBlockDelta(delta) => match delta.delta() {
                    Some(HarnessContentBlockDelta::Text(piece)) => text.push_str(piece),
                    other => panic!("unexpected delta {other:?}"),
                },
                InvokeHarnessStreamOutput::MessageStop(stop) => {
                    assert_eq!(stop.stop_reason(), &HarnessStopReason::EndTurn);
                }
                InvokeHarnessStreamOutput::Metadata(metadata) => {
                    let usage = metadata.usage().expect("usage");
                    assert!(usage.input_tokens() > 0 && usage.output_tokens() > 0);
                    assert_eq!(
                        usage.total_tokens(),
                        usage.input_tokens() + usage.output_tokens()
                    );
                    assert!(metadata.metrics().is_some());
                }
                _ => {}
            }
        }
        assert_eq!(text, "Fake harness echo heard: list my ZIA locations");

        let events = invoke(&env, &arn, "loop FAKE_MAX_ITERATIONS please").await;
        let stop = events
            .iter()
            .find_map(|e| match e {
                InvokeHarnessStreamOutput::MessageStop(stop) => Some(stop.stop_reason().clone()),
                _ => None,
            })
            .expect("messageStop");
        assert_eq!(stop, HarnessStopReason::MaxIterationsExceeded);

        let state = env.fake.state();
        let invocations = state["invocations"].as_array().expect("invocations");
        assert_eq!(invocations.len(), 2);
        assert_eq!(invocations[0]["harnessArn"], arn.as_str());
        assert_eq!(invocations[0]["runtimeSessionId"], SESSION);
        assert_eq!(invocations[0]["userText"], "list my ZIA locations");
    })
    .await;
}
