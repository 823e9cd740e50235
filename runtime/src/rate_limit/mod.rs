//! Rate-limit awareness: the client mirrors Atlas's token buckets and holds calls that would
//! be refused instead of sending them.
//!
//! Knowledge is kept per declared endpoint and learned from answers: a 429's `Retry-After`
//! and `parameters` (`[path, retryAfterSeconds, capacity, refillRate, refillDurationSeconds]`)
//! and the `RateLimit-Limit` / `RateLimit-Remaining` headers Atlas may send (see
//! [`bucket`] for what each teaches). While a bucket is known to be empty, calls to that
//! endpoint wait in the client, each for its own reserved instant (so they leave in the order
//! they came), within their total timeout; a call whose instant lies past its deadline fails
//! at once with [`Error::RateLimited`](crate::Error::RateLimited). Dropping a held call
//! cancels it. Calls to other endpoints are never held.
//!
//! The first call to an endpoint goes alone: calls made while it is in flight wait for its
//! answer (at most [`PROBE_WAIT`]). If that answer carries no rate-limit facts, the calls
//! after it start slowly: rounds of 2, 4, 8, … calls, each round sent once the previous one
//! was answered (or after [`PROBE_WAIT`]), until a round of [`SLOW_START_END`] succeeds; then
//! calls pass after one uncontended look-up. A bucket that runs out during the slow start is
//! learned from the few 429s of one round, not from a whole burst.
//!
//! Nothing learned lasts: every wait is capped at [`MAX_LEARNED_WAIT`], and an endpoint's
//! knowledge is forgotten [`KNOWLEDGE_TTL`] after its last 429, or after that long without a
//! call (once no held call is scheduled), so a wrong lesson can never shut an endpoint off.

mod bucket;
mod shared;

pub(crate) use shared::{Shared, SharedLimits};

use crate::clock::later;
use crate::endpoint::{AddressMap, Endpoint, address_of};
use crate::error::RawResponse;
use bucket::{Bucket, Decision, TooManyRequests};
use reqwest::StatusCode;
use reqwest::header::{HeaderMap, HeaderName};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;
use tokio::sync::Notify;
use tokio::sync::futures::OwnedNotified;
use tokio::time::Instant;

/// The longest a call waits for the answer of a call sent alone (or of a slow-start round)
/// before going itself.
pub(crate) const PROBE_WAIT: Duration = Duration::from_secs(1);
/// The slow-start round size after which an endpoint that never refused counts as unlimited.
pub(crate) const SLOW_START_END: u32 = 64;
/// How long knowledge of a bucket lasts after its last 429, or without calls.
pub(crate) const KNOWLEDGE_TTL: Duration = Duration::from_secs(300);

const RATELIMIT_LIMIT: HeaderName = HeaderName::from_static("ratelimit-limit");
const RATELIMIT_REMAINING: HeaderName = HeaderName::from_static("ratelimit-remaining");

/// The rate-limit knowledge of one client, shared by its clones.
pub(crate) struct RateLimits {
    enabled: bool,
    endpoints: Mutex<AddressMap<usize, EndpointState>>,
}

/// What one endpoint's answers taught.
struct EndpointState {
    /// Whether any answer came back yet.
    answered: bool,
    /// Since when a call has been in flight alone, its answer awaited by the others.
    probe: Option<Instant>,
    bucket: Option<Bucket>,
    /// After a probe answered without rate-limit facts: the rounds of the slow start.
    slow_start: Option<SlowStart>,
    /// Calls that took a token and were not answered yet: a probe's count is exact only
    /// when none is in flight beside it.
    unanswered: u32,
    /// When a call last took a token.
    counted_at: Instant,
    /// When the endpoint was last asked for admission.
    used_at: Instant,
    /// When it last answered 429.
    refused_at: Option<Instant>,
    /// Wakes the calls waiting for a probe's answer or a slow-start round.
    answers: Arc<Notify>,
}

/// The rounds of a slow start: `window` calls per round, doubling after each round.
struct SlowStart {
    window: u32,
    round: u8,
    /// Calls sent in this round, and how many of them are unanswered.
    sent: u32,
    outstanding: u32,
    began: Instant,
}

/// How a call was let through, which decides what its answer teaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Pass {
    /// Nothing is known of the endpoint's bucket.
    Free,
    /// Sent alone: the others wait for its answer.
    Probe,
    /// Took a token of a known bucket.
    Counted,
    /// Sent in this round of a slow start.
    Round(u8),
}

/// Whether a call may go now.
pub(crate) enum Admission {
    Go(Pass),
    /// Wait first: await [`RateLimits::hold`] (boxed, for the rare calls that wait).
    Hold(Hold),
}

/// What a held call waits for.
pub(crate) enum Hold {
    /// Its reserved instant; then it goes. With the wait the last 429 asked for.
    Reserved(Instant, Option<Duration>),
    /// The answer of the call sent alone (or of a round), at most until the instant; then it
    /// asks again.
    Answer(OwnedNotified, Instant),
}

/// Why a held call cannot go.
pub(crate) enum Stopped {
    /// Its turn comes after its deadline: `until`, the instant it would have gone; `asked`,
    /// the wait the last 429 asked for.
    RateLimited {
        until: Instant,
        asked: Option<Duration>,
    },
    /// Its deadline came while it waited for another call's answer.
    Deadline,
}

impl RateLimits {
    /// Knowledge for a client; `enabled: false` lets every call through unexamined.
    pub(crate) fn new(enabled: bool) -> Self {
        Self {
            enabled,
            endpoints: Mutex::default(),
        }
    }

    fn endpoints(&self) -> MutexGuard<'_, AddressMap<usize, EndpointState>> {
        crate::sync::lock(&self.endpoints)
    }

    /// Whether a call to `endpoint` may go now.
    pub(crate) fn admit(&self, endpoint: &'static Endpoint) -> Admission {
        if !self.enabled {
            return Admission::Go(Pass::Free);
        }
        let mut endpoints = self.endpoints();
        let entry = endpoints
            .entry(address_of(endpoint))
            .or_insert_with(|| EndpointState::new(Instant::now()));
        if entry.answered && entry.bucket.is_none() && entry.slow_start.is_none() {
            // Known to be unlimited: the usual call reads no clock.
            return Admission::Go(Pass::Free);
        }
        let now = Instant::now();
        entry.forget_if_stale(now);
        entry.used_at = now;
        if !entry.answered {
            return entry.probe_or_wait(now);
        }
        let Some(bucket) = entry.bucket.as_mut() else {
            return match &mut entry.slow_start {
                None => Admission::Go(Pass::Free),
                Some(slow) => slow.admit(now, &entry.answers),
            };
        };
        match bucket.take(now) {
            Decision::Now => {
                entry.count(now);
                Admission::Go(Pass::Counted)
            }
            Decision::Reserved(at) => Admission::Hold(Hold::Reserved(at, bucket.asked())),
            Decision::Probe => entry.probe_or_wait(now),
        }
    }

    /// Waits as `hold` says, then until the call may go; [`Stopped`] when `deadline` comes
    /// first.
    pub(crate) async fn hold(
        &self,
        endpoint: &'static Endpoint,
        mut hold: Hold,
        deadline: Instant,
    ) -> Result<Pass, Stopped> {
        loop {
            if let Some(pass) = self.wait(endpoint, hold, deadline).await? {
                return Ok(pass);
            }
            hold = match self.admit(endpoint) {
                Admission::Go(pass) => return Ok(pass),
                Admission::Hold(next) => next,
            };
        }
    }

    /// Waits as `hold` says, once: the pass of a call whose reserved instant came, or `None`
    /// when the answer it waited for came (the call must ask again).
    pub(crate) async fn wait(
        &self,
        endpoint: &'static Endpoint,
        hold: Hold,
        deadline: Instant,
    ) -> Result<Option<Pass>, Stopped> {
        tracing::debug!(
            operation = endpoint.operation,
            "holding the call: its rate limit is known to be exhausted"
        );
        match hold {
            Hold::Reserved(at, asked) => {
                let reservation = Reservation {
                    limits: self,
                    endpoint,
                    at,
                };
                if at > deadline {
                    return Err(Stopped::RateLimited { until: at, asked });
                }
                tokio::time::sleep_until(at).await;
                std::mem::forget(reservation);
                if let Some(entry) = self.endpoints().get_mut(&address_of(endpoint)) {
                    entry.count(Instant::now());
                }
                Ok(Some(Pass::Counted))
            }
            Hold::Answer(answered, until) => {
                if tokio::time::timeout_at(until.min(deadline), answered)
                    .await
                    .is_err()
                    && Instant::now() >= deadline
                {
                    return Err(Stopped::Deadline);
                }
                Ok(None)
            }
        }
    }

    /// Learns from an answer to a call let through as `pass`. For a 429 that said when to
    /// come back, the wait it asked for (clamped): the client now holds the endpoint until
    /// then, so a retry should not wait on its own. (A bare 429 leaves the wait to the retry
    /// policy.)
    pub(crate) fn answered(
        &self,
        endpoint: &'static Endpoint,
        pass: Pass,
        answer: &RawResponse,
    ) -> Option<Duration> {
        let refused = answer.status == StatusCode::TOO_MANY_REQUESTS;
        if pass == Pass::Free && !refused && !answer.headers.contains_key(RATELIMIT_REMAINING) {
            return None;
        }
        if !self.enabled {
            return None;
        }
        let now = Instant::now();
        let mut endpoints = self.endpoints();
        let entry = endpoints.get_mut(&address_of(endpoint))?;
        let mut held = None;
        if refused {
            let too_many_requests = too_many_requests(answer);
            held = too_many_requests.wait();
            tracing::debug!(
                operation = endpoint.operation,
                retry_after_ms = too_many_requests
                    .retry_after
                    .map(|wait| wait.as_millis() as u64),
                "rate limited: holding further calls until the bucket refills"
            );
            match &mut entry.bucket {
                Some(bucket) => bucket.refuse(now, too_many_requests),
                None => entry.bucket = Some(Bucket::refused(now, too_many_requests)),
            }
            entry.refused_at = Some(now);
            entry.slow_start = None;
        } else if let Some((limit, remaining)) = reported(&answer.headers) {
            let alone = pass == Pass::Probe && entry.unanswered == 0;
            match &mut entry.bucket {
                Some(bucket) => bucket.report(now, limit, remaining, alone),
                None => {
                    let capacity = limit.unwrap_or(remaining);
                    entry.bucket = Some(Bucket::reported(now, capacity, remaining));
                }
            }
            entry.slow_start = None;
        } else if let Some(bucket) = &mut entry.bucket {
            if pass == Pass::Probe && bucket.counts_only() {
                // The bucket stopped reporting itself and refused nothing: start again slowly.
                entry.bucket = None;
                entry.slow_start = Some(SlowStart::new(now));
            } else if answer.status.is_success() {
                bucket.succeeded();
            }
        } else if pass == Pass::Probe {
            entry.slow_start = Some(SlowStart::new(now));
        }
        entry.settle(pass, now);
        held
    }

    /// After an attempt that got no answer: a probe's (or a round's) waiters go on without
    /// its lesson.
    pub(crate) fn failed(&self, endpoint: &'static Endpoint, pass: Pass) {
        if pass == Pass::Free {
            return;
        }
        if let Some(entry) = self.endpoints().get_mut(&address_of(endpoint)) {
            entry.settle(pass, Instant::now());
        }
    }
}

/// A reserved instant, given back if the call is dropped or gives up before it.
struct Reservation<'a> {
    limits: &'a RateLimits,
    endpoint: &'static Endpoint,
    at: Instant,
}

impl Drop for Reservation<'_> {
    fn drop(&mut self) {
        let mut endpoints = self.limits.endpoints();
        if let Some(bucket) = endpoints
            .get_mut(&address_of(self.endpoint))
            .and_then(|entry| entry.bucket.as_mut())
        {
            bucket.release(self.at);
        }
    }
}

impl EndpointState {
    /// An endpoint not answered yet.
    fn new(now: Instant) -> Self {
        Self {
            answered: false,
            probe: None,
            bucket: None,
            slow_start: None,
            unanswered: 0,
            counted_at: now,
            used_at: now,
            refused_at: None,
            answers: Arc::default(),
        }
    }

    /// Forgets what the endpoint taught when the last 429 or the last call is older than
    /// [`KNOWLEDGE_TTL`] and no held call is scheduled: the next call probes afresh.
    fn forget_if_stale(&mut self, now: Instant) {
        let stale = |at: Instant| now.saturating_duration_since(at) > KNOWLEDGE_TTL;
        let scheduled = self
            .bucket
            .as_ref()
            .is_some_and(|bucket| bucket.scheduled_after(now));
        if (stale(self.used_at) || self.refused_at.is_some_and(stale)) && !scheduled {
            self.answered = false;
            self.probe = None;
            self.bucket = None;
            self.slow_start = None;
            self.refused_at = None;
        }
    }

    /// Records a call that took a token.
    fn count(&mut self, now: Instant) {
        self.unanswered = self.unanswered.saturating_add(1);
        self.counted_at = now;
    }

    /// Sends this call alone, unless a call is already in flight whose answer will say more
    /// (and is not overdue).
    fn probe_or_wait(&mut self, now: Instant) -> Admission {
        let busy_until = match self.probe {
            Some(since) => Some(later(since, PROBE_WAIT)),
            None if self.unanswered > 0 => Some(later(self.counted_at, PROBE_WAIT)),
            None => None,
        };
        match busy_until {
            Some(until) if now < until => {
                let answered = Arc::clone(&self.answers).notified_owned();
                Admission::Hold(Hold::Answer(answered, until))
            }
            _ => {
                self.probe = Some(now);
                Admission::Go(Pass::Probe)
            }
        }
    }

    /// Records that an answer came, and wakes the calls waiting for it: a probe's, a
    /// round's, or the last of the calls that took a token.
    fn settle(&mut self, pass: Pass, now: Instant) {
        self.answered = true;
        match pass {
            Pass::Free => {}
            Pass::Probe => {
                self.probe = None;
                self.answers.notify_waiters();
            }
            Pass::Counted => {
                self.unanswered = self.unanswered.saturating_sub(1);
                if self.unanswered == 0 {
                    self.answers.notify_waiters();
                }
            }
            Pass::Round(round) => {
                if let Some(slow) = &mut self.slow_start
                    && slow.answered(round, now)
                {
                    if slow.window >= SLOW_START_END {
                        self.slow_start = None;
                    }
                    self.answers.notify_waiters();
                }
            }
        }
    }
}

impl SlowStart {
    /// The rounds after a probe that succeeded: the first round has two calls.
    fn new(now: Instant) -> Self {
        Self {
            window: 2,
            round: 0,
            sent: 0,
            outstanding: 0,
            began: now,
        }
    }

    /// A place in this round, else the next round once this one is answered or overdue.
    fn admit(&mut self, now: Instant, answers: &Arc<Notify>) -> Admission {
        let overdue = now >= later(self.began, PROBE_WAIT);
        if self.sent >= self.window && (self.outstanding == 0 || overdue) {
            self.next_round(now);
        }
        if self.sent < self.window {
            self.sent = self.sent.saturating_add(1);
            self.outstanding = self.outstanding.saturating_add(1);
            return Admission::Go(Pass::Round(self.round));
        }
        let answered = Arc::clone(answers).notified_owned();
        Admission::Hold(Hold::Answer(answered, later(self.began, PROBE_WAIT)))
    }

    /// Counts an answer of `round`; `true` when it completed the current round, which then
    /// gives way to the next, twice as large.
    fn answered(&mut self, round: u8, now: Instant) -> bool {
        if round != self.round {
            return false;
        }
        self.outstanding = self.outstanding.saturating_sub(1);
        if self.outstanding > 0 || self.sent < self.window {
            return false;
        }
        self.next_round(now);
        true
    }

    fn next_round(&mut self, now: Instant) {
        self.window = self.window.saturating_mul(2);
        self.round = self.round.wrapping_add(1);
        self.sent = 0;
        self.outstanding = 0;
        self.began = now;
    }
}

/// `RateLimit-Limit` (if sent) and `RateLimit-Remaining`.
fn reported(headers: &HeaderMap) -> Option<(Option<u32>, u32)> {
    let number = |name: &HeaderName| -> Option<u32> {
        let text = headers.get(name)?.to_str().ok()?;
        // The IETF draft allows `limit;w=window` forms: the number comes first.
        let digits = text.split([';', ',']).next()?.trim();
        digits.parse().ok()
    };
    Some((number(&RATELIMIT_LIMIT), number(&RATELIMIT_REMAINING)?))
}

/// What a 429 says: `parameters` `[path, retryAfterSeconds, capacity, refillRate,
/// refillDurationSeconds]` when they are there, else `Retry-After`.
fn too_many_requests(answer: &RawResponse) -> TooManyRequests {
    #[derive(serde::Deserialize)]
    struct Body {
        #[serde(default)]
        parameters: Vec<serde_json::Value>,
    }
    let parameters = serde_json::from_slice::<Body>(&answer.body)
        .map(|body| body.parameters)
        .unwrap_or_default();
    let seconds = |index: usize| {
        parameters
            .get(index)
            .and_then(number)
            .and_then(|value| crate::clock::seconds(value, Duration::MAX))
    };
    let count = |index: usize| {
        parameters
            .get(index)
            .and_then(number)
            .filter(|value| *value >= 1.0)
            .map(|value| value.min(f64::from(u32::MAX)) as u32)
    };
    let rate = match (count(2), count(3), seconds(4)) {
        (Some(capacity), Some(refill), Some(duration)) if !duration.is_zero() => duration
            .checked_div(refill)
            .map(|interval| (capacity, interval)),
        _ => None,
    };
    let retry_after = seconds(1).or_else(|| crate::retry::retry_after(&answer.headers));
    let limit = reported(&answer.headers).and_then(|(limit, _)| limit);
    TooManyRequests {
        retry_after,
        rate,
        limit,
    }
}

/// A JSON number, or a string holding one.
fn number(value: &serde_json::Value) -> Option<f64> {
    value
        .as_f64()
        .or_else(|| value.as_str().and_then(|text| text.trim().parse().ok()))
        .filter(|value| value.is_finite() && *value >= 0.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use bucket::MAX_LEARNED_WAIT;
    use bytes::Bytes;

    fn answer(status: u16, headers: &[(&'static str, &str)], body: &str) -> RawResponse {
        let mut map = HeaderMap::new();
        for (name, value) in headers {
            map.insert(*name, value.parse().unwrap());
        }
        RawResponse {
            status: StatusCode::from_u16(status).unwrap(),
            headers: map,
            body: Bytes::from(body.to_owned()),
        }
    }

    #[test]
    fn a_429_gives_its_rate() {
        let body = r#"{"errorCode":"RATE_LIMITED_TOKEN_BUCKET","parameters":["/api/atlas/v2/groups/x/clusters",0.004,10,100,1]}"#;
        let too_many_requests = too_many_requests(&answer(429, &[("retry-after", "1")], body));
        assert_eq!(
            too_many_requests.retry_after,
            Some(Duration::from_millis(4))
        );
        assert_eq!(
            too_many_requests.rate,
            Some((10, Duration::from_millis(10)))
        );
        let bare = too_many_requests_of(&answer(429, &[("retry-after", "3")], "{}"));
        let absurd = r#"{"parameters":["/x",1e19,1e300,1,1e19]}"#;
        let absurd = super::too_many_requests(&answer(
            429,
            &[("retry-after", "99999999999999999999")],
            absurd,
        ));
        assert_eq!(absurd.wait(), Some(MAX_LEARNED_WAIT));
        assert_eq!(absurd.rate.map(|(capacity, _)| capacity), Some(u32::MAX));
        assert_eq!(bare, (Some(Duration::from_secs(3)), None));
        assert_eq!(
            too_many_requests_of(&answer(429, &[], "<html>")),
            (None, None)
        );
    }

    static ENDPOINT: Endpoint = Endpoint {
        operation: "getCluster",
        module: "tests",
        function: "getCluster",
        method: crate::Method::GET,
        template: "/groups/<groupId>/clusters/<clusterName>",
        pieces: &[],
        params: &[],
        version: "2024-08-05",
        media: crate::Media::Json,
        deprecation: None,
        catalogued: None,
    };

    fn go(limits: &RateLimits) -> Pass {
        match limits.admit(&ENDPOINT) {
            Admission::Go(pass) => pass,
            Admission::Hold(Hold::Reserved(at, _)) => {
                panic!("held until {:?} from now", at - Instant::now())
            }
            Admission::Hold(Hold::Answer(..)) => panic!("held for an answer"),
        }
    }

    fn reserved(limits: &RateLimits) -> Duration {
        match limits.admit(&ENDPOINT) {
            Admission::Hold(Hold::Reserved(at, _)) => at - Instant::now(),
            _ => panic!("not held"),
        }
    }

    #[tokio::test(start_paused = true)]
    async fn an_absurd_wait_is_capped_then_one_call_goes_and_the_lesson_expires() {
        let limits = RateLimits::new(true);
        let probe = go(&limits);
        let refused = answer(429, &[("retry-after", "999999999")], "{}");
        assert_eq!(
            limits.answered(&ENDPOINT, probe, &refused),
            Some(MAX_LEARNED_WAIT)
        );
        // Held for the cap, not for 31 years; then one call goes, the next a period later.
        assert_eq!(reserved(&limits), MAX_LEARNED_WAIT);
        assert_eq!(reserved(&limits), 2 * MAX_LEARNED_WAIT);
        // Knowledge expires: five minutes after the last 429, the next call probes afresh.
        tokio::time::advance(KNOWLEDGE_TTL + Duration::from_secs(1)).await;
        assert_eq!(go(&limits), Pass::Probe);
    }

    #[tokio::test(start_paused = true)]
    async fn an_idle_endpoint_starts_afresh() {
        let limits = RateLimits::new(true);
        let probe = go(&limits);
        limits.answered(&ENDPOINT, probe, &answer(200, &[], "{}"));
        assert_eq!(go(&limits), Pass::Round(0));
        tokio::time::advance(KNOWLEDGE_TTL + Duration::from_secs(1)).await;
        assert_eq!(go(&limits), Pass::Probe);
    }

    #[tokio::test(start_paused = true)]
    async fn a_burst_without_rate_facts_starts_slowly_and_doubles() {
        let limits = RateLimits::new(true);
        let probe = go(&limits);
        assert!(matches!(
            limits.admit(&ENDPOINT),
            Admission::Hold(Hold::Answer(..))
        ));
        limits.answered(&ENDPOINT, probe, &answer(200, &[], "{}"));
        let mut window = 2;
        while window < SLOW_START_END {
            let round: Vec<Pass> = (0..window).map(|_| go(&limits)).collect();
            assert!(
                matches!(limits.admit(&ENDPOINT), Admission::Hold(Hold::Answer(..))),
                "a round of {window} is full"
            );
            for pass in round {
                limits.answered(&ENDPOINT, pass, &answer(200, &[], "{}"));
            }
            window *= 2;
        }
        // Rounds of 64 succeeded: the endpoint counts as unlimited.
        for _ in 0..1000 {
            assert_eq!(go(&limits), Pass::Free);
        }
    }

    #[tokio::test(start_paused = true)]
    async fn a_slow_round_does_not_hold_calls_past_the_probe_wait() {
        let limits = RateLimits::new(true);
        let probe = go(&limits);
        limits.answered(&ENDPOINT, probe, &answer(200, &[], "{}"));
        let _first = (go(&limits), go(&limits));
        assert!(matches!(
            limits.admit(&ENDPOINT),
            Admission::Hold(Hold::Answer(..))
        ));
        tokio::time::advance(PROBE_WAIT).await;
        // The round is overdue (slow answers, not refusals): the next one, twice as large, goes.
        for _ in 0..4 {
            assert!(matches!(go(&limits), Pass::Round(1)));
        }
    }

    fn too_many_requests_of(answer: &RawResponse) -> (Option<Duration>, Option<(u32, Duration)>) {
        let too_many_requests = too_many_requests(answer);
        (too_many_requests.retry_after, too_many_requests.rate)
    }

    #[test]
    fn headers_are_read_in_both_forms() {
        let answer = answer(
            200,
            &[
                ("ratelimit-limit", "100"),
                ("ratelimit-remaining", "7;w=60"),
            ],
            "",
        );
        assert_eq!(reported(&answer.headers), Some((Some(100), 7)));
        assert_eq!(reported(&HeaderMap::new()), None);
    }
}
