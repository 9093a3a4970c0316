//! Client-side throttling per product and method class, so we stay under the documented
//! OneAPI limits instead of collecting 429s (ZIA's hourly limits lock a tenant out for a long time).

use std::collections::HashMap;
use std::fmt;
use std::num::NonZeroU32;
use std::time::Duration;

use governor::Quota;
use governor::clock::Clock;
use governor::middleware::NoOpMiddleware;
use governor::state::{InMemoryState, NotKeyed};
use http::Method;

use crate::error::{ConfigError, Error};
use crate::product::Product;

const VARIABLE: &str = "ZSCALER_MCP_RATE_LIMITS";

/// How the documented limits group HTTP methods.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MethodClass {
    /// GET, HEAD, OPTIONS.
    Get,
    /// POST, PUT, PATCH.
    Write,
    Delete,
}

impl MethodClass {
    pub const ALL: [MethodClass; 3] = [MethodClass::Get, MethodClass::Write, MethodClass::Delete];

    pub fn of(method: &Method) -> MethodClass {
        if method == Method::GET || method == Method::HEAD || method == Method::OPTIONS {
            MethodClass::Get
        } else if method == Method::DELETE {
            MethodClass::Delete
        } else {
            MethodClass::Write
        }
    }

    pub fn key(&self) -> &'static str {
        match self {
            MethodClass::Get => "get",
            MethodClass::Write => "write",
            MethodClass::Delete => "delete",
        }
    }
}

/// At most `count` requests per `period`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub count: u32,
    pub period: Duration,
}

impl Window {
    pub const fn new(count: u32, period: Duration) -> Window {
        Window { count, period }
    }

    const fn per_secs(count: u32, secs: u64) -> Window {
        Window::new(count, Duration::from_secs(secs))
    }

    fn quota(&self) -> Option<Quota> {
        // GCRA with a full burst: `count` back to back, then one per `period / count`.
        let burst = NonZeroU32::new(self.count)?;
        Some(Quota::with_period(self.period / self.count)?.allow_burst(burst))
    }
}

impl fmt::Display for Window {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/", self.count)?;
        let ms = self.period.as_millis();
        let units: [(u128, &str); 4] = [
            (86_400_000, "d"),
            (3_600_000, "h"),
            (60_000, "min"),
            (1000, "s"),
        ];
        for (size, unit) in units {
            if ms > 0 && ms.is_multiple_of(size) {
                let n = ms / size;
                return if n == 1 {
                    f.write_str(unit)
                } else {
                    write!(f, "{n}{unit}")
                };
            }
        }
        write!(f, "{ms}ms")
    }
}

/// One set of windows, shared by every method class it lists (ZCC's 100/h covers all calls).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Rule {
    product: Product,
    classes: Vec<MethodClass>,
    windows: Vec<Window>,
}

/// Which client-side limits apply to which (product, method class).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RateLimits {
    rules: Vec<Rule>,
}

impl Default for RateLimits {
    fn default() -> Self {
        RateLimits::documented()
    }
}

impl RateLimits {
    /// The limits Zscaler documents (ZDX at its lowest licence tier).
    pub fn documented() -> RateLimits {
        use MethodClass::{Delete, Get, Write};
        let mut limits = RateLimits::disabled();
        for product in [Product::Zia, Product::Ztw] {
            limits.set(
                product,
                &[Get],
                vec![Window::per_secs(2, 1), Window::per_secs(1000, 3600)],
            );
            limits.set(
                product,
                &[Write],
                vec![Window::per_secs(1, 1), Window::per_secs(400, 3600)],
            );
            limits.set(
                product,
                &[Delete],
                vec![Window::per_secs(1, 60), Window::per_secs(4, 3600)],
            );
        }
        limits.set(Product::Zpa, &[Get], vec![Window::per_secs(20, 10)]);
        // ZPA counts POST, PUT and DELETE together.
        limits.set(
            Product::Zpa,
            &[Write, Delete],
            vec![Window::per_secs(10, 10)],
        );
        limits.set(
            Product::Zcc,
            &MethodClass::ALL,
            vec![Window::per_secs(100, 3600)],
        );
        limits.set(
            Product::Zdx,
            &MethodClass::ALL,
            vec![Window::per_secs(5, 1), Window::per_secs(1000, 3600)],
        );
        limits.set(
            Product::Zid,
            &MethodClass::ALL,
            vec![Window::per_secs(500, 1)],
        );
        limits
    }

    /// No client-side throttling at all (tests, emulators, or tenants with raised limits).
    pub fn disabled() -> RateLimits {
        RateLimits { rules: Vec::new() }
    }

    pub fn is_disabled(&self) -> bool {
        self.rules.is_empty()
    }

    /// Every window a request of this kind must pass.
    pub fn windows(&self, product: Product, class: MethodClass) -> Vec<Window> {
        self.rules
            .iter()
            .filter(|r| r.product == product && r.classes.contains(&class))
            .flat_map(|r| r.windows.iter().copied())
            .collect()
    }

    /// Replaces the limits of `classes` with `windows`, shared by those classes. Empty `windows`
    /// removes the limit.
    pub fn set(&mut self, product: Product, classes: &[MethodClass], windows: Vec<Window>) {
        for rule in self.rules.iter_mut().filter(|r| r.product == product) {
            rule.classes.retain(|c| !classes.contains(c));
        }
        self.rules.retain(|r| !r.classes.is_empty());
        let windows: Vec<Window> = windows.into_iter().filter(|w| w.count > 0).collect();
        if !windows.is_empty() && !classes.is_empty() {
            let mut classes = classes.to_vec();
            classes.sort();
            classes.dedup();
            self.rules.push(Rule {
                product,
                classes,
                windows,
            });
        }
    }

    /// The documented limits with the overrides of a `ZSCALER_MCP_RATE_LIMITS` value applied,
    /// e.g. `zia.get=5/s,2000/h;zpa.write=20/10s;zcc.all=200/h`, or `off`.
    pub fn from_spec(spec: &str) -> Result<RateLimits, ConfigError> {
        let spec = spec.trim();
        if spec.eq_ignore_ascii_case("off") {
            return Ok(RateLimits::disabled());
        }
        let mut limits = RateLimits::documented();
        limits.apply_spec(spec)?;
        Ok(limits)
    }

    /// Applies `product.class=N/period[,N/period]` overrides separated by `;`.
    pub fn apply_spec(&mut self, spec: &str) -> Result<(), ConfigError> {
        for item in spec.split(';').map(str::trim).filter(|i| !i.is_empty()) {
            let (product, classes, windows) = parse_item(item).map_err(|why| {
                ConfigError::new(
                    VARIABLE,
                    format!(
                        "{VARIABLE}: bad item `{item}`: {why} (expected e.g. \
                         `zia.get=5/s,2000/h;zpa.write=20/10s;zcc.all=200/h`, or `off`)"
                    ),
                )
            })?;
            self.set(product, &classes, windows);
        }
        Ok(())
    }
}

fn parse_item(item: &str) -> Result<(Product, Vec<MethodClass>, Vec<Window>), String> {
    let (target, value) = item
        .split_once('=')
        .ok_or("missing `=`, as in `zia.get=5/s`")?;
    let (product, class) = target
        .trim()
        .split_once('.')
        .ok_or("the left side must be `product.class`, as in `zia.get`")?;
    let product = Product::from_key(product).ok_or_else(|| {
        format!(
            "unknown product `{}` (use one of {})",
            product.trim(),
            Product::ALL.map(|p| p.key()).join(", ")
        )
    })?;
    let classes = match class.trim().to_ascii_lowercase().as_str() {
        "get" | "read" => vec![MethodClass::Get],
        "write" | "post" | "put" => vec![MethodClass::Write],
        "delete" => vec![MethodClass::Delete],
        "all" => MethodClass::ALL.to_vec(),
        other => {
            return Err(format!(
                "unknown method class `{other}` (use get, write, delete or all)"
            ));
        }
    };
    let value = value.trim();
    if value.eq_ignore_ascii_case("off") || value.eq_ignore_ascii_case("none") {
        return Ok((product, classes, Vec::new()));
    }
    let windows = value
        .split(',')
        .map(|w| parse_window(w.trim()))
        .collect::<Result<Vec<_>, _>>()?;
    Ok((product, classes, windows))
}

fn parse_window(text: &str) -> Result<Window, String> {
    let (count, period) = text
        .split_once('/')
        .ok_or_else(|| format!("`{text}` is not `N/period`, as in `5/s` or `20/10s`"))?;
    let count: u32 = count
        .trim()
        .parse()
        .map_err(|_| format!("`{}` is not a whole number of requests", count.trim()))?;
    if count == 0 || count > 1_000_000 {
        return Err(format!(
            "{count} requests is out of range (1 to 1000000; use `off` to disable)"
        ));
    }
    let period = parse_period(period.trim())?;
    Ok(Window::new(count, period))
}

/// `s`, `m`, `h`, `d`, or a multiple such as `10s`, `1min`, `500ms`.
fn parse_period(text: &str) -> Result<Duration, String> {
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let n: u64 = if number.is_empty() {
        1
    } else {
        number
            .parse()
            .map_err(|_| format!("`{number}` is too large"))?
    };
    let unit_ms: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "ms" => 1,
        "s" | "sec" | "secs" | "second" | "seconds" => 1000,
        "m" | "min" | "mins" | "minute" | "minutes" => 60_000,
        "h" | "hr" | "hour" | "hours" => 3_600_000,
        "d" | "day" | "days" => 86_400_000,
        "" => return Err(format!("period `{text}` has no unit (use s, min, h or d)")),
        other => {
            return Err(format!(
                "unknown period unit `{other}` (use ms, s, min, h or d)"
            ));
        }
    };
    let ms = n
        .checked_mul(unit_ms)
        .filter(|ms| (1..=30 * 86_400_000).contains(ms))
        .ok_or_else(|| format!("period `{text}` is out of range (1 ms to 30 days)"))?;
    Ok(Duration::from_millis(ms))
}

/// Governor's clock, driven by tokio's so that `tokio::time::pause()` also pauses the limiter.
#[derive(Debug, Clone, Copy, Default)]
struct TokioClock;

impl Clock for TokioClock {
    type Instant = std::time::Instant;

    fn now(&self) -> Self::Instant {
        tokio::time::Instant::now().into_std()
    }
}

type Gcra =
    governor::RateLimiter<NotKeyed, InMemoryState, TokioClock, NoOpMiddleware<std::time::Instant>>;

struct Bucket {
    window: Window,
    gcra: Gcra,
}

/// Throttles requests according to [`RateLimits`]; cheap to share behind an `Arc`.
pub struct RateLimiter {
    rules: Vec<Vec<Bucket>>,
    index: HashMap<(Product, MethodClass), Vec<usize>>,
}

impl fmt::Debug for RateLimiter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RateLimiter")
            .field("rules", &self.rules.len())
            .finish_non_exhaustive()
    }
}

impl RateLimiter {
    pub fn new(limits: &RateLimits) -> RateLimiter {
        let mut rules = Vec::new();
        let mut index: HashMap<(Product, MethodClass), Vec<usize>> = HashMap::new();
        for rule in &limits.rules {
            let mut buckets: Vec<Bucket> = rule
                .windows
                .iter()
                .filter_map(|w| {
                    Some(Bucket {
                        window: *w,
                        gcra: governor::RateLimiter::direct_with_clock(w.quota()?, TokioClock),
                    })
                })
                .collect();
            // Check the longest window first: when an hourly limit is spent we fail fast
            // without also burning a per-second slot.
            buckets.sort_by_key(|b| std::cmp::Reverse(b.window.period));
            if buckets.is_empty() {
                continue;
            }
            for class in &rule.classes {
                index
                    .entry((rule.product, *class))
                    .or_default()
                    .push(rules.len());
            }
            rules.push(buckets);
        }
        RateLimiter { rules, index }
    }

    /// Waits for a slot for `method` on `product`. Fails at once with [`Error::RateLimited`] when
    /// the slot would come after `deadline`: sleeping past the retry budget helps nobody.
    ///
    /// A request passes each window in turn, so a failure on a later window has already used a
    /// slot in an earlier one; governor cannot give it back, and the cost is one slot.
    pub async fn acquire(
        &self,
        product: Product,
        method: &Method,
        deadline: tokio::time::Instant,
    ) -> Result<(), Error> {
        let Some(rules) = self.index.get(&(product, MethodClass::of(method))) else {
            return Ok(());
        };
        // Plain index loops: a closure here would make the future not `Send` (rustc's
        // higher-ranked lifetime limitation), and callers spawn `send()` onto tasks.
        for &rule in rules {
            for bucket in self.rules.get(rule).map(Vec::as_slice).unwrap_or_default() {
                self.wait_for(bucket, product, method, deadline).await?;
            }
        }
        Ok(())
    }

    /// Takes a slot in one window, sleeping for it if it comes before `deadline`.
    async fn wait_for(
        &self,
        bucket: &Bucket,
        product: Product,
        method: &Method,
        deadline: tokio::time::Instant,
    ) -> Result<(), Error> {
        loop {
            let denied = match bucket.gcra.check() {
                Ok(()) => return Ok(()),
                Err(denied) => denied,
            };
            // A floor on the sleep guarantees progress towards the deadline.
            let wait = denied
                .wait_time_from(TokioClock.now())
                .max(Duration::from_millis(1));
            if tokio::time::Instant::now() + wait > deadline {
                return Err(Error::RateLimited {
                    product,
                    window: bucket.window.to_string(),
                    wait,
                });
            }
            tracing::debug!(
                product = product.label(),
                method = %method,
                window = %bucket.window,
                wait_ms = wait.as_millis() as u64,
                "client-side rate limit: waiting"
            );
            tokio::time::sleep(wait).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(count: u32, secs: u64) -> Window {
        Window::per_secs(count, secs)
    }

    #[test]
    fn documented_defaults() {
        let l = RateLimits::default();
        assert_eq!(
            l.windows(Product::Zia, MethodClass::Get),
            vec![w(2, 1), w(1000, 3600)]
        );
        assert_eq!(
            l.windows(Product::Ztw, MethodClass::Write),
            vec![w(1, 1), w(400, 3600)]
        );
        assert_eq!(
            l.windows(Product::Zia, MethodClass::Delete),
            vec![w(1, 60), w(4, 3600)]
        );
        assert_eq!(l.windows(Product::Zpa, MethodClass::Get), vec![w(20, 10)]);
        assert_eq!(
            l.windows(Product::Zpa, MethodClass::Delete),
            vec![w(10, 10)]
        );
        assert_eq!(
            l.windows(Product::Zcc, MethodClass::Write),
            vec![w(100, 3600)]
        );
        assert_eq!(
            l.windows(Product::Zdx, MethodClass::Get),
            vec![w(5, 1), w(1000, 3600)]
        );
        assert_eq!(l.windows(Product::Zid, MethodClass::Get), vec![w(500, 1)]);
        assert!(l.windows(Product::Easm, MethodClass::Get).is_empty());
        assert!(
            RateLimits::disabled()
                .windows(Product::Zia, MethodClass::Get)
                .is_empty()
        );
    }

    #[test]
    fn window_display() {
        assert_eq!(w(1000, 3600).to_string(), "1000/h");
        assert_eq!(w(2, 1).to_string(), "2/s");
        assert_eq!(w(20, 10).to_string(), "20/10s");
        assert_eq!(w(1, 60).to_string(), "1/min");
        assert_eq!(w(3, 86400).to_string(), "3/d");
        assert_eq!(
            Window::new(2, Duration::from_millis(200)).to_string(),
            "2/200ms"
        );
    }

    #[test]
    fn spec_overrides() {
        let l =
            RateLimits::from_spec("zia.get=5/s,2000/h; zpa.write=20/10s;zcc.all=200/h;").unwrap();
        assert_eq!(
            l.windows(Product::Zia, MethodClass::Get),
            vec![w(5, 1), w(2000, 3600)]
        );
        // Untouched classes keep their defaults.
        assert_eq!(
            l.windows(Product::Zia, MethodClass::Write),
            vec![w(1, 1), w(400, 3600)]
        );
        assert_eq!(l.windows(Product::Zpa, MethodClass::Write), vec![w(20, 10)]);
        assert_eq!(
            l.windows(Product::Zpa, MethodClass::Delete),
            vec![w(10, 10)]
        );
        assert_eq!(
            l.windows(Product::Zcc, MethodClass::Get),
            vec![w(200, 3600)]
        );

        let l = RateLimits::from_spec("zdx.all=10/1min;zia.delete=off;ziam.get=3/m;zms.write=1/d")
            .unwrap();
        assert_eq!(
            l.windows(Product::Zdx, MethodClass::Delete),
            vec![w(10, 60)]
        );
        assert!(l.windows(Product::Zia, MethodClass::Delete).is_empty());
        assert_eq!(l.windows(Product::Zid, MethodClass::Get), vec![w(3, 60)]);
        assert_eq!(
            l.windows(Product::Zms, MethodClass::Write),
            vec![w(1, 86400)]
        );

        assert!(RateLimits::from_spec(" OFF ").unwrap().is_disabled());
        assert_eq!(RateLimits::from_spec("").unwrap(), RateLimits::documented());
    }

    #[test]
    fn spec_errors_name_the_variable_and_item() {
        for (spec, why) in [
            ("zia.get", "missing `=`"),
            ("zia=5/s", "product.class"),
            ("foo.get=1/s", "unknown product `foo`"),
            ("zia.patch=1/s", "unknown method class `patch`"),
            ("zia.get=0/s", "out of range"),
            ("zia.get=5/x", "unknown period unit `x`"),
            ("zia.get=5", "not `N/period`"),
            ("zia.get=five/s", "not a whole number"),
            ("zia.get=5/10", "no unit"),
            ("zia.get=5/0s", "out of range"),
        ] {
            let err = RateLimits::from_spec(&format!("zpa.get=1/s;{spec}")).unwrap_err();
            let msg = err.to_string();
            assert_eq!(err.variable(), "ZSCALER_MCP_RATE_LIMITS");
            assert!(
                msg.starts_with("ZSCALER_MCP_RATE_LIMITS: bad item"),
                "{msg}"
            );
            assert!(msg.contains(&format!("`{spec}`")), "{msg}");
            assert!(msg.contains(why), "{spec}: {msg}");
        }
    }

    #[tokio::test(start_paused = true)]
    async fn waits_when_the_slot_fits_the_deadline() {
        let limiter = RateLimiter::new(&RateLimits::documented());
        let start = tokio::time::Instant::now();
        let deadline = start + Duration::from_secs(30);
        for _ in 0..3 {
            limiter
                .acquire(Product::Zia, &Method::GET, deadline)
                .await
                .unwrap();
        }
        // 2/s: two at once, the third half a second later (paused clock, so exact).
        let waited = start.elapsed();
        assert!(
            waited >= Duration::from_millis(450) && waited <= Duration::from_millis(600),
            "{waited:?}"
        );
        // Other products and classes are independent.
        let before = tokio::time::Instant::now();
        limiter
            .acquire(Product::Zia, &Method::POST, deadline)
            .await
            .unwrap();
        limiter
            .acquire(Product::Easm, &Method::GET, deadline)
            .await
            .unwrap();
        assert_eq!(before.elapsed(), Duration::ZERO);
    }

    #[tokio::test(start_paused = true)]
    async fn fails_fast_beyond_the_deadline() {
        let limiter = RateLimiter::new(&RateLimits::documented());
        let start = tokio::time::Instant::now();
        let deadline = start + Duration::from_secs(30);
        limiter
            .acquire(Product::Zia, &Method::DELETE, deadline)
            .await
            .unwrap();
        let err = limiter
            .acquire(Product::Zia, &Method::DELETE, deadline)
            .await
            .unwrap_err();
        assert_eq!(start.elapsed(), Duration::ZERO, "must not sleep");
        match &err {
            Error::RateLimited {
                product,
                window,
                wait,
            } => {
                assert_eq!(*product, Product::Zia);
                assert_eq!(window, "1/min");
                assert!(*wait > Duration::from_secs(50), "{wait:?}");
            }
            other => panic!("unexpected {other:?}"),
        }
        assert!(
            err.to_string()
                .starts_with("ZIA client-side limit 1/min reached")
        );
    }

    #[tokio::test(start_paused = true)]
    async fn shared_rule_counts_all_classes() {
        let limits = RateLimits::from_spec("zcc.all=2/h").unwrap();
        let limiter = RateLimiter::new(&limits);
        let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
        limiter
            .acquire(Product::Zcc, &Method::GET, deadline)
            .await
            .unwrap();
        limiter
            .acquire(Product::Zcc, &Method::POST, deadline)
            .await
            .unwrap();
        let err = limiter
            .acquire(Product::Zcc, &Method::DELETE, deadline)
            .await
            .unwrap_err();
        assert!(matches!(err, Error::RateLimited { ref window, .. } if window == "2/h"));
    }

    #[tokio::test(start_paused = true)]
    async fn disabled_never_waits() {
        let limiter = RateLimiter::new(&RateLimits::disabled());
        let start = tokio::time::Instant::now();
        for _ in 0..1000 {
            limiter
                .acquire(Product::Zia, &Method::DELETE, start)
                .await
                .unwrap();
        }
        assert_eq!(start.elapsed(), Duration::ZERO);
    }
}
