//! A faithful Zscaler OneAPI tenant served over real HTTP or HTTPS on loopback.
//!
//! It routes by path whatever the Host header, so one listener stands in for both
//! `<vanity>.zslogin.net` (token endpoint `/oauth2/v1/token`) and `api.zsapi.net`. Each product
//! keeps its own wire conventions (see [`store::Flavor`]); faults are injected by rule
//! ([`faults`]); every API request is logged for tests to assert on ([`log`]).
//!
//! **Architecture invariant:** the emulator depends on no other crate of this workspace, so
//! tests never prove the client or the server against themselves.

pub mod auth;
pub mod call;
mod control;
pub mod faults;
pub mod graphql;
pub mod log;
pub mod products;
pub mod routes;
pub mod seed;
mod server;
pub mod store;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use parking_lot::{Mutex, RwLock};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use tokio::net::TcpListener;
use tokio::sync::watch;

pub use auth::{ALL_PRODUCTS, ClientRegistration};
pub use faults::{FaultKind, FaultRule};
pub use log::LoggedRequest;
pub use store::Tenant;

use crate::server::Shared;

/// The ZPA customer id of the demo tenant (the one the recorded traffic used).
pub const DEMO_CUSTOMER_ID: &str = "216196257331281920";
/// The ZCell customer id of the demo tenant (`ZCELL_CUSTOMER_ID`).
pub const DEMO_ZCELL_CUSTOMER_ID: &str = "zc7acmedemo01";
pub const DEMO_CLIENT_ID: &str = "emulator-client";
pub const DEMO_CLIENT_SECRET: &str = "emulator-secret";

#[derive(Debug, thiserror::Error)]
pub enum EmulatorError {
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("TLS certificate or key is unusable: {0}")]
    Tls(String),
}

#[derive(Clone)]
pub struct TlsPem {
    pub cert_chain: Vec<u8>,
    pub private_key: Vec<u8>,
}

#[derive(Clone)]
pub struct EmulatorConfig {
    pub listen: SocketAddr,
    pub tls: Option<TlsPem>,
    /// Seed of the demo tenant's data; the same seed gives the same tenant.
    pub seed: u64,
    /// Fill the tenant with demo data. Without it only what a new tenant has is there
    /// (ZPA policy sets, predefined ZIA categories and services, …).
    pub demo_data: bool,
    pub client: ClientRegistration,
    pub token_ttl: Duration,
    pub customer_id: String,
    pub faults: Vec<FaultRule>,
    /// How many API requests the log keeps (oldest dropped first); 0 disables it.
    pub log_capacity: usize,
}

impl EmulatorConfig {
    /// The demo tenant on an ephemeral loopback port.
    pub fn demo(seed: u64) -> EmulatorConfig {
        EmulatorConfig {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            tls: None,
            seed,
            demo_data: true,
            client: ClientRegistration {
                client_id: DEMO_CLIENT_ID.into(),
                client_secret: Some(DEMO_CLIENT_SECRET.into()),
                public_key_pem: None,
                products: auth::ALL_PRODUCTS.iter().map(|p| (*p).to_owned()).collect(),
            },
            token_ttl: Duration::from_secs(3600),
            customer_id: DEMO_CUSTOMER_ID.into(),
            faults: Vec::new(),
            log_capacity: 10_000,
        }
    }

    /// A tenant with nothing but what Zscaler provisions in every new tenant.
    pub fn empty() -> EmulatorConfig {
        EmulatorConfig {
            demo_data: false,
            ..EmulatorConfig::demo(0)
        }
    }
}

/// A running emulator. Dropping it stops the listener and every open connection.
pub struct RunningEmulator {
    addr: SocketAddr,
    scheme: &'static str,
    shared: Arc<Shared>,
    stop: watch::Sender<bool>,
    task: Option<tokio::task::JoinHandle<()>>,
    client: ClientRegistration,
}

/// Builds the tenant and route table and starts serving. Must run inside a Tokio runtime.
pub async fn spawn(config: EmulatorConfig) -> Result<RunningEmulator, EmulatorError> {
    let tls = config.tls.as_ref().map(tls_acceptor).transpose()?;
    let listener =
        TcpListener::bind(config.listen)
            .await
            .map_err(|source| EmulatorError::Bind {
                addr: config.listen,
                source,
            })?;
    let addr = listener
        .local_addr()
        .map_err(|source| EmulatorError::Bind {
            addr: config.listen,
            source,
        })?;
    let mut tenant = Tenant::new(config.customer_id.clone(), config.seed);
    products::seed(&mut tenant, config.demo_data);
    let mut routes = routes::Routes::default();
    products::install(&mut routes);
    let (stop, stopping) = watch::channel(false);
    let shared = Arc::new(Shared {
        tenant: RwLock::new(tenant),
        routes,
        tokens: auth::TokenStore::new(config.client.clone(), config.token_ttl),
        faults: Mutex::new(Vec::new()),
        has_faults: Default::default(),
        log: log::RequestLog::new(config.log_capacity),
        customer_id: config.customer_id.clone(),
        stopping: stopping.clone(),
    });
    shared.set_faults(config.faults.clone());
    let scheme = if tls.is_some() { "https" } else { "http" };
    let task = tokio::spawn(server::serve(listener, tls, shared.clone(), stopping));
    Ok(RunningEmulator {
        addr,
        scheme,
        shared,
        stop,
        task: Some(task),
        client: config.client,
    })
}

impl RunningEmulator {
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:<port>` (or `https://`): the API base and the token host at once.
    pub fn base_url(&self) -> String {
        format!("{}://{}", self.scheme, self.addr)
    }

    pub fn token_url(&self) -> String {
        format!("{}{}", self.base_url(), server::TOKEN_PATH)
    }

    pub fn customer_id(&self) -> &str {
        &self.shared.customer_id
    }

    pub fn client(&self) -> &ClientRegistration {
        &self.client
    }

    pub fn requests(&self) -> Vec<LoggedRequest> {
        self.shared.log.snapshot()
    }

    pub fn clear_requests(&self) {
        self.shared.log.clear();
    }

    pub fn add_fault(&self, rule: FaultRule) {
        self.shared.add_faults(vec![rule]);
    }

    pub fn clear_faults(&self) {
        self.shared.set_faults(Vec::new());
    }

    pub fn expire_tokens(&self) {
        self.shared.tokens.expire_all();
    }

    pub fn set_token_ttl(&self, ttl: Duration) {
        self.shared.tokens.set_ttl(ttl);
    }

    pub fn tokens_issued(&self) -> u64 {
        self.shared.tokens.tokens_issued()
    }

    /// Read access to the tenant, for tests that check state behind the API.
    pub fn with_tenant<R>(&self, read: impl FnOnce(&Tenant) -> R) -> R {
        read(&self.shared.tenant.read())
    }

    /// Every `(method, pattern)` the emulator serves.
    pub fn routes(&self) -> Vec<(http::Method, String)> {
        self.shared.routes.patterns().to_vec()
    }

    /// Stops accepting, ends open connections (hung requests included) and waits for that.
    pub async fn shutdown(mut self) {
        let _ = self.stop.send(true);
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for RunningEmulator {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}

fn tls_acceptor(pem: &TlsPem) -> Result<tokio_rustls::TlsAcceptor, EmulatorError> {
    let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(&pem.cert_chain)
        .collect::<Result<_, _>>()
        .map_err(|e| EmulatorError::Tls(format!("certificate PEM: {e}")))?;
    if certs.is_empty() {
        return Err(EmulatorError::Tls(
            "the certificate file holds no certificate".into(),
        ));
    }
    let key = PrivateKeyDer::from_pem_slice(&pem.private_key)
        .map_err(|e| EmulatorError::Tls(format!("private key PEM: {e}")))?;
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| EmulatorError::Tls(e.to_string()))?
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .map_err(|e| EmulatorError::Tls(e.to_string()))?;
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(tokio_rustls::TlsAcceptor::from(Arc::new(config)))
}
