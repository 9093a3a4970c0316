//! Which platforms the container image is built for, read from its registry before anything is
//! created: AgentCore Runtime runs only `linux/arm64`, and an ECS task on the wrong architecture
//! fails at start with `exec format error` long after the deploy "succeeded".
//!
//! The registry is asked with the OCI distribution API: the manifest (an index lists every
//! platform; a single manifest names its platform in its config blob). Public registries get an
//! anonymous bearer token from the realm their 401 names; a private ECR registry gets the Basic
//! credentials `ecr:GetAuthorizationToken` returns, at the `proxyEndpoint` it names.

use std::collections::BTreeSet;
use std::fmt;
use std::time::Duration;

use base64::Engine;
use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderValue, WWW_AUTHENTICATE};
use reqwest::{Response, StatusCode};
use serde_json::Value;

use crate::aws::Aws;
use crate::cli::{CpuArchitecture, Topology};
use crate::error::{DeployError, Result};
use crate::plan::Plan;
use crate::policy::EcrImage;

/// Every manifest kind a multi-platform or single-platform image can be stored as.
const MANIFEST_TYPES: &str = "application/vnd.oci.image.index.v1+json, \
    application/vnd.docker.distribution.manifest.list.v2+json, \
    application/vnd.oci.image.manifest.v1+json, \
    application/vnd.docker.distribution.manifest.v2+json";

/// Manifests and configs are a few KB; anything far larger is not one.
const MAX_DOCUMENT: usize = 4 << 20;

/// An image reference split the way Docker reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageRef {
    /// Host (and port) of the registry; `registry-1.docker.io` for Docker Hub.
    pub registry: String,
    pub repository: String,
    /// A tag, or a `sha256:` digest.
    pub reference: String,
}

impl ImageRef {
    /// `[registry/]repository[:tag][@digest]`; no registry means Docker Hub, whose one-part
    /// names live under `library/`.
    pub fn parse(image: &str) -> Option<ImageRef> {
        let image = image.trim();
        let (name, digest) = match image.split_once('@') {
            Some((name, digest)) => (name, Some(digest)),
            None => (image, None),
        };
        let (registry, path) = match name.split_once('/') {
            Some((first, rest))
                if first.contains('.') || first.contains(':') || first == "localhost" =>
            {
                (first.to_owned(), rest)
            }
            _ => ("docker.io".to_owned(), name),
        };
        let (repository, tag) = match path.rsplit_once(':') {
            Some((repo, tag)) if !tag.contains('/') => (repo, Some(tag)),
            _ => (path, None),
        };
        let valid = |s: &str| {
            !s.is_empty()
                && s.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-/".contains(&b))
        };
        if !valid(repository) || tag.is_some_and(str::is_empty) {
            return None;
        }
        let (registry, repository) = if registry == "docker.io" {
            let repository = if repository.contains('/') {
                repository.to_owned()
            } else {
                format!("library/{repository}")
            };
            ("registry-1.docker.io".to_owned(), repository)
        } else {
            (registry, repository.to_owned())
        };
        let reference = digest.or(tag).unwrap_or("latest").to_owned();
        Some(ImageRef {
            registry,
            repository,
            reference,
        })
    }

    /// The registry's base URL: HTTPS, except plain HTTP for a loopback registry (Docker's own
    /// default for `127.0.0.0/8`, and how a local test registry is reached).
    fn base_url(&self) -> String {
        let host = self
            .registry
            .rsplit_once(':')
            .map_or(self.registry.as_str(), |(h, p)| {
                if p.bytes().all(|b| b.is_ascii_digit()) {
                    h
                } else {
                    self.registry.as_str()
                }
            });
        let loopback = host == "localhost" || host.starts_with("127.") || host == "[::1]";
        format!(
            "{}://{}",
            if loopback { "http" } else { "https" },
            self.registry
        )
    }
}

/// One platform an image is built for.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Platform {
    pub os: String,
    pub architecture: String,
    pub variant: Option<String>,
}

impl Platform {
    fn from_json(value: &Value) -> Option<Platform> {
        let field = |name: &str| value.get(name).and_then(Value::as_str).map(str::to_owned);
        Some(Platform {
            os: field("os")?,
            architecture: field("architecture")?,
            variant: field("variant").filter(|v| !v.is_empty()),
        })
    }

    /// The ECS architecture that runs this platform, if any.
    pub fn cpu_architecture(&self) -> Option<CpuArchitecture> {
        match (self.os.as_str(), self.architecture.as_str()) {
            ("linux", "amd64") => Some(CpuArchitecture::X86_64),
            ("linux", "arm64") => Some(CpuArchitecture::Arm64),
            _ => None,
        }
    }
}

impl fmt::Display for Platform {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.os, self.architecture)?;
        if let Some(variant) = &self.variant {
            write!(f, "/{variant}")?;
        }
        Ok(())
    }
}

/// Why the platforms could not be read; the deploy goes on with a warning.
#[derive(Debug)]
pub struct Unreadable(pub String);

/// Reads the platforms of `image` from `base_url`, sending `basic` (base64 `user:password`)
/// when given, else fetching an anonymous token if the registry asks for one.
pub async fn read_platforms(
    http: &reqwest::Client,
    base_url: &str,
    image: &ImageRef,
    basic: Option<&str>,
) -> Result<Vec<Platform>, Unreadable> {
    let mut session = RegistrySession {
        http,
        base_url: base_url.trim_end_matches('/'),
        image,
        authorization: basic.map(|b| format!("Basic {b}")),
    };
    let manifest_path = format!("/v2/{}/manifests/{}", image.repository, image.reference);
    let (manifest, media_type) = session.get_json(&manifest_path, MANIFEST_TYPES).await?;
    let media_type = manifest
        .get("mediaType")
        .and_then(Value::as_str)
        .map(str::to_owned)
        .or(media_type)
        .unwrap_or_default();

    if let Some(entries) = manifest.get("manifests").and_then(Value::as_array) {
        // An index: build attestations are listed as `unknown/unknown`, not platforms.
        let platforms: BTreeSet<Platform> = entries
            .iter()
            .filter_map(|entry| entry.get("platform").and_then(Platform::from_json))
            .filter(|p| p.os != "unknown" && p.architecture != "unknown")
            .collect();
        return if platforms.is_empty() {
            Err(Unreadable(format!(
                "the image index ({media_type}) names no platform"
            )))
        } else {
            Ok(platforms.into_iter().collect())
        };
    }
    // Schema 1 manifests carry the architecture themselves.
    if manifest.get("schemaVersion").and_then(Value::as_u64) == Some(1) {
        let architecture = manifest.get("architecture").and_then(Value::as_str);
        return architecture
            .map(|a| {
                vec![Platform {
                    os: "linux".into(),
                    architecture: a.to_owned(),
                    variant: None,
                }]
            })
            .ok_or_else(|| Unreadable("a schema 1 manifest without an architecture".into()));
    }
    let digest = manifest
        .pointer("/config/digest")
        .and_then(Value::as_str)
        .ok_or_else(|| {
            Unreadable(format!(
                "the manifest ({media_type}) has neither platforms nor a config digest"
            ))
        })?;
    let blob_path = format!("/v2/{}/blobs/{digest}", image.repository);
    let (config, _) = session
        .get_json(
            &blob_path,
            "application/vnd.oci.image.config.v1+json, application/json",
        )
        .await?;
    Platform::from_json(&config)
        .map(|p| vec![p])
        .ok_or_else(|| Unreadable("the image config names no os and architecture".into()))
}

struct RegistrySession<'a> {
    http: &'a reqwest::Client,
    base_url: &'a str,
    image: &'a ImageRef,
    authorization: Option<String>,
}

impl RegistrySession<'_> {
    /// GETs a JSON document, answering one 401 bearer challenge on the way.
    async fn get_json(
        &mut self,
        path: &str,
        accept: &'static str,
    ) -> Result<(Value, Option<String>), Unreadable> {
        let url = format!("{}{path}", self.base_url);
        let mut response = self.send(&url, accept).await?;
        if response.status() == StatusCode::UNAUTHORIZED {
            let challenge = response
                .headers()
                .get(WWW_AUTHENTICATE)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned);
            match challenge.as_deref().and_then(bearer_challenge) {
                Some(challenge) if !self.has_bearer() => {
                    let token = self.anonymous_token(&challenge).await?;
                    self.authorization = Some(format!("Bearer {token}"));
                    response = self.send(&url, accept).await?;
                }
                _ => {}
            }
        }
        let status = response.status();
        if !status.is_success() {
            let body = read_limited(response).await.unwrap_or_default();
            return Err(Unreadable(describe_refusal(status, &body, self.image)));
        }
        let media_type = response
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(|v| v.split(';').next().unwrap_or(v).trim().to_owned());
        let body = read_limited(response).await?;
        let json = serde_json::from_slice(&body)
            .map_err(|e| Unreadable(format!("{url} did not answer JSON: {e}")))?;
        Ok((json, media_type))
    }

    fn has_bearer(&self) -> bool {
        self.authorization
            .as_deref()
            .is_some_and(|a| a.starts_with("Bearer "))
    }

    async fn send(&self, url: &str, accept: &'static str) -> Result<Response, Unreadable> {
        let mut request = self
            .http
            .get(url)
            .header(ACCEPT, HeaderValue::from_static(accept));
        if let Some(authorization) = &self.authorization {
            request = request.header(AUTHORIZATION, authorization);
        }
        request.send().await.map_err(|e| {
            Unreadable(format!(
                "cannot reach {}: {}",
                self.base_url,
                root_cause(&e)
            ))
        })
    }

    async fn anonymous_token(&self, challenge: &Challenge) -> Result<String, Unreadable> {
        let scope = challenge
            .scope
            .clone()
            .unwrap_or_else(|| format!("repository:{}:pull", self.image.repository));
        let mut query = vec![("scope", scope)];
        if let Some(service) = &challenge.service {
            query.push(("service", service.clone()));
        }
        let mut request = self.http.get(&challenge.realm).query(&query);
        // A Basic login (ECR) is exchanged for the token rather than dropped.
        if let Some(basic) = self
            .authorization
            .as_deref()
            .filter(|a| a.starts_with("Basic "))
        {
            request = request.header(AUTHORIZATION, basic);
        }
        let response = request.send().await.map_err(|e| {
            Unreadable(format!(
                "token service {}: {}",
                challenge.realm,
                root_cause(&e)
            ))
        })?;
        let status = response.status();
        let body = read_limited(response).await?;
        if !status.is_success() {
            return Err(Unreadable(format!(
                "token service {} answered {status}: the image is private or does not exist",
                challenge.realm
            )));
        }
        let json: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
        json.get("token")
            .or_else(|| json.get("access_token"))
            .and_then(Value::as_str)
            .map(str::to_owned)
            .ok_or_else(|| {
                Unreadable(format!(
                    "token service {} answered no token",
                    challenge.realm
                ))
            })
    }
}

/// The root cause of a transport failure (reqwest's outer layers repeat the URL).
fn root_cause(err: &reqwest::Error) -> String {
    if err.is_timeout() {
        return "timed out".into();
    }
    let mut cause: &dyn std::error::Error = err;
    while let Some(inner) = cause.source() {
        cause = inner;
    }
    cause.to_string()
}

async fn read_limited(mut response: Response) -> Result<Vec<u8>, Unreadable> {
    let mut body = Vec::new();
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|e| Unreadable(format!("reading the registry's answer: {}", root_cause(&e))))?
    {
        if body.len() + chunk.len() > MAX_DOCUMENT {
            return Err(Unreadable(format!(
                "the registry's answer is larger than {} MB",
                MAX_DOCUMENT >> 20
            )));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

fn describe_refusal(status: StatusCode, body: &[u8], image: &ImageRef) -> String {
    // Registries answer `{"errors":[{"code","message"}]}`.
    let detail = serde_json::from_slice::<Value>(body)
        .ok()
        .and_then(|v| {
            v.pointer("/errors/0").map(|e| {
                format!(
                    "{} {}",
                    e.get("code").and_then(Value::as_str).unwrap_or(""),
                    e.get("message").and_then(Value::as_str).unwrap_or("")
                )
                .trim()
                .to_owned()
            })
        })
        .unwrap_or_default();
    let what = match status {
        StatusCode::NOT_FOUND => format!(
            "{}/{}:{} does not exist",
            image.registry, image.repository, image.reference
        ),
        StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN => {
            "the registry refused to show it (private, or no pull permission)".to_owned()
        }
        StatusCode::TOO_MANY_REQUESTS => "the registry's pull rate limit was hit".to_owned(),
        other => format!("the registry answered {other}"),
    };
    if detail.is_empty() {
        what
    } else {
        format!("{what} ({detail})")
    }
}

/// A `WWW-Authenticate: Bearer realm="…",service="…",scope="…"` challenge.
#[derive(Debug, PartialEq, Eq)]
struct Challenge {
    realm: String,
    service: Option<String>,
    scope: Option<String>,
}

fn bearer_challenge(header: &str) -> Option<Challenge> {
    let (scheme, params) = header.trim().split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("bearer") {
        return None;
    }
    let mut realm = None;
    let mut service = None;
    let mut scope = None;
    let mut rest = params.trim();
    while !rest.is_empty() {
        let (key, after) = rest.split_once('=')?;
        let key = key.trim().to_ascii_lowercase();
        let after = after.trim_start();
        let (value, remainder) = if let Some(quoted) = after.strip_prefix('"') {
            let end = quoted.find('"')?;
            (&quoted[..end], &quoted[end + 1..])
        } else {
            let end = after.find(',').unwrap_or(after.len());
            (&after[..end], &after[end..])
        };
        match key.as_str() {
            "realm" => realm = Some(value.to_owned()),
            "service" => service = Some(value.to_owned()),
            "scope" => scope = Some(value.to_owned()),
            _ => {}
        }
        rest = remainder.trim_start().trim_start_matches(',').trim_start();
    }
    Some(Challenge {
        realm: realm?,
        service,
        scope,
    })
}

/// Where and how to read a private ECR image: the `proxyEndpoint` and Basic credentials
/// `GetAuthorizationToken` gives in the image's own region.
async fn ecr_login(aws: &Aws, ecr: &EcrImage) -> Result<(String, String), Unreadable> {
    let config =
        aws_sdk_ecr::config::Builder::default().region(aws_config::Region::new(ecr.region.clone()));
    let answer = aws
        .ecr
        .get_authorization_token()
        .customize()
        .config_override(config)
        .send()
        .await
        .map_err(|e| {
            Unreadable(format!(
                "ecr:GetAuthorizationToken in {}: {}",
                ecr.region,
                aws_sdk_ecr::error::DisplayErrorContext(&e)
            ))
        })?;
    let data = answer
        .authorization_data()
        .first()
        .ok_or_else(|| Unreadable("ecr:GetAuthorizationToken returned no data".into()))?;
    let token = data
        .authorization_token()
        .ok_or_else(|| Unreadable("ecr:GetAuthorizationToken returned no token".into()))?;
    let endpoint = data.proxy_endpoint().map(str::to_owned).unwrap_or_else(|| {
        format!(
            "https://{}.dkr.ecr.{}.amazonaws.com",
            ecr.account, ecr.region
        )
    });
    // The token is already base64 `AWS:<password>`, the Basic credentials themselves.
    if base64::engine::general_purpose::STANDARD
        .decode(token)
        .is_err()
    {
        return Err(Unreadable(
            "ecr:GetAuthorizationToken returned a token that is not base64".into(),
        ));
    }
    Ok((endpoint, token.to_owned()))
}

/// What the check found, for the plan's description and the deploy summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImageCheck {
    Platforms(Vec<Platform>),
    Unchecked(String),
}

impl ImageCheck {
    pub fn describe(&self) -> String {
        match self {
            ImageCheck::Platforms(platforms) => platforms
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", "),
            ImageCheck::Unchecked(why) => format!("not checked: {why}"),
        }
    }
}

/// Reads the image's platforms (with `aws` for a private ECR image) and applies them to the
/// plan: AgentCore needs `linux/arm64`; ECS gets the image's architecture when the user named
/// none, and a named one the image lacks is refused before anything is created.
pub async fn check(plan: &mut Plan, aws: Option<&Aws>) -> Result<()> {
    let Some(image) = plan.image.clone() else {
        return Ok(());
    };
    let found = inspect(&image, aws).await;
    let result = apply(plan, &image, &found);
    plan.image_check = Some(found);
    result
}

async fn inspect(image: &str, aws: Option<&Aws>) -> ImageCheck {
    let Some(reference) = ImageRef::parse(image) else {
        return ImageCheck::Unchecked(format!("{image} is not an image reference"));
    };
    let http = match reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(5))
        .timeout(Duration::from_secs(20))
        .user_agent(concat!("zscaler-mcp-deploy/", env!("CARGO_PKG_VERSION")))
        .build()
    {
        Ok(http) => http,
        Err(e) => return ImageCheck::Unchecked(format!("no HTTP client: {e}")),
    };
    let read = match EcrImage::parse(image) {
        Some(ecr) => match aws {
            None => Err(Unreadable(
                "a private ECR image needs an AWS identity to be read".into(),
            )),
            Some(aws) => match ecr_login(aws, &ecr).await {
                Ok((endpoint, basic)) => {
                    read_platforms(&http, &endpoint, &reference, Some(&basic)).await
                }
                Err(e) => Err(e),
            },
        },
        None => read_platforms(&http, &reference.base_url(), &reference, None).await,
    };
    match read {
        Ok(platforms) => ImageCheck::Platforms(platforms),
        Err(Unreadable(why)) => ImageCheck::Unchecked(why),
    }
}

/// The plan's consequences of what was found (pure, so every rule is unit-tested).
fn apply(plan: &mut Plan, image: &str, found: &ImageCheck) -> Result<()> {
    let platforms = match found {
        ImageCheck::Platforms(platforms) => platforms,
        ImageCheck::Unchecked(why) => {
            plan.warnings.push(match plan.topology {
                Topology::Ecs => format!(
                    "could not read the platforms of {image} ({why}); the ECS task runs {}: \
                     pass --cpu-architecture if the image is built for the other one",
                    plan.ecs
                        .as_ref()
                        .and_then(|e| e.cpu_architecture)
                        .map_or("the live service's architecture, else X86_64", |a| a
                            .as_ecs())
                ),
                _ => format!(
                    "could not read the platforms of {image} ({why}); AgentCore Runtime runs only \
                     linux/arm64 images"
                ),
            });
            return Ok(());
        }
    };
    let offered: BTreeSet<CpuArchitecture> = platforms
        .iter()
        .filter_map(Platform::cpu_architecture)
        .collect();
    let listed = found.describe();
    let rebuild = |arch: &str| {
        format!(
            "build and push one that includes it:\n\n  docker buildx build --platform {arch} -t {image} --push .\n"
        )
    };
    match plan.topology {
        Topology::Runtime | Topology::Gateway => {
            if !offered.contains(&CpuArchitecture::Arm64) {
                return Err(DeployError::Blocked(format!(
                    "{image} is built for {listed}, but AgentCore Runtime runs only linux/arm64 \
                     images; {}",
                    rebuild("linux/arm64")
                )));
            }
        }
        Topology::Ecs => {
            let Some(ecs) = plan.ecs.as_mut() else {
                return Ok(());
            };
            match ecs.cpu_architecture {
                Some(wanted) if !offered.contains(&wanted) => {
                    let fix = match offered.iter().next() {
                        Some(other) => format!(
                            "pass --cpu-architecture {} (CPU_ARCHITECTURE), or {}",
                            other.as_flag(),
                            rebuild(wanted.as_platform())
                        ),
                        None => rebuild(wanted.as_platform()),
                    };
                    return Err(DeployError::Blocked(format!(
                        "{image} is built for {listed}, not {}: {fix}",
                        wanted.as_platform()
                    )));
                }
                Some(_) => {}
                None => match offered.len() {
                    0 => {
                        return Err(DeployError::Blocked(format!(
                            "{image} is built for {listed}; ECS Express runs linux/amd64 or \
                             linux/arm64: {}",
                            rebuild("linux/amd64,linux/arm64")
                        )));
                    }
                    // One architecture: the task must run it.
                    1 => ecs.cpu_architecture = offered.iter().next().copied(),
                    // Both: keep a live service's architecture, else ECS's default.
                    _ => {}
                },
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_are_split_the_way_docker_reads_them() {
        let r = ImageRef::parse("ghcr.io/zscaler-mcp-rs/zscaler-mcp:0.4.0").unwrap();
        assert_eq!(
            (
                r.registry.as_str(),
                r.repository.as_str(),
                r.reference.as_str()
            ),
            ("ghcr.io", "zscaler-mcp-rs/zscaler-mcp", "0.4.0")
        );
        assert_eq!(r.base_url(), "https://ghcr.io");

        let r = ImageRef::parse("nginx").unwrap();
        assert_eq!(
            (
                r.registry.as_str(),
                r.repository.as_str(),
                r.reference.as_str()
            ),
            ("registry-1.docker.io", "library/nginx", "latest")
        );

        let r = ImageRef::parse("127.0.0.1:5000/team/app@sha256:abc").unwrap();
        assert_eq!(r.reference, "sha256:abc");
        assert_eq!(r.repository, "team/app");
        assert_eq!(r.base_url(), "http://127.0.0.1:5000");

        let r = ImageRef::parse("localhost:5000/app:1").unwrap();
        assert_eq!(r.base_url(), "http://localhost:5000");
        let r = ImageRef::parse("registry.example.com:5000/app:1").unwrap();
        assert_eq!(r.base_url(), "https://registry.example.com:5000");

        assert_eq!(ImageRef::parse("Upper/Case:1"), None);
        assert_eq!(ImageRef::parse("app:"), None);
        assert_eq!(ImageRef::parse(""), None);
    }

    #[test]
    fn bearer_challenges_are_read_with_quoted_and_bare_values() {
        let c = bearer_challenge(
            r#"Bearer realm="https://ghcr.io/token",service="ghcr.io",scope="repository:a/b:pull""#,
        )
        .unwrap();
        assert_eq!(c.realm, "https://ghcr.io/token");
        assert_eq!(c.service.as_deref(), Some("ghcr.io"));
        assert_eq!(c.scope.as_deref(), Some("repository:a/b:pull"));

        let c = bearer_challenge("bearer realm=https://x/token, service=x").unwrap();
        assert_eq!(c.realm, "https://x/token");
        assert_eq!(c.service.as_deref(), Some("x"));
        assert_eq!(c.scope, None);

        assert_eq!(bearer_challenge(r#"Basic realm="x""#), None);
        assert_eq!(bearer_challenge(r#"Bearer service="x""#), None);
        assert_eq!(bearer_challenge(r#"Bearer realm="unterminated"#), None);
    }

    fn platform(text: &str) -> Platform {
        let mut parts = text.split('/');
        Platform {
            os: parts.next().unwrap().into(),
            architecture: parts.next().unwrap().into(),
            variant: parts.next().map(Into::into),
        }
    }

    fn plan(topology: Topology, wanted: Option<CpuArchitecture>) -> Plan {
        crate::plan::tests::sample(topology, wanted)
    }

    #[test]
    fn an_amd64_only_image_is_refused_for_agentcore_with_the_build_command() {
        for topology in [Topology::Runtime, Topology::Gateway] {
            let mut p = plan(topology, None);
            let found = ImageCheck::Platforms(vec![platform("linux/amd64")]);
            let err = apply(&mut p, "img:1", &found).unwrap_err();
            assert_eq!(err.exit_code(), 7);
            let text = err.to_string();
            assert!(text.contains("built for linux/amd64"), "{text}");
            assert!(
                text.contains("docker buildx build --platform linux/arm64 -t img:1"),
                "{text}"
            );
        }
        let mut p = plan(Topology::Runtime, None);
        let found = ImageCheck::Platforms(vec![platform("linux/arm64/v8")]);
        apply(&mut p, "img:1", &found).unwrap();
    }

    #[test]
    fn ecs_takes_the_images_one_architecture_and_keeps_the_choice_open_for_two() {
        let mut p = plan(Topology::Ecs, None);
        let found = ImageCheck::Platforms(vec![
            platform("linux/arm64/v8"),
            platform("unknown/unknown"),
        ]);
        apply(&mut p, "img:1", &found).unwrap();
        assert_eq!(
            p.ecs.unwrap().cpu_architecture,
            Some(CpuArchitecture::Arm64)
        );

        let mut p = plan(Topology::Ecs, None);
        let both = ImageCheck::Platforms(vec![platform("linux/amd64"), platform("linux/arm64")]);
        apply(&mut p, "img:1", &both).unwrap();
        assert_eq!(p.ecs.unwrap().cpu_architecture, None);
    }

    #[test]
    fn ecs_refuses_a_named_architecture_the_image_lacks_and_names_the_one_it_has() {
        let mut p = plan(Topology::Ecs, Some(CpuArchitecture::Arm64));
        let found = ImageCheck::Platforms(vec![platform("linux/amd64")]);
        let text = apply(&mut p, "img:1", &found).unwrap_err().to_string();
        assert!(text.contains("not linux/arm64"), "{text}");
        assert!(text.contains("--cpu-architecture x86_64"), "{text}");

        let mut p = plan(Topology::Ecs, None);
        let found = ImageCheck::Platforms(vec![platform("windows/amd64")]);
        let text = apply(&mut p, "img:1", &found).unwrap_err().to_string();
        assert!(text.contains("windows/amd64"), "{text}");
    }

    #[test]
    fn an_unreadable_image_is_a_warning_not_a_refusal() {
        let mut p = plan(Topology::Runtime, None);
        apply(&mut p, "img:1", &ImageCheck::Unchecked("offline".into())).unwrap();
        assert!(
            p.warnings
                .iter()
                .any(|w| w.contains("offline") && w.contains("linux/arm64"))
        );

        let mut p = plan(Topology::Ecs, None);
        apply(&mut p, "img:1", &ImageCheck::Unchecked("offline".into())).unwrap();
        assert!(p.warnings.iter().any(|w| w.contains("--cpu-architecture")));
        assert_eq!(p.ecs.unwrap().cpu_architecture, None);
    }
}
