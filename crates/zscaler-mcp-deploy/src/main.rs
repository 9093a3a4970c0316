//! The `zscaler-mcp-deploy` binary: parses the command line, runs it, maps errors to exit codes.

use std::process::ExitCode;

use clap::Parser;
use zscaler_mcp_deploy::cli::Cli;
use zscaler_mcp_deploy::ui::Ui;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let output = match &cli.platform {
        zscaler_mcp_deploy::cli::Platform::Aws(args) => args.common.output,
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::from(1);
        }
    };
    match runtime.block_on(zscaler_mcp_deploy::run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let ui = Ui::new(output);
            ui.error(e.to_string());
            if let Some(hint) = e.hint() {
                eprintln!("hint: {hint}");
            }
            ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(1))
        }
    }
}
