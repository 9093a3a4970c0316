//! In-process TLS: HTTPS with ALPN, plain HTTP refused cleanly, mutual TLS, encrypted keys,
//! errors that name the file's variable, and certificate reload without dropping connections.

mod common;

use std::path::PathBuf;

use common::{
    Ca, TestServer, https_client, presented_certificate, raw, read_until_closed, scratch, write,
};
use pkcs8::der::Decode;
use pkcs8::der::pem::LineEnding;
use serde_json::Value;
use zscaler_mcp_http::tls::{ENV_CERT_FILE, ENV_CLIENT_CA, ENV_KEY_FILE, ENV_KEY_PASSWORD};
use zscaler_mcp_http::{ServeOptions, TlsAcceptorHandle, TlsError, TlsSettings};

fn settings(cert: PathBuf, key: PathBuf) -> TlsSettings {
    TlsSettings {
        cert_file: cert,
        key_file: key,
        key_password: None,
        client_ca_file: None,
    }
}

fn tls_options(handle: &TlsAcceptorHandle) -> ServeOptions {
    ServeOptions {
        tls: Some(handle.clone()),
        ..ServeOptions::default()
    }
}

/// `der` (PKCS#8) encrypted as OpenSSL 3 does by default: PBES2, PBKDF2-HMAC-SHA256,
/// AES-256-CBC.
fn encrypted_pem(der: &[u8], password: &str) -> String {
    let params =
        pkcs8::pkcs5::pbes2::Parameters::generate_pbkdf2_sha256_aes256cbc(2048, &[7; 16], [9; 16])
            .unwrap();
    let info = pkcs8::PrivateKeyInfoRef::from_der(der).unwrap();
    let encrypted = info.encrypt_with_params(params, password).unwrap();
    encrypted
        .to_pem("ENCRYPTED PRIVATE KEY", LineEnding::LF)
        .unwrap()
        .to_string()
}

fn message(error: TlsError) -> String {
    error.to_string()
}

#[tokio::test]
async fn https_is_served_with_alpn_and_plain_http_gets_a_clear_refusal() {
    let ca = Ca::new("test CA");
    let leaf = ca.server("server-one");
    let dir = scratch("https");
    let handle = TlsAcceptorHandle::new(settings(
        write(&dir, "cert.pem", &leaf.cert_pem),
        write(&dir, "key.pem", leaf.key_pem()),
    ))
    .unwrap();
    assert!(!handle.requires_client_certificates());
    let server = TestServer::start(tls_options(&handle)).await;

    let client = https_client(&server, &ca.pem, None);
    let response = client.get(server.https("/whoami")).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.version(), reqwest::Version::HTTP_2, "ALPN h2");
    assert_eq!(presented_certificate(&response), leaf.cert_der);
    let body: Value = response.json().await.unwrap();
    assert!(
        body["peer"].as_str().unwrap().starts_with("127.0.0.1:"),
        "{body}"
    );
    assert_eq!(
        body["subject"],
        Value::Null,
        "no client certificate requested"
    );

    let http1 = reqwest::Client::builder()
        .tls_certs_only([reqwest::Certificate::from_pem(ca.pem.as_bytes()).unwrap()])
        .resolve("localhost", server.addr)
        .http1_only()
        .no_proxy()
        .build()
        .unwrap();
    let response = http1.get(server.https("/health")).send().await.unwrap();
    assert_eq!(
        response.version(),
        reqwest::Version::HTTP_11,
        "ALPN http/1.1"
    );
    assert_eq!(response.text().await.unwrap(), "ok");

    // Plain HTTP on the TLS port: a 400 that says why, then the connection closes.
    let mut plain = raw(server.addr, b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n").await;
    let answer = read_until_closed(&mut plain)
        .await
        .expect("closed after the answer");
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 400"), "{answer}");
    assert!(answer.contains("https://"), "{answer}");
    // Bytes that are neither HTTP nor TLS: closed.
    let mut garbage = raw(server.addr, &[0u8, 1, 2, 3, 4, 5, 6, 7]).await;
    read_until_closed(&mut garbage).await.expect("closed");

    // The server still serves HTTPS.
    let response = https_client(&server, &ca.pem, None)
        .get(server.https("/health"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.text().await.unwrap(), "ok");
}

#[tokio::test]
async fn mutual_tls_admits_only_clients_with_a_certificate_from_the_configured_ca() {
    let ca = Ca::new("test CA");
    let other_ca = Ca::new("someone else's CA");
    let leaf = ca.server("server-one");
    let alice = ca.client("alice");
    let mallory = other_ca.client("mallory");
    let dir = scratch("mtls");
    let handle = TlsAcceptorHandle::new(TlsSettings {
        client_ca_file: Some(write(&dir, "clients.pem", &ca.pem)),
        ..settings(
            write(&dir, "cert.pem", &leaf.cert_pem),
            write(&dir, "key.pem", leaf.key_pem()),
        )
    })
    .unwrap();
    assert!(handle.requires_client_certificates());
    let server = TestServer::start(tls_options(&handle)).await;

    let anonymous = https_client(&server, &ca.pem, None)
        .get(server.https("/whoami"))
        .send()
        .await;
    assert!(anonymous.is_err(), "no client certificate: {anonymous:?}");

    let foreign = https_client(&server, &ca.pem, Some(&mallory))
        .get(server.https("/whoami"))
        .send()
        .await;
    assert!(
        foreign.is_err(),
        "a certificate from another CA: {foreign:?}"
    );

    let response = https_client(&server, &ca.pem, Some(&alice))
        .get(server.https("/whoami"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    let subject = body["subject"].as_str().unwrap();
    assert!(subject.contains("CN=alice"), "{subject}");
    assert!(subject.contains("O=zscaler-mcp tests"), "{subject}");
    assert_eq!(body["der_len"], Value::from(alice.cert_der.len()));
    assert!(
        body["peer"].as_str().unwrap().starts_with("127.0.0.1:"),
        "{body}"
    );
}

#[tokio::test]
async fn an_encrypted_key_needs_the_right_password() {
    let ca = Ca::new("test CA");
    let leaf = ca.server("server-one");
    let dir = scratch("encrypted");
    let cert = write(&dir, "cert.pem", &leaf.cert_pem);
    let password = "correct horse battery staple";
    let key = write(
        &dir,
        "key.pem",
        encrypted_pem(&leaf.key.serialize_der(), password),
    );
    assert!(
        std::fs::read_to_string(&key)
            .unwrap()
            .starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----")
    );

    let handle = TlsAcceptorHandle::new(TlsSettings {
        key_password: Some(password.into()),
        ..settings(cert.clone(), key.clone())
    })
    .unwrap();
    let server = TestServer::start(tls_options(&handle)).await;
    let response = https_client(&server, &ca.pem, None)
        .get(server.https("/health"))
        .send()
        .await
        .unwrap();
    assert_eq!(presented_certificate(&response), leaf.cert_der);
    assert_eq!(response.text().await.unwrap(), "ok");

    let wrong = "Tr0ub4dor&3";
    let error = message(
        TlsAcceptorHandle::new(TlsSettings {
            key_password: Some(wrong.into()),
            ..settings(cert.clone(), key.clone())
        })
        .unwrap_err(),
    );
    assert!(error.contains(ENV_KEY_PASSWORD), "{error}");
    assert!(error.contains(&key.display().to_string()), "{error}");
    assert!(
        !error.contains(wrong),
        "the password is never shown: {error}"
    );

    let error = message(TlsAcceptorHandle::new(settings(cert.clone(), key.clone())).unwrap_err());
    assert!(error.contains("encrypted"), "{error}");
    assert!(error.contains(ENV_KEY_PASSWORD), "{error}");

    // A password for a key that is not encrypted is harmless.
    let plain_key = write(&dir, "plain.pem", leaf.key_pem());
    TlsAcceptorHandle::new(TlsSettings {
        key_password: Some(password.into()),
        ..settings(cert, plain_key)
    })
    .unwrap();

    let shown = format!(
        "{:?}",
        TlsSettings {
            key_password: Some(password.into()),
            ..settings("c".into(), "k".into())
        }
    );
    assert!(!shown.contains(password), "{shown}");
}

#[test]
fn unusable_files_are_named_with_their_variable() {
    let ca = Ca::new("test CA");
    let leaf = ca.server("server-one");
    let stranger = ca.server("someone-else");
    let dir = scratch("errors");
    let cert = write(&dir, "cert.pem", &leaf.cert_pem);
    let key = write(&dir, "key.pem", leaf.key_pem());
    let garbage = write(&dir, "garbage.pem", "this is not PEM at all\n");
    let missing = dir.join("missing.pem");
    let fails = |settings: TlsSettings, needles: &[&str]| {
        let error = message(TlsAcceptorHandle::new(settings).unwrap_err());
        for needle in needles {
            assert!(error.contains(needle), "{error} should name {needle}");
        }
    };
    let name = |path: &PathBuf| path.display().to_string();

    fails(
        settings(missing.clone(), key.clone()),
        &[ENV_CERT_FILE, &name(&missing)],
    );
    fails(
        settings(garbage.clone(), key.clone()),
        &[ENV_CERT_FILE, &name(&garbage), "CERTIFICATE"],
    );
    fails(
        settings(cert.clone(), missing.clone()),
        &[ENV_KEY_FILE, &name(&missing)],
    );
    fails(
        settings(cert.clone(), garbage.clone()),
        &[ENV_KEY_FILE, &name(&garbage), "PRIVATE KEY"],
    );
    // A key file that holds a certificate instead.
    fails(
        settings(cert.clone(), cert.clone()),
        &[ENV_KEY_FILE, "PRIVATE KEY"],
    );
    let other_key = write(&dir, "other-key.pem", stranger.key_pem());
    fails(
        settings(cert.clone(), other_key),
        &[ENV_KEY_FILE, ENV_CERT_FILE, "does not belong"],
    );
    // A PEM certificate block whose contents are not a certificate.
    let bogus_cert = write(
        &dir,
        "bogus-cert.pem",
        "-----BEGIN CERTIFICATE-----\nAAECAwQF\n-----END CERTIFICATE-----\n",
    );
    fails(settings(bogus_cert, key.clone()), &[ENV_CERT_FILE]);
    fails(
        TlsSettings {
            client_ca_file: Some(missing.clone()),
            ..settings(cert.clone(), key.clone())
        },
        &[ENV_CLIENT_CA, &name(&missing)],
    );
    fails(
        TlsSettings {
            client_ca_file: Some(garbage.clone()),
            ..settings(cert.clone(), key.clone())
        },
        &[ENV_CLIENT_CA, &name(&garbage)],
    );
    // A legacy OpenSSL-encrypted key gets advice rather than a parse error.
    let legacy = write(
        &dir,
        "legacy.pem",
        "-----BEGIN EC PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-256-CBC,00\n\nAAAA\n-----END EC PRIVATE KEY-----\n",
    );
    fails(settings(cert, legacy), &[ENV_KEY_FILE, "openssl pkcs8"]);
}

#[tokio::test]
async fn reload_swaps_the_certificate_for_new_connections_only() {
    let ca = Ca::new("test CA");
    let first = ca.server("server-one");
    let second = ca.server("server-two");
    let dir = scratch("reload");
    let cert = write(&dir, "cert.pem", &first.cert_pem);
    let key = write(&dir, "key.pem", first.key_pem());
    let handle = TlsAcceptorHandle::new(settings(cert.clone(), key.clone())).unwrap();
    let server = TestServer::start(tls_options(&handle)).await;

    // A client with an open (keep-alive) connection and a stream in progress on it.
    let early = https_client(&server, &ca.pem, None);
    let response = early.get(server.https("/whoami")).send().await.unwrap();
    assert_eq!(presented_certificate(&response), first.cert_der);
    let body: Value = response.json().await.unwrap();
    let early_peer = body["peer"].as_str().unwrap().to_owned();
    let mut stream = early.get(server.https("/stream")).send().await.unwrap();
    let chunk = stream.chunk().await.unwrap().unwrap();
    assert_eq!(&chunk[..], b"data: first\n\n");

    std::fs::write(&cert, &second.cert_pem).unwrap();
    std::fs::write(&key, second.key_pem()).unwrap();
    handle.reload().unwrap();

    // The open connection goes on with its session: same peer address, same certificate.
    let response = early.get(server.https("/whoami")).send().await.unwrap();
    assert_eq!(presented_certificate(&response), first.cert_der);
    let body: Value = response.json().await.unwrap();
    assert_eq!(
        body["peer"].as_str().unwrap(),
        early_peer,
        "the same connection"
    );
    server.release.send(true).unwrap();
    assert_eq!(stream.text().await.unwrap(), "data: second\n\n");

    // A new connection gets the new certificate.
    let response = https_client(&server, &ca.pem, None)
        .get(server.https("/health"))
        .send()
        .await
        .unwrap();
    assert_eq!(presented_certificate(&response), second.cert_der);

    // A broken file: reload fails, names it, and the current certificate stays.
    std::fs::write(&cert, "-----BEGIN CERTIFICATE-----\ntruncated").unwrap();
    let error = message(handle.reload().unwrap_err());
    assert!(error.contains(ENV_CERT_FILE), "{error}");
    let response = https_client(&server, &ca.pem, None)
        .get(server.https("/health"))
        .send()
        .await
        .unwrap();
    assert_eq!(presented_certificate(&response), second.cert_der);
    assert_eq!(response.text().await.unwrap(), "ok");
}
