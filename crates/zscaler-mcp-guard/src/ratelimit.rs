//! Per-caller request limits (`ZSCALER_MCP_RATE_LIMIT`, requests per minute): a GCRA bucket per
//! caller, so one noisy agent cannot starve the others or burn the tenant's OneAPI quota.

use std::num::NonZeroU32;
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota};

/// Buckets kept before idle ones are dropped; bounds memory under a flood of new callers.
const MAX_TRACKED_CALLERS: usize = 10_000;

pub struct CallerLimits {
    per_minute: NonZeroU32,
    limiter: DefaultKeyedRateLimiter<String>,
    clock: DefaultClock,
}

impl CallerLimits {
    /// A burst of `per_minute` requests, refilled evenly over the minute.
    pub fn new(per_minute: NonZeroU32) -> CallerLimits {
        CallerLimits {
            per_minute,
            limiter: DefaultKeyedRateLimiter::keyed(Quota::per_minute(per_minute)),
            clock: DefaultClock::default(),
        }
    }

    pub fn per_minute(&self) -> NonZeroU32 {
        self.per_minute
    }

    /// `Ok` if `caller` may make a request now; otherwise how long until it may.
    pub fn check(&self, caller: &str) -> Result<(), Duration> {
        if self.limiter.len() > MAX_TRACKED_CALLERS {
            self.limiter.retain_recent();
        }
        match self.limiter.check_key(&caller.to_owned()) {
            Ok(()) => Ok(()),
            Err(not_until) => Err(not_until.wait_time_from(self.clock.now())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_caller_has_its_own_bucket() {
        let limits = CallerLimits::new(NonZeroU32::new(3).unwrap());
        for _ in 0..3 {
            assert!(limits.check("alice").is_ok());
        }
        let wait = limits.check("alice").unwrap_err();
        // One request per 20 s refills; the wait is at most that.
        assert!(
            wait <= Duration::from_secs(20) && wait > Duration::ZERO,
            "{wait:?}"
        );
        assert!(limits.check("bob").is_ok());
    }
}
