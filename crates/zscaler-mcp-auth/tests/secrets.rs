//! Secrets never leak: with every log line captured at TRACE, accepted and refused API keys,
//! client secrets, bearer tokens and Basic headers appear nowhere in the logs, in refusal
//! reasons, or in `Debug` output.

mod common;

use std::io::Write;
use std::sync::Arc;

use base64::Engine as _;
use common::{Idp, SigningKey, basic, bearer, bounded, claims, emulator, headers, http, now};
use parking_lot::Mutex;
use serde_json::json;
use url::Url;
use zscaler_mcp_auth::{
    AuthMode, AuthSettings, Authenticator, JwtSettings, Secret, ZscalerAuthSettings,
};
use zscaler_oneapi::Cloud;

const API_KEY: &str = "apikey-GOOD-4f9a8b7c6d5e3f2a";
const WRONG_KEY: &str = "apikey-WRONG-1a2b3c4d5e6f7a8b";
const CLIENT_SECRET: &str = "zs-SECRET-9d8c7b6a5f4e3d2c";
const WRONG_SECRET: &str = "zs-WRONG-0f1e2d3c4b5a6978";

#[derive(Clone)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_secret_reaches_logs_reasons_or_debug_output() {
    let logs = Captured(Arc::new(Mutex::new(Vec::new())));
    let writer = logs.clone();
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .init();

    bounded(async {
        let mut shown: Vec<String> = Vec::new();
        let mut secrets: Vec<String> = vec![
            API_KEY.into(),
            WRONG_KEY.into(),
            CLIENT_SECRET.into(),
            WRONG_SECRET.into(),
        ];

        // api-key mode.
        let settings = AuthSettings::new(AuthMode::ApiKey(vec![Secret::new(API_KEY)]));
        shown.push(format!("{settings:?}"));
        let auth = Authenticator::new(settings, http()).await.unwrap();
        shown.push(format!("{auth:?}"));
        for h in [
            bearer(API_KEY),
            headers(&[("x-api-key", API_KEY)]),
            bearer(WRONG_KEY),
            headers(&[("x-api-key", WRONG_KEY)]),
        ] {
            match auth.authenticate(&h).await {
                Ok(p) => shown.push(format!("{p:?}")),
                Err(r) => shown.push(format!("{r:?} {}", r.message())),
            }
        }

        // jwt mode.
        let key = SigningKey::rsa("k1");
        let idp = Idp::start(&[&key]).await;
        let mut settings = JwtSettings::new(idp.jwks_uri());
        settings.issuer = Some(idp.issuer());
        let auth = Authenticator::new(AuthSettings::new(AuthMode::Jwt(settings)), http())
            .await
            .unwrap();
        let good = key.sign(&claims("alice", &idp.issuer(), "zscaler-mcp-server"));
        let mut old = claims("alice", &idp.issuer(), "zscaler-mcp-server");
        old["exp"] = json!(now() - 3600);
        let expired = key.sign(&old);
        let wrong_aud = key.sign(&claims("alice", &idp.issuer(), "elsewhere"));
        for token in [&good, &expired, &wrong_aud] {
            // The signature is the part that must never be replayable from a log.
            secrets.push(token.clone());
            secrets.push(token.rsplit('.').next().unwrap().to_owned());
            match auth.authenticate(&bearer(token)).await {
                Ok(p) => shown.push(format!("{p:?}")),
                Err(r) => shown.push(format!("{r:?} {}", r.message())),
            }
        }
        shown.push(format!("{auth:?}"));

        // zscaler mode, with passthrough so the principal carries the secret.
        let emu = emulator(CLIENT_SECRET).await;
        let mut settings = ZscalerAuthSettings::new(
            Url::parse(&emu.token_url()).unwrap(),
            "acme",
            Cloud::Production,
        );
        settings.passthrough = true;
        let settings = AuthSettings::new(AuthMode::Zscaler(settings));
        shown.push(format!("{settings:?}"));
        let auth = Authenticator::new(settings, http()).await.unwrap();
        shown.push(format!("{auth:?}"));
        let client = zscaler_emulator::DEMO_CLIENT_ID;
        for secret in [CLIENT_SECRET, WRONG_SECRET] {
            let encoded =
                base64::engine::general_purpose::STANDARD.encode(format!("{client}:{secret}"));
            secrets.push(encoded);
            for h in [
                basic(client, secret),
                headers(&[
                    ("x-zscaler-client-id", client),
                    ("x-zscaler-client-secret", secret),
                ]),
            ] {
                match auth.authenticate(&h).await {
                    Ok(p) => {
                        let creds = p.caller_credentials.as_ref().unwrap();
                        assert_eq!(creds.client_secret(), CLIENT_SECRET);
                        shown.push(format!("{p:?} {}", creds.key()));
                    }
                    Err(r) => shown.push(format!("{r:?} {}", r.message())),
                }
            }
        }

        let logs = String::from_utf8(logs.0.lock().clone()).unwrap();
        // The capture works: refusals and the ZIdentity verdict were logged.
        assert!(logs.contains("request refused"), "{logs}");
        assert!(logs.contains("client credentials not verified"), "{logs}");
        assert!(shown.iter().any(|s| s.contains("API key not recognised")));
        assert!(shown.iter().any(|s| s.contains("token expired")));
        assert!(shown.iter().any(|s| s.contains("ZIdentity refused")));
        for secret in &secrets {
            assert!(!logs.contains(secret.as_str()), "a secret is in the logs");
            for text in &shown {
                assert!(
                    !text.contains(secret.as_str()),
                    "a secret is in this output: {text}"
                );
            }
        }
    })
    .await;
}
