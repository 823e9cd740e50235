//! When a failed attempt is tried again, and after how long.
//!
//! Atlas refuses rate-limited requests before doing any work (429, or 400 with an `errorCode`
//! ending in `RATE_LIMITED`), so those are retried for every method. Gateway errors (502, 503,
//! 504), connection failures and per-attempt timeouts are retried only for idempotent methods
//! (GET, PUT, DELETE): a POST or PATCH that may have reached the server is never sent again.
//! All the retries of a client's calls draw from one [`RetryBudget`] (see [`budget`]).

pub(crate) mod budget;

pub use budget::RetryBudget;

use crate::endpoint::Method;
use reqwest::StatusCode;
use reqwest::header::{HeaderMap, RETRY_AFTER};
use std::time::{Duration, SystemTime};

/// How many attempts a call may make and how long it waits between them.
///
/// The default makes at most 4 attempts, waits what `Retry-After` says when Atlas says it, and
/// otherwise backs off exponentially from 500 ms (full jitter, at most 30 s per wait). No wait
/// may end past the call's total timeout (see [`ClientBuilder::total_timeout`](crate::ClientBuilder::total_timeout)).
/// Every retry also draws from the client's [`RetryBudget`] (the default one unless
/// [`RetryPolicy::budget`] or [`RetryPolicy::without_budget`] say otherwise).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    base_delay: Duration,
    max_delay: Duration,
    budget: Option<RetryBudget>,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 4,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(30),
            budget: Some(RetryBudget::default()),
        }
    }
}

/// Why the previous attempt failed, as far as retrying is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Failure {
    /// Atlas refused the request before doing any work (rate limits).
    Refused,
    /// A gateway error (502, 503, 504): the request may or may not have been processed.
    Gateway,
    /// The connection failed or the attempt timed out: it may or may not have been processed.
    Connection,
}

impl RetryPolicy {
    /// Never retries: one attempt per call.
    pub fn none() -> Self {
        Self {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// The most attempts per call, the first included (at least 1).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The first backoff step; each retry doubles it, up to `max_delay`.
    pub fn base_delay(mut self, delay: Duration) -> Self {
        self.base_delay = delay;
        self
    }

    /// The longest single wait, including one asked for by `Retry-After`.
    pub fn max_delay(mut self, delay: Duration) -> Self {
        self.max_delay = delay;
        self
    }

    /// Caps the retries of all the client's calls with `budget`. The client's budget is built
    /// from the policy given to [`ClientBuilder::retry`](crate::ClientBuilder::retry) (its
    /// capacity is fixed then); a policy set later with `Client::with_retry` decides the costs
    /// of its calls' retries and whether they draw from it at all.
    pub fn budget(mut self, budget: RetryBudget) -> Self {
        self.budget = Some(budget);
        self
    }

    /// Retries without drawing from the client's budget: each call retries on its own.
    pub fn without_budget(mut self) -> Self {
        self.budget = None;
        self
    }

    /// The most attempts per call.
    pub fn attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The budget the retries draw from, if any.
    pub fn retry_budget(&self) -> Option<&RetryBudget> {
        self.budget.as_ref()
    }

    /// The wait before the next attempt, or `None` when the call must give up: the failure is
    /// not safe to retry for `method`, the attempts are spent, or the wait would not end before
    /// `remaining` (what is left of the call's total timeout). `attempt` counts the attempts
    /// made so far (1 after the first).
    pub(crate) fn next_delay(
        &self,
        method: Method,
        failure: Failure,
        attempt: u32,
        remaining: Duration,
        retry_after: Option<Duration>,
    ) -> Option<Duration> {
        let safe = failure == Failure::Refused || method.is_idempotent();
        if !safe || attempt >= self.max_attempts {
            return None;
        }
        let delay = match retry_after {
            Some(asked) if asked > self.max_delay => return None,
            Some(asked) => asked,
            None => self.backoff(attempt),
        };
        (delay < remaining).then_some(delay)
    }

    /// Full jitter: a uniform wait in `[0, min(max_delay, base × 2^(attempt-1))]`.
    fn backoff(&self, attempt: u32) -> Duration {
        let exponent = attempt.saturating_sub(1).min(20);
        let ceiling = self
            .base_delay
            .saturating_mul(2u32.saturating_pow(exponent))
            .min(self.max_delay);
        let nanos = u64::try_from(ceiling.as_nanos()).unwrap_or(u64::MAX);
        Duration::from_nanos(random_below(nanos.saturating_add(1)))
    }
}

/// Classifies a non-success answer; `None` means it is final.
pub(crate) fn classify(status: StatusCode, error_code: Option<&str>) -> Option<Failure> {
    match status.as_u16() {
        429 => Some(Failure::Refused),
        400 if error_code.is_some_and(|code| code.ends_with("RATE_LIMITED")) => {
            Some(Failure::Refused)
        }
        502..=504 => Some(Failure::Gateway),
        _ => None,
    }
}

/// `Retry-After` as a wait: delay-seconds or an HTTP-date (a past date means now). The wait is
/// as the server sent it (a number too large for 64 bits reads as the largest): callers clamp
/// it before use.
pub(crate) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    retry_after_at(headers, SystemTime::now())
}

/// [`retry_after`] with the wall clock reading `now`.
fn retry_after_at(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if !value.is_empty() && value.bytes().all(|byte| byte.is_ascii_digit()) {
        return Some(Duration::from_secs(value.parse().unwrap_or(u64::MAX)));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

/// A uniform random number in `[0, bound)` (0 when `bound` is 0).
fn random_below(bound: u64) -> u64 {
    if bound == 0 {
        return 0;
    }
    let mut bytes = [0u8; 8];
    // Without OS randomness the jitter degrades to the full backoff, which is still correct.
    if getrandom::fill(&mut bytes).is_err() {
        return bound.saturating_sub(1);
    }
    u64::from_le_bytes(bytes).checked_rem(bound).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    const PLENTY: Duration = Duration::from_secs(600);

    #[test]
    fn rate_limits_are_retried_for_every_method() {
        let policy = RetryPolicy::default();
        for method in [Method::GET, Method::POST, Method::PATCH, Method::DELETE] {
            assert!(
                policy
                    .next_delay(method, Failure::Refused, 1, PLENTY, None)
                    .is_some()
            );
        }
        assert_eq!(
            classify(StatusCode::TOO_MANY_REQUESTS, None),
            Some(Failure::Refused)
        );
        assert_eq!(
            classify(
                StatusCode::BAD_REQUEST,
                Some("TENANT_CLUSTER_UPDATE_RATE_LIMITED")
            ),
            Some(Failure::Refused)
        );
        assert_eq!(
            classify(StatusCode::BAD_REQUEST, Some("INVALID_ATTRIBUTE")),
            None
        );
    }

    #[test]
    fn writes_that_may_have_landed_are_never_resent() {
        let policy = RetryPolicy::default();
        for failure in [Failure::Gateway, Failure::Connection] {
            assert_eq!(
                policy.next_delay(Method::POST, failure, 1, PLENTY, None),
                None
            );
            assert_eq!(
                policy.next_delay(Method::PATCH, failure, 1, PLENTY, None),
                None
            );
            assert!(
                policy
                    .next_delay(Method::GET, failure, 1, PLENTY, None)
                    .is_some()
            );
            assert!(
                policy
                    .next_delay(Method::PUT, failure, 1, PLENTY, None)
                    .is_some()
            );
            assert!(
                policy
                    .next_delay(Method::DELETE, failure, 1, PLENTY, None)
                    .is_some()
            );
        }
    }

    #[test]
    fn attempts_and_budget_bound_the_retries() {
        let policy = RetryPolicy::default().max_attempts(3);
        assert!(
            policy
                .next_delay(Method::GET, Failure::Gateway, 2, PLENTY, None)
                .is_some()
        );
        assert_eq!(
            policy.next_delay(Method::GET, Failure::Gateway, 3, PLENTY, None),
            None
        );
        let little_left = Duration::from_secs(1);
        assert_eq!(
            policy.next_delay(
                Method::GET,
                Failure::Refused,
                1,
                little_left,
                Some(Duration::from_secs(2))
            ),
            None
        );
        assert_eq!(
            RetryPolicy::none().next_delay(Method::GET, Failure::Refused, 1, PLENTY, None),
            None
        );
    }

    #[test]
    fn retry_after_wins_over_backoff_within_limits() {
        let policy = RetryPolicy::default().max_delay(Duration::from_secs(5));
        let asked = Some(Duration::from_secs(3));
        assert_eq!(
            policy.next_delay(Method::GET, Failure::Refused, 1, PLENTY, asked),
            asked
        );
        let too_long = Some(Duration::from_secs(60));
        assert_eq!(
            policy.next_delay(Method::GET, Failure::Refused, 1, PLENTY, too_long),
            None
        );
    }

    #[test]
    fn backoff_is_jittered_under_an_exponential_ceiling() {
        let policy = RetryPolicy::default()
            .base_delay(Duration::from_millis(100))
            .max_delay(Duration::from_millis(350));
        for attempt in 1..10 {
            let ceiling =
                Duration::from_millis(100 * (1 << (attempt - 1))).min(Duration::from_millis(350));
            let waits: Vec<Duration> = (0..50).map(|_| policy.backoff(attempt)).collect();
            assert!(waits.iter().all(|wait| *wait <= ceiling));
            // Jittered: spread over [0, ceiling], not the ceiling every time. (50 uniform
            // draws all in the upper half, or all alike, would happen about once in 10^15.)
            let distinct: std::collections::BTreeSet<&Duration> = waits.iter().collect();
            assert!(distinct.len() > 1, "{waits:?}");
            assert!(waits.iter().any(|wait| *wait < ceiling / 2), "{waits:?}");
        }
    }

    #[test]
    fn parses_retry_after_in_both_forms() {
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, HeaderValue::from_static("7"));
        assert_eq!(retry_after(&headers), Some(Duration::from_secs(7)));
        headers.insert(
            RETRY_AFTER,
            HeaderValue::from_static("Wed, 21 Oct 2015 07:28:00 GMT"),
        );
        assert_eq!(retry_after(&headers), Some(Duration::ZERO));
        // A date is read against the clock: with a fixed reading, exactly.
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let soon = httpdate::fmt_http_date(now + Duration::from_secs(30));
        headers.insert(RETRY_AFTER, HeaderValue::from_str(&soon).unwrap());
        assert_eq!(retry_after_at(&headers, now), Some(Duration::from_secs(30)));
        let year_9999 = "Fri, 31 Dec 9999 23:59:59 GMT";
        headers.insert(RETRY_AFTER, HeaderValue::from_static(year_9999));
        assert!(retry_after_at(&headers, now).unwrap() > Duration::from_secs(250_000_000_000));
        headers.insert(
            RETRY_AFTER,
            HeaderValue::from_static("99999999999999999999999"),
        );
        assert_eq!(retry_after(&headers), Some(Duration::from_secs(u64::MAX)));
        headers.insert(RETRY_AFTER, HeaderValue::from_static("soon"));
        assert_eq!(retry_after(&headers), None);
    }
}
