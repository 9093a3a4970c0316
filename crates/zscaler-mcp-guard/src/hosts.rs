//! The Host allowlist (DNS-rebinding defence): which names a request may address this server by.
//!
//! A pattern is a shell-style glob for the host, optionally followed by `:port` or `:*`;
//! without a port it matches any port. `*` alone matches every host.

use glob::{MatchOptions, Pattern};

use crate::GuardError;

const CASE_INSENSITIVE: MatchOptions = MatchOptions {
    case_sensitive: false,
    require_literal_separator: false,
    require_literal_leading_dot: false,
};

#[derive(Debug, Clone)]
enum PortRule {
    Any,
    Exact(u16),
}

#[derive(Debug, Clone)]
struct HostPattern {
    host: Pattern,
    port: PortRule,
}

/// Which `Host` values are accepted. `None` in the settings means no check at all.
#[derive(Debug, Clone)]
pub struct HostAllowlist {
    patterns: Vec<HostPattern>,
    shown: Vec<String>,
}

impl HostAllowlist {
    /// Parses comma-free patterns (the caller splits the list). Errors name the pattern.
    pub fn parse<S: AsRef<str>>(patterns: &[S]) -> Result<HostAllowlist, GuardError> {
        let mut parsed = Vec::new();
        let mut shown = Vec::new();
        for raw in patterns {
            let raw = raw.as_ref().trim();
            if raw.is_empty() {
                continue;
            }
            let (host, port) = split_authority(raw);
            let port = match port {
                None | Some("*") => PortRule::Any,
                Some(port) => PortRule::Exact(port.parse().map_err(|_| GuardError::Pattern {
                    setting: "ZSCALER_MCP_ALLOWED_HOSTS",
                    value: raw.to_owned(),
                    reason: format!("`{port}` is not a port number or `*`"),
                })?),
            };
            let host =
                Pattern::new(&host.to_ascii_lowercase()).map_err(|e| GuardError::Pattern {
                    setting: "ZSCALER_MCP_ALLOWED_HOSTS",
                    value: raw.to_owned(),
                    reason: e.to_string(),
                })?;
            parsed.push(HostPattern { host, port });
            shown.push(raw.to_owned());
        }
        if parsed.is_empty() {
            return Err(GuardError::Pattern {
                setting: "ZSCALER_MCP_ALLOWED_HOSTS",
                value: String::new(),
                reason: "the list is empty; name at least one host, or disable the check".into(),
            });
        }
        Ok(HostAllowlist {
            patterns: parsed,
            shown,
        })
    }

    /// Whether `authority` (a `Host` header value or an HTTP/2 `:authority`) is allowed.
    pub fn allows(&self, authority: &str) -> bool {
        let (host, port) = split_authority(authority.trim());
        let port = match port.map(str::parse::<u16>) {
            Some(Ok(port)) => Some(port),
            Some(Err(_)) => return false,
            None => None,
        };
        let host = host.to_ascii_lowercase();
        self.patterns.iter().any(|p| {
            p.host.matches_with(&host, CASE_INSENSITIVE)
                && match p.port {
                    PortRule::Any => true,
                    PortRule::Exact(want) => port == Some(want),
                }
        })
    }

    /// The patterns as configured, for start-up logs.
    pub fn patterns(&self) -> &[String] {
        &self.shown
    }
}

/// Splits `host[:port]`, `[v6][:port]` or a bare IPv6 address into host and port.
fn split_authority(value: &str) -> (&str, Option<&str>) {
    if let Some(rest) = value.strip_prefix('[') {
        return match rest.split_once(']') {
            Some((host, tail)) => (host, tail.strip_prefix(':')),
            None => (value, None),
        };
    }
    match value.rsplit_once(':') {
        // Two or more colons without brackets: a bare IPv6 address, no port.
        Some((host, _)) if host.contains(':') => (value, None),
        Some((host, port)) => (host, Some(port)),
        None => (value, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(patterns: &[&str]) -> HostAllowlist {
        HostAllowlist::parse(patterns).unwrap()
    }

    #[test]
    fn bare_host_matches_any_port_and_case() {
        let hosts = list(&["mcp.acme.com"]);
        assert!(hosts.allows("mcp.acme.com"));
        assert!(hosts.allows("MCP.Acme.com:8443"));
        assert!(!hosts.allows("evil.com"));
        assert!(!hosts.allows("mcp.acme.com.evil.com"));
    }

    #[test]
    fn ports_and_wildcards() {
        let hosts = list(&["api.acme.com:8443", "*.run.app", "10.0.0.5:*"]);
        assert!(hosts.allows("api.acme.com:8443"));
        assert!(!hosts.allows("api.acme.com:80"));
        assert!(!hosts.allows("api.acme.com"));
        assert!(hosts.allows("svc-123.a.run.app"));
        assert!(!hosts.allows("run.app"));
        assert!(hosts.allows("10.0.0.5:9000"));
        assert!(!hosts.allows("10.0.0.5:notaport"));
    }

    #[test]
    fn ipv6_forms() {
        let hosts = list(&["::1", "[fd00::1]:8000"]);
        assert!(hosts.allows("[::1]:8000"));
        assert!(hosts.allows("[::1]"));
        assert!(hosts.allows("[fd00::1]:8000"));
        assert!(!hosts.allows("[fd00::1]:9000"));
    }

    #[test]
    fn bad_patterns_are_named() {
        let err = HostAllowlist::parse(&["mcp.acme.com:http"]).unwrap_err();
        assert!(err.to_string().contains("mcp.acme.com:http"), "{err}");
        let err = HostAllowlist::parse(&["[abc"]).unwrap_err();
        assert!(err.to_string().contains("[abc"), "{err}");
        assert!(HostAllowlist::parse::<&str>(&[]).is_err());
    }
}
