//! Deterministic randomness for the demo tenant.
//!
//! A fixed SplitMix64 rather than `rand`'s `StdRng`, whose stream may change between crate
//! versions: the same `--seed` must give the same tenant on every build.

#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x5DEE_CE66_D1CE_4E5B)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }

    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }

    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    pub fn float(&mut self, lo: f64, hi: f64) -> f64 {
        let unit = (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
        lo + unit * (hi - lo)
    }
}

pub const FIRST_NAMES: &[&str] = &[
    "Ana", "Ben", "Chloe", "Dev", "Elena", "Farid", "Grace", "Hiro", "Ines", "Jonas", "Kavya",
    "Liam", "Maya", "Noah", "Olga", "Priya", "Quinn", "Rafael", "Sofia", "Tariq", "Uma", "Victor",
    "Wen", "Ximena", "Yusuf", "Zoe",
];

pub const LAST_NAMES: &[&str] = &[
    "Alvarez", "Brooks", "Chen", "Dubois", "Eriksen", "Fischer", "Garcia", "Haddad", "Ito",
    "Jensen", "Kowalski", "Lopez", "Mendes", "Nakamura", "Okafor", "Patel", "Quiroga", "Rossi",
    "Schmidt", "Tanaka", "Umar", "Varga", "Wright", "Xu", "Yilmaz", "Zimmer",
];

pub const DEPARTMENTS: &[&str] = &[
    "Engineering",
    "Finance",
    "Human Resources",
    "IT Operations",
    "Legal",
    "Marketing",
    "R&D",
    "Sales",
    "Security",
    "Support",
    "Facilities",
    "Executive",
];

pub const CITIES: &[(&str, &str, &str, f64, f64)] = &[
    ("San Jose", "US", "UNITED_STATES", 37.33874, -121.8852525),
    ("New York", "US", "UNITED_STATES", 40.7128, -74.006),
    ("London", "GB", "UNITED_KINGDOM", 51.5072, -0.1276),
    ("Frankfurt", "DE", "GERMANY", 50.1109, 8.6821),
    ("Bangalore", "IN", "INDIA", 12.9716, 77.5946),
    ("Singapore", "SG", "SINGAPORE", 1.3521, 103.8198),
    ("Sydney", "AU", "AUSTRALIA", -33.8688, 151.2093),
    ("Sao Paulo", "BR", "BRAZIL", -23.5505, -46.6333),
    ("Tokyo", "JP", "JAPAN", 35.6762, 139.6503),
    ("Toronto", "CA", "CANADA", 43.6532, -79.3832),
];

pub const DOMAIN: &str = "acme-demo.com";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_stream() {
        let (mut a, mut b) = (Rng::new(7), Rng::new(7));
        for _ in 0..100 {
            assert_eq!(a.next_u64(), b.next_u64());
        }
        assert_ne!(Rng::new(7).next_u64(), Rng::new(8).next_u64());
    }

    #[test]
    fn bounds_hold() {
        let mut rng = Rng::new(1);
        for _ in 0..1000 {
            assert!(rng.below(5) < 5);
            let r = rng.range(-3, 3);
            assert!((-3..=3).contains(&r));
            let f = rng.float(1.0, 2.0);
            assert!((1.0..2.0).contains(&f));
        }
    }
}
