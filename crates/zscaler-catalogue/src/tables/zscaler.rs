//! Discover mode (`--tool-mode discover`), for clients that cap how many tools they load:
//! three tools that search the enabled catalogue, describe one tool, and call any enabled tool
//! with the same checks as a direct call.

use futures_util::FutureExt;
use serde_json::{Map, Value, json};

use crate::context::ToolOutput;
use crate::error::ToolError;
use crate::model::{Action, CompositeCall, Param, ParamType, Service, ToolDef};
use crate::schema;

const fn meta(name: &'static str) -> ToolDef {
    ToolDef::new(
        name,
        Service::Zscaler,
        "zscaler_discovery",
        Action::Read,
        "",
    )
}

pub(crate) static TOOLS: &[ToolDef] = &[
    meta("zscaler_search_tools")
        .title("Search Zscaler tools")
        .describe("Finds enabled Zscaler tools by words (e.g. 'zpa segment group', 'firewall rules'); returns names, titles and whether they write.")
        .params(&[
            Param::new("words", ParamType::String, "What to look for.").required(),
            Param::new("service", ParamType::Enum(&["zpa", "zia", "zdx", "zcc", "zid", "ztw", "zeasm", "zins", "zms", "zcell"]), "Only this service."),
            Param::new("limit", ParamType::Integer, "Most results (default 15)."),
        ])
        .composite(|call| search(call).boxed()),
    meta("zscaler_describe_tool")
        .title("Describe a Zscaler tool")
        .describe("Gives one enabled tool's description, annotations and input schema, to call it with zscaler_call_tool.")
        .params(&[Param::new("name", ParamType::String, "The tool's name.").required()])
        .composite(|call| describe(call).boxed()),
    meta("zscaler_call_tool")
        .title("Call a Zscaler tool")
        .describe("Calls any enabled tool by name with its arguments; the same validation, write gate and confirmation apply as to a direct call.")
        .params(&[
            Param::new("name", ParamType::String, "The tool's name.").required(),
            Param::new("arguments", ParamType::Object, "The tool's arguments."),
        ])
        .not_idempotent()
        .composite(|call| run(call).boxed()),
];

fn target(call: &CompositeCall<'_>) -> Result<&'static ToolDef, ToolError> {
    let name = call.args.str("name").unwrap_or_default();
    let args = call.args.get("arguments").and_then(Value::as_object);
    call.engine
        .resolve(name, args)
        .filter(|def| def.service != Service::Zscaler)
        .ok_or_else(|| {
            ToolError::invalid(
                "name",
                format!("`{name}` is not an enabled tool; find one with zscaler_search_tools"),
            )
        })
}

async fn search(call: CompositeCall<'_>) -> Result<ToolOutput, ToolError> {
    let words: Vec<String> = call
        .args
        .str("words")
        .unwrap_or_default()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let service = call.args.str("service");
    let limit = call.args.u64("limit").unwrap_or(15).clamp(1, 100) as usize;
    let mut scored: Vec<(usize, &ToolDef)> = call
        .engine
        .catalogue()
        .tools()
        .iter()
        .filter(|d| d.service != Service::Zscaler)
        .filter(|d| service.is_none_or(|s| d.service.key() == s))
        .filter_map(|d| {
            let name = d.name.to_lowercase();
            let text = format!("{} {} {}", d.title, d.toolset, d.description).to_lowercase();
            // Name hits count most: agents search by resource and verb.
            let score: usize = words
                .iter()
                .map(|w| {
                    3 * usize::from(name.contains(w.as_str()))
                        + usize::from(text.contains(w.as_str()))
                })
                .sum();
            (score > 0).then_some((score, *d))
        })
        .collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.name.cmp(b.1.name)));
    let found = scored.len();
    let tools: Vec<Value> = scored
        .into_iter()
        .take(limit)
        .map(|(_, d)| json!({"name": d.name, "title": d.title, "writes": d.action.is_write()}))
        .collect();
    Ok(ToolOutput::structured(
        json!({"tools": tools, "found": found}),
    ))
}

async fn describe(call: CompositeCall<'_>) -> Result<ToolOutput, ToolError> {
    let def = target(&call)?;
    let a = schema::annotations(def);
    Ok(ToolOutput::structured(json!({
        "name": def.name,
        "title": def.title,
        "description": def.description,
        "inputSchema": Value::Object(schema::input_schema(def)),
        "readOnly": a.read_only,
        "destructive": a.destructive,
    })))
}

async fn run(call: CompositeCall<'_>) -> Result<ToolOutput, ToolError> {
    let def = target(&call)?;
    let args: Option<Map<String, Value>> = call
        .args
        .get("arguments")
        .and_then(Value::as_object)
        .cloned();
    call.engine.call(def, args, call.ctx).await
}
