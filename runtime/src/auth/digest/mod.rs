//! HTTP Digest authentication (RFC 7616, RFC 2617) for Atlas API keys.
//!
//! The nonce of the last challenge is cached per host (with its realm, `opaque`, algorithm and
//! the hash of the key) and reused with a strictly increasing `nc`, so only the first call, and
//! the first call after the server lets a nonce go stale, pays the extra 401 round trip. A
//! `nextnonce` in `Authentication-Info` replaces the cached nonce before it goes stale.
//!
//! Single flight: when calls start while no nonce is cached, one of them (the leader) sends
//! its request without credentials to take the challenge and the others wait for the nonce it
//! brings back, so a cold client pays one 401 however many calls it starts at once. If the
//! leader ends without a challenge (a transport error, cancellation), a waiting call takes
//! its place.

pub(crate) mod challenge;
mod response;

use crate::error::{Error, RawResponse, Result};
use crate::secret::Secret;
use bytes::Bytes;
use challenge::Challenge;
use reqwest::header::{AUTHORIZATION, HeaderName, HeaderValue, WWW_AUTHENTICATE};
use response::Hex;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use tokio::sync::watch;
use url::Url;

pub(crate) use response::{Answer, base_ha1};

/// A Digest hash algorithm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DigestAlgorithm {
    /// `MD5`, what Atlas uses.
    Md5,
    /// `MD5-sess`.
    Md5Sess,
    /// `SHA-256`.
    Sha256,
    /// `SHA-256-sess`.
    Sha256Sess,
}

pub(crate) use DigestAlgorithm as Algorithm;

impl DigestAlgorithm {
    /// The name used in challenges, e.g. `SHA-256`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Md5 => "MD5",
            Self::Md5Sess => "MD5-sess",
            Self::Sha256 => "SHA-256",
            Self::Sha256Sess => "SHA-256-sess",
        }
    }

    /// The algorithm with this name (case-insensitive), if supported.
    pub(crate) fn from_name(name: &str) -> Option<Self> {
        [Self::Md5, Self::Md5Sess, Self::Sha256, Self::Sha256Sess]
            .into_iter()
            .find(|algorithm| algorithm.name().eq_ignore_ascii_case(name.trim()))
    }

    /// Preference when several challenges are offered: SHA-256 over MD5.
    pub(crate) fn strength(self) -> u8 {
        match self {
            Self::Md5Sess => 1,
            Self::Md5 => 2,
            Self::Sha256Sess => 3,
            Self::Sha256 => 4,
        }
    }

    pub(crate) fn is_session(self) -> bool {
        matches!(self, Self::Md5Sess | Self::Sha256Sess)
    }
}

/// A fresh random client nonce: 16 random bytes in hex.
#[cfg(feature = "testing")]
pub(crate) fn random_hex() -> Option<String> {
    random_cnonce().map(|cnonce| cnonce.as_str().to_owned())
}

/// A fresh random client nonce on the stack.
fn random_cnonce() -> Option<Hex> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).ok()?;
    Some(Hex::of(&bytes))
}

/// A nonce being reused: the challenge it came with, the key's hash for it, and the last `nc`.
struct Session {
    challenge: Challenge,
    /// [`base_ha1`] for this realm and algorithm.
    ha1: Hex,
    nc: AtomicU32,
}

impl Session {
    fn new(challenge: Challenge, username: &str, password: &Secret) -> Self {
        let ha1 = base_ha1(
            challenge.algorithm,
            username,
            &challenge.realm,
            password.expose(),
        );
        Self {
            challenge,
            ha1,
            nc: AtomicU32::new(0),
        }
    }

    /// The next nonce count, or `None` once all 2³² − 1 are used.
    fn next_nc(&self) -> Option<u32> {
        self.nc
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |nc| nc.checked_add(1))
            .ok()
            .map(|previous| previous.saturating_add(1))
    }
}

/// The Digest state of one host.
struct Host {
    name: String,
    port: u16,
    /// The nonce in use.
    session: Option<Arc<Session>>,
    /// Whether a call is fetching the challenge for everyone.
    challenging: bool,
    /// Whether the server answered a request without credentials (it asks for none): calls
    /// then go out without waiting for a challenge that may never come.
    open: bool,
}

/// The Digest state of one client: the key pair and the nonce cache, shared by clones.
pub(crate) struct DigestAuth {
    username: String,
    password: Secret,
    /// Usually one host, the client's: searched in place, no key to build per call.
    hosts: Mutex<Vec<Host>>,
    /// Bumped whenever a challenge ends (nonce installed or leader gone); waiters watch it.
    changes: watch::Sender<u64>,
}

impl DigestAuth {
    pub(crate) fn new(username: String, password: Secret) -> Self {
        Self {
            username,
            password,
            hosts: Mutex::new(Vec::new()),
            changes: watch::Sender::new(0),
        }
    }

    fn hosts(&self) -> MutexGuard<'_, Vec<Host>> {
        crate::sync::lock(&self.hosts)
    }

    /// Caches the nonce of `challenge` for the host of `url`, ending any challenge in flight;
    /// a challenge repeating the cached nonce keeps its counter, so `nc` never goes back.
    fn install(&self, url: &Url, challenge: Challenge) -> Arc<Session> {
        let session = {
            let mut hosts = self.hosts();
            let host = host_entry(&mut hosts, url);
            host.challenging = false;
            host.open = false;
            match &host.session {
                Some(current) if current.challenge.same_nonce(&challenge) => Arc::clone(current),
                _ => {
                    let session = Arc::new(Session::new(challenge, &self.username, &self.password));
                    host.session = Some(Arc::clone(&session));
                    session
                }
            }
        };
        self.changes
            .send_modify(|generation| *generation = generation.wrapping_add(1));
        session
    }

    /// The host's nonce, if it is no longer `used` (another call replaced it).
    fn replacement(&self, url: &Url, used: &Arc<Session>) -> Option<Arc<Session>> {
        let mut hosts = self.hosts();
        host_entry(&mut hosts, url)
            .session
            .as_ref()
            .filter(|current| !Arc::ptr_eq(current, used))
            .cloned()
    }

    /// Replaces `used` by the same challenge with `nonce` (a `nextnonce`), unless another
    /// nonce already replaced it.
    fn advance(&self, url: &Url, used: &Arc<Session>, nonce: String) {
        let mut hosts = self.hosts();
        let host = host_entry(&mut hosts, url);
        if host
            .session
            .as_ref()
            .is_some_and(|current| Arc::ptr_eq(current, used))
        {
            host.session = Some(Arc::new(Session {
                challenge: Challenge {
                    nonce,
                    ..used.challenge.clone()
                },
                ha1: used.ha1,
                nc: AtomicU32::new(0),
            }));
        }
    }

    /// Marks host number `host` as answering without credentials and releases the calls
    /// waiting for its challenge.
    fn open(&self, host: usize) {
        if let Some(host) = self.hosts().get_mut(host) {
            host.challenging = false;
            host.open = true;
        }
        self.changes
            .send_modify(|generation| *generation = generation.wrapping_add(1));
    }

    /// Ends the challenge this call was leading for host number `host` without a nonce, so a
    /// waiting call can lead.
    fn abandon(&self, host: usize) {
        if let Some(host) = self.hosts().get_mut(host) {
            host.challenging = false;
        }
        self.changes
            .send_modify(|generation| *generation = generation.wrapping_add(1));
    }

    /// Per-call state for the call pipeline.
    pub(crate) fn call(&self) -> Call<'_> {
        Call {
            auth: self,
            next: None,
            used: None,
            fresh: false,
            leading: None,
            waiting: None,
            retries: 0,
        }
    }
}

/// The entry of `url`'s host, added if missing.
fn host_entry<'a>(hosts: &'a mut Vec<Host>, url: &Url) -> &'a mut Host {
    let index = host_index(hosts, url);
    &mut hosts[index]
}

/// The position of `url`'s host among `hosts` (entries are never removed), added if missing.
fn host_index(hosts: &mut Vec<Host>, url: &Url) -> usize {
    let name = url.host_str().unwrap_or_default();
    let port = url.port_or_known_default().unwrap_or_default();
    match hosts
        .iter()
        .position(|host| host.port == port && host.name == name)
    {
        Some(index) => index,
        None => {
            hosts.push(Host {
                name: name.to_owned(),
                port,
                session: None,
                challenging: false,
                open: false,
            });
            hosts.len().saturating_sub(1)
        }
    }
}

/// Most 401s a call answers: the first challenge and one stale nonce.
const MAX_RETRIES: u8 = 2;

/// What the call does about credentials for its next attempt.
enum Plan {
    /// Answer this nonce.
    Answer(Arc<Session>),
    /// Send without credentials to take the challenge for everyone.
    Lead,
    /// Send without credentials: the server asked for none so far.
    Bare,
    /// Another call is taking the challenge: wait for it.
    Wait(watch::Receiver<u64>),
}

/// The Digest state of one call.
pub(crate) struct Call<'a> {
    auth: &'a DigestAuth,
    /// The session installed from this call's own challenge, for the next attempt.
    next: Option<Arc<Session>>,
    /// The session the last attempt answered, if it sent credentials.
    used: Option<Arc<Session>>,
    /// Whether `used` is a nonce the server has just issued (this call's challenge, or the
    /// one a leader brought back): refusing it means refusing the key.
    fresh: bool,
    /// The host (its position in the cache) whose challenge this call is taking for everyone.
    leading: Option<usize>,
    /// The change to wait for before the next attempt.
    waiting: Option<watch::Receiver<u64>>,
    retries: u8,
}

impl Call<'_> {
    /// Answers the cached nonce for this host. `Ok(false)` when another call is taking the
    /// challenge: await [`Call::wait`], then authorize again. When no nonce is cached and
    /// nobody is taking the challenge, this call sends no credentials and takes it.
    pub(crate) fn authorize(
        &mut self,
        operation: &'static str,
        request: &mut reqwest::Request,
    ) -> Result<bool> {
        let waited = self.waiting.take().is_some();
        let own = self.next.is_some();
        let plan = match self.next.take() {
            Some(session) => Plan::Answer(session),
            None => self.plan(request.url()),
        };
        self.used = None;
        let session = match plan {
            Plan::Answer(session) => session,
            Plan::Lead | Plan::Bare => return Ok(true),
            Plan::Wait(receiver) => {
                self.waiting = Some(receiver);
                return Ok(false);
            }
        };
        self.fresh = own || waited;
        let Some(nc) = session.next_nc() else {
            // Every count of this nonce is used: forget it and take a new challenge.
            let mut hosts = self.auth.hosts();
            host_entry(&mut hosts, request.url()).session = None;
            return Ok(true);
        };
        let cnonce =
            random_cnonce().ok_or_else(|| failure(operation, "no randomness for a cnonce"))?;
        let url = request.url();
        let answer = Answer {
            challenge: &session.challenge,
            username: &self.auth.username,
            ha1: &session.ha1,
            method: request.method().as_str(),
            uri: &url[url::Position::BeforePath..],
            nc,
            cnonce: cnonce.as_str(),
            body: request
                .body()
                .and_then(reqwest::Body::as_bytes)
                .unwrap_or_default(),
        };
        let header = Bytes::from(answer.header());
        let mut value = HeaderValue::from_maybe_shared(header).map_err(|_| {
            failure(
                operation,
                "the challenge or the public key has characters not allowed in a header",
            )
        })?;
        value.set_sensitive(true);
        request.headers_mut().insert(AUTHORIZATION, value);
        self.used = Some(session);
        Ok(true)
    }

    /// What to do for an attempt to `url` that has no challenge of its own to answer.
    fn plan(&mut self, url: &Url) -> Plan {
        let mut hosts = self.auth.hosts();
        let index = host_index(&mut hosts, url);
        let host = &mut hosts[index];
        if let Some(session) = &host.session {
            return Plan::Answer(Arc::clone(session));
        }
        if host.open {
            return Plan::Bare;
        }
        if host.challenging && self.leading.is_none() {
            return Plan::Wait(self.auth.changes.subscribe());
        }
        host.challenging = true;
        self.leading = Some(index);
        Plan::Lead
    }

    /// Waits, at most until `deadline`, for the call taking the challenge to bring a nonce
    /// back or to give up; `Ok(false)` when the deadline passed first.
    pub(crate) async fn wait(&mut self, deadline: tokio::time::Instant) -> bool {
        let Some(receiver) = self.waiting.as_mut() else {
            return true;
        };
        // An error means the client is gone, which cannot happen while this call borrows it.
        tokio::time::timeout_at(deadline, receiver.changed())
            .await
            .is_ok()
    }

    /// After a 401: `Ok(true)` to send again with the new challenge, or the auth error.
    pub(crate) fn unauthorized(
        &mut self,
        operation: &'static str,
        url: &Url,
        response: &RawResponse,
    ) -> Result<bool> {
        let values = response.headers.get_all(WWW_AUTHENTICATE);
        let Some(challenge) = challenge::strongest(values.iter().map(HeaderValue::as_bytes)) else {
            return Err(refused(
                operation,
                "the server sent no supported Digest challenge",
                response,
            ));
        };
        tracing::debug!(
            operation,
            realm = %challenge.realm,
            algorithm = challenge.algorithm.name(),
            stale = challenge.stale,
            "digest challenge received"
        );
        let answerable = self.used.is_none() || challenge.stale || !self.fresh;
        if !answerable || self.retries >= MAX_RETRIES {
            return Err(refused(
                operation,
                "the server refused the API key (HTTP 401)",
                response,
            ));
        }
        self.retries = self.retries.saturating_add(1);
        self.leading = None;
        crate::metrics::digest_challenge();
        // Calls that sent the same stale nonce at once all get a new one: the first to come
        // back installs its nonce, the others adopt it, so the fleet keeps one nonce.
        let replaced = match &self.used {
            Some(used) if challenge.stale => self.auth.replacement(url, used),
            _ => None,
        };
        self.next = Some(replaced.unwrap_or_else(|| self.auth.install(url, challenge)));
        Ok(true)
    }

    /// After an answer other than 401: adopts the `nextnonce` of `Authentication-Info`; a
    /// leader whose request succeeded without credentials releases the calls waiting for a
    /// challenge (a failed one keeps leading through its retries).
    pub(crate) fn answered(&mut self, url: &Url, response: &RawResponse) {
        if response.status.is_success()
            && let Some(host) = self.leading.take()
        {
            self.auth.open(host);
        }
        let headers = &response.headers;
        let Some(used) = &self.used else {
            return;
        };
        let Some(info) = headers.get(&AUTHENTICATION_INFO) else {
            return;
        };
        if let Some(nonce) = challenge::next_nonce(info.as_bytes()) {
            self.auth.advance(url, used, nonce);
        }
    }
}

impl Drop for Call<'_> {
    fn drop(&mut self) {
        if let Some(host) = self.leading.take() {
            self.auth.abandon(host);
        }
    }
}

/// `Authentication-Info` (RFC 7615), not among `reqwest`'s header constants.
static AUTHENTICATION_INFO: HeaderName = HeaderName::from_static("authentication-info");

fn failure(operation: &'static str, message: &str) -> Error {
    Error::Auth {
        operation,
        scheme: "Digest",
        message: message.to_owned(),
        code: None,
        response: None,
        source: None,
    }
}

fn refused(operation: &'static str, message: &str, response: &RawResponse) -> Error {
    Error::Auth {
        operation,
        scheme: "Digest",
        message: message.to_owned(),
        code: None,
        response: Some(Box::new(response.clone())),
        source: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bytes::Bytes;
    use reqwest::StatusCode;
    use reqwest::header::HeaderMap;
    use std::time::Duration;
    use tokio::time::Instant;

    const URL: &str = "http://127.0.0.1:1/api/atlas/v2/groups";

    fn auth() -> DigestAuth {
        DigestAuth::new("public".into(), Secret::from("private"))
    }

    fn request() -> reqwest::Request {
        reqwest::Request::new(reqwest::Method::GET, Url::parse(URL).unwrap())
    }

    fn answer(status: u16, challenge: Option<&'static str>) -> RawResponse {
        let mut headers = HeaderMap::new();
        if let Some(challenge) = challenge {
            headers.insert(WWW_AUTHENTICATE, HeaderValue::from_static(challenge));
        }
        RawResponse {
            status: StatusCode::from_u16(status).unwrap(),
            headers,
            body: Bytes::new(),
        }
    }

    const CHALLENGE: &str =
        r#"Digest realm="MMS Public API", nonce="n1", algorithm=MD5, qop="auth""#;

    fn soon() -> Instant {
        Instant::now() + Duration::from_secs(5)
    }

    /// Authorizes one attempt: `None` when the call must wait, else its `Authorization`.
    fn authorize(call: &mut Call<'_>) -> Option<Option<String>> {
        let mut request = request();
        let ready = call.authorize("op", &mut request).unwrap();
        ready.then(|| {
            request
                .headers()
                .get(AUTHORIZATION)
                .map(|value| value.to_str().unwrap().to_owned())
        })
    }

    #[tokio::test]
    async fn one_call_takes_the_challenge_while_the_others_wait() {
        let auth = auth();
        let (mut leader, mut follower) = (auth.call(), auth.call());
        assert_eq!(
            authorize(&mut leader),
            Some(None),
            "the leader sends no credentials"
        );
        assert_eq!(authorize(&mut follower), None, "the follower waits");
        let url = Url::parse(URL).unwrap();
        assert!(
            leader
                .unauthorized("op", &url, &answer(401, Some(CHALLENGE)))
                .unwrap()
        );
        assert!(follower.wait(soon()).await);
        let sent = authorize(&mut follower).unwrap().unwrap();
        assert!(
            sent.contains(r#"nonce="n1""#) && sent.contains("nc=00000001"),
            "{sent}"
        );
        let resent = authorize(&mut leader).unwrap().unwrap();
        assert!(resent.contains("nc=00000002"), "{resent}");
    }

    #[tokio::test]
    async fn a_waiting_call_leads_when_the_leader_gives_up() {
        let auth = auth();
        let (mut leader, mut follower) = (auth.call(), auth.call());
        assert_eq!(authorize(&mut leader), Some(None));
        assert_eq!(authorize(&mut follower), None);
        drop(leader);
        assert!(follower.wait(soon()).await);
        assert_eq!(
            authorize(&mut follower),
            Some(None),
            "the follower now leads"
        );
        let mut third = auth.call();
        assert_eq!(
            authorize(&mut third),
            None,
            "and the next call waits for it"
        );
    }

    #[tokio::test]
    async fn a_server_that_asks_for_no_credentials_releases_the_waiting_calls() {
        let auth = auth();
        let (mut leader, mut follower) = (auth.call(), auth.call());
        assert_eq!(authorize(&mut leader), Some(None));
        assert_eq!(authorize(&mut follower), None);
        let url = Url::parse(URL).unwrap();
        leader.answered(&url, &answer(503, None));
        assert_eq!(
            authorize(&mut auth.call()),
            None,
            "a failure keeps the leader leading"
        );
        leader.answered(&url, &answer(200, None));
        assert!(follower.wait(soon()).await);
        assert_eq!(
            authorize(&mut follower),
            Some(None),
            "sent without credentials"
        );
        assert_eq!(
            authorize(&mut auth.call()),
            Some(None),
            "no call waits any more"
        );
    }

    #[tokio::test]
    async fn waiting_ends_at_the_deadline() {
        let auth = auth();
        let (mut leader, mut follower) = (auth.call(), auth.call());
        assert_eq!(authorize(&mut leader), Some(None));
        assert_eq!(authorize(&mut follower), None);
        assert!(!follower.wait(Instant::now()).await);
    }
}
