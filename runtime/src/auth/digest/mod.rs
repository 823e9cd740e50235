//! HTTP Digest authentication (RFC 7616, RFC 2617) for Atlas API keys.
//!
//! The nonce of the last challenge is cached per host (with its realm, `opaque` and algorithm)
//! and reused with a strictly increasing `nc`, so only the first call, and the first call after
//! the server lets a nonce go stale, pays the extra 401 round trip.

pub(crate) mod challenge;
mod response;

use crate::auth::Secret;
use crate::error::{Error, RawResponse, Result};
use challenge::Challenge;
use reqwest::header::{AUTHORIZATION, HeaderValue, WWW_AUTHENTICATE};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};

pub(crate) use response::Answer;

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

    /// The lower-case hex digest of `data`.
    pub(crate) fn hex(self, data: &[u8]) -> String {
        use sha2::Digest;
        match self {
            Self::Md5 | Self::Md5Sess => hex(&md5::Md5::digest(data)),
            Self::Sha256 | Self::Sha256Sess => hex(&sha2::Sha256::digest(data)),
        }
    }
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        out.push(char::from(DIGITS[usize::from(byte >> 4)]));
        out.push(char::from(DIGITS[usize::from(byte & 0x0f)]));
    }
    out
}

/// A fresh random client nonce: 16 random bytes in hex.
pub(crate) fn random_hex() -> Option<String> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).ok()?;
    Some(hex(&bytes))
}

/// A nonce being reused: the challenge it came with and the last `nc` sent.
#[derive(Debug)]
struct Session {
    challenge: Challenge,
    nc: AtomicU32,
}

impl Session {
    /// The next nonce count, or `None` once all 2³² − 1 are used.
    fn next_nc(&self) -> Option<u32> {
        self.nc
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |nc| nc.checked_add(1))
            .ok()
            .map(|previous| previous + 1)
    }
}

/// The Digest state of one client: the key pair and the nonce cache, shared by clones.
pub(crate) struct DigestAuth {
    username: String,
    password: Secret,
    sessions: Mutex<HashMap<String, Arc<Session>>>,
}

impl DigestAuth {
    pub(crate) fn new(username: String, password: Secret) -> Self {
        Self {
            username,
            password,
            sessions: Mutex::new(HashMap::new()),
        }
    }

    fn sessions(&self) -> std::sync::MutexGuard<'_, HashMap<String, Arc<Session>>> {
        self.sessions
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Caches the nonce of `challenge` for `host`; a challenge repeating the cached nonce keeps
    /// its counter, so `nc` never goes back.
    fn install(&self, host: String, challenge: Challenge) -> Arc<Session> {
        let mut sessions = self.sessions();
        if let Some(current) = sessions.get(&host)
            && current.challenge.same_nonce(&challenge)
        {
            return Arc::clone(current);
        }
        let session = Arc::new(Session {
            challenge,
            nc: AtomicU32::new(0),
        });
        sessions.insert(host, Arc::clone(&session));
        session
    }

    /// Per-call state for [`Client::send`](crate::Client::send).
    pub(crate) fn call(&self) -> Call<'_> {
        Call {
            auth: self,
            next: None,
            used: None,
            own_challenge: false,
            retries: 0,
        }
    }
}

/// `host:port` of a request, the key of the nonce cache.
fn host_of(url: &url::Url) -> String {
    format!(
        "{}:{}",
        url.host_str().unwrap_or_default(),
        url.port_or_known_default().unwrap_or_default()
    )
}

/// Most 401s a call answers: the first challenge and one stale nonce.
const MAX_RETRIES: u8 = 2;

/// The Digest state of one call.
pub(crate) struct Call<'a> {
    auth: &'a DigestAuth,
    /// The session installed from this call's own challenge, for the next attempt.
    next: Option<Arc<Session>>,
    /// The session the last attempt answered, if it sent credentials.
    used: Option<Arc<Session>>,
    /// Whether `used` came from a challenge this call received.
    own_challenge: bool,
    retries: u8,
}

impl Call<'_> {
    /// Answers the cached challenge for this host, if any; otherwise sends no credentials.
    pub(crate) fn authorize(
        &mut self,
        operation: &'static str,
        request: &mut reqwest::Request,
    ) -> Result<()> {
        let host = host_of(request.url());
        self.own_challenge = self.next.is_some();
        let session = self
            .next
            .take()
            .or_else(|| self.auth.sessions().get(&host).cloned());
        self.used = None;
        let Some(session) = session else {
            return Ok(());
        };
        let Some(nc) = session.next_nc() else {
            self.auth.sessions().remove(&host);
            return Ok(());
        };
        let cnonce =
            random_hex().ok_or_else(|| failure(operation, "no randomness for a cnonce"))?;
        let url = request.url();
        let uri = match url.query() {
            Some(query) => format!("{}?{query}", url.path()),
            None => url.path().to_owned(),
        };
        let answer = Answer {
            challenge: &session.challenge,
            username: &self.auth.username,
            password: self.auth.password.expose(),
            method: request.method().as_str(),
            uri: &uri,
            nc,
            cnonce: &cnonce,
            body: request
                .body()
                .and_then(reqwest::Body::as_bytes)
                .unwrap_or_default(),
        };
        let mut value = HeaderValue::from_bytes(answer.header().as_bytes()).map_err(|_| {
            failure(
                operation,
                "the challenge or the public key has characters not allowed in a header",
            )
        })?;
        value.set_sensitive(true);
        request.headers_mut().insert(AUTHORIZATION, value);
        self.used = Some(session);
        Ok(())
    }

    /// After a 401: `Ok(true)` to send again with the new challenge, or the auth error.
    pub(crate) fn unauthorized(
        &mut self,
        operation: &'static str,
        url: &url::Url,
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
        let answerable = self.used.is_none() || challenge.stale || !self.own_challenge;
        if !answerable || self.retries >= MAX_RETRIES {
            return Err(refused(
                operation,
                "the server refused the API key (HTTP 401)",
                response,
            ));
        }
        self.retries += 1;
        self.next = Some(self.auth.install(host_of(url), challenge));
        Ok(true)
    }
}

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
