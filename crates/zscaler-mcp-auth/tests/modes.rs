//! api-key and zscaler modes (the latter against the Zscaler emulator's real token endpoint),
//! and the tower layer on a small axum router over real HTTP.

mod common;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::routing::{get, post};
use axum::{Extension, Router};
use common::{basic, bearer, bounded, closed_port, emulator, headers, http, token_requests};
use parking_lot::Mutex;
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use url::Url;
use zscaler_emulator::{EmulatorConfig, FaultKind, FaultRule, TlsPem};
use zscaler_mcp_auth::{
    AuthLayer, AuthMode, AuthSettings, Authenticator, Principal, Secret, ZscalerAuthSettings,
};
use zscaler_oneapi::Cloud;

const KEY_1: &str = "first-api-key-0123456789abcdef";
const KEY_2: &str = "second-api-key-0123456789abcdef";
const SECRET: &str = "tenant-secret-0123456789";
const CLIENT: &str = zscaler_emulator::DEMO_CLIENT_ID;

async fn api_key_auth(trust_platform: bool) -> Authenticator {
    let mut settings = AuthSettings::new(AuthMode::ApiKey(vec![
        Secret::new(KEY_1),
        Secret::new(KEY_2),
    ]));
    settings.trust_platform_auth = trust_platform;
    Authenticator::new(settings, http()).await.unwrap()
}

#[tokio::test]
async fn api_keys_are_accepted_from_either_header() {
    bounded(async {
        let auth = api_key_auth(false).await;
        let p = auth.authenticate(&bearer(KEY_1)).await.unwrap();
        assert_eq!(p.subject, "api-key#1");
        assert_eq!(p.mode, "api-key");
        let p = auth
            .authenticate(&headers(&[("x-api-key", KEY_2)]))
            .await
            .unwrap();
        assert_eq!(p.subject, "api-key#2");

        let wrong = auth.authenticate(&bearer("nope")).await.unwrap_err();
        assert_eq!(wrong.status, 401);
        assert_eq!(wrong.reason, "API key not recognised");
        assert_eq!(
            wrong.www_authenticate,
            "Bearer realm=\"zscaler-mcp\", error=\"invalid_token\", \
             error_description=\"API key not recognised\""
        );
        // A prefix of a valid key is not a valid key.
        let prefix = &KEY_1[..KEY_1.len() - 1];
        assert!(auth.authenticate(&bearer(prefix)).await.is_err());
        // X-Api-Key is read first; a wrong one is not rescued by a right Bearer.
        let both = headers(&[
            ("x-api-key", "wrong"),
            ("authorization", &format!("Bearer {KEY_1}")),
        ]);
        assert_eq!(
            auth.authenticate(&both).await.unwrap_err().reason,
            "API key not recognised"
        );

        let missing = auth.authenticate(&headers(&[])).await.unwrap_err();
        assert_eq!(missing.www_authenticate, "Bearer realm=\"zscaler-mcp\"");
        assert!(missing.reason.starts_with("missing API key"));
        let basic = auth.authenticate(&basic("a", "b")).await.unwrap_err();
        assert!(
            basic.reason.starts_with("api-key mode takes"),
            "{}",
            basic.reason
        );
    })
    .await;
}

#[tokio::test]
async fn a_trusted_platform_admits_requests_without_any_credential_only() {
    bounded(async {
        let auth = api_key_auth(true).await;
        let p = auth.authenticate(&headers(&[])).await.unwrap();
        assert_eq!(p.subject, "platform");
        assert_eq!(p.mode, "api-key");
        assert_eq!(
            auth.authenticate(&headers(&[("x-api-key", "wrong")]))
                .await
                .unwrap_err()
                .reason,
            "API key not recognised"
        );
        assert_eq!(
            auth.authenticate(&bearer(KEY_2)).await.unwrap().subject,
            "api-key#2"
        );
    })
    .await;
}

fn zscaler_settings(emu: &zscaler_emulator::RunningEmulator) -> ZscalerAuthSettings {
    ZscalerAuthSettings::new(
        Url::parse(&emu.token_url()).unwrap(),
        "acme",
        Cloud::Production,
    )
}

async fn zscaler_auth(settings: ZscalerAuthSettings) -> Authenticator {
    Authenticator::new(AuthSettings::new(AuthMode::Zscaler(settings)), http())
        .await
        .unwrap()
}

#[tokio::test]
async fn zscaler_credentials_are_checked_with_zidentity_once() {
    bounded(async {
        let emu = emulator(SECRET).await;
        let auth = zscaler_auth(zscaler_settings(&emu)).await;

        let p = auth.authenticate(&basic(CLIENT, SECRET)).await.unwrap();
        assert_eq!(p.subject, CLIENT);
        assert_eq!(p.mode, "zscaler");
        assert!(p.caller_credentials.is_none(), "no passthrough");
        assert_eq!(token_requests(&emu), 1);

        // The same credentials by the header pair: remembered, no second exchange.
        let pair = headers(&[
            ("x-zscaler-client-id", CLIENT),
            ("x-zscaler-client-secret", SECRET),
        ]);
        assert_eq!(auth.authenticate(&pair).await.unwrap().subject, CLIENT);
        auth.authenticate(&basic(CLIENT, SECRET)).await.unwrap();
        assert_eq!(token_requests(&emu), 1);

        // A wrong secret is refused, and the refusal is remembered.
        let wrong = auth
            .authenticate(&basic(CLIENT, "not-the-secret"))
            .await
            .unwrap_err();
        assert_eq!(wrong.status, 401);
        assert_eq!(wrong.reason, "ZIdentity refused the client credentials");
        assert_eq!(
            wrong.www_authenticate,
            "Basic realm=\"zscaler-mcp\", charset=\"UTF-8\""
        );
        assert_eq!(token_requests(&emu), 2);
        let again = auth
            .authenticate(&basic(CLIENT, "not-the-secret"))
            .await
            .unwrap_err();
        assert_eq!(again.reason, wrong.reason);
        assert_eq!(token_requests(&emu), 2, "served from the failure cache");
        // The right secret still works meanwhile.
        auth.authenticate(&basic(CLIENT, SECRET)).await.unwrap();

        let missing = auth.authenticate(&headers(&[])).await.unwrap_err();
        assert!(missing.reason.starts_with("missing client credentials"));
        assert_eq!(
            missing.www_authenticate,
            "Basic realm=\"zscaler-mcp\", charset=\"UTF-8\""
        );
        let half = headers(&[("x-zscaler-client-id", CLIENT)]);
        assert_eq!(
            auth.authenticate(&half).await.unwrap_err().reason,
            "X-Zscaler-Client-ID was sent without X-Zscaler-Client-Secret"
        );
        let bearer = auth.authenticate(&bearer("abc")).await.unwrap_err();
        assert!(
            bearer.reason.contains("not a Bearer token"),
            "{}",
            bearer.reason
        );
        assert_eq!(token_requests(&emu), 2);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_first_requests_share_one_exchange() {
    bounded(async {
        let emu = emulator(SECRET).await;
        let auth = zscaler_auth(zscaler_settings(&emu)).await;
        let mut tasks = Vec::new();
        for _ in 0..8 {
            let auth = auth.clone();
            tasks.push(tokio::spawn(async move {
                auth.authenticate(&basic(CLIENT, SECRET)).await
            }));
        }
        for task in tasks {
            assert_eq!(task.await.unwrap().unwrap().subject, CLIENT);
        }
        assert_eq!(token_requests(&emu), 1);

        let mut tasks = Vec::new();
        for _ in 0..8 {
            let auth = auth.clone();
            tasks.push(tokio::spawn(async move {
                auth.authenticate(&basic(CLIENT, "wrong-secret")).await
            }));
        }
        for task in tasks {
            assert!(task.await.unwrap().is_err());
        }
        assert_eq!(token_requests(&emu), 2);
    })
    .await;
}

#[tokio::test]
async fn a_check_holds_only_as_long_as_the_token_would() {
    bounded(async {
        let emu = emulator(SECRET).await;
        // 61 s tokens, minus the 60 s margin: the check holds for about a second.
        emu.set_token_ttl(Duration::from_secs(61));
        let auth = zscaler_auth(zscaler_settings(&emu)).await;
        auth.authenticate(&basic(CLIENT, SECRET)).await.unwrap();
        assert_eq!(token_requests(&emu), 1);
        tokio::time::sleep(Duration::from_millis(1500)).await;
        auth.authenticate(&basic(CLIENT, SECRET)).await.unwrap();
        assert_eq!(
            token_requests(&emu),
            2,
            "checked again once the token ran out"
        );
    })
    .await;
}

#[tokio::test]
async fn zidentity_trouble_is_named_and_admits_no_one() {
    bounded(async {
        let addr = closed_port().await;
        let mut settings = ZscalerAuthSettings::new(
            Url::parse(&format!("http://{addr}/oauth2/v1/token")).unwrap(),
            "acme",
            Cloud::Production,
        );
        settings.exchange_timeout = Duration::from_secs(5);
        let auth = zscaler_auth(settings).await;
        let r = auth.authenticate(&basic(CLIENT, SECRET)).await.unwrap_err();
        assert_eq!(r.status, 401);
        assert_eq!(
            r.reason,
            "could not verify credentials with ZIdentity: no answer from 127.0.0.1"
        );

        let emu = emulator(SECRET).await;
        emu.add_fault(FaultRule {
            method: None,
            path: "/oauth2/v1/token".into(),
            kind: FaultKind::Status { status: 503 },
            times: Some(1),
        });
        let auth = zscaler_auth(zscaler_settings(&emu)).await;
        let r = auth.authenticate(&basic(CLIENT, SECRET)).await.unwrap_err();
        assert_eq!(
            r.reason,
            "could not verify credentials with ZIdentity: 127.0.0.1 answered HTTP 503"
        );
        // Remembered briefly: a burst during an outage is one exchange.
        assert!(auth.authenticate(&basic(CLIENT, SECRET)).await.is_err());
        assert_eq!(token_requests(&emu), 1);

        // Settings that cannot work fail at start.
        let mut bad = zscaler_settings(&emu);
        bad.vanity = "not a vanity".into();
        let err = Authenticator::new(AuthSettings::new(AuthMode::Zscaler(bad)), http())
            .await
            .unwrap_err();
        assert_eq!(err.setting_name(), Some("vanity"));
        let plain = ZscalerAuthSettings::new(
            Url::parse("http://acme.zslogin.net/oauth2/v1/token").unwrap(),
            "acme",
            Cloud::Production,
        );
        let err = Authenticator::new(AuthSettings::new(AuthMode::Zscaler(plain)), http())
            .await
            .unwrap_err();
        assert_eq!(err.setting_name(), Some("token_url"));
    })
    .await;
}

/// An HTTP CONNECT proxy on loopback that sends every tunnel to `target` and records the
/// host each client asked for.
async fn connect_proxy(target: SocketAddr) -> (SocketAddr, Arc<Mutex<Vec<String>>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let asked = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&asked);
    tokio::spawn(async move {
        while let Ok((mut client, _)) = listener.accept().await {
            let seen = Arc::clone(&seen);
            tokio::spawn(async move {
                let mut head = Vec::new();
                let mut byte = [0u8; 1];
                while !head.ends_with(b"\r\n\r\n") && head.len() < 8192 {
                    if client.read_exact(&mut byte).await.is_err() {
                        return;
                    }
                    head.push(byte[0]);
                }
                let head = String::from_utf8_lossy(&head).into_owned();
                let host = head.split_whitespace().nth(1).unwrap_or("").to_owned();
                seen.lock().push(host);
                let Ok(mut upstream) = tokio::net::TcpStream::connect(target).await else {
                    return;
                };
                if client
                    .write_all(b"HTTP/1.1 200 Connection Established\r\n\r\n")
                    .await
                    .is_err()
                {
                    return;
                }
                let _ = tokio::io::copy_bidirectional(&mut client, &mut upstream).await;
            });
        }
    });
    (addr, asked)
}

#[tokio::test]
async fn passthrough_hands_the_callers_own_credentials_to_the_server() {
    bounded(async {
        // The server's own tenant, and another tenant reachable only as other.zslogin.net.
        let own = emulator(SECRET).await;
        let cert =
            rcgen::generate_simple_self_signed(vec!["other.zslogin.net".to_owned()]).unwrap();
        let mut other_config = EmulatorConfig::empty();
        other_config.client.client_id = "other-client".into();
        other_config.client.client_secret = Some("other-secret-0123456789".into());
        other_config.tls = Some(TlsPem {
            cert_chain: cert.cert.pem().into_bytes(),
            private_key: cert.signing_key.serialize_pem().into_bytes(),
        });
        let other = zscaler_emulator::spawn(other_config).await.unwrap();
        let (proxy, asked) = connect_proxy(other.addr()).await;
        let root = reqwest::Certificate::from_pem(cert.cert.pem().as_bytes()).unwrap();
        let client = reqwest::Client::builder()
            .tls_certs_only([root])
            .proxy(reqwest::Proxy::https(format!("http://{proxy}")).unwrap())
            .timeout(Duration::from_secs(10))
            .build()
            .unwrap();

        let mut settings = zscaler_settings(&own);
        settings.passthrough = true;
        let auth = Authenticator::new(AuthSettings::new(AuthMode::Zscaler(settings)), client)
            .await
            .unwrap();

        // Without a vanity header the caller belongs to the server's own tenant.
        let mut h = basic(CLIENT, SECRET);
        h.insert(
            "x-zscaler-customer-id",
            "216196257331281920".parse().unwrap(),
        );
        let p = auth.authenticate(&h).await.unwrap();
        let creds = p
            .caller_credentials
            .expect("passthrough fills the credentials");
        assert_eq!(creds.client_id, CLIENT);
        assert_eq!(creds.client_secret(), SECRET);
        assert_eq!(creds.vanity, "acme");
        assert_eq!(creds.customer_id.as_deref(), Some("216196257331281920"));
        assert_eq!(creds.key().len(), 64);
        assert!(!format!("{creds:?}").contains(SECRET));

        // Another tenant's credentials are checked with that tenant's ZIdentity.
        let mut h = headers(&[
            ("x-zscaler-client-id", "other-client"),
            ("x-zscaler-client-secret", "other-secret-0123456789"),
            ("x-zscaler-vanity-domain", "Other"),
        ]);
        let p = auth.authenticate(&h).await.unwrap();
        let creds = p.caller_credentials.unwrap();
        assert_eq!(creds.vanity, "other");
        assert_eq!(creds.customer_id, None);
        assert_eq!(asked.lock().as_slice(), ["other.zslogin.net:443"]);
        assert_eq!(token_requests(&other), 1);
        assert_eq!(token_requests(&own), 1);

        // The same credentials claimed for the server's own tenant are refused there.
        h.remove("x-zscaler-vanity-domain");
        let r = auth.authenticate(&h).await.unwrap_err();
        assert_eq!(r.reason, "ZIdentity refused the client credentials");
        assert_eq!(token_requests(&own), 2);

        for (name, value, reason) in [
            (
                "x-zscaler-vanity-domain",
                "evil.com/x",
                "X-Zscaler-Vanity-Domain is not a vanity domain",
            ),
            (
                "x-zscaler-customer-id",
                "12ab",
                "X-Zscaler-Customer-Id must be the numeric ZPA customer id",
            ),
        ] {
            let mut h = basic(CLIENT, SECRET);
            h.insert(name, value.parse().unwrap());
            let r = auth.authenticate(&h).await.unwrap_err();
            assert!(r.reason.starts_with(reason), "{}", r.reason);
        }
        assert_eq!(asked.lock().len(), 1);
    })
    .await;
}

async fn serve(app: Router) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        axum::serve(listener, app).await.unwrap();
    });
    addr
}

#[tokio::test]
async fn the_layer_refuses_with_json_rpc_and_hands_the_principal_on() {
    bounded(async {
        let auth = api_key_auth(false).await;
        let app = Router::new()
            .route(
                "/mcp",
                post(|Extension(p): Extension<Principal>| async move { p.subject }),
            )
            .route("/health", get(|| async { "ok" }))
            .route(
                "/.well-known/oauth-protected-resource/mcp",
                get(|| async { "metadata" }),
            )
            .layer(AuthLayer::new(auth));
        let addr = serve(app).await;
        let url = |path: &str| format!("http://{addr}{path}");

        let resp = http()
            .post(url("/mcp"))
            .body(r#"{"jsonrpc":"2.0","id":1,"method":"ping"}"#)
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 401);
        assert_eq!(
            resp.headers()["www-authenticate"],
            "Bearer realm=\"zscaler-mcp\""
        );
        assert_eq!(resp.headers()["content-type"], "application/json");
        let body: serde_json::Value = resp.json().await.unwrap();
        assert_eq!(
            body,
            json!({"jsonrpc": "2.0", "id": null, "error": {"code": -32001,
                "message": "Unauthorized: missing API key: send `Authorization: Bearer <key>` or `X-Api-Key: <key>`"}})
        );

        let resp = http()
            .post(url("/mcp"))
            .header("x-api-key", "wrong")
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 401);
        let body: serde_json::Value = resp.json().await.unwrap();
        assert_eq!(
            body["error"]["message"],
            "Unauthorized: API key not recognised"
        );

        let resp = http()
            .post(url("/mcp"))
            .bearer_auth(KEY_2)
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 200);
        assert_eq!(resp.text().await.unwrap(), "api-key#2");

        for path in ["/health", "/.well-known/oauth-protected-resource/mcp"] {
            let resp = http().get(url(path)).send().await.unwrap();
            assert_eq!(resp.status(), 200, "{path}");
        }
        // Unknown paths are still behind authentication (no probing without a key).
        let resp = http().get(url("/nothing")).send().await.unwrap();
        assert_eq!(resp.status(), 401);
        // A CORS preflight reaches the inner service untouched.
        let resp = http()
            .request(reqwest::Method::OPTIONS, url("/mcp"))
            .send()
            .await
            .unwrap();
        assert_ne!(resp.status(), 401);
    })
    .await;
}
