//! An embedded local Atlas emulator: a real HTTP server on `127.0.0.1`, for examples and tests.
//!
//! It routes by method and path template (register routes with the endpoints you declared),
//! checks the credentials and the versioned `Accept` header as Atlas does, checks JSON request
//! bodies against the operation's schema for the declared version (unknown fields, wrong JSON
//! types, values outside an enum, read-only properties, and for `POST`/`PUT` missing required
//! properties: Atlas's `400 VALIDATION_ERROR`, naming each field, before any route runs),
//! answers Atlas-shaped errors, and records every request it receives. A request that no route serves
//! gets the emulator's own answer, which no Atlas server gives: `501` with a plain-text body,
//! "no route in the emulator for GET /groups/…; routed: …", which the client's error quotes.
//!
//! In its stateful mode ([`Emulator::atlas`], [`Emulator::stateful`]) it is a local Atlas that
//! needs no routes: requests no route serves are answered from an in-memory [`Atlas`] of
//! projects, clusters (with their `CREATING` / `UPDATING` / `DELETING` lifecycles, see
//! [`Lifecycle`]), database users, IP access list entries and organization invitations, in the
//! version the `Accept` header asks for. [`check_answer`] checks an answer against the
//! operation-version's schema.
//!
//! It accepts one scheme, chosen with [`Emulator::start_with`]: a static bearer token (the
//! default of [`Emulator::start`]), a service account (with a token endpoint at
//! `/api/oauth/token` and `/api/oauth/revoke`) or an API key (HTTP Digest). [`Emulator::auth_stats`]
//! counts token requests and Digest challenges.
//!
//! ```no_run
//! # use atlas_endpoint::{atlas_endpoint, Client, Result};
//! # use atlas_endpoint::testing::{Emulator, Reply};
//! #[atlas_endpoint(DELETE, "/orgs/<orgId>/invites/<invitationId>", deprecated)]
//! pub async fn delete_org_invite(client: &Client, org_id: &str, invitation_id: &str) -> Result<()>;
//!
//! # async fn run() -> Result<()> {
//! let emulator = Emulator::start().await.expect("bind 127.0.0.1");
//! emulator.route(&delete_org_invite::ENDPOINT, |_request| Reply::no_content());
//! # #[allow(deprecated)]
//! delete_org_invite(&emulator.client(), "5f1b2c3d4e5f6a7b8c9d0e1f", "65a1b2c3d4e5f6a7b8c9d0e1").await?;
//! assert_eq!(emulator.requests().len(), 1);
//! # Ok(()) }
//! ```

// The stateful mode (`stateful`) and the dispatch here are under the crate's deny of
// `clippy::arithmetic_side_effects`; these two older modules keep their bookkeeping arithmetic.
#[allow(
    clippy::arithmetic_side_effects,
    reason = "token expiries, Digest parsing offsets and nonce counts of the emulator's own auth"
)]
mod auth;
mod body_check;
mod recorded;
mod redact;
mod reply;
mod routing;
mod stateful;

// Atlas's token buckets, per route.
#[allow(
    clippy::arithmetic_side_effects,
    reason = "bucket refills computed from the test's own bucket settings"
)]
mod rate_limit;

pub use crate::auth::DigestAlgorithm;
pub use auth::{AuthStats, DIGEST_REALM, EmulatorAuth};
pub use rate_limit::TokenBucket;
pub use recorded::RecordedRequest;
pub use reply::{Fault, Reply};
pub use stateful::{Atlas, Lifecycle};

use crate::auth::Credentials;
use crate::client::{Client, ClientBuilder};
use crate::endpoint::Endpoint;
use crate::sync::lock;
use atlas_endpoint_catalog::{OPERATIONS, SchemaRef};
use auth::AuthServer;
use bytes::Bytes;
use http_body_util::combinators::BoxBody;
use http_body_util::{BodyExt, Full, StreamBody};
use hyper::body::{Frame, Incoming};
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use rate_limit::Limiter;
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

/// The prefix of every Administration API v2 path.
const API_PREFIX: &str = "/api/atlas/v2";

type Handler = Arc<dyn Fn(&RecordedRequest) -> Reply + Send + Sync>;

struct Route {
    endpoint: &'static Endpoint,
    handler: Handler,
}

struct State {
    token: String,
    auth: AuthServer,
    routes: Mutex<Vec<Route>>,
    limiters: Mutex<Vec<(&'static Endpoint, Limiter)>>,
    requests: Mutex<Vec<RecordedRequest>>,
    /// The stateful mode's Atlas, when it is on.
    atlas: Mutex<Option<Atlas>>,
}

/// A running emulator. It stops when dropped.
pub struct Emulator {
    address: SocketAddr,
    state: Arc<State>,
    server: JoinHandle<()>,
}

impl Emulator {
    /// Starts an emulator on a free port of `127.0.0.1`, inside the current tokio runtime,
    /// accepting its static bearer token.
    pub async fn start() -> std::io::Result<Self> {
        Self::start_with(EmulatorAuth::Bearer).await
    }

    /// Starts an emulator that accepts the given scheme.
    pub async fn start_with(auth: EmulatorAuth) -> std::io::Result<Self> {
        let listener = TcpListener::bind(("127.0.0.1", 0)).await?;
        let address = listener.local_addr()?;
        let token = format!("emulator-token-{}", address.port());
        let state = Arc::new(State {
            auth: AuthServer::new(auth, token.clone()),
            token,
            routes: Mutex::new(Vec::new()),
            limiters: Mutex::new(Vec::new()),
            requests: Mutex::new(Vec::new()),
            atlas: Mutex::new(None),
        });
        let server = tokio::spawn(serve(listener, Arc::clone(&state)));
        Ok(Self {
            address,
            state,
            server,
        })
    }

    /// Starts an emulator in the stateful mode (see [`Emulator::stateful`]) with
    /// [`Lifecycle::instant`], accepting its static bearer token: a local Atlas that needs no
    /// routes.
    pub async fn atlas() -> std::io::Result<Self> {
        let emulator = Self::start().await?;
        emulator.stateful(Lifecycle::instant());
        Ok(emulator)
    }

    /// Turns on the stateful mode with a fresh, empty [`Atlas`] whose clusters change state as
    /// `lifecycle` says, and returns it.
    ///
    /// A request no route serves is then matched by method and path against the catalog's
    /// templates of the operations [`Atlas::operations`] lists, whatever the test's declaration
    /// calls them, and answered from memory in the version its `Accept` header asks for (with
    /// that version's media type, and shaped by its answer schema). The token, the `Accept`
    /// header, the body and rate limits are checked as for routes. Routes still win, and a
    /// route can start from the stateful answer with [`Atlas::answer`].
    ///
    /// Each call starts afresh: a second call replaces the emulator's Atlas with a new, empty
    /// one (with the new `lifecycle`), and the [`Atlas`] the first call returned no longer
    /// answers the emulator's requests. Use [`Emulator::atlas_state`] to get the current one.
    pub fn stateful(&self, lifecycle: Lifecycle) -> Atlas {
        let atlas = Atlas::new(lifecycle);
        *lock(&self.state.atlas) = Some(atlas.clone());
        atlas
    }

    /// The stateful mode's [`Atlas`], when the mode is on.
    pub fn atlas_state(&self) -> Option<Atlas> {
        lock(&self.state.atlas).clone()
    }

    /// `http://127.0.0.1:<port>`: the base URL to give a client.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// The static bearer token the emulator accepts with [`EmulatorAuth::Bearer`].
    pub fn token(&self) -> &str {
        &self.state.token
    }

    /// The scheme the emulator accepts.
    pub fn auth(&self) -> &EmulatorAuth {
        self.state.auth.config()
    }

    /// Credentials the emulator accepts.
    pub fn credentials(&self) -> Credentials {
        self.auth().credentials(self.token())
    }

    /// A client builder already pointed at the emulator, with credentials it accepts.
    pub fn client_builder(&self) -> ClientBuilder {
        Client::builder()
            .base_url(self.base_url())
            .credentials(self.credentials())
    }

    /// A client pointed at the emulator, with credentials it accepts.
    pub fn client(&self) -> Client {
        self.client_builder()
            .build()
            .expect("a loopback base URL and valid credentials always build")
    }

    /// What authentication did so far: token requests, Digest challenges, refusals.
    pub fn auth_stats(&self) -> AuthStats {
        self.state.auth.stats()
    }

    /// When each service-account token was issued, in order.
    pub fn token_issue_times(&self) -> Vec<std::time::Instant> {
        self.state.auth.token_issue_times()
    }

    /// Makes the next `times` token requests answer 429 with `Retry-After: retry_after_secs`.
    pub fn rate_limit_token_endpoint(&self, times: usize, retry_after_secs: u64) {
        self.state.auth.rate_limit_tokens(times, retry_after_secs);
    }

    /// Forgets every issued token, as if they were revoked: API calls with them get 401.
    pub fn forget_tokens(&self) {
        self.state.auth.forget_tokens();
    }

    /// Serves `endpoint` with `handler`, which sees each request after the token and the
    /// `Accept` header passed. A later route for the same endpoint replaces an earlier one;
    /// when routes of several endpoints fit a request, the template with the most literal
    /// segments wins, then the route added last.
    pub fn route(
        &self,
        endpoint: &'static Endpoint,
        handler: impl Fn(&RecordedRequest) -> Reply + Send + Sync + 'static,
    ) {
        let mut routes = lock(&self.state.routes);
        routes.retain(|route| !std::ptr::eq(route.endpoint, endpoint));
        routes.push(Route {
            endpoint,
            handler: Arc::new(handler),
        });
    }

    /// Serves `endpoint` with `replies` in order, then the last one again: a script for
    /// testing retries and faults.
    pub fn route_sequence(&self, endpoint: &'static Endpoint, replies: Vec<Reply>) {
        let served = std::sync::atomic::AtomicUsize::new(0);
        self.route(endpoint, move |_| {
            let index = served.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            replies
                .get(index)
                .or(replies.last())
                .cloned()
                .unwrap_or_else(Reply::no_content)
        });
    }

    /// Rate-limits `endpoint` with a token bucket, as Atlas does: a request finding it empty
    /// gets 429 `RATE_LIMITED_TOKEN_BUCKET` with `Retry-After` and `parameters: [path,
    /// retryAfterSeconds, capacity, refillRate, refillDurationSeconds]` (the handler is not
    /// called). Answers carry `RateLimit-Limit` / `RateLimit-Remaining` unless the bucket is
    /// [`TokenBucket::without_headers`]. Replaces an earlier bucket of the same endpoint.
    pub fn rate_limit(&self, endpoint: &'static Endpoint, bucket: TokenBucket) {
        let mut limiters = lock(&self.state.limiters);
        limiters.retain(|(limited, _)| !std::ptr::eq(*limited, endpoint));
        limiters.push((endpoint, Limiter::new(bucket)));
    }

    /// Every request received so far, in order of arrival (token-endpoint requests and
    /// answered Digest challenges included).
    pub fn requests(&self) -> Vec<RecordedRequest> {
        lock(&self.state.requests).clone()
    }

    /// Forgets the requests received so far.
    pub fn clear_requests(&self) {
        lock(&self.state.requests).clear();
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        self.server.abort();
    }
}

async fn serve(listener: TcpListener, state: Arc<State>) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        let state = Arc::clone(&state);
        tokio::spawn(async move {
            let service = service_fn(move |request| {
                let state = Arc::clone(&state);
                async move { answer(&state, request).await }
            });
            // A client closing the connection early is not the emulator's concern.
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

/// A response body that can fail on purpose.
type Body = BoxBody<Bytes, std::io::Error>;

async fn answer(
    state: &State,
    request: hyper::Request<Incoming>,
) -> std::io::Result<hyper::Response<Body>> {
    let received = std::time::Instant::now();
    let (parts, body) = request.into_parts();
    let body = body
        .collect()
        .await
        .map(|collected| collected.to_bytes())
        .unwrap_or_default();
    let mut recorded = RecordedRequest {
        method: parts.method.to_string(),
        path: parts.uri.path().to_owned(),
        query: parts.uri.query().map(str::to_owned),
        headers: parts
            .headers
            .iter()
            .map(|(name, value)| {
                (
                    name.as_str().to_owned(),
                    String::from_utf8_lossy(value.as_bytes()).into_owned(),
                )
            })
            .collect(),
        body,
        path_params: BTreeMap::new(),
        status: 0,
        received,
    };
    let reply = dispatch(state, &mut recorded);
    recorded.status = reply.status;
    lock(&state.requests).push(recorded);
    if !reply.delay.is_zero() {
        tokio::time::sleep(reply.delay).await;
    }
    if reply.fault == Some(Fault::ResetBeforeHeaders) {
        return Err(reset());
    }
    let mut response = hyper::Response::builder().status(reply.status);
    for (name, value) in &reply.headers {
        response = response.header(name, value);
    }
    let length = reply.generated.unwrap_or(reply.body.len() as u64);
    if reply.fault.is_some() || reply.generated.is_some() {
        response = response.header("content-length", length);
    }
    let body = match reply.generated {
        Some(length) => generated_body(length, reply.fault),
        None => response_body(reply.body, reply.fault),
    };
    response
        .body(body)
        .map_err(|error| std::io::Error::other(error.to_string()))
}

fn dispatch(state: &State, request: &mut RecordedRequest) -> Reply {
    if let Some(reply) = state.auth.oauth_endpoint(request) {
        return reply;
    }
    let Some(path) = request.path.strip_prefix(API_PREFIX) else {
        return Reply::atlas_error(
            404,
            "RESOURCE_NOT_FOUND",
            "Only /api/atlas/v2 is served here.",
        );
    };
    let routes = lock(&state.routes);
    // The most literal template wins (`/clusters/tenantUpgrade` over `/clusters/<name>`);
    // between equal ones, the route added last.
    let matching = routes
        .iter()
        .enumerate()
        .filter(|(_, route)| route.endpoint.method.as_str() == request.method)
        .filter_map(|(index, route)| {
            let (params, literals) = routing::match_template(route.endpoint.template, path)?;
            Some(((literals, index), route, params))
        })
        .max_by_key(|(rank, _, _)| *rank);
    let Some((_, route, params)) = matching else {
        let atlas = lock(&state.atlas).clone();
        let stateful = atlas.is_some();
        return match atlas.and_then(|atlas| Some((atlas.route(&request.method, path)?, atlas))) {
            Some((call, atlas)) => {
                let path = path.to_owned();
                drop(routes);
                serve_stateful(state, &atlas, &call, &path, request)
            }
            None => no_route(&request.method, path, &routes, stateful),
        };
    };
    request.path_params = params;
    if let Err(reply) = state.auth.check(request) {
        return reply;
    }
    let media_type = route.endpoint.media_type();
    if !routing::accepts(request.header("accept"), &media_type) {
        return Reply::atlas_error(
            406,
            "INVALID_ACCEPT_HEADER",
            &format!("This operation needs Accept: {media_type}."),
        );
    }
    if let Some(refusal) = body_check::check(route.endpoint, request.raw_body()) {
        return refusal;
    }
    let handler = Arc::clone(&route.handler);
    let endpoint = route.endpoint;
    drop(routes);
    limited(
        state,
        |limited| std::ptr::eq(limited, endpoint),
        request,
        |request| handler(request),
    )
}

/// A request the stateful mode serves, after the same checks as a routed one.
fn serve_stateful(
    state: &State,
    atlas: &Atlas,
    call: &stateful::Call,
    path: &str,
    request: &mut RecordedRequest,
) -> Reply {
    request.path_params = call.params.clone();
    if let Err(reply) = state.auth.check(request) {
        return reply;
    }
    let version = match stateful::admit(call, request) {
        Ok(version) => version,
        Err(refused) => return refused,
    };
    // A bucket set on a declared endpoint limits the requests its method and template match.
    limited(
        state,
        |limited| {
            limited.method.as_str() == request.method
                && routing::match_path(limited, path).is_some()
        },
        request,
        |request| atlas.serve(call, version, path, request),
    )
}

/// `serve`'s answer through the first token bucket `applies` picks, if any: Atlas's 429 when
/// it is empty, else the answer with its `RateLimit-*` headers.
fn limited(
    state: &State,
    applies: impl Fn(&Endpoint) -> bool,
    request: &RecordedRequest,
    serve: impl FnOnce(&RecordedRequest) -> Reply,
) -> Reply {
    let limited = lock(&state.limiters)
        .iter_mut()
        .find(|(limited, _)| applies(limited))
        .map(|(_, limiter)| limiter.take(&request.path));
    match limited {
        None => serve(request),
        Some(Err(refused)) => refused,
        Some(Ok(headers)) => headers.iter().fold(serve(request), |reply, (name, value)| {
            reply.header(name, value)
        }),
    }
}

/// Whether `body` is an answer Atlas could send with `status` to `version` of the operation
/// `operation_id`: a success answer is checked against the version's answer schema (no body
/// when it has none), an error answer against Atlas's error schema (`ApiError`). Unknown and
/// write-only properties, wrong JSON types, values outside an enum and required properties
/// missing at any depth are problems; `Err` lists each as `field: description`.
pub fn check_answer(
    operation_id: &str,
    version: &str,
    status: u16,
    body: &[u8],
) -> Result<(), Vec<String>> {
    let found = OPERATIONS
        .iter()
        .find(|operation| operation.operation_id == operation_id)
        .and_then(|operation| {
            operation
                .versions
                .iter()
                .find(|candidate| candidate.version == version)
        });
    let Some(found) = found else {
        return Err(vec![format!(
            "the catalog has no version {version} of {operation_id}"
        )]);
    };
    let expected = if status >= 400 {
        Some(SchemaRef::One("ApiError"))
    } else if found.success.contains(&status) {
        found.answer_schema()
    } else {
        return Err(vec![format!(
            "{status} is not a success status of {operation_id} {version}"
        )]);
    };
    let Some(expected) = expected else {
        return match body.is_empty() {
            true => Ok(()),
            false => Err(vec!["this answer has no body".to_owned()]),
        };
    };
    let Ok(value) = serde_json::from_slice(body) else {
        return Err(vec!["the body is not JSON".to_owned()]);
    };
    let problems = body_check::check_answer(expected, &value);
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

/// The answer to a request no route serves: not an Atlas answer, so that a test cannot mistake
/// it for one. `501 Not Implemented`, `X-Atlas-Emulator: no-route`, and a plain-text body that
/// the client's error message quotes, listing what the test did route (and saying so when the
/// stateful mode is on but does not serve the operation either).
fn no_route(method: &str, path: &str, routes: &[Route], stateful: bool) -> Reply {
    let routed: Vec<String> = routes
        .iter()
        .map(|route| {
            let template = route.endpoint.template.replace('<', "{").replace('>', "}");
            format!("{} {template}", route.endpoint.method.as_str())
        })
        .collect();
    let routed = if routed.is_empty() {
        "nothing".to_owned()
    } else {
        routed.join(", ")
    };
    let unserved = if stateful {
        "; the stateful mode does not serve it (see Atlas::operations)"
    } else {
        ""
    };
    let text = format!(
        "no route in the emulator for {method} {path}; routed: {routed}{unserved}; add one with Emulator::route"
    );
    Reply::raw(501, Some("text/plain; charset=utf-8"), text.into())
        .header(NO_ROUTE_HEADER, "no-route")
}

/// Marks the emulator's own answers, which no Atlas server would give.
const NO_ROUTE_HEADER: &str = "x-atlas-emulator";

fn reset() -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::ConnectionReset,
        "fault injected by the emulator",
    )
}

/// A stream of frames, then nothing ever again.
fn stalling(
    frames: impl futures_util::Stream<Item = std::io::Result<Frame<Bytes>>> + Send + Sync + 'static,
) -> Body {
    let frames = futures_util::StreamExt::chain(frames, futures_util::stream::pending());
    StreamBody::new(frames).boxed()
}

/// A generated body of `length` bytes: the same log line over and over, in 64 KiB chunks; with
/// [`Fault::StallAfter`], only its first bytes, then nothing; with [`Fault::TruncatedBody`],
/// half of it, then a reset. (Other faults apply to bodies given whole.)
fn generated_body(length: u64, fault: Option<Fault>) -> Body {
    const LINE: &[u8] =
        b"2026-12-02T00:00:00.000+0000 I NETWORK [conn1] the emulator's generated log line\n";
    let chunk: Bytes = LINE
        .iter()
        .copied()
        .cycle()
        .take(64 * 1024)
        .collect::<Vec<u8>>()
        .into();
    let sent = match fault {
        Some(Fault::StallAfter(sent)) => sent.min(length),
        Some(Fault::TruncatedBody) => length / 2,
        _ => length,
    };
    let frames = futures_util::stream::unfold(0u64, move |done| {
        let chunk = chunk.clone();
        async move {
            let left = sent.saturating_sub(done);
            if left == 0 {
                return None;
            }
            let size = usize::try_from(left.min(chunk.len() as u64)).unwrap_or(chunk.len());
            Some((
                Ok(Frame::data(chunk.slice(..size))),
                done.saturating_add(size as u64),
            ))
        }
    });
    match fault {
        Some(Fault::TruncatedBody) => {
            let reset = futures_util::stream::iter([Err(reset())]);
            StreamBody::new(futures_util::StreamExt::chain(frames, reset)).boxed()
        }
        _ if sent < length => stalling(frames),
        _ => StreamBody::new(frames).boxed(),
    }
}

/// The body as sent: whole, cut after the headers or half-way, or dripped slowly.
fn response_body(bytes: Bytes, fault: Option<Fault>) -> Body {
    let failing = |sent: Bytes| {
        let frames = [Ok(Frame::data(sent)), Err(reset())];
        StreamBody::new(futures_util::stream::iter(frames)).boxed()
    };
    match fault {
        None | Some(Fault::ResetBeforeHeaders) => {
            Full::new(bytes).map_err(|never| match never {}).boxed()
        }
        Some(Fault::ResetAfterHeaders) => failing(Bytes::new()),
        Some(Fault::TruncatedBody) => failing(bytes.slice(..bytes.len() / 2)),
        Some(Fault::StallAfter(sent)) => {
            let sent = usize::try_from(sent).unwrap_or(usize::MAX).min(bytes.len());
            stalling(futures_util::stream::iter([Ok(Frame::data(
                bytes.slice(..sent),
            ))]))
        }
        Some(Fault::SlowBody(interval)) => {
            let drip = futures_util::stream::unfold(bytes, move |rest| async move {
                if rest.is_empty() {
                    return None;
                }
                tokio::time::sleep(interval).await;
                let mut rest = rest;
                let byte = rest.split_to(1);
                Some((Ok(Frame::data(byte)), rest))
            });
            StreamBody::new(drip).boxed()
        }
    }
}
