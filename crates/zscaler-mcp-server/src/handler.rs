//! The rmcp `ServerHandler`: tools from the catalogue, prompts, resources, completions and
//! logging. One instance per legacy session (its log level is per session); the tables are
//! shared.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Instant;

use rmcp::model::{
    CallToolRequestParams, CallToolResponse, CallToolResult, CompleteRequestParams, CompleteResult,
    CompletionInfo, ContentBlock, ErrorData, GetPromptRequestParams, GetPromptResponse,
    GetPromptResult, Implementation, ListPromptsResult, ListResourceTemplatesResult,
    ListResourcesResult, ListToolsResult, LoggingLevel, PaginatedRequestParams, Prompt,
    PromptArgument, ProtocolVersion, ReadResourceRequestParams, ReadResourceResponse,
    ReadResourceResult, Reference, Resource, ResourceContents, ResourceTemplate,
    ServerCapabilities, ServerConfig, SetLevelRequestParams, Tool,
};
use rmcp::service::RequestContext;
use rmcp::{RoleServer, ServerHandler};
use serde_json::{Value, json};
use tokio::sync::Mutex;
use zscaler_catalogue::{Registry, ToolError, engine};
use zscaler_oneapi::OneApiClient;

use crate::context::CallContext;
use crate::prompts::{PROMPTS, PromptDef};
use crate::resources::{Body, RESOURCES, ResourceDef, TEMPLATES, TemplateDef, match_template};
use crate::{SERVER_NAME, SERVER_VERSION, convert};

/// Knobs of the protocol surface.
#[derive(Debug, Clone)]
pub struct ServerOptions {
    /// Tools per `tools/list` page. Large by default: many clients never follow `nextCursor`.
    pub tools_page_size: usize,
    /// The log level of a legacy session before the client sets one.
    pub default_log_level: Option<LoggingLevel>,
}

impl Default for ServerOptions {
    fn default() -> Self {
        ServerOptions {
            tools_page_size: 500,
            default_log_level: Some(LoggingLevel::Info),
        }
    }
}

struct Shared {
    registry: Registry,
    tools: Vec<Tool>,
    client: Option<OneApiClient>,
    options: ServerOptions,
    instructions: String,
    prompts: Vec<&'static PromptDef>,
    resources: Vec<&'static ResourceDef>,
    templates: Vec<&'static TemplateDef>,
}

/// The MCP server. Clone it per session ([`ZscalerMcp::session`]); clones share the tables
/// and the OneAPI client.
#[derive(Clone)]
pub struct ZscalerMcp {
    shared: Arc<Shared>,
    log_level: Arc<Mutex<Option<LoggingLevel>>>,
}

impl ZscalerMcp {
    /// `client` is `None` when no credentials are configured: tools then say so when called.
    pub fn new(registry: Registry, client: Option<OneApiClient>, options: ServerOptions) -> Self {
        let tools = registry.tools().iter().map(|d| convert::tool(d)).collect();
        let instructions = crate::instructions(&registry);
        let prompts: Vec<&'static PromptDef> = PROMPTS.iter().collect();
        let resources: Vec<&'static ResourceDef> = RESOURCES.iter().collect();
        let templates: Vec<&'static TemplateDef> = TEMPLATES.iter().collect();
        let default_level = options.default_log_level;
        ZscalerMcp {
            shared: Arc::new(Shared {
                registry,
                tools,
                client,
                options,
                instructions,
                prompts,
                resources,
                templates,
            }),
            log_level: Arc::new(Mutex::new(default_level)),
        }
    }

    /// A handler for a new session: shared tables, its own log level.
    pub fn session(&self) -> Self {
        ZscalerMcp {
            shared: self.shared.clone(),
            log_level: Arc::new(Mutex::new(self.shared.options.default_log_level)),
        }
    }

    pub fn registry(&self) -> &Registry {
        &self.shared.registry
    }

    /// The catalogue's tools as listed, for tests and docs.
    pub fn listed_tools(&self) -> &[Tool] {
        &self.shared.tools
    }

    async fn min_log_level(&self, context: &RequestContext<RoleServer>) -> Option<LoggingLevel> {
        if is_modern(context) {
            // 2026-07-28: logs only for requests that ask for them, at the level they ask.
            context.meta.log_level()
        } else {
            *self.log_level.lock().await
        }
    }
}

fn is_modern(context: &RequestContext<RoleServer>) -> bool {
    context
        .meta
        .protocol_version()
        .is_some_and(|v| v.as_str() >= ProtocolVersion::V_2026_07_28.as_str())
}

/// Decodes an opaque list cursor into an offset into a list of `len` items.
fn cursor_offset(cursor: Option<&str>, len: usize) -> Result<usize, ErrorData> {
    let Some(cursor) = cursor else {
        return Ok(0);
    };
    cursor
        .strip_prefix("o")
        .and_then(|n| n.parse::<usize>().ok())
        .filter(|&n| n > 0 && n < len)
        .ok_or_else(|| {
            ErrorData::invalid_params(
                "invalid cursor: pass back the nextCursor of a previous list result",
                Some(json!({ "cursor": cursor })),
            )
        })
}

fn body_contents(body: Body, uri: &str, mime_type: &str) -> ResourceContents {
    match body {
        Body::Text(text) => ResourceContents::text(text, uri).with_mime_type(mime_type),
        Body::Blob(blob) => ResourceContents::blob(blob, uri).with_mime_type(mime_type),
    }
}

impl ServerHandler for ZscalerMcp {
    fn get_info(&self) -> ServerConfig {
        let capabilities = ServerCapabilities::builder()
            .enable_tools()
            .enable_prompts()
            .enable_resources()
            .enable_logging()
            .enable_completions()
            .build();
        let mut info = ServerConfig::new(capabilities);
        info.server_info = Implementation::new(SERVER_NAME, SERVER_VERSION)
            .with_title("Zscaler MCP server")
            .with_description(
                "Tools for the Zscaler Zero Trust Exchange through the Zscaler OneAPI",
            );
        info.instructions = Some(self.shared.instructions.clone());
        info
    }

    async fn list_tools(
        &self,
        request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListToolsResult, ErrorData> {
        let all = &self.shared.tools;
        let start = cursor_offset(
            request.as_ref().and_then(|r| r.cursor.as_deref()),
            all.len(),
        )?;
        let end = (start + self.shared.options.tools_page_size.max(1)).min(all.len());
        let mut result = ListToolsResult::with_all_items(all[start..end].to_vec());
        if end < all.len() {
            result.next_cursor = Some(format!("o{end}"));
        }
        Ok(result)
    }

    fn get_tool(&self, name: &str) -> Option<Tool> {
        let index = self
            .shared
            .registry
            .tools()
            .iter()
            .position(|d| d.name == name)?;
        Some(self.shared.tools[index].clone())
    }

    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        context: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, ErrorData> {
        let name = request.name.as_ref();
        let Some(def) = self.shared.registry.get(name) else {
            return Err(ErrorData::invalid_params(
                format!("Unknown tool: {name}"),
                Some(json!({ "tool": name })),
            ));
        };
        let started = Instant::now();
        let min_level = self.min_log_level(&context).await;
        let ctx = CallContext::new(self.shared.client.as_ref(), &context, min_level);
        let outcome = engine::call(def, request.arguments, &ctx).await;
        ctx.finish().await;
        let elapsed_ms = started.elapsed().as_millis() as u64;
        let result = match outcome {
            Ok(output) => {
                tracing::info!(
                    tool = def.name,
                    elapsed_ms,
                    is_error = output.is_error,
                    "tool call"
                );
                convert::output(output)
            }
            Err(ToolError::Cancelled) => {
                tracing::info!(tool = def.name, elapsed_ms, "tool call cancelled");
                return Err(ErrorData::new(
                    rmcp::model::ErrorCode(-32800),
                    "request cancelled",
                    None,
                ));
            }
            Err(error) => {
                tracing::info!(tool = def.name, elapsed_ms, error = %error, "tool call failed");
                CallToolResult::error(vec![ContentBlock::text(error.to_string())])
            }
        };
        Ok(result.into())
    }

    async fn list_prompts(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListPromptsResult, ErrorData> {
        let prompts = self
            .shared
            .prompts
            .iter()
            .map(|p| {
                let arguments = p
                    .arguments
                    .iter()
                    .map(|a| {
                        PromptArgument::new(a.name)
                            .with_description(a.description)
                            .with_required(a.required)
                    })
                    .collect::<Vec<_>>();
                let arguments = (!arguments.is_empty()).then_some(arguments);
                Prompt::new(p.name, Some(p.description), arguments).with_title(p.title)
            })
            .collect();
        Ok(ListPromptsResult::with_all_items(prompts))
    }

    async fn get_prompt(
        &self,
        request: GetPromptRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<GetPromptResponse, ErrorData> {
        let Some(prompt) = self.shared.prompts.iter().find(|p| p.name == request.name) else {
            return Err(ErrorData::invalid_params(
                format!("Unknown prompt: {}", request.name),
                Some(json!({ "prompt": request.name })),
            ));
        };
        let mut args = BTreeMap::new();
        for (key, value) in request.arguments.unwrap_or_default() {
            if !prompt.arguments.iter().any(|a| a.name == key) {
                return Err(ErrorData::invalid_params(
                    format!("prompt {} has no argument `{key}`", prompt.name),
                    Some(json!({ "argument": key })),
                ));
            }
            let text = match value {
                Value::String(s) => s,
                other => other.to_string(),
            };
            args.insert(key, text);
        }
        for arg in prompt.arguments.iter().filter(|a| a.required) {
            if args.get(arg.name).is_none_or(|v| v.trim().is_empty()) {
                return Err(ErrorData::invalid_params(
                    format!("prompt {} needs argument `{}`", prompt.name, arg.name),
                    Some(json!({ "argument": arg.name })),
                ));
            }
        }
        let messages = (prompt.render)(&args);
        Ok(GetPromptResponse::Complete(
            GetPromptResult::new(messages).with_description(prompt.description),
        ))
    }

    async fn list_resources(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListResourcesResult, ErrorData> {
        let resources = self
            .shared
            .resources
            .iter()
            .map(|r| {
                Resource::new(r.uri, r.name)
                    .with_title(r.title)
                    .with_description(r.description)
                    .with_mime_type(r.mime_type)
            })
            .collect();
        Ok(ListResourcesResult::with_all_items(resources))
    }

    async fn list_resource_templates(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListResourceTemplatesResult, ErrorData> {
        let templates = self
            .shared
            .templates
            .iter()
            .map(|t| {
                ResourceTemplate::new(t.uri_template, t.name)
                    .with_title(t.title)
                    .with_description(t.description)
                    .with_mime_type(t.mime_type)
            })
            .collect();
        Ok(ListResourceTemplatesResult::with_all_items(templates))
    }

    async fn read_resource(
        &self,
        request: ReadResourceRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<ReadResourceResponse, ErrorData> {
        let uri = request.uri.as_str();
        let registry = &self.shared.registry;
        let contents = if let Some(r) = self.shared.resources.iter().find(|r| r.uri == uri) {
            Some(body_contents((r.read)(registry), uri, r.mime_type))
        } else {
            self.shared.templates.iter().find_map(|t| {
                let vars = match_template(t.uri_template, uri)?;
                let body = (t.read)(registry, &vars)?;
                Some(body_contents(body, uri, t.mime_type))
            })
        };
        match contents {
            Some(contents) => Ok(ReadResourceResponse::Complete(ReadResourceResult::new(
                vec![contents],
            ))),
            None => Err(ErrorData::resource_not_found(
                format!("Resource not found: {uri}"),
                Some(json!({ "uri": uri })),
            )),
        }
    }

    async fn complete(
        &self,
        request: CompleteRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<CompleteResult, ErrorData> {
        let typed = request.argument.value.as_str();
        let variable = request.argument.name.as_str();
        let values = match &request.r#ref {
            Reference::Prompt(reference) => {
                let Some(prompt) = self
                    .shared
                    .prompts
                    .iter()
                    .find(|p| p.name == reference.name)
                else {
                    return Err(ErrorData::invalid_params(
                        format!("Unknown prompt: {}", reference.name),
                        Some(json!({ "prompt": reference.name })),
                    ));
                };
                prompt
                    .complete
                    .map(|f| f(variable, typed))
                    .unwrap_or_default()
            }
            Reference::Resource(reference) => {
                let Some(template) = self
                    .shared
                    .templates
                    .iter()
                    .find(|t| t.uri_template == reference.uri)
                else {
                    return Err(ErrorData::invalid_params(
                        format!("Unknown resource template: {}", reference.uri),
                        Some(json!({ "uri": reference.uri })),
                    ));
                };
                (template.complete)(&self.shared.registry, variable, typed)
            }
            _ => {
                return Err(ErrorData::invalid_params(
                    "completion/complete: unsupported `ref` type",
                    None,
                ));
            }
        };
        let total = values.len();
        let mut values = values;
        values.truncate(100);
        let completion = CompletionInfo::with_pagination(values, Some(total as u32), total > 100)
            .map_err(|e| ErrorData::internal_error(e, None))?;
        Ok(CompleteResult::new(completion))
    }

    async fn set_level(
        &self,
        request: SetLevelRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<(), ErrorData> {
        *self.log_level.lock().await = Some(request.level);
        Ok(())
    }
}
