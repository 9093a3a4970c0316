//! `invoke`: one message to the harness, its answer streamed as it arrives.

use std::io::Write;

use aws_sdk_bedrockagentcore::types::{
    HarnessContentBlock, HarnessContentBlockDelta, HarnessConversationRole, HarnessMessage,
    InvokeHarnessStreamOutput,
};
use serde_json::{Value, json};

use crate::aws::{Aws, failed};
use crate::error::{DeployError, Result};
use crate::state::State;

/// A runtime session id: AgentCore wants at least 33 characters.
pub fn new_session_id() -> String {
    format!("zscaler-mcp-{}", uuid::Uuid::new_v4().simple())
}

pub struct Answer {
    pub session_id: String,
    pub text: String,
    pub stop_reason: Option<String>,
    pub usage: Option<(i32, i32, i32)>,
    pub tools_used: Vec<String>,
}

impl Answer {
    pub fn to_json(&self) -> Value {
        json!({
            "session_id": self.session_id,
            "text": self.text,
            "stop_reason": self.stop_reason,
            "tools_used": self.tools_used,
            "usage": self.usage.map(|(i, o, t)| json!({"input_tokens": i, "output_tokens": o, "total_tokens": t})),
        })
    }
}

/// Sends `message`; text deltas go to `echo` as they arrive (stdout in text mode).
pub async fn invoke(
    aws: &Aws,
    state: &State,
    message: &str,
    session: Option<String>,
    mut echo: Option<&mut dyn Write>,
) -> Result<Answer> {
    let harness = state.harness.as_ref().ok_or_else(|| {
        DeployError::settings("this deployment has no harness (the runtime topology): call its MCP URL with an MCP client instead")
    })?;
    let session_id = match session {
        Some(id) if id.len() < 33 => {
            return Err(DeployError::settings(format!(
                "--session-id {id}: AgentCore needs at least 33 characters"
            )));
        }
        Some(id) => id,
        None => new_session_id(),
    };
    let message = HarnessMessage::builder()
        .role(HarnessConversationRole::User)
        .content(HarnessContentBlock::Text(message.to_owned()))
        .build()
        .map_err(|e| DeployError::settings(format!("message: {e}")))?;
    let mut output = aws
        .data
        .invoke_harness()
        .harness_arn(&harness.arn)
        .runtime_session_id(&session_id)
        .messages(message)
        .send()
        .await
        .map_err(|e| failed("bedrock-agentcore:InvokeHarness", e))?;
    let mut answer = Answer {
        session_id,
        text: String::new(),
        stop_reason: None,
        usage: None,
        tools_used: Vec::new(),
    };
    loop {
        let event = output
            .stream
            .recv()
            .await
            .map_err(|e| failed("bedrock-agentcore:InvokeHarness (stream)", e))?;
        let Some(event) = event else { break };
        match event {
            InvokeHarnessStreamOutput::ContentBlockDelta(delta) => {
                if let Some(HarnessContentBlockDelta::Text(text)) = delta.delta() {
                    answer.text.push_str(text);
                    if let Some(out) = echo.as_mut() {
                        let _ = write!(out, "{text}");
                        let _ = out.flush();
                    }
                }
            }
            InvokeHarnessStreamOutput::ContentBlockStart(start) => {
                if let Some(aws_sdk_bedrockagentcore::types::HarnessContentBlockStart::ToolUse(
                    tool,
                )) = start.start()
                {
                    answer.tools_used.push(tool.name().to_owned());
                }
            }
            InvokeHarnessStreamOutput::MessageStop(stop) => {
                answer.stop_reason = Some(stop.stop_reason().as_str().to_owned());
            }
            InvokeHarnessStreamOutput::Metadata(meta) => {
                if let Some(usage) = meta.usage() {
                    answer.usage = Some((
                        usage.input_tokens(),
                        usage.output_tokens(),
                        usage.total_tokens(),
                    ));
                }
            }
            _ => {}
        }
    }
    if let Some(out) = echo.as_mut() {
        let _ = writeln!(out);
    }
    Ok(answer)
}
