//! GraphQL operations as data (Z-Insights and ZMS): a row declares its operation — the field
//! path from the root, each field's arguments bound to variables, the selection set and the
//! variables with their GraphQL types and where their values come from — and [`request`]
//! builds the document from that declaration alone. User input only ever travels in
//! `variables`; [`data`] turns a GraphQL `errors` array into a tool error that names it.
//!
//! The builder lives here rather than in `zscaler-oneapi` because the declaration is part of
//! the catalogue row: the client only sends a JSON POST and knows nothing of queries.

use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::{Map, Value, json};

use crate::args::Args;
use crate::error::ToolError;
use crate::model::{Param, ParamType};

const MS_PER_DAY: i64 = 86_400_000;

/// One field on the way from the root to the data the tool returns.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    pub name: &'static str,
    /// `(argument, variable)` pairs: `start_time: $startTime`.
    pub args: &'static [(&'static str, &'static str)],
}

/// A field with no arguments (a Z-Insights domain such as `WEB_TRAFFIC`).
pub const fn field(name: &'static str) -> Field {
    Field { name, args: &[] }
}

/// A field whose arguments are bound to variables.
pub const fn field_with(
    name: &'static str,
    args: &'static [(&'static str, &'static str)],
) -> Field {
    Field { name, args }
}

/// Where a variable's value comes from. Never from text pasted into the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// The tool argument of this name; left out of `variables` when the call omits it.
    Arg(&'static str),
    /// The tool argument of this name, else this JSON value.
    ArgOr(&'static str, &'static str),
    /// A fixed JSON value (e.g. `["TIME"]` for the daily incident trend).
    Const(&'static str),
    /// `ZSCALER_CUSTOMER_ID`.
    CustomerId,
    /// The start of the time window, epoch milliseconds ([`window`]).
    WindowStart,
    /// The end of the time window, epoch milliseconds.
    WindowEnd,
    /// The 1-based page the engine asks for.
    Page,
    /// The page size the engine asks for.
    PageSize,
}

/// One declared variable: `$name: Type`.
#[derive(Debug, Clone, Copy)]
pub struct Variable {
    pub name: &'static str,
    /// The GraphQL type, e.g. `Long!`, `[IncidentsGroupBy!]!`.
    pub ty: &'static str,
    pub source: Source,
}

pub const fn var(name: &'static str, ty: &'static str, source: Source) -> Variable {
    Variable { name, ty, source }
}

/// How a list operation pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pages {
    /// The whole (limited) list comes back at once; the engine pages it locally.
    Whole,
    /// `{nodes, pageInfo{pageNumber,pageSize,totalCount,totalPages}}` paged by variables
    /// bound to [`Source::Page`] and [`Source::PageSize`] (ZMS).
    Connection,
}

/// A GraphQL operation, as a row declares it.
#[derive(Debug, Clone, Copy)]
pub struct Operation {
    /// The gateway path, e.g. `/zins/graphql`.
    pub endpoint: &'static str,
    /// The `operationName`.
    pub name: &'static str,
    /// The fields from the root down to the one whose value the tool returns.
    pub path: &'static [Field],
    /// The selection set of the last field (GraphQL syntax; may reference variables), or
    /// empty for a scalar field.
    pub selection: &'static str,
    pub variables: &'static [Variable],
    /// For list tools: the key under the last field that holds the records.
    pub items: Option<&'static str>,
    pub pages: Pages,
    /// The default window length in days when the call gives no times (7 or 14).
    pub window_days: i64,
}

impl Operation {
    pub const fn new(
        endpoint: &'static str,
        name: &'static str,
        path: &'static [Field],
        selection: &'static str,
        variables: &'static [Variable],
    ) -> Operation {
        Operation {
            endpoint,
            name,
            path,
            selection,
            variables,
            items: None,
            pages: Pages::Whole,
            window_days: 7,
        }
    }

    /// Records are under `key` of the last field, returned whole.
    pub const fn items(mut self, key: &'static str) -> Operation {
        self.items = Some(key);
        self
    }

    /// Records are a ZMS connection (`nodes` + `pageInfo`) paged by variables.
    pub const fn connection(mut self) -> Operation {
        self.items = Some("nodes");
        self.pages = Pages::Connection;
        self
    }

    pub const fn window_days(mut self, days: i64) -> Operation {
        self.window_days = days;
        self
    }

    pub fn needs_customer_id(&self) -> bool {
        self.variables
            .iter()
            .any(|v| v.source == Source::CustomerId)
    }

    fn has_window(&self) -> bool {
        self.variables
            .iter()
            .any(|v| matches!(v.source, Source::WindowStart | Source::WindowEnd))
    }

    /// The query document. Built from the declaration only; no argument reaches it.
    pub fn document(&self) -> String {
        let mut doc = format!("query {}", self.name);
        if !self.variables.is_empty() {
            let decls: Vec<String> = self
                .variables
                .iter()
                .map(|v| format!("${}: {}", v.name, v.ty))
                .collect();
            doc.push_str(&format!("({})", decls.join(", ")));
        }
        doc.push_str(" {");
        for field in self.path {
            doc.push(' ');
            doc.push_str(field.name);
            if !field.args.is_empty() {
                let args: Vec<String> = field
                    .args
                    .iter()
                    .map(|(arg, var)| format!("{arg}: ${var}"))
                    .collect();
                doc.push_str(&format!("({})", args.join(", ")));
            }
            doc.push_str(" {");
        }
        // The innermost `{` opened above is the last field's selection set; a scalar last
        // field has none.
        let selection = self
            .selection
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if selection.is_empty() {
            doc.pop();
            doc.pop();
        } else {
            doc.push(' ');
            doc.push_str(&selection);
            doc.push_str(" }");
        }
        for _ in 1..self.path.len() {
            doc.push_str(" }");
        }
        doc.push_str(" }");
        doc
    }

    /// Names used as `$name` anywhere in the document, in order of first use.
    pub fn used_variables(&self) -> Vec<String> {
        let mut used: Vec<String> = Vec::new();
        let mut text = String::new();
        for field in self.path {
            for (_, var) in field.args {
                text.push_str(&format!(" ${var}"));
            }
        }
        text.push(' ');
        text.push_str(self.selection);
        let mut rest = text.as_str();
        while let Some(at) = rest.find('$') {
            rest = &rest[at + 1..];
            let end = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            let name = &rest[..end];
            if !used.iter().any(|u| u == name) {
                used.push(name.to_owned());
            }
        }
        used
    }

    /// Declaration mistakes: a variable used but not declared or declared but never used (both
    /// refused by GraphQL servers), or an argument source naming no parameter of `params`.
    pub fn check(&self, params: &[Param]) -> Result<(), String> {
        let used = self.used_variables();
        for name in &used {
            if !self.variables.iter().any(|v| v.name == name) {
                return Err(format!("${name} is used but not declared"));
            }
        }
        for v in self.variables {
            if !used.iter().any(|u| u == v.name) {
                return Err(format!("${} is declared but not used", v.name));
            }
            match v.source {
                Source::Arg(p) | Source::ArgOr(p, _) => {
                    let Some(param) = params.iter().find(|x| x.name == p) else {
                        return Err(format!(
                            "${} reads argument `{p}`, which is not a parameter",
                            v.name
                        ));
                    };
                    if v.ty.ends_with('!') && matches!(v.source, Source::Arg(_)) && !param.required
                    {
                        return Err(format!("${} is non-null but `{p}` is optional", v.name));
                    }
                }
                _ => {}
            }
            if let Source::ArgOr(_, fallback) | Source::Const(fallback) = v.source
                && serde_json::from_str::<Value>(fallback).is_err()
            {
                return Err(format!("${}: `{fallback}` is not JSON", v.name));
            }
        }
        if self.has_window() {
            for name in WINDOW_PARAMS.iter().map(|p| p.name) {
                if !params.iter().any(|p| p.name == name) {
                    return Err(format!("the time window needs parameter `{name}`"));
                }
            }
        }
        Ok(())
    }
}

/// The time-window parameters every Z-Insights report takes: a 7- or 14-day window (the only
/// lengths the API accepts) ending `end_time`, or `end_days_ago` days ago.
pub const END_TIME: Param = Param::new("end_time", ParamType::Integer, "epoch ms");
/// The window's end in days ago (default 2); the server instructions say so once.
pub const END_DAYS_AGO: Param = Param::new("end_days_ago", ParamType::Integer, "");
/// 7 (default) or 14 days; the schema says which.
pub const WINDOW_DAYS: Param =
    Param::new("window_days", ParamType::Schema(r#"{"enum":[7,14]}"#), "");
pub const WINDOW_PARAMS: [Param; 3] = [END_TIME, END_DAYS_AGO, WINDOW_DAYS];

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

fn int_arg(args: &Args, name: &str) -> Option<i64> {
    args.get(name).and_then(Value::as_i64)
}

/// Resolves the call's window to `(start, end)` epoch milliseconds, or says what is wrong
/// with it. Z-Insights answers only whole 7- or 14-day windows that ended at least a day ago.
pub fn window(args: &Args, default_days: i64, now: i64) -> Result<(i64, i64), ToolError> {
    let days = int_arg(args, "window_days").unwrap_or(default_days);
    if days != 7 && days != 14 {
        return Err(ToolError::invalid(
            "window_days",
            format!("must be 7 or 14 (Z-Insights accepts no other window), got {days}"),
        ));
    }
    let end = match (int_arg(args, "end_time"), int_arg(args, "end_days_ago")) {
        (Some(_), Some(_)) => {
            return Err(ToolError::invalid(
                "end_days_ago",
                "give end_time or end_days_ago, not both",
            ));
        }
        (Some(end), None) => end,
        (None, Some(ago)) if !(1..=365).contains(&ago) => {
            return Err(ToolError::invalid(
                "end_days_ago",
                format!("must be between 1 and 365 days, got {ago}"),
            ));
        }
        (None, ago) => now - ago.unwrap_or(2) * MS_PER_DAY,
    };
    if end > now - MS_PER_DAY {
        return Err(ToolError::invalid(
            "end_time",
            "must be at least one day in the past: Z-Insights serves historical data with a 24-48 hour delay",
        ));
    }
    Ok((end - days * MS_PER_DAY, end))
}

/// The JSON body of a request for `op`: `{query, variables, operationName}`.
pub fn request(
    op: &Operation,
    args: &Args,
    customer_id: Option<&str>,
    page: Option<(u32, u32)>,
) -> Result<Value, ToolError> {
    let window = if op.has_window() {
        Some(window(args, op.window_days, now_ms())?)
    } else {
        None
    };
    let mut variables = Map::new();
    for v in op.variables {
        let value = match v.source {
            Source::Arg(name) => match args.get(name) {
                Some(value) => value.clone(),
                None => continue,
            },
            Source::ArgOr(name, fallback) => match args.get(name) {
                Some(value) => value.clone(),
                None => serde_json::from_str(fallback).unwrap_or(Value::Null),
            },
            Source::Const(value) => serde_json::from_str(value).unwrap_or(Value::Null),
            Source::CustomerId => match customer_id {
                Some(id) => Value::String(id.to_owned()),
                None => continue,
            },
            Source::WindowStart => window.map_or(Value::Null, |(start, _)| json!(start)),
            Source::WindowEnd => window.map_or(Value::Null, |(_, end)| json!(end)),
            Source::Page => page.map_or(json!(1), |(p, _)| json!(p)),
            Source::PageSize => page.map_or(json!(20), |(_, s)| json!(s)),
        };
        variables.insert(v.name.to_owned(), value);
    }
    Ok(json!({
        "query": op.document(),
        "variables": variables,
        "operationName": op.name,
    }))
}

/// The value at the operation's last field, or the GraphQL errors as a tool error.
pub fn data(op: &Operation, product: &str, body: Value) -> Result<Value, ToolError> {
    if let Some(errors) = body.get("errors").and_then(Value::as_array)
        && !errors.is_empty()
    {
        return Err(ToolError::Graphql(describe_errors(op, product, errors)));
    }
    let mut at = body.get("data").cloned().ok_or_else(|| {
        ToolError::Graphql(format!(
            "{product} answered {} without `data` or `errors`",
            op.name
        ))
    })?;
    for field in op.path {
        at = match at {
            Value::Object(mut map) => map.remove(field.name).unwrap_or(Value::Null),
            _ => Value::Null,
        };
    }
    Ok(at)
}

fn describe_errors(op: &Operation, product: &str, errors: &[Value]) -> String {
    let mut lines = Vec::new();
    let mut classes = Vec::new();
    for error in errors {
        let message = error
            .get("message")
            .and_then(Value::as_str)
            .unwrap_or("unknown error");
        let mut line = message.to_owned();
        if let Some(path) = error.get("path").and_then(Value::as_array) {
            let path: Vec<String> = path
                .iter()
                .map(|p| match p {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                })
                .collect();
            if !path.is_empty() {
                line.push_str(&format!(" at {}", path.join(".")));
            }
        }
        let class = error
            .pointer("/extensions/classification")
            .or_else(|| error.get("classification"))
            .and_then(Value::as_str);
        if let Some(class) = class {
            line.push_str(&format!(" ({class})"));
            classes.push(class);
        }
        lines.push(line);
    }
    let hint = if classes.contains(&"INTERNAL_ERROR") {
        " This usually means no data for this report or the feature is not licensed on the tenant."
    } else if classes.contains(&"BAD_REQUEST") || classes.contains(&"ValidationError") {
        " Check the arguments (a Z-Insights window must span 7 or 14 days and end at least a day ago)."
    } else {
        ""
    };
    format!(
        "{product} GraphQL {} failed: {}.{hint}",
        op.name,
        lines.join("; ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Action, Service, ToolDef};

    static PARAMS: &[Param] = &[
        END_TIME,
        END_DAYS_AGO,
        WINDOW_DAYS,
        Param::new("unit", ParamType::String, ""),
        Param::new("limit", ParamType::Integer, ""),
        Param::new("search", ParamType::String, ""),
    ];

    static OP: Operation = Operation::new(
        "/zins/graphql",
        "WebTrafficByLocation",
        &[
            field("WEB_TRAFFIC"),
            field_with(
                "location",
                &[
                    ("start_time", "startTime"),
                    ("end_time", "endTime"),
                    ("traffic_unit", "trafficUnit"),
                ],
            ),
        ],
        "obfuscated entries(limit: $limit) { name total }",
        &[
            var("startTime", "Long!", Source::WindowStart),
            var("endTime", "Long!", Source::WindowEnd),
            var(
                "trafficUnit",
                "WebTrafficUnits!",
                Source::ArgOr("unit", "\"TRANSACTIONS\""),
            ),
            var("limit", "Int", Source::Arg("limit")),
        ],
    )
    .items("entries");

    static SEARCH_OP: Operation = Operation::new(
        "/zms/graphql",
        "ListAgents",
        &[field_with(
            "agents",
            &[("customerId", "customerId"), ("search", "search")],
        )],
        "nodes { name }",
        &[
            var("customerId", "ID!", Source::CustomerId),
            var("search", "String", Source::Arg("search")),
        ],
    )
    .connection();

    fn args(value: Value) -> Args {
        static DEF: ToolDef = ToolDef::new(
            "zins_test_tool",
            Service::Zins,
            "zins_test",
            Action::Read,
            "/zins/graphql",
        )
        .params(PARAMS);
        Args::validate(&DEF, value.as_object().cloned()).expect("valid arguments")
    }

    #[test]
    fn the_document_comes_from_the_declaration() {
        assert_eq!(
            OP.document(),
            "query WebTrafficByLocation($startTime: Long!, $endTime: Long!, $trafficUnit: WebTrafficUnits!, $limit: Int) { WEB_TRAFFIC { location(start_time: $startTime, end_time: $endTime, traffic_unit: $trafficUnit) { obfuscated entries(limit: $limit) { name total } } } }"
        );
        OP.check(PARAMS).expect("declaration is consistent");
        static SCALAR: Operation = Operation::new(
            "/zms/graphql",
            "GetMetadata",
            &[field_with("metadata", &[("customerId", "customerId")])],
            "",
            &[var("customerId", "String!", Source::CustomerId)],
        );
        assert_eq!(
            SCALAR.document(),
            "query GetMetadata($customerId: String!) { metadata(customerId: $customerId) }"
        );
    }

    #[test]
    fn arguments_travel_only_as_variables() {
        let body = request(
            &OP,
            &args(json!({"unit": "BYTES", "limit": 5, "end_days_ago": 3, "window_days": 7})),
            None,
            None,
        )
        .unwrap();
        assert_eq!(body["operationName"], "WebTrafficByLocation");
        assert_eq!(body["query"], OP.document());
        assert_eq!(body["variables"]["trafficUnit"], "BYTES");
        assert_eq!(body["variables"]["limit"], 5);
        let (start, end) = (
            body["variables"]["startTime"].as_i64().unwrap(),
            body["variables"]["endTime"].as_i64().unwrap(),
        );
        assert_eq!(end - start, 7 * MS_PER_DAY);

        // Defaults fill in; absent optional arguments are left out.
        let body = request(&OP, &args(json!({})), None, None).unwrap();
        assert_eq!(body["variables"]["trafficUnit"], "TRANSACTIONS");
        assert!(body["variables"].get("limit").is_none(), "{body}");
    }

    #[test]
    fn hostile_values_never_reach_the_document() {
        let hostile = "x\" } mutation { deleteEverything(all: true) { id } } query Q { a(b: \"";
        let body = request(
            &SEARCH_OP,
            &args(json!({"search": hostile})),
            Some("72058304855015424"),
            Some((2, 50)),
        )
        .unwrap();
        let query = body["query"].as_str().unwrap();
        assert_eq!(query, SEARCH_OP.document());
        assert!(!query.contains("mutation"), "{query}");
        assert!(!query.contains("deleteEverything"), "{query}");
        assert_eq!(body["variables"]["search"], hostile);
        assert_eq!(body["variables"]["customerId"], "72058304855015424");
        // A value that is a braces-and-quotes object stays a JSON value too.
        let body = request(
            &OP,
            &args(json!({"unit": "}{\"", "end_days_ago": 2})),
            None,
            None,
        )
        .unwrap();
        assert_eq!(body["query"], OP.document());
        assert_eq!(body["variables"]["trafficUnit"], "}{\"");
    }

    #[test]
    fn graphql_errors_become_a_tool_error_naming_them() {
        let body = json!({
            "errors": [{"message": "Something went wrong", "locations": [{"line": 8, "column": 21}],
                        "path": ["WEB_TRAFFIC", "location"],
                        "extensions": {"classification": "INTERNAL_ERROR"}}],
            "data": {"WEB_TRAFFIC": {"location": null}}
        });
        let err = data(&OP, "Z-Insights", body).unwrap_err();
        let text = err.to_string();
        assert!(
            text.contains("Z-Insights GraphQL WebTrafficByLocation failed"),
            "{text}"
        );
        assert!(
            text.contains("Something went wrong at WEB_TRAFFIC.location (INTERNAL_ERROR)"),
            "{text}"
        );
        assert!(text.contains("not licensed"), "{text}");

        let ok = data(
            &OP,
            "Z-Insights",
            json!({"data": {"WEB_TRAFFIC": {"location": {"obfuscated": false, "entries": []}}}}),
        )
        .unwrap();
        assert_eq!(ok, json!({"obfuscated": false, "entries": []}));
        let missing = data(&OP, "Z-Insights", json!({"nope": 1})).unwrap_err();
        assert!(missing.to_string().contains("without `data`"), "{missing}");
    }

    #[test]
    fn windows_are_checked_with_clear_errors() {
        let now = 1_800_000_000_000;
        let day = MS_PER_DAY;
        assert_eq!(
            window(&args(json!({})), 7, now).unwrap(),
            (now - 9 * day, now - 2 * day)
        );
        assert_eq!(
            window(&args(json!({})), 14, now).unwrap(),
            (now - 16 * day, now - 2 * day)
        );
        assert_eq!(
            window(
                &args(json!({"end_time": now - 3 * day, "window_days": 14})),
                7,
                now
            )
            .unwrap(),
            (now - 17 * day, now - 3 * day)
        );

        let err = |v: Value| window(&args(v), 7, now).unwrap_err().to_string();
        assert!(err(json!({"window_days": 5})).contains("must be 7 or 14"));
        assert!(err(json!({"end_time": now - 2 * day, "end_days_ago": 3})).contains("not both"));
        assert!(err(json!({"end_time": now})).contains("one day in the past"));
        assert!(err(json!({"end_days_ago": 0})).contains("between 1 and 365"));
    }

    #[test]
    fn bad_declarations_are_caught() {
        static UNDECLARED: Operation =
            Operation::new("/x", "X", &[field_with("a", &[("b", "nope")])], "", &[]);
        assert!(
            UNDECLARED
                .check(&[])
                .unwrap_err()
                .contains("$nope is used but not declared")
        );
        static UNUSED: Operation = Operation::new(
            "/x",
            "X",
            &[field("a")],
            "b",
            &[var("c", "Int", Source::Const("1"))],
        );
        assert!(
            UNUSED
                .check(&[])
                .unwrap_err()
                .contains("$c is declared but not used")
        );
    }
}
