//! TLS for the HTTP listener: loading the certificate, the (possibly encrypted) private key and
//! the client CA from PEM files, building the rustls server configuration (ALPN `h2` and
//! `http/1.1`, client certificates required and verified when a client CA is given), and
//! swapping it on [`TlsAcceptorHandle::reload`] without touching established connections.
//!
//! Every error names the file and the environment variable that points at it, and never
//! carries the key password.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use parking_lot::RwLock;
use pkcs8::der::Decode;
use rustls::ServerConfig;
use rustls::crypto::CryptoProvider;
use rustls::pki_types::pem::{self, PemObject};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use rustls::server::WebPkiClientVerifier;
use rustls::server::danger::ClientCertVerifier;
use rustls::sign::{CertifiedKey, SingleCertAndKey};
use rustls::{InconsistentKeys, RootCertStore};
use thiserror::Error;

/// The variable naming the server certificate chain (PEM).
pub const ENV_CERT_FILE: &str = "ZSCALER_MCP_TLS_CERTFILE";
/// The variable naming the server private key (PEM; PKCS#8, PKCS#1 or SEC1, PKCS#8 may be
/// encrypted).
pub const ENV_KEY_FILE: &str = "ZSCALER_MCP_TLS_KEYFILE";
/// The variable holding the password of an encrypted private key.
pub const ENV_KEY_PASSWORD: &str = "ZSCALER_MCP_TLS_KEYFILE_PASSWORD";
/// The variable naming the CA certificates that client certificates must chain to (PEM).
pub const ENV_CLIENT_CA: &str = "ZSCALER_MCP_TLS_CA_CERTS";

/// Where the listener's TLS material lives. Files are read by [`TlsAcceptorHandle::new`] and
/// again by every [`TlsAcceptorHandle::reload`].
#[derive(Clone)]
pub struct TlsSettings {
    /// Server certificate chain, leaf first (`ZSCALER_MCP_TLS_CERTFILE`).
    pub cert_file: PathBuf,
    /// Private key of the leaf (`ZSCALER_MCP_TLS_KEYFILE`).
    pub key_file: PathBuf,
    /// Password of an encrypted PKCS#8 key (`ZSCALER_MCP_TLS_KEYFILE_PASSWORD`). A secret:
    /// never shown by `Debug` and never part of an error. Ignored for an unencrypted key.
    pub key_password: Option<String>,
    /// When set, every client must present a certificate that chains to one of these CAs
    /// (`ZSCALER_MCP_TLS_CA_CERTS`): mutual TLS.
    pub client_ca_file: Option<PathBuf>,
}

impl fmt::Debug for TlsSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TlsSettings")
            .field("cert_file", &self.cert_file)
            .field("key_file", &self.key_file)
            .field(
                "key_password",
                &self.key_password.as_ref().map(|_| "<redacted>"),
            )
            .field("client_ca_file", &self.client_ca_file)
            .finish()
    }
}

/// Why the TLS configuration could not be built. Each variant names the file and its variable.
#[derive(Debug, Error)]
pub enum TlsError {
    #[error("cannot read {path} ({var}): {source}")]
    Read {
        var: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path} ({var}) holds no PEM {expected} block")]
    NoPem {
        var: &'static str,
        path: PathBuf,
        expected: &'static str,
    },
    #[error("{path} ({var}) is not valid PEM: {detail}")]
    BadPem {
        var: &'static str,
        path: PathBuf,
        detail: String,
    },
    #[error(
        "the private key in {path} ({ENV_KEY_FILE}) is encrypted: set {ENV_KEY_PASSWORD} to its password"
    )]
    PasswordNeeded { path: PathBuf },
    #[error(
        "cannot decrypt the private key in {path} ({ENV_KEY_FILE}): wrong password in {ENV_KEY_PASSWORD}, or a damaged key"
    )]
    WrongPassword { path: PathBuf },
    #[error(
        "the private key in {path} ({ENV_KEY_FILE}) is damaged or encrypted in a way this server \
         cannot read ({detail}); re-encrypt it with `openssl pkcs8 -topk8 -v2 aes-256-cbc` (PBES2) and set {ENV_KEY_PASSWORD}"
    )]
    UnsupportedKeyEncryption { path: PathBuf, detail: String },
    #[error("the private key in {path} ({ENV_KEY_FILE}) cannot be used: {detail}")]
    BadKey { path: PathBuf, detail: String },
    #[error(
        "the private key in {key} ({ENV_KEY_FILE}) does not belong to the certificate in {cert} ({ENV_CERT_FILE})"
    )]
    KeyMismatch { key: PathBuf, cert: PathBuf },
    #[error("the certificate in {path} ({ENV_CERT_FILE}) cannot be used: {detail}")]
    BadCertificate { path: PathBuf, detail: String },
    #[error("the client CA certificates in {path} ({ENV_CLIENT_CA}) cannot be used: {detail}")]
    ClientCa { path: PathBuf, detail: String },
}

/// The listener's TLS configuration, shared by the accept loop and whoever reloads it.
///
/// Cloning is cheap and every clone sees the same configuration. Each new connection takes the
/// configuration current at its handshake; [`reload`](Self::reload) replaces it for later
/// handshakes only, so established connections (and their sessions) are untouched. The binary
/// calls `reload` on SIGHUP after a certificate rotation.
#[derive(Clone)]
pub struct TlsAcceptorHandle {
    inner: Arc<Inner>,
}

struct Inner {
    settings: TlsSettings,
    config: RwLock<Arc<ServerConfig>>,
}

impl fmt::Debug for TlsAcceptorHandle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TlsAcceptorHandle")
            .field("settings", &self.inner.settings)
            .finish_non_exhaustive()
    }
}

impl TlsAcceptorHandle {
    /// Reads the files named by `settings` and builds the first configuration.
    pub fn new(settings: TlsSettings) -> Result<Self, TlsError> {
        let config = build_config(&settings)?;
        Ok(TlsAcceptorHandle {
            inner: Arc::new(Inner {
                settings,
                config: RwLock::new(Arc::new(config)),
            }),
        })
    }

    /// Re-reads the certificate, key and client CA files and, if they make a valid
    /// configuration, uses it for every later handshake. On error the previous configuration
    /// stays in force and the error says which file is wrong. Safe to call from any thread
    /// (for example a SIGHUP handler task) while connections are being served.
    pub fn reload(&self) -> Result<(), TlsError> {
        let config = build_config(&self.inner.settings)?;
        *self.inner.config.write() = Arc::new(config);
        Ok(())
    }

    pub fn settings(&self) -> &TlsSettings {
        &self.inner.settings
    }

    /// Whether clients must present a certificate (a client CA file is configured).
    pub fn requires_client_certificates(&self) -> bool {
        self.inner.settings.client_ca_file.is_some()
    }

    /// The configuration a handshake starting now uses.
    pub(crate) fn current(&self) -> Arc<ServerConfig> {
        self.inner.config.read().clone()
    }
}

/// The verified client certificate of a mutual-TLS connection, in each request's extensions
/// (absent on plain and server-only TLS connections).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeerCertificate {
    /// The leaf's subject as an RFC 4514 string, e.g. `CN=alice,O=Example`; empty if the
    /// subject could not be decoded.
    pub subject: String,
    /// The leaf certificate, DER.
    pub der: Vec<u8>,
}

impl PeerCertificate {
    pub fn from_der(der: &[u8]) -> Self {
        let subject = x509_cert::Certificate::from_der(der)
            .map(|cert| cert.tbs_certificate().subject().to_string())
            .unwrap_or_default();
        PeerCertificate {
            subject,
            der: der.to_vec(),
        }
    }
}

fn build_config(settings: &TlsSettings) -> Result<ServerConfig, TlsError> {
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let certified = certified_key(settings, &provider)?;
    let builder = ServerConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|error| TlsError::BadCertificate {
            path: settings.cert_file.clone(),
            detail: error.to_string(),
        })?;
    let builder = match &settings.client_ca_file {
        None => builder.with_no_client_auth(),
        Some(path) => builder.with_client_cert_verifier(client_verifier(path, provider)?),
    };
    let mut config = builder.with_cert_resolver(Arc::new(SingleCertAndKey::from(certified)));
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(config)
}

/// The certificate chain with its key, checked to belong together.
fn certified_key(
    settings: &TlsSettings,
    provider: &CryptoProvider,
) -> Result<CertifiedKey, TlsError> {
    let certs = load_certs(&settings.cert_file, ENV_CERT_FILE)?;
    let key = load_key(&settings.key_file, settings.key_password.as_deref())?;
    let signing_key = provider
        .key_provider
        .load_private_key(key)
        .map_err(|error| TlsError::BadKey {
            path: settings.key_file.clone(),
            detail: error.to_string(),
        })?;
    let certified = CertifiedKey::new(certs, signing_key);
    match certified.keys_match() {
        Ok(()) | Err(rustls::Error::InconsistentKeys(InconsistentKeys::Unknown)) => Ok(certified),
        Err(rustls::Error::InconsistentKeys(_)) => Err(TlsError::KeyMismatch {
            key: settings.key_file.clone(),
            cert: settings.cert_file.clone(),
        }),
        Err(other) => Err(TlsError::BadCertificate {
            path: settings.cert_file.clone(),
            detail: other.to_string(),
        }),
    }
}

/// Requires a client certificate chaining to one of the CAs in `path`.
fn client_verifier(
    path: &Path,
    provider: Arc<CryptoProvider>,
) -> Result<Arc<dyn ClientCertVerifier>, TlsError> {
    let unusable = |detail: String| TlsError::ClientCa {
        path: path.to_owned(),
        detail,
    };
    let mut roots = RootCertStore::empty();
    for cert in load_certs(path, ENV_CLIENT_CA)? {
        roots
            .add(cert)
            .map_err(|error| unusable(error.to_string()))?;
    }
    WebPkiClientVerifier::builder_with_provider(Arc::new(roots), provider)
        .build()
        .map_err(|error| unusable(error.to_string()))
}

fn read_file(path: &Path, var: &'static str) -> Result<Vec<u8>, TlsError> {
    std::fs::read(path).map_err(|source| TlsError::Read {
        var,
        path: path.to_owned(),
        source,
    })
}

fn bad_pem(path: &Path, var: &'static str, error: impl fmt::Display) -> TlsError {
    TlsError::BadPem {
        var,
        path: path.to_owned(),
        detail: error.to_string(),
    }
}

fn load_certs(path: &Path, var: &'static str) -> Result<Vec<CertificateDer<'static>>, TlsError> {
    let bytes = read_file(path, var)?;
    let certs = CertificateDer::pem_slice_iter(&bytes)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|error| bad_pem(path, var, error))?;
    if certs.is_empty() {
        return Err(TlsError::NoPem {
            var,
            path: path.to_owned(),
            expected: "CERTIFICATE",
        });
    }
    Ok(certs)
}

const ENCRYPTED_BEGIN: &str = "-----BEGIN ENCRYPTED PRIVATE KEY-----";
const ENCRYPTED_END: &str = "-----END ENCRYPTED PRIVATE KEY-----";

fn load_key(path: &Path, password: Option<&str>) -> Result<PrivateKeyDer<'static>, TlsError> {
    let bytes = read_file(path, ENV_KEY_FILE)?;
    let text = String::from_utf8_lossy(&bytes);
    if text.contains("Proc-Type: 4,ENCRYPTED") {
        return Err(TlsError::UnsupportedKeyEncryption {
            path: path.to_owned(),
            detail: "legacy OpenSSL PEM encryption (Proc-Type/DEK-Info headers)".into(),
        });
    }
    if let Some(start) = text.find(ENCRYPTED_BEGIN) {
        let end = text[start..]
            .find(ENCRYPTED_END)
            .map(|at| start + at + ENCRYPTED_END.len())
            .ok_or_else(|| bad_pem(path, ENV_KEY_FILE, "ENCRYPTED PRIVATE KEY block has no END"))?;
        return decrypt_key(path, &text[start..end], password);
    }
    match PrivateKeyDer::from_pem_slice(&bytes) {
        Ok(key) => Ok(key),
        Err(pem::Error::NoItemsFound) => Err(TlsError::NoPem {
            var: ENV_KEY_FILE,
            path: path.to_owned(),
            expected: "PRIVATE KEY",
        }),
        Err(error) => Err(bad_pem(path, ENV_KEY_FILE, error)),
    }
}

fn decrypt_key(
    path: &Path,
    block: &str,
    password: Option<&str>,
) -> Result<PrivateKeyDer<'static>, TlsError> {
    let Some(password) = password else {
        return Err(TlsError::PasswordNeeded {
            path: path.to_owned(),
        });
    };
    let (_, der) = pkcs8::der::pem::decode_vec(block.as_bytes())
        .map_err(|error| bad_pem(path, ENV_KEY_FILE, error))?;
    // PKCS#12-style algorithms (`openssl pkcs8 -v1 PBE-SHA1-3DES`) do not even parse here.
    let encrypted = pkcs8::EncryptedPrivateKeyInfoRef::from_der(&der).map_err(|error| {
        TlsError::UnsupportedKeyEncryption {
            path: path.to_owned(),
            detail: format!("not a PKCS#5 PBES2 EncryptedPrivateKeyInfo: {error}"),
        }
    })?;
    match encrypted.decrypt(password.as_bytes()) {
        Ok(document) => Ok(PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(
            document.as_bytes().to_vec(),
        ))),
        // A wrong password shows as bad padding or, rarely, as plaintext that is not DER.
        Err(pkcs8::Error::EncryptedPrivateKey(pkcs8::pkcs5::Error::DecryptFailed))
        | Err(pkcs8::Error::Asn1(_)) => Err(TlsError::WrongPassword {
            path: path.to_owned(),
        }),
        Err(other) => Err(TlsError::UnsupportedKeyEncryption {
            path: path.to_owned(),
            detail: other.to_string(),
        }),
    }
}
