//! The emulator's HTTP Digest check: challenges, nonce lifetime (`stale=true`), replayed `nc`,
//! `opaque` and `uri` checks.

use super::{DIGEST_REALM, unauthorized};
use crate::auth::challenge::{Challenge, Qop, parse};
use crate::auth::{Answer, DigestAlgorithm, base_ha1};
use crate::testing::{RecordedRequest, Reply, lock};
use std::collections::{HashMap, HashSet};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

/// The API key the emulator accepts, and how it challenges.
pub(super) struct ApiKey<'a> {
    pub(super) username: &'a str,
    pub(super) password: &'a str,
    pub(super) algorithms: &'a [DigestAlgorithm],
    pub(super) qop: bool,
    pub(super) nonce_lifetime: Duration,
}

/// A 401 with a challenge.
pub(super) struct Refusal {
    pub(super) stale: bool,
    pub(super) reply: Reply,
}

struct Nonce {
    issued: Instant,
    seen_nc: HashSet<u32>,
}

#[derive(Default)]
pub(super) struct DigestServer {
    nonces: Mutex<HashMap<String, Nonce>>,
    opaque: OnceLock<String>,
}

impl DigestServer {
    fn opaque(&self) -> &str {
        self.opaque
            .get_or_init(|| crate::auth::random_hex().unwrap_or_else(|| "opaque".into()))
    }

    /// A 401 with a fresh nonce, one challenge per offered algorithm.
    fn challenge(&self, key: &ApiKey<'_>, stale: bool) -> Refusal {
        let nonce = crate::auth::random_hex().unwrap_or_default();
        lock(&self.nonces).insert(
            nonce.clone(),
            Nonce {
                issued: Instant::now(),
                seen_nc: HashSet::new(),
            },
        );
        let qop = if key.qop { r#", qop="auth""# } else { "" };
        let mut algorithms = key.algorithms.to_vec();
        algorithms.sort_by_key(|algorithm| algorithm.strength());
        let header = algorithms
            .iter()
            .map(|algorithm| {
                format!(
                    r#"Digest realm="{DIGEST_REALM}", domain="", nonce="{nonce}", algorithm={}{qop}, opaque="{}", stale={stale}"#,
                    algorithm.name(),
                    self.opaque()
                )
            })
            .collect::<Vec<_>>()
            .join(", ");
        Refusal {
            stale,
            reply: unauthorized().header("www-authenticate", &header),
        }
    }

    /// Checks the `Authorization: Digest …` of an API request.
    pub(super) fn check(&self, key: &ApiKey<'_>, request: &RecordedRequest) -> Result<(), Refusal> {
        let Some(credentials) = request
            .header("authorization")
            .map(|value| parse(value.as_bytes()))
            .and_then(|parsed| parsed.into_iter().next())
            .filter(|parsed| parsed.scheme.eq_ignore_ascii_case("digest"))
        else {
            return Err(self.challenge(key, false));
        };
        let param = |name: &str| credentials.param(name).unwrap_or_default();
        let algorithm = match credentials.param("algorithm") {
            Some(name) => DigestAlgorithm::from_name(name),
            None => Some(DigestAlgorithm::Md5),
        };
        let uri = match &request.query {
            Some(query) => format!("{}?{query}", request.path),
            None => request.path.clone(),
        };
        let (qop, nc) = if key.qop {
            let nc = u32::from_str_radix(param("nc"), 16).ok();
            (Qop::Auth, nc.filter(|_| param("qop") == "auth"))
        } else {
            (Qop::Legacy, Some(0))
        };
        let (Some(algorithm), Some(nc)) = (algorithm.filter(|a| key.algorithms.contains(a)), nc)
        else {
            return Err(self.challenge(key, false));
        };
        if param("username") != key.username
            || param("realm") != DIGEST_REALM
            || param("opaque") != self.opaque()
            || param("uri") != uri
        {
            return Err(self.challenge(key, false));
        }
        let nonce = param("nonce");
        let challenge = Challenge {
            realm: DIGEST_REALM.to_owned(),
            nonce: nonce.to_owned(),
            opaque: Some(self.opaque().to_owned()),
            algorithm,
            qop,
            stale: false,
        };
        let expected = Answer {
            challenge: &challenge,
            username: key.username,
            ha1: &base_ha1(algorithm, key.username, DIGEST_REALM, key.password),
            method: &request.method,
            uri: &uri,
            nc,
            cnonce: param("cnonce"),
            body: &request.body,
        }
        .response();
        if param("response") != expected.as_str() {
            return Err(self.challenge(key, false));
        }
        let mut nonces = lock(&self.nonces);
        let Some(state) = nonces.get_mut(nonce) else {
            drop(nonces);
            return Err(self.challenge(key, false));
        };
        if state.issued.elapsed() > key.nonce_lifetime {
            nonces.remove(nonce);
            drop(nonces);
            return Err(self.challenge(key, true));
        }
        if key.qop && !state.seen_nc.insert(nc) {
            drop(nonces);
            return Err(self.challenge(key, false));
        }
        Ok(())
    }
}
