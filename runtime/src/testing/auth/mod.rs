//! The emulator's side of authentication: which credentials it accepts, its token endpoint,
//! its Digest challenges, and counters of what it did.

mod digest;
mod oauth;
mod rfc7616;

use super::{RecordedRequest, Reply};
use crate::auth::{Credentials, DigestAlgorithm};
use crate::secret::Secret;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// The realm of the emulator's Digest challenges, the same as Atlas's.
pub const DIGEST_REALM: &str = "MMS Public API";

/// Which credentials the emulator accepts on `/api/atlas/v2`.
#[derive(Debug, Clone)]
pub enum EmulatorAuth {
    /// The static bearer token of [`Emulator::token`](super::Emulator::token) (the default).
    Bearer,
    /// A service account: tokens come from `POST /api/oauth/token` (HTTP Basic
    /// `client_id:secret`, `grant_type=client_credentials`) and expire after `token_lifetime`.
    ServiceAccount {
        /// The accepted client id.
        client_id: String,
        /// The accepted client secret.
        client_secret: Secret,
        /// How long an issued token is accepted.
        token_lifetime: Duration,
    },
    /// An API key checked with HTTP Digest.
    Digest {
        /// The accepted public key (the Digest username).
        public_key: String,
        /// The accepted private key (the Digest password).
        private_key: Secret,
        /// The algorithms offered, one challenge each, weakest first in the header.
        algorithms: Vec<DigestAlgorithm>,
        /// `true` for `qop="auth"`; `false` for the legacy form without `qop` and `nc`.
        qop: bool,
        /// How long a nonce is accepted before it is answered with `stale=true`.
        nonce_lifetime: Duration,
    },
}

impl EmulatorAuth {
    /// A service account whose tokens live 3600 s, as in Atlas.
    pub fn service_account(client_id: &str, client_secret: &str) -> Self {
        Self::ServiceAccount {
            client_id: client_id.to_owned(),
            client_secret: Secret::new(client_secret),
            token_lifetime: Duration::from_secs(3600),
        }
    }

    /// An API key with Atlas's Digest: MD5, `qop="auth"`, nonces valid 300 s.
    pub fn api_key(public_key: &str, private_key: &str) -> Self {
        Self::Digest {
            public_key: public_key.to_owned(),
            private_key: Secret::new(private_key),
            algorithms: vec![DigestAlgorithm::Md5],
            qop: true,
            nonce_lifetime: Duration::from_secs(300),
        }
    }

    /// The client credentials that pass this check.
    pub fn credentials(&self, bearer_token: &str) -> Credentials {
        match self {
            Self::Bearer => Credentials::bearer(bearer_token),
            Self::ServiceAccount {
                client_id,
                client_secret,
                ..
            } => Credentials::service_account(client_id.clone(), client_secret.clone()),
            Self::Digest {
                public_key,
                private_key,
                ..
            } => Credentials::api_key(public_key.clone(), private_key.clone()),
        }
    }
}

/// What the emulator's authentication did so far.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AuthStats {
    /// Requests to `POST /api/oauth/token`, whatever the answer.
    pub token_requests: usize,
    /// Tokens issued.
    pub tokens_issued: usize,
    /// Tokens revoked through `POST /api/oauth/revoke`.
    pub tokens_revoked: usize,
    /// Digest 401 challenges sent, stale ones included.
    pub challenges: usize,
    /// Digest challenges sent with `stale=true`.
    pub stale_challenges: usize,
    /// API requests refused with 401 (missing, wrong, expired or stale credentials).
    pub rejected: usize,
}

#[derive(Default)]
struct Counters {
    token_requests: AtomicUsize,
    tokens_issued: AtomicUsize,
    tokens_revoked: AtomicUsize,
    challenges: AtomicUsize,
    stale_challenges: AtomicUsize,
    rejected: AtomicUsize,
}

fn bump(counter: &AtomicUsize) {
    counter.fetch_add(1, Ordering::Relaxed);
}

/// The emulator's authentication state.
pub(crate) struct AuthServer {
    config: EmulatorAuth,
    bearer: String,
    counters: Counters,
    oauth: oauth::TokenServer,
    digest: digest::DigestServer,
}

impl AuthServer {
    pub(crate) fn new(config: EmulatorAuth, bearer: String) -> Self {
        Self {
            config,
            bearer,
            counters: Counters::default(),
            oauth: oauth::TokenServer::default(),
            digest: digest::DigestServer::default(),
        }
    }

    pub(crate) fn config(&self) -> &EmulatorAuth {
        &self.config
    }

    pub(crate) fn stats(&self) -> AuthStats {
        let counters = &self.counters;
        let get = |counter: &AtomicUsize| counter.load(Ordering::Relaxed);
        AuthStats {
            token_requests: get(&counters.token_requests),
            tokens_issued: get(&counters.tokens_issued),
            tokens_revoked: get(&counters.tokens_revoked),
            challenges: get(&counters.challenges),
            stale_challenges: get(&counters.stale_challenges),
            rejected: get(&counters.rejected),
        }
    }

    pub(crate) fn token_issue_times(&self) -> Vec<Instant> {
        self.oauth.issue_times()
    }

    pub(crate) fn rate_limit_tokens(&self, times: usize, retry_after_secs: u64) {
        self.oauth.rate_limit(times, retry_after_secs);
    }

    pub(crate) fn forget_tokens(&self) {
        self.oauth.forget_all();
    }

    /// Answers `/api/oauth/*` requests; `None` for other paths or other schemes.
    pub(crate) fn oauth_endpoint(&self, request: &RecordedRequest) -> Option<Reply> {
        let EmulatorAuth::ServiceAccount {
            client_id,
            client_secret,
            token_lifetime,
        } = &self.config
        else {
            return None;
        };
        let account = oauth::Account {
            client_id,
            client_secret: client_secret.expose(),
            lifetime: *token_lifetime,
        };
        match (request.method.as_str(), request.path.as_str()) {
            ("POST", "/api/oauth/token") => {
                bump(&self.counters.token_requests);
                let reply = self.oauth.token(&account, request);
                if reply.status == 200 {
                    bump(&self.counters.tokens_issued);
                }
                Some(reply)
            }
            ("POST", "/api/oauth/revoke") => {
                let reply = self.oauth.revoke(&account, request);
                if reply.status == 200 {
                    bump(&self.counters.tokens_revoked);
                }
                Some(reply)
            }
            _ => None,
        }
    }

    /// Checks the credentials of an API request; the 401 to answer when they do not pass.
    pub(crate) fn check(&self, request: &RecordedRequest) -> Result<(), Reply> {
        let outcome = match &self.config {
            EmulatorAuth::Bearer => {
                let expected = format!("Bearer {}", self.bearer);
                if request.header("authorization") == Some(expected.as_str()) {
                    Ok(())
                } else {
                    Err(unauthorized())
                }
            }
            EmulatorAuth::ServiceAccount { .. } => self.oauth.check(request),
            EmulatorAuth::Digest {
                public_key,
                private_key,
                algorithms,
                qop,
                nonce_lifetime,
            } => {
                let key = digest::ApiKey {
                    username: public_key,
                    password: private_key.expose(),
                    algorithms,
                    qop: *qop,
                    nonce_lifetime: *nonce_lifetime,
                };
                self.digest.check(&key, request).map_err(|challenge| {
                    bump(&self.counters.challenges);
                    if challenge.stale {
                        bump(&self.counters.stale_challenges);
                    }
                    challenge.reply
                })
            }
        };
        if outcome.is_err() {
            bump(&self.counters.rejected);
        }
        outcome
    }
}

/// Atlas's 401.
fn unauthorized() -> Reply {
    Reply::atlas_error(
        401,
        "UNAUTHORIZED",
        "You are not authorized for this resource.",
    )
}
