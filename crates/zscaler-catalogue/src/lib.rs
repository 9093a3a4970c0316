//! The tool catalogue: every MCP tool the server offers, declared as data.
//!
//! A tool is one [`ToolDef`] row: name, service, toolset, action, HTTP method and path,
//! parameters, pagination and output. Input schemas, annotations and docs are derived from the
//! row ([`schema`]); the [`engine`] validates arguments and runs a row against the OneAPI through
//! a [`ToolContext`] that the protocol layer provides. Only composite tools carry a hand-written
//! handler, and they see the same context.
//!
//! Nothing here knows MCP's wire types: the server crate adapts [`ToolOutput`] and
//! [`ToolContext`] to rmcp, so a protocol-library upgrade never touches a tool.

mod aliases;
mod args;
pub mod confirm;
mod context;
pub mod docs;
pub mod engine;
pub mod entitlements;
mod error;
pub mod graphql;
mod model;
pub mod output;
mod registry;
pub mod sanitize;
pub mod schema;
pub mod select;
mod tables;

pub use aliases::{ALIASES, Alias, resolve as resolve_alias};
pub use args::Args;
pub use context::{
    Answer, ClientFeature, Content, Elicited, LogLevel, Question, Root, ToolContext, ToolOutput,
};
pub use error::ToolError;
pub use model::{
    Action, Composite, CompositeCall, Current, DAYS, FIELDS, Location, Method, Op, Output, Param,
    ParamType, Prepare, Service, ToolDef, Window,
};
pub use registry::{Registry, RegistryError};
pub use tables::{builtin_tools, discover_tools};
