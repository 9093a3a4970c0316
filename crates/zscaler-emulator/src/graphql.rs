//! Just enough GraphQL for the emulated Z-Insights and ZMS endpoints: parse a query document
//! (operation, variable definitions, fields with arguments, selection sets, inline fragments),
//! resolve argument values against `variables`, and project a resolved JSON value onto the
//! selection the client asked for. Errors come back in GraphQL's own `errors` shape.

use serde_json::{Map, Value, json};

/// An argument value as written in the document.
#[derive(Debug, Clone, PartialEq)]
pub enum ArgValue {
    Variable(String),
    Literal(Value),
}

/// One selected field (or an inline fragment, `name` = `... on Type`).
#[derive(Debug, Clone, PartialEq)]
pub struct Selection {
    pub name: String,
    /// Set for `... on Type { ... }`.
    pub on_type: Option<String>,
    pub args: Vec<(String, ArgValue)>,
    pub children: Vec<Selection>,
    /// 1-based line of the field, for error locations.
    pub line: usize,
    pub column: usize,
}

impl Selection {
    /// The value of argument `name`, resolved against `vars`; `None` when absent or null.
    pub fn arg(&self, name: &str, vars: &Map<String, Value>) -> Option<Value> {
        let (_, value) = self.args.iter().find(|(k, _)| k == name)?;
        let value = match value {
            ArgValue::Variable(v) => vars.get(v).cloned().unwrap_or(Value::Null),
            ArgValue::Literal(v) => v.clone(),
        };
        (!value.is_null()).then_some(value)
    }

    pub fn child(&self, name: &str) -> Option<&Selection> {
        self.children.iter().find(|c| c.name == name)
    }
}

/// A parsed query: its root selections and the declared variables (`name`, type text).
#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    pub operation: Option<String>,
    pub variables: Vec<(String, String)>,
    pub roots: Vec<Selection>,
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Name(String),
    Var(String),
    Punct(char),
    Spread,
    Str(String),
    Num(String),
}

struct Lexer {
    toks: Vec<(Tok, usize, usize)>,
    at: usize,
}

fn lex(text: &str) -> Result<Vec<(Tok, usize, usize)>, String> {
    let chars: Vec<char> = text.chars().collect();
    let (mut i, mut line, mut col) = (0, 1, 1);
    let mut out = Vec::new();
    while i < chars.len() {
        let c = chars[i];
        let (l, cl) = (line, col);
        let mut advance = |n: usize, i: &mut usize| {
            for _ in 0..n {
                if chars.get(*i) == Some(&'\n') {
                    line += 1;
                    col = 1;
                } else {
                    col += 1;
                }
                *i += 1;
            }
        };
        if c.is_whitespace() || c == ',' {
            advance(1, &mut i);
        } else if c == '#' {
            while i < chars.len() && chars[i] != '\n' {
                advance(1, &mut i);
            }
        } else if c == '.' {
            if chars.get(i + 1) == Some(&'.') && chars.get(i + 2) == Some(&'.') {
                out.push((Tok::Spread, l, cl));
                advance(3, &mut i);
            } else {
                return Err(format!("unexpected '.' at line {l} column {cl}"));
            }
        } else if "{}()[]:!=@".contains(c) {
            out.push((Tok::Punct(c), l, cl));
            advance(1, &mut i);
        } else if c == '$' || c.is_alphabetic() || c == '_' {
            let start = if c == '$' { i + 1 } else { i };
            let mut j = start;
            while j < chars.len() && (chars[j].is_alphanumeric() || chars[j] == '_') {
                j += 1;
            }
            let word: String = chars[start..j].iter().collect();
            if word.is_empty() {
                return Err(format!("a variable needs a name at line {l} column {cl}"));
            }
            out.push((
                if c == '$' {
                    Tok::Var(word)
                } else {
                    Tok::Name(word)
                },
                l,
                cl,
            ));
            let n = j - i;
            advance(n, &mut i);
        } else if c == '-' || c.is_ascii_digit() {
            let mut j = i + 1;
            while j < chars.len() && (chars[j].is_ascii_digit() || ".eE+-".contains(chars[j])) {
                j += 1;
            }
            out.push((Tok::Num(chars[i..j].iter().collect()), l, cl));
            let n = j - i;
            advance(n, &mut i);
        } else if c == '"' {
            let mut j = i + 1;
            let mut s = String::new();
            while j < chars.len() && chars[j] != '"' {
                if chars[j] == '\\' && j + 1 < chars.len() {
                    j += 1;
                }
                s.push(chars[j]);
                j += 1;
            }
            if j >= chars.len() {
                return Err(format!("unterminated string at line {l} column {cl}"));
            }
            out.push((Tok::Str(s), l, cl));
            let n = j + 1 - i;
            advance(n, &mut i);
        } else {
            return Err(format!(
                "unexpected character '{c}' at line {l} column {cl}"
            ));
        }
    }
    Ok(out)
}

impl Lexer {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.at).map(|(t, _, _)| t)
    }

    fn pos(&self) -> (usize, usize) {
        self.toks
            .get(self.at)
            .or(self.toks.last())
            .map_or((1, 1), |(_, l, c)| (*l, *c))
    }

    fn next(&mut self) -> Option<Tok> {
        let t = self.toks.get(self.at).map(|(t, _, _)| t.clone());
        self.at += 1;
        t
    }

    fn expect(&mut self, c: char) -> Result<(), String> {
        let (l, col) = self.pos();
        match self.next() {
            Some(Tok::Punct(p)) if p == c => Ok(()),
            other => Err(format!(
                "expected '{c}' at line {l} column {col}, found {other:?}"
            )),
        }
    }

    fn name(&mut self) -> Result<String, String> {
        let (l, col) = self.pos();
        match self.next() {
            Some(Tok::Name(n)) => Ok(n),
            other => Err(format!(
                "expected a name at line {l} column {col}, found {other:?}"
            )),
        }
    }

    fn type_text(&mut self) -> Result<String, String> {
        let mut text = String::new();
        if self.peek() == Some(&Tok::Punct('[')) {
            self.next();
            text.push('[');
            text.push_str(&self.type_text()?);
            self.expect(']')?;
            text.push(']');
        } else {
            text.push_str(&self.name()?);
        }
        if self.peek() == Some(&Tok::Punct('!')) {
            self.next();
            text.push('!');
        }
        Ok(text)
    }

    fn value(&mut self) -> Result<ArgValue, String> {
        let (l, col) = self.pos();
        Ok(match self.next() {
            Some(Tok::Var(v)) => ArgValue::Variable(v),
            Some(Tok::Str(s)) => ArgValue::Literal(Value::String(s)),
            Some(Tok::Num(n)) => {
                ArgValue::Literal(serde_json::from_str(&n).map_err(|_| format!("bad number {n}"))?)
            }
            Some(Tok::Name(n)) => ArgValue::Literal(match n.as_str() {
                "true" => Value::Bool(true),
                "false" => Value::Bool(false),
                "null" => Value::Null,
                _ => Value::String(n),
            }),
            Some(Tok::Punct('[')) => {
                let mut items = Vec::new();
                while self.peek() != Some(&Tok::Punct(']')) {
                    match self.value()? {
                        ArgValue::Literal(v) => items.push(v),
                        ArgValue::Variable(_) => {
                            return Err("variables inside list literals are not supported".into());
                        }
                    }
                }
                self.next();
                ArgValue::Literal(Value::Array(items))
            }
            Some(Tok::Punct('{')) => {
                let mut map = Map::new();
                while self.peek() != Some(&Tok::Punct('}')) {
                    let key = self.name()?;
                    self.expect(':')?;
                    match self.value()? {
                        ArgValue::Literal(v) => map.insert(key, v),
                        ArgValue::Variable(_) => {
                            return Err("variables inside object literals are not supported".into());
                        }
                    };
                }
                self.next();
                ArgValue::Literal(Value::Object(map))
            }
            other => {
                return Err(format!(
                    "expected a value at line {l} column {col}, found {other:?}"
                ));
            }
        })
    }

    fn selection_set(&mut self) -> Result<Vec<Selection>, String> {
        self.expect('{')?;
        let mut out = Vec::new();
        loop {
            let (line, column) = self.pos();
            match self.peek() {
                Some(Tok::Punct('}')) => {
                    self.next();
                    break;
                }
                None => return Err("the document ends inside a selection set".into()),
                Some(Tok::Spread) => {
                    self.next();
                    let on = self.name()?;
                    if on != "on" {
                        return Err(format!("named fragments are not supported (…{on})"));
                    }
                    let ty = self.name()?;
                    let children = self.selection_set()?;
                    out.push(Selection {
                        name: format!("... on {ty}"),
                        on_type: Some(ty),
                        args: Vec::new(),
                        children,
                        line,
                        column,
                    });
                }
                _ => {
                    let mut name = self.name()?;
                    if self.peek() == Some(&Tok::Punct(':')) {
                        // An alias: the response key is the alias; we answer by field name.
                        self.next();
                        name = self.name()?;
                    }
                    let mut args = Vec::new();
                    if self.peek() == Some(&Tok::Punct('(')) {
                        self.next();
                        while self.peek() != Some(&Tok::Punct(')')) {
                            let key = self.name()?;
                            self.expect(':')?;
                            args.push((key, self.value()?));
                        }
                        self.next();
                    }
                    let children = if self.peek() == Some(&Tok::Punct('{')) {
                        self.selection_set()?
                    } else {
                        Vec::new()
                    };
                    out.push(Selection {
                        name,
                        on_type: None,
                        args,
                        children,
                        line,
                        column,
                    });
                }
            }
        }
        Ok(out)
    }
}

/// Parses a query document; `Err` says where it is malformed. Mutations are refused.
pub fn parse(text: &str) -> Result<Query, String> {
    let mut lx = Lexer {
        toks: lex(text)?,
        at: 0,
    };
    let mut operation = None;
    let mut variables = Vec::new();
    match lx.peek() {
        Some(Tok::Name(kw)) if kw == "query" => {
            lx.next();
            if let Some(Tok::Name(_)) = lx.peek() {
                operation = Some(lx.name()?);
            }
            if lx.peek() == Some(&Tok::Punct('(')) {
                lx.next();
                while lx.peek() != Some(&Tok::Punct(')')) {
                    let (l, c) = lx.pos();
                    let Some(Tok::Var(name)) = lx.next() else {
                        return Err(format!("expected a variable at line {l} column {c}"));
                    };
                    lx.expect(':')?;
                    let ty = lx.type_text()?;
                    if lx.peek() == Some(&Tok::Punct('=')) {
                        lx.next();
                        lx.value()?;
                    }
                    variables.push((name, ty));
                }
                lx.next();
            }
        }
        Some(Tok::Name(kw)) => {
            return Err(format!("only queries are served here, not `{kw}`"));
        }
        _ => {}
    }
    let roots = lx.selection_set()?;
    if lx.peek().is_some() {
        return Err("more than one operation in the document".into());
    }
    Ok(Query {
        operation,
        variables,
        roots,
    })
}

/// One GraphQL error entry.
pub fn error(message: &str, at: Option<&Selection>, path: &[&str], class: &str) -> Value {
    let mut e = json!({"message": message, "extensions": {"classification": class}});
    if let Some(sel) = at {
        e["locations"] = json!([{"line": sel.line, "column": sel.column}]);
    }
    if !path.is_empty() {
        e["path"] = json!(path);
    }
    e
}

/// An answer that is only errors (a request the server refused before executing).
pub fn errors_only(errors: Vec<Value>) -> Value {
    json!({"errors": errors})
}

/// Keeps the parts of `value` that `selection` asks for. Lists are projected item by item;
/// a `limit` argument on a list field truncates it; inline fragments apply when the object's
/// `__typename` matches. A field the value does not have is a validation error (its name is
/// returned).
pub fn project(
    value: &Value,
    selection: &[Selection],
    vars: &Map<String, Value>,
) -> Result<Value, String> {
    match value {
        Value::Array(items) => items
            .iter()
            .map(|item| project(item, selection, vars))
            .collect::<Result<Vec<_>, _>>()
            .map(Value::Array),
        Value::Object(map) if !selection.is_empty() => {
            let mut out = Map::new();
            for sel in selection {
                if let Some(ty) = &sel.on_type {
                    if map.get("__typename").and_then(Value::as_str) == Some(ty.as_str())
                        && let Value::Object(part) = project(value, &sel.children, vars)?
                    {
                        out.extend(part);
                    }
                    continue;
                }
                let Some(field) = map.get(&sel.name) else {
                    return Err(sel.name.clone());
                };
                let mut field = field.clone();
                if let (Value::Array(items), Some(limit)) =
                    (&mut field, sel.arg("limit", vars).and_then(|l| l.as_u64()))
                {
                    items.truncate(limit as usize);
                }
                out.insert(sel.name.clone(), project(&field, &sel.children, vars)?);
            }
            Ok(Value::Object(out))
        }
        other => Ok(other.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_what_the_sdk_and_the_catalogue_send() {
        let q = parse(
            r#"query ListAgents($customerId: ID!, $page: Int, $by: [IncidentsGroupBy!]!) {
                agents(customerId: $customerId, page: $page, kind: "x", n: 3, on: true) {
                    nodes { name ... on Managed { id } }
                    pageInfo { totalCount }
                }
            }"#,
        )
        .unwrap();
        assert_eq!(q.operation.as_deref(), Some("ListAgents"));
        assert_eq!(q.variables[2], ("by".into(), "[IncidentsGroupBy!]!".into()));
        let agents = &q.roots[0];
        assert_eq!(agents.name, "agents");
        let vars: Map<String, Value> = serde_json::from_value(json!({"customerId": "7"})).unwrap();
        assert_eq!(agents.arg("customerId", &vars), Some(json!("7")));
        assert_eq!(agents.arg("page", &vars), None);
        assert_eq!(agents.arg("kind", &vars), Some(json!("x")));
        assert_eq!(agents.arg("n", &vars), Some(json!(3)));
        assert_eq!(
            agents.child("nodes").unwrap().children[1]
                .on_type
                .as_deref(),
            Some("Managed")
        );
        assert!(
            parse("mutation X { a }")
                .unwrap_err()
                .contains("only queries")
        );
        assert!(parse("query { a(b: ) }").is_err());
        assert!(parse("query { a { b }").is_err());
    }

    #[test]
    fn projection_keeps_what_was_asked_and_honours_limit() {
        let q = parse("{ r { entries(limit: 1) { name } ... on T { extra } } }").unwrap();
        let value = json!({"__typename": "T", "extra": 1, "hidden": 2,
                            "entries": [{"name": "a", "total": 1}, {"name": "b", "total": 2}]});
        let out = project(&value, &q.roots[0].children, &Map::new()).unwrap();
        assert_eq!(out, json!({"entries": [{"name": "a"}], "extra": 1}));
        let q = parse("{ r { nope } }").unwrap();
        assert_eq!(
            project(&value, &q.roots[0].children, &Map::new()).unwrap_err(),
            "nope"
        );
    }
}
