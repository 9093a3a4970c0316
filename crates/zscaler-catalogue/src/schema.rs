//! Everything a client sees of a tool, derived from its row: JSON Schemas and annotations.

use serde_json::{Map, Value, json};

use crate::model::{Action, Op, Output, Param, ParamType, ToolDef};

/// Parameters every list tool takes, on top of its own. Kept terse: they repeat on every
/// list tool in `tools/list`, and the server's instructions explain the contract once.
pub static LIST_PARAMS: [Param; 5] = [
    Param::new("page", ParamType::Integer, ""),
    Param::new("page_size", ParamType::Integer, ""),
    Param::new("all", ParamType::Boolean, ""),
    Param::new("query", ParamType::String, "JMESPath"),
    Param::new(
        "format",
        ParamType::Schema(r#"{"enum":["json","csv"]}"#),
        "",
    ),
];

/// Parameters every single-record read takes.
pub static GET_PARAMS: [Param; 1] = [Param::new("query", ParamType::String, "JMESPath")];

/// Parameters every confirmed write (update, delete) takes.
pub static CONFIRM_PARAMS: [Param; 1] = [Param::new(
    crate::engine::CONFIRMATION_TOKEN,
    ParamType::String,
    "From the confirmation step, once the user agreed.",
)];

/// The row's own parameters plus those its kind implies.
pub fn all_params(def: &ToolDef) -> impl Iterator<Item = &Param> {
    let implied: &[Param] = match (def.op, def.action, def.output) {
        (Op::Http { .. } | Op::Graphql(_), Action::Read, Output::List) => &LIST_PARAMS,
        (Op::Http { .. } | Op::Graphql(_), Action::Read, Output::Object) => &GET_PARAMS,
        (Op::Http { .. }, Action::Update | Action::Delete, _) => &CONFIRM_PARAMS,
        _ => &[],
    };
    def.params.iter().chain(implied.iter())
}

fn param_schema(param: &Param) -> Value {
    let mut schema = match param.ty {
        ParamType::String => json!({"type": "string"}),
        ParamType::Integer => json!({"type": "integer"}),
        ParamType::Number => json!({"type": "number"}),
        ParamType::Boolean => json!({"type": "boolean"}),
        ParamType::StringList => json!({"type": "array", "items": {"type": "string"}}),
        ParamType::Object => json!({"type": "object"}),
        ParamType::Enum(values) => json!({"type": "string", "enum": values}),
        ParamType::Schema(raw) => serde_json::from_str(raw)
            .unwrap_or_else(|e| panic!("schema fragment of `{}` is not JSON: {e}", param.name)),
    };
    if let Value::Object(map) = &mut schema
        && !param.description.is_empty()
    {
        map.insert("description".into(), param.description.into());
    }
    schema
}

/// The tool's `inputSchema`: a closed object (unknown arguments are refused, and said so).
pub fn input_schema(def: &ToolDef) -> Map<String, Value> {
    let mut properties = Map::new();
    let mut required = Vec::new();
    for param in all_params(def) {
        properties.insert(param.name.to_owned(), param_schema(param));
        if param.required {
            required.push(Value::from(param.name));
        }
    }
    let mut schema = Map::new();
    schema.insert("type".into(), "object".into());
    schema.insert("properties".into(), Value::Object(properties));
    if !required.is_empty() {
        schema.insert("required".into(), Value::Array(required));
    }
    schema.insert("additionalProperties".into(), false.into());
    if let Some(extra) = def.schema_extra {
        let extra: Map<String, Value> = serde_json::from_str(extra)
            .unwrap_or_else(|e| panic!("schema_extra of `{}` is not a JSON object: {e}", def.name));
        schema.extend(extra);
    }
    schema
}

/// The tool's `outputSchema`, when it returns structured content.
pub fn output_schema(def: &ToolDef) -> Option<Map<String, Value>> {
    let schema = match def.output {
        // Terse on purpose: it repeats on every list tool.
        Output::List => json!({
            "type": "object",
            "properties": {
                "items": {"type": "array"},
                "count": {"type": "integer"},
                "total": {"type": "integer"},
                "next_page": {"type": "integer"},
                "truncated": {"type": "boolean"}
            },
            "required": ["items", "count"]
        }),
        Output::Object => json!({"type": "object"}),
        Output::Content => return None,
    };
    match schema {
        Value::Object(map) => Some(map),
        _ => None,
    }
}

/// MCP tool annotations, from the row's action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Annotations {
    pub read_only: bool,
    pub destructive: bool,
    pub idempotent: bool,
    /// Every Zscaler tool reaches an external system.
    pub open_world: bool,
}

pub fn annotations(def: &ToolDef) -> Annotations {
    Annotations {
        read_only: def.action == Action::Read,
        destructive: matches!(def.action, Action::Update | Action::Delete),
        idempotent: def.idempotent,
        open_world: !matches!(def.service, crate::Service::Zscaler | crate::Service::Test),
    }
}
