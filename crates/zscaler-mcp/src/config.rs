//! The server's configuration: flags, then environment (`ZSCALER_MCP_*`, compatible with the
//! Python server), then `.env`. Validated once into [`Config`]; every error names the flag or
//! variable at fault.

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use clap::{Args, ValueEnum};
use zscaler_catalogue::Service;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Transport {
    Stdio,
    #[value(name = "streamable-http")]
    StreamableHttp,
    Sse,
}

pub(crate) fn parse_bool(value: &str) -> Result<bool, String> {
    match value.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Ok(true),
        "0" | "false" | "no" | "off" | "" => Ok(false),
        other => Err(format!(
            "`{other}` is not a boolean (use true/false, 1/0, yes/no)"
        )),
    }
}

/// How tools are offered to the client.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ToolMode {
    /// Every enabled tool in tools/list.
    Full,
    /// Three tools (search, describe, call) that reach every enabled tool, for clients that
    /// cap how many tools they load.
    Discover,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Text,
    Json,
}

/// How log lines are written to stderr.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    /// One human-readable line per event.
    Text,
    /// One JSON object per event (CloudWatch, Cloud Logging, Loki).
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Json,
    Csv,
}

/// The HTTP port when none is given: AgentCore Runtime's MCP protocol contract.
pub const DEFAULT_PORT: u16 = 8000;
/// The HTTP port with `--agentcore-http` when none is given: AgentCore Runtime's HTTP
/// protocol contract.
pub const AGENTCORE_HTTP_PORT: u16 = 8080;

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// How clients connect: stdio (a desktop client starts the server), streamable-http, or sse
    /// (legacy HTTP+SSE; streamable HTTP is served as well).
    #[arg(
        long,
        value_enum,
        env = "ZSCALER_MCP_TRANSPORT",
        default_value = "stdio"
    )]
    pub transport: Transport,
    /// Address to listen on for the HTTP transports.
    #[arg(long, env = "ZSCALER_MCP_HOST", default_value = "127.0.0.1")]
    pub host: IpAddr,
    /// Port to listen on for the HTTP transports (0 picks a free one). Default 8000, or 8080
    /// with --agentcore-http (AgentCore Runtime's HTTP protocol contract).
    #[arg(long, env = "ZSCALER_MCP_PORT")]
    pub port: Option<u16>,
    /// Serve AWS Bedrock AgentCore Runtime's HTTP protocol contract as well: `POST
    /// /invocations` (JSON-RPC, or tool calls answered as NDJSON) beside `/mcp`.
    #[arg(long, env = "ZSCALER_MCP_AGENTCORE_HTTP", value_parser = parse_bool, num_args = 0..=1, default_missing_value = "true", default_value = "false")]
    pub agentcore_http: bool,
    /// Serve Prometheus metrics at `/metrics` on the HTTP listener, behind the same network
    /// checks and client authentication as `/mcp`.
    #[arg(long, env = "ZSCALER_MCP_METRICS", value_parser = parse_bool, num_args = 0..=1, default_missing_value = "true", default_value = "false")]
    pub metrics: bool,
    /// A .env file to load before reading the environment (default: ./.env when present).
    #[arg(long, env = "ZSCALER_MCP_DOTENV_PATH")]
    pub dotenv_path: Option<PathBuf>,
    /// Least severe level logged: trace, debug, info, warn or error (default info; also
    /// `LOG_LEVEL`). `RUST_LOG` directives, when set, win.
    #[arg(long, env = "ZSCALER_MCP_LOG_LEVEL")]
    pub log_level: Option<String>,
    /// `text` or `json` log lines (stderr).
    #[arg(
        long,
        value_enum,
        env = "ZSCALER_MCP_LOG_FORMAT",
        default_value = "text"
    )]
    pub log_format: LogFormat,
    /// Log at debug level (to stderr).
    #[arg(long, env = "ZSCALER_MCP_DEBUG", value_parser = parse_bool, num_args = 0..=1, default_missing_value = "true", default_value = "false")]
    pub debug: bool,
    /// Serve an in-process emulated Zscaler tenant instead of a real one: no credentials
    /// needed, nothing real is touched.
    #[arg(long, env = "ZSCALER_MCP_DEMO", value_parser = parse_bool, num_args = 0..=1, default_missing_value = "true", default_value = "false")]
    pub demo: bool,
    /// With --demo: fault rules for the emulated tenant, `;`-separated
    /// `KIND[=ARG]@[METHOD ]GLOB[#TIMES]` (see `zscaler-mcp emulator --help`), to watch retries,
    /// timeouts and cancellation at work.
    #[arg(long, env = "ZSCALER_MCP_DEMO_FAULTS", requires = "demo")]
    pub demo_faults: Option<String>,
    /// No server-side sessions: any or no Mcp-Session-Id is accepted and tools/call works
    /// without initialize (load-balanced replicas, AWS AgentCore).
    #[arg(long, env = "ZSCALER_MCP_STATELESS", value_parser = parse_bool, num_args = 0..=1, default_missing_value = "true", default_value = "false")]
    pub stateless: bool,
    /// Comma-separated services to serve (zpa, zia, zdx, zcc, zid, ztw, zeasm, zins, zms,
    /// zcell); default all.
    #[arg(long, short = 's', env = "ZSCALER_MCP_SERVICES", value_delimiter = ',')]
    pub services: Vec<String>,
    /// Comma-separated services not to serve (wins over --services).
    #[arg(long, env = "ZSCALER_MCP_DISABLED_SERVICES", value_delimiter = ',')]
    pub disabled_services: Vec<String>,
    /// Comma-separated toolsets to serve (e.g. zpa_app_segments,zia_users); `all` or `default`
    /// serve every toolset. `--list-tools` shows each tool's toolset.
    #[arg(long, env = "ZSCALER_MCP_TOOLSETS", value_delimiter = ',')]
    pub toolsets: Vec<String>,
    /// Comma-separated toolsets not to serve (wins over --toolsets).
    #[arg(long, env = "ZSCALER_MCP_DISABLED_TOOLSETS", value_delimiter = ',')]
    pub disabled_toolsets: Vec<String>,
    /// Comma-separated globs of tools never to serve (win over every other selection).
    #[arg(long, env = "ZSCALER_MCP_DISABLED_TOOLS", value_delimiter = ',')]
    pub disabled_tools: Vec<String>,
    /// Do not narrow the services to those the OneAPI token's `service-info` entitles.
    #[arg(long, env = "ZSCALER_MCP_DISABLE_ENTITLEMENT_FILTER", value_parser = parse_bool, num_args = 0..=1, default_missing_value = "true", default_value = "false")]
    pub no_entitlement_filter: bool,
    /// Allow write tools (create, update, delete). Needs --write-tools as well: either alone
    /// enables none.
    #[arg(long, env = "ZSCALER_MCP_WRITE_ENABLED", value_parser = parse_bool, num_args = 0..=1, default_missing_value = "true", default_value = "false")]
    pub enable_write_tools: bool,
    /// Comma-separated globs of the write tools to allow (e.g. 'zpa_*,zia_update_location').
    #[arg(long, env = "ZSCALER_MCP_WRITE_TOOLS", value_delimiter = ',')]
    pub write_tools: Vec<String>,
    /// Seconds a confirmation token for an update or delete stays valid.
    #[arg(long, env = "ZSCALER_MCP_CONFIRMATION_TTL", default_value_t = 300)]
    pub confirmation_ttl: u64,
    /// `full` lists every enabled tool; `discover` lists three that reach them all (for
    /// clients that cap tools, e.g. at 40).
    #[arg(
        long,
        value_enum,
        env = "ZSCALER_MCP_TOOL_MODE",
        default_value = "full"
    )]
    pub tool_mode: ToolMode,
    /// The cap on one tool reply's JSON, in bytes; longer lists are cut on a record boundary
    /// and say how to fetch the rest.
    #[arg(long, env = "ZSCALER_MCP_MAX_RESPONSE_BYTES", default_value_t = zscaler_catalogue::output::DEFAULT_MAX_RESPONSE_BYTES)]
    pub max_response_bytes: usize,
    /// How list results render in the text block when a call does not choose (`csv` is
    /// compact for flat records).
    #[arg(
        long,
        value_enum,
        env = "ZSCALER_MCP_OUTPUT_FORMAT",
        default_value = "json"
    )]
    pub output_format: OutputFormat,
    /// Return tenant text as is: no removal of hidden characters, HTML, Markdown links or
    /// role-named code fences.
    #[arg(long, env = "ZSCALER_MCP_DISABLE_OUTPUT_SANITIZATION", value_parser = parse_bool, num_args = 0..=1, default_missing_value = "true", default_value = "false")]
    pub disable_output_sanitization: bool,
    /// Print the tools this configuration serves, then exit.
    #[arg(long)]
    pub list_tools: bool,
    /// With --list-tools: `text` (one line per tool) or `json` (the tools/list entries).
    #[arg(long, value_enum, default_value = "text", requires = "list_tools")]
    pub format: ListFormat,
    /// Largest accepted HTTP request body, in bytes.
    #[arg(long, env = "ZSCALER_MCP_MAX_BODY_BYTES", default_value_t = 4 * 1024 * 1024)]
    pub max_body_bytes: usize,
    /// Tools per tools/list page.
    #[arg(long, env = "ZSCALER_MCP_TOOLS_PAGE_SIZE", default_value_t = 500)]
    pub tools_page_size: usize,
    /// Seconds shutdown waits for in-flight requests before closing them.
    #[arg(long, env = "ZSCALER_MCP_SHUTDOWN_GRACE_SECS", default_value_t = 10)]
    pub shutdown_grace_secs: u64,
    /// Serve the MCP conformance suite's fixture tools, prompts and resources (test builds
    /// with the `conformance` feature only).
    #[cfg(feature = "conformance")]
    #[arg(long, hide = true)]
    pub conformance_fixtures: bool,
    /// Write a JSON line per tool call (caller, tool, redacted arguments, outcome, duration,
    /// OneAPI request ids) to `stderr`, `stdout` (HTTP transports only) or a file.
    #[arg(long, env = "ZSCALER_MCP_AUDIT_LOG")]
    pub audit_log: Option<String>,
    /// Audit tool calls to stderr (the Python server's switch; --audit-log chooses the sink).
    #[arg(long, env = "ZSCALER_MCP_LOG_TOOL_CALLS", value_parser = parse_bool, num_args = 0..=1, default_missing_value = "true", default_value = "false")]
    pub log_tool_calls: bool,
    #[command(flatten)]
    pub network: crate::hardening::NetworkArgs,
    #[command(flatten)]
    pub auth: crate::auth::AuthArgs,
}

/// The validated configuration.
#[derive(Debug, Clone)]
pub struct Config {
    pub transport: Transport,
    pub listen: SocketAddr,
    pub demo: bool,
    pub demo_faults: Vec<zscaler_emulator::FaultRule>,
    pub stateless: bool,
    /// Serve `POST /invocations` (AgentCore Runtime's HTTP protocol contract).
    pub agentcore_http: bool,
    /// Serve `/metrics`.
    pub metrics: bool,
    /// Which tools are served (services, toolsets, disabled tools, the write gate).
    pub selection: zscaler_catalogue::select::Selection,
    pub tool_mode: ToolMode,
    pub entitlement_filter: bool,
    pub engine: zscaler_catalogue::engine::Settings,
    pub confirmation_ttl: std::time::Duration,
    /// Keys shared by replicas for confirmation tokens and request state.
    pub state_keys: Option<zscaler_catalogue::confirm::Keys>,
    pub list_tools: Option<ListFormat>,
    /// The HTTP transports' defences.
    pub network: crate::hardening::Network,
    pub audit: Option<zscaler_mcp_server::AuditSink>,
    /// Client authentication flags; resolved into settings when an HTTP transport starts
    /// (`zscaler` mode needs the tenant's token URL, which `--demo` knows only then).
    pub auth: std::sync::Arc<crate::auth::AuthArgs>,
    pub max_body_bytes: usize,
    pub tools_page_size: usize,
    pub shutdown_grace: std::time::Duration,
    /// The process environment with the secret store's values over it.
    pub environment: std::sync::Arc<crate::secrets::Environment>,
    /// Serve the conformance suite's fixtures as well.
    #[cfg(feature = "conformance")]
    pub conformance_fixtures: bool,
}

impl Config {
    pub fn from_args(
        args: ServeArgs,
        environment: std::sync::Arc<crate::secrets::Environment>,
    ) -> Result<Config> {
        let services = parse_services(&args.services, "--services / ZSCALER_MCP_SERVICES")?;
        let disabled_services = parse_services(
            &args.disabled_services,
            "--disabled-services / ZSCALER_MCP_DISABLED_SERVICES",
        )?;
        let toolsets: Vec<String> = trimmed(&args.toolsets);
        // `all` and `default` mean no toolset filter, as in the Python server.
        let toolsets = if toolsets.iter().any(|t| t == "all" || t == "default") {
            Vec::new()
        } else {
            toolsets
        };
        let writes = zscaler_catalogue::engine::WriteGate::new(
            args.enable_write_tools,
            &trimmed(&args.write_tools),
        )
        .map_err(|e| anyhow::anyhow!("--write-tools / ZSCALER_MCP_WRITE_TOOLS: {e}"))?;
        let selection = zscaler_catalogue::select::Selection {
            services,
            disabled_services,
            entitled: None,
            toolsets,
            disabled_toolsets: trimmed(&args.disabled_toolsets),
            disabled_tools: zscaler_catalogue::select::Selection::globs(&trimmed(
                &args.disabled_tools,
            ))
            .map_err(|e| anyhow::anyhow!("--disabled-tools / ZSCALER_MCP_DISABLED_TOOLS: {e}"))?,
            writes: writes.clone(),
        };
        if args.max_response_bytes < 4096 {
            bail!("--max-response-bytes / ZSCALER_MCP_MAX_RESPONSE_BYTES must be at least 4096");
        }
        if args.confirmation_ttl == 0 {
            bail!("--confirmation-ttl / ZSCALER_MCP_CONFIRMATION_TTL must be at least 1 second");
        }
        let state_keys = environment
            .get(zscaler_catalogue::confirm::KEYS_VAR)
            .map(|value| zscaler_catalogue::confirm::Keys::parse(&value))
            .transpose()?;
        let engine = zscaler_catalogue::engine::Settings {
            max_response_bytes: args.max_response_bytes,
            sanitize: !args.disable_output_sanitization,
            default_format: match args.output_format {
                OutputFormat::Json => zscaler_catalogue::output::Format::Json,
                OutputFormat::Csv => zscaler_catalogue::output::Format::Csv,
            },
            writes,
        };
        if args.max_body_bytes < 1024 {
            bail!("--max-body-bytes / ZSCALER_MCP_MAX_BODY_BYTES must be at least 1024");
        }
        if args.tools_page_size == 0 {
            bail!("--tools-page-size / ZSCALER_MCP_TOOLS_PAGE_SIZE must be at least 1");
        }
        if args.agentcore_http && args.transport == Transport::Stdio {
            bail!(
                "--agentcore-http / ZSCALER_MCP_AGENTCORE_HTTP serves HTTP: set --transport streamable-http (ZSCALER_MCP_TRANSPORT=streamable-http)"
            );
        }
        if args.metrics && args.transport == Transport::Stdio {
            bail!(
                "--metrics / ZSCALER_MCP_METRICS serves /metrics over HTTP: set --transport streamable-http (ZSCALER_MCP_TRANSPORT=streamable-http)"
            );
        }
        let port = args.port.unwrap_or(if args.agentcore_http {
            AGENTCORE_HTTP_PORT
        } else {
            DEFAULT_PORT
        });
        let listen = SocketAddr::new(args.host, port);
        let audit = match args.audit_log.as_deref().map(str::trim) {
            Some(sink) if !sink.is_empty() => Some(zscaler_mcp_server::AuditSink::parse(sink)),
            _ => args
                .log_tool_calls
                .then_some(zscaler_mcp_server::AuditSink::Stderr),
        };
        if audit == Some(zscaler_mcp_server::AuditSink::Stdout)
            && args.transport == Transport::Stdio
        {
            bail!(
                "--audit-log / ZSCALER_MCP_AUDIT_LOG: `stdout` carries the protocol on the stdio transport; use stderr or a file"
            );
        }
        let network = args
            .network
            .validate(listen, args.transport != Transport::Stdio)?;
        Ok(Config {
            transport: args.transport,
            listen,
            demo: args.demo,
            demo_faults: match &args.demo_faults {
                Some(spec) => zscaler_emulator::FaultRule::parse_spec(spec)
                    .context("--demo-faults / ZSCALER_MCP_DEMO_FAULTS")?,
                None => Vec::new(),
            },
            stateless: args.stateless,
            agentcore_http: args.agentcore_http,
            metrics: args.metrics,
            selection,
            tool_mode: args.tool_mode,
            entitlement_filter: !args.no_entitlement_filter,
            engine,
            confirmation_ttl: std::time::Duration::from_secs(args.confirmation_ttl),
            state_keys,
            list_tools: args.list_tools.then_some(args.format),
            network,
            audit,
            auth: std::sync::Arc::new(args.auth),
            max_body_bytes: args.max_body_bytes,
            tools_page_size: args.tools_page_size,
            shutdown_grace: std::time::Duration::from_secs(args.shutdown_grace_secs),
            environment,
            #[cfg(feature = "conformance")]
            conformance_fixtures: args.conformance_fixtures,
        })
    }
}

pub(crate) fn trimmed(values: &[String]) -> Vec<String> {
    values
        .iter()
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
        .collect()
}

pub(crate) fn parse_services(keys: &[String], source: &str) -> Result<Vec<Service>> {
    let mut services = Vec::new();
    for key in trimmed(keys).iter().map(|k| k.to_ascii_lowercase()) {
        // EASM's tools are `zeasm_*` as in the Python server; `easm` names it too.
        let key = if key == "easm" {
            "zeasm".to_owned()
        } else {
            key
        };
        match Service::from_key(&key) {
            Some(service) if !matches!(service, Service::Zscaler | Service::Test) => {
                services.push(service)
            }
            _ => bail!(
                "{source}: unknown service `{key}` (known: zpa, zia, zdx, zcc, zid, ztw, zeasm, zins, zms, zcell)"
            ),
        }
    }
    Ok(services)
}

/// Loads `.env` before the command line is parsed, so its values act as environment defaults.
/// The path comes from `--dotenv-path` / `ZSCALER_MCP_DOTENV_PATH`, else `./.env` if present.
/// Variables already set in the environment win.
pub fn load_dotenv(argv: &[String]) -> Result<Option<PathBuf>> {
    let explicit = argv
        .iter()
        .enumerate()
        .find_map(|(i, arg)| {
            arg.strip_prefix("--dotenv-path=")
                .map(PathBuf::from)
                .or_else(|| (arg == "--dotenv-path").then(|| argv.get(i + 1).map(PathBuf::from))?)
        })
        .or_else(|| std::env::var_os("ZSCALER_MCP_DOTENV_PATH").map(PathBuf::from));
    match explicit {
        Some(path) => {
            dotenvy::from_path(&path)
                .with_context(|| format!("--dotenv-path: cannot load {}", path.display()))?;
            Ok(Some(path))
        }
        None => {
            let local = PathBuf::from(".env");
            if local.is_file() {
                dotenvy::from_path(&local).context("cannot load ./.env")?;
                Ok(Some(local))
            } else {
                Ok(None)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;

    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        serve: ServeArgs,
    }

    fn config(args: &[&str]) -> Result<Config> {
        let argv = std::iter::once("zscaler-mcp").chain(args.iter().copied());
        Config::from_args(Cli::try_parse_from(argv)?.serve, std::sync::Arc::default())
    }

    #[test]
    fn the_agentcore_http_contract_defaults_to_port_8080() {
        if std::env::var_os("ZSCALER_MCP_PORT").is_some() {
            eprintln!("skipped: ZSCALER_MCP_PORT is set in this environment");
            return;
        }
        let http = ["--transport", "streamable-http"];
        let plain = config(&http).unwrap();
        assert_eq!(plain.listen.port(), 8000);
        assert!(!plain.agentcore_http);
        let agentcore = config(&[&http[..], &["--agentcore-http"]].concat()).unwrap();
        assert_eq!(agentcore.listen.port(), 8080);
        assert!(agentcore.agentcore_http);
        // A port given explicitly wins, even when it is the MCP contract's default.
        let explicit =
            config(&[&http[..], &["--agentcore-http", "--port", "8000"]].concat()).unwrap();
        assert_eq!(explicit.listen.port(), 8000);
        let off = config(&[&http[..], &["--agentcore-http=false"]].concat()).unwrap();
        assert_eq!((off.listen.port(), off.agentcore_http), (8000, false));
    }

    #[test]
    fn the_agentcore_http_contract_needs_an_http_transport() {
        let error = config(&["--transport", "stdio", "--agentcore-http"]).unwrap_err();
        let text = format!("{error:#}");
        assert!(
            text.contains("--agentcore-http") && text.contains("streamable-http"),
            "{text}"
        );
    }
}
