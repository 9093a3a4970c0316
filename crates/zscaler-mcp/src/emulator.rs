//! `zscaler-mcp emulator`: the OneAPI emulator as a standalone server.

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context, Result};
use clap::Args;
use zscaler_emulator::{ClientRegistration, EmulatorConfig, FaultRule, TlsPem};

use crate::signals::stop_signal;

#[derive(Args)]
pub struct EmulatorArgs {
    /// Address to listen on. Routes by path whatever the Host header, so one listener stands
    /// in for `<vanity>.zslogin.net` and `api.zsapi.net` at once.
    #[arg(long, default_value = "127.0.0.1:9443")]
    listen: SocketAddr,
    /// PEM certificate chain: serve HTTPS (give --tls-key too).
    #[arg(long, requires = "tls_key")]
    tls_cert: Option<PathBuf>,
    /// PEM private key for --tls-cert.
    #[arg(long, requires = "tls_cert")]
    tls_key: Option<PathBuf>,
    /// Seed of the demo tenant's data: the same seed gives the same tenant.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Start with an empty tenant (only what Zscaler provisions in every new tenant).
    #[arg(long)]
    empty: bool,
    /// The API client id the tenant accepts.
    #[arg(long, default_value = zscaler_emulator::DEMO_CLIENT_ID)]
    client_id: String,
    /// The API client secret the tenant accepts.
    #[arg(long, default_value = zscaler_emulator::DEMO_CLIENT_SECRET, env = "ZSCALER_EMULATOR_CLIENT_SECRET")]
    client_secret: String,
    /// PEM RSA public key that verifies private-key JWT client assertions. Without it,
    /// assertions are accepted when their claims are right.
    #[arg(long)]
    client_public_key: Option<PathBuf>,
    /// Lifetime of issued access tokens, in seconds.
    #[arg(long, default_value_t = 3600)]
    token_ttl: u64,
    /// The ZPA customer id of the tenant.
    #[arg(long, default_value = zscaler_emulator::DEMO_CUSTOMER_ID)]
    customer_id: String,
    /// Comma-separated products the API client is entitled to (`service-info` in its tokens),
    /// e.g. `ZIA,ZPA`; default all.
    #[arg(long, value_delimiter = ',')]
    products: Vec<String>,
    /// Fault rules, `;`-separated `KIND[=ARG]@[METHOD ]GLOB[#TIMES]`,
    /// e.g. `429=4s@/zpa/*#2;503@GET /zia/*#1;hang@/zdx/*`.
    #[arg(long)]
    faults: Option<String>,
}

pub async fn run(args: EmulatorArgs) -> Result<()> {
    let read = |path: &PathBuf, what: &str| {
        std::fs::read(path).with_context(|| format!("cannot read {what} {}", path.display()))
    };
    let tls = match (&args.tls_cert, &args.tls_key) {
        (Some(cert), Some(key)) => Some(TlsPem {
            cert_chain: read(cert, "--tls-cert")?,
            private_key: read(key, "--tls-key")?,
        }),
        _ => None,
    };
    let faults = match &args.faults {
        Some(spec) => FaultRule::parse_spec(spec).context("--faults")?,
        None => Vec::new(),
    };
    let public_key_pem = args
        .client_public_key
        .as_ref()
        .map(|p| read(p, "--client-public-key"))
        .transpose()?;
    let config = EmulatorConfig {
        listen: args.listen,
        tls,
        seed: args.seed,
        demo_data: !args.empty,
        client: ClientRegistration {
            client_id: args.client_id.clone(),
            client_secret: Some(args.client_secret),
            public_key_pem,
            products: if args.products.is_empty() {
                zscaler_emulator::ALL_PRODUCTS
                    .iter()
                    .map(|p| (*p).to_owned())
                    .collect()
            } else {
                args.products
                    .iter()
                    .map(|p| p.trim().to_ascii_uppercase())
                    .collect()
            },
        },
        token_ttl: Duration::from_secs(args.token_ttl),
        customer_id: args.customer_id.clone(),
        faults,
        log_capacity: 10_000,
    };
    // Listen for the stop signals before announcing the address, so a supervisor that
    // signals as soon as it reads the banner is honoured.
    let stop = stop_signal()?;
    let emulator = zscaler_emulator::spawn(config).await?;
    let base = emulator.base_url();
    // The banner is a courtesy: a closed stdout must not bring the emulator down.
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "zscaler-mcp emulator listening on {base}");
    let _ = writeln!(out, "  ZSCALER_MCP_TOKEN_URL={}", emulator.token_url());
    let _ = writeln!(out, "  ZSCALER_MCP_API_BASE_URL={base}");
    let _ = writeln!(out, "  ZSCALER_CLIENT_ID={}", args.client_id);
    let _ = writeln!(out, "  ZSCALER_CUSTOMER_ID={}", args.customer_id);
    let _ = writeln!(
        out,
        "  ZCELL_CUSTOMER_ID={}",
        zscaler_emulator::DEMO_ZCELL_CUSTOMER_ID
    );
    let _ = writeln!(
        out,
        "  control: {base}/__emulator/requests, {base}/__emulator/faults"
    );
    let _ = out.flush();
    drop(out);
    stop.await?;
    emulator.shutdown().await;
    Ok(())
}
