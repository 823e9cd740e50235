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
//! future stays small. Hooks cost nothing when a client has none; metrics are compiled only
//! with the `metrics` feature.

mod answer;

use crate::auth::{self, Authenticator};
use crate::clock::{FAR_AHEAD, earlier, later, later_wall};
use crate::endpoint::Endpoint;
use crate::error::{Error, RawResponse, Result, TimeLimit};
use crate::hooks::{Hook, Next, Outcome, RequestInfo};
use crate::metrics;
use crate::options::CallOptions;
use crate::rate_limit::{Admission, Pass, RateLimits, Shared, SharedLimits, Stopped};
use crate::request::Request;
use crate::response::Response;
use crate::retry::budget::Quota;
use crate::retry::{self, Failure};
use futures_util::TryFutureExt;
use reqwest::StatusCode;
use reqwest::header::AUTHORIZATION;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, SystemTime};
use tokio::time::{Instant, Timeout};
use tracing::{Instrument, Span};

/// A boxed future: the state of the rare paths (held calls), paid only when taken.
type Boxed<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// What a client shares with all its calls: the connection pool, the credentials, the
/// rate-limit mirror, the retry budget and the hooks.
pub(crate) struct Services {
    pub(crate) http: reqwest::Client,
    pub(crate) auth: Authenticator,
    pub(crate) rate_limits: RateLimits,
    /// The rate-limit knowledge shared with other clients, if a store was configured.
    pub(crate) shared_limits: Option<SharedLimits>,
    /// The tokens left in the retry budget.
    pub(crate) retry_quota: Quota,
    pub(crate) hooks: Vec<Arc<dyn Hook>>,
    /// The base URL's host, the `server.address` of metrics.
    pub(crate) server_address: Box<str>,
}

/// How a call reads its answer: whole, for every declared endpoint ([`Whole`]), or the head
/// only with the body left as a stream (downloads, [`crate::download`]). Each gives its own
/// pipeline (the code is generic over it), so neither pays for the other.
pub(crate) trait Reading: Send + 'static {
    /// What a successful call gives back.
    type Output: Send;
    /// What reading leaves of the answer besides the [`RawResponse`].
    type Rest: Send;

    /// Reads `response` (at most `limit` bytes of whatever is read now).
    fn read(
        operation: &'static str,
        response: reqwest::Response,
        limit: usize,
    ) -> impl Future<Output = Result<(RawResponse, Self::Rest)>> + Send;

    /// The call's result from a successful answer.
    fn finish(response: Response, rest: Self::Rest, options: &CallOptions) -> Result<Self::Output>;
}

/// An answer as `R` read it.
type Answered<R> = Result<(RawResponse, <R as Reading>::Rest)>;

/// Answers read whole, under the size limit.
pub(crate) struct Whole;

impl Reading for Whole {
    type Output = Response;
    type Rest = ();

    fn read(
        operation: &'static str,
        response: reqwest::Response,
        limit: usize,
    ) -> impl Future<Output = Result<(RawResponse, ())>> + Send {
        crate::read::body(operation, response, limit).map_ok(|raw| (raw, ()))
    }

    fn finish(response: Response, (): (), _: &CallOptions) -> Result<Response> {
        Ok(response)
    }
}

/// What a call needs from its client: its services and the options of this call.
pub(crate) struct Pipeline<'a> {
    pub(crate) services: &'a Services,
    pub(crate) options: &'a CallOptions,
}

/// Where a call is: its attempts (as the retry policy counts them), the requests it sent
/// (auth resends included), the retry budget it drew, and when its latest request began.
/// (The two counts are 16-bit, saturating, so the call's future stays as small as before.)
struct Progress {
    attempt: u32,
    requests: u16,
    drawn: u16,
    begun: Instant,
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
    pub(crate) fn call<R: Reading>(
        self,
        mut request: Request,
    ) -> impl Future<Output = Result<R::Output>> + Send + 'a {
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
                self.attempts::<R>(&mut request, observed, deadline)
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
    fn attempts<'s, R: Reading>(
        &'s self,
        request: &'s mut Request,
        observed: bool,
        deadline: Instant,
    ) -> impl Future<Output = Result<R::Output>> + Send + 's {
        async move {
            let mut auth = self.services.auth.call();
            let mut progress = Progress {
                attempt: 0,
                requests: 0,
                drawn: 0,
                begun: self.started(deadline),
            };
            loop {
                progress.attempt = progress.attempt.saturating_add(1);
                if observed {
                    record("attempt", progress.attempt.into());
                }
                let pass = match &self.services.shared_limits {
                    Some(shared) => {
                        let (pass, held) = self.admitted_shared(shared, request, deadline).await?;
                        if held {
                            progress.begun = Instant::now();
                        }
                        pass
                    }
                    None => match self.services.rate_limits.admit(request.endpoint()) {
                        Admission::Go(pass) => pass,
                        Admission::Hold(hold) => {
                            let pass = self.held(request.endpoint(), hold, deadline).await?;
                            progress.begun = Instant::now();
                            pass
                        }
                    },
                };
                let outcome = self
                    .attempt::<R>(request, &mut auth, &mut progress, deadline)
                    .await;
                let endpoint = request.endpoint();
                let operation = endpoint.operation;
                let (error, answered, held) = match outcome {
                    Ok((raw, rest)) => {
                        let taught = match &self.services.shared_limits {
                            Some(shared) if raw.status == StatusCode::TOO_MANY_REQUESTS => {
                                Box::pin(shared.learn(request, &raw)).await
                            }
                            _ => None,
                        };
                        // The mirror learns too: it decides whenever the store knows nothing
                        // (its knowledge lapsed, or it failed).
                        let held = self.services.rate_limits.answered(endpoint, pass, &raw);
                        let held = held.or(taught);
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
                            self.succeeded(endpoint, &progress, raw.status);
                            if observed {
                                record_elapsed(self.started(deadline));
                            }
                            return R::finish(Response::new(operation, raw), rest, self.options);
                        }
                        (error_from_answer(request.endpoint(), raw), true, held)
                    }
                    Err(error) => {
                        self.services.rate_limits.failed(endpoint, pass);
                        (error, false, None)
                    }
                };
                let delay = self
                    .retry_delay(request, &error, answered, held, progress.attempt, deadline)
                    .map(|delay| self.draw(operation, &error, &mut progress).map(|()| delay));
                let delay = match delay {
                    Some(Ok(delay)) => delay,
                    ended => {
                        self.observe(endpoint, &progress, Err(&error), Next::Done);
                        metrics::call_finished(endpoint, progress.attempt);
                        if observed {
                            record_elapsed(self.started(deadline));
                        }
                        let attempts = progress.attempt;
                        return Err(match ended {
                            Some(Err(())) => Error::RetryBudgetSpent {
                                attempts,
                                last: Box::new(error),
                            },
                            _ => error.after_attempts(attempts),
                        });
                    }
                };
                self.observe(endpoint, &progress, Err(&error), Next::Retry(delay));
                announce_retry(operation, progress.attempt, delay, &error);
                Box::pin(tokio::time::sleep(delay)).await;
                progress.begun = Instant::now();
            }
        }
    }

    /// After a call succeeded: what the retry budget gets back (a call that succeeded at once
    /// refills it a little; one that succeeded after retries gives back what they took), and
    /// what its hooks and metrics see.
    fn succeeded(&self, endpoint: &'static Endpoint, progress: &Progress, status: StatusCode) {
        if let Some(budget) = self.options.retry.retry_budget() {
            let back = if progress.attempt == 1 {
                budget.refill()
            } else {
                u32::from(progress.drawn)
            };
            self.services.retry_quota.give(back, budget);
        }
        self.observe(endpoint, progress, Ok(status), Next::Done);
        metrics::call_finished(endpoint, progress.attempt);
    }

    /// Draws one retry of `error`'s call from the retry budget; `Err` when it is spent.
    #[cold]
    fn draw(
        &self,
        operation: &'static str,
        error: &Error,
        progress: &mut Progress,
    ) -> std::result::Result<(), ()> {
        let Some(budget) = self.options.retry.retry_budget() else {
            return Ok(());
        };
        let cost = budget.cost(error.is_timeout());
        if !self.services.retry_quota.take(cost) {
            tracing::warn!(
                operation,
                "not retrying: the client's retry budget is spent"
            );
            return Err(());
        }
        let cost = u16::try_from(cost).unwrap_or(u16::MAX);
        progress.drawn = progress.drawn.saturating_add(cost);
        Ok(())
    }

    /// Tells the hooks and the metrics how the latest request of a call ended: its status (an
    /// answer that ends the call well) or its error, and what comes next.
    fn observe(
        &self,
        endpoint: &'static Endpoint,
        progress: &Progress,
        ended: std::result::Result<StatusCode, &Error>,
        next: Next,
    ) {
        let latency = progress.begun.elapsed();
        metrics::request_finished(endpoint, &self.services.server_address, ended, latency);
        if !self.services.hooks.is_empty() {
            self.after_hooks(endpoint, progress, ended, latency, next);
        }
    }

    /// Runs every hook's `after_request`.
    #[cold]
    #[inline(never)]
    fn after_hooks(
        &self,
        endpoint: &'static Endpoint,
        progress: &Progress,
        ended: std::result::Result<StatusCode, &Error>,
        latency: Duration,
        next: Next,
    ) {
        let info = request_info(endpoint, progress);
        let outcome = Outcome {
            status: ended.map_or_else(Error::status, Some),
            error_code: ended
                .err()
                .and_then(Error::api)
                .and_then(|api| api.error_code.as_deref()),
            error: ended.err(),
            latency,
            next,
        };
        for hook in &self.services.hooks {
            hook.after_request(&info, &outcome);
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
    fn attempt<'s, R: Reading>(
        &'s self,
        request: &'s mut Request,
        auth: &'s mut auth::Call<'a>,
        progress: &'s mut Progress,
        deadline: Instant,
    ) -> impl Future<Output = Answered<R>> + Send + 's {
        async move {
            loop {
                let Some((timed, limit)) = self.start::<R>(request, auth, progress, deadline)?
                else {
                    // Rare: wait (boxed) for a token or a Digest nonce, then build anew.
                    let operation = request.endpoint().operation;
                    if !auth.wait(operation, deadline).await? {
                        return Err(self.timed_out(operation, TimeLimit::Total));
                    }
                    progress.begun = Instant::now();
                    continue;
                };
                let raw = timed.await;
                let operation = request.endpoint().operation;
                let (raw, rest) = raw.map_err(|_| self.timed_out(operation, limit))??;
                if raw.status != StatusCode::UNAUTHORIZED {
                    auth.answered(request.url(), &raw);
                    return Ok((raw, rest));
                }
                if !auth.unauthorized(operation, request.url(), &raw)? {
                    return Ok((raw, rest));
                }
                self.reauthenticating(request.endpoint(), progress, &raw);
                progress.begun = Instant::now();
            }
        }
    }

    /// A 401 the credentials answer by sending the request again: what hooks and metrics see.
    #[cold]
    fn reauthenticating(
        &self,
        endpoint: &'static Endpoint,
        progress: &Progress,
        raw: &RawResponse,
    ) {
        let error = Error::from_response(endpoint.operation, endpoint.version, raw.clone());
        self.observe(endpoint, progress, Err(&error), Next::Reauthenticate);
    }

    /// Authorizes and starts one attempt: the answer read under the attempt's timer, and which
    /// limit that timer enforces; `None` when the credentials are not ready yet. `execute`
    /// takes the request here, so the future holds only reqwest's (boxed) pending request.
    fn start<R: Reading>(
        &self,
        request: &mut Request,
        auth: &mut auth::Call<'_>,
        progress: &mut Progress,
        deadline: Instant,
    ) -> Result<
        Option<(
            Timeout<impl Future<Output = Answered<R>> + Send + use<R>>,
            TimeLimit,
        )>,
    > {
        let operation = request.endpoint().operation;
        let mut outgoing = request.attempt();
        if !auth.authorize(operation, self.options, &mut outgoing)? {
            return Ok(None);
        }
        progress.requests = progress.requests.saturating_add(1);
        if !self.services.hooks.is_empty() {
            self.before_hooks(request.endpoint(), progress, &mut outgoing);
        }
        let pending = self.services.http.execute(outgoing);
        let attempt_deadline = later(progress.begun, self.options.timeout);
        let (at, limit) = if attempt_deadline < deadline {
            (attempt_deadline, TimeLimit::Attempt)
        } else {
            (deadline, TimeLimit::Total)
        };
        let max_bytes = self.options.max_response_bytes;
        let answer = pending
            .map_err(move |source| Error::transport(operation, source))
            .and_then(move |response| R::read(operation, response, max_bytes));
        Ok(Some((tokio::time::timeout_at(at, answer), limit)))
    }

    /// Runs every hook's `before_request` on `outgoing`'s headers, with its credentials taken
    /// out first and put back after (whatever a hook set as `Authorization` is dropped).
    #[cold]
    #[inline(never)]
    fn before_hooks(
        &self,
        endpoint: &'static Endpoint,
        progress: &Progress,
        outgoing: &mut reqwest::Request,
    ) {
        let headers = outgoing.headers_mut();
        let credentials = headers.remove(AUTHORIZATION);
        let info = request_info(endpoint, progress);
        for hook in &self.services.hooks {
            hook.before_request(&info, headers);
        }
        headers.remove(AUTHORIZATION);
        if let Some(credentials) = credentials {
            headers.insert(AUTHORIZATION, credentials);
        }
    }

    /// Waits until the rate limit lets the call go. Boxed: only held calls pay for its state.
    #[cold]
    fn held(
        &self,
        endpoint: &'static crate::Endpoint,
        hold: crate::rate_limit::Hold,
        deadline: Instant,
    ) -> Boxed<'_, Result<Pass>> {
        Box::pin(async move {
            let since = Instant::now();
            let held = self
                .services
                .rate_limits
                .hold(endpoint, hold, deadline)
                .await;
            metrics::rate_limit_held(endpoint, since.elapsed());
            held.map_err(|stopped| self.stopped(endpoint, stopped))
        })
    }

    /// Admits a call of a client with a shared store: the store decides when it knows the
    /// bucket, else this client's mirror; a call the mirror held for another call's answer asks
    /// the store again (another client may have taught it meanwhile). With whether the call
    /// was held.
    #[cold]
    fn admitted_shared<'s>(
        &'s self,
        shared: &'s SharedLimits,
        request: &'s Request,
        deadline: Instant,
    ) -> Boxed<'s, Result<(Pass, bool)>> {
        Box::pin(async move {
            let endpoint = request.endpoint();
            let since = Instant::now();
            let mut held = false;
            let pass = loop {
                match shared.admit(request, deadline).await {
                    Shared::Go(waited) => {
                        held |= waited;
                        break Pass::Free;
                    }
                    Shared::Stopped(stopped) => return Err(self.stopped(endpoint, stopped)),
                    Shared::Unknown => {}
                }
                match self.services.rate_limits.admit(endpoint) {
                    Admission::Go(pass) => break pass,
                    Admission::Hold(hold) => {
                        held = true;
                        let waited = self.services.rate_limits.wait(endpoint, hold, deadline);
                        if let Some(pass) = waited.await.map_err(|s| self.stopped(endpoint, s))? {
                            break pass;
                        }
                    }
                }
            };
            if held {
                metrics::rate_limit_held(endpoint, since.elapsed());
            }
            Ok((pass, held))
        })
    }

    /// The error of a call the rate limit stopped.
    fn stopped(&self, endpoint: &'static crate::Endpoint, stopped: Stopped) -> Error {
        match stopped {
            Stopped::RateLimited { until, asked } => Error::RateLimited {
                operation: endpoint.operation,
                asked,
                until: later_wall(
                    SystemTime::now(),
                    until.saturating_duration_since(Instant::now()),
                ),
            },
            Stopped::Deadline => self.timed_out(endpoint.operation, TimeLimit::Total),
        }
    }

    /// When the call whose total timeout ends at `deadline` started.
    fn started(&self, deadline: Instant) -> Instant {
        earlier(deadline, self.options.total_timeout.min(FAR_AHEAD))
    }

    /// The error of a timer that ran out while enforcing `which` limit.
    fn timed_out(&self, operation: &'static str, limit: TimeLimit) -> Error {
        let after = match limit {
            TimeLimit::Total => self.options.total_timeout,
            _ => self.options.timeout,
        };
        Error::Timeout {
            operation,
            limit,
            after: Some(after),
            source: None,
        }
    }
}

/// What hooks are told of a call's latest request.
fn request_info(endpoint: &'static Endpoint, progress: &Progress) -> RequestInfo {
    RequestInfo {
        endpoint,
        attempt: progress.attempt,
        request: u32::from(progress.requests),
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
fn error_from_answer(endpoint: &crate::Endpoint, raw: RawResponse) -> Error {
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
