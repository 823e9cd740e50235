//! Waiting for long operations: poll a declared call until its answer says the work is done.
//!
//! Atlas completes many writes in the background (a cluster is `CREATING` for minutes before it
//! is `IDLE`; a deleted one answers 404 only once it is gone). [`Wait`] polls any call with
//! backoff until a condition holds, within a deadline. Transient failures (502, 503, 504, rate
//! limits, connection resets, timeouts) count as "still pending"; any other error ends the
//! wait. Each poll is a `tracing` event (`atlas_wait` target, at `INFO`) with the poll number,
//! the elapsed time and what the poll found. To cancel a wait, drop its future (e.g. with
//! `tokio::select!` or `tokio::time::timeout`): nothing runs in the background.
//!
//! Which operation to poll for a write, and which state means done, is in the rustdoc the
//! macro writes on the write's declaration ("Atlas completes this change in the background:
//! poll …"), taken from the Atlas CLI's watchers.

use crate::clock::later;
use crate::error::{Error, Result};
use std::fmt;
use std::time::Duration;
use tokio::time::Instant;

/// The default longest wait.
pub const DEFAULT_WAIT_TIMEOUT: Duration = Duration::from_secs(3600);
/// The default first pause between polls; each pause doubles, up to the longest.
pub const DEFAULT_FIRST_INTERVAL: Duration = Duration::from_secs(2);
/// The default longest pause between polls.
pub const DEFAULT_MAX_INTERVAL: Duration = Duration::from_secs(30);

/// How to wait for one long operation: what it is (for events and errors), the deadline and
/// the pauses between polls.
#[derive(Debug, Clone)]
pub struct Wait {
    what: &'static str,
    timeout: Duration,
    first_interval: Duration,
    max_interval: Duration,
}

/// What one poll found, as the check of [`Wait::poll`] decides.
#[derive(Debug)]
pub enum Progress<R> {
    /// The work is done; the wait returns this.
    Done(R),
    /// Still in progress; the note (e.g. the resource's state) goes into the poll's event.
    Pending(String),
}

impl Wait {
    /// A wait named `what` (e.g. `"cluster IDLE"`), with the default deadline (1 hour) and
    /// pauses (2 s, doubling up to 30 s).
    pub fn new(what: &'static str) -> Self {
        Self {
            what,
            timeout: DEFAULT_WAIT_TIMEOUT,
            first_interval: DEFAULT_FIRST_INTERVAL,
            max_interval: DEFAULT_MAX_INTERVAL,
        }
    }

    /// Gives up after `timeout` with [`Error::Timeout`] (`limit: TimeLimit::Wait`).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Pauses `first` after the first poll, doubling after each poll up to `max`.
    pub fn interval(mut self, first: Duration, max: Duration) -> Self {
        self.first_interval = first;
        self.max_interval = max.max(first);
        self
    }

    /// Polls `call` until `done` holds for its answer, and returns that answer.
    ///
    /// ```no_run
    /// # use atlas_endpoint::{atlas_endpoint, Client, Result, Wait};
    /// # #[atlas_endpoint(GET, "/groups/<groupId>/clusters/<clusterName>")]
    /// # async fn get_cluster(client: &Client, group_id: &str, cluster_name: &str) -> Result<serde_json::Value>;
    /// # async fn run(client: &Client) -> Result<()> {
    /// Wait::new("cluster IDLE")
    ///     .until(|| get_cluster(client, "5f1b2c3d4e5f6a7b8c9d0e1f", "c0"), |c| c["stateName"] == "IDLE")
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub async fn until<T, F, Fut>(self, call: F, mut done: impl FnMut(&T) -> bool) -> Result<T>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<T>>,
    {
        self.poll(call, |answer| {
            let value = answer?;
            Ok(if done(&value) {
                Progress::Done(value)
            } else {
                Progress::Pending(String::new())
            })
        })
        .await
    }

    /// Polls `call` until the resource answers 404 (it is gone).
    pub async fn until_gone<T, F, Fut>(self, call: F) -> Result<()>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<T>>,
    {
        self.poll(call, |answer| match answer {
            Ok(_) => Ok(Progress::Pending("still there".into())),
            Err(error) if error.status().map(|status| status.as_u16()) == Some(404) => {
                Ok(Progress::Done(()))
            }
            Err(error) => Err(error),
        })
        .await
    }

    /// Polls `call` until `check` says [`Progress::Done`]. `check` sees every answer except
    /// transient failures (which count as pending); an error it returns ends the wait.
    pub async fn poll<T, R, F, Fut>(
        self,
        mut call: F,
        mut check: impl FnMut(Result<T>) -> Result<Progress<R>>,
    ) -> Result<R>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<T>>,
    {
        let started = Instant::now();
        let deadline = later(started, self.timeout);
        let mut pause = self.first_interval;
        let mut polls = 0u32;
        loop {
            polls = polls.saturating_add(1);
            let answer = match tokio::time::timeout_at(deadline, call()).await {
                Ok(answer) => answer,
                Err(_) => return Err(self.timed_out()),
            };
            let note = match answer {
                Err(error) if is_transient(&error) => Note::Transient(error),
                answer => match check(answer)? {
                    Progress::Done(value) => {
                        self.event(polls, started, &Note::Done);
                        return Ok(value);
                    }
                    Progress::Pending(note) => Note::Pending(note),
                },
            };
            self.event(polls, started, &note);
            let now = Instant::now();
            if later(now, pause) >= deadline {
                return Err(self.timed_out());
            }
            tokio::time::sleep(pause).await;
            pause = pause.saturating_mul(2).min(self.max_interval);
        }
    }

    fn event(&self, poll: u32, started: Instant, note: &Note) {
        tracing::info!(
            target: "atlas_wait",
            what = self.what,
            poll,
            elapsed_ms = started.elapsed().as_millis() as u64,
            "{}: poll {poll}: {note}",
            self.what
        );
    }

    fn timed_out(&self) -> Error {
        Error::Timeout {
            operation: self.what,
            limit: crate::error::TimeLimit::Wait,
            after: Some(self.timeout),
            source: None,
        }
    }
}

/// What a poll found, for its event.
enum Note {
    Done,
    Pending(String),
    Transient(Error),
}

impl fmt::Display for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Done => f.write_str("done"),
            Self::Pending(note) if note.is_empty() => f.write_str("pending"),
            Self::Pending(note) => write!(f, "pending ({note})"),
            Self::Transient(error) => write!(f, "pending (transient failure: {error})"),
        }
    }
}

/// Failures that say nothing about the operation: what the retry policy would retry (gateway
/// errors, rate limits), resets, timeouts, and calls the client held for a rate limit
/// (looking through retries).
fn is_transient(error: &Error) -> bool {
    let last = error.last();
    let code = last.api().and_then(|api| api.error_code.as_deref());
    matches!(
        last,
        Error::Transport { .. } | Error::Timeout { .. } | Error::RateLimited { .. }
    ) || last
        .status()
        .is_some_and(|status| crate::retry::classify(status, code).is_some())
}
