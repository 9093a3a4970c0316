//! `status`: the live state of every resource the state file names.

use serde_json::{Value, json};

use crate::aws::{Aws, failed, is_not_found};
use crate::ecs;
use crate::error::Result;
use crate::state::State;

pub async fn collect(aws: &Aws, state: &State) -> Result<Value> {
    let mut out = serde_json::Map::new();
    out.insert("topology".into(), json!(state.topology.map(|t| t.as_str())));
    out.insert("region".into(), json!(state.region));
    if let Some(h) = &state.harness {
        let value = match aws.control.get_harness().harness_id(&h.id).send().await {
            Ok(found) => match found.harness() {
                Some(live) => json!({
                    "name": live.harness_name(),
                    "arn": live.arn(),
                    "status": live.status().as_str(),
                    "model": h.model_id.clone().unwrap_or_else(|| "harness default".into()),
                    "tools": live.tools().iter().map(|t| json!({"name": t.name(), "type": t.r#type().as_str()})).collect::<Vec<_>>(),
                    "max_iterations": live.max_iterations(),
                    "created_at": live.created_at().to_string(),
                    "updated_at": live.updated_at().to_string(),
                    "failure_reason": live.failure_reason(),
                }),
                None => json!({"name": h.name, "status": "UNKNOWN"}),
            },
            Err(e) if is_not_found(&e) => json!({"name": h.name, "status": "MISSING"}),
            Err(e) => return Err(failed("bedrock-agentcore:GetHarness", e)),
        };
        out.insert("harness".into(), value);
    }
    if let Some(e) = &state.ecs {
        let value = match e.service_arn.as_deref() {
            Some(arn) => match ecs::describe_service(aws, arn).await? {
                Some(live) => json!({
                    "service": e.service,
                    "cluster": e.cluster,
                    "status": live.status,
                    "status_reason": live.status_reason,
                    "image": live.image,
                    "cpu_architecture": live.cpu_architecture,
                    "endpoint": live.endpoint.map(|h| format!("https://{h}/mcp")),
                }),
                None => json!({"service": e.service, "cluster": e.cluster, "status": "MISSING"}),
            },
            None => json!({"service": e.service, "status": "NOT CREATED"}),
        };
        out.insert("ecs".into(), value);
    } else if let Some(url) = &state.mcp_url {
        out.insert("mcp_url".into(), json!(url));
    }
    if let Some(r) = &state.runtime {
        let value = match aws
            .control
            .get_agent_runtime()
            .agent_runtime_id(&r.id)
            .send()
            .await
        {
            Ok(live) => json!({
                "name": r.name,
                "arn": r.arn,
                "status": live.status().as_str(),
                "version": live.agent_runtime_version(),
                "failure_reason": live.failure_reason(),
                "invocation_url": r.invocation_url,
            }),
            Err(e) if is_not_found(&e) => json!({"name": r.name, "status": "MISSING"}),
            Err(e) => return Err(failed("bedrock-agentcore:GetAgentRuntime", e)),
        };
        out.insert("runtime".into(), value);
    }
    if let Some(g) = &state.gateway {
        let value = match aws
            .control
            .get_gateway()
            .gateway_identifier(&g.id)
            .send()
            .await
        {
            Ok(live) => json!({
                "name": g.name,
                "status": live.status().as_str(),
                "url": live.gateway_url(),
                "authorizer": live.authorizer_type().as_str(),
            }),
            Err(e) if is_not_found(&e) => json!({"name": g.name, "status": "MISSING"}),
            Err(e) => return Err(failed("bedrock-agentcore:GetGateway", e)),
        };
        out.insert("gateway".into(), value);
    }
    if let Some(s) = &state.secret {
        let value = match aws.secrets.describe_secret().secret_id(&s.arn).send().await {
            Ok(found) if found.deleted_date().is_some() => {
                json!({"name": s.name, "status": "SCHEDULED FOR DELETION"})
            }
            Ok(_) => {
                json!({"name": s.name, "status": "PRESENT", "yours": s.zscaler_secret_managed_externally})
            }
            Err(e) if is_not_found(&e) => json!({"name": s.name, "status": "MISSING"}),
            Err(e) => return Err(failed("secretsmanager:DescribeSecret", e)),
        };
        out.insert("secret".into(), value);
    }
    Ok(Value::Object(out))
}

/// `key = value` rows from the status document, nested objects flattened as `a.b`.
pub fn rows(status: &Value) -> Vec<(String, String)> {
    let mut rows = Vec::new();
    flatten("", status, &mut rows);
    rows
}

fn flatten(prefix: &str, value: &Value, rows: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                let key = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                flatten(&key, v, rows);
            }
        }
        Value::Null => {}
        Value::String(s) => rows.push((prefix.to_owned(), s.clone())),
        Value::Array(items) => rows.push((
            prefix.to_owned(),
            items
                .iter()
                .map(|i| match i {
                    Value::Object(m) => m
                        .values()
                        .filter_map(|v| v.as_str())
                        .collect::<Vec<_>>()
                        .join(" "),
                    other => other.to_string(),
                })
                .collect::<Vec<_>>()
                .join(", "),
        )),
        other => rows.push((prefix.to_owned(), other.to_string())),
    }
}
