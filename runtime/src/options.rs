//! How calls behave: retries, timeouts, response size, envelope and pretty-printing. Set on the
//! builder for every call of a client, or on a copy of the client for some calls
//! (`client.with_retry(RetryPolicy::none())`).

use crate::download::StallProtection;
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
