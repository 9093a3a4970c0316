//! The HTTP side: routing by SigV4 credential scope, forwarding to moto, error envelopes, and
//! the few moto calls the fake makes itself (cluster and role look-ups, task definitions).

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::response::Response;
use bytes::Bytes;
use http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use parking_lot::Mutex;
use serde_json::{Map, Value, json};

use crate::{agentcore, ecs, invoke, registry, state};

/// Requests bigger than this are refused (the SDK never sends anything close).
const MAX_BODY: usize = 64 << 20;

/// Shared by every request.
pub(crate) struct App {
    pub(crate) moto_url: String,
    /// This server's own `http://127.0.0.1:PORT` (ECR's `proxyEndpoint`, the token realm).
    pub(crate) self_url: String,
    pub(crate) client: reqwest::Client,
    pub(crate) state: Arc<Mutex<state::State>>,
}

impl App {
    pub(crate) fn new(moto_url: String, self_url: String, state: Arc<Mutex<state::State>>) -> App {
        let client = reqwest::Client::builder()
            .no_proxy()
            .no_gzip()
            .timeout(Duration::from_secs(60))
            .build()
            .expect("build the HTTP client for moto");
        App {
            moto_url,
            self_url,
            client,
            state,
        }
    }
}

/// One request, body read in full.
pub(crate) struct Incoming {
    pub(crate) method: Method,
    pub(crate) path: String,
    pub(crate) query: Option<String>,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
}

impl Incoming {
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The decoded value of query parameter `name`.
    pub(crate) fn query_param(&self, name: &str) -> Option<String> {
        let query = self.query.as_deref()?;
        query.split('&').find_map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (percent_decode(key) == name).then(|| percent_decode(value))
        })
    }
}

pub(crate) fn percent_decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text)
        .decode_utf8_lossy()
        .into_owned()
}

/// The SigV4 credential scope of a request: `Credential=AKID/DATE/REGION/SERVICE/aws4_request`.
pub(crate) struct Scope {
    pub(crate) access_key: String,
    pub(crate) date: String,
    pub(crate) region: String,
    pub(crate) service: String,
}

impl Scope {
    fn parse(headers: &HeaderMap) -> Option<Scope> {
        let auth = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
        let credential = auth.split("Credential=").nth(1)?;
        let credential = credential.split([',', ' ']).next()?;
        let mut parts = credential.split('/');
        let access_key = parts.next()?.to_owned();
        let date = parts.next()?.to_owned();
        let region = parts.next()?.to_owned();
        let service = parts.next()?.to_owned();
        (parts.next() == Some("aws4_request")).then_some(Scope {
            access_key,
            date,
            region,
            service,
        })
    }

    /// An `Authorization` header moto accepts for a call the fake makes to `service`.
    fn authorization_for(&self, service: &str) -> String {
        format!(
            "AWS4-HMAC-SHA256 Credential={}/{}/{}/{service}/aws4_request, \
             SignedHeaders=host;x-amz-date, Signature=0000000000000000000000000000000000000000000000000000000000000000",
            self.access_key, self.date, self.region
        )
    }
}

pub(crate) async fn serve(listener: tokio::net::TcpListener, app: App) -> std::io::Result<()> {
    let router = Router::new().fallback(handle).with_state(Arc::new(app));
    axum::serve(listener, router).await
}

async fn handle(State(app): State<Arc<App>>, request: Request) -> Response {
    // A bug in a handler becomes a clear 500 instead of a dropped connection.
    match tokio::spawn(answer(app, request)).await {
        Ok(response) => response,
        Err(err) => plain(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("zscaler-aws-fake: the request handler failed: {err}"),
        ),
    }
}

async fn answer(app: Arc<App>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let body = match axum::body::to_bytes(body, MAX_BODY).await {
        Ok(body) => body,
        Err(err) => {
            return plain(
                StatusCode::BAD_REQUEST,
                format!("zscaler-aws-fake: cannot read the request body: {err}"),
            );
        }
    };
    let incoming = Incoming {
        method: parts.method,
        path: parts.uri.path().to_owned(),
        query: parts.uri.query().map(str::to_owned),
        headers: parts.headers,
        body,
    };
    let answer = match Scope::parse(&incoming.headers) {
        None if registry::owns(&incoming.path) => Some(registry::handle(&app, &incoming)),
        Some(scope) if scope.service == "ecr" => registry::ecr(&app, &incoming),
        Some(scope) if scope.service == "ecs" => ecs::handle(&app, &incoming, &scope).await,
        Some(scope) if scope.service == "bedrock-agentcore" => {
            if incoming.method == Method::POST && incoming.path == "/harnesses/invoke" {
                Some(invoke::handle(&app, &incoming, &scope))
            } else {
                agentcore::handle(&app, &incoming, &scope).await
            }
        }
        _ => None,
    };
    match answer {
        Some(response) => response,
        None => forward(&app, &incoming).await,
    }
}

/// Headers that belong to one hop, not to the message.
fn hop_by_hop(name: &str) -> bool {
    matches!(
        name,
        "connection"
            | "keep-alive"
            | "proxy-connection"
            | "transfer-encoding"
            | "upgrade"
            | "te"
            | "trailer"
            | "content-length"
            | "expect"
    )
}

/// Sends the request to moto as it came and returns moto's answer as it came.
pub(crate) async fn forward(app: &App, request: &Incoming) -> Response {
    let mut url = format!("{}{}", app.moto_url, request.path);
    if let Some(query) = &request.query {
        url.push('?');
        url.push_str(query);
    }
    let mut builder = app.client.request(request.method.clone(), url);
    for (name, value) in &request.headers {
        if !hop_by_hop(name.as_str()) {
            builder = builder.header(name, value);
        }
    }
    match builder.body(request.body.clone()).send().await {
        Ok(reply) => {
            let status = reply.status();
            let headers = reply.headers().clone();
            match reply.bytes().await {
                Ok(body) => {
                    let mut response = Response::new(Body::from(body));
                    *response.status_mut() = status;
                    for (name, value) in &headers {
                        if !hop_by_hop(name.as_str()) {
                            response.headers_mut().append(name, value.clone());
                        }
                    }
                    response
                }
                Err(err) => plain(
                    StatusCode::BAD_GATEWAY,
                    format!("zscaler-aws-fake: reading moto's answer failed: {err}"),
                ),
            }
        }
        Err(err) => plain(
            StatusCode::BAD_GATEWAY,
            format!(
                "zscaler-aws-fake: moto at {} unreachable: {err}",
                app.moto_url
            ),
        ),
    }
}

fn plain(status: StatusCode, text: String) -> Response {
    let mut response = Response::new(Body::from(text));
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    response
}

/// A JSON answer with `content_type`.
pub(crate) fn json_response(
    status: StatusCode,
    content_type: &'static str,
    body: &Value,
) -> Response {
    let mut response = Response::new(Body::from(body.to_string()));
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    response.headers_mut().insert(
        "x-amzn-requestid",
        HeaderValue::from_str(&uuid::Uuid::new_v4().to_string())
            .unwrap_or_else(|_| HeaderValue::from_static("fake")),
    );
    response
}

/// An awsJson1.1 (ECS) error: the code in `__type` (and `X-Amzn-Errortype`), text in `message`.
pub(crate) fn ecs_error(code: &'static str, message: impl Into<String>) -> Response {
    let status = if code == "ServerException" {
        StatusCode::INTERNAL_SERVER_ERROR
    } else {
        StatusCode::BAD_REQUEST
    };
    let mut response = json_response(
        status,
        "application/x-amz-json-1.1",
        &json!({ "__type": code, "message": message.into() }),
    );
    response
        .headers_mut()
        .insert("x-amzn-errortype", HeaderValue::from_static(code));
    response
}

/// A restJson1 (AgentCore) error: the code in `X-Amzn-Errortype`, text in `message`.
pub(crate) fn rest_error(code: &'static str, message: impl Into<String>) -> Response {
    rest_error_with(code, json!({ "message": message.into() }))
}

/// A `ValidationException` naming the offending field (`reason` is required by the SDK's shape).
pub(crate) fn validation_error(field: &str, message: impl Into<String>) -> Response {
    let message = message.into();
    rest_error_with(
        "ValidationException",
        json!({
            "message": message,
            "reason": "FieldValidationFailed",
            "fieldList": [{ "name": field, "message": message }],
        }),
    )
}

fn rest_error_with(code: &'static str, body: Value) -> Response {
    let status = match code {
        "ValidationException" => StatusCode::BAD_REQUEST,
        "AccessDeniedException" => StatusCode::FORBIDDEN,
        "ResourceNotFoundException" => StatusCode::NOT_FOUND,
        "ConflictException" => StatusCode::CONFLICT,
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    };
    let mut response = json_response(status, "application/json", &body);
    response
        .headers_mut()
        .insert("x-amzn-errortype", HeaderValue::from_static(code));
    response
}

/// The request body as a JSON object (an empty body is an empty object).
pub(crate) fn json_object(body: &[u8]) -> Result<Map<String, Value>, String> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Map::new());
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err("the request body is not a JSON object".to_owned()),
        Err(err) => Err(format!("the request body is not valid JSON: {err}")),
    }
}

/// A non-empty string member.
pub(crate) fn str_field<'a>(body: &'a Map<String, Value>, key: &str) -> Option<&'a str> {
    body.get(key)
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
}

impl App {
    /// An awsJson1.1 call to moto's ECS; the answer's status and JSON body.
    pub(crate) async fn moto_ecs(
        &self,
        scope: &Scope,
        operation: &str,
        body: &Value,
    ) -> Result<(StatusCode, Value), String> {
        let reply = self
            .client
            .post(format!("{}/", self.moto_url))
            .header(header::AUTHORIZATION, scope.authorization_for("ecs"))
            .header("x-amz-date", format!("{}T000000Z", scope.date))
            .header(
                "x-amz-target",
                format!("AmazonEC2ContainerServiceV20141113.{operation}"),
            )
            .header(header::CONTENT_TYPE, "application/x-amz-json-1.1")
            .body(body.to_string())
            .send()
            .await
            .map_err(|err| format!("moto ECS {operation} failed: {err}"))?;
        let status = reply.status();
        let bytes = reply
            .bytes()
            .await
            .map_err(|err| format!("moto ECS {operation}: reading the answer failed: {err}"))?;
        let value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        Ok((status, value))
    }

    /// Whether moto knows an ACTIVE ECS cluster `cluster` (name or ARN).
    pub(crate) async fn ecs_cluster_active(
        &self,
        scope: &Scope,
        cluster: &str,
    ) -> Result<bool, String> {
        let (status, body) = self
            .moto_ecs(scope, "DescribeClusters", &json!({ "clusters": [cluster] }))
            .await?;
        if !status.is_success() {
            return Err(format!(
                "moto ECS DescribeClusters answered {status}: {body}"
            ));
        }
        Ok(body["clusters"]
            .as_array()
            .is_some_and(|clusters| clusters.iter().any(|c| c["status"] == "ACTIVE")))
    }

    /// Registers a task definition in moto and returns its ARN.
    pub(crate) async fn register_task_definition(
        &self,
        scope: &Scope,
        body: &Value,
    ) -> Result<String, String> {
        let (status, reply) = self.moto_ecs(scope, "RegisterTaskDefinition", body).await?;
        if !status.is_success() {
            return Err(format!(
                "moto ECS RegisterTaskDefinition answered {status}: {reply}"
            ));
        }
        reply["taskDefinition"]["taskDefinitionArn"]
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| format!("moto ECS RegisterTaskDefinition gave no ARN: {reply}"))
    }

    /// Whether moto's IAM has the role `role_arn` names (query-protocol `GetRole`).
    pub(crate) async fn iam_role_exists(
        &self,
        scope: &Scope,
        role_arn: &str,
    ) -> Result<bool, String> {
        let Some(name) = role_arn
            .split_once(":role/")
            .map(|(_, path)| path.rsplit('/').next().unwrap_or(path))
        else {
            return Ok(false);
        };
        let form = format!(
            "Action=GetRole&Version=2010-05-08&RoleName={}",
            percent_encoding::utf8_percent_encode(name, percent_encoding::NON_ALPHANUMERIC)
        );
        let iam_scope = Scope {
            access_key: scope.access_key.clone(),
            date: scope.date.clone(),
            region: "us-east-1".to_owned(),
            service: "iam".to_owned(),
        };
        let reply = self
            .client
            .post(format!("{}/", self.moto_url))
            .header(header::AUTHORIZATION, iam_scope.authorization_for("iam"))
            .header("x-amz-date", format!("{}T000000Z", scope.date))
            .header(
                header::CONTENT_TYPE,
                "application/x-www-form-urlencoded; charset=utf-8",
            )
            .body(form)
            .send()
            .await
            .map_err(|err| format!("moto IAM GetRole failed: {err}"))?;
        let status = reply.status();
        if status.is_success() {
            Ok(true)
        } else if status.is_client_error() {
            Ok(false)
        } else {
            Err(format!("moto IAM GetRole answered {status}"))
        }
    }
}
