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

use crate::auth::{self, Authenticator};
use crate::clock::{FAR_AHEAD, earlier, later, later_wall};
use crate::error::{Error, RawResponse, Result};
use crate::options::CallOptions;
use crate::rate_limit::{Admission, Pass, RateLimits, Stopped};
use crate::request::Request;
use crate::response::Response;
use crate::retry::{self, Failure};
use futures_util::TryFutureExt;
use reqwest::StatusCode;
use std::pin::Pin;
use std::time::{Duration, SystemTime};
use tokio::time::{Instant, Timeout};
use tracing::{Instrument, Span};

/// What a call needs from its client.
pub(crate) struct Pipeline<'a> {
    pub(crate) http: &'a reqwest::Client,
    pub(crate) auth: &'a Authenticator,
    pub(crate) options: &'a CallOptions,
    pub(crate) rate_limits: &'a RateLimits,
}

impl<'a> Pipeline<'a> {
    /// Sends `request` until it succeeds, fails for good, or runs out of attempts or time.
    ///
    /// A plain function returning its future: the future then holds `request` once (an
    /// `async fn` would hold its argument and a moved copy).
    #[expect(
        clippy::manual_async_fn,
        reason = "an `async fn` future holds each argument twice"
    )]
    pub(crate) fn call(
        self,
        mut request: Request,
    ) -> impl Future<Output = Result<Response>> + Send + 'a {
        async move {
            // The span lives in the instrumented future only, not a second time beside it.
            let instrumented = {
                let started = Instant::now();
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
                let observed = !span.is_disabled();
                let deadline = later(started, self.options.total_timeout);
                self.attempts(&mut request, observed, deadline)
                    .instrument(span)
            };
            instrumented.await
        }
    }

    /// The attempt loop: each failure is classified and retried when the policy allows it.
    /// `observed`: whether the call's span is recorded (it is the current span, not held
    /// here, so the future carries one span, not two). `deadline`: the end of the total
    /// timeout, which began with the first attempt.
    #[expect(
        clippy::manual_async_fn,
        reason = "an `async fn` future holds each argument twice"
    )]
    fn attempts<'s>(
        &'s self,
        request: &'s mut Request,
        observed: bool,
        deadline: Instant,
    ) -> impl Future<Output = Result<Response>> + Send + 's {
        async move {
            let mut auth = self.auth.call();
            let mut attempt = 0u32;
            let mut begun = self.started(deadline);
            loop {
                attempt = attempt.saturating_add(1);
                if observed {
                    record("attempt", attempt.into());
                }
                let pass = match self.rate_limits.admit(request.endpoint()) {
                    Admission::Go(pass) => pass,
                    Admission::Hold(hold) => {
                        let pass = self.held(request.endpoint(), hold, deadline).await?;
                        begun = Instant::now();
                        pass
                    }
                };
                let outcome = self.attempt(request, &mut auth, begun, deadline).await;
                let endpoint = request.endpoint();
                let operation = endpoint.operation;
                let (error, answered, held) = match outcome {
                    Ok(raw) => {
                        let held = self.rate_limits.answered(endpoint, pass, &raw);
                        if observed {
                            record("status", raw.status.as_u16().into());
                        }
                        let raw = if self.options.envelope {
                            answer::unwrap_envelope(raw)
                        } else {
                            raw
                        };
                        answer::notice_deprecation(operation, &raw.headers);
                        if raw.status.is_success() {
                            if observed {
                                record_elapsed(self.started(deadline));
                            }
                            return Ok(Response::new(operation, raw));
                        }
                        (refusal(request.endpoint(), raw), true, held)
                    }
                    Err(error) => {
                        self.rate_limits.failed(endpoint, pass);
                        (error, false, None)
                    }
                };
                let delay = self.retry_delay(request, &error, answered, held, attempt, deadline);
                let Some(delay) = delay else {
                    if observed {
                        record_elapsed(self.started(deadline));
                    }
                    return Err(error.after_attempts(attempt));
                };
                announce_retry(operation, attempt, delay, &error);
                Box::pin(tokio::time::sleep(delay)).await;
                begun = Instant::now();
            }
        }
    }

    /// The wait before trying `error`'s call again, or `None` when it must give up.
    /// `answered`: the error is the server's answer (else the attempt failed on its own).
    /// `held`: the wait a 429 asked for, which the rate-limit gate enforces: the retry waits
    /// there, not here, and gives up as it would if it had to wait that long itself.
    #[cold]
    fn retry_delay(
        &self,
        request: &Request,
        error: &Error,
        answered: bool,
        held: Option<Duration>,
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
        let retry_after = held.or_else(|| {
            error
                .api()
                .map(|api| &api.headers)
                .or_else(|| error.http_response().map(|response| &response.headers))
                .and_then(retry::retry_after)
        });
        let remaining = deadline.saturating_duration_since(Instant::now());
        let delay = self.options.retry.next_delay(
            request.endpoint().method,
            failure,
            attempt,
            remaining,
            retry_after,
        )?;
        Some(if held.is_some() {
            Duration::ZERO
        } else {
            delay
        })
    }

    /// One attempt begun at `begun`, authenticated, under one timer that ends at the sooner
    /// of the attempt's and the call's deadline. A 401 is answered by the scheme: Digest
    /// answers the server's challenge (and a stale nonce) by sending the request again; a
    /// service account drops the refused token and retries once with a fresh one.
    #[expect(
        clippy::manual_async_fn,
        reason = "an `async fn` future holds each argument twice"
    )]
    fn attempt<'s>(
        &'s self,
        request: &'s mut Request,
        auth: &'s mut auth::Call<'a>,
        mut begun: Instant,
        deadline: Instant,
    ) -> impl Future<Output = Result<RawResponse>> + Send + 's {
        async move {
            loop {
                let Some((timed, limit)) = self.start(request, auth, begun, deadline)? else {
                    // Rare: wait (boxed) for a token or a Digest nonce, then build anew.
                    let operation = request.endpoint().operation;
                    if !auth.wait(operation, deadline).await? {
                        return Err(self.timed_out(operation, Limit::Total));
                    }
                    begun = Instant::now();
                    continue;
                };
                let raw = timed.await;
                let operation = request.endpoint().operation;
                let raw = raw.map_err(|_| self.timed_out(operation, limit))??;
                if raw.status != StatusCode::UNAUTHORIZED {
                    auth.answered(request.url(), &raw);
                    return Ok(raw);
                }
                if !auth.unauthorized(operation, request.url(), &raw)? {
                    return Ok(raw);
                }
                begun = Instant::now();
            }
        }
    }

    /// Authorizes and starts one attempt: the answer read under the attempt's timer, and which
    /// limit that timer enforces; `None` when the credentials are not ready yet. `execute`
    /// takes the request here, so the future holds only reqwest's (boxed) pending request.
    fn start(
        &self,
        request: &mut Request,
        auth: &mut auth::Call<'_>,
        begun: Instant,
        deadline: Instant,
    ) -> Result<
        Option<(
            Timeout<impl Future<Output = Result<RawResponse>> + Send + use<>>,
            Limit,
        )>,
    > {
        let operation = request.endpoint().operation;
        let mut outgoing = request.attempt();
        if !auth.authorize(operation, self.options, &mut outgoing)? {
            return Ok(None);
        }
        let pending = self.http.execute(outgoing);
        let attempt_deadline = later(begun, self.options.timeout);
        let (at, limit) = if attempt_deadline < deadline {
            (attempt_deadline, Limit::Attempt)
        } else {
            (deadline, Limit::Total)
        };
        let max_bytes = self.options.max_response_bytes;
        let answer = pending
            .map_err(move |source| Error::transport(operation, source))
            .and_then(move |response| crate::read::body(operation, response, max_bytes));
        Ok(Some((tokio::time::timeout_at(at, answer), limit)))
    }

    /// Waits until the rate limit lets the call go. Boxed: only held calls pay for its state.
    #[cold]
    fn held(
        &self,
        endpoint: &'static crate::Endpoint,
        hold: crate::rate_limit::Hold,
        deadline: Instant,
    ) -> Pin<Box<dyn Future<Output = Result<Pass>> + Send + '_>> {
        Box::pin(async move {
            self.rate_limits
                .hold(endpoint, hold, deadline)
                .await
                .map_err(|stopped| match stopped {
                    Stopped::RateLimited { until, asked } => Error::RateLimited {
                        operation: endpoint.operation,
                        asked,
                        until: later_wall(
                            SystemTime::now(),
                            until.saturating_duration_since(Instant::now()),
                        ),
                    },
                    Stopped::Deadline => self.timed_out(endpoint.operation, Limit::Total),
                })
        })
    }

    /// When the call whose total timeout ends at `deadline` started.
    fn started(&self, deadline: Instant) -> Instant {
        earlier(deadline, self.options.total_timeout.min(FAR_AHEAD))
    }

    /// The error of a timer that ran out while enforcing `which` limit.
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

/// Records the call's duration on its span (the current one).
fn record_elapsed(started: Instant) {
    record("elapsed_ms", started.elapsed().as_millis() as u64);
}

/// Records `value` as `field` of the current (the call's) span. Out of line, as are the other
/// rare paths below, so that the code of the usual call stays small.
#[inline(never)]
fn record(field: &'static str, value: u64) {
    Span::current().record(field, value);
}

/// The error of a non-success answer.
#[cold]
#[inline(never)]
fn refusal(endpoint: &crate::Endpoint, raw: RawResponse) -> Error {
    Error::from_response(endpoint.operation, endpoint.version, raw)
}

/// Logs that a failed attempt is about to be retried after `delay`.
#[cold]
#[inline(never)]
fn announce_retry(operation: &'static str, attempt: u32, delay: Duration, error: &Error) {
    tracing::warn!(
        attempt,
        delay_ms = delay.as_millis() as u64,
        error = %error,
        "retrying {operation} after a failed attempt"
    );
}

/// Which time limit a timer enforces.
#[derive(Clone, Copy)]
enum Limit {
    Attempt,
    Total,
}
