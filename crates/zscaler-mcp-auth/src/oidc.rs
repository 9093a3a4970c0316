//! `oidc` mode's start-up and metadata: the issuer's discovery document (fetched once, fail
//! closed) and this server's RFC 9728 protected-resource metadata.

use std::time::Duration;

use serde_json::{Value, json};
use url::Url;

use crate::error::AuthError;
use crate::jwks::fetch_json;
use crate::settings::{OidcSettings, check_fetch_url};

/// Where RFC 9728 metadata lives, before the resource's path.
pub(crate) const METADATA_PREFIX: &str = "/.well-known/oauth-protected-resource";
const DISCOVERY_SUFFIX: &str = "/.well-known/openid-configuration";

/// What discovery tells us.
pub(crate) struct Discovery {
    pub(crate) issuer: String,
    pub(crate) jwks_uri: Url,
}

pub(crate) async fn discover(
    http: &reqwest::Client,
    config_url: &Url,
    timeout: Duration,
) -> Result<Discovery, AuthError> {
    let failed = |message: String| AuthError::Discovery {
        url: config_url.to_string(),
        message,
    };
    let doc = fetch_json(http, config_url, timeout)
        .await
        .map_err(failed)?;
    let issuer = doc
        .get("issuer")
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .ok_or_else(|| failed("the document names no `issuer`".to_owned()))?
        .to_owned();
    let jwks_uri = doc
        .get("jwks_uri")
        .and_then(Value::as_str)
        .ok_or_else(|| failed("the document names no `jwks_uri`".to_owned()))?;
    let jwks_uri = Url::parse(jwks_uri)
        .map_err(|e| failed(format!("its jwks_uri `{jwks_uri}` is not a URL ({e})")))?;
    check_fetch_url("config_url", &jwks_uri).map_err(|e| failed(format!("its jwks_uri: {e}")))?;
    let expected = format!("{}{DISCOVERY_SUFFIX}", issuer.trim_end_matches('/'));
    if config_url.as_str().ends_with(DISCOVERY_SUFFIX) && expected != config_url.as_str() {
        tracing::warn!(
            %config_url,
            %issuer,
            "the discovery document's issuer does not match the URL it came from; tokens must \
             carry the document's issuer"
        );
    }
    Ok(Discovery { issuer, jwks_uri })
}

/// This server as an OAuth protected resource.
#[derive(Debug)]
pub(crate) struct ResourceServer {
    /// The canonical resource URI (no fragment, no trailing slash on a bare origin).
    pub(crate) resource: String,
    pub(crate) issuer: String,
    pub(crate) scopes: Vec<String>,
    /// The absolute URL of the metadata document, for `WWW-Authenticate`.
    pub(crate) metadata_url: String,
    /// Paths the metadata is served at (the spec's path-suffixed form first).
    pub(crate) metadata_paths: Vec<String>,
}

impl ResourceServer {
    pub(crate) fn new(
        settings: &OidcSettings,
        issuer: String,
    ) -> Result<ResourceServer, AuthError> {
        let url = &settings.resource;
        check_fetch_url("resource", url)?;
        if url.query().is_some() || url.fragment().is_some() {
            return Err(AuthError::setting(
                "resource",
                format!("{url}: the resource URL must not have a query or fragment"),
            ));
        }
        let path = url.path().trim_end_matches('/');
        if !path
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"/-._~".contains(&b))
        {
            return Err(AuthError::setting(
                "resource",
                format!("{url}: use only letters, digits and -._~ in the resource path"),
            ));
        }
        let origin = url.origin().ascii_serialization();
        let resource = format!("{origin}{path}");
        let primary = format!("{METADATA_PREFIX}{path}");
        let mut metadata_paths = vec![primary.clone()];
        for extra in [METADATA_PREFIX.to_owned(), format!("{METADATA_PREFIX}/mcp")] {
            if !metadata_paths.contains(&extra) {
                metadata_paths.push(extra);
            }
        }
        for scope in &settings.required_scopes {
            if scope.is_empty()
                || !scope
                    .bytes()
                    .all(|b| b.is_ascii_graphic() && b != b'"' && b != b'\\')
            {
                return Err(AuthError::setting(
                    "required_scopes",
                    format!(
                        "`{scope}` is not a scope token (printable ASCII, no spaces or quotes)"
                    ),
                ));
            }
        }
        Ok(ResourceServer {
            metadata_url: format!("{origin}{primary}"),
            resource,
            issuer,
            scopes: settings.required_scopes.clone(),
            metadata_paths,
        })
    }

    /// The audiences a token may carry: the resource (with or without a trailing slash) and the
    /// configured audience.
    pub(crate) fn audiences(&self, audience: Option<&str>) -> Vec<String> {
        let mut out = vec![self.resource.clone(), format!("{}/", self.resource)];
        if let Some(audience) = audience {
            out.push(audience.to_owned());
        }
        out
    }

    /// The RFC 9728 metadata document.
    pub(crate) fn metadata(&self) -> Value {
        let mut doc = json!({
            "resource": self.resource,
            "authorization_servers": [self.issuer],
            "bearer_methods_supported": ["header"],
            "resource_name": "Zscaler MCP server",
        });
        if !self.scopes.is_empty() {
            doc["scopes_supported"] = json!(self.scopes);
        }
        doc
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(resource: &str) -> OidcSettings {
        OidcSettings::new(
            Url::parse("https://idp.example.com/.well-known/openid-configuration").unwrap(),
            Url::parse(resource).unwrap(),
        )
    }

    #[test]
    fn metadata_lives_under_the_resource_path() {
        let mut s = settings("https://MCP.example.com/mcp/");
        s.required_scopes = vec!["mcp:tools".into()];
        let rs = ResourceServer::new(&s, "https://idp.example.com".into()).unwrap();
        assert_eq!(rs.resource, "https://mcp.example.com/mcp");
        assert_eq!(
            rs.metadata_url,
            "https://mcp.example.com/.well-known/oauth-protected-resource/mcp"
        );
        assert_eq!(
            rs.metadata_paths,
            vec![
                "/.well-known/oauth-protected-resource/mcp",
                "/.well-known/oauth-protected-resource"
            ]
        );
        assert_eq!(
            rs.metadata(),
            json!({"resource": "https://mcp.example.com/mcp",
                   "authorization_servers": ["https://idp.example.com"],
                   "bearer_methods_supported": ["header"],
                   "resource_name": "Zscaler MCP server",
                   "scopes_supported": ["mcp:tools"]})
        );
        let root = ResourceServer::new(&settings("https://mcp.example.com"), "i".into()).unwrap();
        assert_eq!(root.resource, "https://mcp.example.com");
        assert_eq!(root.metadata_paths[0], METADATA_PREFIX);
    }

    #[test]
    fn unusable_resources_and_scopes_are_refused() {
        let i = || "https://idp.example.com".to_owned();
        assert!(ResourceServer::new(&settings("http://mcp.example.com/mcp"), i()).is_err());
        assert!(ResourceServer::new(&settings("https://mcp.example.com/mcp?x=1"), i()).is_err());
        assert!(ResourceServer::new(&settings("https://mcp.example.com/m{x}"), i()).is_err());
        let mut s = settings("https://mcp.example.com/mcp");
        s.required_scopes = vec!["two words".into()];
        assert!(ResourceServer::new(&s, i()).is_err());
    }
}
