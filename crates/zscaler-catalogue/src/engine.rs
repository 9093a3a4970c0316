//! Runs a catalogue row: validate, build the OneAPI request, send it, shape the result.

use serde_json::{Map, Value, json};
use zscaler_oneapi::{
    OneApiClient, PageProgress, PageRequest, Paging, Request, encode_path_segment,
};

use crate::args::Args;
use crate::context::{LogLevel, ToolContext, ToolOutput};
use crate::error::ToolError;
use crate::model::{CompositeCall, Location, Method, Op, Output, Param, ParamType, ToolDef};

/// Items a list walk returns when the caller sets no `max_items`.
pub const DEFAULT_MAX_ITEMS: u64 = 1000;
/// The most a caller may ask one call to collect.
pub const MAX_ITEMS_LIMIT: u64 = 10_000;
const DEFAULT_PAGE_SIZE: u64 = 100;
/// The `logger` of the engine's log notifications.
const LOGGER: &str = "zscaler.oneapi";

/// Runs `def` with `raw` arguments. Cancelling `ctx` drops the in-flight upstream request.
pub async fn call(
    def: &'static ToolDef,
    raw: Option<Map<String, Value>>,
    ctx: &dyn ToolContext,
) -> Result<ToolOutput, ToolError> {
    let args = Args::validate(def, raw)?;
    let run = async {
        match def.op {
            Op::Http {
                method,
                path,
                paging,
            } => http(def, method, path, paging, &args, ctx).await,
            Op::Composite(handler) => {
                handler(CompositeCall {
                    def,
                    args: &args,
                    ctx,
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
    for param in params.iter().filter(|p| p.location == Location::Path) {
        let value = args
            .get(param.name)
            .map(scalar_text)
            .ok_or_else(|| ToolError::invalid(param.name, "is required"))?;
        path = path.replace(&format!("{{{}}}", param.name), &encode_path_segment(&value));
    }
    Ok(path)
}

fn build_request(
    def: &ToolDef,
    method: Method,
    path: String,
    args: &Args,
) -> Result<Request, ToolError> {
    let mut req = match method {
        Method::Get => Request::get(path),
        Method::Post => Request::post(path),
        Method::Put => Request::put(path),
        Method::Delete => Request::delete(path),
    };
    let mut body = Map::new();
    for param in def.params {
        let Some(value) = args.get(param.name) else {
            continue;
        };
        match param.location {
            Location::Query => {
                let text = match value {
                    Value::Array(items) => {
                        items.iter().map(scalar_text).collect::<Vec<_>>().join(",")
                    }
                    other => scalar_text(other),
                };
                req = req.query(param.wire_name(), text);
            }
            Location::Body if param.ty == ParamType::Object && param.wire == Some("*") => {
                if let Value::Object(fields) = value {
                    body.extend(fields.clone());
                }
            }
            Location::Body => {
                body.insert(param.wire_name().to_owned(), value.clone());
            }
            Location::Path | Location::Local => {}
        }
    }
    if !body.is_empty() || matches!(method, Method::Post | Method::Put) {
        req = req.json(Value::Object(body));
    }
    Ok(req)
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

async fn http(
    def: &'static ToolDef,
    method: Method,
    path: &'static str,
    paging: Option<Paging>,
    args: &Args,
    ctx: &dyn ToolContext,
) -> Result<ToolOutput, ToolError> {
    let client = ctx.client()?;
    let path = build_path(path, def.params, args, client)?;
    let req = build_request(def, method, path, args)?;
    let Some(paging) = paging else {
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
        return Ok(shape(def, response.body));
    };
    let page_size = bounded(args, "page_size", DEFAULT_PAGE_SIZE, 10_000)? as u32;
    if args.get("page").is_some() {
        let page = bounded(args, "page", 1, u32::MAX as u64)? as u32;
        let page = client
            .list_page(req, paging, PageRequest::new(page, page_size))
            .await
            .inspect_err(|e| report(ctx, def, e))?;
        let mut out = json!({
            "items": page.items,
            "count": page.items.len(),
            "page": page.page,
        });
        if let Some(total) = page.total {
            out["total"] = total.into();
        }
        if let Some(next) = page.next_page {
            out["next_page"] = next.into();
        }
        if let Some(cursor) = page.next_cursor {
            out["next_cursor"] = cursor.into();
        }
        return Ok(ToolOutput::structured(out));
    }
    let max_items = bounded(args, "max_items", DEFAULT_MAX_ITEMS, MAX_ITEMS_LIMIT)? as usize;
    let progress = |p: PageProgress| {
        let total = p.total.map(|t| t.min(max_items as u64) as f64);
        ctx.progress(
            p.collected as f64,
            total,
            Some(format!(
                "page {} fetched, {} items so far",
                p.page, p.collected
            )),
        );
    };
    let mut pages = 0u32;
    let on_page = |p: PageProgress| {
        pages = p.page;
        progress(p);
    };
    let (items, truncated) = client
        .list_all_observed(req, paging, page_size, max_items, on_page)
        .await
        .inspect_err(|e| report(ctx, def, e))?;
    ctx.log(
        LogLevel::Debug,
        LOGGER,
        json!({"tool": def.name, "pages": pages, "items": items.len(), "truncated": truncated}),
    );
    Ok(ToolOutput::structured(json!({
        "count": items.len(),
        "truncated": truncated,
        "items": items,
    })))
}

/// Tells the client's log what went wrong upstream (the tool result says it too).
fn report(ctx: &dyn ToolContext, def: &ToolDef, error: &zscaler_oneapi::Error) {
    ctx.log(
        LogLevel::Error,
        LOGGER,
        json!({"tool": def.name, "error": error.to_string()}),
    );
}

/// Turns an upstream body into the row's output shape.
fn shape(def: &ToolDef, body: Value) -> ToolOutput {
    match (def.output, body) {
        (Output::Content, body) => ToolOutput::text(match body {
            Value::String(s) => s,
            other => other.to_string(),
        }),
        (_, Value::Object(map)) => ToolOutput::structured(Value::Object(map)),
        (Output::List, Value::Array(items)) => ToolOutput::structured(json!({
            "count": items.len(),
            "items": items,
        })),
        // A write that answers 204 (or an empty body) still deserves a clear result.
        (_, Value::Null) => ToolOutput::structured(json!({"ok": true})),
        (_, other) => ToolOutput::structured(json!({ "result": other })),
    }
}
