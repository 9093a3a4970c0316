//! Resources and resource templates, declared as data.

use serde_json::{Value, json};
use zscaler_catalogue::{Registry, schema};

/// What reading a resource gives.
#[cfg_attr(not(feature = "conformance"), allow(dead_code))]
pub enum Body {
    Text(String),
    /// Base64.
    Blob(String),
}

pub struct ResourceDef {
    pub uri: &'static str,
    pub name: &'static str,
    pub title: &'static str,
    pub description: &'static str,
    pub mime_type: &'static str,
    pub read: fn(&Registry) -> Body,
}

pub struct TemplateDef {
    /// RFC 6570 level-1 template: `{var}` expands to one path segment.
    pub uri_template: &'static str,
    pub name: &'static str,
    pub title: &'static str,
    pub description: &'static str,
    pub mime_type: &'static str,
    /// Reads the resource for the template's variables, in order; `None` when there is none.
    pub read: fn(&Registry, &[String]) -> Option<Body>,
    /// Suggests values for a variable given what was typed.
    pub complete: fn(&Registry, variable: &str, typed: &str) -> Vec<String>,
}

/// Matches `uri` against `template`; returns the variables' values in order.
pub fn match_template(template: &str, uri: &str) -> Option<Vec<String>> {
    let mut values = Vec::new();
    let mut rest = uri;
    let mut tpl = template;
    while let Some(open) = tpl.find('{') {
        let literal = &tpl[..open];
        rest = rest.strip_prefix(literal)?;
        let close = tpl[open..].find('}')? + open;
        tpl = &tpl[close + 1..];
        // A variable runs to the next literal character (or `/`, or the end).
        let stop = tpl.chars().next();
        let end = rest
            .find(|c| Some(c) == stop || c == '/')
            .unwrap_or(rest.len());
        if end == 0 {
            return None;
        }
        values.push(rest[..end].to_owned());
        rest = &rest[end..];
    }
    (rest == tpl).then_some(values)
}

fn catalogue_markdown(registry: &Registry) -> Body {
    let mut out = String::from(
        "| tool | service | toolset | read-only | description |\n|---|---|---|---|---|\n",
    );
    for def in registry.tools() {
        out.push_str(&format!(
            "| `{}` | {} | {} | {} | {} |\n",
            def.name,
            def.service.key(),
            def.toolset,
            if def.action.is_write() { "no" } else { "yes" },
            def.description
        ));
    }
    Body::Text(out)
}

fn services_json(registry: &Registry) -> Body {
    let services: Vec<Value> = registry
        .services()
        .into_iter()
        .map(|service| {
            let tools: Vec<&str> = registry
                .tools()
                .iter()
                .filter(|d| d.service == service)
                .map(|d| d.name)
                .collect();
            let mut toolsets: Vec<&str> = registry
                .tools()
                .iter()
                .filter(|d| d.service == service)
                .map(|d| d.toolset)
                .collect();
            toolsets.dedup();
            json!({
                "service": service.key(),
                "name": service.label(),
                "tool_count": tools.len(),
                "toolsets": toolsets,
            })
        })
        .collect();
    Body::Text(serde_json::to_string_pretty(&json!({ "services": services })).unwrap_or_default())
}

fn tool_json(registry: &Registry, vars: &[String]) -> Option<Body> {
    let def = registry.get(vars.first()?)?;
    let notes = schema::annotations(def);
    let doc = json!({
        "name": def.name,
        "title": def.title,
        "service": def.service.key(),
        "toolset": def.toolset,
        "description": def.description,
        "read_only": notes.read_only,
        "destructive": notes.destructive,
        "operation": format!("{:?}", def.op),
        "input_schema": schema::input_schema(def),
        "output_schema": schema::output_schema(def),
    });
    Some(Body::Text(
        serde_json::to_string_pretty(&doc).unwrap_or_default(),
    ))
}

fn complete_tool_name(registry: &Registry, _variable: &str, typed: &str) -> Vec<String> {
    registry
        .tools()
        .iter()
        .filter(|d| d.name.starts_with(typed))
        .map(|d| d.name.to_owned())
        .collect()
}

fn toolsets_of(
    registry: &Registry,
) -> Vec<(&'static str, Vec<&'static zscaler_catalogue::ToolDef>)> {
    let mut sets: Vec<(&'static str, Vec<&'static zscaler_catalogue::ToolDef>)> = Vec::new();
    for def in registry.tools() {
        match sets.iter_mut().find(|(id, _)| *id == def.toolset) {
            Some((_, tools)) => tools.push(def),
            None => sets.push((def.toolset, vec![*def])),
        }
    }
    sets
}

fn toolset_summary(id: &str, tools: &[&'static zscaler_catalogue::ToolDef]) -> Value {
    let writes = tools.iter().filter(|d| d.action.is_write()).count();
    json!({
        "toolset": id,
        "service": tools.first().map(|d| d.service.key()),
        "tool_count": tools.len(),
        "read_tools": tools.len() - writes,
        "write_tools": writes,
        "uri": format!("zscaler://toolsets/{id}"),
    })
}

fn toolsets_json(registry: &Registry) -> Body {
    let sets: Vec<Value> = toolsets_of(registry)
        .iter()
        .map(|(id, tools)| toolset_summary(id, tools))
        .collect();
    Body::Text(serde_json::to_string_pretty(&json!({ "toolsets": sets })).unwrap_or_default())
}

fn toolset_json(registry: &Registry, vars: &[String]) -> Option<Body> {
    let wanted = vars.first()?;
    let sets = toolsets_of(registry);
    let (id, tools) = sets.iter().find(|(id, _)| id == wanted)?;
    let mut doc = toolset_summary(id, tools);
    doc["tools"] = tools
        .iter()
        .map(|d| {
            json!({
                "name": d.name,
                "title": d.title,
                "read_only": !d.action.is_write(),
                "description": d.description,
            })
        })
        .collect();
    Some(Body::Text(
        serde_json::to_string_pretty(&doc).unwrap_or_default(),
    ))
}

fn complete_toolset(registry: &Registry, _variable: &str, typed: &str) -> Vec<String> {
    toolsets_of(registry)
        .into_iter()
        .map(|(id, _)| id.to_owned())
        .filter(|id| id.starts_with(typed))
        .collect()
}

pub static RESOURCES: &[ResourceDef] = &[
    ResourceDef {
        uri: "zscaler://catalogue",
        name: "catalogue",
        title: "Tool catalogue",
        description: "Every tool this server offers, as a Markdown table.",
        mime_type: "text/markdown",
        read: catalogue_markdown,
    },
    ResourceDef {
        uri: "zscaler://services",
        name: "services",
        title: "Enabled services",
        description: "The Zscaler services this server instance serves, with their toolsets.",
        mime_type: "application/json",
        read: services_json,
    },
    ResourceDef {
        uri: "zscaler://toolsets",
        name: "toolsets",
        title: "Enabled toolsets",
        description: "The toolsets this server instance serves, with their read and write tool counts.",
        mime_type: "application/json",
        read: toolsets_json,
    },
];

pub static TEMPLATES: &[TemplateDef] = &[
    TemplateDef {
        uri_template: "zscaler://tools/{name}",
        name: "tool",
        title: "Tool definition",
        description: "One tool's definition: schemas, annotations and the OneAPI operation it performs.",
        mime_type: "application/json",
        read: tool_json,
        complete: complete_tool_name,
    },
    TemplateDef {
        uri_template: "zscaler://toolsets/{toolset}",
        name: "toolset",
        title: "Toolset",
        description: "One toolset's tools, with their titles and descriptions.",
        mime_type: "application/json",
        read: toolset_json,
        complete: complete_toolset,
    },
];

#[cfg(test)]
mod tests {
    use super::match_template;

    #[test]
    fn templates_match_one_segment_per_variable() {
        assert_eq!(
            match_template("zscaler://tools/{name}", "zscaler://tools/zia_list_users"),
            Some(vec!["zia_list_users".to_owned()])
        );
        assert_eq!(
            match_template("test://template/{id}/data", "test://template/42/data"),
            Some(vec!["42".to_owned()])
        );
        assert_eq!(
            match_template("zscaler://tools/{name}", "zscaler://tools/"),
            None
        );
        assert_eq!(
            match_template("zscaler://tools/{name}", "zscaler://tools/a/b"),
            None
        );
        assert_eq!(
            match_template("test://template/{id}/data", "test://template/42/x"),
            None
        );
    }
}
