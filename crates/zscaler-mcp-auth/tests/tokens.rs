//! jwt and oidc modes against a real JWKS and discovery server on loopback.

mod common;

use std::time::Duration;

use common::{
    Idp, SigningKey, bearer, bounded, claims, closed_port, headers, http, now, raw_token,
};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::json;
use url::Url;
use zscaler_mcp_auth::{
    AuthError, AuthMode, AuthSettings, Authenticator, JwtSettings, OidcSettings, Rejection,
    metadata_router,
};

const AUD: &str = "zscaler-mcp-server";

fn jwt_settings(idp: &Idp) -> JwtSettings {
    let mut s = JwtSettings::new(idp.jwks_uri());
    s.issuer = Some(idp.issuer());
    s
}

async fn jwt_auth(settings: JwtSettings) -> Authenticator {
    Authenticator::new(AuthSettings::new(AuthMode::Jwt(settings)), http())
        .await
        .unwrap()
}

async fn refused(auth: &Authenticator, token: &str) -> Rejection {
    auth.authenticate(&bearer(token))
        .await
        .expect_err("the token should be refused")
}

fn invalid_token_challenge(reason: &str) -> String {
    format!("Bearer realm=\"zscaler-mcp\", error=\"invalid_token\", error_description=\"{reason}\"")
}

#[tokio::test]
async fn valid_rs256_and_es256_tokens_are_accepted() {
    bounded(async {
        let rsa = SigningKey::rsa("rsa-1");
        let ec = SigningKey::ec("ec-1");
        let idp = Idp::start(&[&rsa, &ec]).await;
        let auth = jwt_auth(jwt_settings(&idp)).await;

        let mut c = claims("alice", &idp.issuer(), AUD);
        c["scope"] = json!("mcp:read mcp:write");
        let principal = auth.authenticate(&bearer(&rsa.sign(&c))).await.unwrap();
        assert_eq!(principal.subject, "alice");
        assert_eq!(principal.mode, "jwt");
        assert_eq!(principal.scopes, vec!["mcp:read", "mcp:write"]);
        assert!(principal.caller_credentials.is_none());

        let c = claims("bob", &idp.issuer(), AUD);
        let principal = auth.authenticate(&bearer(&ec.sign(&c))).await.unwrap();
        assert_eq!(principal.subject, "bob");

        // aud as an array naming us among others is fine.
        let mut c = claims("carol", &idp.issuer(), AUD);
        c["aud"] = json!(["other-api", AUD]);
        assert_eq!(
            auth.authenticate(&bearer(&rsa.sign(&c)))
                .await
                .unwrap()
                .subject,
            "carol"
        );
        // Without kid, the key is found by type.
        let c = claims("dave", &idp.issuer(), AUD);
        let token = ec.sign_as(&c, None);
        assert_eq!(
            auth.authenticate(&bearer(&token)).await.unwrap().subject,
            "dave"
        );
        // The keys were fetched once, at start.
        assert_eq!(idp.fetches(), 1);
    })
    .await;
}

#[tokio::test]
async fn time_issuer_and_audience_are_checked() {
    bounded(async {
        let rsa = SigningKey::rsa("rsa-1");
        let idp = Idp::start(&[&rsa]).await;
        let auth = jwt_auth(jwt_settings(&idp)).await;
        let iss = idp.issuer();

        let mut expired = claims("alice", &iss, AUD);
        expired["exp"] = json!(now() - 3600);
        let r = refused(&auth, &rsa.sign(&expired)).await;
        assert_eq!(r.status, 401);
        assert_eq!(r.reason, "token expired");
        assert_eq!(r.www_authenticate, invalid_token_challenge("token expired"));
        assert_eq!(r.message(), "Unauthorized: token expired");

        let mut early = claims("alice", &iss, AUD);
        early["nbf"] = json!(now() + 3600);
        assert_eq!(
            refused(&auth, &rsa.sign(&early)).await.reason,
            "token not yet valid"
        );

        let wrong_iss = claims("alice", "https://evil.example.com", AUD);
        assert_eq!(
            refused(&auth, &rsa.sign(&wrong_iss)).await.reason,
            "wrong issuer"
        );

        let wrong_aud = claims("alice", &iss, "some-other-api");
        assert_eq!(
            refused(&auth, &rsa.sign(&wrong_aud)).await.reason,
            "wrong audience"
        );

        let mut no_aud = claims("alice", &iss, AUD);
        no_aud.as_object_mut().unwrap().remove("aud");
        assert_eq!(
            refused(&auth, &rsa.sign(&no_aud)).await.reason,
            "token has no aud claim"
        );

        let mut no_exp = claims("alice", &iss, AUD);
        no_exp.as_object_mut().unwrap().remove("exp");
        assert_eq!(
            refused(&auth, &rsa.sign(&no_exp)).await.reason,
            "token has no exp claim"
        );

        let mut no_sub = claims("alice", &iss, AUD);
        no_sub.as_object_mut().unwrap().remove("sub");
        assert_eq!(
            refused(&auth, &rsa.sign(&no_sub)).await.reason,
            "token has no sub claim"
        );

        // Without a configured audience, any audience passes (and none is needed).
        let mut any_aud = jwt_settings(&idp);
        any_aud.audience = None;
        let lax = jwt_auth(any_aud).await;
        assert!(
            lax.authenticate(&bearer(&rsa.sign(&wrong_aud)))
                .await
                .is_ok()
        );
        assert!(lax.authenticate(&bearer(&rsa.sign(&no_aud))).await.is_ok());
    })
    .await;
}

#[tokio::test]
async fn forged_and_confused_tokens_are_refused() {
    bounded(async {
        let rsa = SigningKey::rsa("rsa-1");
        let ec = SigningKey::ec("ec-1");
        let idp = Idp::start(&[&rsa, &ec]).await;
        let auth = jwt_auth(jwt_settings(&idp)).await;
        let c = claims("mallory", &idp.issuer(), AUD);

        // alg: none, with and without a signature.
        let none = raw_token(&json!({"alg": "none", "typ": "JWT"}), &c, b"");
        assert!(none.ends_with('.'));
        assert_eq!(
            refused(&auth, &none).await.reason,
            "algorithm none not allowed"
        );
        let none_signed = raw_token(&json!({"alg": "none", "kid": "rsa-1"}), &c, b"x");
        assert_eq!(
            refused(&auth, &none_signed).await.reason,
            "algorithm none not allowed"
        );

        // HS256 with the RSA public key as the HMAC secret: the classic key-type confusion.
        let mut header = Header::new(Algorithm::HS256);
        header.kid = Some("rsa-1".into());
        let confused = jsonwebtoken::encode(
            &header,
            &c,
            &EncodingKey::from_secret(rsa.public_pem.as_bytes()),
        )
        .unwrap();
        let r = refused(&auth, &confused).await;
        assert_eq!(r.reason, "algorithm HS256 not allowed");
        assert_eq!(
            r.www_authenticate,
            invalid_token_challenge("algorithm HS256 not allowed")
        );

        // An allowed algorithm that does not match the key the kid names.
        let mismatched = ec.sign_as(&c, Some("rsa-1"));
        assert_eq!(
            refused(&auth, &mismatched).await.reason,
            "algorithm ES256 does not match the signing key"
        );

        // An algorithm outside the allowlist even though the key type fits.
        let mut rs384 = Header::new(Algorithm::RS384);
        rs384.kid = Some("rsa-1".into());
        let token = raw_token(&serde_json::to_value(&rs384).unwrap(), &c, b"sig");
        assert_eq!(
            refused(&auth, &token).await.reason,
            "algorithm RS384 not allowed"
        );

        // A valid token whose payload was changed after signing.
        let good = rsa.sign(&c);
        let parts: Vec<&str> = good.split('.').collect();
        let mut admin = c.clone();
        admin["sub"] = json!("admin");
        let forged = format!(
            "{}.{}.{}",
            parts[0],
            raw_token(&json!({}), &admin, b"")
                .split('.')
                .nth(1)
                .unwrap(),
            parts[2]
        );
        assert_eq!(refused(&auth, &forged).await.reason, "invalid signature");

        // Signed by a key the JWKS does not publish, under a published kid.
        let stranger = SigningKey::rsa("rsa-1");
        assert_eq!(
            refused(&auth, &stranger.sign(&c)).await.reason,
            "invalid signature"
        );

        // Shared-secret algorithms cannot even be configured.
        let mut hs = jwt_settings(&idp);
        hs.algorithms = vec![Algorithm::RS256, Algorithm::HS256];
        let err = Authenticator::new(AuthSettings::new(AuthMode::Jwt(hs)), http())
            .await
            .unwrap_err();
        assert_eq!(err.setting_name(), Some("algorithms"));
        assert!(
            err.to_string()
                .contains("HS256 is a shared-secret algorithm")
        );
    })
    .await;
}

#[tokio::test]
async fn bad_headers_get_a_clear_reason_and_the_right_challenge() {
    bounded(async {
        let rsa = SigningKey::rsa("rsa-1");
        let idp = Idp::start(&[&rsa]).await;
        let auth = jwt_auth(jwt_settings(&idp)).await;

        let missing = auth.authenticate(&headers(&[])).await.unwrap_err();
        assert_eq!(missing.status, 401);
        assert_eq!(missing.www_authenticate, "Bearer realm=\"zscaler-mcp\"");
        assert!(missing.reason.starts_with("missing bearer token"));

        for (value, reason) in [
            ("Bearer not-a-jwt", "malformed token"),
            ("Bearer a.b", "malformed token"),
            ("Bearer !!!.???.***", "malformed token"),
            (
                "Basic dXNlcjpwYXNz",
                "expected `Authorization: Bearer <token>`, got Basic credentials",
            ),
            (
                "Token abc",
                "expected `Authorization: Bearer <token>`, got the `Token` scheme",
            ),
            (
                "Bearer ",
                "the Authorization header has an empty Bearer token",
            ),
        ] {
            let r = auth
                .authenticate(&headers(&[("authorization", value)]))
                .await
                .unwrap_err();
            assert_eq!(r.reason, reason, "{value}");
            assert_eq!(r.www_authenticate, invalid_token_challenge(reason));
        }
        let two = headers(&[("authorization", "Bearer a"), ("authorization", "Bearer b")]);
        assert_eq!(
            auth.authenticate(&two).await.unwrap_err().reason,
            "more than one Authorization header"
        );
    })
    .await;
}

#[tokio::test]
async fn an_unknown_kid_refetches_once_so_rotated_keys_work() {
    bounded(async {
        let old = SigningKey::rsa("2024");
        let new = SigningKey::ec("2025");
        let idp = Idp::start(&[&old]).await;
        let mut settings = jwt_settings(&idp);
        settings.jwks.min_refresh_interval = Duration::from_millis(500);
        let auth = jwt_auth(settings).await;
        assert_eq!(idp.fetches(), 1);
        let c = claims("alice", &idp.issuer(), AUD);
        auth.authenticate(&bearer(&old.sign(&c))).await.unwrap();
        assert_eq!(idp.fetches(), 1);

        // The issuer rotates; a token signed with the new key arrives.
        idp.publish(&[&old, &new]);
        tokio::time::sleep(Duration::from_millis(700)).await;
        let principal = auth.authenticate(&bearer(&new.sign(&c))).await.unwrap();
        assert_eq!(principal.subject, "alice");
        assert_eq!(idp.fetches(), 2, "one refetch for the unknown kid");
        auth.authenticate(&bearer(&new.sign(&c))).await.unwrap();
        auth.authenticate(&bearer(&old.sign(&c))).await.unwrap();
        assert_eq!(idp.fetches(), 2, "known keys need no fetch");

        // The old key is withdrawn: once the cache learns it, its tokens stop working.
        idp.publish(&[&new]);
        tokio::time::sleep(Duration::from_millis(700)).await;
        let unknown = SigningKey::rsa("never-published");
        assert_eq!(
            refused(&auth, &unknown.sign(&c)).await.reason,
            "unknown signing key"
        );
        assert_eq!(idp.fetches(), 3);
        assert_eq!(
            refused(&auth, &old.sign(&c)).await.reason,
            "unknown signing key"
        );
    })
    .await;
}

#[tokio::test]
async fn a_flood_of_unknown_kids_does_not_cause_a_fetch_each() {
    bounded(async {
        let key = SigningKey::rsa("k1");
        let idp = Idp::start(&[&key]).await;
        let mut settings = jwt_settings(&idp);
        settings.jwks.min_refresh_interval = Duration::from_secs(300);
        let auth = jwt_auth(settings).await;
        let c = claims("alice", &idp.issuer(), AUD);
        let forger = SigningKey::rsa("x");

        let mut tasks = Vec::new();
        for i in 0..20 {
            let auth = auth.clone();
            let token = forger.sign_as(&c, Some(&format!("forged-{i}")));
            tasks.push(tokio::spawn(async move {
                auth.authenticate(&bearer(&token)).await
            }));
        }
        for task in tasks {
            assert_eq!(
                task.await.unwrap().unwrap_err().reason,
                "unknown signing key"
            );
        }
        assert_eq!(idp.fetches(), 1, "only the start-up fetch");
        // Known keys keep working meanwhile.
        auth.authenticate(&bearer(&key.sign(&c))).await.unwrap();
        assert_eq!(auth.jwks_fetches(), Some(1));
    })
    .await;
}

#[tokio::test]
async fn keys_that_cannot_be_refreshed_are_kept_for_a_while() {
    bounded(async {
        let key = SigningKey::rsa("k1");
        let idp = Idp::start(&[&key]).await;
        let mut settings = jwt_settings(&idp);
        settings.jwks.cache_ttl = Duration::ZERO;
        settings.jwks.min_refresh_interval = Duration::ZERO;
        let auth = jwt_auth(settings).await;
        let c = claims("alice", &idp.issuer(), AUD);
        auth.authenticate(&bearer(&key.sign(&c))).await.unwrap();
        let before = idp.fetches();
        assert!(before >= 2, "an expired cache is fetched again");
        // The JWKS host breaks (serves nothing usable): the last good keys still verify.
        idp.publish(&[]);
        auth.authenticate(&bearer(&key.sign(&c))).await.unwrap();
        assert!(idp.fetches() > before);
    })
    .await;
}

#[tokio::test]
async fn an_unreachable_jwks_admits_no_one() {
    bounded(async {
        let addr = closed_port().await;
        let uri = Url::parse(&format!("http://{addr}/jwks.json")).unwrap();
        let mut settings = JwtSettings::new(uri);
        settings.jwks.min_refresh_interval = Duration::ZERO;
        // Start-up only warns: the keys may come back.
        let auth = jwt_auth(settings).await;
        let key = SigningKey::rsa("k1");
        let token = key.sign(&claims("alice", "x", AUD));
        let r = refused(&auth, &token).await;
        assert_eq!(r.status, 401);
        assert_eq!(
            r.reason,
            "signing keys unavailable: the JWKS could not be fetched"
        );

        let plain = JwtSettings::new(Url::parse("http://idp.example.com/jwks.json").unwrap());
        let err = Authenticator::new(AuthSettings::new(AuthMode::Jwt(plain)), http())
            .await
            .unwrap_err();
        assert_eq!(err.setting_name(), Some("jwks_uri"));
        assert!(err.to_string().contains("plain http"), "{err}");
    })
    .await;
}

fn oidc_settings(idp: &Idp, resource: &str) -> OidcSettings {
    OidcSettings::new(idp.config_url(), Url::parse(resource).unwrap())
}

async fn oidc_auth(settings: OidcSettings) -> Result<Authenticator, AuthError> {
    Authenticator::new(AuthSettings::new(AuthMode::Oidc(settings)), http()).await
}

#[tokio::test]
async fn oidc_accepts_tokens_for_this_resource_and_serves_its_metadata() {
    bounded(async {
        let key = SigningKey::rsa("k1");
        let idp = Idp::start(&[&key]).await;
        let resource = "https://mcp.acme.com/mcp";
        let mut settings = oidc_settings(&idp, resource);
        settings.audience = Some("mcp-client-id".into());
        settings.required_scopes = vec!["mcp:tools".into()];
        let auth = oidc_auth(settings).await.unwrap();
        assert_eq!(auth.mode(), "oidc");

        let meta_url = "https://mcp.acme.com/.well-known/oauth-protected-resource/mcp";
        assert_eq!(auth.protected_resource_metadata_url(), Some(meta_url));
        let expected = json!({
            "resource": resource,
            "authorization_servers": [idp.issuer()],
            "bearer_methods_supported": ["header"],
            "resource_name": "Zscaler MCP server",
            "scopes_supported": ["mcp:tools"],
        });
        assert_eq!(auth.protected_resource_metadata(), Some(expected.clone()));

        // The metadata router serves it, over real HTTP, at both well-known forms.
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let server = tokio::spawn(async move {
            axum::serve(listener, metadata_router(&auth)).await.unwrap();
        });
        for path in [
            "/.well-known/oauth-protected-resource/mcp",
            "/.well-known/oauth-protected-resource",
        ] {
            let resp = http()
                .get(format!("http://{addr}{path}"))
                .send()
                .await
                .unwrap();
            assert_eq!(resp.status(), 200, "{path}");
            assert!(
                resp.headers()["content-type"]
                    .to_str()
                    .unwrap()
                    .starts_with("application/json")
            );
            assert_eq!(resp.json::<serde_json::Value>().await.unwrap(), expected);
        }
        server.abort();

        let auth = {
            let mut settings = oidc_settings(&idp, resource);
            settings.audience = Some("mcp-client-id".into());
            settings.required_scopes = vec!["mcp:tools".into()];
            oidc_auth(settings).await.unwrap()
        };
        let iss = idp.issuer();
        for aud in [
            json!(resource),
            json!("mcp-client-id"),
            json!(["x", resource]),
        ] {
            let mut c = claims("alice", &iss, "");
            c["aud"] = aud.clone();
            c["scp"] = json!(["mcp:tools", "other"]);
            let p = auth.authenticate(&bearer(&key.sign(&c))).await.unwrap();
            assert_eq!(p.subject, "alice", "aud {aud}");
            assert_eq!(p.mode, "oidc");
            assert_eq!(p.scopes, vec!["mcp:tools", "other"]);
        }
        let mut c = claims("alice", &iss, "https://other.example.com/mcp");
        c["scope"] = json!("mcp:tools");
        let r = refused(&auth, &key.sign(&c)).await;
        assert_eq!(r.reason, "wrong audience");
        assert_eq!(
            r.www_authenticate,
            format!(
                "Bearer resource_metadata=\"{meta_url}\", error=\"invalid_token\", \
                 error_description=\"wrong audience\", scope=\"mcp:tools\""
            )
        );
        let mut c = claims("alice", "https://evil.example.com", resource);
        c["scope"] = json!("mcp:tools");
        assert_eq!(refused(&auth, &key.sign(&c)).await.reason, "wrong issuer");

        let missing = auth.authenticate(&headers(&[])).await.unwrap_err();
        assert_eq!(missing.status, 401);
        assert_eq!(
            missing.www_authenticate,
            format!("Bearer resource_metadata=\"{meta_url}\", scope=\"mcp:tools\"")
        );
    })
    .await;
}

#[tokio::test]
async fn oidc_refuses_a_token_without_the_required_scopes_with_403() {
    bounded(async {
        let key = SigningKey::ec("k1");
        let idp = Idp::start(&[&key]).await;
        let resource = format!("http://{}/mcp", idp.addr);
        let mut settings = oidc_settings(&idp, &resource);
        settings.required_scopes = vec!["mcp:tools".into(), "mcp:admin".into()];
        let auth = oidc_auth(settings).await.unwrap();

        let mut c = claims("alice", &idp.issuer(), &resource);
        c["scope"] = json!("mcp:tools openid");
        let r = refused(&auth, &key.sign(&c)).await;
        assert_eq!(r.status, 403);
        assert_eq!(r.reason, "the token lacks the required scope mcp:admin");
        assert_eq!(
            r.message(),
            "Forbidden: the token lacks the required scope mcp:admin"
        );
        let challenge = r.www_authenticate.to_str().unwrap();
        assert!(
            challenge.starts_with(&format!(
                "Bearer resource_metadata=\"http://{}/.well-known/oauth-protected-resource/mcp\"",
                idp.addr
            )),
            "{challenge}"
        );
        assert!(
            challenge.contains("error=\"insufficient_scope\""),
            "{challenge}"
        );
        assert!(
            challenge.contains("scope=\"mcp:tools mcp:admin\""),
            "{challenge}"
        );

        c["scope"] = json!("mcp:admin mcp:tools");
        assert!(auth.authenticate(&bearer(&key.sign(&c))).await.is_ok());
    })
    .await;
}

#[tokio::test]
async fn oidc_fails_at_start_when_discovery_cannot_be_used() {
    bounded(async {
        let addr = closed_port().await;
        let unreachable = OidcSettings::new(
            Url::parse(&format!("http://{addr}/.well-known/openid-configuration")).unwrap(),
            Url::parse("https://mcp.acme.com/mcp").unwrap(),
        );
        match oidc_auth(unreachable).await.unwrap_err() {
            AuthError::Discovery { url, message } => {
                assert!(url.contains(&addr.to_string()));
                assert!(message.contains("failed"), "{message}");
            }
            other => panic!("expected a discovery error, got {other:?}"),
        }

        let key = SigningKey::rsa("k1");
        let idp = Idp::start(&[&key]).await;
        idp.set_discovery(json!({"issuer": idp.issuer()}));
        let err = oidc_auth(oidc_settings(&idp, "https://mcp.acme.com/mcp"))
            .await
            .unwrap_err();
        assert!(err.to_string().contains("no `jwks_uri`"), "{err}");

        idp.set_discovery(json!({"issuer": idp.issuer(), "jwks_uri": "http://keys.example.com/"}));
        let err = oidc_auth(oidc_settings(&idp, "https://mcp.acme.com/mcp"))
            .await
            .unwrap_err();
        assert!(err.to_string().contains("plain http"), "{err}");

        let mut wrong = oidc_settings(&idp, "https://mcp.acme.com/mcp");
        wrong.config_url = Url::parse(&format!("http://{}/nothing-here", idp.addr)).unwrap();
        let err = oidc_auth(wrong).await.unwrap_err();
        assert!(err.to_string().contains("answered HTTP 404"), "{err}");

        // Trusting the platform makes no sense for bearer tokens.
        let mut s = AuthSettings::new(AuthMode::Jwt(JwtSettings::new(idp.jwks_uri())));
        s.trust_platform_auth = true;
        let err = Authenticator::new(s, http()).await.unwrap_err();
        assert_eq!(err.setting_name(), Some("trust_platform_auth"));
    })
    .await;
}
