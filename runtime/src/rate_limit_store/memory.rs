//! [`InProcessRateLimitStore`]: learned buckets shared by the clients of one process.

use super::{BucketKey, KNOWLEDGE_TTL, Lesson, RateLimitStore, StoreFuture, Take};
use crate::clock::{earlier, later};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::time::Instant;

/// Rate-limit knowledge shared by every client built with a clone of this store, within one
/// process (e.g. one client per service account, all calling the same projects). The same
/// rules as a fleet's store, without a server.
#[derive(Debug, Clone, Default)]
pub struct InProcessRateLimitStore {
    buckets: Arc<Mutex<HashMap<BucketKey, Known>>>,
}

/// What the store knows of one bucket.
#[derive(Debug)]
struct Known {
    /// Capacity and refill interval, when a 429 gave them.
    rate: Option<(u32, Duration)>,
    /// The theoretical arrival time of the cell rate algorithm (with a rate).
    arrival: Instant,
    /// No call before this instant.
    until: Instant,
    /// When the knowledge lapses.
    expires: Instant,
}

impl InProcessRateLimitStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    fn take_now(&self, key: &BucketKey, within: Duration) -> Take {
        let now = Instant::now();
        let mut buckets = crate::sync::lock(&self.buckets);
        let Some(known) = buckets.get_mut(key) else {
            return Take::Unknown;
        };
        if known.expires <= now {
            buckets.remove(key);
            return Take::Unknown;
        }
        // Nothing goes before a bare 429's hold: the bucket refills from then on.
        let start = now.max(known.until);
        let (slot, arrival) = match known.rate {
            Some((capacity, interval)) => {
                let next = later(known.arrival.max(start), interval);
                let slot = earlier(next, interval.saturating_mul(capacity)).max(start);
                (slot, Some(next))
            }
            None if known.until <= now => return Take::Unknown,
            None => (start, None),
        };
        let wait = slot.saturating_duration_since(now);
        if wait > within {
            return Take::TooLate(wait);
        }
        if let Some(arrival) = arrival {
            known.arrival = arrival;
            known.expires = known.expires.max(later(slot, Duration::from_secs(1)));
        }
        Take::After(wait)
    }

    fn learn_now(&self, key: &BucketKey, lesson: Lesson) {
        let now = Instant::now();
        let mut buckets = crate::sync::lock(&self.buckets);
        buckets.retain(|_, known| known.expires > now);
        let known = buckets.entry(key.clone()).or_insert(Known {
            rate: None,
            arrival: now,
            until: now,
            expires: now,
        });
        match lesson.rate {
            Some((capacity, interval)) => {
                // Empty now, the next token `wait` from now: the cell rate algorithm's arrival
                // time lies `capacity - 1` intervals past it.
                let refilled = interval.saturating_mul(capacity.saturating_sub(1));
                let arrival = later(later(now, lesson.wait), refilled);
                known.rate = Some((capacity, interval));
                known.arrival = known.arrival.max(arrival);
            }
            None => known.until = known.until.max(later(now, lesson.wait)),
        }
        known.expires = later(now, KNOWLEDGE_TTL);
    }
}

impl RateLimitStore for InProcessRateLimitStore {
    fn take<'a>(&'a self, key: &'a BucketKey, within: Duration) -> StoreFuture<'a, Take> {
        let taken = self.take_now(key, within);
        Box::pin(async move { Ok(taken) })
    }

    fn learn<'a>(&'a self, key: &'a BucketKey, lesson: Lesson) -> StoreFuture<'a, ()> {
        self.learn_now(key, lesson);
        Box::pin(async { Ok(()) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINUTE: Duration = Duration::from_secs(60);

    fn key() -> BucketKey {
        BucketKey::new(
            "http://127.0.0.1/",
            "GET",
            "/groups/<groupId>/clusters",
            None,
        )
    }

    #[tokio::test(start_paused = true)]
    async fn a_known_rate_spaces_every_client_one_interval_apart() {
        let store = InProcessRateLimitStore::new();
        let other = store.clone();
        assert_eq!(store.take_now(&key(), MINUTE), Take::Unknown);
        let ms = Duration::from_millis;
        store.learn_now(
            &key(),
            Lesson {
                rate: Some((10, ms(10))),
                wait: ms(4),
            },
        );
        // Empty: the first slot is the wait the 429 asked for, then one every interval, shared.
        assert_eq!(store.take_now(&key(), MINUTE), Take::After(ms(4)));
        assert_eq!(other.take_now(&key(), MINUTE), Take::After(ms(14)));
        assert_eq!(store.take_now(&key(), ms(20)), Take::TooLate(ms(24)));
        assert_eq!(other.take_now(&key(), MINUTE), Take::After(ms(24)));
        // Refilled: a burst of `capacity` goes at once, the next waits an interval.
        tokio::time::advance(Duration::from_secs(1)).await;
        for _ in 0..10 {
            assert_eq!(store.take_now(&key(), MINUTE), Take::After(Duration::ZERO));
        }
        assert_eq!(store.take_now(&key(), MINUTE), Take::After(ms(10)));
        // Knowledge lapses five minutes after the last 429.
        tokio::time::advance(KNOWLEDGE_TTL).await;
        assert_eq!(store.take_now(&key(), MINUTE), Take::Unknown);
    }

    #[tokio::test(start_paused = true)]
    async fn a_hold_on_a_known_rate_lets_at_most_a_bucket_go_when_it_ends() {
        let store = InProcessRateLimitStore::new();
        let secs = Duration::from_secs;
        let rate = Some((10, secs(6)));
        store.learn_now(
            &key(),
            Lesson {
                rate,
                wait: Duration::ZERO,
            },
        );
        store.learn_now(
            &key(),
            Lesson {
                rate: None,
                wait: secs(60),
            },
        );
        for _ in 0..10 {
            assert_eq!(store.take_now(&key(), MINUTE * 2), Take::After(secs(60)));
        }
        assert_eq!(store.take_now(&key(), MINUTE * 2), Take::After(secs(66)));
    }

    #[tokio::test(start_paused = true)]
    async fn a_bare_wait_holds_every_client_until_then_only() {
        let store = InProcessRateLimitStore::new();
        let wait = Duration::from_secs(3);
        store.learn_now(&key(), Lesson { rate: None, wait });
        assert_eq!(store.take_now(&key(), MINUTE), Take::After(wait));
        assert_eq!(store.take_now(&key(), MINUTE), Take::After(wait));
        tokio::time::advance(wait).await;
        assert_eq!(store.take_now(&key(), MINUTE), Take::Unknown);
    }
}
