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

fn parse_bool(value: &str) -> Result<bool, String> {
    match value.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Ok(true),
        "0" | "false" | "no" | "off" | "" => Ok(false),
        other => Err(format!(
            "`{other}` is not a boolean (use true/false, 1/0, yes/no)"
        )),
    }
}

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
    /// Port to listen on for the HTTP transports (0 picks a free one).
    #[arg(long, env = "ZSCALER_MCP_PORT", default_value_t = 8000)]
    pub port: u16,
    /// A .env file to load before reading the environment (default: ./.env when present).
    #[arg(long, env = "ZSCALER_MCP_DOTENV_PATH")]
    pub dotenv_path: Option<PathBuf>,
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
    /// Comma-separated services to serve (zpa, zia, zdx, zcc, zid, ztw, easm, zins, zms,
    /// zcell); default all.
    #[arg(long, short = 's', env = "ZSCALER_MCP_SERVICES", value_delimiter = ',')]
    pub services: Vec<String>,
    /// Host names accepted in the Host header of HTTP requests (DNS-rebinding protection);
    /// `*` accepts any. Default: localhost and the loopback addresses.
    #[arg(long, env = "ZSCALER_MCP_ALLOWED_HOSTS", value_delimiter = ',')]
    pub allowed_hosts: Vec<String>,
    /// Browser origins accepted in the Origin header of HTTP requests.
    #[arg(long, env = "ZSCALER_MCP_ALLOWED_ORIGINS", value_delimiter = ',')]
    pub allowed_origins: Vec<String>,
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
}

/// The validated configuration.
#[derive(Debug, Clone)]
pub struct Config {
    pub transport: Transport,
    pub listen: SocketAddr,
    pub demo: bool,
    pub demo_faults: Vec<zscaler_emulator::FaultRule>,
    pub stateless: bool,
    /// Empty = every service.
    pub services: Vec<Service>,
    pub allowed_hosts: Vec<String>,
    pub allowed_origins: Vec<String>,
    pub max_body_bytes: usize,
    pub tools_page_size: usize,
    pub shutdown_grace: std::time::Duration,
    /// Serve the conformance suite's fixtures as well.
    #[cfg(feature = "conformance")]
    pub conformance_fixtures: bool,
}

impl Config {
    pub fn from_args(args: ServeArgs) -> Result<Config> {
        let mut services = Vec::new();
        for key in args.services.iter().map(|s| s.trim().to_ascii_lowercase()) {
            if key.is_empty() {
                continue;
            }
            match Service::from_key(&key) {
                Some(service) if !matches!(service, Service::Zscaler | Service::Test) => {
                    services.push(service)
                }
                _ => bail!(
                    "--services / ZSCALER_MCP_SERVICES: unknown service `{key}` (known: zpa, zia, zdx, zcc, zid, ztw, easm, zins, zms, zcell)"
                ),
            }
        }
        if args.max_body_bytes < 1024 {
            bail!("--max-body-bytes / ZSCALER_MCP_MAX_BODY_BYTES must be at least 1024");
        }
        if args.tools_page_size == 0 {
            bail!("--tools-page-size / ZSCALER_MCP_TOOLS_PAGE_SIZE must be at least 1");
        }
        let listen = SocketAddr::new(args.host, args.port);
        let allowed_hosts = if args.allowed_hosts.iter().any(|h| h.trim() == "*") {
            Vec::new()
        } else if args.allowed_hosts.is_empty() {
            zscaler_mcp_http::default_allowed_hosts(listen)
        } else {
            args.allowed_hosts
                .iter()
                .map(|h| h.trim().to_owned())
                .collect()
        };
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
            services,
            allowed_hosts,
            allowed_origins: args.allowed_origins,
            max_body_bytes: args.max_body_bytes,
            tools_page_size: args.tools_page_size,
            shutdown_grace: std::time::Duration::from_secs(args.shutdown_grace_secs),
            #[cfg(feature = "conformance")]
            conformance_fixtures: args.conformance_fixtures,
        })
    }
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
