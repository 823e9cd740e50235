//! The client's side of a shared [`RateLimitStore`]: asks it before a call, teaches it after
//! a 429, and goes on without it when it fails.

use super::bucket::{DEFAULT_PERIOD, MAX_CAPACITY, MAX_LEARNED_WAIT};
use super::{Stopped, too_many_requests};
use crate::clock::later;
use crate::error::RawResponse;
use crate::rate_limit_store::{BucketKey, Lesson, RateLimitStore, StoreFuture, Take};
use crate::request::Request;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::time::Instant;

/// The longest one store operation may take, whatever the store.
const STORE_DEADLINE: Duration = Duration::from_secs(1);
/// How long the client goes without the store after it failed.
const PAUSE_AFTER_FAILURE: Duration = Duration::from_secs(5);

/// A client's use of a shared store.
pub(crate) struct SharedLimits {
    store: Arc<dyn RateLimitStore>,
    base_url: Box<str>,
    /// Until when the store is left alone after a failure.
    paused_until: Mutex<Option<Instant>>,
    /// Whether a failure was logged as a warning already (once per client).
    warned: AtomicBool,
}

/// What the store decided for a call.
pub(crate) enum Shared {
    /// It knows nothing of the bucket (or failed): the client's own mirror decides.
    Unknown,
    /// The call's slot came: it goes now (`true` when it waited for it).
    Go(bool),
    /// Its slot comes after its deadline.
    Stopped(Stopped),
}

impl SharedLimits {
    pub(crate) fn new(store: Arc<dyn RateLimitStore>, base_url: &str) -> Self {
        Self {
            store,
            base_url: base_url.into(),
            paused_until: Mutex::new(None),
            warned: AtomicBool::new(false),
        }
    }

    /// Takes `request`'s slot in its shared bucket and waits for it. Boxed: only clients with
    /// a store pay for its state.
    pub(crate) fn admit<'a>(
        &'a self,
        request: &Request,
        deadline: Instant,
    ) -> Pin<Box<dyn Future<Output = Shared> + Send + 'a>> {
        let key = self.key(request);
        Box::pin(async move {
            if self.paused() {
                return Shared::Unknown;
            }
            let now = Instant::now();
            let left = deadline.saturating_duration_since(now);
            let within = left.min(MAX_LEARNED_WAIT);
            match self.bounded(self.store.take(&key, within)).await {
                None | Some(Take::Unknown) => Shared::Unknown,
                Some(Take::After(wait)) if wait <= within => {
                    if !wait.is_zero() {
                        // From before the store's round trip, and never past the deadline.
                        tokio::time::sleep_until(later(now, wait).min(deadline)).await;
                    }
                    Shared::Go(!wait.is_zero())
                }
                Some(Take::TooLate(wait)) if wait > within && wait <= MAX_LEARNED_WAIT => {
                    Shared::Stopped(Stopped::RateLimited {
                        until: later(now, wait),
                        asked: None,
                    })
                }
                // A store's entries may be planted: a slot later than asked for, or a wait
                // longer than any server is believed, is ignored and the client decides.
                Some(absurd) => {
                    tracing::debug!(?absurd, "rate-limit store answered an absurd wait; ignored");
                    Shared::Unknown
                }
            }
        })
    }

    /// Teaches the store what the 429 `answer` to `request` said: the wait it asked for, which
    /// every client of the store now honours, or `None` when the store did not take it.
    pub(crate) async fn learn(&self, request: &Request, answer: &RawResponse) -> Option<Duration> {
        if self.paused() {
            return None;
        }
        let lesson = lesson(answer);
        let key = self.key(request);
        self.bounded(self.store.learn(&key, lesson)).await?;
        Some(lesson.wait)
    }

    fn key(&self, request: &Request) -> BucketKey {
        let endpoint = request.endpoint();
        BucketKey::new(
            &self.base_url,
            endpoint.method.as_str(),
            endpoint.template,
            scope(request).as_deref(),
        )
    }

    fn paused(&self) -> bool {
        crate::sync::lock(&self.paused_until).is_some_and(|until| Instant::now() < until)
    }

    /// The store's answer, or `None` (logged, and the store left alone for a while) when it
    /// failed or took longer than [`STORE_DEADLINE`].
    async fn bounded<T>(&self, operation: StoreFuture<'_, T>) -> Option<T> {
        let error = match tokio::time::timeout(STORE_DEADLINE, operation).await {
            Ok(Ok(answer)) => return Some(answer),
            Ok(Err(error)) => error,
            Err(_) => std::io::Error::new(
                std::io::ErrorKind::TimedOut,
                format!("no answer within {STORE_DEADLINE:?}"),
            ),
        };
        *crate::sync::lock(&self.paused_until) = Some(later(Instant::now(), PAUSE_AFTER_FAILURE));
        if self.warned.swap(true, Ordering::Relaxed) {
            tracing::debug!(%error, "rate-limit store unusable; holding calls without it");
        } else {
            tracing::warn!(%error, "rate-limit store unusable; holding calls without it");
        }
        None
    }
}

impl fmt::Debug for SharedLimits {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SharedLimits")
            .field("store", &self.store)
            .finish_non_exhaustive()
    }
}

/// What a 429 taught, clamped: capacity within 1..=[`MAX_CAPACITY`], waits within
/// [`MAX_LEARNED_WAIT`] (a 429 that gave no wait: [`DEFAULT_PERIOD`]).
fn lesson(answer: &RawResponse) -> Lesson {
    let told = too_many_requests(answer);
    let rate = told.rate.map(|(capacity, interval)| {
        let interval = interval.clamp(Duration::from_micros(1), MAX_LEARNED_WAIT);
        (capacity.clamp(1, MAX_CAPACITY), interval)
    });
    Lesson {
        rate,
        wait: told.wait().unwrap_or(DEFAULT_PERIOD),
    }
}

/// The project or organization the request's path names (`groups/<id>`, `orgs/<id>`), which
/// scopes Atlas's buckets.
fn scope(request: &Request) -> Option<String> {
    let mut segments = request
        .url()
        .path_segments()?
        .skip_while(|s| *s != "v2")
        .skip(1);
    match (segments.next()?, segments.next()?) {
        (kind @ ("groups" | "orgs"), id) if !id.is_empty() => Some(format!("{kind}/{id}")),
        _ => None,
    }
}
