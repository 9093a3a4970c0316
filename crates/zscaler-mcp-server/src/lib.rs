//! The MCP protocol surface: an rmcp [`ServerHandler`](rmcp::ServerHandler) over the tool
//! catalogue, with prompts, resources, completions, logging, progress, cancellation and
//! elicitation.
//!
//! Transport-agnostic: stdio, streamable HTTP and legacy SSE all serve the same
//! [`ZscalerMcp`]. Tools never see rmcp types; [`context`] adapts rmcp's peer to the
//! catalogue's `ToolContext`.

// Logging and sampling are deprecated only from 2026-07-28 on; the handshake-era revisions we
// serve still define them, so their rmcp types are used on purpose.
#![allow(deprecated)]

pub mod audit;
mod context;
mod convert;
#[cfg(feature = "conformance")]
mod fixtures;
mod handler;
mod instructions;
pub mod metrics;
mod mrtr;
mod prompts;
mod resources;
pub mod session;
mod tenant;
pub mod wire;
mod workflows;

pub use audit::{AuditLog, AuditSink};
pub use context::verified_caller;
#[cfg(feature = "conformance")]
pub use fixtures::fixture_tools;
pub use handler::{ServerOptions, ZscalerMcp};
pub use instructions::instructions;
pub use session::MessageSession;

/// The server's name in `serverInfo`.
pub const SERVER_NAME: &str = "zscaler-mcp";
/// The server's version in `serverInfo`.
pub const SERVER_VERSION: &str = env!("CARGO_PKG_VERSION");
