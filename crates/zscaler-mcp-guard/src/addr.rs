//! Who is calling, by network address: IP and CIDR lists (v4 and v6), and the client address of
//! a request, read from `X-Forwarded-For` only when the peer is a trusted proxy.

use std::net::IpAddr;

use http::HeaderMap;
use ipnet::IpNet;

use crate::GuardError;

/// A list of networks, parsed from `203.0.113.5,198.51.100.0/24,2001:db8::/32` or `*`.
#[derive(Debug, Clone, Default)]
pub struct NetList {
    nets: Vec<IpNet>,
}

impl NetList {
    /// `setting` names the variable in errors.
    pub fn parse<S: AsRef<str>>(setting: &'static str, items: &[S]) -> Result<NetList, GuardError> {
        let mut nets = Vec::new();
        for raw in items {
            let item = raw.as_ref().trim();
            if item.is_empty() {
                continue;
            }
            if item == "*" {
                nets.push("0.0.0.0/0".parse().expect("valid literal"));
                nets.push("::/0".parse().expect("valid literal"));
                continue;
            }
            let net = match item.parse::<IpNet>() {
                Ok(net) => net.trunc(),
                Err(_) => match item.parse::<IpAddr>() {
                    Ok(ip) => IpNet::from(ip),
                    Err(_) => {
                        return Err(GuardError::Pattern {
                            setting,
                            value: item.to_owned(),
                            reason: "not an IP address or CIDR (e.g. 203.0.113.5, 10.0.0.0/8, 2001:db8::/32)".into(),
                        });
                    }
                },
            };
            nets.push(net);
        }
        Ok(NetList { nets })
    }

    pub fn is_empty(&self) -> bool {
        self.nets.is_empty()
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = ip.to_canonical();
        self.nets.iter().any(|net| net.contains(&ip))
    }
}

/// The client address of a request, once resolved; inserted into request extensions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddr(pub IpAddr);

/// Why a client address could not be determined.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unresolved {
    /// The transport did not say who the peer is.
    NoPeer,
    /// A trusted proxy forwarded a value that is not an address.
    BadForwardedFor(String),
}

/// The client's address: the peer itself, unless the peer is a trusted proxy, in which case
/// `X-Forwarded-For` is walked from the right (the hop nearest to us) past every trusted
/// proxy; the first untrusted hop is the client. A proxy cannot vouch for what its own client
/// wrote further left, so nothing left of that hop is believed.
pub fn resolve(
    peer: Option<IpAddr>,
    headers: &HeaderMap,
    trusted: &NetList,
) -> Result<IpAddr, Unresolved> {
    let peer = peer.ok_or(Unresolved::NoPeer)?.to_canonical();
    if trusted.is_empty() || !trusted.contains(peer) {
        return Ok(peer);
    }
    let hops: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .filter(|hop| !hop.is_empty())
        .collect();
    let mut client = peer;
    for hop in hops.iter().rev() {
        let ip = parse_hop(hop).ok_or_else(|| Unresolved::BadForwardedFor((*hop).to_owned()))?;
        client = ip;
        if !trusted.contains(ip) {
            break;
        }
    }
    Ok(client)
}

/// One `X-Forwarded-For` entry: an address, optionally with a port (`1.2.3.4:5678`,
/// `[2001:db8::1]:443`).
fn parse_hop(hop: &str) -> Option<IpAddr> {
    if let Ok(ip) = hop.parse::<IpAddr>() {
        return Some(ip.to_canonical());
    }
    if let Ok(addr) = hop.parse::<std::net::SocketAddr>() {
        return Some(addr.ip().to_canonical());
    }
    hop.strip_prefix('[')
        .and_then(|rest| rest.strip_suffix(']'))
        .and_then(|ip| ip.parse::<IpAddr>().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nets(items: &[&str]) -> NetList {
        NetList::parse("TEST", items).unwrap()
    }

    fn xff(values: &[&str]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for v in values {
            headers.append("x-forwarded-for", v.parse().unwrap());
        }
        headers
    }

    #[test]
    fn lists_hold_ips_and_cidrs_of_both_families() {
        let list = nets(&["203.0.113.5", "198.51.100.0/24", "2001:db8::/32"]);
        assert!(list.contains("203.0.113.5".parse().unwrap()));
        assert!(!list.contains("203.0.113.6".parse().unwrap()));
        assert!(list.contains("198.51.100.77".parse().unwrap()));
        assert!(list.contains("2001:db8:1::9".parse().unwrap()));
        assert!(!list.contains("2001:db9::1".parse().unwrap()));
        // A v4 client seen through a dual-stack socket.
        assert!(list.contains("::ffff:203.0.113.5".parse().unwrap()));
        assert!(nets(&["*"]).contains("fe80::1".parse().unwrap()));
    }

    #[test]
    fn bad_entries_name_the_setting_and_value() {
        let err = NetList::parse("ZSCALER_MCP_ALLOWED_SOURCE_IPS", &["10.0.0.0/33"]).unwrap_err();
        let text = err.to_string();
        assert!(text.contains("ZSCALER_MCP_ALLOWED_SOURCE_IPS") && text.contains("10.0.0.0/33"));
    }

    #[test]
    fn forwarded_for_is_ignored_from_an_untrusted_peer() {
        let peer = Some("198.51.100.9".parse().unwrap());
        let spoofed = xff(&["10.1.1.1"]);
        assert_eq!(
            resolve(peer, &spoofed, &nets(&["10.0.0.0/8"])),
            Ok("198.51.100.9".parse().unwrap())
        );
        assert_eq!(
            resolve(peer, &spoofed, &NetList::default()),
            Ok("198.51.100.9".parse().unwrap())
        );
    }

    #[test]
    fn forwarded_for_is_walked_past_trusted_proxies_only() {
        let trusted = nets(&["10.0.0.0/8"]);
        let peer = Some("10.0.0.2".parse().unwrap());
        // client wrote a fake first hop; the real client is the first untrusted from the right.
        let headers = xff(&["6.6.6.6, 203.0.113.7", "10.0.0.1"]);
        assert_eq!(
            resolve(peer, &headers, &trusted),
            Ok("203.0.113.7".parse().unwrap())
        );
        assert_eq!(
            resolve(peer, &xff(&["[2001:db8::5]:443"]), &trusted),
            Ok("2001:db8::5".parse().unwrap())
        );
        // A trusted proxy with no header: the proxy is the client.
        assert_eq!(
            resolve(peer, &HeaderMap::new(), &trusted),
            Ok("10.0.0.2".parse().unwrap())
        );
        assert_eq!(
            resolve(peer, &xff(&["not-an-ip"]), &trusted),
            Err(Unresolved::BadForwardedFor("not-an-ip".into()))
        );
        assert_eq!(
            resolve(None, &HeaderMap::new(), &trusted),
            Err(Unresolved::NoPeer)
        );
    }
}
