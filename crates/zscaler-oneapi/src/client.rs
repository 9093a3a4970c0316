//! The OneAPI HTTP client: one pooled connection pool, bearer tokens, client-side rate limits, and
//! retries bounded by a time budget that never re-send a write that may have been processed.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use http::Method;
use http::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderMap, HeaderValue};
use serde_json::Value;
use tokio::time::Instant;
use url::Url;

use crate::auth::{TokenProvider, error_chain};
use crate::config::{ClientConfig, ConfigError};
use crate::error::{ApiError, Error, truncate};
use crate::product::Product;
use crate::ratelimit::RateLimiter;
use crate::retry::{backoff, is_edit_lock, parse_retry_after, retry_after_header};

const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
const POOL_IDLE_TIMEOUT: Duration = Duration::from_secs(90);
/// Even with little budget left, give an attempt a fair chance rather than a certain timeout.
const MIN_ATTEMPT_TIMEOUT: Duration = Duration::from_secs(1);
/// Added to a server-requested wait: retrying on the exact boundary tends to hit the limit again.
const RETRY_AFTER_PAD: Duration = Duration::from_millis(100);
/// A hard stop in case a server keeps asking for zero-length waits.
const MAX_ATTEMPTS: u32 = 32;
/// ZPA's answers to concurrent edits of the same object; the request was refused, not applied.
const ZPA_CONCURRENCY_CODES: [&str; 2] = ["api.concurrent.access.error", "db.simultaneous.request"];

/// One API call: method, path below the API base (e.g. `/zia/api/v1/users`), query and JSON body.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    method: Method,
    path: String,
    query: Vec<(String, String)>,
    body: Option<Value>,
}

impl Request {
    pub fn new(method: Method, path: impl Into<String>) -> Request {
        Request {
            method,
            path: path.into(),
            query: Vec::new(),
            body: None,
        }
    }

    pub fn get(path: impl Into<String>) -> Request {
        Request::new(Method::GET, path)
    }

    pub fn post(path: impl Into<String>) -> Request {
        Request::new(Method::POST, path)
    }

    pub fn put(path: impl Into<String>) -> Request {
        Request::new(Method::PUT, path)
    }

    pub fn delete(path: impl Into<String>) -> Request {
        Request::new(Method::DELETE, path)
    }

    /// Appends a query parameter (form-encoded on the wire, so ZPA's `name+EQ+x` arrives intact).
    pub fn query(mut self, key: impl Into<String>, value: impl Into<String>) -> Request {
        self.query.push((key.into(), value.into()));
        self
    }

    pub fn json(mut self, body: Value) -> Request {
        self.body = Some(body);
        self
    }

    pub fn method(&self) -> &Method {
        &self.method
    }

    pub fn path(&self) -> &str {
        &self.path
    }

    pub fn query_pairs(&self) -> &[(String, String)] {
        &self.query
    }

    pub fn body(&self) -> Option<&Value> {
        self.body.as_ref()
    }

    /// Sets a query parameter, replacing any earlier value (paging owns its parameters).
    pub(crate) fn set_query(&mut self, key: &str, value: impl Into<String>) {
        self.query.retain(|(k, _)| k != key);
        self.query.push((key.to_owned(), value.into()));
    }
}

/// A successful answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    pub status: u16,
    /// The JSON body; `Null` when empty, a JSON string when the server sent non-JSON text.
    pub body: Value,
    pub request_id: Option<String>,
    /// HTTP attempts made, retries included.
    pub attempts: u32,
}

/// The OneAPI client. Build it once per process and clone it: clones share the connection pool,
/// the token cache and the rate limiter.
#[derive(Clone)]
pub struct OneApiClient {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    config: ClientConfig,
    tokens: TokenProvider,
    limiter: RateLimiter,
}

impl fmt::Debug for OneApiClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OneApiClient")
            .field("config", &self.inner.config)
            .finish_non_exhaustive()
    }
}

/// `zscaler-mcp-rs/<version> (<os>; <arch>)`.
pub fn user_agent() -> String {
    format!(
        "zscaler-mcp-rs/{} ({}; {})",
        env!("CARGO_PKG_VERSION"),
        std::env::consts::OS,
        std::env::consts::ARCH
    )
}

/// Percent-encodes one path segment (an object id or name) so it cannot change the path.
pub fn encode_path_segment(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn is_idempotent(method: &Method) -> bool {
    [
        Method::GET,
        Method::HEAD,
        Method::PUT,
        Method::DELETE,
        Method::OPTIONS,
    ]
    .contains(method)
}

fn check_base_url(variable: &'static str, url: &Url) -> Result<(), ConfigError> {
    if matches!(url.scheme(), "http" | "https") && url.host().is_some() {
        Ok(())
    } else {
        Err(ConfigError::new(
            variable,
            format!("{variable} `{url}` must be an absolute http:// or https:// URL"),
        ))
    }
}

/// The HTTP client of the OneAPI clients: rustls, gzip, pooled, no redirects, the system proxy
/// honoured and `extra_ca_pem` merged into the trusted roots.
pub(crate) fn build_http(extra_ca_pem: Option<&[u8]>) -> Result<reqwest::Client, Error> {
    let mut builder = reqwest::Client::builder()
        .user_agent(user_agent())
        .gzip(true)
        .tcp_nodelay(true)
        .connect_timeout(CONNECT_TIMEOUT)
        .pool_idle_timeout(POOL_IDLE_TIMEOUT)
        // The gateway does not redirect; following one could re-send a write or the token elsewhere.
        .redirect(reqwest::redirect::Policy::none());
    if let Some(pem) = extra_ca_pem {
        let certs = reqwest::Certificate::from_pem_bundle(pem).map_err(|e| {
            ConfigError::new(
                "ZSCALER_MCP_CA_BUNDLE",
                format!("ZSCALER_MCP_CA_BUNDLE is not a PEM certificate bundle: {e}"),
            )
        })?;
        builder = builder.tls_certs_merge(certs);
    }
    builder.build().map_err(|e| {
        let (variable, hint) = if extra_ca_pem.is_some() {
            (
                "ZSCALER_MCP_CA_BUNDLE",
                "check ZSCALER_MCP_CA_BUNDLE and HTTPS_PROXY/NO_PROXY",
            )
        } else {
            ("HTTPS_PROXY", "check HTTPS_PROXY/HTTP_PROXY/NO_PROXY")
        };
        Error::Config(ConfigError::new(
            variable,
            format!("cannot build the HTTP client ({hint}): {}", error_chain(&e)),
        ))
    })
}

/// What one attempt led to.
enum Outcome {
    Done(Result<Response, Error>),
    Retry {
        wait: Duration,
        note: String,
        error: Error,
    },
}

/// The fixed facts of one `send` call.
struct Call<'a> {
    product: Product,
    method: &'a Method,
    path: &'a str,
    url: &'a Url,
    /// Serialised once; `Bytes` makes each retry's copy free.
    body: Option<&'a Bytes>,
    idempotent: bool,
}

/// What earlier attempts of the same call learned.
#[derive(Default)]
struct CallState {
    attempt: u32,
    refreshed_after_401: bool,
    /// An earlier attempt may have reached the server and been applied (5xx, timeout, reset).
    maybe_processed: bool,
}

impl OneApiClient {
    /// Builds the process-wide HTTP client (rustls, gzip, pooled, system proxy honoured, extra CA
    /// certificates merged into the trusted roots), the token provider and the rate limiter.
    pub fn new(config: ClientConfig) -> Result<OneApiClient, Error> {
        let http = build_http(config.extra_ca_pem.as_deref())?;
        OneApiClient::with_http(config, http)
    }

    /// A client on an existing HTTP client (its connection pool is shared; the token cache and
    /// rate limiter are this client's own). The HTTP client must trust what `config` needs.
    pub(crate) fn with_http(
        config: ClientConfig,
        http: reqwest::Client,
    ) -> Result<OneApiClient, Error> {
        check_base_url("ZSCALER_MCP_TOKEN_URL", &config.token_url)?;
        check_base_url("ZSCALER_MCP_API_BASE_URL", &config.api_base)?;
        if let Some(p) = &config.partner_id
            && http::HeaderValue::from_str(p).is_err()
        {
            return Err(ConfigError::new(
                "ZSCALER_PARTNER_ID",
                "ZSCALER_PARTNER_ID must be printable ASCII: it is sent as the x-partner-id header",
            )
            .into());
        }
        let tokens = TokenProvider::new(
            http.clone(),
            config.token_url.clone(),
            config.credentials.clone(),
            config.token_refresh_margin,
        )?
        .with_timeout(config.request_timeout);
        let tokens = match &config.credential_source {
            Some(source) => tokens.with_rotation(Arc::clone(source)),
            None => tokens,
        };
        let limiter = RateLimiter::new(&config.rate_limits);
        Ok(OneApiClient {
            inner: Arc::new(Inner {
                http,
                config,
                tokens,
                limiter,
            }),
        })
    }

    pub fn config(&self) -> &ClientConfig {
        &self.inner.config
    }

    pub fn token_provider(&self) -> &TokenProvider {
        &self.inner.tokens
    }

    pub fn rate_limiter(&self) -> &RateLimiter {
        &self.inner.limiter
    }

    /// `GET path` and return the JSON body.
    pub async fn get_json(&self, path: &str) -> Result<Value, Error> {
        Ok(self.send(Request::get(path)).await?.body)
    }

    /// `/zpa/mgmtconfig/v1/admin/customers/{ZSCALER_CUSTOMER_ID}{suffix}`.
    pub fn zpa_path(&self, suffix: &str) -> Result<String, Error> {
        Ok(format!(
            "/zpa/mgmtconfig/v1/admin/customers/{}{suffix}",
            self.customer_id()?
        ))
    }

    /// `/zpa/mgmtconfig/v2/admin/customers/{ZSCALER_CUSTOMER_ID}{suffix}`.
    pub fn zpa_v2_path(&self, suffix: &str) -> Result<String, Error> {
        Ok(format!(
            "/zpa/mgmtconfig/v2/admin/customers/{}{suffix}",
            self.customer_id()?
        ))
    }

    /// `/zpa/userconfig/v1/customers/{ZSCALER_CUSTOMER_ID}{suffix}` (SCIM groups and values).
    pub fn zpa_userconfig_path(&self, suffix: &str) -> Result<String, Error> {
        Ok(format!(
            "/zpa/userconfig/v1/customers/{}{suffix}",
            self.customer_id()?
        ))
    }

    /// The ZPA customer id, or an error naming `ZSCALER_CUSTOMER_ID`.
    pub fn customer_id(&self) -> Result<&str, Error> {
        self.inner
            .config
            .customer_id
            .as_deref()
            .ok_or_else(|| Error::MissingSetting {
                variable: "ZSCALER_CUSTOMER_ID",
                why: "ZPA API paths embed the tenant; set it to the numeric ZPA customer id \
                      (e.g. 216196257331281920)"
                    .to_owned(),
            })
    }

    pub fn zcell_customer_id(&self) -> Result<&str, Error> {
        self.inner
            .config
            .zcell_customer_id
            .as_deref()
            .ok_or_else(|| Error::MissingSetting {
                variable: "ZCELL_CUSTOMER_ID",
                why: "ZCell API calls need the ZCell customer id".to_owned(),
            })
    }

    /// The full URL of a request: the API base (keeping any path prefix) + path + query.
    pub fn url_for(&self, req: &Request) -> Result<Url, Error> {
        let invalid = |message: &str| Error::InvalidRequest {
            path: req.path.clone(),
            message: message.to_owned(),
        };
        let (path, raw_query) = match req.path.split_once('?') {
            Some((p, q)) => (p, Some(q)),
            None => (req.path.as_str(), None),
        };
        if !path.starts_with('/') {
            return Err(invalid(
                "the path must start with `/`, e.g. /zia/api/v1/users",
            ));
        }
        // `%2e` counts as a dot in URL path normalisation, so check the decoded form.
        let dot_segment = |s: &str| {
            matches!(
                s.to_ascii_lowercase().replace("%2e", ".").as_str(),
                "." | ".."
            )
        };
        if path.contains('#') || path.split('/').any(dot_segment) {
            return Err(invalid(
                "the path must not contain `.`/`..` segments or `#`",
            ));
        }
        let mut url = self.inner.config.api_base.clone();
        let prefix = url.path().trim_end_matches('/').to_owned();
        url.set_path(&format!("{prefix}{path}"));
        url.set_query(raw_query);
        url.set_fragment(None);
        if !req.query.is_empty() {
            let mut pairs = url.query_pairs_mut();
            for (k, v) in &req.query {
                pairs.append_pair(k, v);
            }
        }
        Ok(url)
    }

    /// Sends a request, retrying within the retry budget:
    /// - 401: new token, one retry (the gateway refused the call, nothing was processed);
    /// - 429: any method, after `Retry-After` (or backoff);
    /// - 502/503/504, timeouts, broken connections: idempotent methods only;
    /// - connection refused (nothing sent): any method;
    /// - ZIA/ZTW edit lock, ZPA concurrent-edit errors: any method, with backoff.
    ///
    /// A DELETE that finds 404 after an attempt that may have been applied counts as done.
    pub async fn send(&self, req: Request) -> Result<Response, Error> {
        let product = Product::from_path(&req.path).ok_or_else(|| Error::UnknownProduct {
            path: req.path.clone(),
        })?;
        let url = self.url_for(&req)?;
        let body = req
            .body
            .as_ref()
            .map(serde_json::to_vec)
            .transpose()
            .map(|b| b.map(Bytes::from))
            .map_err(|e| Error::InvalidRequest {
                path: req.path.clone(),
                message: format!("the JSON body cannot be serialised: {e}"),
            })?;
        let call = Call {
            product,
            method: &req.method,
            path: &req.path,
            url: &url,
            body: body.as_ref(),
            idempotent: is_idempotent(&req.method),
        };
        let budget = self.inner.config.retry_budget;
        let deadline = Instant::now() + budget;
        let mut state = CallState::default();
        let mut history: Vec<String> = Vec::new();
        loop {
            if let Err(e) = self
                .inner
                .limiter
                .acquire(product, &req.method, deadline)
                .await
            {
                return Err(if state.attempt == 0 {
                    e
                } else {
                    exhausted(&call, state.attempt, budget, history, e)
                });
            }
            state.attempt += 1;
            match self.attempt(&call, &mut state, deadline).await {
                Outcome::Done(result) => {
                    return result.map(|mut r| {
                        r.attempts = state.attempt;
                        r
                    });
                }
                Outcome::Retry { wait, note, error } => {
                    history.push(note);
                    if state.attempt >= MAX_ATTEMPTS || Instant::now() + wait > deadline {
                        return Err(exhausted(&call, state.attempt, budget, history, error));
                    }
                    crate::metrics::retry(
                        product,
                        history.last().map(String::as_str).unwrap_or_default(),
                    );
                    tracing::debug!(
                        product = product.label(),
                        method = %req.method,
                        path = %req.path,
                        attempt = state.attempt,
                        status = history.last().map(String::as_str).unwrap_or_default(),
                        wait_ms = wait.as_millis() as u64,
                        "retrying OneAPI request"
                    );
                    tokio::time::sleep(wait).await;
                }
            }
        }
    }

    async fn attempt(&self, call: &Call<'_>, state: &mut CallState, deadline: Instant) -> Outcome {
        let token = match self.inner.tokens.token().await {
            Ok(token) => token,
            // The token endpoint being busy or unreachable is as transient as the API being so.
            Err(e) if e.is_retryable() => {
                let note = match e.status() {
                    Some(s) => format!("token endpoint {s}"),
                    None => "token endpoint unreachable".to_owned(),
                };
                return Outcome::Retry {
                    wait: backoff(state.attempt - 1),
                    note,
                    error: e,
                };
            }
            Err(e) => return Outcome::Done(Err(e)),
        };
        let left = deadline.saturating_duration_since(Instant::now());
        let timeout = self
            .inner
            .config
            .request_timeout
            .min(left)
            .max(MIN_ATTEMPT_TIMEOUT);
        let Ok(mut bearer) = HeaderValue::from_str(&format!("Bearer {token}")) else {
            // The token provider vets tokens, so this is a broken token endpoint.
            return Outcome::Done(Err(Error::Token {
                status: None,
                message: "the access token is not a valid HTTP header value".to_owned(),
            }));
        };
        // Keeps the token out of any debug output of the HTTP stack.
        bearer.set_sensitive(true);
        let mut builder = self
            .inner
            .http
            .request(call.method.clone(), call.url.clone())
            .header(AUTHORIZATION, bearer)
            .header(ACCEPT, "application/json")
            .timeout(timeout);
        if let Some(body) = call.body {
            builder = builder
                .header(CONTENT_TYPE, "application/json")
                .body(body.clone());
        }
        if let Some(partner) = &self.inner.config.partner_id {
            builder = builder.header("x-partner-id", partner.as_str());
        }

        let sent = Instant::now();
        let failed = |e: &reqwest::Error| {
            let status = if e.is_timeout() {
                "timeout"
            } else {
                "transport"
            };
            crate::metrics::attempt(call.product, call.method, status, sent.elapsed());
        };
        let response = match builder.send().await {
            Ok(r) => r,
            Err(e) => {
                failed(&e);
                return self.transport_failure(call, state, &e, timeout);
            }
        };
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let bytes = match response.bytes().await {
            Ok(b) => b,
            Err(e) => {
                failed(&e);
                return self.transport_failure(call, state, &e, timeout);
            }
        };
        crate::metrics::attempt(
            call.product,
            call.method,
            &status.to_string(),
            sent.elapsed(),
        );
        let request_id = headers
            .get("x-oneapi-request-id")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        crate::trace::record(request_id.as_deref());

        if (200..300).contains(&status) {
            return Outcome::Done(
                parse_body(call.product, status, &headers, &bytes).map(|body| Response {
                    status,
                    body,
                    request_id,
                    attempts: state.attempt,
                }),
            );
        }

        let api_error = ApiError::from_response(
            call.product,
            call.method.as_str(),
            call.path,
            status,
            &headers,
            &bytes,
        );
        let n = state.attempt - 1;
        match status {
            401 if !state.refreshed_after_401 => {
                state.refreshed_after_401 = true;
                self.inner.tokens.invalidate(&token);
                Outcome::Retry {
                    wait: Duration::ZERO,
                    note: "401".to_owned(),
                    error: Error::Api(api_error),
                }
            }
            404 if call.method == Method::DELETE && state.maybe_processed => {
                // Our earlier attempt most likely deleted it; deleting is idempotent.
                Outcome::Done(Ok(Response {
                    status: 204,
                    body: Value::Null,
                    request_id,
                    attempts: state.attempt,
                }))
            }
            429 => {
                let asked = parse_retry_after(&headers, SystemTime::now());
                let note = match asked {
                    Some(d) => format!("429 Retry-After {}", short_duration(d)),
                    None => "429".to_owned(),
                };
                // Backoff as a floor: repeated 429s with `Retry-After: 0` must still slow down.
                let wait = asked
                    .map_or(Duration::ZERO, |d| d + RETRY_AFTER_PAD)
                    .max(backoff(n));
                Outcome::Retry {
                    wait,
                    note,
                    error: Error::Api(api_error),
                }
            }
            502..=504 if call.idempotent => {
                state.maybe_processed = true;
                let wait = retry_after_header(&headers, SystemTime::now())
                    .map_or_else(|| backoff(n), |d| d + RETRY_AFTER_PAD);
                Outcome::Retry {
                    wait,
                    note: status.to_string(),
                    error: Error::Api(api_error),
                }
            }
            409 | 412
                if matches!(call.product, Product::Zia | Product::Ztw) && is_edit_lock(&bytes) =>
            {
                Outcome::Retry {
                    wait: backoff(n).max(MIN_ATTEMPT_TIMEOUT),
                    note: format!("{status} edit lock"),
                    error: Error::Api(api_error),
                }
            }
            400 | 409
                if call.product == Product::Zpa
                    && api_error
                        .code
                        .as_deref()
                        .is_some_and(|c| ZPA_CONCURRENCY_CODES.contains(&c)) =>
            {
                let note = format!("{status} {}", api_error.code.as_deref().unwrap_or_default());
                Outcome::Retry {
                    wait: backoff(n).max(MIN_ATTEMPT_TIMEOUT),
                    note,
                    error: Error::Api(api_error),
                }
            }
            _ => Outcome::Done(Err(Error::Api(api_error))),
        }
    }

    fn transport_failure(
        &self,
        call: &Call<'_>,
        state: &mut CallState,
        err: &reqwest::Error,
        timeout: Duration,
    ) -> Outcome {
        let n = state.attempt - 1;
        if err.is_timeout() {
            let error = Error::Timeout {
                product: call.product,
                method: call.method.to_string(),
                path: call.path.to_owned(),
                after: timeout,
            };
            if !call.idempotent {
                // The write may be in progress server-side; sending it again could apply it twice.
                return Outcome::Done(Err(error));
            }
            state.maybe_processed = true;
            return Outcome::Retry {
                wait: backoff(n),
                note: "timeout".to_owned(),
                error,
            };
        }
        let message = error_chain(err);
        let error = Error::Transport {
            product: call.product,
            method: call.method.to_string(),
            path: call.path.to_owned(),
            message: message.clone(),
        };
        if err.is_connect() {
            // No connection, so nothing was sent: safe to retry whatever the method.
            return Outcome::Retry {
                wait: backoff(n),
                note: "connect error".to_owned(),
                error,
            };
        }
        if !call.idempotent {
            return Outcome::Done(Err(error));
        }
        state.maybe_processed = true;
        let note = if message.to_ascii_lowercase().contains("reset") {
            "connection reset"
        } else {
            "connection error"
        };
        Outcome::Retry {
            wait: backoff(n),
            note: note.to_owned(),
            error,
        }
    }
}

fn exhausted(
    call: &Call<'_>,
    attempts: u32,
    budget: Duration,
    history: Vec<String>,
    last: Error,
) -> Error {
    Error::RetryBudgetExhausted {
        product: call.product,
        method: call.method.to_string(),
        path: call.path.to_owned(),
        attempts,
        budget,
        history,
        last: Box::new(last),
    }
}

/// `12s`, `1.5s`, `500ms`: compact, for retry histories.
fn short_duration(d: Duration) -> String {
    if d.subsec_millis() == 0 && d.as_secs() > 0 {
        format!("{}s", d.as_secs())
    } else if d < Duration::from_secs(1) {
        format!("{}ms", d.as_millis())
    } else {
        format!("{:.1}s", d.as_secs_f64())
    }
}

/// A 2xx body as JSON: empty → `Null`; text that is not labelled JSON → a JSON string.
fn parse_body(
    product: Product,
    status: u16,
    headers: &HeaderMap,
    bytes: &[u8],
) -> Result<Value, Error> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(Value::Null);
    }
    match serde_json::from_slice(bytes) {
        Ok(v) => Ok(v),
        Err(e) => {
            let labelled_json = headers
                .get(CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|ct| ct.to_ascii_lowercase().contains("json"));
            let text = String::from_utf8_lossy(bytes);
            if labelled_json {
                Err(Error::Decode {
                    product,
                    status,
                    message: format!("{e}; the body starts with `{}`", truncate(text.trim(), 100)),
                })
            } else {
                Ok(Value::String(text.into_owned()))
            }
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::config::Credentials;
    use crate::ratelimit::RateLimits;
    use crate::testserver::{Canned, TestServer};
    use serde_json::json;

    const _: () = {
        const fn shareable<T: Send + Sync + Clone + 'static>() {}
        shareable::<OneApiClient>();
        // Errors cross task boundaries and go into `anyhow` in the server.
        const fn error_like<T: std::error::Error + Send + Sync + Clone + 'static>() {}
        error_like::<Error>();
    };

    pub(crate) fn test_config(server: &TestServer, base_path: &str) -> ClientConfig {
        let mut config = ClientConfig::new(
            server.url("/oauth2/v1/token"),
            server.url(base_path),
            Credentials::secret("cid", "sec"),
        );
        config.rate_limits = RateLimits::disabled();
        config.retry_budget = Duration::from_secs(10);
        config.request_timeout = Duration::from_secs(5);
        config.customer_id = Some("216196257331281920".into());
        config
    }

    pub(crate) fn test_client(server: &TestServer, base_path: &str) -> OneApiClient {
        OneApiClient::new(test_config(server, base_path)).unwrap()
    }

    async fn bounded<T>(f: impl std::future::Future<Output = T>) -> T {
        tokio::time::timeout(Duration::from_secs(30), f)
            .await
            .expect("test took too long")
    }

    /// The MCP server spawns calls onto tasks, so every public future must be `Send`.
    #[tokio::test]
    async fn futures_are_send() {
        fn spawnable<F: std::future::Future + Send + 'static>(_: &F) {}
        let server = TestServer::start().await;
        let client = test_client(&server, "/");
        let c = client.clone();
        spawnable(&async move { c.send(Request::get("/zia/api/v1/users")).await });
        let c = client.clone();
        spawnable(&async move { c.get_json("/zia/api/v1/users").await });
        let c = client.clone();
        spawnable(&async move {
            c.list_all(
                Request::get("/zdx/v1/devices"),
                crate::Paging::Cursor,
                10,
                10,
            )
            .await
        });
        let c = client.clone();
        spawnable(&async move { c.zia_activate().await });
        let c = client.clone();
        spawnable(&async move { c.token_provider().token().await });
        let handle = tokio::spawn(async move { client.get_json("/zia/api/v1/status").await });
        let body = tokio::time::timeout(Duration::from_secs(20), handle)
            .await
            .unwrap()
            .unwrap()
            .unwrap();
        assert_eq!(body, json!({"ok": true}));
    }

    #[tokio::test]
    async fn joins_base_prefix_and_query() {
        let server = TestServer::start().await;
        let client = test_client(&server, "/gw");
        let req = Request::get("/zpa/x?microtenantId=1")
            .query("search", "name+EQ+my app")
            .query("page", "2");
        let url = client.url_for(&req).unwrap();
        assert_eq!(url.path(), "/gw/zpa/x");
        assert_eq!(
            url.query(),
            Some("microtenantId=1&search=name%2BEQ%2Bmy+app&page=2")
        );
        let client = test_client(&server, "/gw/");
        let url = client.url_for(&Request::get("/zia/api/v1/users")).unwrap();
        assert_eq!(url.path(), "/gw/zia/api/v1/users");
        assert!(client.url_for(&Request::get("zia/api")).is_err());
        assert!(client.url_for(&Request::get("/zia/../admin")).is_err());
        assert!(client.url_for(&Request::get("/zia/%2E%2e/admin")).is_err());
        assert_eq!(encode_path_segment("a/b c?"), "a%2Fb%20c%3F");
    }

    #[tokio::test]
    async fn sends_headers_and_parses_json() {
        let server = TestServer::start().await;
        let mut config = test_config(&server, "/gw");
        config.partner_id = Some("partner-9".into());
        let client = OneApiClient::new(config).unwrap();
        server.script([Canned::new(200, r#"[{"id":1}]"#).header("x-oneapi-request-id", "rid-1")]);
        let resp =
            bounded(client.send(Request::post("/zia/api/v1/users").json(json!({"name":"a"}))))
                .await
                .unwrap();
        assert_eq!(resp.body, json!([{"id":1}]));
        assert_eq!(resp.request_id.as_deref(), Some("rid-1"));
        assert_eq!(resp.attempts, 1);
        let req = server.api_log().pop().unwrap();
        assert_eq!(req.target, "/gw/zia/api/v1/users");
        assert!(
            req.header("authorization")
                .unwrap()
                .starts_with("Bearer tok-")
        );
        assert_eq!(req.header("accept").as_deref(), Some("application/json"));
        assert_eq!(
            req.header("content-type").as_deref(),
            Some("application/json")
        );
        assert_eq!(req.header("x-partner-id").as_deref(), Some("partner-9"));
        assert!(
            req.header("user-agent")
                .unwrap()
                .starts_with("zscaler-mcp-rs/")
        );
        assert_eq!(
            serde_json::from_slice::<Value>(&req.body).unwrap(),
            json!({"name":"a"})
        );

        // No body: no content type.
        bounded(client.get_json("/zia/api/v1/status"))
            .await
            .unwrap();
        assert_eq!(server.api_log().pop().unwrap().header("content-type"), None);
    }

    #[tokio::test]
    async fn body_shapes() {
        let server = TestServer::start().await;
        let client = test_client(&server, "/");
        server.script([
            Canned::new(204, ""),
            Canned::new(200, "plain words").header("content-type", "text/plain"),
            Canned::new(200, "{broken"),
        ]);
        let r = bounded(client.send(Request::put("/zpa/x"))).await.unwrap();
        assert_eq!((r.status, r.body), (204, Value::Null));
        let r = bounded(client.send(Request::get("/zcc/x"))).await.unwrap();
        assert_eq!(r.body, json!("plain words"));
        let e = bounded(client.send(Request::get("/zia/x")))
            .await
            .unwrap_err();
        assert!(matches!(e, Error::Decode { status: 200, .. }), "{e}");
    }

    #[tokio::test]
    async fn unknown_product_and_missing_settings() {
        let server = TestServer::start().await;
        let client = test_client(&server, "/");
        let e = client.send(Request::get("/bi/api/v1/x")).await.unwrap_err();
        assert!(e.to_string().contains("/zpa/, /zia/"), "{e}");
        assert_eq!(
            client.zpa_path("/application").unwrap(),
            "/zpa/mgmtconfig/v1/admin/customers/216196257331281920/application"
        );
        assert_eq!(
            client.zpa_v2_path("/idp").unwrap(),
            "/zpa/mgmtconfig/v2/admin/customers/216196257331281920/idp"
        );
        assert_eq!(
            client.zpa_userconfig_path("/scimgroup/1").unwrap(),
            "/zpa/userconfig/v1/customers/216196257331281920/scimgroup/1"
        );
        let mut config = test_config(&server, "/");
        config.customer_id = None;
        let client = OneApiClient::new(config).unwrap();
        let e = client.zpa_path("/application").unwrap_err();
        assert!(matches!(
            e,
            Error::MissingSetting {
                variable: "ZSCALER_CUSTOMER_ID",
                ..
            }
        ));
        assert!(e.to_string().starts_with("ZSCALER_CUSTOMER_ID is not set"));
        let e = client.zcell_customer_id().unwrap_err();
        assert!(e.to_string().starts_with("ZCELL_CUSTOMER_ID is not set"));
        assert_eq!(server.api_log().len(), 0);
    }

    #[tokio::test]
    async fn retries_429_with_retry_after() {
        let server = TestServer::start().await;
        let client = test_client(&server, "/");
        server.script([
            Canned::new(429, r#"{"id":"invalid.toomanyrequests"}"#).header("retry-after", "0s"),
            Canned::new(200, r#"{"list":[]}"#),
        ]);
        let r = bounded(client.send(Request::post("/zpa/x").json(json!({}))))
            .await
            .unwrap();
        assert_eq!(r.attempts, 2);
        assert_eq!(server.api_log().len(), 2);
    }

    #[tokio::test]
    async fn budget_exhausted_fails_fast_with_history() {
        let server = TestServer::start().await;
        let mut config = test_config(&server, "/");
        config.retry_budget = Duration::from_secs(3);
        let client = OneApiClient::new(config).unwrap();
        server.script([
            Canned::new(429, r#"{"message":"Rate Limit (1/SECOND) exceeded"}"#)
                .header("retry-after", "1"),
            Canned::new(429, r#"{"message":"Rate Limit (1/SECOND) exceeded"}"#)
                .header("retry-after", "12"),
        ]);
        let started = Instant::now();
        let e = bounded(client.send(Request::get("/zia/api/v1/users")))
            .await
            .unwrap_err();
        assert!(
            started.elapsed() < Duration::from_secs(3),
            "must not sleep past the budget"
        );
        let text = e.to_string();
        assert!(
            text.starts_with(
                "gave up on GET /zia/api/v1/users after 2 attempts in 3 s (retry budget): \
                 429 Retry-After 1s, 429 Retry-After 12s; last error: ZIA rate limit: Rate Limit"
            ),
            "{text}"
        );
        assert_eq!(e.status(), Some(429));
    }

    #[tokio::test]
    async fn post_is_not_retried_on_503_but_get_is() {
        let server = TestServer::start().await;
        let client = test_client(&server, "/");
        server.script([Canned::new(503, "")]);
        let e = bounded(client.send(Request::post("/zia/api/v1/users").json(json!({}))))
            .await
            .unwrap_err();
        assert_eq!(e.status(), Some(503));
        assert_eq!(server.api_log().len(), 1);

        server.script([
            Canned::new(503, ""),
            Canned::new(504, ""),
            Canned::new(200, "[]"),
        ]);
        let r = bounded(client.send(Request::get("/zia/api/v1/users")))
            .await
            .unwrap();
        assert_eq!(r.attempts, 3);
    }

    #[tokio::test]
    async fn refreshes_token_once_on_401() {
        let server = TestServer::start().await;
        let client = test_client(&server, "/");
        let unauthorized = r#"{"detail":"unauthorized","type":"","title":"","status":""}"#;
        server.script([Canned::new(401, unauthorized)]);
        let r = bounded(client.send(Request::post("/zia/api/v1/users").json(json!({}))))
            .await
            .unwrap();
        assert_eq!(r.attempts, 2);
        assert_eq!(server.token_requests(), 2);
        let log = server.api_log();
        assert_ne!(
            log[0].header("authorization"),
            log[1].header("authorization")
        );

        // Twice in a row: give up with the gateway's explanation.
        server.script([
            Canned::new(401, unauthorized),
            Canned::new(401, unauthorized),
        ]);
        let e = bounded(client.send(Request::get("/zia/api/v1/users")))
            .await
            .unwrap_err();
        assert_eq!(e.status(), Some(401));
        assert!(
            e.to_string()
                .starts_with("ZIA: the OneAPI gateway refused the access token"),
            "{e}"
        );
    }

    #[tokio::test]
    async fn edit_lock_is_retried_for_writes() {
        let server = TestServer::start().await;
        let client = test_client(&server, "/");
        server.script([
            Canned::new(409, r#"{"code":"EDIT_LOCK_NOT_AVAILABLE"}"#),
            Canned::new(200, r#"{"id":5}"#),
        ]);
        let r = bounded(client.send(Request::post("/zia/api/v1/users").json(json!({}))))
            .await
            .unwrap();
        assert_eq!((r.attempts, r.body), (2, json!({"id":5})));

        // A plain conflict is the caller's problem.
        server.script([Canned::new(
            409,
            r#"{"code":"DUPLICATE_ITEM","message":"exists"}"#,
        )]);
        let e = bounded(client.send(Request::post("/zia/api/v1/users").json(json!({}))))
            .await
            .unwrap_err();
        assert_eq!(e.status(), Some(409));
    }

    #[tokio::test]
    async fn delete_404_after_possible_success_is_success() {
        let server = TestServer::start().await;
        let client = test_client(&server, "/");
        server.script([
            Canned::new(503, ""),
            Canned::new(404, r#"{"code":"RESOURCE_NOT_FOUND","message":"gone"}"#),
        ]);
        let r = bounded(client.send(Request::delete("/zia/api/v1/users/1")))
            .await
            .unwrap();
        assert_eq!((r.status, r.body, r.attempts), (204, Value::Null, 2));

        // A first-attempt 404 is a real not-found.
        server.script([Canned::new(
            404,
            r#"{"code":"RESOURCE_NOT_FOUND","message":"gone"}"#,
        )]);
        let e = bounded(client.send(Request::delete("/zia/api/v1/users/1")))
            .await
            .unwrap_err();
        assert!(e.is_not_found());
    }

    #[tokio::test]
    async fn post_times_out_without_retry() {
        let server = TestServer::start().await;
        let mut config = test_config(&server, "/");
        config.request_timeout = Duration::from_secs(1);
        let client = OneApiClient::new(config).unwrap();
        server.script([Canned::new(200, "{}").delay(Duration::from_secs(20))]);
        let e = bounded(client.send(Request::post("/zia/api/v1/users").json(json!({}))))
            .await
            .unwrap_err();
        assert!(matches!(e, Error::Timeout { .. }), "{e}");
        assert!(
            e.to_string()
                .contains("did not answer POST /zia/api/v1/users within 1 s"),
            "{e}"
        );
        assert_eq!(server.api_log().len(), 1);
    }

    #[tokio::test]
    async fn reset_connection_retried_only_for_idempotent() {
        let server = TestServer::start().await;
        let client = test_client(&server, "/");
        server.script([Canned::reset(), Canned::new(200, "[]")]);
        let r = bounded(client.send(Request::get("/zia/api/v1/users")))
            .await
            .unwrap();
        assert_eq!(r.attempts, 2);

        server.script([Canned::reset()]);
        let e = bounded(client.send(Request::post("/zia/api/v1/users").json(json!({}))))
            .await
            .unwrap_err();
        assert!(matches!(e, Error::Transport { .. }), "{e}");
    }

    #[tokio::test]
    async fn connect_errors_are_retried_then_reported() {
        // Bind then drop a listener: the port refuses connections.
        let port = {
            let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            l.local_addr().unwrap().port()
        };
        let server = TestServer::start().await;
        let mut config = test_config(&server, "/");
        config.api_base = Url::parse(&format!("http://127.0.0.1:{port}/")).unwrap();
        config.retry_budget = Duration::from_secs(2);
        let client = OneApiClient::new(config).unwrap();
        let e = bounded(client.send(Request::post("/zia/api/v1/users").json(json!({}))))
            .await
            .unwrap_err();
        match &e {
            Error::RetryBudgetExhausted {
                attempts,
                history,
                last,
                ..
            } => {
                assert!(*attempts >= 2, "{e}");
                assert!(history.iter().all(|h| h == "connect error"), "{e}");
                assert!(matches!(**last, Error::Transport { .. }));
            }
            other => panic!("unexpected {other}"),
        }
    }

    #[tokio::test]
    async fn extra_ca_bundle_builds() {
        let server = TestServer::start().await;
        let mut config = test_config(&server, "/");
        config.extra_ca_pem = Some(include_bytes!("../testdata/test-ca.pem").to_vec());
        OneApiClient::new(config).unwrap();
        let mut config = test_config(&server, "/");
        config.extra_ca_pem =
            Some(b"-----BEGIN CERTIFICATE-----\ngarbage\n-----END CERTIFICATE-----\n".to_vec());
        let e = OneApiClient::new(config).unwrap_err();
        assert!(e.to_string().contains("ZSCALER_MCP_CA_BUNDLE"), "{e}");
    }
}
