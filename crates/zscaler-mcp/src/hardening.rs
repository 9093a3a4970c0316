//! The HTTP transports' network settings (seed 003): TLS, the Host, Origin and source-IP
//! checks, rate and session limits, slow-client timeouts. Parsed here, validated once, and
//! refused at start-up when a combination would expose the server by accident.

use std::net::SocketAddr;
use std::num::NonZeroU32;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Result, bail};
use clap::Args;
use zscaler_mcp_guard::{GuardSettings, HostAllowlist, NetList, OriginPolicy};
use zscaler_mcp_http::tls::TlsSettings;

use crate::config::{parse_bool, trimmed};

#[derive(Debug, Args)]
pub struct NetworkArgs {
    /// Host names accepted in the Host header (DNS-rebinding defence): shell-style globs, with
    /// an optional `:port` or `:*`; `*` accepts any. Default: the bind address and, on
    /// loopback, localhost.
    #[arg(long, env = "ZSCALER_MCP_ALLOWED_HOSTS", value_delimiter = ',')]
    pub allowed_hosts: Vec<String>,
    /// Turn the Host check off (development only).
    #[arg(long, env = "ZSCALER_MCP_DISABLE_HOST_VALIDATION", value_parser = parse_bool, num_args = 0..=1, default_missing_value = "true", default_value = "false")]
    pub disable_host_validation: bool,
    /// Browser origins allowed to call the server (CORS), e.g. https://app.example.com;
    /// globs allowed. Default: none (loopback origins when bound to loopback).
    #[arg(long, env = "ZSCALER_MCP_ALLOWED_ORIGINS", value_delimiter = ',')]
    pub allowed_origins: Vec<String>,
    /// Source addresses allowed to connect: IPs and CIDRs, v4 and v6. Others get 403 before
    /// authentication. Default: any.
    #[arg(long, env = "ZSCALER_MCP_ALLOWED_SOURCE_IPS", value_delimiter = ',')]
    pub allowed_source_ips: Vec<String>,
    /// Proxies (IPs and CIDRs) whose X-Forwarded-For names the client; from anyone else the
    /// header is ignored.
    #[arg(long, env = "ZSCALER_MCP_TRUSTED_PROXIES", value_delimiter = ',')]
    pub trusted_proxies: Vec<String>,
    /// Requests per minute allowed per caller (the authenticated principal, else the client
    /// address); beyond it 429 with Retry-After. 0: no limit.
    #[arg(long, env = "ZSCALER_MCP_RATE_LIMIT", default_value_t = 0)]
    pub rate_limit: u32,
    /// Log each HTTP request's method, path and headers (credential values redacted), e.g. to
    /// see what a platform forwards. Also `LOG_HEADERS`.
    #[arg(long, env = "ZSCALER_MCP_LOG_HEADERS", value_parser = parse_bool, num_args = 0..=1, default_missing_value = "true")]
    pub log_headers: Option<bool>,
    /// Most MCP sessions open at once; one more initialize gets 503.
    #[arg(long, env = "ZSCALER_MCP_MAX_SESSIONS", default_value_t = 1000)]
    pub max_sessions: usize,
    /// Serve plain HTTP on a non-loopback address, because TLS is terminated in front of the
    /// server (ALB, Cloud Run, AgentCore, an ingress).
    #[arg(long, env = "ZSCALER_MCP_ALLOW_HTTP", value_parser = parse_bool, num_args = 0..=1, default_missing_value = "true", default_value = "false")]
    pub allow_http: bool,
    /// Server certificate chain (PEM) for in-process TLS; needs --tls-keyfile.
    #[arg(long, env = "ZSCALER_MCP_TLS_CERTFILE")]
    pub tls_certfile: Option<PathBuf>,
    /// Server private key (PEM; PKCS#8, PKCS#1 or SEC1, optionally encrypted PKCS#8).
    #[arg(long, env = "ZSCALER_MCP_TLS_KEYFILE")]
    pub tls_keyfile: Option<PathBuf>,
    /// Password of an encrypted --tls-keyfile.
    #[arg(long, env = "ZSCALER_MCP_TLS_KEYFILE_PASSWORD", hide_env_values = true)]
    pub tls_keyfile_password: Option<String>,
    /// CA certificates (PEM) that client certificates must chain to: with it, clients
    /// without a valid certificate are refused at the handshake (mutual TLS).
    #[arg(long, env = "ZSCALER_MCP_TLS_CA_CERTS")]
    pub tls_ca_certs: Option<PathBuf>,
    /// Seconds a client may take to send a request's headers (slow-client defence).
    #[arg(long, env = "ZSCALER_MCP_HEADER_READ_TIMEOUT", default_value_t = 10)]
    pub header_read_timeout: u64,
    /// Seconds a connection may stay silent (no bytes either way) before it is closed.
    #[arg(long, env = "ZSCALER_MCP_IDLE_TIMEOUT", default_value_t = 120)]
    pub idle_timeout: u64,
}

/// Everything the HTTP transports' defences need, validated.
#[derive(Debug, Clone)]
pub struct Network {
    pub guard: GuardSettings,
    pub tls: Option<TlsSettings>,
    pub max_sessions: usize,
    pub header_read_timeout: Duration,
    pub idle_timeout: Duration,
}

impl NetworkArgs {
    /// `http`: whether an HTTP transport was asked for (the start-up refusals apply only
    /// then; stdio never listens).
    pub fn validate(self, listen: SocketAddr, http: bool) -> Result<Network> {
        let tls = match (self.tls_certfile, self.tls_keyfile) {
            (Some(cert_file), Some(key_file)) => Some(TlsSettings {
                cert_file,
                key_file,
                key_password: self.tls_keyfile_password.filter(|p| !p.is_empty()),
                client_ca_file: self.tls_ca_certs,
            }),
            (None, None) => {
                if self.tls_ca_certs.is_some() {
                    bail!(
                        "ZSCALER_MCP_TLS_CA_CERTS (mutual TLS) needs ZSCALER_MCP_TLS_CERTFILE and ZSCALER_MCP_TLS_KEYFILE as well"
                    );
                }
                None
            }
            (Some(_), None) => {
                bail!(
                    "ZSCALER_MCP_TLS_CERTFILE is set but ZSCALER_MCP_TLS_KEYFILE is not; set both"
                )
            }
            (None, Some(_)) => {
                bail!(
                    "ZSCALER_MCP_TLS_KEYFILE is set but ZSCALER_MCP_TLS_CERTFILE is not; set both"
                )
            }
        };
        let ip = listen.ip();
        let hosts: Vec<String> = trimmed(&self.allowed_hosts);
        if http && !ip.is_loopback() && tls.is_none() && !self.allow_http {
            bail!(
                "refusing to serve plain HTTP on {ip}: this address is reachable from other machines.\n\
                 Either give the server a certificate (ZSCALER_MCP_TLS_CERTFILE and ZSCALER_MCP_TLS_KEYFILE),\n\
                 or, if TLS is terminated in front of it (load balancer, Cloud Run, AgentCore, an ingress), set ZSCALER_MCP_ALLOW_HTTP=true."
            );
        }
        if http && ip.is_unspecified() && hosts.is_empty() && !self.disable_host_validation {
            bail!(
                "refusing to listen on {ip} without a Host allowlist: any name pointing at this machine would reach the server (DNS rebinding).\n\
                 Set ZSCALER_MCP_ALLOWED_HOSTS to the names clients use (e.g. mcp.example.com,*.internal.example.com),\n\
                 or ZSCALER_MCP_DISABLE_HOST_VALIDATION=true if something in front of the server checks them."
            );
        }
        let allowed_hosts = if self.disable_host_validation || hosts.iter().any(|h| h == "*") {
            None
        } else if hosts.is_empty() {
            Some(HostAllowlist::parse(&default_hosts(listen))?)
        } else {
            Some(HostAllowlist::parse(&hosts)?)
        };
        let allowed_origins =
            OriginPolicy::parse(&trimmed(&self.allowed_origins), ip.is_loopback())?;
        let sources = trimmed(&self.allowed_source_ips);
        let allowed_source_ips = if sources.is_empty() {
            None
        } else {
            Some(NetList::parse("ZSCALER_MCP_ALLOWED_SOURCE_IPS", &sources)?)
        };
        let trusted_proxies = NetList::parse(
            "ZSCALER_MCP_TRUSTED_PROXIES",
            &trimmed(&self.trusted_proxies),
        )?;
        if self.max_sessions == 0 {
            bail!("--max-sessions / ZSCALER_MCP_MAX_SESSIONS must be at least 1");
        }
        if self.header_read_timeout == 0 || self.idle_timeout == 0 {
            bail!(
                "ZSCALER_MCP_HEADER_READ_TIMEOUT and ZSCALER_MCP_IDLE_TIMEOUT must be at least 1 second"
            );
        }
        Ok(Network {
            guard: GuardSettings {
                allowed_hosts,
                allowed_origins,
                allowed_source_ips,
                trusted_proxies,
                rate_limit_per_minute: NonZeroU32::new(self.rate_limit),
                // The AgentCore image's name for the switch.
                log_headers: self.log_headers.unwrap_or_else(|| {
                    std::env::var("LOG_HEADERS")
                        .ok()
                        .and_then(|v| parse_bool(&v).ok())
                        .unwrap_or(false)
                }),
            },
            tls,
            max_sessions: self.max_sessions,
            header_read_timeout: Duration::from_secs(self.header_read_timeout),
            idle_timeout: Duration::from_secs(self.idle_timeout),
        })
    }
}

/// Hosts accepted by default: the bind address, and loopback names on loopback.
fn default_hosts(listen: SocketAddr) -> Vec<String> {
    let ip = listen.ip();
    let mut hosts = Vec::new();
    if ip.is_loopback() {
        hosts.extend(["localhost", "127.0.0.1", "::1"].map(str::to_owned));
    } else {
        hosts.push(ip.to_string());
    }
    hosts
}
