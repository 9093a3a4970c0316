//! `docs/tools.md`, generated from the tables (a test checks the file is current).

use std::fmt::Write;

use crate::aliases::ALIASES;
use crate::model::{Action, Service, ToolDef};
use crate::schema;

fn action(def: &ToolDef) -> &'static str {
    match def.action {
        Action::Read => "read",
        Action::Create => "create",
        Action::Update => "update",
        Action::Delete => "delete",
    }
}

/// The tool reference for `tools`, grouped by service in table order.
pub fn markdown(tools: &[&ToolDef]) -> String {
    let writes = tools.iter().filter(|d| d.action.is_write()).count();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Tools\n\n<!-- Generated from the catalogue tables; do not edit. Regenerate with\n     ZSCALER_MCP_UPDATE_DOCS=1 cargo test -p zscaler-catalogue --test docs -->\n"
    );
    let _ = writeln!(
        out,
        "{} tools: {} read, {} write. Write tools are served only with `--enable-write-tools` and a matching `--write-tools` glob; updates and deletes ask for confirmation. List tools also take `page`, `page_size`, `all`, `query` (JMESPath) and `format` (`json`/`csv`); single-record reads take `query`; updates and deletes take `confirmation_token`.\n",
        tools.len(),
        tools.len() - writes,
        writes
    );
    for service in Service::ALL {
        let rows: Vec<&&ToolDef> = tools.iter().filter(|d| d.service == service).collect();
        if rows.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "## {} — {} ({} tools)\n",
            service.key(),
            service.label(),
            rows.len()
        );
        let _ = writeln!(
            out,
            "| Tool | Action | Toolset | Parameters | Description |"
        );
        let _ = writeln!(out, "|---|---|---|---|---|");
        for def in rows {
            let params: Vec<String> = def
                .params
                .iter()
                .map(|p| {
                    if p.required {
                        format!("`{}`*", p.name)
                    } else {
                        format!("`{}`", p.name)
                    }
                })
                .collect();
            let mut description = def.description.replace('|', "\\|");
            if def.untrusted.is_some() {
                description.push_str(" *Labelled untrusted content.*");
            }
            let _ = writeln!(
                out,
                "| `{}` | {} | {} | {} | {} |",
                def.name,
                action(def),
                def.toolset,
                params.join(", "),
                description
            );
        }
        let _ = writeln!(out);
    }
    let _ = writeln!(
        out,
        "## Legacy names\n\nThe Python server's multiplexed tools stay callable under their old names (not listed): with the id argument they run the `get` tool, otherwise the `list` tool.\n"
    );
    let _ = writeln!(out, "| Legacy name | List | Get (id parameter) |");
    let _ = writeln!(out, "|---|---|---|");
    for alias in ALIASES {
        let get = alias
            .get
            .map_or("–".to_owned(), |(tool, id)| format!("`{tool}` (`{id}`)"));
        let _ = writeln!(out, "| `{}` | `{}` | {} |", alias.legacy, alias.list, get);
    }
    // Keep `schema` in step: a row whose schema cannot be derived fails here, not at serve time.
    for def in tools {
        let _ = schema::input_schema(def);
    }
    out
}
