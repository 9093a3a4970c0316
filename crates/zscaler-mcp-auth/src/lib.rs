//! Authentication of MCP clients on the HTTP transports: who may call this server.
//!
//! The binary builds one [`AuthSettings`] from its flags and environment (this crate reads no
//! environment itself), then [`Authenticator::new`] validates it and prepares the chosen mode:
//!
//! | mode | credential | checked against |
//! |---|---|---|
//! | `jwt` | `Authorization: Bearer <JWT>` | a JWKS (cached, refreshed on unknown `kid`, rate-limited), `exp`/`nbf`/`iss`/`aud`, an asymmetric algorithm allowlist |
//! | `oidc` | `Authorization: Bearer <JWT>` | the issuer's discovery document (fetched at start, fail closed), its JWKS, audience = configured or this server's resource URL, required scopes (403 when missing); serves RFC 9728 metadata |
//! | `api-key` | `Authorization: Bearer <key>` or `X-Api-Key` | every configured key, in constant time |
//! | `zscaler` | `Authorization: Basic` or `X-Zscaler-Client-ID`/`-Secret` | a ZIdentity client-credentials exchange, cached for the token's lifetime; failures cached briefly; optional per-caller passthrough |
//! | `none` | nothing | accepts everyone as `anonymous` |
//!
//! [`AuthLayer`] puts an [`Authenticator`] in front of an axum router: it skips health and
//! discovery paths and CORS preflights, answers refusals with `WWW-Authenticate` and a JSON-RPC
//! error body, and hands the [`Principal`] to the handler in the request extensions.
//! [`metadata_router`] serves the protected-resource metadata in oidc mode.
//!
//! **Invariant:** no mode accepts a request it could not verify (an unreachable JWKS or
//! ZIdentity means refusal, never admission), and misconfiguration fails in
//! [`Authenticator::new`], before the server listens.
//! **Invariant:** secrets (API keys, client secrets, bearer tokens, Basic headers) never appear
//! in `Debug` output, logs, or a [`Rejection`]'s reason.

mod apikey;
mod authenticator;
mod challenge;
mod credentials;
mod error;
mod jwks;
mod jwt;
mod layer;
mod oidc;
mod principal;
mod settings;
mod zscaler;

pub use authenticator::Authenticator;
pub use challenge::Rejection;
pub use error::AuthError;
pub use jsonwebtoken::Algorithm;
pub use layer::{AuthLayer, AuthService, SKIPPED_PATHS, metadata_router};
pub use principal::{CallerCredentials, Principal};
pub use settings::{
    AuthMode, AuthSettings, DEFAULT_AUDIENCE, JwksOptions, JwtSettings, OidcSettings, Secret,
    ZscalerAuthSettings, default_algorithms, parse_algorithms,
};

/// The realm named in `WWW-Authenticate` challenges.
pub const REALM: &str = "zscaler-mcp";
