//! Time arithmetic that cannot panic, and the bounds on durations that come from outside.
//!
//! Every number a server sends (a `Retry-After`, a 429's `parameters`, a token's `expires_in`, a
//! cached expiry) and every duration a user configures may be absurd; `Instant + Duration`
//! panics on overflow. The runtime adds durations to instants only through [`later`] and
//! [`later_wall`], and turns untrusted seconds into durations only through [`seconds`]. (The
//! crate denies `clippy::arithmetic_side_effects`, so a bare `+` does not compile.)

use std::time::{Duration, SystemTime};
use tokio::time::Instant;

/// The furthest ahead any deadline is set: a hundred years. Longer durations mean "never".
pub(crate) const FAR_AHEAD: Duration = Duration::from_secs(100 * 365 * 24 * 3600);

/// `at + wait`, with `wait` capped at [`FAR_AHEAD`]. (The clocks count from boot or from
/// 1970 in 64-bit seconds: a hundred years ahead always fits; `at` is the fallback only for
/// a clock that cannot represent it.)
pub(crate) fn later(at: Instant, wait: Duration) -> Instant {
    at.checked_add(wait.min(FAR_AHEAD)).unwrap_or(at)
}

/// `at + wait` on the wall clock, capped like [`later`].
pub(crate) fn later_wall(at: SystemTime, wait: Duration) -> SystemTime {
    at.checked_add(wait.min(FAR_AHEAD)).unwrap_or(at)
}

/// `at - wait`, or `at` itself when the clock cannot go back that far.
pub(crate) fn earlier(at: Instant, wait: Duration) -> Instant {
    at.checked_sub(wait).unwrap_or(at)
}

/// Untrusted seconds (a server's number) as a duration of at most `max`: `None` when the
/// number is negative, not finite, or not a number.
pub(crate) fn seconds(value: f64, max: Duration) -> Option<Duration> {
    if !value.is_finite() || value < 0.0 {
        return None;
    }
    Some(Duration::try_from_secs_f64(value).map_or(max, |duration| duration.min(max)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absurd_durations_saturate_instead_of_panicking() {
        let now = Instant::now();
        assert!(later(now, Duration::MAX) > later(now, Duration::from_secs(3600)));
        assert_eq!(
            later(now, Duration::from_secs(5)),
            now.checked_add(Duration::from_secs(5)).unwrap()
        );
        let wall = SystemTime::now();
        assert!(later_wall(wall, Duration::MAX) > wall);
        assert_eq!(earlier(now, Duration::MAX), now);
    }

    #[test]
    fn untrusted_seconds_are_clamped() {
        let max = Duration::from_secs(120);
        assert_eq!(seconds(1e19, max), Some(max));
        assert_eq!(seconds(f64::MAX, max), Some(max));
        assert_eq!(seconds(2.5, max), Some(Duration::from_millis(2500)));
        assert_eq!(seconds(-1.0, max), None);
        assert_eq!(seconds(f64::NAN, max), None);
        assert_eq!(seconds(f64::INFINITY, max), None);
    }
}
