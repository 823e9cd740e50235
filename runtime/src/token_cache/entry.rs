//! The stored form of a token, the same in every store: JSON naming the key it belongs to, with
//! the token and its expiry (never the client secret), and what an entry read back must satisfy
//! to be believed.

use super::{MAX_TOKEN_LIFETIME, StoredToken, TokenKey};
use crate::clock::later_wall;
use crate::secret::Secret;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fmt::Write as _;
use std::io;
use std::time::{Duration, SystemTime};

/// The format of the entries.
const FORMAT: u32 = 1;

/// An entry's content. The secret is not among it.
#[derive(Serialize, Deserialize)]
struct Entry {
    format: u32,
    base_url: String,
    client_id: String,
    access_token: String,
    /// Seconds since the Unix epoch.
    expires_at: f64,
    /// Seconds.
    lifetime: f64,
}

/// The entry of `token` for `key`.
pub(super) fn encode(key: &TokenKey, token: &StoredToken) -> io::Result<Vec<u8>> {
    let expires_at = token
        .expires_at
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_err(io::Error::other)?;
    let entry = Entry {
        format: FORMAT,
        base_url: key.base_url.clone(),
        client_id: key.client_id.clone(),
        access_token: token.access_token.expose().to_owned(),
        expires_at: expires_at.as_secs_f64(),
        lifetime: token.lifetime.as_secs_f64(),
    };
    serde_json::to_vec(&entry).map_err(io::Error::other)
}

/// The token `bytes` hold for `key`; `None` when they are corrupt, of another format or key,
/// empty, or claim more than a token's longest lifetime.
pub(super) fn decode(key: &TokenKey, bytes: &[u8]) -> Option<StoredToken> {
    let entry = serde_json::from_slice::<Entry>(bytes).ok()?;
    if entry.format != FORMAT
        || entry.base_url != key.base_url
        || entry.client_id != key.client_id
        || entry.access_token.is_empty()
    {
        return None;
    }
    // Nothing the entry says is believed beyond a token's longest lifetime from now.
    let seconds = |value: f64| crate::clock::seconds(value, Duration::MAX);
    let expires_at = later_wall(SystemTime::UNIX_EPOCH, seconds(entry.expires_at)?);
    let lifetime = seconds(entry.lifetime)?;
    let horizon = later_wall(SystemTime::now(), MAX_TOKEN_LIFETIME);
    if expires_at > horizon || lifetime > MAX_TOKEN_LIFETIME {
        return None;
    }
    Some(StoredToken {
        access_token: Secret::new(entry.access_token),
        expires_at,
        lifetime,
    })
}

/// A name for `key` safe in a file name or a Redis key: the first 128 bits of SHA-256 over the
/// base URL and client id, in hex.
pub(super) fn digest(key: &TokenKey) -> String {
    let digest = Sha256::new()
        .chain_update(key.base_url.as_bytes())
        .chain_update(b"\n")
        .chain_update(key.client_id.as_bytes())
        .finalize();
    digest[..16]
        .iter()
        .fold(String::with_capacity(32), |mut text, byte| {
            let _ = write!(text, "{byte:02x}");
            text
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token(value: &str, expires_in: Duration) -> StoredToken {
        StoredToken {
            access_token: Secret::new(value.to_owned()),
            expires_at: SystemTime::now() + expires_in,
            lifetime: Duration::from_secs(3600),
        }
    }

    #[test]
    fn entries_round_trip_for_their_key_only() {
        let key = TokenKey::new("https://cloud.mongodb.com/", "mdb_sa_id_1");
        let other = TokenKey::new("https://cloud.mongodbgov.com/", "mdb_sa_id_1");
        assert_ne!(digest(&key), digest(&other));
        assert_eq!(digest(&key).len(), 32);
        let bytes = encode(&key, &token("tok-1", Duration::from_secs(3600))).unwrap();
        let read = decode(&key, &bytes).unwrap();
        assert_eq!(read.access_token.expose(), "tok-1");
        assert_eq!(read.lifetime, Duration::from_secs(3600));
        assert!(decode(&other, &bytes).is_none());
        assert!(decode(&key, b"{\"format\":1,\"access_tok").is_none());
    }

    #[test]
    fn entries_claiming_too_much_are_refused() {
        let key = TokenKey::new("https://cloud.mongodb.com/", "mdb_sa_id_1");
        let far = encode(&key, &token("tok", MAX_TOKEN_LIFETIME * 2)).unwrap();
        assert!(decode(&key, &far).is_none());
        let empty = encode(&key, &token("", Duration::from_secs(60))).unwrap();
        assert!(decode(&key, &empty).is_none());
        let mut negative: serde_json::Value = serde_json::from_slice(&empty).unwrap();
        negative["access_token"] = "tok".into();
        negative["lifetime"] = (-1.0).into();
        assert!(decode(&key, &serde_json::to_vec(&negative).unwrap()).is_none());
    }
}
