//! Shared helpers for the emulator's own tests: a demo tenant on loopback and a plain HTTP
//! client holding a token, so tests speak the wire protocol the way any OneAPI client does.

#![allow(dead_code)]

use std::time::Duration;

use reqwest::Method;
use serde_json::Value;
use zscaler_emulator::{EmulatorConfig, RunningEmulator};

pub struct Tenant {
    pub emu: RunningEmulator,
    pub http: reqwest::Client,
    pub token: String,
}

impl Tenant {
    pub async fn demo() -> Tenant {
        Tenant::start(EmulatorConfig::demo(42)).await
    }

    pub async fn empty() -> Tenant {
        Tenant::start(EmulatorConfig::empty()).await
    }

    pub async fn start(config: EmulatorConfig) -> Tenant {
        let emu = zscaler_emulator::spawn(config)
            .await
            .expect("emulator starts");
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .build()
            .unwrap();
        let client = emu.client().clone();
        let reply: Value = http
            .post(emu.token_url())
            .form(&[
                ("grant_type", "client_credentials"),
                ("client_id", client.client_id.as_str()),
                (
                    "client_secret",
                    client.client_secret.as_deref().unwrap_or_default(),
                ),
                ("audience", "https://api.zscaler.com"),
            ])
            .send()
            .await
            .expect("token request")
            .json()
            .await
            .expect("token json");
        let token = reply["access_token"]
            .as_str()
            .expect("access_token")
            .to_owned();
        Tenant { emu, http, token }
    }

    /// `{cid}` in `path` is replaced by the tenant's ZPA customer id.
    pub fn url(&self, path: &str) -> String {
        format!(
            "{}{}",
            self.emu.base_url(),
            path.replace("{cid}", self.emu.customer_id())
        )
    }

    pub async fn call(&self, method: Method, path: &str, body: Option<Value>) -> (u16, Value) {
        let mut req = self
            .http
            .request(method, self.url(path))
            .bearer_auth(&self.token);
        if let Some(body) = body {
            req = req.json(&body);
        }
        let resp = req.send().await.expect("request reaches the emulator");
        let status = resp.status().as_u16();
        let bytes = resp.bytes().await.expect("body");
        let value = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes)
                .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned()))
        };
        (status, value)
    }

    pub async fn get(&self, path: &str) -> (u16, Value) {
        self.call(Method::GET, path, None).await
    }

    pub async fn post(&self, path: &str, body: Value) -> (u16, Value) {
        self.call(Method::POST, path, Some(body)).await
    }

    pub async fn put(&self, path: &str, body: Value) -> (u16, Value) {
        self.call(Method::PUT, path, Some(body)).await
    }

    pub async fn delete(&self, path: &str) -> (u16, Value) {
        self.call(Method::DELETE, path, None).await
    }
}

/// A new access token for the emulator's registered client, over the token endpoint.
pub async fn fetch_token(http: &reqwest::Client, emu: &RunningEmulator) -> String {
    let client = emu.client();
    let reply: Value = http
        .post(emu.token_url())
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", client.client_id.as_str()),
            (
                "client_secret",
                client.client_secret.as_deref().unwrap_or_default(),
            ),
            ("audience", "https://api.zscaler.com"),
        ])
        .send()
        .await
        .expect("token request")
        .json()
        .await
        .expect("token json");
    reply["access_token"]
        .as_str()
        .expect("access_token")
        .to_owned()
}
