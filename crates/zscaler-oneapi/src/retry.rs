//! Pure retry helpers: how long the server asked us to wait, backoff with jitter, and ZIA's edit lock.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use http::HeaderMap;
use rand::Rng;

const BACKOFF_START: Duration = Duration::from_millis(250);
const BACKOFF_CAP: Duration = Duration::from_secs(8);

/// Values above this are epoch seconds, not a delay (ZDX sends `RateLimit-Reset` as a timestamp).
const EPOCH_THRESHOLD: f64 = 1e9;

/// The wait a throttled response asks for, from the first header that parses:
/// `Retry-After` (`1`, `4s`, `13s`, `500ms`, `1.5s`, or an HTTP-date), `x-ratelimit-reset`
/// (seconds; first number of a list), `X-Rate-Limit-Retry-After-Seconds` (ZCC), `RateLimit-Reset`
/// (ZDX; epoch seconds when it is a timestamp).
///
/// The `*-reset` headers say when a quota window restarts. The gateway sends them on every
/// answer, so they are only taken as the wait when the matching `*-remaining` header is 0 (or
/// absent); otherwise the 429 came from another limit and waiting for the window is pointless.
pub fn parse_retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    retry_after_header(headers, now)
        .or_else(|| {
            quota_spent(headers, "x-ratelimit-remaining")
                .then(|| header_text(headers, "x-ratelimit-reset").and_then(first_seconds))
                .flatten()
        })
        .or_else(|| {
            header_text(headers, "x-rate-limit-retry-after-seconds").and_then(first_seconds)
        })
        .or_else(|| {
            if !quota_spent(headers, "ratelimit-remaining") {
                return None;
            }
            let value = header_text(headers, "ratelimit-reset")?;
            let secs = first_number(value)?;
            if secs > EPOCH_THRESHOLD {
                let at = UNIX_EPOCH.checked_add(Duration::try_from_secs_f64(secs).ok()?)?;
                Some(at.duration_since(now).unwrap_or(Duration::ZERO))
            } else {
                Duration::try_from_secs_f64(secs).ok()
            }
        })
}

/// Only the standard `Retry-After` header. For 503s: the rate-limit headers describe the
/// gateway's quota window, not the outage.
pub fn retry_after_header(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = header_text(headers, "retry-after")?;
    if let Some(d) = parse_go_duration(value) {
        return Some(d);
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// Exponential backoff: 250 ms doubling per attempt up to 8 s, then ±25 % jitter so that
/// concurrent callers do not retry in lockstep.
pub fn backoff(attempt: u32) -> Duration {
    let nominal = BACKOFF_START
        .checked_mul(1u32.checked_shl(attempt).unwrap_or(u32::MAX))
        .unwrap_or(BACKOFF_CAP)
        .min(BACKOFF_CAP);
    nominal.mul_f64(rand::rng().random_range(0.75..=1.25))
}

/// Whether a ZIA/ZTW 409 or 412 body says the configuration is locked by someone else, which
/// clears by itself. The caller checks the product and status.
pub fn is_edit_lock(body: &[u8]) -> bool {
    const MARKERS: [&[u8]; 3] = [
        b"EDIT_LOCK_NOT_AVAILABLE",
        b"Failed during enter Org barrier",
        b"Resource Access Blocked",
    ];
    MARKERS
        .iter()
        .any(|m| body.windows(m.len()).any(|w| w == *m))
}

/// Whether a `*-remaining` header says the quota is used up; a missing one cannot say otherwise.
fn quota_spent(headers: &HeaderMap, remaining: &str) -> bool {
    header_text(headers, remaining)
        .and_then(first_number)
        .is_none_or(|n| n < 1.0)
}

fn header_text<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    let value = headers.get(name)?.to_str().ok()?.trim();
    (!value.is_empty()).then_some(value)
}

/// The leading number of a value such as `47`, `1, 1;w=60` or `2.5`.
fn first_number(value: &str) -> Option<f64> {
    let token = value.split([',', ';', ' ']).next()?.trim();
    let n: f64 = token.parse().ok()?;
    (n.is_finite() && n >= 0.0).then_some(n)
}

fn first_seconds(value: &str) -> Option<Duration> {
    Duration::try_from_secs_f64(first_number(value)?).ok()
}

/// Integer seconds, or a Go-style duration: one or more `<number><unit>` with unit
/// `ms`, `s`, `m` or `h` (`4s`, `500ms`, `1.5s`, `1m30s`). Also `1 seconds`, as ZIA writes it.
fn parse_go_duration(value: &str) -> Option<Duration> {
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let mut rest = value.trim();
    let mut total = Duration::ZERO;
    let mut parts = 0;
    while !rest.is_empty() && parts < 8 {
        let split = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        let (number, tail) = rest.split_at(split);
        let number: f64 = number.parse().ok()?;
        let tail = tail.trim_start();
        let unit_len = tail
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(tail.len());
        let (unit, tail) = tail.split_at(unit_len);
        let unit_secs = match unit.to_ascii_lowercase().as_str() {
            "ms" => 0.001,
            "s" | "sec" | "secs" | "second" | "seconds" => 1.0,
            "m" | "min" | "mins" | "minute" | "minutes" => 60.0,
            "h" | "hour" | "hours" => 3600.0,
            _ => return None,
        };
        total = total.checked_add(Duration::try_from_secs_f64(number * unit_secs).ok()?)?;
        rest = tail.trim_start();
        parts += 1;
    }
    (parts > 0 && rest.is_empty()).then_some(total)
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    fn at(secs: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(secs)
    }

    const NOW: u64 = 1_773_370_207;

    fn ra(pairs: &[(&'static str, &'static str)]) -> Option<Duration> {
        parse_retry_after(&headers(pairs), at(NOW))
    }

    #[test]
    fn retry_after_forms() {
        assert_eq!(ra(&[("retry-after", "1")]), Some(Duration::from_secs(1)));
        assert_eq!(ra(&[("Retry-After", "4s")]), Some(Duration::from_secs(4)));
        assert_eq!(ra(&[("retry-after", "13s")]), Some(Duration::from_secs(13)));
        assert_eq!(
            ra(&[("retry-after", "500ms")]),
            Some(Duration::from_millis(500))
        );
        assert_eq!(
            ra(&[("retry-after", "1.5s")]),
            Some(Duration::from_millis(1500))
        );
        assert_eq!(
            ra(&[("retry-after", "1m30s")]),
            Some(Duration::from_secs(90))
        );
        assert_eq!(
            ra(&[("retry-after", "1 seconds")]),
            Some(Duration::from_secs(1))
        );
        let date = httpdate::fmt_http_date(at(NOW + 12));
        let mut h = HeaderMap::new();
        h.insert("retry-after", HeaderValue::from_str(&date).unwrap());
        assert_eq!(
            parse_retry_after(&h, at(NOW)),
            Some(Duration::from_secs(12))
        );
        // A date in the past means "now".
        assert_eq!(parse_retry_after(&h, at(NOW + 60)), Some(Duration::ZERO));
    }

    #[test]
    fn fallback_headers() {
        assert_eq!(
            ra(&[("x-ratelimit-reset", "47")]),
            Some(Duration::from_secs(47))
        );
        assert_eq!(
            ra(&[("x-ratelimit-reset", "1, 1;w=60")]),
            Some(Duration::from_secs(1))
        );
        assert_eq!(
            ra(&[("x-ratelimit-remaining", "0"), ("x-ratelimit-reset", "47")]),
            Some(Duration::from_secs(47))
        );
        // Quota left: the 429 is not about this window.
        assert_eq!(
            ra(&[
                ("x-ratelimit-remaining", "4999, 4999;w=60"),
                ("x-ratelimit-reset", "60")
            ]),
            None
        );
        assert_eq!(
            ra(&[("RateLimit-Remaining", "3"), ("RateLimit-Reset", "30")]),
            None
        );
        assert_eq!(
            ra(&[("X-Rate-Limit-Retry-After-Seconds", "1400")]),
            Some(Duration::from_secs(1400))
        );
        assert_eq!(
            ra(&[("RateLimit-Reset", "30")]),
            Some(Duration::from_secs(30))
        );
        // ZDX: a UTC epoch timestamp.
        assert_eq!(
            ra(&[("RateLimit-Reset", "1773370227")]),
            Some(Duration::from_secs(20))
        );
        assert_eq!(
            ra(&[("RateLimit-Reset", "1773370000")]),
            Some(Duration::ZERO)
        );
        // Retry-After wins over the others.
        assert_eq!(
            ra(&[("retry-after", "2"), ("x-ratelimit-reset", "47")]),
            Some(Duration::from_secs(2))
        );
        // A garbage Retry-After falls through to the next header.
        assert_eq!(
            ra(&[("retry-after", "soon"), ("x-ratelimit-reset", "5")]),
            Some(Duration::from_secs(5))
        );
    }

    #[test]
    fn garbage_is_none() {
        assert_eq!(ra(&[]), None);
        assert_eq!(ra(&[("retry-after", "soon")]), None);
        assert_eq!(ra(&[("retry-after", "4x")]), None);
        assert_eq!(ra(&[("retry-after", "-3")]), None);
        assert_eq!(ra(&[("x-ratelimit-reset", "later")]), None);
        assert_eq!(ra(&[("RateLimit-Reset", "NaN")]), None);
        assert_eq!(ra(&[("retry-after", "")]), None);
    }

    #[test]
    fn only_retry_after_for_outages() {
        let h = headers(&[("x-ratelimit-reset", "47")]);
        assert_eq!(retry_after_header(&h, at(NOW)), None);
    }

    #[test]
    fn backoff_grows_and_is_capped() {
        for attempt in 0..40 {
            let nominal = (250u64 << attempt.min(10)).min(8000);
            for _ in 0..50 {
                let d = backoff(attempt).as_secs_f64() * 1000.0;
                let (lo, hi) = (nominal as f64 * 0.75, nominal as f64 * 1.25);
                assert!(
                    d >= lo - 0.001 && d <= hi + 0.001,
                    "attempt {attempt}: {d} ms"
                );
            }
        }
        assert!(backoff(0) <= Duration::from_millis(313));
        assert!(backoff(3) >= Duration::from_millis(1500));
        assert!(backoff(u32::MAX) <= Duration::from_secs(10));
    }

    #[test]
    fn edit_lock_markers() {
        assert!(is_edit_lock(br#"{"code":"EDIT_LOCK_NOT_AVAILABLE"}"#));
        assert!(is_edit_lock(b"Failed during enter Org barrier"));
        assert!(is_edit_lock(br#"{"message":"Resource Access Blocked"}"#));
        assert!(!is_edit_lock(
            br#"{"code":"DUPLICATE_ITEM","message":"exists"}"#
        ));
        assert!(!is_edit_lock(b""));
    }
}
