//! Starting the MCP server on the configured transport.

use std::io::Write;
use std::sync::Arc;

use anyhow::{Context, Result};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;
use zscaler_catalogue::confirm::{Confirmations, Keys};
use zscaler_catalogue::engine::Engine;
use zscaler_catalogue::select::Selection;
use zscaler_catalogue::{Registry, Service};
use zscaler_mcp_auth::Authenticator;
use zscaler_mcp_http::tls::{TlsAcceptorHandle, TlsSettings};
use zscaler_mcp_http::{GetMcp, HttpOptions, InFlight, MetricsRender, ServeOptions};
use zscaler_mcp_server::{AuditLog, MessageSession, ServerOptions, ZscalerMcp};
use zscaler_oneapi::{ClientConfig, ClientDefaults, ClientPool, Credentials, OneApiClient};

use crate::auth::OwnTenant;
use crate::config::{Config, ListFormat, ToolMode, Transport};
use crate::signals::stop_signal;

/// The tools this configuration enables, and those `tools/list` shows (the same, or the three
/// discover-mode tools).
pub fn registries(config: &Config, entitled: Option<Vec<Service>>) -> Result<(Registry, Registry)> {
    #[allow(unused_mut)]
    let mut tools = zscaler_catalogue::builtin_tools();
    #[cfg(feature = "conformance")]
    if config.conformance_fixtures {
        tools.extend(zscaler_mcp_server::fixture_tools());
    }
    for unknown in config.selection.unknown_toolsets(&tools) {
        tracing::warn!(
            toolset = unknown,
            "no tool belongs to this toolset; check --toolsets / --disabled-toolsets (zscaler-mcp --list-tools shows each tool's toolset)"
        );
    }
    if let Some(why) = config.selection.writes.why_closed() {
        tracing::info!("no write tools: {why}");
    }
    let all = Registry::new(tools).context("the built-in tool table is invalid")?;
    let selection = Selection {
        entitled,
        ..config.selection.clone()
    };
    let enabled = all.filtered(|def| selection.keeps(def));
    let listed = match config.tool_mode {
        ToolMode::Full => enabled.clone(),
        ToolMode::Discover => Registry::new(zscaler_catalogue::discover_tools())
            .context("the discover tools are invalid")?,
    };
    Ok((enabled, listed))
}

/// The services the tenant's token entitles, or `None` (with a warning) when the token cannot
/// be had or read: the filter is then skipped, never fatal.
async fn entitled_services(client: &OneApiClient) -> Option<Vec<Service>> {
    let token = tokio::time::timeout(
        std::time::Duration::from_secs(15),
        client.token_provider().token(),
    )
    .await;
    let token = match token {
        Ok(Ok(token)) => token,
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "entitlement filter skipped: no OneAPI token");
            return None;
        }
        Err(_) => {
            tracing::warn!("entitlement filter skipped: the token request took over 15 s");
            return None;
        }
    };
    match zscaler_catalogue::entitlements::from_token(&token) {
        Ok(found) => {
            if !found.unknown.is_empty() {
                tracing::warn!(products = ?found.unknown, "token names products this server does not know");
            }
            let keys: Vec<&str> = found.services.iter().map(|s| s.key()).collect();
            tracing::info!(services = ?keys, "serving the services the OneAPI token entitles (--no-entitlement-filter to serve all)");
            Some(found.services)
        }
        Err(why) => {
            tracing::warn!("entitlement filter skipped: {why}");
            None
        }
    }
}

/// The engine every call runs through, serving `enabled`.
pub fn engine(config: &Config, enabled: Registry) -> Engine {
    let keys = config.state_keys.clone().unwrap_or_else(Keys::random);
    Engine::new(
        config.engine.clone(),
        Confirmations::new(keys, config.confirmation_ttl),
    )
    .with_catalogue(enabled)
}

/// `--list-tools`: what this configuration serves, then exit.
pub fn list_tools(config: &Config, format: ListFormat) -> Result<()> {
    let (enabled, listed) = registries(config, None)?;
    let server = ZscalerMcp::new(
        listed,
        None,
        engine(config, enabled.clone()),
        ServerOptions::default(),
    );
    let mut out = std::io::stdout().lock();
    match format {
        ListFormat::Json => {
            serde_json::to_writer_pretty(&mut out, server.listed_tools())?;
            writeln!(out)?;
        }
        ListFormat::Text => {
            for def in server.registry().tools() {
                let kind = if def.action.is_write() {
                    "write"
                } else {
                    "read"
                };
                writeln!(
                    out,
                    "{:<48} {:<5} {:<28} {}",
                    def.name, kind, def.toolset, def.title
                )?;
            }
            let writes = enabled
                .tools()
                .iter()
                .filter(|d| d.action.is_write())
                .count();
            writeln!(
                out,
                "{} tool(s) listed; {} enabled ({} write) across {} service(s)",
                server.registry().len(),
                enabled.len(),
                writes,
                enabled.services().len()
            )?;
        }
    }
    Ok(())
}

/// The OneAPI client: the demo tenant's, the configured tenant's, or none (tools then explain
/// which variables to set).
async fn client(
    config: &Config,
) -> Result<(
    Option<OneApiClient>,
    Option<zscaler_emulator::RunningEmulator>,
)> {
    if config.demo {
        let mut emulator_config = zscaler_emulator::EmulatorConfig::demo(1);
        emulator_config.listen = "127.0.0.1:0".parse().expect("literal address");
        emulator_config.faults = config.demo_faults.clone();
        let emulator = zscaler_emulator::spawn(emulator_config)
            .await
            .context("--demo: cannot start the emulated tenant")?;
        let mut client_config = ClientConfig::new(
            emulator.token_url().parse().context("emulator token URL")?,
            emulator.base_url().parse().context("emulator base URL")?,
            Credentials::secret(
                zscaler_emulator::DEMO_CLIENT_ID,
                zscaler_emulator::DEMO_CLIENT_SECRET,
            ),
        );
        client_config.customer_id = Some(zscaler_emulator::DEMO_CUSTOMER_ID.to_owned());
        client_config.zcell_customer_id = Some(zscaler_emulator::DEMO_ZCELL_CUSTOMER_ID.to_owned());
        let client = OneApiClient::new(client_config).context("--demo: OneAPI client")?;
        return Ok((Some(client), Some(emulator)));
    }
    let lookup = |name: &str| config.environment.get(name);
    if lookup("ZSCALER_CLIENT_ID").is_none() {
        tracing::warn!(
            "no Zscaler credentials (ZSCALER_CLIENT_ID is not set): tools will answer with how to configure them; use --demo to try the server on an emulated tenant"
        );
        return Ok((None, None));
    }
    let mut client_config = ClientConfig::from_env(lookup).context("Zscaler credentials")?;
    // Credentials from a secret store are re-read from it when ZIdentity refuses them.
    client_config.credential_source = config.environment.credential_source();
    let client = OneApiClient::new(client_config).context("OneAPI client")?;
    Ok((Some(client), None))
}

/// How many callers' OneAPI clients tenant passthrough keeps (least recently used dropped).
const PASSTHROUGH_CLIENTS: usize = 256;

/// Tenant passthrough's per-caller clients, sharing the gateway and limits of the server's
/// own client (or, without one, of the `ZSCALER_*` settings).
fn tenant_pool(config: &Config, own: Option<&OneApiClient>) -> Result<Option<Arc<ClientPool>>> {
    if !config.auth.auth_passthrough {
        return Ok(None);
    }
    if config.transport == Transport::Stdio {
        tracing::warn!(
            "ZSCALER_MCP_AUTH_PASSTHROUGH is ignored on stdio: its one caller uses the server's credentials"
        );
        return Ok(None);
    }
    let defaults = match own {
        Some(client) => ClientDefaults::from(client.config()),
        None => ClientDefaults::from_env(|name| config.environment.get(name))
            .context("tenant passthrough")?,
    };
    let pool = ClientPool::new(defaults, PASSTHROUGH_CLIENTS).context("tenant passthrough")?;
    tracing::info!("tenant passthrough: tool calls run with each caller's own OneAPI credentials");
    Ok(Some(Arc::new(pool)))
}

fn announce_demo(emulator: &zscaler_emulator::RunningEmulator) {
    crate::notice(&format!(
        "DEMO MODE: serving an EMULATED Zscaler tenant (no real tenant is touched; data is synthetic). Emulator: {}",
        emulator.base_url()
    ));
}

pub async fn run(config: Config) -> Result<()> {
    let stop = stop_signal()?;
    // Before the first token request, so start-up is counted too.
    let metrics = config.metrics.then(crate::metrics::install).transpose()?;
    let (client, emulator) = client(&config).await?;
    let entitled = match &client {
        Some(client) if config.entitlement_filter => entitled_services(client).await,
        _ => None,
    };
    let (enabled, registry) = registries(&config, entitled)?;
    let engine = engine(&config, enabled);
    if let Some(emulator) = &emulator {
        announce_demo(emulator);
    }
    let audit = match &config.audit {
        Some(sink) => Some(Arc::new(AuditLog::open(sink).with_context(|| {
            format!("--audit-log / ZSCALER_MCP_AUDIT_LOG: cannot open {sink:?}")
        })?)),
        None => None,
    };
    let tenants = tenant_pool(&config, client.as_ref())?;
    let options = ServerOptions {
        tools_page_size: config.tools_page_size,
        audit,
        tenants,
        #[cfg(feature = "conformance")]
        conformance_fixtures: config.conformance_fixtures,
        ..ServerOptions::default()
    };
    let server = ZscalerMcp::new(registry, client, engine, options);
    tracing::info!(
        tools = server.registry().len(),
        transport = ?config.transport,
        "zscaler-mcp {} starting",
        zscaler_mcp_server::SERVER_VERSION
    );
    let result = match config.transport {
        Transport::Stdio => run_stdio(server, stop, config.shutdown_grace).await,
        Transport::StreamableHttp | Transport::Sse => {
            let own = own_tenant(&config, emulator.as_ref())?;
            run_http(&config, server, own, metrics, stop).await
        }
    };
    if let Some(emulator) = emulator {
        emulator.shutdown().await;
    }
    result
}

/// stdio: one JSON-RPC message per line in; stdout carries only protocol frames.
async fn run_stdio(
    server: ZscalerMcp,
    stop: impl std::future::Future<Output = Result<()>>,
    grace: std::time::Duration,
) -> Result<()> {
    let cancel = CancellationToken::new();
    let (session, mut outbound) = MessageSession::start(server, cancel.clone());
    let tracker = session.clone();
    let done = cancel.clone();
    let writer = tokio::spawn(async move {
        let mut stdout = tokio::io::stdout();
        loop {
            // `tracker` keeps the outbound queue open, so it never ends by itself: once the
            // session is cancelled, write what is queued and stop.
            let message = tokio::select! {
                biased;
                message = outbound.recv() => message,
                () = done.cancelled() => outbound.try_recv().ok(),
            };
            let Some(message) = message else { break };
            tracker.sent(&message);
            let mut line = serde_json::to_vec(&message).unwrap_or_default();
            line.push(b'\n');
            if stdout.write_all(&line).await.is_err() || stdout.flush().await.is_err() {
                break;
            }
        }
    });
    let reader = {
        let session = session.clone();
        async move {
            let mut lines = BufReader::new(tokio::io::stdin()).lines();
            while let Ok(Some(line)) = lines.next_line().await {
                if line.trim().is_empty() {
                    continue;
                }
                session.deliver(line.as_bytes()).await;
            }
        }
    };
    tokio::pin!(stop);
    tokio::select! {
        () = reader => tracing::debug!("stdin closed"),
        result = &mut stop => result?,
        () = session.ended().cancelled() => {}
    }
    // The client may close stdin right after its last request: answer what was asked first.
    tokio::select! {
        _ = tokio::time::timeout(grace, session.drained()) => {}
        _ = &mut stop => {}
    }
    cancel.cancel();
    drop(session);
    let _ = tokio::time::timeout(std::time::Duration::from_secs(2), writer).await;
    Ok(())
}

/// The server's own tenant, as `zscaler` client authentication needs it.
fn own_tenant(
    config: &Config,
    emulator: Option<&zscaler_emulator::RunningEmulator>,
) -> Result<OwnTenant> {
    let get = |name: &str| config.environment.get(name);
    let cloud = zscaler_oneapi::Cloud::parse(&get("ZSCALER_CLOUD").unwrap_or_default())
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let token_url = match emulator {
        Some(emulator) => Some(emulator.token_url()),
        None => get("ZSCALER_MCP_TOKEN_URL"),
    };
    let token_url = token_url
        .map(|url| url.parse().context("ZSCALER_MCP_TOKEN_URL is not a URL"))
        .transpose()?;
    Ok(OwnTenant {
        vanity: get("ZSCALER_VANITY_DOMAIN"),
        cloud,
        token_url,
    })
}

async fn run_http(
    config: &Config,
    server: ZscalerMcp,
    own: OwnTenant,
    metrics: Option<MetricsRender>,
    stop: impl std::future::Future<Output = Result<()>> + Send + 'static,
) -> Result<()> {
    // Misconfigured authentication ends the start-up here, before anything listens.
    let loopback_demo = config.demo && config.listen.ip().is_loopback();
    let authenticator = match config.auth.settings(&own, loopback_demo)? {
        Some(settings) => {
            let mode = settings.mode.name();
            let http = reqwest::Client::builder()
                .build()
                .context("HTTP client for authentication")?;
            let authenticator = Authenticator::new(settings, http)
                .await
                .map_err(|e| crate::auth::named(&e))?;
            tracing::info!(mode, "MCP clients must authenticate");
            Some(authenticator)
        }
        None => None,
    };
    let options = HttpOptions {
        stateless: config.stateless,
        max_body_bytes: config.max_body_bytes,
        max_sessions: config.network.max_sessions,
        get_mcp: if config.transport == Transport::Sse {
            GetMcp::LegacySse
        } else {
            GetMcp::Streamable
        },
        agentcore_http: config.agentcore_http,
        metrics,
        ..HttpOptions::default()
    };
    // Certificate problems end the start-up here, before anything listens.
    let tls = match &config.network.tls {
        Some(settings) => Some(tls_acceptor(settings)?),
        None => None,
    };
    let listener = TcpListener::bind(config.listen)
        .await
        .with_context(|| format!("cannot listen on {} (--host/--port)", config.listen))?;
    let local = listener.local_addr().context("listening address")?;
    let streams = CancellationToken::new();
    let inflight = InFlight::default();
    let app = zscaler_mcp_http::router(server, options, streams.clone(), inflight.clone());
    let open = authenticator.is_none();
    let app = zscaler_mcp_guard::protect(app, config.network.guard.clone(), authenticator);
    // Outside the guard, so refused requests are counted too.
    let app = if config.metrics {
        zscaler_mcp_http::observe(app)
    } else {
        app
    };
    let shutdown = CancellationToken::new();
    {
        let shutdown = shutdown.clone();
        tokio::spawn(async move {
            if let Err(error) = stop.await {
                tracing::error!(%error, "signal handling failed");
            }
            tracing::info!("shutting down: finishing in-flight requests");
            shutdown.cancel();
        });
    }
    let scheme = if tls.is_some() { "https" } else { "http" };
    if config.demo {
        crate::notice(&format!(
            "DEMO MODE: MCP endpoint {scheme}://{local}/mcp serves the emulated tenant"
        ));
    }
    // The one line a supervisor or test waits for; stdout is not a protocol channel here.
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "zscaler-mcp listening on {scheme}://{local}/mcp");
    let _ = out.flush();
    drop(out);
    if config.metrics {
        if open {
            crate::notice(&format!(
                "/metrics is served without client authentication, as /mcp is: {scheme}://{local}/metrics"
            ));
        } else {
            tracing::info!(
                "Prometheus metrics at {scheme}://{local}/metrics (authenticated as /mcp)"
            );
        }
    }
    if config.agentcore_http {
        tracing::info!(
            "AgentCore Runtime HTTP protocol: POST {scheme}://{local}/invocations, GET /ping"
        );
    }
    zscaler_mcp_http::serve(
        listener,
        app,
        shutdown,
        streams,
        inflight,
        config.shutdown_grace,
        ServeOptions {
            tls,
            header_read_timeout: config.network.header_read_timeout,
            idle_timeout: config.network.idle_timeout,
            ..ServeOptions::default()
        },
    )
    .await
    .context("HTTP server")?;
    Ok(())
}

/// The TLS acceptor, reloaded from its files on SIGHUP (new handshakes get the new
/// certificate; open connections keep theirs; a failed reload keeps the old one).
fn tls_acceptor(settings: &TlsSettings) -> Result<TlsAcceptorHandle> {
    let handle = TlsAcceptorHandle::new(settings.clone())?;
    if settings.client_ca_file.is_some() {
        tracing::info!(
            "mutual TLS: clients must present a certificate from ZSCALER_MCP_TLS_CA_CERTS"
        );
    }
    let mut hangup = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup())
        .context("cannot listen for SIGHUP (certificate reload)")?;
    let reloading = handle.clone();
    tokio::spawn(async move {
        while hangup.recv().await.is_some() {
            match reloading.reload() {
                Ok(()) => tracing::info!("SIGHUP: TLS certificate reloaded"),
                Err(error) => {
                    tracing::error!(%error, "SIGHUP: TLS reload failed; still serving the previous certificate")
                }
            }
        }
    });
    Ok(handle)
}
