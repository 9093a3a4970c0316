//! The official MCP conformance suite's fixtures (feature `conformance`, test builds only): the
//! tools, prompts, resources and templates its scenarios call, by the names and with the
//! payloads the suite expects. They are ordinary catalogue rows (`Service::Test`, composite
//! handlers on the `ToolContext`) and ordinary prompt and resource rows, so the suite exercises
//! the same code paths as the Zscaler tools. The binary serves them only with the hidden
//! `--conformance-fixtures` flag.

use std::collections::BTreeMap;
use std::time::Duration;

use futures_util::future::BoxFuture;
use rmcp::model::{ContentBlock, PromptMessage, ResourceContents, Role};
use serde_json::{Value, json};
use zscaler_catalogue::{
    Action, Answer, ClientFeature, Composite, CompositeCall, Content, Elicited, LogLevel, Op,
    Output, Param, ParamType, Question, Registry, Service, ToolDef, ToolError, ToolOutput,
};

use crate::prompts::{Messages, PromptArg, PromptDef, PromptInput};
use crate::resources::{Body, ResourceDef, TemplateDef};

/// A 1×1 red PNG.
const PNG_BASE64: &str =
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC";
/// Eight samples of silence, 8 kHz 8-bit mono WAV.
const WAV_BASE64: &str = "UklGRiwAAABXQVZFZm10IBAAAAABAAEAQB8AAEAfAAABAAgAZGF0YQgAAACAgICAgICAgA==";
/// The pause between a fixture's notifications (the suite asks for about 50 ms).
const STEP: Duration = Duration::from_millis(50);

type Run<'a> = BoxFuture<'a, Result<ToolOutput, ToolError>>;

const fn fixture(
    name: &'static str,
    description: &'static str,
    params: &'static [Param],
    handler: Composite,
) -> ToolDef {
    ToolDef {
        name,
        title: name,
        service: Service::Test,
        toolset: "conformance",
        action: Action::Read,
        description,
        params,
        op: Op::Composite(handler),
        output: Output::Content,
        idempotent: false,
        schema_extra: None,
        untrusted: None,
        current: zscaler_catalogue::Current::None,
        immutable: &[],
        prepare: None,
        window: None,
    }
}

fn text(text: impl Into<String>) -> Result<ToolOutput, ToolError> {
    Ok(ToolOutput::text(text))
}

fn simple_text(_call: CompositeCall<'_>) -> Run<'_> {
    Box::pin(async { text("This is a simple text response for testing.") })
}

fn image_content(_call: CompositeCall<'_>) -> Run<'_> {
    Box::pin(async {
        Ok(ToolOutput::content(vec![Content::Image {
            data_base64: PNG_BASE64.into(),
            mime_type: "image/png".into(),
        }]))
    })
}

fn audio_content(_call: CompositeCall<'_>) -> Run<'_> {
    Box::pin(async {
        Ok(ToolOutput::content(vec![Content::Audio {
            data_base64: WAV_BASE64.into(),
            mime_type: "audio/wav".into(),
        }]))
    })
}

fn embedded_resource(_call: CompositeCall<'_>) -> Run<'_> {
    Box::pin(async {
        Ok(ToolOutput::content(vec![Content::Resource {
            uri: "test://embedded-resource".into(),
            mime_type: "text/plain".into(),
            text: "This is an embedded resource content.".into(),
        }]))
    })
}

fn multiple_content_types(_call: CompositeCall<'_>) -> Run<'_> {
    Box::pin(async {
        Ok(ToolOutput::content(vec![
            Content::Text("Multiple content types test:".into()),
            Content::Image {
                data_base64: PNG_BASE64.into(),
                mime_type: "image/png".into(),
            },
            Content::Resource {
                uri: "test://mixed-content-resource".into(),
                mime_type: "application/json".into(),
                text: json!({"test": "data", "value": 123}).to_string(),
            },
        ]))
    })
}

fn tool_with_logging(call: CompositeCall<'_>) -> Run<'_> {
    Box::pin(async move {
        let ctx = call.ctx;
        ctx.log(
            LogLevel::Info,
            "conformance",
            json!("Tool execution started"),
        );
        tokio::time::sleep(STEP).await;
        ctx.log(LogLevel::Info, "conformance", json!("Tool processing data"));
        tokio::time::sleep(STEP).await;
        ctx.log(
            LogLevel::Info,
            "conformance",
            json!("Tool execution completed"),
        );
        text("Tool with logging executed successfully")
    })
}

fn error_handling(_call: CompositeCall<'_>) -> Run<'_> {
    Box::pin(async {
        Ok(ToolOutput::error(
            "This tool intentionally returns an error for testing",
        ))
    })
}

fn tool_with_progress(call: CompositeCall<'_>) -> Run<'_> {
    Box::pin(async move {
        let ctx = call.ctx;
        ctx.progress(0.0, Some(100.0), Some("started".into()));
        tokio::time::sleep(STEP).await;
        ctx.progress(50.0, Some(100.0), Some("half way".into()));
        tokio::time::sleep(STEP).await;
        ctx.progress(100.0, Some(100.0), Some("done".into()));
        text("Tool with progress executed successfully")
    })
}

fn sampling(call: CompositeCall<'_>) -> Run<'_> {
    Box::pin(async move {
        let prompt = call.args.str("prompt").unwrap_or_default().to_owned();
        let answer = call.ctx.sample(prompt, 100).await?;
        text(format!("LLM response: {answer}"))
    })
}

fn describe(elicited: &Elicited) -> String {
    match elicited {
        Elicited::Accepted(content) => format!("action=accept, content={content}"),
        Elicited::Declined => "action=decline, content={}".into(),
        Elicited::Cancelled => "action=cancel, content={}".into(),
    }
}

fn elicitation(call: CompositeCall<'_>) -> Run<'_> {
    Box::pin(async move {
        let message = call.args.str("message").unwrap_or_default().to_owned();
        let schema = json!({
            "type": "object",
            "properties": {
                "username": {"type": "string", "description": "User's response"},
                "email": {"type": "string", "description": "User's email address"}
            },
            "required": ["username", "email"]
        });
        let answer = call.ctx.elicit(message, schema).await?;
        text(format!("User response: {}", describe(&answer)))
    })
}

fn elicitation_defaults(call: CompositeCall<'_>) -> Run<'_> {
    Box::pin(async move {
        let schema = json!({
            "type": "object",
            "properties": {
                "name": {"type": "string", "description": "Your name", "default": "John Doe"},
                "age": {"type": "integer", "description": "Your age", "default": 30},
                "score": {"type": "number", "description": "Your score", "default": 95.5},
                "status": {
                    "type": "string",
                    "description": "Your status",
                    "enum": ["active", "inactive", "pending"],
                    "default": "active"
                },
                "verified": {"type": "boolean", "description": "Verified?", "default": true}
            }
        });
        let answer = call
            .ctx
            .elicit("Please review and update the form fields".into(), schema)
            .await?;
        text(format!("Elicitation completed: {}", describe(&answer)))
    })
}

fn elicitation_enums(call: CompositeCall<'_>) -> Run<'_> {
    Box::pin(async move {
        let schema = json!({
            "type": "object",
            "properties": {
                "untitledSingle": {
                    "type": "string",
                    "description": "Pick one",
                    "enum": ["option1", "option2", "option3"]
                },
                "titledSingle": {
                    "type": "string",
                    "description": "Pick one",
                    "oneOf": [
                        {"const": "value1", "title": "First Option"},
                        {"const": "value2", "title": "Second Option"},
                        {"const": "value3", "title": "Third Option"}
                    ]
                },
                "legacyEnum": {
                    "type": "string",
                    "description": "Pick one",
                    "enum": ["opt1", "opt2", "opt3"],
                    "enumNames": ["Option One", "Option Two", "Option Three"]
                },
                "untitledMulti": {
                    "type": "array",
                    "description": "Pick any",
                    "items": {"type": "string", "enum": ["option1", "option2", "option3"]}
                },
                "titledMulti": {
                    "type": "array",
                    "description": "Pick any",
                    "items": {"anyOf": [
                        {"const": "value1", "title": "First Choice"},
                        {"const": "value2", "title": "Second Choice"},
                        {"const": "value3", "title": "Third Choice"}
                    ]}
                }
            }
        });
        let answer = call
            .ctx
            .elicit("Please choose from the options".into(), schema)
            .await?;
        text(format!("Elicitation completed: {}", describe(&answer)))
    })
}

fn json_schema_tool(call: CompositeCall<'_>) -> Run<'_> {
    Box::pin(async move {
        Ok(ToolOutput::text(
            Value::Object(call.args.as_map().clone()).to_string(),
        ))
    })
}

fn custom_headers(call: CompositeCall<'_>) -> Run<'_> {
    Box::pin(async move {
        let region = call.args.str("region").unwrap_or_default();
        text(format!("region: {region}"))
    })
}

/// The elicitation form of one string field.
fn form(field: &str) -> Value {
    json!({
        "type": "object",
        "properties": { field: {"type": "string"} },
        "required": [field]
    })
}

fn elicit(message: &str, schema: Value) -> Question {
    Question::Elicit {
        message: message.into(),
        schema,
    }
}

/// A field of an accepted form, or why there is none.
fn field(answers: &BTreeMap<String, Answer>, key: &str, name: &str) -> Result<String, ToolError> {
    match answers.get(key) {
        Some(Answer::Elicited(Elicited::Accepted(content))) => Ok(match content.get(name) {
            Some(Value::String(s)) => s.clone(),
            Some(other) => other.to_string(),
            None => String::new(),
        }),
        Some(Answer::Elicited(other)) => Err(ToolError::Client(format!(
            "the user did not answer `{key}` ({})",
            describe(other)
        ))),
        _ => Err(ToolError::Client(format!("no answer to `{key}`"))),
    }
}

fn sampled(answers: &BTreeMap<String, Answer>, key: &str) -> String {
    match answers.get(key) {
        Some(Answer::Sampled(text)) => text.clone(),
        _ => String::new(),
    }
}

fn root_list(answers: &BTreeMap<String, Answer>, key: &str) -> String {
    match answers.get(key) {
        Some(Answer::Roots(roots)) => roots
            .iter()
            .map(|r| r.uri.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        _ => String::new(),
    }
}

fn missing_capability(call: CompositeCall<'_>) -> Run<'_> {
    Box::pin(async move {
        let question = Question::Sample {
            prompt: "Say hello".into(),
            max_tokens: 20,
        };
        let answers = call.ctx.ask(vec![("greeting".into(), question)]).await?;
        text(format!("Sampled: {}", sampled(&answers, "greeting")))
    })
}

fn streaming_elicitation(call: CompositeCall<'_>) -> Run<'_> {
    Box::pin(async move {
        let question = elicit("What is your name?", form("name"));
        let answers = call.ctx.ask(vec![("user_name".into(), question)]).await?;
        text(format!("Hello, {}!", field(&answers, "user_name", "name")?))
    })
}

fn logging_tool(call: CompositeCall<'_>) -> Run<'_> {
    Box::pin(async move {
        for step in ["started", "working", "finished"] {
            call.ctx.log(
                LogLevel::Info,
                "conformance",
                json!(format!("logging tool {step}")),
            );
        }
        text("Logging tool executed")
    })
}

fn irr_elicitation(call: CompositeCall<'_>) -> Run<'_> {
    Box::pin(async move {
        let question = elicit("What is your name?", form("name"));
        let answers = call.ctx.ask(vec![("user_name".into(), question)]).await?;
        text(format!("Hello, {}!", field(&answers, "user_name", "name")?))
    })
}

fn irr_sampling(call: CompositeCall<'_>) -> Run<'_> {
    Box::pin(async move {
        let question = Question::Sample {
            prompt: "What is the capital of France?".into(),
            max_tokens: 100,
        };
        let answers = call
            .ctx
            .ask(vec![("capital_question".into(), question)])
            .await?;
        text(format!(
            "The model answered: {}",
            sampled(&answers, "capital_question")
        ))
    })
}

fn irr_list_roots(call: CompositeCall<'_>) -> Run<'_> {
    Box::pin(async move {
        let answers = call
            .ctx
            .ask(vec![("client_roots".into(), Question::Roots)])
            .await?;
        text(format!(
            "The client's roots: {}",
            root_list(&answers, "client_roots")
        ))
    })
}

fn confirm() -> Question {
    elicit(
        "Please confirm",
        json!({
            "type": "object",
            "properties": {"ok": {"type": "boolean"}},
            "required": ["ok"]
        }),
    )
}

fn irr_request_state(call: CompositeCall<'_>) -> Run<'_> {
    Box::pin(async move {
        let answers = call.ctx.ask(vec![("confirm".into(), confirm())]).await?;
        let ok = field(&answers, "confirm", "ok")?;
        if call.ctx.resumed() {
            text(format!(
                "state-ok: the sealed request state verified; ok={ok}"
            ))
        } else {
            text(format!("confirmed without a request state; ok={ok}"))
        }
    })
}

fn irr_tampered_state(call: CompositeCall<'_>) -> Run<'_> {
    Box::pin(async move {
        let answers = call.ctx.ask(vec![("confirm".into(), confirm())]).await?;
        text(format!(
            "confirmed: ok={}",
            field(&answers, "confirm", "ok")?
        ))
    })
}

fn irr_multiple_inputs(call: CompositeCall<'_>) -> Run<'_> {
    Box::pin(async move {
        let answers = call
            .ctx
            .ask(vec![
                (
                    "user_name".into(),
                    elicit("What is your name?", form("name")),
                ),
                (
                    "greeting".into(),
                    Question::Sample {
                        prompt: "Generate a greeting".into(),
                        max_tokens: 50,
                    },
                ),
                ("client_roots".into(), Question::Roots),
            ])
            .await?;
        text(format!(
            "{} {}! Your roots: {}",
            sampled(&answers, "greeting"),
            field(&answers, "user_name", "name")?,
            root_list(&answers, "client_roots")
        ))
    })
}

fn irr_multi_round(call: CompositeCall<'_>) -> Run<'_> {
    Box::pin(async move {
        let step1 = call
            .ctx
            .ask(vec![(
                "step1".into(),
                elicit("Step 1: What is your name?", form("name")),
            )])
            .await?;
        let name = field(&step1, "step1", "name")?;
        let step2 = call
            .ctx
            .ask(vec![(
                "step2".into(),
                elicit("Step 2: What is your favorite color?", form("color")),
            )])
            .await?;
        let color = field(&step2, "step2", "color")?;
        text(format!("{name} likes {color}"))
    })
}

fn irr_capabilities(call: CompositeCall<'_>) -> Run<'_> {
    Box::pin(async move {
        let ctx = call.ctx;
        let mut questions = Vec::new();
        if ctx.supports(ClientFeature::Elicitation) {
            questions.push((
                "user_name".to_owned(),
                elicit("What is your name?", form("name")),
            ));
        }
        if ctx.supports(ClientFeature::Sampling) {
            questions.push((
                "greeting".to_owned(),
                Question::Sample {
                    prompt: "Generate a greeting".into(),
                    max_tokens: 50,
                },
            ));
        }
        if questions.is_empty() {
            return text("The client can answer no questions; nothing was asked.");
        }
        let asked: Vec<String> = questions.iter().map(|(key, _)| key.clone()).collect();
        call.ctx.ask(questions).await?;
        text(format!("Answered: {}", asked.join(", ")))
    })
}

const STRING: ParamType = ParamType::String;

/// Every fixture tool, in the order `tools/list` shows them.
pub static TOOLS: &[ToolDef] = &[
    fixture(
        "test_simple_text",
        "Returns a simple text response.",
        &[],
        simple_text,
    ),
    fixture(
        "test_image_content",
        "Returns an image.",
        &[],
        image_content,
    ),
    fixture(
        "test_audio_content",
        "Returns an audio clip.",
        &[],
        audio_content,
    ),
    fixture(
        "test_embedded_resource",
        "Returns an embedded text resource.",
        &[],
        embedded_resource,
    ),
    fixture(
        "test_multiple_content_types",
        "Returns text, an image and an embedded resource.",
        &[],
        multiple_content_types,
    ),
    fixture(
        "test_tool_with_logging",
        "Sends three log messages while it runs.",
        &[],
        tool_with_logging,
    ),
    fixture(
        "test_error_handling",
        "Always fails with a tool error.",
        &[],
        error_handling,
    ),
    fixture(
        "test_tool_with_progress",
        "Reports progress 0, 50 and 100 of 100.",
        &[],
        tool_with_progress,
    ),
    fixture(
        "test_sampling",
        "Asks the client's model to complete a prompt.",
        &[Param::new("prompt", STRING, "The prompt to send to the model.").required()],
        sampling,
    ),
    fixture(
        "test_elicitation",
        "Asks the user for a username and an email address.",
        &[Param::new("message", STRING, "The message to show the user.").required()],
        elicitation,
    ),
    fixture(
        "test_elicitation_sep1034_defaults",
        "Asks the user a form whose fields have default values.",
        &[],
        elicitation_defaults,
    ),
    fixture(
        "test_elicitation_sep1330_enums",
        "Asks the user a form with every kind of enum field.",
        &[],
        elicitation_enums,
    ),
    ToolDef {
        schema_extra: Some(
            r##"{
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "$defs": {"address": {
                    "$anchor": "addressDef",
                    "type": "object",
                    "properties": {"street": {"type": "string"}, "city": {"type": "string"}}
                }},
                "allOf": [{"anyOf": [{"required": ["phone"]}, {"required": ["email"]}]}],
                "if": {"properties": {"contactMethod": {"const": "phone"}}, "required": ["contactMethod"]},
                "then": {"required": ["phone"]},
                "else": {"required": ["email"]}
            }"##,
        ),
        ..fixture(
            "json_schema_2020_12_tool",
            "Tool with JSON Schema 2020-12 features.",
            &[
                Param::new("name", STRING, ""),
                Param::new(
                    "address",
                    ParamType::Schema(r##"{"$ref": "#/$defs/address"}"##),
                    "",
                ),
                Param::new("contactMethod", ParamType::Enum(&["phone", "email"]), ""),
                Param::new("phone", STRING, ""),
                Param::new("email", STRING, ""),
            ],
            json_schema_tool,
        )
    },
    fixture(
        "test_custom_headers",
        "Echoes a region that the client mirrors into the Mcp-Param-Region header.",
        &[Param::new(
            "region",
            ParamType::Schema(r#"{"type": "string", "x-mcp-header": "Region"}"#),
            "The region to echo.",
        )
        .required()],
        custom_headers,
    ),
    fixture(
        "test_missing_capability",
        "Needs the client's sampling capability.",
        &[],
        missing_capability,
    ),
    fixture(
        "test_streaming_elicitation",
        "Asks the user's name (an input_required result on 2026-07-28).",
        &[],
        streaming_elicitation,
    ),
    fixture(
        "test_logging_tool",
        "Logs three messages.",
        &[],
        logging_tool,
    ),
    fixture(
        "test_input_required_result_elicitation",
        "Asks the user's name, then greets them.",
        &[],
        irr_elicitation,
    ),
    fixture(
        "test_input_required_result_sampling",
        "Asks the client's model a question.",
        &[],
        irr_sampling,
    ),
    fixture(
        "test_input_required_result_list_roots",
        "Asks the client for its roots.",
        &[],
        irr_list_roots,
    ),
    fixture(
        "test_input_required_result_request_state",
        "Asks for a confirmation and reports whether the request state came back verified.",
        &[],
        irr_request_state,
    ),
    fixture(
        "test_input_required_result_multiple_inputs",
        "Asks a form, a completion and the roots at once.",
        &[],
        irr_multiple_inputs,
    ),
    fixture(
        "test_input_required_result_multi_round",
        "Asks two forms, one round after the other.",
        &[],
        irr_multi_round,
    ),
    fixture(
        "test_input_required_result_tampered_state",
        "Asks for a confirmation; a tampered request state is refused.",
        &[],
        irr_tampered_state,
    ),
    fixture(
        "test_input_required_result_capabilities",
        "Asks only what the client declared it can answer.",
        &[],
        irr_capabilities,
    ),
];

/// The fixture tools, for the registry of a server started with `--conformance-fixtures`.
pub fn fixture_tools() -> Vec<&'static ToolDef> {
    TOOLS.iter().collect()
}

fn arg<'a>(args: &'a BTreeMap<String, String>, name: &str) -> &'a str {
    args.get(name).map(String::as_str).unwrap_or("")
}

fn simple_prompt(_args: &BTreeMap<String, String>) -> Vec<PromptMessage> {
    vec![PromptMessage::new_text(
        Role::User,
        "This is a simple prompt for testing.",
    )]
}

fn prompt_with_arguments(args: &BTreeMap<String, String>) -> Vec<PromptMessage> {
    vec![PromptMessage::new_text(
        Role::User,
        format!(
            "Prompt with arguments: arg1='{}', arg2='{}'",
            arg(args, "arg1"),
            arg(args, "arg2")
        ),
    )]
}

fn complete_arg(_argument: &str, typed: &str) -> Vec<String> {
    ["paris", "park", "party"]
        .into_iter()
        .filter(|v| v.starts_with(typed))
        .map(str::to_owned)
        .collect()
}

fn prompt_with_embedded_resource(args: &BTreeMap<String, String>) -> Vec<PromptMessage> {
    let resource = ResourceContents::text(
        "Embedded resource content for testing.",
        arg(args, "resourceUri"),
    )
    .with_mime_type("text/plain");
    vec![
        PromptMessage::new(Role::User, ContentBlock::resource(resource)),
        PromptMessage::new_text(Role::User, "Please process the embedded resource above."),
    ]
}

fn prompt_with_image(_args: &BTreeMap<String, String>) -> Vec<PromptMessage> {
    vec![
        PromptMessage::new(Role::User, ContentBlock::image(PNG_BASE64, "image/png")),
        PromptMessage::new_text(Role::User, "Please analyze the image above."),
    ]
}

fn input_required_prompt(args: &BTreeMap<String, String>) -> Vec<PromptMessage> {
    vec![PromptMessage::new_text(
        Role::User,
        format!("Answer using this context: {}", arg(args, "context")),
    )]
}

pub static PROMPTS: &[PromptDef] = &[
    PromptDef {
        name: "test_simple_prompt",
        title: "Simple prompt",
        description: "A prompt without arguments.",
        arguments: &[],
        messages: Messages::Render(simple_prompt),
        tools: &[],
        inputs: &[],
        complete: None,
    },
    PromptDef {
        name: "test_prompt_with_arguments",
        title: "Prompt with arguments",
        description: "A prompt that substitutes two arguments.",
        arguments: &[
            PromptArg::text("arg1", "First test argument").required(),
            PromptArg::text("arg2", "Second test argument").required(),
        ],
        messages: Messages::Render(prompt_with_arguments),
        tools: &[],
        inputs: &[],
        complete: Some(complete_arg),
    },
    PromptDef {
        name: "test_prompt_with_embedded_resource",
        title: "Prompt with an embedded resource",
        description: "A prompt that embeds the resource named by its argument.",
        arguments: &[PromptArg::text("resourceUri", "URI of the resource to embed").required()],
        messages: Messages::Render(prompt_with_embedded_resource),
        tools: &[],
        inputs: &[],
        complete: None,
    },
    PromptDef {
        name: "test_prompt_with_image",
        title: "Prompt with an image",
        description: "A prompt that shows an image.",
        arguments: &[],
        messages: Messages::Render(prompt_with_image),
        tools: &[],
        inputs: &[],
        complete: None,
    },
    PromptDef {
        name: "test_input_required_result_prompt",
        title: "Prompt that asks for context",
        description: "A prompt that asks the user for context before it renders.",
        arguments: &[],
        messages: Messages::Render(input_required_prompt),
        tools: &[],
        inputs: &[PromptInput {
            key: "user_context",
            message: "What context should the prompt use?",
            schema: r#"{"type": "object", "properties": {"context": {"type": "string"}}, "required": ["context"]}"#,
        }],
        complete: None,
    },
];

fn static_text(_registry: &Registry) -> Body {
    Body::Text("This is the content of the static text resource.".into())
}

fn static_binary(_registry: &Registry) -> Body {
    Body::Blob(PNG_BASE64.into())
}

fn watched(_registry: &Registry) -> Body {
    Body::Text("This resource can be subscribed to.".into())
}

pub static RESOURCES: &[ResourceDef] = &[
    ResourceDef {
        uri: "test://static-text",
        name: "static-text",
        title: "Static text",
        description: "A static text resource.",
        mime_type: "text/plain",
        read: static_text,
    },
    ResourceDef {
        uri: "test://static-binary",
        name: "static-binary",
        title: "Static binary",
        description: "A static PNG image.",
        mime_type: "image/png",
        read: static_binary,
    },
    ResourceDef {
        uri: "test://watched-resource",
        name: "watched-resource",
        title: "Watched resource",
        description: "A resource clients subscribe to.",
        mime_type: "text/plain",
        read: watched,
    },
];

fn template_data(_registry: &Registry, vars: &[String]) -> Option<Body> {
    let id = vars.first()?;
    Some(Body::Text(
        json!({"id": id, "templateTest": true, "data": format!("Data for ID: {id}")}).to_string(),
    ))
}

fn complete_nothing(_registry: &Registry, _variable: &str, _typed: &str) -> Vec<String> {
    Vec::new()
}

pub static TEMPLATES: &[TemplateDef] = &[TemplateDef {
    uri_template: "test://template/{id}/data",
    name: "template-data",
    title: "Template data",
    description: "Data for the id in the URI.",
    mime_type: "application/json",
    read: template_data,
    complete: complete_nothing,
}];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixtures_are_valid_catalogue_rows() {
        let registry = Registry::new(fixture_tools()).expect("fixture names follow the rules");
        assert!(registry.tools().iter().all(|d| d.service == Service::Test));
        // Every schema derives (Schema fragments and schema_extra are valid JSON).
        for def in registry.tools() {
            let schema = zscaler_catalogue::schema::input_schema(def);
            assert_eq!(schema["type"], "object", "{}", def.name);
        }
        let json_schema = registry.get("json_schema_2020_12_tool").unwrap();
        let schema = zscaler_catalogue::schema::input_schema(json_schema);
        assert_eq!(schema["$defs"]["address"]["$anchor"], "addressDef");
        assert_eq!(schema["additionalProperties"], false);
    }
}
