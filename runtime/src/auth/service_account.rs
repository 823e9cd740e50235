//! Service accounts: OAuth2 client credentials, one cached token per client.
//!
//! The token is shared by clones of the client and by all concurrent calls: a cold client
//! sends exactly one token request however many calls wait for it (single flight). The fetch
//! runs in its own task, so cancelling the call that started it does not cancel it. A token is
//! refreshed in the background once less than a margin of its lifetime remains: a fifth of
//! the lifetime, at most 60 s, of the lifetime counted a second short of `expires_in` (so
//! 60 s for Atlas's 3600 s tokens, 0.2 s for a 2 s token).
//!
//! Nothing the token endpoint does can wedge the client: each token request runs under the
//! attempt timeout of the call that started the fetch, and the whole fetch (429s waited out,
//! the shared cache's lock) under its total timeout; a fetch that runs out is abandoned and
//! the next call starts a new one. A background refresh that fails leaves the current token
//! in use until it expires. Answers are read up to [`MAX_TOKEN_ANSWER`] bytes, lifetimes are
//! capped at [`MAX_TOKEN_LIFETIME`], and an empty token is refused.

use super::bearer;
use crate::clock::{earlier, later, later_wall};
use crate::error::{Error, RawResponse, Result};
use crate::options::CallOptions;
use crate::secret::Secret;
use crate::token_cache::{MAX_TOKEN_LIFETIME, StoredToken, TokenCache};
use base64::Engine;
use reqwest::StatusCode;
use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderMap, HeaderValue};
use serde::Deserialize;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;
use tokio::sync::watch;
use tokio::time::Instant;
use url::Url;

/// The refresh margin never exceeds this.
const MAX_MARGIN: Duration = Duration::from_secs(60);
/// The lifetime assumed when the token endpoint gives no `expires_in`.
const DEFAULT_LIFETIME: Duration = Duration::from_secs(3600);
/// How many times a 429 from the token endpoint is waited out.
const MAX_RATE_LIMIT_RETRIES: u32 = 3;
/// The longest `Retry-After` waited for; a longer one fails the fetch.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(30);
/// The wait after a 429 without a usable `Retry-After`.
const DEFAULT_RETRY_AFTER: Duration = Duration::from_secs(1);
/// The largest token answer read; a larger one fails the fetch unread.
pub(crate) const MAX_TOKEN_ANSWER: usize = 64 * 1024;

/// The refresh margin for a token of this lifetime: `min(60 s, lifetime / 5)`.
pub(crate) fn refresh_margin(lifetime: Duration) -> Duration {
    MAX_MARGIN.min(lifetime.checked_div(5).unwrap_or_default())
}

/// How long a fetch may take: one token request (`attempt`), and all of it (`total`).
#[derive(Clone, Copy)]
pub(crate) struct Limits {
    attempt: Duration,
    total: Duration,
}

impl Limits {
    /// The limits of a call made with `options`.
    pub(crate) fn of(options: &CallOptions) -> Self {
        Self {
            attempt: options.timeout,
            total: options.total_timeout,
        }
    }
}

/// An access token and when to replace it.
pub(crate) struct Token {
    header: HeaderValue,
    value: Secret,
    refresh_at: Instant,
    expires_at: Instant,
    lifetime: Duration,
}

/// Why a fetch failed, shareable among all the calls that waited for it.
#[derive(Clone)]
struct Failure {
    message: String,
    code: Option<String>,
    response: Option<Box<RawResponse>>,
    source: Option<Arc<reqwest::Error>>,
}

impl Failure {
    fn message(message: String) -> Self {
        Self {
            message,
            code: None,
            response: None,
            source: None,
        }
    }

    fn into_error(self, operation: &'static str) -> Error {
        Error::Auth {
            operation,
            scheme: "ServiceAccount",
            message: self.message,
            code: self.code,
            response: self.response,
            source: self.source,
        }
    }
}

type Outcome = Option<Result<Arc<Token>, Failure>>;

#[derive(Default)]
struct Slot {
    token: Option<Arc<Token>>,
    pending: Option<watch::Receiver<Outcome>>,
    /// The background refresh of `token` failed: it stays in use until it expires.
    refresh_failed: bool,
    /// The last token Atlas refused or the client revoked: never taken from the shared cache.
    dropped: Option<Arc<Token>>,
}

/// The token cache of one client and how to fill it.
pub(crate) struct TokenSource {
    http: reqwest::Client,
    token_url: Url,
    revoke_url: Url,
    /// `Basic base64(client_id:secret)`, marked sensitive.
    basic: HeaderValue,
    slot: Mutex<Slot>,
    /// The token cache shared with other processes, when the client opted in.
    cache: Option<TokenCache>,
}

impl TokenSource {
    /// A token source for `{base}/api/oauth/token`; fetches nothing yet.
    pub(crate) fn new(
        http: reqwest::Client,
        base_url: &Url,
        client_id: &str,
        secret: &Secret,
    ) -> Result<Self> {
        let endpoint = |path: &str| {
            base_url
                .join(path)
                .map_err(|error| Error::Config(format!("cannot form the {path} URL: {error}")))
        };
        let encode =
            |text: &str| url::form_urlencoded::byte_serialize(text.as_bytes()).collect::<String>();
        let pair = format!("{}:{}", encode(client_id), encode(secret.expose()));
        let encoded = base64::engine::general_purpose::STANDARD.encode(pair);
        let mut basic = HeaderValue::try_from(format!("Basic {encoded}"))
            .map_err(|_| Error::Config("the client id cannot be sent in a header".into()))?;
        basic.set_sensitive(true);
        Ok(Self {
            http,
            token_url: endpoint("/api/oauth/token")?,
            revoke_url: endpoint("/api/oauth/revoke")?,
            basic,
            slot: Mutex::new(Slot::default()),
            cache: None,
        })
    }

    /// Shares tokens with other processes through `cache`.
    pub(crate) fn with_cache(mut self, cache: Option<TokenCache>) -> Self {
        self.cache = cache;
        self
    }

    fn slot(&self) -> MutexGuard<'_, Slot> {
        crate::sync::lock(&self.slot)
    }

    /// The current token, fetching one if there is none or it expired. Past its refresh point a
    /// still valid token is returned while a background fetch replaces it.
    pub(crate) async fn token(
        self: &Arc<Self>,
        operation: &'static str,
        limits: Limits,
    ) -> Result<Arc<Token>> {
        match self.current(limits) {
            Ok(token) => Ok(token),
            Err(fetch) => fetched(fetch, operation).await,
        }
    }

    /// The current token without waiting, or the fetch to wait for when there is no valid
    /// one (started here if none is running). Past its refresh point a still valid token is
    /// returned while a background fetch replaces it.
    fn current(self: &Arc<Self>, limits: Limits) -> Result<Arc<Token>, watch::Receiver<Outcome>> {
        let mut slot = self.slot();
        // A fetch whose task died with its runtime no longer counts as pending.
        slot.pending = slot
            .pending
            .take()
            .filter(|receiver| receiver.has_changed().is_ok());
        let now = Instant::now();
        let current = slot.token.clone().filter(|token| now < token.expires_at);
        if let Some(token) = &current
            && (now < token.refresh_at || slot.pending.is_some() || slot.refresh_failed)
        {
            return Ok(Arc::clone(token));
        }
        let receiver = match &slot.pending {
            Some(receiver) => receiver.clone(),
            None => {
                let (sender, receiver) = watch::channel(None);
                slot.pending = Some(receiver.clone());
                tokio::spawn(Arc::clone(self).fetch_into(sender, limits));
                receiver
            }
        };
        current.ok_or(receiver)
    }

    /// Fetches a token within `limits.total`, stores it, and tells every waiting call.
    async fn fetch_into(self: Arc<Self>, sender: watch::Sender<Outcome>, limits: Limits) {
        let outcome = tokio::time::timeout(limits.total, self.fetch_shared(limits))
            .await
            .unwrap_or_else(|_| {
                Err(Failure::message(format!(
                    "no token within {:?} (the total timeout); the next call asks again",
                    limits.total
                )))
            })
            .map(Arc::new);
        {
            let mut slot = self.slot();
            match &outcome {
                Ok(token) => {
                    slot.token = Some(Arc::clone(token));
                    slot.refresh_failed = false;
                }
                Err(failure) => {
                    let valid = slot
                        .token
                        .as_ref()
                        .is_some_and(|token| Instant::now() < token.expires_at);
                    if valid {
                        tracing::warn!(
                            error = %failure.message,
                            "refreshing the service-account token failed; the current one stays in use until it expires"
                        );
                    }
                    slot.refresh_failed = valid;
                }
            }
            slot.pending = None;
        }
        sender.send_replace(Some(outcome));
    }

    /// Forgets `token` if it is still the current one (after Atlas refused it).
    pub(crate) fn invalidate(&self, token: &Arc<Token>) {
        let mut slot = self.slot();
        if slot
            .token
            .as_ref()
            .is_some_and(|current| Arc::ptr_eq(current, token))
        {
            slot.token = None;
        }
        slot.dropped = Some(Arc::clone(token));
    }

    /// A token from the shared cache when it holds a fresh one, else fetched (and shared).
    async fn fetch_shared(&self, limits: Limits) -> Result<Token, Failure> {
        let Some(cache) = &self.cache else {
            return self.fetch(limits).await;
        };
        let dropped = self.slot().dropped.clone();
        let usable = |stored: &StoredToken| {
            Token::is_fresh(stored)
                && dropped
                    .as_ref()
                    .is_none_or(|token| token.value.expose() != stored.access_token.expose())
        };
        let fetched = async { self.fetch(limits).await.map(|token| token.stored()) };
        let stored = cache.get_or_fetch(usable, fetched).await?;
        Token::from_stored(stored)
    }

    /// One token request, waiting out up to three 429s.
    async fn fetch(&self, limits: Limits) -> Result<Token, Failure> {
        let mut rate_limited = 0u32;
        loop {
            let started = Instant::now();
            crate::metrics::token_fetched();
            let response = self
                .post(
                    &self.token_url,
                    "grant_type=client_credentials".into(),
                    limits.attempt,
                )
                .await?;
            if response.status == StatusCode::TOO_MANY_REQUESTS
                && rate_limited < MAX_RATE_LIMIT_RETRIES
                && let Some(wait) = retry_after(&response.headers)
            {
                rate_limited = rate_limited.saturating_add(1);
                tracing::debug!(
                    wait_ms = wait.as_millis() as u64,
                    attempt = rate_limited,
                    "token endpoint rate limited; waiting for Retry-After"
                );
                tokio::time::sleep(wait).await;
                continue;
            }
            if !response.status.is_success() {
                return Err(token_endpoint_refused("the token endpoint", response));
            }
            let token = parse_token(&response.body, started)?;
            tracing::debug!(
                lifetime_s = token.lifetime.as_secs_f64(),
                "service-account token fetched"
            );
            return Ok(token);
        }
    }

    /// One POST to `url`, answered within `timeout` and [`MAX_TOKEN_ANSWER`] bytes.
    async fn post(
        &self,
        url: &Url,
        form: String,
        timeout: Duration,
    ) -> Result<RawResponse, Failure> {
        let unreachable = |error: reqwest::Error| Failure {
            message: format!("could not reach {url}: {error}"),
            code: None,
            response: None,
            source: Some(Arc::new(error)),
        };
        let exchange = async {
            let response = self
                .http
                .post(url.clone())
                .header(AUTHORIZATION, self.basic.clone())
                .header(ACCEPT, "application/json")
                .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(form)
                .send()
                .await
                .map_err(unreachable)?;
            crate::read::body("token", response, MAX_TOKEN_ANSWER)
                .await
                .map_err(|error| match error {
                    Error::Transport { source, .. } => unreachable(source),
                    other => Failure::message(format!("{url}: {other}")),
                })
        };
        tokio::time::timeout(timeout, exchange)
            .await
            .unwrap_or_else(|_| {
                Err(Failure::message(format!(
                    "{url} did not answer within {timeout:?} (the attempt timeout)"
                )))
            })
    }

    /// Revokes the cached token, if any, at `{base}/api/oauth/revoke`; the next call fetches
    /// a new one.
    pub(crate) async fn revoke(&self, operation: &'static str, limits: Limits) -> Result<()> {
        let token = {
            let mut slot = self.slot();
            let Some(token) = slot.token.take() else {
                return Ok(());
            };
            slot.dropped = Some(Arc::clone(&token));
            token
        };
        let value: String =
            url::form_urlencoded::byte_serialize(token.value.expose().as_bytes()).collect();
        let form = format!("token={value}&token_type_hint=access_token");
        let response = self
            .post(&self.revoke_url, form, limits.attempt)
            .await
            .map_err(|failure| failure.into_error(operation))?;
        if response.status.is_success() {
            tracing::debug!("service-account token revoked");
            Ok(())
        } else {
            Err(token_endpoint_refused("the revocation endpoint", response).into_error(operation))
        }
    }
}

/// The token a running fetch brings, or why it failed.
async fn fetched(
    mut fetch: watch::Receiver<Outcome>,
    operation: &'static str,
) -> Result<Arc<Token>> {
    let outcome = fetch
        .wait_for(Option::is_some)
        .await
        .map(|outcome| outcome.clone())
        .ok()
        .flatten()
        .unwrap_or_else(|| Err(Failure::message("the token fetch was abandoned".into())));
    outcome.map_err(|failure| failure.into_error(operation))
}

/// The per-call state: the token sent, the fetch waited for, whether the call already
/// retried after a 401, and whether it already started a fetch again after one that got no
/// answer.
pub(crate) struct Call<'a> {
    source: &'a Arc<TokenSource>,
    used: Option<Arc<Token>>,
    /// The fetch to wait for before the next attempt.
    pending: Option<watch::Receiver<Outcome>>,
    /// The token that fetch brought, for the next attempt.
    fetched: Option<Arc<Token>>,
    retried: bool,
    refetched: bool,
}

impl<'a> Call<'a> {
    pub(crate) fn new(source: &'a Arc<TokenSource>) -> Self {
        Self {
            source,
            used: None,
            pending: None,
            fetched: None,
            retried: false,
            refetched: false,
        }
    }

    /// Adds the current token to the attempt; `false` when there is none yet (await
    /// [`Call::wait`], then authorize again). A fetch started here runs within `limits`.
    pub(crate) fn authorize(&mut self, limits: Limits, request: &mut reqwest::Request) -> bool {
        let token = match self.fetched.take() {
            Some(token) => token,
            None => match self.source.current(limits) {
                Ok(token) => token,
                Err(fetch) => {
                    self.pending = Some(fetch);
                    return false;
                }
            },
        };
        request
            .headers_mut()
            .insert(AUTHORIZATION, token.header.clone());
        self.used = Some(token);
        true
    }

    /// Waits, at most until `deadline`, for the token fetch; `Ok(false)` when the deadline
    /// passed first, the fetch's failure when it failed. A fetch that got no answer (it
    /// stalled, or the endpoint could not be reached; perhaps a background refresh the call
    /// found under way) is followed once by a fetch of the call's own: `Ok(true)` with no
    /// token, so the next authorization starts it.
    pub(crate) async fn wait(
        &mut self,
        operation: &'static str,
        deadline: Instant,
    ) -> Result<bool> {
        let Some(fetch) = self.pending.take() else {
            return Ok(true);
        };
        match tokio::time::timeout_at(deadline, fetched(fetch, operation)).await {
            Ok(Ok(token)) => {
                self.fetched = Some(token);
                Ok(true)
            }
            Ok(Err(Error::Auth {
                response: None,
                code: None,
                ..
            })) if !self.refetched => {
                self.refetched = true;
                Ok(true)
            }
            Ok(Err(error)) => Err(error),
            Err(_) => Ok(false),
        }
    }

    /// After a 401: drops the refused token and retries once with a fresh one.
    pub(crate) fn unauthorized(&mut self) -> bool {
        if self.retried {
            return false;
        }
        if let Some(token) = self.used.take() {
            tracing::debug!("cached service-account token refused; fetching a new one");
            self.source.invalidate(&token);
        }
        self.retried = true;
        true
    }
}

impl Token {
    /// The token as the shared cache keeps it.
    fn stored(&self) -> StoredToken {
        let left = self.expires_at.saturating_duration_since(Instant::now());
        StoredToken {
            access_token: self.value.clone(),
            expires_at: later_wall(std::time::SystemTime::now(), left),
            lifetime: self.lifetime,
        }
    }

    /// Whether a cached token is worth using: it is not yet due for a refresh.
    fn is_fresh(stored: &StoredToken) -> bool {
        stored
            .expires_at
            .duration_since(std::time::SystemTime::now())
            .is_ok_and(|left| left > refresh_margin(stored.lifetime))
    }

    /// A token read from the shared cache.
    fn from_stored(stored: StoredToken) -> Result<Self, Failure> {
        let left = stored
            .expires_at
            .duration_since(std::time::SystemTime::now())
            .unwrap_or_default()
            .min(MAX_TOKEN_LIFETIME);
        let lifetime = stored.lifetime.min(MAX_TOKEN_LIFETIME);
        let header = bearer::header(&stored.access_token)
            .ok()
            .filter(|_| !stored.access_token.expose().is_empty())
            .ok_or_else(|| {
                Failure::message("the token cache holds a token that cannot be sent".into())
            })?;
        let expires_at = later(Instant::now(), left);
        Ok(Self {
            header,
            value: stored.access_token,
            refresh_at: earlier(expires_at, refresh_margin(lifetime)),
            expires_at,
            lifetime,
        })
    }
}

#[derive(Deserialize)]
struct TokenBody {
    access_token: String,
    token_type: Option<String>,
    expires_in: Option<f64>,
}

/// The lifetime the client counts for an `expires_in`: a second less. `expires_in` is whole
/// seconds, and servers date a token to the second (oidc-provider sets `exp` to the current
/// whole second plus the lifetime), so a token can expire up to a second before `expires_in`
/// says: found against oidc-provider with 2-second tokens, whose calls were refused. A token of
/// a second or less counts half its lifetime.
fn counted_lifetime(expires_in: Duration) -> Duration {
    const ONE: Duration = Duration::from_secs(1);
    if expires_in > ONE {
        expires_in.saturating_sub(ONE)
    } else {
        expires_in.checked_div(2).unwrap_or_default()
    }
}

fn parse_token(body: &[u8], started: Instant) -> Result<Token, Failure> {
    let malformed = || {
        Failure::message(format!(
            "the token endpoint answered success with a body that is not a bearer token ({} bytes)",
            body.len()
        ))
    };
    let parsed: TokenBody = serde_json::from_slice(body).map_err(|_| malformed())?;
    if parsed
        .token_type
        .as_deref()
        .is_some_and(|kind| !kind.eq_ignore_ascii_case("bearer"))
    {
        return Err(malformed());
    }
    if parsed.access_token.trim().is_empty() {
        return Err(Failure::message(
            "the token endpoint answered success with an empty access_token; nothing was sent with it"
                .into(),
        ));
    }
    let lifetime = parsed
        .expires_in
        .and_then(|seconds| crate::clock::seconds(seconds, MAX_TOKEN_LIFETIME))
        .filter(|lifetime| !lifetime.is_zero())
        .map_or(DEFAULT_LIFETIME, counted_lifetime);
    let value = Secret::new(parsed.access_token);
    let header = bearer::header(&value).map_err(|_| malformed())?;
    let expires_at = later(started, lifetime);
    Ok(Token {
        header,
        value,
        refresh_at: earlier(expires_at, refresh_margin(lifetime)),
        expires_at,
        lifetime,
    })
}

#[derive(Deserialize)]
struct OAuthError {
    error: Option<String>,
    error_description: Option<String>,
}

/// A non-success answer of the token or revocation endpoint, keeping the OAuth2 `error`.
fn token_endpoint_refused(what: &str, response: RawResponse) -> Failure {
    let parsed: Option<OAuthError> = serde_json::from_slice(&response.body).ok();
    let (code, description) =
        parsed.map_or((None, None), |body| (body.error, body.error_description));
    let mut message = format!("{what} answered {}", response.status);
    if let Some(code) = &code {
        message.push(' ');
        message.push_str(code);
    }
    if let Some(description) = description {
        message.push_str(": ");
        message.push_str(&description);
    }
    Failure {
        message,
        code,
        response: Some(Box::new(response)),
        source: None,
    }
}

/// A `Retry-After` (seconds or a date) of at most [`MAX_RETRY_AFTER`]; the default wait when
/// absent, `None` when unreadable or longer.
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    if !headers.contains_key(reqwest::header::RETRY_AFTER) {
        return Some(DEFAULT_RETRY_AFTER);
    }
    crate::retry::retry_after(headers).filter(|wait| *wait <= MAX_RETRY_AFTER)
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::RETRY_AFTER;

    #[test]
    fn margin_is_a_fifth_of_the_lifetime_at_most_a_minute() {
        assert_eq!(refresh_margin(Duration::from_secs(3600)), MAX_MARGIN);
        assert_eq!(
            refresh_margin(Duration::from_secs(2)),
            Duration::from_millis(400)
        );
        assert_eq!(refresh_margin(Duration::from_secs(300)), MAX_MARGIN);
    }

    #[test]
    fn retry_after_is_bounded() {
        let mut headers = HeaderMap::new();
        assert_eq!(retry_after(&headers), Some(DEFAULT_RETRY_AFTER));
        headers.insert(RETRY_AFTER, HeaderValue::from_static("2"));
        assert_eq!(retry_after(&headers), Some(Duration::from_secs(2)));
        headers.insert(RETRY_AFTER, HeaderValue::from_static("3600"));
        assert_eq!(retry_after(&headers), None);
        headers.insert(RETRY_AFTER, HeaderValue::from_static("soon"));
        assert_eq!(retry_after(&headers), None);
        headers.insert(
            RETRY_AFTER,
            HeaderValue::from_static("10000000000000000000"),
        );
        assert_eq!(retry_after(&headers), None);
    }

    #[test]
    fn token_bodies() {
        let now = Instant::now();
        let token = parse_token(
            br#"{"access_token":"t","token_type":"Bearer","expires_in":3600}"#,
            now,
        )
        .ok()
        .expect("a token");
        // A second less than expires_in (servers date tokens to the second), refreshed a
        // minute before.
        assert_eq!(token.expires_at - now, Duration::from_secs(3599));
        assert_eq!(token.refresh_at - now, Duration::from_secs(3539));
        let short = parse_token(br#"{"access_token":"t","expires_in":2}"#, now)
            .ok()
            .expect("a token");
        assert_eq!(short.expires_at - now, Duration::from_secs(1));
        assert_eq!(short.refresh_at - now, Duration::from_millis(800));
        assert!(parse_token(br#"{"access_token":"t","token_type":"mac"}"#, now).is_err());
        assert!(parse_token(b"<html>", now).is_err());
        assert!(parse_token(br#"{"access_token":"","token_type":"Bearer"}"#, now).is_err());
        assert!(parse_token(br#"{"access_token":"  "}"#, now).is_err());
        for absurd in ["1e19", "1e308", "18446744073709551616"] {
            let body = format!(r#"{{"access_token":"t","expires_in":{absurd}}}"#);
            let token = parse_token(body.as_bytes(), now).ok().expect("a token");
            assert_eq!(
                token.lifetime,
                MAX_TOKEN_LIFETIME - Duration::from_secs(1),
                "{absurd}"
            );
        }
    }
}
