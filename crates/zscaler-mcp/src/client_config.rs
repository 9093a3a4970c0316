//! `zscaler-mcp config claude|cursor|vscode`: prints the JSON an MCP client's configuration file
//! needs to start this binary over stdio, and (on stderr) where that file lives.
//!
//! stdout carries only the JSON, so it can be piped into a file or a JSON tool. Credentials are
//! never copied from the environment: the snippet holds placeholders (Claude Desktop, Cursor)
//! or VS Code input prompts, which the user fills in where the client keeps them.

use std::path::Path;

use anyhow::{Context, Result, bail};
use clap::{Args, ValueEnum};
use serde_json::{Map, Value, json};

use crate::config::parse_services;

/// The MCP clients whose configuration files this prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Client {
    /// Claude Desktop (`claude_desktop_config.json`, key `mcpServers`).
    Claude,
    /// Cursor (`mcp.json`, key `mcpServers`).
    Cursor,
    /// VS Code (`mcp.json`, key `servers`, credentials as input prompts).
    Vscode,
}

#[derive(Debug, Args)]
pub struct ConfigArgs {
    /// The client to configure.
    #[arg(value_enum)]
    pub client: Client,
    /// Serve the built-in emulated tenant: no credentials needed, nothing real touched.
    #[arg(long)]
    pub demo: bool,
    /// Comma-separated services the client gets (zpa, zia, zdx, zcc, zid, ztw, zeasm, zins,
    /// zms, zcell); default all.
    #[arg(long, short = 's', value_delimiter = ',')]
    pub services: Vec<String>,
    /// The server's name in the client's configuration.
    #[arg(long, default_value = "zscaler")]
    pub name: String,
}

/// A credential the server needs, as the snippet names it.
struct Credential {
    var: &'static str,
    /// VS Code input id.
    input: &'static str,
    /// Shown in the placeholder and the VS Code prompt.
    what: &'static str,
    secret: bool,
}

const CREDENTIALS: [Credential; 4] = [
    Credential {
        var: "ZSCALER_CLIENT_ID",
        input: "zscaler-client-id",
        what: "OneAPI client id (ZIdentity > API Clients)",
        secret: false,
    },
    Credential {
        var: "ZSCALER_CLIENT_SECRET",
        input: "zscaler-client-secret",
        what: "OneAPI client secret",
        secret: true,
    },
    Credential {
        var: "ZSCALER_VANITY_DOMAIN",
        input: "zscaler-vanity-domain",
        what: "ZIdentity vanity domain, e.g. acme for acme.zslogin.net",
        secret: false,
    },
    Credential {
        var: "ZSCALER_CUSTOMER_ID",
        input: "zscaler-customer-id",
        what: "ZPA customer id (ZPA and ZMS tools)",
        secret: false,
    },
];

/// Prints the snippet on stdout and where it goes on stderr.
pub fn run(args: &ConfigArgs) -> Result<()> {
    let exe = std::env::current_exe().context("cannot find the path of this binary")?;
    let snippet = snippet(args, &exe)?;
    let text = serde_json::to_string_pretty(&snippet).context("cannot render the snippet")?;
    println!("{text}");
    eprintln!("{}", instructions(args));
    Ok(())
}

/// The JSON the client's configuration file needs, starting `exe` over stdio.
pub fn snippet(args: &ConfigArgs, exe: &Path) -> Result<Value> {
    let name = args.name.trim();
    if name.is_empty()
        || !name.starts_with(|c: char| c.is_ascii_alphabetic())
        || !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        bail!("--name: `{name}` is not a server name (a letter, then letters, digits, `-` or `_`)");
    }
    let command = exe.to_str().with_context(|| {
        format!(
            "the path of this binary is not valid UTF-8, which a JSON configuration cannot hold: {}",
            exe.display()
        )
    })?;
    let mut argv: Vec<String> = Vec::new();
    if args.demo {
        argv.push("--demo".to_owned());
    }
    let services = parse_services(&args.services, "--services")?;
    if !services.is_empty() {
        let keys: Vec<&str> = services.iter().map(|s| s.key()).collect();
        argv.push("--services".to_owned());
        argv.push(keys.join(","));
    }

    let mut server = Map::new();
    if args.client == Client::Vscode {
        server.insert("type".into(), json!("stdio"));
    }
    server.insert("command".into(), json!(command));
    server.insert("args".into(), json!(argv));
    if !args.demo {
        let env: Map<String, Value> = CREDENTIALS
            .iter()
            .map(|c| {
                let value = match args.client {
                    Client::Vscode => format!("${{input:{}}}", c.input),
                    Client::Claude | Client::Cursor => format!("<{}>", c.what),
                };
                (c.var.to_owned(), Value::String(value))
            })
            .collect();
        server.insert("env".into(), Value::Object(env));
    }

    let servers = json!({ name: Value::Object(server) });
    Ok(match args.client {
        Client::Claude | Client::Cursor => json!({ "mcpServers": servers }),
        Client::Vscode if args.demo => json!({ "servers": servers }),
        Client::Vscode => {
            let inputs: Vec<Value> = CREDENTIALS
                .iter()
                .map(|c| {
                    json!({
                        "type": "promptString",
                        "id": c.input,
                        "description": format!("Zscaler {}", c.what),
                        "password": c.secret,
                    })
                })
                .collect();
            json!({ "inputs": inputs, "servers": servers })
        }
    })
}

/// Where the snippet goes, for stderr.
fn instructions(args: &ConfigArgs) -> String {
    let name = args.name.trim();
    let (what, key, files, after) = match args.client {
        Client::Claude => (
            "Claude Desktop",
            "mcpServers",
            [
                "macOS:   ~/Library/Application Support/Claude/claude_desktop_config.json",
                "Windows: %APPDATA%\\Claude\\claude_desktop_config.json",
                "Linux:   ~/.config/Claude/claude_desktop_config.json",
            ],
            "then restart Claude Desktop.",
        ),
        Client::Cursor => (
            "Cursor",
            "mcpServers",
            [
                "all projects: ~/.cursor/mcp.json (Windows: %USERPROFILE%\\.cursor\\mcp.json)",
                "one project:  .cursor/mcp.json in the project",
                "",
            ],
            "then enable the server in Cursor Settings > MCP.",
        ),
        Client::Vscode => (
            "VS Code",
            "servers",
            [
                "one workspace: .vscode/mcp.json",
                "your profile:  command `MCP: Open User Configuration` (macOS ~/Library/Application Support/Code/User/mcp.json,",
                "               Linux ~/.config/Code/User/mcp.json, Windows %APPDATA%\\Code\\User\\mcp.json)",
            ],
            "then start the server from the file or the MCP view.",
        ),
    };
    let mut text = format!(
        "Merge the \"{name}\" entry into the \"{key}\" object of {what}'s configuration file:\n"
    );
    for file in files.iter().filter(|f| !f.is_empty()) {
        text.push_str(&format!("  {file}\n"));
    }
    let fill = match (args.demo, args.client) {
        (true, _) => "The snippet serves the emulated demo tenant: no credentials needed",
        (false, Client::Vscode) => {
            "Merge \"inputs\" too: VS Code asks for the credentials when the server first starts and keeps them in its secret storage"
        }
        (false, _) => {
            "Replace each <...> placeholder with your OneAPI credentials (leave ZSCALER_CUSTOMER_ID out without ZPA)"
        }
    };
    text.push_str(&format!("{fill}; {after}"));
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(client: Client, demo: bool, services: &[&str]) -> ConfigArgs {
        ConfigArgs {
            client,
            demo,
            services: services.iter().map(|s| s.to_string()).collect(),
            name: "zscaler".into(),
        }
    }

    #[test]
    fn services_are_checked_and_normalised() {
        let exe = Path::new("/opt/zscaler-mcp");
        let s = snippet(&args(Client::Claude, true, &["ZPA", " easm"]), exe).unwrap();
        assert_eq!(
            s["mcpServers"]["zscaler"]["args"],
            json!(["--demo", "--services", "zpa,zeasm"])
        );
        let err = snippet(&args(Client::Claude, false, &["zpa", "zoo"]), exe).unwrap_err();
        assert!(err.to_string().contains("unknown service `zoo`"), "{err}");
    }

    #[test]
    fn vscode_inputs_match_the_env_references() {
        let s = snippet(&args(Client::Vscode, false, &[]), Path::new("/x")).unwrap();
        let ids: Vec<&str> = s["inputs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["id"].as_str().unwrap())
            .collect();
        for value in s["servers"]["zscaler"]["env"].as_object().unwrap().values() {
            let id = value
                .as_str()
                .unwrap()
                .strip_prefix("${input:")
                .and_then(|v| v.strip_suffix('}'))
                .unwrap();
            assert!(ids.contains(&id), "{id} has no input");
        }
        let secret = s["inputs"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["id"] == "zscaler-client-secret")
            .unwrap();
        assert_eq!(secret["password"], true);
    }

    #[test]
    fn bad_names_are_refused() {
        let mut a = args(Client::Cursor, true, &[]);
        a.name = "9 lives".into();
        let err = snippet(&a, Path::new("/x")).unwrap_err();
        assert!(err.to_string().starts_with("--name:"), "{err}");
    }
}
