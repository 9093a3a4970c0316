//! Runs a catalogue row: validate, check the write gate, build the OneAPI request, read what an
//! update or delete acts on, confirm it with the user, send, and shape the result.

use serde_json::{Map, Value, json};
use zscaler_oneapi::{
    OneApiClient, PageProgress, PageRequest, Paging, Request, encode_path_segment,
};

use crate::args::Args;
use crate::confirm::{Confirmations, Keys};
use crate::context::{Answer, Elicited, LogLevel, Question, ToolContext, ToolOutput};
use crate::error::ToolError;
use crate::graphql;
use crate::model::{
    Action, CompositeCall, Current, Location, Method, Op, Output, Param, ParamType, ToolDef, Window,
};
use crate::output::{self, DEFAULT_MAX_RESPONSE_BYTES, Format, Listed, Shaping};

/// Items one `all: true` call collects at most.
pub const MAX_WALK_ITEMS: usize = 10_000;
const DEFAULT_PAGE_SIZE: u32 = 100;
/// Page size of a walk when the caller sets none (the products clamp it to their maximum).
const WALK_PAGE_SIZE: u32 = 500;
const MAX_PAGE_SIZE: u64 = 10_000;
/// The `logger` of the engine's log notifications.
const LOGGER: &str = "zscaler.oneapi";
/// The argument that carries a confirmation token back.
pub const CONFIRMATION_TOKEN: &str = "confirmation_token";

/// Which write tools may run: none unless writes are enabled *and* the tool matches the
/// allowlist (`--enable-write-tools` with `--write-tools`).
#[derive(Debug, Clone, Default)]
pub struct WriteGate {
    enabled: bool,
    allow: Vec<glob::Pattern>,
}

impl WriteGate {
    pub fn read_only() -> WriteGate {
        WriteGate::default()
    }

    /// `patterns` are shell globs (`zpa_*`, `zia_update_location`); a bad one is named.
    pub fn new(enabled: bool, patterns: &[String]) -> Result<WriteGate, String> {
        let allow = patterns
            .iter()
            .map(|p| glob::Pattern::new(p).map_err(|e| format!("`{p}`: {e}")))
            .collect::<Result<_, _>>()?;
        Ok(WriteGate { enabled, allow })
    }

    pub fn allows(&self, tool: &str) -> bool {
        self.enabled && self.allow.iter().any(|p| p.matches(tool))
    }

    /// Why no write tool can run, when none can.
    pub fn why_closed(&self) -> Option<&'static str> {
        match (self.enabled, self.allow.is_empty()) {
            (false, true) => Some("write tools are off (read-only by default)"),
            (false, false) => Some(
                "ZSCALER_MCP_WRITE_TOOLS is set but writes are not enabled: add --enable-write-tools (ZSCALER_MCP_WRITE_ENABLED=true)",
            ),
            (true, true) => Some(
                "writes are enabled but no tool is allowed: list them with --write-tools (ZSCALER_MCP_WRITE_TOOLS), e.g. 'zia_*,zpa_update_*'",
            ),
            (true, false) => None,
        }
    }
}

/// How the engine treats every call.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The cap on one reply's JSON (`ZSCALER_MCP_MAX_RESPONSE_BYTES`).
    pub max_response_bytes: usize,
    /// Clean strings before the agent reads them (off with
    /// `ZSCALER_MCP_DISABLE_OUTPUT_SANITIZATION`).
    pub sanitize: bool,
    /// The list format when a call does not choose.
    pub default_format: Format,
    pub writes: WriteGate,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            sanitize: true,
            default_format: Format::Json,
            writes: WriteGate::read_only(),
        }
    }
}

/// Runs rows for one server instance.
pub struct Engine {
    settings: Settings,
    confirmations: Confirmations,
    /// Every enabled tool, listed or not (discover mode lists three and reaches these).
    catalogue: crate::Registry,
}

impl Default for Engine {
    fn default() -> Engine {
        Engine::new(
            Settings::default(),
            Confirmations::new(Keys::random(), crate::confirm::DEFAULT_TTL),
        )
    }
}

/// The record an update or delete acts on, as shown to the user.
struct Target {
    id: Option<String>,
    name: Option<String>,
    /// `field: old → new` lines of an update.
    changes: Vec<(String, Value, Value)>,
}

impl Engine {
    pub fn new(settings: Settings, confirmations: Confirmations) -> Engine {
        Engine {
            settings,
            confirmations,
            catalogue: crate::Registry::default(),
        }
    }

    /// The enabled tools this engine serves to discovery and `zscaler_call_tool`.
    pub fn with_catalogue(mut self, catalogue: crate::Registry) -> Engine {
        self.catalogue = catalogue;
        self
    }

    pub fn catalogue(&self) -> &crate::Registry {
        &self.catalogue
    }

    /// The enabled tool `name` calls: by its own name, or a legacy alias resolved with `args`.
    pub fn resolve(
        &self,
        name: &str,
        args: Option<&Map<String, Value>>,
    ) -> Option<&'static ToolDef> {
        self.catalogue.get(name).or_else(|| {
            crate::resolve_alias(name, args).and_then(|canonical| self.catalogue.get(canonical))
        })
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The keys confirmation tokens are sealed with (shared with the MRTR request state).
    pub fn keys(&self) -> &Keys {
        self.confirmations.keys()
    }

    /// Runs `def` with `raw` arguments. Cancelling `ctx` drops the in-flight upstream request.
    pub async fn call(
        &self,
        def: &'static ToolDef,
        raw: Option<Map<String, Value>>,
        ctx: &dyn ToolContext,
    ) -> Result<ToolOutput, ToolError> {
        let mut args = Args::validate(def, raw)?;
        if let Some(prepare) = def.prepare {
            prepare(&mut args)?;
        }
        if let Some(format) = args.get("format")
            && format.as_str().and_then(Format::parse).is_none()
        {
            return Err(ToolError::invalid(
                "format",
                format!("must be \"json\" or \"csv\", got {format}"),
            ));
        }
        if def.action.is_write() && !self.settings.writes.allows(def.name) {
            return Err(ToolError::WriteDisabled {
                tool: def.name,
                why: self
                    .settings
                    .writes
                    .why_closed()
                    .unwrap_or("it is not in the write allowlist (--write-tools)"),
            });
        }
        let run = async {
            match def.op {
                Op::Http {
                    method,
                    path,
                    paging,
                } => self.http(def, method, path, paging, &args, ctx).await,
                Op::Graphql(op) => self.graphql(def, op, &args, ctx).await,
                Op::Composite(handler) => {
                    handler(CompositeCall {
                        def,
                        args: &args,
                        ctx,
                        engine: self,
                    })
                    .await
                }
            }
        };
        tokio::select! {
            biased;
            () = ctx.cancellation().cancelled() => Err(ToolError::Cancelled),
            result = run => result,
        }
    }

    fn shaping<'a>(&self, def: &ToolDef, args: &'a Args) -> Shaping<'a> {
        Shaping {
            sanitize: self.settings.sanitize,
            budget: self.settings.max_response_bytes,
            query: args.str("query"),
            format: args
                .str("format")
                .and_then(Format::parse)
                .unwrap_or(self.settings.default_format),
            untrusted: def.untrusted,
        }
    }

    async fn http(
        &self,
        def: &'static ToolDef,
        method: Method,
        path: &'static str,
        paging: Option<Paging>,
        args: &Args,
        ctx: &dyn ToolContext,
    ) -> Result<ToolOutput, ToolError> {
        let client = ctx.client()?;
        let window = days_window(def, args)?;
        let mut path = build_path(path, def.params, args, client)?;
        if let Some((w, start, end)) = window
            && w.location == Location::Path
        {
            path = path
                .replace(&format!("{{{}}}", w.start), &start.to_string())
                .replace(&format!("{{{}}}", w.end), &end.to_string());
        }
        if def.output == Output::List {
            let body = with_window(body_of(def, args), window);
            let req = with_window_query(build_request(def, method, path, args, body), window);
            let listed = list(def, req, paging, args, ctx).await?;
            return output::list_output(listed, self.shaping(def, args));
        }
        let body = match def.action {
            Action::Update | Action::Delete => {
                let current = match def.current {
                    Current::SamePath => Some(path.clone()),
                    Current::Path(template) => {
                        Some(build_path(template, def.params, args, client)?)
                    }
                    Current::None => None,
                };
                let mut body = body_of(def, args);
                let mut target = Target {
                    id: id_argument(def, args),
                    name: None,
                    changes: Vec::new(),
                };
                if let Some(current) = current {
                    match fetch(client, ctx, def, current).await {
                        Ok(record) => {
                            target.name = display_name(&record);
                            if def.action == Action::Update {
                                let (mut merged, changes) = overlay(record, body.take());
                                if let Value::Object(fields) = &mut merged {
                                    for field in def.immutable {
                                        fields.remove(*field);
                                    }
                                }
                                target.changes = changes;
                                body = Some(merged);
                            }
                        }
                        // Nothing to delete: say so rather than ask about a ghost.
                        Err(e) if def.action == Action::Delete && !is_not_found(&e) => {
                            ctx.log(
                                LogLevel::Warning,
                                LOGGER,
                                json!({"tool": def.name, "message": "could not read the record to name it", "error": e.to_string()}),
                            );
                        }
                        Err(e) => return Err(e),
                    }
                }
                if let Some(stop) = self.confirm(def, args, ctx, &target).await? {
                    return Ok(stop);
                }
                body
            }
            Action::Read | Action::Create => with_window(body_of(def, args), window),
        };
        let req = with_window_query(build_request(def, method, path, args, body), window);
        let response = client
            .send(req)
            .await
            .inspect_err(|e| report(ctx, def, e))?;
        if response.attempts > 1 {
            ctx.log(
                LogLevel::Notice,
                LOGGER,
                json!({"tool": def.name, "attempts": response.attempts,
                       "message": "Zscaler answered after retries"}),
            );
        }
        let shaping = self.shaping(def, args);
        match (def.output, response.body) {
            (Output::Content, Value::String(text)) => Ok(output::text_output(text, shaping)),
            (Output::Content, other) => Ok(output::text_output(other.to_string(), shaping)),
            // A write that answers 204 (or an empty body) still deserves a clear result.
            (_, Value::Null) if def.action.is_write() => Ok(ToolOutput::structured(
                json!({"ok": true, "tool": def.name, "id": id_argument(def, args)}),
            )),
            (_, body) => output::object_output(body, shaping),
        }
    }

    /// Runs a GraphQL row: one request (or one per page for a connection walked with `all`).
    async fn graphql(
        &self,
        def: &'static ToolDef,
        op: &'static graphql::Operation,
        args: &Args,
        ctx: &dyn ToolContext,
    ) -> Result<ToolOutput, ToolError> {
        let client = ctx.client()?;
        let customer = if op.needs_customer_id() {
            Some(client.customer_id()?)
        } else {
            None
        };
        let product = def.service.label();
        let shaping = self.shaping(def, args);
        let fetch = |page: Option<(u32, u32)>| async move {
            let body = graphql::request(op, args, customer, page)?;
            let response = client
                .send(Request::post(op.endpoint).json(body))
                .await
                .inspect_err(|e| report(ctx, def, e))?;
            graphql::data(op, product, response.body)
        };
        let Some(key) = op.items else {
            return output::object_output(fetch(None).await?, shaping);
        };
        let (all, page) = page_choice(args)?;
        let default_size = if all {
            WALK_PAGE_SIZE
        } else {
            DEFAULT_PAGE_SIZE
        };
        let page_size = bounded(args, "page_size", u64::from(default_size), MAX_PAGE_SIZE)? as u32;
        let items_of = |mut value: Value| match value.get_mut(key).map(Value::take) {
            Some(Value::Array(items)) => items,
            _ => Vec::new(),
        };
        if op.pages == graphql::Pages::Whole {
            let items = items_of(fetch(None).await?);
            return output::list_output(page_locally(items, all, page, page_size), shaping);
        }
        let info = |value: &Value, name: &str| {
            value
                .pointer(&format!("/pageInfo/{name}"))
                .and_then(Value::as_u64)
        };
        if !all {
            let value = fetch(Some((page, page_size))).await?;
            let total = info(&value, "totalCount");
            let pages = info(&value, "totalPages");
            let listed = Listed {
                total,
                page: Some(page),
                page_size,
                next_page: pages.and_then(|p| (u64::from(page) < p).then_some(page + 1)),
                items: items_of(value),
                ..Listed::default()
            };
            return output::list_output(listed, shaping);
        }
        let mut items = Vec::new();
        let mut total = None;
        let mut current = 1u32;
        loop {
            let value = fetch(Some((current, page_size))).await?;
            total = info(&value, "totalCount").or(total);
            let pages = info(&value, "totalPages").unwrap_or(0);
            let got = items_of(value);
            let empty = got.is_empty();
            items.extend(got);
            ctx.progress(
                items.len() as f64,
                total.map(|t| t.min(MAX_WALK_ITEMS as u64) as f64),
                Some(format!(
                    "page {current} fetched, {} items so far",
                    items.len()
                )),
            );
            if empty || u64::from(current) >= pages || items.len() >= MAX_WALK_ITEMS {
                break;
            }
            current += 1;
        }
        let capped = (items.len() > MAX_WALK_ITEMS
            || (items.len() == MAX_WALK_ITEMS && total.is_some_and(|t| t > MAX_WALK_ITEMS as u64)))
        .then(|| {
            format!("Showing the first {MAX_WALK_ITEMS} items (the most one call returns); continue with page={} and page_size={page_size}.", MAX_WALK_ITEMS as u32 / page_size + 1)
        });
        items.truncate(MAX_WALK_ITEMS);
        let listed = Listed {
            items,
            total,
            page_size,
            capped,
            ..Listed::default()
        };
        output::list_output(listed, shaping)
    }

    /// Asks before an update or delete. `Some(result)` ends the call there (declined, or a
    /// confirmation token to bring back); `None` goes ahead.
    async fn confirm(
        &self,
        def: &'static ToolDef,
        args: &Args,
        ctx: &dyn ToolContext,
        target: &Target,
    ) -> Result<Option<ToolOutput>, ToolError> {
        if def.action == Action::Update && target.changes.is_empty() && def.current != Current::None
        {
            // Nothing would change: no need to bother the user, and nothing to send.
            return Ok(Some(ToolOutput::structured(json!({
                "ok": true, "changed": false, "tool": def.name, "id": target.id,
                "message": "The record already has these values; nothing was sent."
            }))));
        }
        let summary = summarise(def, target);
        let mut bound = args.as_map().clone();
        let token = bound.remove(CONFIRMATION_TOKEN);
        let caller = ctx.caller();
        if let Some(token) = token {
            let token = token.as_str().unwrap_or_default();
            return match self.confirmations.redeem(token, def.name, &bound, &caller) {
                Ok(()) => Ok(None),
                Err(rejected) => Ok(Some(self.token_result(
                    def,
                    &bound,
                    &caller,
                    &summary,
                    Some(rejected.to_string()),
                ))),
            };
        }
        if !ctx.supports(crate::context::ClientFeature::Elicitation) {
            return Ok(Some(
                self.token_result(def, &bound, &caller, &summary, None),
            ));
        }
        let verb = if def.action == Action::Delete {
            "delete"
        } else {
            "update"
        };
        let question = Question::Elicit {
            message: summary.clone(),
            schema: json!({
                "type": "object",
                "properties": {"confirm": {
                    "type": "boolean",
                    "title": format!("Yes, {verb} it"),
                    "description": format!("Tick to {verb}; leave unticked to cancel."),
                }},
                "required": ["confirm"],
            }),
        };
        let answers = ctx.ask(vec![("confirm".to_owned(), question)]).await?;
        let accepted = match answers.get("confirm") {
            Some(Answer::Elicited(Elicited::Accepted(content))) => {
                content.get("confirm").and_then(Value::as_bool) == Some(true)
            }
            _ => false,
        };
        if accepted {
            return Ok(None);
        }
        Ok(Some(ToolOutput::structured(json!({
            "ok": false,
            "performed": false,
            "tool": def.name,
            "id": target.id,
            "message": format!("The user did not confirm: nothing was {verb}d."),
        }))))
    }

    fn token_result(
        &self,
        def: &ToolDef,
        bound: &Map<String, Value>,
        caller: &str,
        summary: &str,
        rejected: Option<String>,
    ) -> ToolOutput {
        let token = self.confirmations.issue(def.name, bound, caller);
        let ttl = self.confirmations.ttl().as_secs();
        let mut out = json!({
            "confirmation_required": true,
            "performed": false,
            "summary": summary,
            "confirmation_token": token,
            "expires_in_seconds": ttl,
            "instructions": format!(
                "Show the summary to the user and ask whether to go ahead. Only if they agree, call {} again with the same arguments plus confirmation_token. The token works once, for this exact call, within {ttl} s.",
                def.name
            ),
        });
        if let Some(reason) = rejected {
            out["rejected"] = format!("{reason}; a new token is attached").into();
        }
        ToolOutput::structured(out)
    }
}

fn summarise(def: &ToolDef, target: &Target) -> String {
    let what = def
        .title
        .split_once(' ')
        .map_or(def.title, |(_, rest)| rest);
    let what = what
        .strip_prefix("a ")
        .or_else(|| what.strip_prefix("an "))
        .unwrap_or(what);
    let verb = if def.action == Action::Delete {
        "Delete"
    } else {
        "Update"
    };
    let mut text = format!("{verb} {what}");
    if let Some(name) = &target.name {
        text.push_str(&format!(" \"{name}\""));
    }
    if let Some(id) = &target.id {
        text.push_str(&format!(" (id {id})"));
    }
    if def.action == Action::Delete {
        text.push_str(". This cannot be undone.");
    } else if !target.changes.is_empty() {
        text.push(':');
        for (field, old, new) in &target.changes {
            if crate::sanitize::is_secret_field(field) {
                // A confirmation prompt is shown and may be logged by the client: never the value.
                text.push_str(&format!("\n  {field}: (secret, changed)"));
            } else {
                text.push_str(&format!("\n  {field}: {} → {}", brief(old), brief(new)));
            }
        }
    } else {
        text.push('.');
    }
    if def.service == crate::Service::Zia {
        text.push_str("\nZIA stages the change until zia_activate_configuration.");
    }
    text
}

/// A value short enough for a confirmation line.
fn brief(value: &Value) -> String {
    let text = match value {
        Value::Null => "(unset)".to_owned(),
        other => other.to_string(),
    };
    if text.chars().count() > 120 {
        format!("{}…", text.chars().take(120).collect::<String>())
    } else {
        text
    }
}

/// The record with `body` laid over its top-level fields, and what that changes.
fn overlay(record: Value, body: Option<Value>) -> (Value, Vec<(String, Value, Value)>) {
    let mut merged = match record {
        Value::Object(map) => map,
        _ => Map::new(),
    };
    let mut changes = Vec::new();
    if let Some(Value::Object(fields)) = body {
        for (key, new) in fields {
            let old = merged.get(&key).cloned().unwrap_or(Value::Null);
            if old != new {
                changes.push((key.clone(), old, new.clone()));
            }
            merged.insert(key, new);
        }
    }
    (Value::Object(merged), changes)
}

fn display_name(record: &Value) -> Option<String> {
    [
        "name",
        "configuredName",
        "displayName",
        "userName",
        "loginName",
        "email",
        "url",
    ]
    .iter()
    .find_map(|key| record.get(*key).and_then(Value::as_str))
    .map(str::to_owned)
}

/// The value of the row's first path parameter (the id of what it acts on).
fn id_argument(def: &ToolDef, args: &Args) -> Option<String> {
    def.params
        .iter()
        .rev()
        .find(|p| p.location == Location::Path)
        .and_then(|p| args.get(p.name))
        .map(scalar_text)
}

fn is_not_found(error: &ToolError) -> bool {
    matches!(error, ToolError::Upstream(e) if e.is_not_found())
}

async fn fetch(
    client: &OneApiClient,
    ctx: &dyn ToolContext,
    def: &ToolDef,
    path: String,
) -> Result<Value, ToolError> {
    let response = client
        .send(Request::get(path))
        .await
        .inspect_err(|e| report(ctx, def, e))?;
    Ok(response.body)
}

async fn list(
    def: &'static ToolDef,
    req: Request,
    paging: Option<Paging>,
    args: &Args,
    ctx: &dyn ToolContext,
) -> Result<Listed, ToolError> {
    let client = ctx.client()?;
    let (all, page) = page_choice(args)?;
    let page_size = bounded(
        args,
        "page_size",
        u64::from(if all {
            WALK_PAGE_SIZE
        } else {
            DEFAULT_PAGE_SIZE
        }),
        MAX_PAGE_SIZE,
    )? as u32;
    let Some(paging) = paging else {
        // The API answers the whole list at once: page it here.
        let response = client
            .send(req)
            .await
            .inspect_err(|e| report(ctx, def, e))?;
        let items = match response.body {
            Value::Array(items) => items,
            Value::Object(mut map) => match map.remove("list").or_else(|| map.remove("items")) {
                Some(Value::Array(items)) => items,
                _ => vec![Value::Object(map)],
            },
            Value::Null => Vec::new(),
            other => vec![other],
        };
        return Ok(page_locally(items, all, page, page_size));
    };
    if !all {
        if paging == Paging::Cursor && page > 1 {
            // A cursor list has no page numbers: page 2 would silently be page 1 again.
            return Err(ToolError::invalid(
                "page",
                "this list pages by cursor, not by number: pass the previous result's next_cursor back as `cursor`",
            ));
        }
        let page = client
            .list_page(req, paging, PageRequest::new(page, page_size))
            .await
            .inspect_err(|e| report(ctx, def, e))?;
        return Ok(Listed {
            items: page.items,
            total: page.total,
            page: Some(page.page),
            page_size: page.page_size,
            next_page: page.next_page,
            next_cursor: page.next_cursor,
            by_cursor: paging == Paging::Cursor,
            ..Listed::default()
        });
    }
    let mut pages = 0u32;
    let mut total = None;
    let on_page = |p: PageProgress| {
        pages = p.page;
        total = p.total;
        let of = p.total.map(|t| t.min(MAX_WALK_ITEMS as u64) as f64);
        ctx.progress(
            p.collected as f64,
            of,
            Some(format!(
                "page {} fetched, {} items so far",
                p.page, p.collected
            )),
        );
    };
    let (items, truncated) = client
        .list_all_observed(req, paging, page_size, MAX_WALK_ITEMS, on_page)
        .await
        .inspect_err(|e| report(ctx, def, e))?;
    ctx.log(
        LogLevel::Debug,
        LOGGER,
        json!({"tool": def.name, "pages": pages, "items": items.len(), "truncated": truncated}),
    );
    let effective = paging.effective_page_size(page_size);
    Ok(Listed {
        capped: truncated.then(|| {
            format!("Showing the first {MAX_WALK_ITEMS} items (the most one call returns); continue with page={} and page_size={effective}.", MAX_WALK_ITEMS as u32 / effective + 1)
        }),
        items,
        total,
        page_size: effective,
        by_cursor: paging == Paging::Cursor,
        ..Listed::default()
    })
}

/// One page (or, with `all`, every item up to the walk limit) of a list the API returned whole.
fn page_locally(mut items: Vec<Value>, all: bool, page: u32, page_size: u32) -> Listed {
    let total = items.len();
    if all {
        let capped = (total > MAX_WALK_ITEMS).then(|| {
            format!("Showing the first {MAX_WALK_ITEMS} of {total} items (the most one call returns); page through the rest without `all`.")
        });
        items.truncate(MAX_WALK_ITEMS);
        return Listed {
            items,
            total: Some(total as u64),
            page_size: total as u32,
            capped,
            local: true,
            ..Listed::default()
        };
    }
    let start = (page as usize - 1)
        .saturating_mul(page_size as usize)
        .min(total);
    let end = start.saturating_add(page_size as usize).min(total);
    let items: Vec<Value> = items.drain(start..end).collect();
    Listed {
        items,
        total: Some(total as u64),
        page: Some(page),
        page_size,
        next_page: (end < total).then_some(page + 1),
        local: true,
        ..Listed::default()
    }
}

/// The row's `[now - days, now]` window in epoch seconds, when it declares one.
fn days_window(def: &ToolDef, args: &Args) -> Result<Option<(Window, i64, i64)>, ToolError> {
    let Some(window) = def.window else {
        return Ok(None);
    };
    let days = match args.get("days").and_then(Value::as_i64) {
        None => 7,
        Some(d) if (1..=365).contains(&d) => d,
        Some(d) => {
            return Err(ToolError::invalid(
                "days",
                format!("must be between 1 and 365, got {d}"),
            ));
        }
    };
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    Ok(Some((window, now - days * 86_400, now)))
}

/// Puts a body-located window into the JSON body.
fn with_window(body: Option<Value>, window: Option<(Window, i64, i64)>) -> Option<Value> {
    match window {
        Some((w, start, end)) if w.location == Location::Body => {
            let mut body = match body {
                Some(Value::Object(map)) => map,
                _ => Map::new(),
            };
            body.insert(w.start.to_owned(), json!(start));
            body.insert(w.end.to_owned(), json!(end));
            Some(Value::Object(body))
        }
        _ => body,
    }
}

/// Puts a query-located window on the request.
fn with_window_query(req: Request, window: Option<(Window, i64, i64)>) -> Request {
    match window {
        Some((w, start, end)) if w.location == Location::Query => req
            .query(w.start, start.to_string())
            .query(w.end, end.to_string()),
        _ => req,
    }
}

fn scalar_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Fills `{name}` path segments; `{customerId}` is the configured ZPA customer id.
fn build_path(
    template: &str,
    params: &[Param],
    args: &Args,
    client: &OneApiClient,
) -> Result<String, ToolError> {
    let mut path = template.to_owned();
    if path.contains("{customerId}") {
        path = path.replace("{customerId}", &encode_path_segment(client.customer_id()?));
    }
    if path.contains("{zcellCustomerId}") {
        path = path.replace(
            "{zcellCustomerId}",
            &encode_path_segment(client.zcell_customer_id()?),
        );
    }
    for param in params.iter().filter(|p| p.location == Location::Path) {
        let value = args
            .get(param.name)
            .map(scalar_text)
            .ok_or_else(|| ToolError::invalid(param.name, "is required"))?;
        path = path.replace(&format!("{{{}}}", param.name), &encode_path_segment(&value));
    }
    Ok(path)
}

/// The JSON body from body parameters: the `fields` pass-through first, named ones over it.
fn body_of(def: &ToolDef, args: &Args) -> Option<Value> {
    let mut body = Map::new();
    let mut any = false;
    for param in def.params.iter().filter(|p| p.location == Location::Body) {
        any = true;
        if param.ty == ParamType::Object
            && param.wire == Some("*")
            && let Some(Value::Object(fields)) = args.get(param.name)
        {
            body.extend(fields.clone());
        }
    }
    for param in def.params.iter().filter(|p| p.location == Location::Body) {
        if param.wire == Some("*") {
            continue;
        }
        if let Some(value) = args.get(param.name) {
            body.insert(param.wire_name().to_owned(), value.clone());
        }
    }
    (any || !body.is_empty()).then_some(Value::Object(body))
}

fn build_request(
    def: &ToolDef,
    method: Method,
    path: String,
    args: &Args,
    body: Option<Value>,
) -> Request {
    let mut req = match method {
        Method::Get => Request::get(path),
        Method::Post => Request::post(path),
        Method::Put => Request::put(path),
        Method::Delete => Request::delete(path),
    };
    for param in def.params.iter().filter(|p| p.location == Location::Query) {
        let Some(value) = args.get(param.name) else {
            continue;
        };
        let text = match value {
            Value::Array(items) => items.iter().map(scalar_text).collect::<Vec<_>>().join(","),
            other => scalar_text(other),
        };
        req = req.query(param.wire_name(), text);
    }
    match body {
        Some(body) => req.json(body),
        None if matches!(method, Method::Post | Method::Put) => req.json(json!({})),
        None => req,
    }
}

/// A list call's `all` and `page`, which exclude each other.
fn page_choice(args: &Args) -> Result<(bool, u32), ToolError> {
    let all = args.bool("all") == Some(true);
    if all && args.get("page").is_some() {
        return Err(ToolError::invalid(
            "all",
            "fetches every page; leave out `page` (or leave out `all` to fetch one page)",
        ));
    }
    Ok((all, bounded(args, "page", 1, u64::from(u32::MAX))? as u32))
}

fn bounded(args: &Args, name: &str, default: u64, max: u64) -> Result<u64, ToolError> {
    match args.get(name).and_then(Value::as_i64) {
        None => Ok(default),
        Some(n) if n >= 1 && (n as u64) <= max => Ok(n as u64),
        Some(n) => Err(ToolError::invalid(
            name,
            format!("must be between 1 and {max}, got {n}"),
        )),
    }
}

/// Tells the client's log what went wrong upstream (the tool result says it too).
fn report(ctx: &dyn ToolContext, def: &ToolDef, error: &zscaler_oneapi::Error) {
    ctx.log(
        LogLevel::Error,
        LOGGER,
        json!({"tool": def.name, "error": error.to_string()}),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Service;

    #[test]
    fn confirmations_name_the_record_show_the_diff_and_hide_secrets() {
        static DEF: ToolDef = ToolDef::new(
            "zpa_update_pra_credential",
            Service::Zpa,
            "zpa_pra",
            Action::Update,
            "/x/{credential_id}",
        )
        .title("Update a ZPA PRA credential");
        let target = Target {
            id: Some("7".into()),
            name: Some("jump host".into()),
            changes: vec![
                ("description".into(), json!("old"), json!("new")),
                ("password".into(), json!("hunter2"), json!("correct horse")),
            ],
        };
        let text = summarise(&DEF, &target);
        assert!(
            text.starts_with("Update ZPA PRA credential \"jump host\" (id 7):"),
            "{text}"
        );
        assert!(text.contains("description: \"old\" → \"new\""), "{text}");
        assert!(text.contains("password: (secret, changed)"), "{text}");
        assert!(
            !text.contains("hunter2") && !text.contains("correct horse"),
            "{text}"
        );
    }
}
