//! The client's picture of one server-side token bucket, and when the next call may go.
//!
//! Three states of knowledge, each with its own way to admit calls:
//!
//! - **Known refill** (a 429's `parameters` gave capacity and refill): the generic cell rate
//!   algorithm, one token every `interval`, bursts up to `capacity`, each admission a reserved
//!   instant, so held calls leave in the order they asked.
//! - **Counted** (only `RateLimit-Limit` / `RateLimit-Remaining` on answers): the remaining
//!   tokens are counted down, then one call at a time finds out whether a token came back.
//! - **Paced** (a 429 said how long to wait, but not how fast the bucket refills): after the
//!   wait, calls leave one at a time, at most `allowance` per `period` (the wait Atlas stated);
//!   the allowance starts at one and doubles after each allowance that succeeds, up to
//!   `RateLimit-Limit` when the 429 gave it; another 429 halves it.
//!
//! Every duration here came from a server, and is clamped to [`MAX_LEARNED_WAIT`] before use.

use crate::clock::{earlier, later};
use std::time::Duration;
use tokio::time::Instant;

/// The longest wait learned from a server (a `Retry-After`, a refill interval). Atlas's
/// documented refill windows are 60 s; a server asking for more is held for this long, then
/// one call goes to see.
pub(crate) const MAX_LEARNED_WAIT: Duration = Duration::from_secs(120);
/// The pacing period after a 429 that gave no wait at all.
pub(super) const DEFAULT_PERIOD: Duration = Duration::from_secs(1);
/// The largest capacity believed; Atlas's buckets hold tens to hundreds of tokens.
pub(super) const MAX_CAPACITY: u32 = 1_000_000;

/// What the client knows of one bucket.
#[derive(Debug)]
pub(super) struct Bucket {
    /// The most tokens the bucket holds, as reported (`u32::MAX` when never reported).
    capacity: u32,
    refill: Refill,
    /// Known or paced: the theoretical arrival time of the cell rate algorithm.
    arrival: Instant,
    /// Counted: tokens left, as last reported and counted down since.
    remaining: u32,
    /// The wait the last 429 asked for, as sent (before clamping), for error messages.
    asked: Option<Duration>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Refill {
    /// One token every `interval` (from a 429's `parameters`).
    Known { interval: Duration },
    /// Only counts are known.
    Counted,
    /// At most `allowance` calls per `period`, one every `period / allowance`.
    Paced {
        period: Duration,
        allowance: u32,
        /// Successes since the allowance last changed.
        successes: u32,
    },
}

/// When the next call may go.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Decision {
    /// Now; a token is taken.
    Now,
    /// At this instant, which is reserved for the call.
    Reserved(Instant),
    /// Nothing left to count on: send one call alone and learn from its answer.
    Probe,
}

/// What a 429 said about the bucket.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct TooManyRequests {
    /// When the next token comes, if the answer said (unclamped).
    pub(super) retry_after: Option<Duration>,
    /// Capacity and time per token, when the answer gave them.
    pub(super) rate: Option<(u32, Duration)>,
    /// `RateLimit-Limit`, when the answer carried it.
    pub(super) limit: Option<u32>,
}

impl TooManyRequests {
    /// The wait the client honours: the one asked for, clamped; else one refill interval.
    pub(super) fn wait(&self) -> Option<Duration> {
        self.retry_after
            .or(self.rate.map(|(_, interval)| interval))
            .map(|wait| wait.min(MAX_LEARNED_WAIT))
    }
}

impl Bucket {
    /// A bucket known only by its headers: `remaining` of `capacity` tokens left now.
    pub(super) fn reported(now: Instant, capacity: u32, remaining: u32) -> Self {
        Self {
            capacity: capacity.clamp(1, MAX_CAPACITY),
            refill: Refill::Counted,
            arrival: now,
            remaining,
            asked: None,
        }
    }

    /// A bucket known to be empty by a 429.
    pub(super) fn refused(now: Instant, too_many_requests: TooManyRequests) -> Self {
        let mut bucket = Self::reported(now, u32::MAX, 0);
        bucket.refuse(now, too_many_requests);
        bucket
    }

    /// The wait the last 429 asked for, as the server sent it.
    pub(super) fn asked(&self) -> Option<Duration> {
        self.asked
    }

    /// Whether a call may go at `now`, taking or reserving its token.
    pub(super) fn take(&mut self, now: Instant) -> Decision {
        let Some(interval) = self.interval() else {
            if self.remaining > 0 {
                self.remaining = self.remaining.saturating_sub(1);
                return Decision::Now;
            }
            return Decision::Probe;
        };
        let earliest = self
            .arrival
            .checked_sub(self.tolerance(interval))
            .map_or(now, |earliest| earliest.max(now));
        self.arrival = later(self.arrival.max(earliest), interval);
        if earliest <= now {
            Decision::Now
        } else {
            Decision::Reserved(earliest)
        }
    }

    /// Gives back the instant `at` reserved by [`Bucket::take`] for a call that will not be
    /// sent, when no later call reserved after it (else the instant stays taken).
    pub(super) fn release(&mut self, at: Instant) {
        if let Some(interval) = self.interval()
            && self.arrival == later(later(at, self.tolerance(interval)), interval)
        {
            self.arrival = earlier(self.arrival, interval);
        }
    }

    /// Learns from a 429 received at `now`: the bucket is empty until the wait it asked for.
    pub(super) fn refuse(&mut self, now: Instant, too_many_requests: TooManyRequests) {
        self.asked = too_many_requests.retry_after.or(self.asked);
        let wait = too_many_requests.wait();
        if let Some(limit) = too_many_requests.limit {
            self.capacity = limit.clamp(1, MAX_CAPACITY);
        }
        match too_many_requests.rate {
            Some((capacity, interval)) => {
                if !matches!(self.refill, Refill::Known { .. }) {
                    self.arrival = now;
                }
                self.capacity = capacity.clamp(1, MAX_CAPACITY);
                self.refill = Refill::Known {
                    interval: interval.min(MAX_LEARNED_WAIT),
                };
            }
            None if matches!(self.refill, Refill::Known { .. }) => {}
            None => {
                let period = wait
                    .filter(|wait| !wait.is_zero())
                    .unwrap_or(DEFAULT_PERIOD);
                let allowance = match self.refill {
                    Refill::Paced { allowance, .. } => (allowance / 2).max(1),
                    _ => 1,
                };
                self.refill = Refill::Paced {
                    period,
                    allowance,
                    successes: 0,
                };
                self.remaining = 0;
            }
        }
        // The first call may go once the wait is over: the reopening instant plus a full
        // bucket's tolerance, which `take` subtracts again.
        let reopens = later(now, wait.unwrap_or_default());
        if let Some(interval) = self.interval() {
            self.arrival = self.arrival.max(later(reopens, self.tolerance(interval)));
        }
    }

    /// Learns from `RateLimit-Limit` / `RateLimit-Remaining` received at `now`. `alone`: the
    /// answer is that of a probe, so no other call of this bucket was in flight and the count
    /// is exact; otherwise the count only ever lowers the client's own.
    pub(super) fn report(&mut self, now: Instant, limit: Option<u32>, remaining: u32, alone: bool) {
        if let Some(limit) = limit {
            self.capacity = limit.clamp(1, MAX_CAPACITY);
        }
        let remaining = remaining.min(self.capacity);
        match self.refill {
            Refill::Known { interval } => {
                let used = interval.saturating_mul(self.capacity.saturating_sub(remaining));
                self.arrival = self.arrival.max(later(now, used));
            }
            Refill::Counted if alone => self.remaining = remaining,
            Refill::Counted => self.remaining = self.remaining.min(remaining),
            Refill::Paced { .. } => {}
        }
    }

    /// Learns that a call admitted by this bucket succeeded: a paced bucket whose whole
    /// allowance succeeded doubles it (up to the reported capacity).
    pub(super) fn succeeded(&mut self) {
        if let Refill::Paced {
            period,
            allowance,
            successes,
        } = self.refill
        {
            let successes = successes.saturating_add(1);
            self.refill = if successes >= allowance {
                Refill::Paced {
                    period,
                    allowance: allowance.saturating_mul(2).min(self.capacity),
                    successes: 0,
                }
            } else {
                Refill::Paced {
                    period,
                    allowance,
                    successes,
                }
            };
        }
    }

    /// Whether calls are scheduled past `now` on a refill the server stated (held calls wait
    /// for their instants). Paced schedules are guesses and never keep knowledge alive.
    pub(super) fn scheduled_after(&self, now: Instant) -> bool {
        matches!(self.refill, Refill::Known { .. }) && self.arrival > now
    }

    /// Whether only `RateLimit-*` counts are known (no refill rate, no pacing).
    pub(super) fn counts_only(&self) -> bool {
        self.refill == Refill::Counted
    }

    /// The time between two admissions, when admissions are scheduled.
    fn interval(&self) -> Option<Duration> {
        match self.refill {
            Refill::Known { interval } => Some(interval),
            Refill::Counted => None,
            Refill::Paced {
                period, allowance, ..
            } => Some(period.checked_div(allowance).unwrap_or(period)),
        }
    }

    /// How far ahead of the theoretical arrival time a call may go: a full bucket's burst
    /// when the refill is known; none when paced.
    fn tolerance(&self, interval: Duration) -> Duration {
        match self.refill {
            Refill::Known { .. } => interval.saturating_mul(self.capacity.saturating_sub(1)),
            Refill::Counted | Refill::Paced { .. } => Duration::ZERO,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MS: Duration = Duration::from_millis(1);

    fn too_many_requests(retry_after: Duration) -> TooManyRequests {
        TooManyRequests {
            retry_after: Some(retry_after),
            rate: Some((10, 10 * MS)),
            limit: None,
        }
    }

    fn bare(retry_after: Option<Duration>, limit: Option<u32>) -> TooManyRequests {
        TooManyRequests {
            retry_after,
            rate: None,
            limit,
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
        let mut bucket = Bucket::refused(now, too_many_requests(5 * MS));
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
    fn a_refusal_without_rate_paces_one_then_doubles_up_to_the_limit() {
        let now = Instant::now();
        let second = Duration::from_secs(1);
        let mut bucket = Bucket::reported(now, 10, 10);
        bucket.refuse(now, bare(Some(second), Some(4)));
        assert_eq!(bucket.take(now), Decision::Reserved(now + second));
        assert_eq!(bucket.take(now), Decision::Reserved(now + 2 * second));
        bucket.succeeded();
        // Two per period now: every half second after the last reservation.
        // Two per period from the next slot on: every half second.
        assert_eq!(bucket.take(now), Decision::Reserved(now + 3 * second));
        assert_eq!(
            bucket.take(now),
            Decision::Reserved(now + 3 * second + second / 2)
        );
        bucket.succeeded();
        bucket.succeeded();
        assert_eq!(bucket.take(now), Decision::Reserved(now + 4 * second));
        for _ in 0..8 {
            bucket.succeeded();
        }
        // Never more than the reported limit (4) per period.
        assert_eq!(
            bucket.take(now),
            Decision::Reserved(now + 4 * second + second / 4)
        );
        // Another 429 halves the allowance and waits again.
        let refused_at = now + 5 * second;
        bucket.refuse(refused_at, bare(Some(second), None));
        assert_eq!(
            bucket.take(refused_at),
            Decision::Reserved(refused_at + second)
        );
        assert_eq!(
            bucket.take(refused_at),
            Decision::Reserved(refused_at + second + second / 2)
        );
    }

    #[test]
    fn absurd_numbers_are_clamped() {
        let now = Instant::now();
        let mut bucket = Bucket::refused(
            now,
            TooManyRequests {
                retry_after: Some(Duration::from_secs(u64::MAX)),
                rate: Some((u32::MAX, Duration::from_secs(u64::MAX))),
                limit: Some(u32::MAX),
            },
        );
        assert_eq!(bucket.asked(), Some(Duration::from_secs(u64::MAX)));
        assert!(matches!(bucket.take(now), Decision::Reserved(at) if at <= now + MAX_LEARNED_WAIT));
        let mut paced = Bucket::refused(now, bare(Some(Duration::MAX), None));
        assert_eq!(paced.take(now), Decision::Reserved(now + MAX_LEARNED_WAIT));
        paced.report(now, Some(u32::MAX), u32::MAX, true);
        for _ in 0..100 {
            paced.succeeded();
        }
        let _ = paced.take(now);
    }

    #[test]
    fn headers_tighten_a_known_rate() {
        let now = Instant::now();
        let mut bucket = Bucket::refused(now, too_many_requests(Duration::ZERO));
        let later = now + Duration::from_secs(1);
        bucket.report(later, Some(10), 0, false);
        assert_eq!(bucket.take(later), Decision::Reserved(later + 10 * MS));
    }
}
