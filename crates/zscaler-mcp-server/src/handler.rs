//! The rmcp `ServerHandler`: tools from the catalogue, prompts, resources, completions,
//! logging and resource subscriptions. One instance per legacy session (its log level and
//! subscriptions are per session); the tables are shared.
//!
//! 2026-07-28 requests that need the client (elicitation, sampling, roots) are answered with an
//! `input_required` result carrying the questions and a sealed `requestState` ([`crate::mrtr`]).

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::time::Instant;

use rmcp::model::{
    CallToolRequestParams, CallToolResponse, CallToolResult, ClientCapabilities,
    CompleteRequestParams, CompleteResult, CompletionInfo, ContentBlock, ErrorData,
    GetPromptRequestParams, GetPromptResponse, GetPromptResult, Implementation,
    InputRequiredResult, ListPromptsResult, ListResourceTemplatesResult, ListResourcesResult,
    ListToolsResult, LoggingLevel, PaginatedRequestParams, Prompt, PromptArgument, ProtocolVersion,
    ReadResourceRequestParams, ReadResourceResponse, ReadResourceResult, Reference, Resource,
    ResourceContents, ResourceTemplate, ServerCapabilities, ServerConfig, SetLevelRequestParams,
    SubscribeRequestParams, SubscriptionFilter, Tool, UnsubscribeRequestParams,
};
use rmcp::service::RequestContext;
use rmcp::{RoleServer, ServerHandler};
use serde_json::{Value, json};
use tokio::sync::Mutex;
use zscaler_catalogue::{
    Answer, ClientFeature, Elicited, Question, Registry, ToolContext, ToolError, engine::Engine,
};
use zscaler_oneapi::{ClientPool, Credentials, OneApiClient, Tenant};

use crate::audit::{AuditLog, Outcome, Record};
use crate::context::{CallContext, Rounds, caller_of};
use crate::mrtr::{self, StateSeal};
use crate::prompts::{ArgKind, PromptDef};
use crate::resources::{Body, RESOURCES, ResourceDef, TEMPLATES, TemplateDef, match_template};
use crate::tenant::{TENANT_RESOURCES, TenantResource};
use crate::workflows::WORKFLOWS;
use crate::{SERVER_NAME, SERVER_VERSION, convert};

/// Knobs of the protocol surface.
#[derive(Debug, Clone)]
pub struct ServerOptions {
    /// Tools per `tools/list` page. Large by default: many clients never follow `nextCursor`.
    pub tools_page_size: usize,
    /// The log level of a legacy session before the client sets one.
    pub default_log_level: Option<LoggingLevel>,
    /// Serve the conformance suite's fixture prompts and resources too (its fixture tools
    /// belong in the registry: [`crate::fixture_tools`]).
    #[cfg(feature = "conformance")]
    pub conformance_fixtures: bool,
    /// Where each tool call is recorded (`ZSCALER_MCP_AUDIT_LOG`); `None`: not recorded.
    pub audit: Option<Arc<AuditLog>>,
    /// Tenant passthrough (`ZSCALER_MCP_AUTH_PASSTHROUGH`): a caller that authenticated with
    /// its own OneAPI credentials gets calls made with them, on a client of its own.
    pub tenants: Option<Arc<ClientPool>>,
}

impl Default for ServerOptions {
    fn default() -> Self {
        ServerOptions {
            tools_page_size: 500,
            default_log_level: Some(LoggingLevel::Info),
            audit: None,
            tenants: None,
            #[cfg(feature = "conformance")]
            conformance_fixtures: false,
        }
    }
}

struct Shared {
    registry: Registry,
    engine: Engine,
    tools: Vec<Tool>,
    client: Option<OneApiClient>,
    options: ServerOptions,
    instructions: String,
    prompts: Vec<&'static PromptDef>,
    resources: Vec<&'static ResourceDef>,
    templates: Vec<&'static TemplateDef>,
    /// Tenant summaries whose list tool is enabled.
    tenant_resources: Vec<&'static TenantResource>,
    seal: StateSeal,
}

/// The MCP server. Clone it per session ([`ZscalerMcp::session`]); clones share the tables
/// and the OneAPI client.
#[derive(Clone)]
pub struct ZscalerMcp {
    shared: Arc<Shared>,
    log_level: Arc<Mutex<Option<LoggingLevel>>>,
    /// URIs this session subscribed to (`resources/subscribe`).
    subscriptions: Arc<Mutex<BTreeSet<String>>>,
}

impl ZscalerMcp {
    fn audit(&self, record: &Record<'_>) {
        if let Some(log) = &self.shared.options.audit {
            log.write(record);
        }
    }

    /// `client` is `None` when no credentials are configured: tools then say so when called.
    pub fn new(
        registry: Registry,
        client: Option<OneApiClient>,
        engine: Engine,
        options: ServerOptions,
    ) -> Self {
        let writes_open = engine.settings().writes.why_closed().is_none();
        let tools = registry
            .tools()
            .iter()
            .map(|d| {
                let mut tool = convert::tool(d);
                // Discover mode's caller reaches write tools when writes are allowed.
                if d.name == "zscaler_call_tool"
                    && writes_open
                    && let Some(annotations) = tool.annotations.as_mut()
                {
                    annotations.read_only_hint = Some(false);
                    annotations.destructive_hint = Some(true);
                }
                tool
            })
            .collect();
        let instructions = crate::instructions(&registry);
        #[allow(unused_mut)]
        let mut prompts: Vec<&'static PromptDef> = WORKFLOWS
            .iter()
            .filter(|p| p.offered(engine.catalogue()))
            .collect();
        let tenant_resources = TENANT_RESOURCES
            .iter()
            .filter(|r| r.offered(engine.catalogue()))
            .collect();
        #[allow(unused_mut)]
        let mut resources: Vec<&'static ResourceDef> = RESOURCES.iter().collect();
        #[allow(unused_mut)]
        let mut templates: Vec<&'static TemplateDef> = TEMPLATES.iter().collect();
        #[cfg(feature = "conformance")]
        if options.conformance_fixtures {
            prompts.extend(crate::fixtures::PROMPTS);
            resources.extend(crate::fixtures::RESOURCES);
            templates.extend(crate::fixtures::TEMPLATES);
        }
        let default_level = options.default_log_level;
        ZscalerMcp {
            shared: Arc::new(Shared {
                seal: StateSeal::new(engine.keys()),
                registry,
                engine,
                tools,
                client,
                options,
                instructions,
                prompts,
                resources,
                templates,
                tenant_resources,
            }),
            log_level: Arc::new(Mutex::new(default_level)),
            subscriptions: Arc::default(),
        }
    }

    /// A handler for a new session: shared tables, its own log level.
    pub fn session(&self) -> Self {
        ZscalerMcp {
            shared: self.shared.clone(),
            log_level: Arc::new(Mutex::new(self.shared.options.default_log_level)),
            subscriptions: Arc::default(),
        }
    }

    pub fn registry(&self) -> &Registry {
        &self.shared.registry
    }

    /// The catalogue's tools as listed, for tests and docs.
    pub fn listed_tools(&self) -> &[Tool] {
        &self.shared.tools
    }

    /// The client a tool call runs on: with passthrough, the caller's own tenant's; otherwise
    /// (or for a caller without credentials of its own) the server's.
    fn client_for(&self, context: &RequestContext<RoleServer>) -> Option<OneApiClient> {
        let own = || self.shared.client.clone();
        let Some(pool) = &self.shared.options.tenants else {
            return own();
        };
        let Some(caller) = context
            .extensions
            .get::<http::request::Parts>()
            .and_then(|parts| parts.extensions.get::<zscaler_mcp_auth::Principal>())
            .and_then(|principal| principal.caller_credentials.as_ref())
        else {
            return own();
        };
        let built = pool.client(&caller.key(), || Tenant {
            token_url: caller.token_url.clone(),
            credentials: Credentials::secret(&caller.client_id, caller.client_secret()),
            customer_id: caller.customer_id.clone(),
        });
        match built {
            Ok(client) => Some(client),
            Err(error) => {
                // The caller's URLs were checked when it authenticated; this is not expected.
                tracing::error!(%error, client_id = caller.client_id, "cannot build the caller's OneAPI client");
                None
            }
        }
    }

    /// Every record `tool` lists for the caller of `context`.
    async fn tenant_records(
        &self,
        tool: &str,
        context: &RequestContext<RoleServer>,
    ) -> Result<Vec<Value>, ErrorData> {
        let client = self.client_for(context);
        let ctx = CallContext::new(client.as_ref(), context, None);
        let records = crate::tenant::records(&self.shared.engine, tool, &ctx).await;
        ctx.finish().await;
        records.map_err(|e| ErrorData::internal_error(e.0, Some(json!({ "tool": tool }))))
    }

    /// Reads a tenant summary or one of its records; `None` when `uri` is not one.
    async fn read_tenant(
        &self,
        uri: &str,
        context: &RequestContext<RoleServer>,
    ) -> Result<Option<ResourceContents>, ErrorData> {
        let not_found = || {
            ErrorData::resource_not_found(
                format!("Resource not found: {uri}"),
                Some(json!({ "uri": uri })),
            )
        };
        for resource in &self.shared.tenant_resources {
            let doc = if resource.uri == uri {
                let records = self.tenant_records(resource.tool, context).await?;
                crate::tenant::summarise(resource, &records)
            } else if let Some(vars) = match_template(resource.item_template, uri) {
                let wanted = percent_encoding::percent_decode_str(&vars[0])
                    .decode_utf8()
                    .map_err(|_| not_found())?;
                let records = self.tenant_records(resource.tool, context).await?;
                crate::tenant::find(resource, &records, &wanted)
                    .cloned()
                    .ok_or_else(not_found)?
            } else {
                continue;
            };
            let text = serde_json::to_string_pretty(&doc).unwrap_or_default();
            return Ok(Some(body_contents(
                Body::Text(text),
                uri,
                "application/json",
            )));
        }
        Ok(None)
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

impl ZscalerMcp {
    /// True when `uri` names a resource this server can read.
    fn resource_exists(&self, uri: &str) -> bool {
        self.shared.resources.iter().any(|r| r.uri == uri)
            || self.shared.tenant_resources.iter().any(|r| r.uri == uri)
            || self.shared.templates.iter().any(|t| {
                match_template(t.uri_template, uri)
                    .is_some_and(|vars| (t.read)(&self.shared.registry, &vars).is_some())
            })
    }

    /// The answers to a prompt's questions as extra arguments, or the `input_required` result
    /// asking them (2026-07-28). Protocol errors come out as the outer error.
    async fn prompt_inputs(
        &self,
        prompt: &PromptDef,
        request: &mut GetPromptRequestParams,
        context: &RequestContext<RoleServer>,
    ) -> Result<Result<BTreeMap<String, String>, InputRequiredResult>, ErrorData> {
        let modern = is_modern(context);
        let scope = format!("prompts/get:{}", prompt.name);
        let mut ctx = CallContext::new(None, context, None);
        if modern {
            ctx = ctx.with_rounds(open_rounds(
                &self.shared.seal,
                &scope,
                request.request_state.as_deref(),
                request.input_responses.take(),
            )?);
        }
        let questions = prompt
            .inputs
            .iter()
            .map(|input| {
                let schema = serde_json::from_str(input.schema)
                    .map_err(|e| ErrorData::internal_error(format!("prompt form: {e}"), None))?;
                Ok((
                    input.key.to_owned(),
                    Question::Elicit {
                        message: input.message.to_owned(),
                        schema,
                    },
                ))
            })
            .collect::<Result<Vec<_>, ErrorData>>()?;
        let outcome = ctx.ask(questions).await;
        let result = match outcome {
            Ok(answers) => {
                let mut args = BTreeMap::new();
                for (key, answer) in answers {
                    let Answer::Elicited(Elicited::Accepted(Value::Object(fields))) = answer else {
                        return Err(ErrorData::invalid_params(
                            format!("prompt {} needs an answer to `{key}`", prompt.name),
                            Some(json!({ "inputResponse": key })),
                        ));
                    };
                    for (field, value) in fields {
                        let text = match value {
                            Value::String(s) => s,
                            other => other.to_string(),
                        };
                        args.insert(field, text);
                    }
                }
                Ok(Ok(args))
            }
            Err(ToolError::InputRequired(questions)) if ctx.rounds().is_some() => Ok(Err(
                input_required(&ctx, &self.shared.seal, &scope, &questions)?,
            )),
            Err(error) => Err(client_error(&error, modern)
                .unwrap_or_else(|| ErrorData::invalid_params(error.to_string(), None))),
        };
        ctx.finish().await;
        result
    }
}

fn is_modern(context: &RequestContext<RoleServer>) -> bool {
    context
        .meta
        .protocol_version()
        .is_some_and(|v| v.as_str() >= ProtocolVersion::V_2026_07_28.as_str())
}

/// The `ClientCapabilities` object naming one capability, as -32021 errors report it.
fn required_capability(feature: ClientFeature) -> ClientCapabilities {
    serde_json::from_value(json!({ feature.key(): {} })).unwrap_or_default()
}

/// What a round of a 2026-07-28 request answered, or the -32602 error refusing its
/// `requestState`.
fn open_rounds(
    seal: &StateSeal,
    scope: &str,
    state: Option<&str>,
    responses: Option<rmcp::model::InputResponses>,
) -> Result<Rounds, ErrorData> {
    Rounds::new(seal, scope, state, responses).map_err(|reason| {
        ErrorData::invalid_params(
            format!("requestState is not valid ({reason}); repeat the request without it"),
            Some(json!({ "field": "requestState" })),
        )
    })
}

/// The `input_required` result asking `questions`, with the state of what is answered.
fn input_required(
    ctx: &CallContext<'_>,
    seal: &StateSeal,
    scope: &str,
    questions: &[(String, Question)],
) -> Result<InputRequiredResult, ErrorData> {
    let requests = mrtr::input_requests(questions)
        .map_err(|reason| ErrorData::internal_error(reason, None))?;
    let state = ctx.rounds().map(|rounds| rounds.next_state(seal, scope));
    Ok(InputRequiredResult::new(Some(requests), state))
}

/// Protocol errors for the questions a call could not put to the client.
fn client_error(error: &ToolError, modern: bool) -> Option<ErrorData> {
    match error {
        ToolError::MissingCapability(feature) if modern => Some(
            ErrorData::missing_required_client_capability(required_capability(*feature)),
        ),
        ToolError::InvalidAnswer { key, .. } => Some(ErrorData::invalid_params(
            error.to_string(),
            Some(json!({ "inputResponse": key })),
        )),
        _ => None,
    }
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
            .enable_resources_subscribe()
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
        let index = self.shared.registry.position(name)?;
        Some(self.shared.tools[index].clone())
    }

    async fn call_tool(
        &self,
        mut request: CallToolRequestParams,
        context: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, ErrorData> {
        let name = request.name.to_string();
        // Legacy names resolve to the one-action tool the arguments call for; unlisted.
        // Unlisted but enabled tools (discover mode) and legacy names answer too, with the
        // same checks.
        let def = self.shared.registry.get(&name).or_else(|| {
            self.shared
                .engine
                .resolve(&name, request.arguments.as_ref())
        });
        let started = Instant::now();
        let Some(def) = def else {
            crate::metrics::tool_call(None, Outcome::ProtocolError, started.elapsed());
            self.audit(&Record {
                caller: &caller_of(&context),
                tool: &name,
                arguments: request.arguments.as_ref(),
                outcome: Outcome::ProtocolError,
                error: Some("unknown tool"),
                duration: started.elapsed(),
                request_ids: &[],
            });
            return Err(ErrorData::invalid_params(
                format!("Unknown tool: {name}"),
                Some(json!({ "tool": name })),
            ));
        };
        let modern = is_modern(&context);
        let min_level = self.min_log_level(&context).await;
        let client = self.client_for(&context);
        let mut ctx = CallContext::new(client.as_ref(), &context, min_level);
        let scope = format!("tools/call:{name}");
        if modern {
            ctx = ctx.with_rounds(open_rounds(
                &self.shared.seal,
                &scope,
                request.request_state.as_deref(),
                request.input_responses.take(),
            )?);
        }
        // Kept for the audit record; the engine takes the arguments.
        let audited_arguments = self
            .shared
            .options
            .audit
            .as_ref()
            .and(request.arguments.clone());
        let (outcome, request_ids) = zscaler_oneapi::trace::collect(self.shared.engine.call(
            def,
            request.arguments.take(),
            &ctx,
        ))
        .await;
        let elapsed_ms = started.elapsed().as_millis() as u64;
        let (audit_outcome, audit_error) = match &outcome {
            Ok(output) if output.is_error => (
                Outcome::ToolError,
                output.content.iter().find_map(|c| match c {
                    zscaler_catalogue::Content::Text(text) => Some(text.clone()),
                    _ => None,
                }),
            ),
            Ok(_) => (Outcome::Ok, None),
            Err(ToolError::Cancelled) => (Outcome::Cancelled, None),
            Err(ToolError::InputRequired(_)) if ctx.rounds().is_some() => {
                (Outcome::InputRequired, None)
            }
            Err(error) => (Outcome::ToolError, Some(error.to_string())),
        };
        crate::metrics::tool_call(Some(def.name), audit_outcome, started.elapsed());
        self.audit(&Record {
            caller: &ctx.caller(),
            tool: def.name,
            arguments: audited_arguments.as_ref(),
            outcome: audit_outcome,
            error: audit_error.as_deref(),
            duration: started.elapsed(),
            request_ids: &request_ids,
        });
        let response = match outcome {
            Ok(output) => {
                tracing::info!(
                    tool = def.name,
                    elapsed_ms,
                    is_error = output.is_error,
                    "tool call"
                );
                Ok(convert::output(output).into())
            }
            Err(ToolError::Cancelled) => {
                tracing::info!(tool = def.name, elapsed_ms, "tool call cancelled");
                Err(ErrorData::new(
                    rmcp::model::ErrorCode(-32800),
                    "request cancelled",
                    None,
                ))
            }
            Err(ToolError::InputRequired(questions)) if ctx.rounds().is_some() => {
                tracing::info!(tool = def.name, elapsed_ms, "tool call needs input");
                input_required(&ctx, &self.shared.seal, &scope, &questions).map(Into::into)
            }
            Err(error) => {
                tracing::info!(tool = def.name, elapsed_ms, error = %error, "tool call failed");
                match client_error(&error, modern) {
                    Some(protocol_error) => Err(protocol_error),
                    None => Ok(
                        CallToolResult::error(vec![ContentBlock::text(error.to_string())]).into(),
                    ),
                }
            }
        };
        ctx.finish().await;
        response
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
        mut request: GetPromptRequestParams,
        context: RequestContext<RoleServer>,
    ) -> Result<GetPromptResponse, ErrorData> {
        let Some(prompt) = self.shared.prompts.iter().find(|p| p.name == request.name) else {
            return Err(ErrorData::invalid_params(
                format!("Unknown prompt: {}", request.name),
                Some(json!({ "prompt": request.name })),
            ));
        };
        let mut args = BTreeMap::new();
        for (key, value) in request.arguments.take().unwrap_or_default() {
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
            let spec = prompt.arguments.iter().find(|a| a.name == key);
            let text = match spec {
                Some(spec) if !text.trim().is_empty() => spec.check(&text).map_err(|why| {
                    ErrorData::invalid_params(
                        format!("prompt {} argument `{key}` {why}", prompt.name),
                        Some(json!({ "argument": key })),
                    )
                })?,
                _ => text,
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
        if !prompt.inputs.is_empty() {
            match self.prompt_inputs(prompt, &mut request, &context).await? {
                // Arguments the client passed win over a form field of the same name.
                Ok(answers) => {
                    for (field, value) in answers {
                        args.entry(field).or_insert(value);
                    }
                }
                Err(needs_input) => return Ok(GetPromptResponse::InputRequired(needs_input)),
            }
        }
        let messages = prompt.render(&args);
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
            .chain(self.shared.tenant_resources.iter().map(|r| {
                Resource::new(r.uri, r.name)
                    .with_title(r.title)
                    .with_description(r.description)
                    .with_mime_type("application/json")
            }))
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
            .chain(self.shared.tenant_resources.iter().map(|r| {
                ResourceTemplate::new(r.item_template, format!("{}-item", r.name))
                    .with_title(format!("{}: one record", r.title))
                    .with_description(format!(
                        "One record of {} in full, by its `{}`.",
                        r.uri, r.key
                    ))
                    .with_mime_type("application/json")
            }))
            .collect();
        Ok(ListResourceTemplatesResult::with_all_items(templates))
    }

    async fn read_resource(
        &self,
        request: ReadResourceRequestParams,
        context: RequestContext<RoleServer>,
    ) -> Result<ReadResourceResponse, ErrorData> {
        let uri = request.uri.as_str();
        let registry = &self.shared.registry;
        if let Some(contents) = self.read_tenant(uri, &context).await? {
            return Ok(ReadResourceResponse::Complete(ReadResourceResult::new(
                vec![contents],
            )));
        }
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
        context: RequestContext<RoleServer>,
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
                match (
                    prompt.complete,
                    prompt.arguments.iter().find(|a| a.name == variable),
                ) {
                    (Some(complete), _) => complete(variable, typed),
                    (None, Some(arg)) => match arg.kind {
                        ArgKind::Choice(values) => values
                            .iter()
                            .filter(|v| v.to_lowercase().starts_with(&typed.to_lowercase()))
                            .map(|v| (*v).to_owned())
                            .collect(),
                        ArgKind::Tenant { tool, field } => {
                            let records = self.tenant_records(tool, &context).await?;
                            crate::tenant::suggestions(&records, field, typed)
                        }
                        // The default is the one number worth suggesting.
                        ArgKind::Integer { .. } => {
                            arg.default.map(str::to_owned).into_iter().collect()
                        }
                        ArgKind::Text => Vec::new(),
                    },
                    (None, None) => {
                        return Err(ErrorData::invalid_params(
                            format!("prompt {} has no argument `{variable}`", prompt.name),
                            Some(json!({ "argument": variable })),
                        ));
                    }
                }
            }
            Reference::Resource(reference) => {
                if let Some(resource) = self
                    .shared
                    .tenant_resources
                    .iter()
                    .find(|r| r.item_template == reference.uri)
                {
                    let records = self.tenant_records(resource.tool, &context).await?;
                    crate::tenant::suggestions(&records, resource.key, typed)
                } else {
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

    async fn subscribe(
        &self,
        request: SubscribeRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<(), ErrorData> {
        if !self.resource_exists(&request.uri) {
            return Err(ErrorData::resource_not_found(
                format!("Resource not found: {}", request.uri),
                Some(json!({ "uri": request.uri })),
            ));
        }
        self.subscriptions.lock().await.insert(request.uri);
        Ok(())
    }

    async fn unsubscribe(
        &self,
        request: UnsubscribeRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<(), ErrorData> {
        self.subscriptions.lock().await.remove(&request.uri);
        Ok(())
    }

    fn accepted_subscription_filter(
        &self,
        requested: &SubscriptionFilter,
    ) -> Option<SubscriptionFilter> {
        // Every category the server advertises is accepted (rmcp drops the others); resource
        // subscriptions only for resources that exist.
        let mut accepted = requested.clone();
        if let Some(uris) = accepted.resource_subscriptions.as_mut() {
            uris.retain(|uri| self.resource_exists(uri));
        }
        Some(accepted)
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
