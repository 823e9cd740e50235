//! How calls behave: retries, timeouts, response size, envelope and pretty-printing, and how
//! slow a download may get ([`StallProtection`]). Set on the builder for every call of a
//! client, or on a copy of the client for some calls (`client.with_retry(RetryPolicy::none())`).

use crate::retry::RetryPolicy;
use std::time::Duration;

/// The default timeout of one attempt, from sending to the end of the body.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
/// The default timeout of a whole call, retries and waits included.
pub const DEFAULT_TOTAL_TIMEOUT: Duration = Duration::from_secs(180);
/// The default largest response body accepted.
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 64 * 1024 * 1024;

/// The behaviour of calls; see the `ClientBuilder` methods of the same names.
#[derive(Debug, Clone)]
pub(crate) struct CallOptions {
    pub retry: RetryPolicy,
    pub timeout: Duration,
    pub total_timeout: Duration,
    pub max_response_bytes: usize,
    pub envelope: bool,
    pub pretty: bool,
    pub stall: StallProtection,
}

impl Default for CallOptions {
    fn default() -> Self {
        Self {
            retry: RetryPolicy::default(),
            timeout: DEFAULT_TIMEOUT,
            total_timeout: DEFAULT_TOTAL_TIMEOUT,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            envelope: false,
            pretty: false,
            stall: StallProtection::default(),
        }
    }
}

/// The least throughput a download must keep up, measured over a grace period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StallProtection {
    pub(crate) min_bytes_per_second: u64,
    pub(crate) grace: Duration,
}

impl Default for StallProtection {
    /// At least 1 byte a second over every 20 s.
    fn default() -> Self {
        Self::new(1, Duration::from_secs(20))
    }
}

impl StallProtection {
    /// At least `min_bytes_per_second` on average over every `grace` period (the first one
    /// starts with the answer's head).
    pub fn new(min_bytes_per_second: u64, grace: Duration) -> Self {
        Self {
            min_bytes_per_second,
            grace,
        }
    }

    /// No stall protection: a body that stops arriving waits forever.
    pub fn disabled() -> Self {
        Self::new(0, Duration::ZERO)
    }

    pub(crate) fn enabled(&self) -> bool {
        self.min_bytes_per_second > 0 && !self.grace.is_zero()
    }

    /// The bytes one grace period must bring.
    pub(crate) fn minimum(&self) -> u64 {
        let seconds = self.grace.as_secs_f64();
        (self.min_bytes_per_second as f64 * seconds).ceil() as u64
    }
}
