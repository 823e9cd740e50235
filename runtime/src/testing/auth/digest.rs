//! The emulator's HTTP Digest check: challenges, nonce lifetime (`stale=true`), replayed `nc`,
//! `opaque` and `uri` checks.

use super::rfc7616;
use super::{DIGEST_REALM, unauthorized};
use crate::auth::DigestAlgorithm;
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
pub(super) struct Challenged {
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
    fn challenge(&self, key: &ApiKey<'_>, stale: bool) -> Challenged {
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
        Challenged {
            stale,
            reply: unauthorized().header("www-authenticate", &header),
        }
    }

    /// Checks the `Authorization: Digest …` of an API request, by the emulator's own reading
    /// of RFC 7616 (not the client's code).
    pub(super) fn check(
        &self,
        key: &ApiKey<'_>,
        request: &RecordedRequest,
    ) -> Result<(), Challenged> {
        let Some(credentials) = request
            .header("authorization")
            .and_then(rfc7616::credentials)
        else {
            return Err(self.challenge(key, false));
        };
        let param = |name: &str| credentials.get(name).map_or("", String::as_str);
        let algorithm = rfc7616::algorithm(credentials.get("algorithm").map(String::as_str));
        let uri = match &request.query {
            Some(query) => format!("{}?{query}", request.path),
            None => request.path.clone(),
        };
        let (qop_auth, nc) = if key.qop {
            let nc = u32::from_str_radix(param("nc"), 16).ok();
            let sent = (param("qop") == "auth").then_some((param("nc"), param("cnonce")));
            (sent, nc.filter(|_| sent.is_some()))
        } else {
            (None, Some(0))
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
        let expected = rfc7616::Expected {
            algorithm,
            username: key.username,
            realm: DIGEST_REALM,
            password: key.password,
            method: &request.method,
            uri: &uri,
            nonce,
            qop_auth,
        }
        .response();
        if param("response") != expected {
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
