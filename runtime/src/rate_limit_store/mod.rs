//! Rate-limit knowledge shared between clients (opt-in): every process of a fleet that calls
//! the same Atlas endpoints holds its calls against the same learned bucket.
//!
//! Atlas's buckets are per endpoint and scope (organization, project, user, IP), shared by
//! every caller; a client alone learns a bucket from its own 429s, so N processes each
//! believing they own it send N times what it refills. With a [`RateLimitStore`]
//! ([`ClientBuilder::rate_limit_store`](crate::ClientBuilder::rate_limit_store)), a 429 that
//! says how the bucket refills (Atlas's `parameters`) is written to the store, and from then
//! on every client of the store takes a slot in that one bucket (the generic cell rate
//! algorithm: one token per refill interval, bursts up to the capacity) before sending. A 429
//! that only says when to come back holds every client until then. What the store does not
//! know, each client's own rate-limit mirror decides, as without a store.
//!
//! Entries are keyed by [`BucketKey`]: the base URL, the endpoint (method and path template)
//! and its scope where the path names one (`/groups/{id}`, `/orgs/{id}`). Knowledge lasts five
//! minutes after the last 429 that taught it.
//!
//! A store that fails or answers slowly never fails a call: each operation is bounded (one
//! second at most, whatever the store), the failure is logged (a warning once per client,
//! then at debug level), and the client goes on with its own mirror, trying the store again
//! five seconds later. Every wait a store hands back is clamped to the longest wait the
//! client ever learns (two minutes) and to the call's own deadline.
//!
//! The crate ships [`InProcessRateLimitStore`] (clients of one process) and, with the `redis`
//! feature, `RedisRateLimitStore` (a fleet).

mod memory;
#[cfg(feature = "redis")]
mod redis;

pub use memory::InProcessRateLimitStore;
#[cfg(feature = "redis")]
pub use redis::RedisRateLimitStore;

use sha2::{Digest, Sha256};
use std::fmt::{self, Write as _};
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::time::Duration;

/// How long a store keeps what a 429 taught.
pub const KNOWLEDGE_TTL: Duration = Duration::from_secs(300);

/// The future of one store operation.
pub type StoreFuture<'a, T> = Pin<Box<dyn Future<Output = io::Result<T>> + Send + 'a>>;

/// Where learned rate-limit buckets are kept, shared by every client that uses the store.
///
/// Both operations must be atomic across every client of the store: two clients taking a
/// slot at once get different slots.
pub trait RateLimitStore: fmt::Debug + Send + Sync + 'static {
    /// Takes the next slot of `key`'s bucket if it comes within `within`; nothing is taken
    /// when it comes later ([`Take::TooLate`]) or when the bucket is not known
    /// ([`Take::Unknown`]).
    fn take<'a>(&'a self, key: &'a BucketKey, within: Duration) -> StoreFuture<'a, Take>;

    /// Records what a 429 taught of `key`'s bucket.
    fn learn<'a>(&'a self, key: &'a BucketKey, lesson: Lesson) -> StoreFuture<'a, ()>;
}

/// What [`RateLimitStore::take`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Take {
    /// Nothing is known of the bucket (or what was known has lapsed): the client decides.
    Unknown,
    /// A slot is reserved this far ahead: the call goes then.
    After(Duration),
    /// The next slot is this far ahead, later than the call could wait; nothing was taken.
    TooLate(Duration),
}

/// What a 429 taught of a bucket. Every figure is clamped by the client before it is handed to
/// a store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lesson {
    /// The bucket's capacity and the time one token takes to come back, when the 429 said.
    pub rate: Option<(u32, Duration)>,
    /// How long from now until the next token.
    pub wait: Duration,
}

/// Which bucket an entry describes: a digest of the base URL, the endpoint (method and path
/// template) and its scope (the project or organization id in the path, if any).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct BucketKey {
    digest: String,
}

impl BucketKey {
    /// The key of the bucket of `method template` at `base_url`, in `scope` (e.g.
    /// `groups/5f1b…`).
    pub fn new(base_url: &str, method: &str, template: &str, scope: Option<&str>) -> Self {
        let mut hash = Sha256::new();
        for part in [base_url, method, template, scope.unwrap_or("")] {
            hash.update(part.as_bytes());
            hash.update(b"\n");
        }
        let digest =
            hash.finalize()[..16]
                .iter()
                .fold(String::with_capacity(32), |mut text, byte| {
                    let _ = write!(text, "{byte:02x}");
                    text
                });
        Self { digest }
    }

    /// The key as 32 hexadecimal digits (no id or URL can be read back from it).
    pub fn as_str(&self) -> &str {
        &self.digest
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_tell_scopes_apart_and_hide_what_they_hash() {
        let key = |scope| {
            BucketKey::new(
                "https://cloud.mongodb.com/",
                "GET",
                "/groups/<groupId>/clusters",
                scope,
            )
        };
        let first = key(Some("groups/5f1b2c3d4e5f6a7b8c9d0e1f"));
        assert_ne!(first, key(Some("groups/000000000000000000000000")));
        assert_ne!(first, key(None));
        assert_eq!(first.as_str().len(), 32);
        assert!(!first.as_str().contains("5f1b"));
    }
}
