//! `zscaler-mcp`: the MCP server for the Zscaler Zero Trust Exchange.
//!
//! `zscaler-mcp [--transport stdio|streamable-http|sse] [--demo] …` serves MCP;
//! `zscaler-mcp emulator` runs the OneAPI emulator standalone; `zscaler-mcp config CLIENT`
//! prints an MCP client's configuration snippet.

mod auth;
mod client_config;
mod config;
mod emulator;
mod hardening;
mod metrics;
mod secrets;
mod serve;
mod signals;

use std::collections::BTreeSet;
use std::process::ExitCode;

use anyhow::Result;
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

use crate::config::{Config, ServeArgs};

#[derive(Parser)]
#[command(
    name = "zscaler-mcp",
    version,
    about = "MCP server for the Zscaler Zero Trust Exchange"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    serve: ServeArgs,
    /// Print every environment variable the server reads, one per line, then exit (checked
    /// against the deployment artefacts by tests/deploy.rs).
    #[arg(long, hide = true)]
    list_env: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Serve an emulated Zscaler tenant (OneAPI token endpoint and product APIs) for demos,
    /// tests and benchmarks.
    Emulator(emulator::EmulatorArgs),
    /// Print the configuration snippet an MCP client (Claude Desktop, Cursor, VS Code) needs to
    /// start this binary, and where the client keeps it.
    Config(client_config::ConfigArgs),
}

/// Every environment variable the binary reads: the flags' fallbacks (clap's `env`, across
/// subcommands), the OneAPI client's settings, the shared request-state keys and `RUST_LOG`.
fn env_vars() -> BTreeSet<String> {
    fn walk(command: &clap::Command, names: &mut BTreeSet<String>) {
        for arg in command.get_arguments() {
            if let Some(name) = arg.get_env() {
                names.insert(name.to_string_lossy().into_owned());
            }
        }
        for sub in command.get_subcommands() {
            walk(sub, names);
        }
    }
    let mut names = BTreeSet::new();
    walk(&Cli::command(), &mut names);
    names.extend(zscaler_oneapi::ENV_VARS.iter().map(|v| v.to_string()));
    names.insert(zscaler_catalogue::confirm::KEYS_VAR.to_owned());
    names.extend(zscaler_mcp_secrets::ENV_VARS.iter().map(|v| v.to_string()));
    // Read outside clap: the AgentCore image's names for two logging switches, and RUST_LOG.
    names.extend(["LOG_LEVEL", "LOG_HEADERS", "RUST_LOG"].map(str::to_owned));
    names
}

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().collect();
    // .env first: its values are defaults for the flags' environment variables.
    if let Err(e) = config::load_dotenv(&argv) {
        eprintln!("error: {e:#}");
        return ExitCode::from(2);
    }
    let matches = Cli::command().get_matches_from(&argv);
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    if cli.list_env {
        for name in env_vars() {
            println!("{name}");
        }
        return ExitCode::SUCCESS;
    }
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    // Errors are for people: the cause chain on one line, never a backtrace.
    match runtime.block_on(run(cli, matches)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

async fn run(mut cli: Cli, matches: clap::ArgMatches) -> Result<()> {
    init_logging(&cli.serve)?;
    match cli.command {
        Some(Command::Emulator(args)) => emulator::run(args).await,
        Some(Command::Config(args)) => client_config::run(&args),
        None => {
            let environment = secrets::Environment::load().await?;
            environment.report();
            environment.apply(&mut cli.serve, &matches)?;
            let config = Config::from_args(cli.serve, std::sync::Arc::new(environment))?;
            match config.list_tools {
                Some(format) => serve::list_tools(&config, format),
                None => serve::run(config).await,
            }
        }
    }
}

/// The least severe level asked for: `--debug`, else `--log-level` / `ZSCALER_MCP_LOG_LEVEL` /
/// `LOG_LEVEL`, else info.
fn log_level(args: &ServeArgs) -> Result<&'static str> {
    if args.debug {
        return Ok("debug");
    }
    let asked = args
        .log_level
        .clone()
        .or_else(|| std::env::var("LOG_LEVEL").ok())
        .filter(|v| !v.trim().is_empty());
    let Some(asked) = asked else {
        return Ok("info");
    };
    match asked.trim().to_ascii_lowercase().as_str() {
        "trace" => Ok("trace"),
        "debug" => Ok("debug"),
        "info" => Ok("info"),
        "warn" | "warning" => Ok("warn"),
        "error" | "critical" => Ok("error"),
        _ => anyhow::bail!(
            "--log-level / ZSCALER_MCP_LOG_LEVEL / LOG_LEVEL: `{asked}` is not a level (trace, debug, info, warn, error)"
        ),
    }
}

/// Set when log lines are JSON: nothing else may then be written to stderr.
static JSON_LOGS: std::sync::OnceLock<bool> = std::sync::OnceLock::new();

/// Something an operator must not miss (demo mode, no authentication): a banner on stderr
/// with text logs, a warning event with JSON logs.
pub(crate) fn notice(message: &str) {
    tracing::warn!("{message}");
    if !JSON_LOGS.get().copied().unwrap_or(false) {
        let rule = "=".repeat(66);
        eprintln!("{rule}\n {message}\n{rule}");
    }
}

/// Logs go to stderr (under stdio, stdout carries only protocol frames), as text or JSON.
fn init_logging(args: &ServeArgs) -> Result<()> {
    let level = log_level(args)?;
    let from_env = tracing_subscriber::EnvFilter::try_from_default_env().ok();
    // rmcp logs every session at info; that is our debug.
    let rmcp_cap = if from_env.is_none() && !matches!(level, "debug" | "trace") {
        "rmcp=warn"
    } else {
        "rmcp=info"
    };
    let mut filter = from_env.unwrap_or_else(|| tracing_subscriber::EnvFilter::new(level));
    // Below info, these crates print whole messages and headers: tool arguments, bearer
    // tokens, Basic credentials, tenant data. Secrets never reach a log, whatever RUST_LOG asks.
    for directive in [
        rmcp_cap,
        "hyper=info",
        "hyper_util=info",
        "h2=info",
        "reqwest=info",
        "rustls=info",
        "aws_smithy_runtime=info",
        "aws_smithy_http_client=info",
        "aws_config=info",
    ] {
        filter = filter.add_directive(directive.parse().expect("a valid directive"));
    }
    let builder = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .with_env_filter(filter);
    let _ = JSON_LOGS.set(args.log_format == config::LogFormat::Json);
    match args.log_format {
        config::LogFormat::Text => builder.init(),
        config::LogFormat::Json => builder.json().flatten_event(true).init(),
    }
    Ok(())
}
