//! The Zscaler products reachable through the OneAPI gateway, keyed by path prefix.

use std::fmt;

/// A product behind the OneAPI gateway. The first path segment selects it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Product {
    Zpa,
    Zia,
    Zdx,
    Zcc,
    Zid,
    Ztw,
    Easm,
    Zins,
    Zms,
    Zcell,
}

impl Product {
    /// Every product, in a stable order.
    pub const ALL: [Product; 10] = [
        Product::Zpa,
        Product::Zia,
        Product::Zdx,
        Product::Zcc,
        Product::Zid,
        Product::Ztw,
        Product::Easm,
        Product::Zins,
        Product::Zms,
        Product::Zcell,
    ];

    /// The product owning a gateway path such as `/zia/api/v1/users`.
    pub fn from_path(path: &str) -> Option<Product> {
        let rest = path.strip_prefix('/')?;
        let segment = rest.split(['/', '?']).next()?;
        Product::ALL
            .into_iter()
            .find(|p| p.path_segment() == segment)
            // A bare `/zia` has no resource, so demand the separator after the prefix.
            .filter(|p| rest.len() > p.path_segment().len())
    }

    /// The first path segment on the gateway (`ziam` for ZIdentity).
    pub fn path_segment(&self) -> &'static str {
        match self {
            Product::Zpa => "zpa",
            Product::Zia => "zia",
            Product::Zdx => "zdx",
            Product::Zcc => "zcc",
            Product::Zid => "ziam",
            Product::Ztw => "ztw",
            Product::Easm => "easm",
            Product::Zins => "zins",
            Product::Zms => "zms",
            Product::Zcell => "zcell",
        }
    }

    /// The name people know the product by, for messages.
    pub fn label(&self) -> &'static str {
        match self {
            Product::Zpa => "ZPA",
            Product::Zia => "ZIA",
            Product::Zdx => "ZDX",
            Product::Zcc => "ZCC",
            Product::Zid => "ZIdentity",
            Product::Ztw => "ZTW",
            Product::Easm => "EASM",
            Product::Zins => "Z-Insights",
            Product::Zms => "ZMS",
            Product::Zcell => "ZCell",
        }
    }

    /// A short lower-case key, used in configuration (`zia.get=5/s`).
    pub fn key(&self) -> &'static str {
        match self {
            Product::Zpa => "zpa",
            Product::Zia => "zia",
            Product::Zdx => "zdx",
            Product::Zcc => "zcc",
            Product::Zid => "zid",
            Product::Ztw => "ztw",
            Product::Easm => "easm",
            Product::Zins => "zins",
            Product::Zms => "zms",
            Product::Zcell => "zcell",
        }
    }

    /// Looks a product up by its [`key`](Self::key); `ziam` and `zidentity` also name ZIdentity.
    pub fn from_key(key: &str) -> Option<Product> {
        let key = key.trim().to_ascii_lowercase();
        match key.as_str() {
            "ziam" | "zidentity" => Some(Product::Zid),
            _ => Product::ALL.into_iter().find(|p| p.key() == key),
        }
    }

    /// The known path prefixes, for error messages.
    pub fn known_prefixes() -> String {
        Product::ALL
            .iter()
            .map(|p| format!("/{}/", p.path_segment()))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl fmt::Display for Product {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn from_path_uses_the_first_segment() {
        assert_eq!(Product::from_path("/zia/api/v1/users"), Some(Product::Zia));
        assert_eq!(
            Product::from_path("/zpa/mgmtconfig/v1/admin/customers/1/application"),
            Some(Product::Zpa)
        );
        assert_eq!(
            Product::from_path("/ziam/admin/api/v1/users"),
            Some(Product::Zid)
        );
        assert_eq!(Product::from_path("/zcell/api/x"), Some(Product::Zcell));
        assert_eq!(Product::from_path("/zins/graphql"), Some(Product::Zins));
        assert_eq!(Product::from_path("/zias/api"), None);
        assert_eq!(Product::from_path("zia/api/v1/users"), None);
        assert_eq!(Product::from_path("/zia"), None);
        assert_eq!(Product::from_path(""), None);
        assert_eq!(Product::from_path("/bi/api/v1"), None);
    }

    #[test]
    fn labels_and_keys() {
        assert_eq!(Product::Zid.label(), "ZIdentity");
        assert_eq!(Product::Zid.key(), "zid");
        assert_eq!(Product::Zins.label(), "Z-Insights");
        assert_eq!(Product::from_key("ZIA"), Some(Product::Zia));
        assert_eq!(Product::from_key("ziam"), Some(Product::Zid));
        assert_eq!(Product::from_key("nope"), None);
        for p in Product::ALL {
            assert_eq!(Product::from_key(p.key()), Some(p));
            let path = format!("/{}/x", p.path_segment());
            assert_eq!(Product::from_path(&path), Some(p));
        }
    }
}
