//! Atlas's rate limiting, emulated: a token bucket per route, refused with Atlas's 429.

use super::reply::Reply;
use std::time::{Duration, Instant};

/// A token bucket: `capacity` tokens, `refill_rate` of them coming back every
/// `refill_duration` (continuously, as Atlas's buckets do). Scale the duration down to test.
#[derive(Debug, Clone, Copy)]
pub struct TokenBucket {
    capacity: u32,
    refill_rate: u32,
    refill_duration: Duration,
    headers: bool,
}

impl TokenBucket {
    /// A full bucket of `capacity` tokens refilled at `refill_rate` per `refill_duration`.
    /// Answers carry `RateLimit-Limit` and `RateLimit-Remaining` (see
    /// [`TokenBucket::without_headers`]).
    pub fn new(capacity: u32, refill_rate: u32, refill_duration: Duration) -> Self {
        Self {
            capacity: capacity.max(1),
            refill_rate: refill_rate.max(1),
            refill_duration,
            headers: true,
        }
    }

    /// Answers without `RateLimit-*` headers (Atlas "might not always return them"): only
    /// 429s tell the client about the bucket.
    pub fn without_headers(mut self) -> Self {
        self.headers = false;
        self
    }

    /// The time one token takes to come back.
    fn interval(&self) -> Duration {
        self.refill_duration / self.refill_rate
    }
}

/// One route's bucket as it drains and refills.
pub(crate) struct Limiter {
    bucket: TokenBucket,
    tokens: f64,
    updated: Instant,
}

impl Limiter {
    pub(crate) fn new(bucket: TokenBucket) -> Self {
        Self {
            bucket,
            tokens: f64::from(bucket.capacity),
            updated: Instant::now(),
        }
    }

    /// Takes a token for a request to `path`: the headers to add to the route's answer, or
    /// Atlas's 429 when the bucket is empty.
    pub(crate) fn take(&mut self, path: &str) -> Result<Vec<(String, String)>, Reply> {
        let now = Instant::now();
        let interval = self.bucket.interval().as_secs_f64();
        let refilled = now.duration_since(self.updated).as_secs_f64() / interval;
        self.tokens = (self.tokens + refilled).min(f64::from(self.bucket.capacity));
        self.updated = now;
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            return Ok(self.headers());
        }
        let retry_after = (1.0 - self.tokens) * interval;
        let body = serde_json::json!({
            "error": 429,
            "errorCode": "RATE_LIMITED_TOKEN_BUCKET",
            "reason": "Too Many Requests",
            "detail": format!(
                "You have exceeded the rate limit of {} requests every {} seconds for {path}.",
                self.bucket.refill_rate,
                self.bucket.refill_duration.as_secs_f64()
            ),
            "parameters": [
                path,
                retry_after,
                self.bucket.capacity,
                self.bucket.refill_rate,
                self.bucket.refill_duration.as_secs_f64(),
            ],
        });
        let mut reply =
            Reply::json(429, &body).header("retry-after", &(retry_after.ceil() as u64).to_string());
        for (name, value) in self.headers() {
            reply = reply.header(&name, &value);
        }
        Err(reply)
    }

    fn headers(&self) -> Vec<(String, String)> {
        if !self.bucket.headers {
            return Vec::new();
        }
        vec![
            ("ratelimit-limit".into(), self.bucket.capacity.to_string()),
            (
                "ratelimit-remaining".into(),
                (self.tokens.floor() as u32).to_string(),
            ),
        ]
    }
}
