//! Zscaler OneAPI client for the MCP server.
//!
//! Invariants the rest of the code relies on:
//! - **One pooled HTTP client** per [`OneApiClient`]; build it once and clone it (clones share
//!   the connection pool, token cache and rate limiter).
//! - **Single-flight tokens**: concurrent callers share one token request; tokens are refreshed
//!   30 s before expiry, and a 401 invalidates only the token that was refused.
//! - **Budgeted retries**: every call has a retry budget (default 30 s) covering throttling waits,
//!   `Retry-After` sleeps and backoff. When the next wait would overrun it, the call fails at once
//!   with the history of its attempts instead of sleeping.
//! - **No duplicate writes**: a non-idempotent request (POST) is re-sent only when the server
//!   provably did not process it (401 from the gateway, 429, edit lock, connection refused).
//! - Secrets never appear in `Debug` or `Display` output, logs or errors.

// `Error::Api(ApiError)` carries the full diagnostic context and is matched on by callers;
// boxing it would only save stack bytes on a network-bound error path.
#![allow(clippy::result_large_err)]

mod auth;
mod client;
mod config;
mod error;
pub mod metrics;
mod paging;
mod pool;
mod product;
mod ratelimit;
mod retry;
#[cfg(test)]
mod testserver;
pub mod trace;
mod zia;

pub use auth::{CredentialSource, TokenProvider};
pub use client::{OneApiClient, Request, Response, encode_path_segment, user_agent};
pub use config::{
    AUDIENCE, ClientAuth, ClientConfig, ClientDefaults, Cloud, Credentials, ENV_VARS,
};
pub use error::{ApiError, ConfigError, Error};
pub use paging::{Page, PageProgress, PageRequest, Paging};
pub use pool::{ClientPool, Tenant};
pub use product::Product;
pub use ratelimit::{MethodClass, RateLimiter, RateLimits, Window};
pub use retry::{backoff, is_edit_lock, parse_retry_after, retry_after_header};
