//! Stop signals.

use anyhow::{Context, Result};

/// Resolves on SIGTERM or Ctrl-C; the handlers are installed when this returns.
pub fn stop_signal() -> Result<impl std::future::Future<Output = Result<()>>> {
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        .context("cannot listen for SIGTERM")?;
    let mut interrupt = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::interrupt())
        .context("cannot listen for SIGINT")?;
    Ok(async move {
        tokio::select! {
            _ = term.recv() => {}
            _ = interrupt.recv() => {}
        }
        Ok(())
    })
}
