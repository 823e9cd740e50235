//! One call, from a prepared request to a successful response or a final error: attempts and
//! their timeouts, authentication, reading the body under the size limit, retries, the
//! envelope, deprecation notices and the call's tracing span.
//!
//! Data flows one way: the client hands its configuration ([`Pipeline`]) and a request in,
//! and nothing here calls back into the client.
//!
//! Cost: one timer per attempt (its deadline is the sooner of the attempt's and the call's),
//! one clock read per call on the usual path, and the state of rare paths (waiting for a token
//! or a Digest challenge, sleeping before a retry) boxed only when they happen, so the call's
//! future stays small.

mod answer;
mod body;

use crate::auth::{self, Authenticator};
use crate::error::{Error, RawResponse, Result};
use crate::options::CallOptions;
use crate::request::Request;
use crate::response::Response;
use crate::retry::{self, Failure};
use reqwest::StatusCode;
use std::time::Duration;
use tokio::time::Instant;
use tracing::{Instrument, Span};

/// What a call needs from its client.
pub(crate) struct Pipeline<'a> {
    pub(crate) http: &'a reqwest::Client,
    pub(crate) auth: &'a Authenticator,
    pub(crate) options: &'a CallOptions,
}

/// The longest total timeout honoured as such (later deadlines cannot be represented).
const FOREVER: Duration = Duration::from_secs(100 * 365 * 24 * 3600);

impl<'a> Pipeline<'a> {
    /// Sends `request` until it succeeds, fails for good, or runs out of attempts or time.
    ///
    /// A plain function returning its future: the future then holds `request` once (an
    /// `async fn` would hold its argument and a moved copy).
    pub(crate) fn call(
        self,
        mut request: Request,
    ) -> impl Future<Output = Result<Response>> + Send + 'a {
        async move {
            let endpoint = request.endpoint();
            let span = tracing::info_span!(
                "atlas_call",
                operation = endpoint.operation,
                method = endpoint.method.as_str(),
                template = endpoint.template,
                attempt = tracing::field::Empty,
                status = tracing::field::Empty,
                elapsed_ms = tracing::field::Empty,
            );
            let started = Instant::now();
            let observed = !span.is_disabled();
            self.attempts(&mut request, observed, started)
                .instrument(span)
                .await
        }
    }

    /// The attempt loop: each failure is classified and retried when the policy allows it.
    /// `observed`: whether the call's span is recorded (it is the current span, not held
    /// here, so the future carries one span, not two).
    async fn attempts(
        &self,
        request: &mut Request,
        observed: bool,
        started: Instant,
    ) -> Result<Response> {
        let operation = request.endpoint().operation;
        let total = self.options.total_timeout.min(FOREVER);
        let deadline = started + total;
        let mut auth = self.auth.call();
        let mut attempt = 0u32;
        let mut begun = started;
        loop {
            attempt += 1;
            if observed {
                Span::current().record("attempt", attempt);
            }
            let (error, answered) = match self.attempt(request, &mut auth, begun, deadline).await {
                Ok(raw) => {
                    if observed {
                        Span::current().record("status", raw.status.as_u16());
                    }
                    let raw = answer::unwrap_envelope(self.options.envelope, raw);
                    answer::notice_deprecation(operation, &raw.headers);
                    if raw.status.is_success() {
                        record_elapsed(observed, started);
                        return Ok(Response::new(operation, raw));
                    }
                    let version = request.endpoint().version;
                    (Error::from_response(operation, version, raw), true)
                }
                Err(error) => (error, false),
            };
            let delay = self.retry_delay(request, &error, answered, attempt, deadline);
            let Some(delay) = delay else {
                record_elapsed(observed, started);
                return Err(error.after_attempts(attempt));
            };
            tracing::warn!(
                attempt,
                delay_ms = delay.as_millis() as u64,
                error = %error,
                "retrying {operation} after a failed attempt"
            );
            Box::pin(tokio::time::sleep(delay)).await;
            begun = Instant::now();
        }
    }

    /// The wait before trying `error`'s call again, or `None` when it must give up.
    /// `answered`: the error is the server's answer (else the attempt failed on its own).
    #[cold]
    fn retry_delay(
        &self,
        request: &Request,
        error: &Error,
        answered: bool,
        attempt: u32,
        deadline: Instant,
    ) -> Option<Duration> {
        let failure = if answered {
            let code = error.api().and_then(|api| api.error_code.as_deref());
            retry::classify(error.status()?, code)?
        } else if error.is_connection_failure() {
            Failure::Connection
        } else {
            return None;
        };
        let retry_after = error
            .api()
            .map(|api| &api.headers)
            .or_else(|| error.http_response().map(|response| &response.headers))
            .and_then(retry::retry_after);
        let remaining = deadline.saturating_duration_since(Instant::now());
        self.options.retry.next_delay(
            request.endpoint().method,
            failure,
            attempt,
            remaining,
            retry_after,
        )
    }

    /// One attempt begun at `begun`, authenticated, under one timer that ends at the sooner
    /// of the attempt's and the call's deadline. A 401 is answered by the scheme: Digest
    /// answers the server's challenge (and a stale nonce) by sending the request again; a
    /// service account drops the refused token and retries once with a fresh one.
    async fn attempt(
        &self,
        request: &mut Request,
        auth: &mut auth::Call<'_>,
        mut begun: Instant,
        deadline: Instant,
    ) -> Result<RawResponse> {
        let operation = request.endpoint().operation;
        loop {
            // `execute` takes the request now, so the future holds only reqwest's (boxed)
            // pending request, not a copy of the request.
            let pending = {
                let mut outgoing = request.attempt();
                auth.authorize(operation, &mut outgoing)?
                    .then(|| self.http.execute(outgoing))
            };
            let Some(pending) = pending else {
                // Rare: wait (boxed) for a token or a Digest nonce, then build the attempt anew.
                if !auth.wait(operation, deadline).await? {
                    return Err(self.timed_out(operation, Limit::Total));
                }
                begun = Instant::now();
                continue;
            };
            let attempt_deadline = begun + self.options.timeout.min(FOREVER);
            let (limit, which) = if attempt_deadline < deadline {
                (attempt_deadline, Limit::Attempt)
            } else {
                (deadline, Limit::Total)
            };
            let max_bytes = self.options.max_response_bytes;
            let raw = tokio::time::timeout_at(limit, async move {
                let response = pending
                    .await
                    .map_err(|source| Error::transport(operation, source))?;
                body::read(operation, response, max_bytes).await
            })
            .await
            .map_err(|_| self.timed_out(operation, which))??;
            if raw.status != StatusCode::UNAUTHORIZED {
                auth.answered(request.url(), &raw.headers);
                return Ok(raw);
            }
            if !auth.unauthorized(operation, request.url(), &raw)? {
                return Ok(raw);
            }
            begun = Instant::now();
        }
    }

    fn timed_out(&self, operation: &'static str, which: Limit) -> Error {
        let (limit, after) = match which {
            Limit::Attempt => ("attempt", self.options.timeout),
            Limit::Total => ("total", self.options.total_timeout),
        };
        Error::Timeout {
            operation,
            limit,
            after: Some(after),
            source: None,
        }
    }
}

/// Records the call's duration on its span (the current one) when it is recorded.
fn record_elapsed(observed: bool, started: Instant) {
    if observed {
        Span::current().record("elapsed_ms", started.elapsed().as_millis() as u64);
    }
}

/// Which time limit a timer enforces.
#[derive(Clone, Copy)]
enum Limit {
    Attempt,
    Total,
}
