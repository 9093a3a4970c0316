//! Reading credentials out of request headers; errors name the header, never its value.

use http::HeaderMap;

pub(crate) const AUTHORIZATION: &str = "Authorization";
pub(crate) const X_API_KEY: &str = "X-Api-Key";
pub(crate) const X_CLIENT_ID: &str = "X-Zscaler-Client-ID";
pub(crate) const X_CLIENT_SECRET: &str = "X-Zscaler-Client-Secret";
pub(crate) const X_VANITY: &str = "X-Zscaler-Vanity-Domain";
pub(crate) const X_CUSTOMER_ID: &str = "X-Zscaler-Customer-Id";

/// The `Authorization` header, split into its scheme and credentials.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Authorization<'a> {
    Absent,
    Bearer(&'a str),
    Basic(&'a str),
    /// Another scheme (named, for the reason text; it is not a secret).
    Other(String),
}

/// The one value of header `name`, trimmed; `None` when absent. Refuses repeated headers and
/// values that are not printable ASCII.
pub(crate) fn single<'a>(headers: &'a HeaderMap, name: &str) -> Result<Option<&'a str>, String> {
    let mut values = headers.get_all(name).iter();
    let Some(value) = values.next() else {
        return Ok(None);
    };
    if values.next().is_some() {
        return Err(format!("more than one {name} header"));
    }
    let text = value
        .to_str()
        .map_err(|_| format!("the {name} header is not printable ASCII"))?;
    Ok(Some(text.trim()))
}

pub(crate) fn authorization(headers: &HeaderMap) -> Result<Authorization<'_>, String> {
    let Some(value) = single(headers, AUTHORIZATION)? else {
        return Ok(Authorization::Absent);
    };
    let (scheme, rest) = value.split_once([' ', '\t']).unwrap_or((value, ""));
    let credentials = rest.trim();
    if scheme.eq_ignore_ascii_case("bearer") {
        if credentials.is_empty() {
            return Err("the Authorization header has an empty Bearer token".to_owned());
        }
        Ok(Authorization::Bearer(credentials))
    } else if scheme.eq_ignore_ascii_case("basic") {
        if credentials.is_empty() {
            return Err("the Authorization header has empty Basic credentials".to_owned());
        }
        Ok(Authorization::Basic(credentials))
    } else {
        let shown: String = scheme
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .take(20)
            .collect();
        Ok(Authorization::Other(shown))
    }
}

/// Whether the request carries any credential this crate knows of (for trusted-platform mode,
/// which admits only requests with none).
pub(crate) fn carries_any(headers: &HeaderMap) -> bool {
    [AUTHORIZATION, X_API_KEY, X_CLIENT_ID, X_CLIENT_SECRET]
        .iter()
        .any(|name| headers.contains_key(*name))
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (k, v) in pairs {
            map.append(*k, HeaderValue::from_static(v));
        }
        map
    }

    #[test]
    fn authorization_schemes_are_case_insensitive_and_checked() {
        let h = headers(&[("authorization", "bearer  abc ")]);
        assert_eq!(authorization(&h).unwrap(), Authorization::Bearer("abc"));
        let h = headers(&[("authorization", "BASIC eA==")]);
        assert_eq!(authorization(&h).unwrap(), Authorization::Basic("eA=="));
        let h = headers(&[("authorization", "Digest x=y")]);
        assert_eq!(
            authorization(&h).unwrap(),
            Authorization::Other("Digest".into())
        );
        let h = headers(&[("authorization", "Bearer")]);
        assert!(authorization(&h).unwrap_err().contains("empty Bearer"));
        let h = headers(&[("authorization", "Bearer a"), ("authorization", "Bearer b")]);
        assert_eq!(
            authorization(&h).unwrap_err(),
            "more than one Authorization header"
        );
        assert_eq!(
            authorization(&HeaderMap::new()).unwrap(),
            Authorization::Absent
        );
    }
}
