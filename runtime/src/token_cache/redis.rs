//! [`RedisTokenStore`]: the token cache of a fleet, one Redis entry per (base URL, client id)
//! that every process of every machine reaching that Redis shares.
//!
//! An entry is the token and its expiry as JSON (never the client secret) under
//! `<namespace>:token:<digest>`, where the digest hashes the base URL and client id; Redis drops
//! it when the token expires. Its lock is `<namespace>:token:<digest>:lock`, taken with
//! `SET NX PX` and an owner value of random bytes, so a holder that dies frees it after
//! [`LOCK_LEASE`], and released by a script that deletes it only while it still holds that
//! value. A process waits at most [`LOCK_WAIT`] for another's lock, polling with backoff; then
//! the client fetches a token without the store. Every operation (connecting included) has a
//! short timeout, one second unless [`RedisTokenStore::timeout`] says otherwise.

use super::{LockedToken, MAX_TOKEN_LIFETIME, StoredToken, TokenKey, TokenStore, entry};
use crate::error::Result;
use crate::redis_target::{RedisTarget, failed};
use redis::Connection;
use std::fmt;
use std::io;
use std::time::{Duration, Instant};

/// The default timeout of one Redis operation (connecting, or one command and its answer).
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(1);
/// How long a lock lasts when its holder never releases it (a process that died).
const LOCK_LEASE: Duration = Duration::from_secs(15);
/// How long a process waits for another's lock before fetching without the store.
const LOCK_WAIT: Duration = Duration::from_secs(10);
/// The first pause between two attempts at a taken lock; each pause doubles up to the next.
const FIRST_POLL: Duration = Duration::from_millis(5);
/// The longest pause between two attempts at a taken lock.
const MAX_POLL: Duration = Duration::from_millis(100);
/// The largest entry believed (an entry is a few hundred bytes).
const MAX_ENTRY_BYTES: usize = 64 * 1024;
/// Deletes the lock `KEYS[1]` only while it holds the owner value `ARGV[1]`.
const RELEASE: &str = "if redis.call('GET', KEYS[1]) == ARGV[1] then \
                       return redis.call('DEL', KEYS[1]) end return 0";

/// Tokens kept in Redis, shared by every process that reaches it: the token cache of a fleet.
///
/// The connection URL carries the address, the TLS choice and the credentials:
/// `redis://[user:password@]host[:port][/db]`, or `rediss://` for TLS (checked against the
/// system's root certificates). `Debug` hides the password.
#[derive(Clone)]
pub struct RedisTokenStore {
    target: RedisTarget,
}

impl RedisTokenStore {
    /// The store at `url` (nothing is connected yet): [`Error::Config`](crate::Error::Config) when it is not a Redis
    /// URL.
    pub fn open(url: &str) -> Result<Self> {
        Ok(Self {
            target: RedisTarget::open(url, DEFAULT_TIMEOUT)?,
        })
    }

    /// Prefixes every key with `namespace` (default `atlas-endpoint`), e.g. to keep the tokens
    /// of two environments sharing a Redis apart.
    pub fn namespace(mut self, namespace: impl Into<String>) -> Self {
        self.target.set_namespace(namespace.into());
        self
    }

    /// The timeout of one Redis operation: connecting, or one command and its answer (default
    /// one second; zero is taken as one millisecond).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.target.set_timeout(timeout);
        self
    }

    /// The Redis key of `key`'s entry: `<namespace>:token:<digest of base URL and client id>`.
    pub fn entry_key(&self, key: &TokenKey) -> String {
        self.target.key("token", &entry::digest(key))
    }

    fn connect(&self) -> io::Result<Connection> {
        let connection = self
            .target
            .client
            .get_connection_with_timeout(self.target.timeout)
            .map_err(failed)?;
        connection
            .set_read_timeout(Some(self.target.timeout))
            .map_err(failed)?;
        connection
            .set_write_timeout(Some(self.target.timeout))
            .map_err(failed)?;
        Ok(connection)
    }
}

impl TokenStore for RedisTokenStore {
    fn lock(&self, key: &TokenKey) -> io::Result<Box<dyn LockedToken>> {
        let mut connection = self.connect()?;
        let entry_key = self.entry_key(key);
        let lock_key = format!("{entry_key}:lock");
        let owner = owner()?;
        let started = Instant::now();
        let mut pause = FIRST_POLL;
        loop {
            let taken: Option<String> = redis::cmd("SET")
                .arg(&lock_key)
                .arg(&owner)
                .arg("NX")
                .arg("PX")
                .arg(millis(LOCK_LEASE))
                .query(&mut connection)
                .map_err(failed)?;
            if taken.is_some() {
                break;
            }
            if started.elapsed() >= LOCK_WAIT {
                return Err(io::Error::new(
                    io::ErrorKind::TimedOut,
                    format!("the Redis token cache lock was held for over {LOCK_WAIT:?}"),
                ));
            }
            std::thread::sleep(pause);
            pause = pause.saturating_mul(2).min(MAX_POLL);
        }
        Ok(Box::new(LockedRedis {
            connection,
            key: key.clone(),
            entry_key,
            lock_key,
            owner,
        }))
    }
}

/// An entry under its lock, released when dropped.
struct LockedRedis {
    connection: Connection,
    key: TokenKey,
    entry_key: String,
    lock_key: String,
    owner: String,
}

impl LockedToken for LockedRedis {
    fn read(&mut self) -> io::Result<Option<StoredToken>> {
        let bytes: Option<Vec<u8>> = redis::cmd("GET")
            .arg(&self.entry_key)
            .query(&mut self.connection)
            .map_err(failed)?;
        let entry = bytes
            .filter(|bytes| bytes.len() <= MAX_ENTRY_BYTES)
            .and_then(|bytes| entry::decode(&self.key, &bytes));
        Ok(entry)
    }

    fn write(&mut self, token: &StoredToken) -> io::Result<()> {
        let bytes = entry::encode(&self.key, token)?;
        let left = token
            .expires_at
            .duration_since(std::time::SystemTime::now())
            .unwrap_or_default()
            .min(MAX_TOKEN_LIFETIME);
        if left.is_zero() {
            return Ok(());
        }
        redis::cmd("SET")
            .arg(&self.entry_key)
            .arg(bytes)
            .arg("PX")
            .arg(millis(left).max(1))
            .exec(&mut self.connection)
            .map_err(failed)
    }
}

impl Drop for LockedRedis {
    fn drop(&mut self) {
        let released = redis::cmd("EVAL")
            .arg(RELEASE)
            .arg(1)
            .arg(&self.lock_key)
            .arg(&self.owner)
            .exec(&mut self.connection);
        if let Err(error) = released {
            // The lock lapses by itself after its lease.
            tracing::debug!(error = %failed(error), "could not release the Redis token cache lock");
        }
    }
}

impl fmt::Debug for RedisTokenStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.target.debug("RedisTokenStore", f)
    }
}

/// A unique lock owner: 128 random bits in hex.
fn owner() -> io::Result<String> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(io::Error::other)?;
    Ok(bytes.iter().map(|byte| format!("{byte:02x}")).collect())
}

/// Whole milliseconds of `duration`, saturating.
fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_the_password_and_keys_are_hashed() {
        let store = RedisTokenStore::open("rediss://fleet:hunter2@127.0.0.1:6380/2")
            .unwrap()
            .namespace("staging");
        let shown = format!("{store:?}");
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(
            shown.contains("rediss://fleet:***@127.0.0.1:6380/2"),
            "{shown}"
        );
        let key = TokenKey::new("https://cloud.mongodb.com/", "mdb_sa_id_1");
        let name = store.entry_key(&key);
        assert!(name.starts_with("staging:token:"), "{name}");
        assert!(
            !name.contains("mdb_sa_id_1") && !name.contains("cloud"),
            "{name}"
        );
    }

    #[test]
    fn only_redis_urls_open() {
        let error = RedisTokenStore::open("http://user:hunter2@127.0.0.1/").unwrap_err();
        assert!(!error.to_string().contains("hunter2"), "{error}");
        assert!(RedisTokenStore::open("redis://127.0.0.1:6379").is_ok());
    }

    #[test]
    fn a_closed_port_fails_the_lock_quickly() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        drop(listener);
        let store = RedisTokenStore::open(&format!("redis://127.0.0.1:{port}"))
            .unwrap()
            .timeout(Duration::from_millis(200));
        let key = TokenKey::new("https://cloud.mongodb.com/", "mdb_sa_id_1");
        assert!(store.lock(&key).is_err());
    }
}
