//! Prompts, declared as data: a name, typed arguments, the tools the prompt relies on, and
//! the text it renders (a template, or a function for the conformance fixtures).
//!
//! A template is plain text with `{argument}` placeholders. A line starting with `?name `
//! is kept (without the marker) only when the argument `name` has a value, so optional
//! arguments add sentences instead of leaving blanks.

use std::collections::BTreeMap;

use rmcp::model::{PromptMessage, Role};
use zscaler_catalogue::Registry;

/// What an argument holds; decides its validation and where its completions come from.
#[derive(Debug, Clone, Copy)]
pub enum ArgKind {
    /// Free text; no completion.
    Text,
    /// One of these values (case-insensitive; the canonical spelling is rendered).
    Choice(&'static [&'static str]),
    /// A whole number in `min..=max`.
    Integer { min: i64, max: i64 },
    /// Free text completed from the tenant: the `field` of each record `tool` lists.
    Tenant {
        tool: &'static str,
        field: &'static str,
    },
}

pub struct PromptArg {
    pub name: &'static str,
    pub description: &'static str,
    pub required: bool,
    pub kind: ArgKind,
    /// Rendered when the caller leaves the argument out.
    pub default: Option<&'static str>,
}

impl PromptArg {
    /// An optional free-text argument.
    pub const fn text(name: &'static str, description: &'static str) -> PromptArg {
        PromptArg {
            name,
            description,
            required: false,
            kind: ArgKind::Text,
            default: None,
        }
    }

    pub const fn required(mut self) -> PromptArg {
        self.required = true;
        self
    }

    pub const fn choice(mut self, values: &'static [&'static str]) -> PromptArg {
        self.kind = ArgKind::Choice(values);
        self
    }

    pub const fn integer(mut self, min: i64, max: i64) -> PromptArg {
        self.kind = ArgKind::Integer { min, max };
        self
    }

    /// Completed from the `field` of the records `tool` lists.
    pub const fn tenant(mut self, tool: &'static str, field: &'static str) -> PromptArg {
        self.kind = ArgKind::Tenant { tool, field };
        self
    }

    pub const fn default(mut self, value: &'static str) -> PromptArg {
        self.default = Some(value);
        self
    }

    /// Checks a value the caller passed; the error says what is allowed.
    pub fn check(&self, value: &str) -> Result<String, String> {
        match self.kind {
            ArgKind::Text | ArgKind::Tenant { .. } => Ok(value.to_owned()),
            ArgKind::Choice(values) => values
                .iter()
                .find(|v| v.eq_ignore_ascii_case(value.trim()))
                .map(|v| (*v).to_owned())
                .ok_or_else(|| format!("must be one of {}, got `{value}`", values.join(", "))),
            ArgKind::Integer { min, max } => match value.trim().parse::<i64>() {
                Ok(n) if (min..=max).contains(&n) => Ok(n.to_string()),
                _ => Err(format!(
                    "must be a whole number from {min} to {max}, got `{value}`"
                )),
            },
        }
    }
}

pub type Render = fn(&BTreeMap<String, String>) -> Vec<PromptMessage>;

/// How a prompt's messages are made.
pub enum Messages {
    /// One user message from a template (see the module documentation).
    Template(&'static str),
    /// Hand-written, for prompts a template cannot express (the conformance fixtures).
    #[cfg_attr(not(feature = "conformance"), allow(dead_code))]
    Render(Render),
}

/// A form the user fills before the prompt renders; the accepted fields become arguments.
pub struct PromptInput {
    /// The key the question goes under (a 2026-07-28 `inputRequests` key).
    pub key: &'static str,
    pub message: &'static str,
    /// The form, a flat JSON Schema object.
    pub schema: &'static str,
}

pub struct PromptDef {
    pub name: &'static str,
    pub title: &'static str,
    pub description: &'static str,
    pub arguments: &'static [PromptArg],
    pub messages: Messages,
    /// The tools the prompt tells the agent to use: it is offered only when every one of
    /// them is enabled, so prompts follow the same service and toolset filters as tools.
    pub tools: &'static [&'static str],
    /// Forms asked of the user before rendering (none for most prompts).
    pub inputs: &'static [PromptInput],
    /// Hand-written suggestions, instead of the ones derived from the arguments' kinds.
    pub complete: Option<fn(argument: &str, typed: &str) -> Vec<String>>,
}

impl PromptDef {
    /// Whether this server instance offers the prompt.
    pub fn offered(&self, enabled: &Registry) -> bool {
        self.tools.iter().all(|tool| enabled.get(tool).is_some())
    }

    pub fn render(&self, args: &BTreeMap<String, String>) -> Vec<PromptMessage> {
        match self.messages {
            Messages::Render(render) => render(args),
            Messages::Template(template) => vec![PromptMessage::new_text(
                Role::User,
                fill(template, &self.with_defaults(args)),
            )],
        }
    }

    fn with_defaults(&self, args: &BTreeMap<String, String>) -> BTreeMap<String, String> {
        let mut all = args.clone();
        for arg in self.arguments {
            if let Some(default) = arg.default {
                all.entry(arg.name.to_owned())
                    .or_insert_with(|| default.to_owned());
            }
        }
        all.retain(|_, v| !v.trim().is_empty());
        all
    }
}

/// Fills `{name}` placeholders and keeps `?name ` lines only when `name` has a value.
fn fill(template: &str, args: &BTreeMap<String, String>) -> String {
    let mut out = String::with_capacity(template.len() + 64);
    for line in template.lines() {
        let line = match line.strip_prefix('?') {
            Some(rest) => {
                let (name, text) = rest.split_once(' ').unwrap_or((rest, ""));
                if !args.contains_key(name) {
                    continue;
                }
                text
            }
            None => line,
        };
        let mut rest = line;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            match after.find('}') {
                Some(close) if args.contains_key(&after[..close]) => {
                    out.push_str(&args[&after[..close]]);
                    rest = &after[close + 1..];
                }
                // Not a placeholder (JSON, JMESPath in the text): kept as written.
                _ => {
                    out.push('{');
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out.push('\n');
    }
    out.truncate(out.trim_end().len());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn templates_fill_placeholders_and_drop_lines_of_missing_arguments() {
        let template = "Check {user}.\n?since Look back {since} hours.\nUse query `[?a=={x}]`.";
        assert_eq!(
            fill(template, &args(&[("user", "ann")])),
            "Check ann.\nUse query `[?a=={x}]`."
        );
        assert_eq!(
            fill(template, &args(&[("user", "ann"), ("since", "4")])),
            "Check ann.\nLook back 4 hours.\nUse query `[?a=={x}]`."
        );
    }

    #[test]
    fn typed_arguments_say_what_they_accept() {
        let hours = PromptArg::text("since", "h").integer(1, 336);
        assert_eq!(hours.check(" 24 ").unwrap(), "24");
        assert_eq!(
            hours.check("900").unwrap_err(),
            "must be a whole number from 1 to 336, got `900`"
        );
        let kind = PromptArg::text("kind", "k").choice(&["ZIA", "ZPA"]);
        assert_eq!(kind.check("zpa").unwrap(), "ZPA");
        assert_eq!(
            kind.check("zdx").unwrap_err(),
            "must be one of ZIA, ZPA, got `zdx`"
        );
    }
}
