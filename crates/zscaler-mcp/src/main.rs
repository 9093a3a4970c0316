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
mod serve;
mod signals;

use std::collections::BTreeSet;
use std::process::ExitCode;

use anyhow::Result;
use clap::{CommandFactory, Parser, Subcommand};

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
    names.insert("RUST_LOG".to_owned());
    names
}

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().collect();
    // .env first: its values are defaults for the flags' environment variables.
    if let Err(e) = config::load_dotenv(&argv) {
        eprintln!("error: {e:#}");
        return ExitCode::from(2);
    }
    let cli = Cli::parse_from(&argv);
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
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

async fn run(cli: Cli) -> Result<()> {
    // rmcp logs every session at info; that is our debug.
    let default_level = if cli.serve.debug { "debug" } else { "info" };
    let from_env = tracing_subscriber::EnvFilter::try_from_default_env().ok();
    let rmcp_cap = if from_env.is_none() && !cli.serve.debug {
        "rmcp=warn"
    } else {
        "rmcp=info"
    };
    let mut filter = from_env.unwrap_or_else(|| tracing_subscriber::EnvFilter::new(default_level));
    // Below info, these crates print whole messages and headers: tool arguments, bearer
    // tokens, Basic credentials, tenant data. Secrets never reach a log, whatever RUST_LOG asks.
    for directive in [
        rmcp_cap,
        "hyper=info",
        "hyper_util=info",
        "h2=info",
        "reqwest=info",
        "rustls=info",
    ] {
        filter = filter.add_directive(directive.parse().expect("a valid directive"));
    }
    // Logs go to stderr: under stdio, stdout carries only protocol frames.
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .with_env_filter(filter)
        .init();
    match cli.command {
        Some(Command::Emulator(args)) => emulator::run(args).await,
        Some(Command::Config(args)) => client_config::run(&args),
        None => {
            let config = Config::from_args(cli.serve)?;
            match config.list_tools {
                Some(format) => serve::list_tools(&config, format),
                None => serve::run(config).await,
            }
        }
    }
}
