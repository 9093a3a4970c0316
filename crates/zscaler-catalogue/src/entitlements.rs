//! The services a OneAPI token entitles its client to, read from the token's `service-info`
//! claim (the token is not verified here: the OneAPI gateway does that; this only narrows the
//! tools offered so an agent is not shown tools that can only fail).

use base64::Engine as _;
use serde_json::Value;

use crate::model::Service;

/// The service a `service-info[].prd` value stands for, when we know it.
pub fn service_of(product: &str) -> Option<Service> {
    Some(match product.to_ascii_uppercase().as_str() {
        "ZIA" => Service::Zia,
        "ZPA" => Service::Zpa,
        "ZDX" => Service::Zdx,
        "ZCC" => Service::Zcc,
        "ZTW" | "CLOUD_CONNECTOR" => Service::Ztw,
        "ZIDENTITY" | "ZID" | "IDENTITY" | "ZIAM" => Service::Zid,
        "ZEASM" | "EASM" => Service::Easm,
        "ZINS" | "INSIGHTS" | "ZINSIGHTS" => Service::Zins,
        "ZMS" => Service::Zms,
        "ZCELL" | "ZCELLULAR" | "CELLULAR" => Service::Zcell,
        _ => return None,
    })
}

/// What a token says: the services it entitles, and product names we could not map.
#[derive(Debug, PartialEq, Eq)]
pub struct Entitlements {
    pub services: Vec<Service>,
    pub unknown: Vec<String>,
}

/// Reads `service-info` out of a JWT access token; `Err` says why it could not.
pub fn from_token(token: &str) -> Result<Entitlements, String> {
    let payload = token
        .split('.')
        .nth(1)
        .ok_or("the access token is not a JWT")?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .map_err(|_| "the access token's claims are not base64url")?;
    let claims: Value =
        serde_json::from_slice(&bytes).map_err(|_| "the access token's claims are not JSON")?;
    let info = claims
        .get("service-info")
        .and_then(Value::as_array)
        .ok_or("the access token has no service-info claim")?;
    let mut services = Vec::new();
    let mut unknown = Vec::new();
    for product in info
        .iter()
        .filter_map(|i| i.get("prd").and_then(Value::as_str))
    {
        match service_of(product) {
            Some(service) if !services.contains(&service) => services.push(service),
            Some(_) => {}
            None => unknown.push(product.to_owned()),
        }
    }
    services.sort();
    Ok(Entitlements { services, unknown })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token(claims: &str) -> String {
        let b64 = |s: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
        format!("{}.{}.sig", b64(r#"{"alg":"RS256"}"#), b64(claims))
    }

    #[test]
    fn reads_the_products_of_a_token() {
        let t = token(
            r#"{"service-info":[{"prd":"ZIA","rnm":"admin"},{"prd":"CLOUD_CONNECTOR"},{"prd":"ZTW"},{"prd":"ZNEW"}]}"#,
        );
        assert_eq!(
            from_token(&t),
            Ok(Entitlements {
                services: vec![Service::Zia, Service::Ztw],
                unknown: vec!["ZNEW".into()],
            })
        );
    }

    #[test]
    fn says_why_a_token_cannot_be_read() {
        assert!(from_token("opaque").unwrap_err().contains("not a JWT"));
        assert!(
            from_token(&token("{}"))
                .unwrap_err()
                .contains("no service-info")
        );
        assert!(from_token("a.!!!.c").unwrap_err().contains("base64url"));
    }
}
