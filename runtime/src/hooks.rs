//! Hooks: code of the user's that the client runs around every HTTP request it sends, to add a
//! correlation id, write an audit line, tag a tenant, or count what happened.
//!
//! Order within one call: the rate-limit gate lets the call go; for each request sent (a first
//! attempt, a retry, or the same request sent again after a 401 that the credentials answer:
//! a Digest challenge, a refused token) [`Hook::before_request`] runs on its headers, then the
//! credentials are added, then it is sent; when it is answered (or fails, or times out)
//! [`Hook::after_request`] runs, told what the client does next. Hooks run in the order they
//! were added, on the calling task: keep them quick and never block.
//!
//! A hook never sees credentials: `Authorization` is added after `before_request` (whatever a
//! hook puts there is replaced), and the outcome holds the status, Atlas's error code and the
//! error, which never contain a secret.

use crate::endpoint::Endpoint;
use crate::error::Error;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use std::time::Duration;

/// Code run around every request a client sends; add it with
/// [`ClientBuilder::hook`](crate::ClientBuilder::hook). Both methods do nothing by default.
pub trait Hook: Send + Sync + 'static {
    /// Before `request` is sent: may add or change its headers (not `Authorization`).
    fn before_request(&self, request: &RequestInfo, headers: &mut HeaderMap) {
        let _ = (request, headers);
    }

    /// After `request` was answered, failed or timed out: what happened and what comes next.
    fn after_request(&self, request: &RequestInfo, outcome: &Outcome<'_>) {
        let _ = (request, outcome);
    }
}

/// A shared hook: keep an `Arc` of yours to read what it gathered.
impl<H: Hook + ?Sized> Hook for std::sync::Arc<H> {
    fn before_request(&self, request: &RequestInfo, headers: &mut HeaderMap) {
        (**self).before_request(request, headers);
    }

    fn after_request(&self, request: &RequestInfo, outcome: &Outcome<'_>) {
        (**self).after_request(request, outcome);
    }
}

impl std::fmt::Debug for dyn Hook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Hook")
    }
}

/// Which request of which call a hook is called for.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct RequestInfo {
    /// The endpoint called: its operation, method, path template and resource version.
    pub endpoint: &'static Endpoint,
    /// The attempt of the call, as the retry policy counts them (1 for the first).
    pub attempt: u32,
    /// The request of the call, counting every request sent, those sent again after a 401
    /// answered by the credentials included (1 for the first).
    pub request: u32,
}

/// What became of one request.
#[derive(Debug)]
#[non_exhaustive]
pub struct Outcome<'a> {
    /// The status, when an answer came.
    pub status: Option<StatusCode>,
    /// Atlas's `errorCode`, when the answer was an Atlas error.
    pub error_code: Option<&'a str>,
    /// The failure, when the request failed: the answer's error, or why no answer came.
    pub error: Option<&'a Error>,
    /// From sending the request to its answer (or failure).
    pub latency: Duration,
    /// What the client does next.
    pub next: Next,
}

/// What the client does after a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Next {
    /// Nothing: the call ends with this outcome (a success or its final error).
    Done,
    /// The call is retried after this wait (a retry held by the rate-limit gate waits there).
    Retry(Duration),
    /// The same request goes again at once with new credentials (a Digest challenge, a stale
    /// nonce, a refused service-account token).
    Reauthenticate,
}
