//! A service-account token cache shared across processes (opt-in): every process of a team
//! (each CI job, each short-lived command) that uses the same service account on the same
//! Atlas reuses one token instead of fetching its own from the rate-limited token endpoint.
//!
//! The seam is [`TokenStore`]: it locks one entry (across processes), reads it and writes it.
//! The crate ships [`FileTokenStore`], a file per (base URL, client id) in the user's cache
//! directory, and, with the `redis` feature, `RedisTokenStore`, an entry per (base URL, client
//! id) in a Redis that every machine of a fleet reaches. Only the token and its expiry are stored, never the client secret. When a client
//! needs a token it first uses its own in-memory one; only to fetch does it take the entry's
//! lock, use the stored token if it is still fresh, and otherwise fetch one and store it before
//! releasing the lock, so concurrent processes on a cold cache fetch once. A store that fails
//! (unreadable directory, lock not obtained in time) is logged and bypassed: the client then
//! fetches its own token as without a cache.

mod entry;
mod file;
#[cfg(feature = "redis")]
mod redis;
mod trust;

pub use file::FileTokenStore;
#[cfg(feature = "redis")]
pub use redis::RedisTokenStore;

use crate::secret::Secret;
use std::fmt;
use std::io;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, SystemTime};

/// The longest lifetime believed of a token, whether a token endpoint or a cache entry says
/// it (Atlas's tokens live an hour): a stored token claiming more is ignored.
pub(crate) const MAX_TOKEN_LIFETIME: Duration = Duration::from_secs(24 * 3600);

/// Where shared tokens are kept, locked across processes.
///
/// The methods block (file locks, file I/O); the client calls them on tokio's blocking pool.
pub trait TokenStore: fmt::Debug + Send + Sync + 'static {
    /// Takes the exclusive lock on `key`'s entry, waiting while another holder (in this or
    /// another process) has it. Dropping the returned entry releases the lock.
    fn lock(&self, key: &TokenKey) -> io::Result<Box<dyn LockedToken>>;
}

/// One entry of a [`TokenStore`], held under its lock.
pub trait LockedToken: Send {
    /// The stored token; `Ok(None)` when there is none or it cannot be read (a corrupt entry
    /// is ignored and later replaced).
    fn read(&mut self) -> io::Result<Option<StoredToken>>;

    /// Replaces the stored token.
    fn write(&mut self, token: &StoredToken) -> io::Result<()>;
}

/// Which token an entry holds: one per Atlas base URL and service-account client id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenKey {
    base_url: String,
    client_id: String,
}

impl TokenKey {
    pub(crate) fn new(base_url: &str, client_id: &str) -> Self {
        Self {
            base_url: base_url.to_owned(),
            client_id: client_id.to_owned(),
        }
    }

    /// The Atlas base URL, e.g. `https://cloud.mongodb.com/`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The service account's client id (not a secret).
    pub fn client_id(&self) -> &str {
        &self.client_id
    }
}

/// An access token as stored: the token, when it expires, and its whole lifetime (which sets
/// when it is refreshed). `Debug` hides the token.
#[derive(Debug, Clone)]
pub struct StoredToken {
    /// The access token.
    pub access_token: Secret,
    /// When it expires (wall-clock time, comparable across processes).
    pub expires_at: SystemTime,
    /// How long it was valid for when issued.
    pub lifetime: Duration,
}

/// A store and the entry of one client.
pub(crate) struct TokenCache {
    store: Arc<dyn TokenStore>,
    key: TokenKey,
    /// Whether the store's failure was logged already (it is logged once per client).
    warned: AtomicBool,
}

impl TokenCache {
    pub(crate) fn new(store: Arc<dyn TokenStore>, key: TokenKey) -> Self {
        Self {
            store,
            key,
            warned: AtomicBool::new(false),
        }
    }

    /// The stored token if `fresh` accepts it, else the one `fetch` brings (stored before the
    /// entry's lock is released, so that other processes waiting for it find it).
    pub(crate) async fn get_or_fetch<E>(
        &self,
        fresh: impl Fn(&StoredToken) -> bool,
        fetch: impl Future<Output = Result<StoredToken, E>>,
    ) -> Result<StoredToken, E> {
        let (store, key) = (Arc::clone(&self.store), self.key.clone());
        let locked = tokio::task::spawn_blocking(move || {
            let mut entry = store.lock(&key)?;
            let stored = entry.read()?;
            Ok::<_, io::Error>((entry, stored))
        })
        .await
        .map_err(io::Error::other)
        .flatten();
        let entry = match locked {
            Ok((entry, Some(stored))) if fresh(&stored) => {
                tracing::debug!("service-account token read from the shared token cache");
                Held(Some(entry)).release().await;
                return Ok(stored);
            }
            Ok((entry, _)) => Held(Some(entry)),
            Err(error) => {
                self.unusable(&error);
                return fetch.await;
            }
        };
        let token = match fetch.await {
            Ok(token) => token,
            Err(error) => {
                entry.release().await;
                return Err(error);
            }
        };
        let written = token.clone();
        // The entry is dropped, so its lock released, on the blocking pool too.
        let stored = tokio::task::spawn_blocking(move || entry.write(&written))
            .await
            .map_err(io::Error::other)
            .flatten();
        if let Err(error) = stored {
            self.unusable(&error);
        }
        Ok(token)
    }

    /// Logs that the store failed: a warning the first time, then at debug level.
    fn unusable(&self, error: &io::Error) {
        if !self.warned.swap(true, Ordering::Relaxed) {
            tracing::warn!(%error, "token cache unusable; fetching tokens without it");
        } else {
            tracing::debug!(%error, "token cache unusable; fetching a token without it");
        }
    }
}

/// A locked entry whose lock is released on the blocking pool (a store may need the network
/// to release it), also when the call holding it is dropped mid-fetch.
struct Held(Option<Box<dyn LockedToken>>);

impl Held {
    /// Releases the lock and waits until it is released.
    async fn release(mut self) {
        if let Some(entry) = self.0.take() {
            let _ = tokio::task::spawn_blocking(move || drop(entry)).await;
        }
    }

    /// Writes `token`, then releases the lock (call it on the blocking pool).
    fn write(mut self, token: &StoredToken) -> io::Result<()> {
        match self.0.take() {
            Some(mut entry) => entry.write(token),
            None => Ok(()),
        }
    }
}

impl Drop for Held {
    fn drop(&mut self) {
        let Some(entry) = self.0.take() else {
            return;
        };
        match tokio::runtime::Handle::try_current() {
            Ok(runtime) => drop(runtime.spawn_blocking(move || drop(entry))),
            Err(_) => drop(entry),
        }
    }
}

impl fmt::Debug for TokenCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenCache")
            .field("store", &self.store)
            .field("key", &self.key)
            .finish()
    }
}
