//! The client's picture of one server-side token bucket, and when the next call may go.
//!
//! With the refill known (from a 429's `parameters`), admissions follow the generic cell rate
//! algorithm: one token every `interval`, bursts up to `capacity`, each admission a reserved
//! instant, so held calls leave in the order they asked. With only `RateLimit-*` headers the
//! refill is unknown: the bucket counts the remaining tokens down, then lets one call at a
//! time find out whether a token came back.

use std::time::Duration;
use tokio::time::Instant;

/// What the client knows of one bucket.
#[derive(Debug)]
pub(super) struct Bucket {
    capacity: u32,
    /// The time one token takes to come back, once known.
    interval: Option<Duration>,
    /// With `interval`: the theoretical arrival time of the cell rate algorithm.
    arrival: Instant,
    /// Without `interval`: tokens left, as last reported and counted down since.
    remaining: u32,
    /// Without `interval`: no call before this instant (a `Retry-After`).
    closed_until: Instant,
}

/// When the next call may go.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Decision {
    /// Now; a token is taken.
    Now,
    /// At this instant, which is reserved for the call.
    Reserved(Instant),
    /// Not before this instant; then ask again.
    Closed(Instant),
    /// Nothing left to count on: send one call alone and learn from its answer.
    Probe,
}

/// What a 429 said about the bucket.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Refusal {
    /// When the next token comes, if the answer said.
    pub(super) retry_after: Option<Duration>,
    /// Capacity and time per token, when the answer gave them.
    pub(super) rate: Option<(u32, Duration)>,
}

impl Bucket {
    /// A bucket known only by its headers: `remaining` of `capacity` tokens left now.
    pub(super) fn reported(now: Instant, capacity: u32, remaining: u32) -> Self {
        Self {
            capacity: capacity.max(1),
            interval: None,
            arrival: now,
            remaining,
            closed_until: now,
        }
    }

    /// A bucket known to be empty by a 429.
    pub(super) fn refused(now: Instant, refusal: Refusal) -> Self {
        let mut bucket = Self::reported(now, 1, 0);
        bucket.refuse(now, refusal);
        bucket
    }

    /// Whether a call may go at `now`, taking or reserving its token.
    pub(super) fn take(&mut self, now: Instant) -> Decision {
        if let Some(interval) = self.interval {
            let earliest = self
                .arrival
                .checked_sub(self.tolerance(interval))
                .unwrap_or(now);
            let at = earliest.max(now);
            self.arrival = self.arrival.max(at) + interval;
            return if at <= now {
                Decision::Now
            } else {
                Decision::Reserved(at)
            };
        }
        if now < self.closed_until {
            Decision::Closed(self.closed_until)
        } else if self.remaining > 0 {
            self.remaining -= 1;
            Decision::Now
        } else {
            Decision::Probe
        }
    }

    /// Gives back the instant `at` reserved by [`Bucket::take`] for a call that will not be
    /// sent, when no later call reserved after it (else the instant stays taken).
    pub(super) fn release(&mut self, at: Instant) {
        if let Some(interval) = self.interval
            && self.arrival == at + self.tolerance(interval) + interval
        {
            self.arrival -= interval;
        }
    }

    /// Learns from a 429 received at `now`: the bucket is empty until `retry_after`.
    pub(super) fn refuse(&mut self, now: Instant, refusal: Refusal) {
        if let Some((capacity, interval)) = refusal.rate {
            if self.interval.is_none() {
                self.arrival = now;
            }
            self.capacity = capacity.max(1);
            self.interval = Some(interval);
        }
        let reopens = now + refusal.retry_after.unwrap_or_default();
        match self.interval {
            Some(interval) => {
                self.arrival = self.arrival.max(reopens + self.tolerance(interval));
            }
            None => {
                self.remaining = 0;
                self.closed_until = self.closed_until.max(reopens);
            }
        }
    }

    /// Learns from `RateLimit-Limit` / `RateLimit-Remaining` received at `now`. `alone`: the
    /// answer is that of a probe, so no other call of this bucket was in flight and the count
    /// is exact; otherwise the count only ever lowers the client's own.
    pub(super) fn report(&mut self, now: Instant, limit: Option<u32>, remaining: u32, alone: bool) {
        if let Some(limit) = limit {
            self.capacity = limit.max(1);
        }
        let remaining = remaining.min(self.capacity);
        match self.interval {
            Some(interval) => {
                let used = interval.saturating_mul(self.capacity - remaining);
                self.arrival = self.arrival.max(now + used);
            }
            None if alone => self.remaining = remaining,
            None => self.remaining = self.remaining.min(remaining),
        }
    }

    /// Whether only `RateLimit-*` counts are known (no refill rate).
    pub(super) fn counts_only(&self) -> bool {
        self.interval.is_none()
    }

    /// How far ahead of the theoretical arrival time a call may go: a full bucket's burst.
    fn tolerance(&self, interval: Duration) -> Duration {
        interval.saturating_mul(self.capacity - 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MS: Duration = Duration::from_millis(1);

    fn refusal(retry_after: Duration) -> Refusal {
        Refusal {
            retry_after: Some(retry_after),
            rate: Some((10, 10 * MS)),
        }
    }

    #[test]
    fn headers_count_down_then_probe() {
        let now = Instant::now();
        let mut bucket = Bucket::reported(now, 10, 2);
        assert_eq!(bucket.take(now), Decision::Now);
        assert_eq!(bucket.take(now), Decision::Now);
        assert_eq!(bucket.take(now), Decision::Probe);
        bucket.report(now, Some(10), 5, false);
        assert_eq!(bucket.take(now), Decision::Probe, "never raised by a crowd");
        bucket.report(now, Some(10), 1, true);
        assert_eq!(bucket.take(now), Decision::Now, "a probe's count is exact");
    }

    #[test]
    fn a_refusal_reserves_one_slot_per_token_in_order() {
        let now = Instant::now();
        let mut bucket = Bucket::refused(now, refusal(5 * MS));
        assert_eq!(bucket.take(now), Decision::Reserved(now + 5 * MS));
        assert_eq!(bucket.take(now), Decision::Reserved(now + 15 * MS));
        assert_eq!(bucket.take(now), Decision::Reserved(now + 25 * MS));
        bucket.release(now + 15 * MS);
        bucket.release(now + 25 * MS);
        assert_eq!(
            bucket.take(now),
            Decision::Reserved(now + 25 * MS),
            "only the last instant is given back"
        );
        // Idle long enough, the bucket refills to its capacity: a burst of 10 goes at once.
        let later = now + Duration::from_secs(1);
        for _ in 0..10 {
            assert_eq!(bucket.take(later), Decision::Now);
        }
        assert_eq!(bucket.take(later), Decision::Reserved(later + 10 * MS));
    }

    #[test]
    fn a_refusal_without_rate_closes_the_bucket_until_retry_after() {
        let now = Instant::now();
        let mut bucket = Bucket::reported(now, 10, 10);
        bucket.refuse(
            now,
            Refusal {
                retry_after: Some(20 * MS),
                rate: None,
            },
        );
        assert_eq!(bucket.take(now), Decision::Closed(now + 20 * MS));
        assert_eq!(bucket.take(now + 20 * MS), Decision::Probe);
    }

    #[test]
    fn headers_tighten_a_known_rate() {
        let now = Instant::now();
        let mut bucket = Bucket::refused(now, refusal(Duration::ZERO));
        let later = now + Duration::from_secs(1);
        bucket.report(later, Some(10), 0, false);
        assert_eq!(bucket.take(later), Decision::Reserved(later + 10 * MS));
    }
}
