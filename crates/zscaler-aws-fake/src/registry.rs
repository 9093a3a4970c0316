//! A container registry (OCI distribution API, read side) and ECR's `GetAuthorizationToken`, so
//! the deployer's image-platform check runs against a real HTTP registry on loopback.
//!
//! Like ghcr.io or public.ecr.aws, a request without credentials gets a 401 naming a bearer token
//! realm, whose anonymous token then reads public images. Like ECR, the Basic credentials
//! `GetAuthorizationToken` hands out read directly; its `proxyEndpoint` is this server. A
//! multi-platform image is an OCI index (with a build attestation listed as `unknown/unknown`, as
//! `docker buildx` pushes them); a single-platform image is a manifest whose config blob names
//! its platform.

use axum::body::Body;
use axum::response::Response;
use base64::Engine;
use http::{HeaderValue, StatusCode, header};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::server::{App, Incoming, json_response};

const INDEX: &str = "application/vnd.oci.image.index.v1+json";
const MANIFEST: &str = "application/vnd.oci.image.manifest.v1+json";
const CONFIG: &str = "application/vnd.oci.image.config.v1+json";
/// The password inside every ECR authorization token the fake issues.
const ECR_PASSWORD: &str = "fake-ecr-password";
/// What the token realm hands out to anyone.
const ANONYMOUS_TOKEN: &str = "fake-anonymous-pull-token";
pub(crate) const TOKEN_PATH: &str = "/registry/token";

/// One image: a repository, a tag and the platforms it is built for (`os/arch[/variant]`).
pub(crate) struct Image {
    pub(crate) repository: String,
    pub(crate) tag: String,
    pub(crate) platforms: Vec<String>,
}

/// A document the registry serves, addressed by its digest.
struct Document {
    media_type: &'static str,
    body: String,
}

impl Document {
    fn new(media_type: &'static str, value: &Value) -> Document {
        Document {
            media_type,
            body: value.to_string(),
        }
    }

    fn digest(&self) -> String {
        format!(
            "sha256:{}",
            hex::encode(Sha256::digest(self.body.as_bytes()))
        )
    }

    fn descriptor(&self) -> Value {
        json!({
            "mediaType": self.media_type,
            "digest": self.digest(),
            "size": self.body.len(),
        })
    }
}

fn platform_json(platform: &str) -> Value {
    let mut parts = platform.split('/');
    let mut value = json!({
        "os": parts.next().unwrap_or(""),
        "architecture": parts.next().unwrap_or(""),
    });
    if let Some(variant) = parts.next() {
        value["variant"] = json!(variant);
    }
    value
}

/// The config blob and manifest of one platform.
fn single(platform: &str) -> (Document, Document) {
    let mut config = platform_json(platform);
    config["config"] = json!({ "Entrypoint": ["/zscaler-mcp"] });
    config["rootfs"] = json!({ "type": "layers", "diff_ids": [] });
    let config = Document::new(CONFIG, &config);
    let manifest = Document::new(
        MANIFEST,
        &json!({
            "schemaVersion": 2,
            "mediaType": MANIFEST,
            "config": config.descriptor(),
            "layers": [],
        }),
    );
    (config, manifest)
}

impl Image {
    /// Every document of the image; the first is what its tag names.
    fn documents(&self) -> Vec<Document> {
        if let [only] = self.platforms.as_slice() {
            let (config, manifest) = single(only);
            return vec![manifest, config];
        }
        let mut documents = Vec::new();
        let mut entries = Vec::new();
        for platform in &self.platforms {
            let (config, manifest) = single(platform);
            let mut entry = manifest.descriptor();
            entry["platform"] = platform_json(platform);
            entries.push(entry);
            documents.push(manifest);
            documents.push(config);
        }
        if let Some(first) = entries.first().cloned() {
            let mut attestation = first;
            attestation["platform"] = json!({ "os": "unknown", "architecture": "unknown" });
            attestation["annotations"] =
                json!({ "vnd.docker.reference.type": "attestation-manifest" });
            entries.push(attestation);
        }
        let index = Document::new(
            INDEX,
            &json!({ "schemaVersion": 2, "mediaType": INDEX, "manifests": entries }),
        );
        documents.insert(0, index);
        documents
    }
}

/// The Basic credentials `GetAuthorizationToken` returns: base64 `AWS:<password>`.
fn ecr_token() -> String {
    base64::engine::general_purpose::STANDARD.encode(format!("AWS:{ECR_PASSWORD}"))
}

/// ECR's `GetAuthorizationToken` (awsJson1.1), or `None` for any other ECR operation.
pub(crate) fn ecr(app: &App, request: &Incoming) -> Option<Response> {
    let operation = request.header("x-amz-target")?;
    if !operation.ends_with(".GetAuthorizationToken") {
        return None;
    }
    let expires = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
        + 12 * 3600;
    Some(json_response(
        StatusCode::OK,
        "application/x-amz-json-1.1",
        &json!({
            "authorizationData": [{
                "authorizationToken": ecr_token(),
                "expiresAt": expires,
                "proxyEndpoint": app.self_url,
            }]
        }),
    ))
}

/// Whether a request without a SigV4 signature is the registry's.
pub(crate) fn owns(path: &str) -> bool {
    path == "/v2" || path.starts_with("/v2/") || path == TOKEN_PATH
}

pub(crate) fn handle(app: &App, request: &Incoming) -> Response {
    let auth = match request.header("authorization") {
        Some(a) if a == format!("Basic {}", ecr_token()) => "basic",
        Some(a) if a == format!("Bearer {ANONYMOUS_TOKEN}") => "bearer",
        Some(_) => "invalid",
        None => "none",
    };
    let response = answer(app, request, auth);
    app.state.lock().registry_requests.push(json!({
        "path": request.path,
        "auth": auth,
        "status": response.status().as_u16(),
    }));
    response
}

fn answer(app: &App, request: &Incoming, auth: &str) -> Response {
    if request.path == TOKEN_PATH {
        return json_response(
            StatusCode::OK,
            "application/json",
            &json!({ "token": ANONYMOUS_TOKEN, "expires_in": 300 }),
        );
    }
    let Some(rest) = request.path.strip_prefix("/v2/") else {
        return registry_error(StatusCode::NOT_FOUND, "NAME_UNKNOWN", "no such endpoint");
    };
    let (repository, kind, reference) = match rest
        .rsplit_once("/manifests/")
        .map(|(r, d)| (r, "manifest", d))
        .or_else(|| rest.rsplit_once("/blobs/").map(|(r, d)| (r, "blob", d)))
    {
        Some(parts) => parts,
        None => {
            return registry_error(StatusCode::NOT_FOUND, "NAME_UNKNOWN", "no such endpoint");
        }
    };
    if !matches!(auth, "basic" | "bearer") {
        let mut response = registry_error(
            StatusCode::UNAUTHORIZED,
            "UNAUTHORIZED",
            "authentication required",
        );
        let challenge = format!(
            "Bearer realm=\"{}{TOKEN_PATH}\",service=\"zscaler-aws-fake\",scope=\"repository:{repository}:pull\"",
            app.self_url
        );
        if let Ok(value) = HeaderValue::from_str(&challenge) {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, value);
        }
        return response;
    }
    let state = app.state.lock();
    let images = state.images.iter().filter(|i| i.repository == repository);
    let mut documents = Vec::new();
    let mut tagged = None;
    for image in images {
        let docs = image.documents();
        if image.tag == reference {
            tagged = docs.first().map(|d| (d.media_type, d.body.clone()));
        }
        documents.extend(docs);
    }
    drop(state);
    let found = tagged.or_else(|| {
        documents
            .iter()
            .find(|d| d.digest() == reference)
            .map(|d| (d.media_type, d.body.clone()))
    });
    match found {
        Some((media_type, body)) => {
            let mut response = Response::new(Body::from(body));
            response
                .headers_mut()
                .insert(header::CONTENT_TYPE, HeaderValue::from_static(media_type));
            response
        }
        None if kind == "blob" => registry_error(
            StatusCode::NOT_FOUND,
            "BLOB_UNKNOWN",
            "blob unknown to registry",
        ),
        None => registry_error(
            StatusCode::NOT_FOUND,
            "MANIFEST_UNKNOWN",
            "manifest unknown",
        ),
    }
}

fn registry_error(status: StatusCode, code: &str, message: &str) -> Response {
    let mut response = json_response(
        status,
        "application/json",
        &json!({ "errors": [{ "code": code, "message": message }] }),
    );
    *response.status_mut() = status;
    response
}
