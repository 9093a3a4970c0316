//! Test helpers: signing keys, a local identity provider (JWKS + OIDC discovery) on loopback,
//! the Zscaler emulator, and an HTTP client with bounded timeouts.
#![allow(dead_code)]

use std::future::Future;
use std::net::SocketAddr;
use std::time::Duration;

use base64::Engine as _;
use http::{HeaderMap, HeaderValue};

mod idp;
#[allow(unused_imports)]
pub use idp::*;

/// Every test body runs under this bound.
pub async fn bounded<T>(f: impl Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(60), f)
        .await
        .expect("the test did not finish within 60 s")
}

pub fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .no_proxy()
        .build()
        .unwrap()
}

/// A loopback address nothing listens on.
pub async fn closed_port() -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    addr
}

pub fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
    let mut map = HeaderMap::new();
    for (name, value) in pairs {
        map.append(
            http::HeaderName::from_bytes(name.as_bytes()).unwrap(),
            HeaderValue::from_str(value).unwrap(),
        );
    }
    map
}

pub fn bearer(token: &str) -> HeaderMap {
    headers(&[("authorization", &format!("Bearer {token}"))])
}

pub fn basic(id: &str, secret: &str) -> HeaderMap {
    let encoded = base64::engine::general_purpose::STANDARD.encode(format!("{id}:{secret}"));
    headers(&[("authorization", &format!("Basic {encoded}"))])
}

/// The emulated tenant with a known client secret.
pub async fn emulator(secret: &str) -> zscaler_emulator::RunningEmulator {
    let mut config = zscaler_emulator::EmulatorConfig::empty();
    config.client.client_secret = Some(secret.to_owned());
    zscaler_emulator::spawn(config).await.unwrap()
}

/// How many token requests the emulator answered.
pub fn token_requests(emu: &zscaler_emulator::RunningEmulator) -> usize {
    emu.requests()
        .iter()
        .filter(|r| r.path == "/oauth2/v1/token")
        .count()
}
