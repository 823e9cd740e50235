//! [`RedisRateLimitStore`]: learned buckets in a Redis that every process of a fleet reaches.
//!
//! A bucket is a hash under `<namespace>:rate:<key>` with the fields `capacity` and `interval`
//! (microseconds) when a 429 gave the rate, `tat` (the cell rate algorithm's theoretical
//! arrival time) and `until` (no call before it), both in microseconds of the Redis server's
//! clock, so machines whose clocks disagree still share one schedule. Both operations are one
//! Lua script each, atomic in Redis. The hash expires five minutes after the last lesson (or
//! after its last reserved slot, if later).

use super::{BucketKey, KNOWLEDGE_TTL, Lesson, RateLimitStore, StoreFuture, Take};
use crate::error::Result;
use crate::redis_target::{RedisTarget, failed};
use redis::AsyncConnectionConfig;
use redis::aio::MultiplexedConnection;
use std::fmt;
use std::io;
use std::time::Duration;
use tokio::sync::Mutex;

/// The default timeout of one Redis operation (connecting, or one script and its answer).
const DEFAULT_TIMEOUT: Duration = Duration::from_millis(250);

/// Takes a slot of bucket `KEYS[1]` if it comes within `ARGV[1]` microseconds. Answers
/// `{0, 0}` (unknown), `{1, wait}` (taken) or `{2, wait}` (too late; nothing taken).
const TAKE: &str = r"
if redis.replicate_commands then redis.replicate_commands() end
local now = redis.call('TIME')
now = tonumber(now[1]) * 1000000 + tonumber(now[2])
local within = tonumber(ARGV[1])
local fields = redis.call('HMGET', KEYS[1], 'capacity', 'interval', 'tat', 'until')
local capacity, interval = tonumber(fields[1]) or 0, tonumber(fields[2]) or 0
local tat, hold = tonumber(fields[3]) or 0, tonumber(fields[4]) or 0
local start = math.max(now, hold)
local slot, arrival = start, nil
if capacity >= 1 and interval > 0 then
  arrival = math.max(tat, start) + interval
  slot = math.max(start, arrival - capacity * interval)
elseif hold <= now then
  return {0, 0}
end
local wait = slot - now
if wait > within then
  return {2, wait}
end
if arrival then
  redis.call('HSET', KEYS[1], 'tat', string.format('%.0f', arrival))
  local keep = math.ceil(wait / 1000) + 1000
  if redis.call('PTTL', KEYS[1]) < keep then
    redis.call('PEXPIRE', KEYS[1], keep)
  end
end
return {1, wait}
";

/// Records a lesson in bucket `KEYS[1]`: `ARGV[1]` capacity (0 when unknown), `ARGV[2]` refill
/// interval and `ARGV[3]` wait in microseconds, `ARGV[4]` how long to keep it in milliseconds.
const LEARN: &str = r"
if redis.replicate_commands then redis.replicate_commands() end
local now = redis.call('TIME')
now = tonumber(now[1]) * 1000000 + tonumber(now[2])
local capacity, interval = tonumber(ARGV[1]), tonumber(ARGV[2])
local wait, keep = tonumber(ARGV[3]), tonumber(ARGV[4])
if capacity >= 1 and interval > 0 then
  local tat = tonumber(redis.call('HGET', KEYS[1], 'tat')) or 0
  tat = math.max(tat, now + wait + (capacity - 1) * interval)
  redis.call('HSET', KEYS[1], 'capacity', capacity, 'interval', interval,
    'tat', string.format('%.0f', tat))
else
  local hold = tonumber(redis.call('HGET', KEYS[1], 'until')) or 0
  redis.call('HSET', KEYS[1], 'until', string.format('%.0f', math.max(hold, now + wait)))
end
if redis.call('PTTL', KEYS[1]) < keep then
  redis.call('PEXPIRE', KEYS[1], keep)
end
return {1}
";

/// Rate-limit knowledge kept in Redis, shared by every process that reaches it: a fleet holds
/// its calls against the buckets any of its processes learned.
///
/// The connection URL carries the address, the TLS choice and the credentials:
/// `redis://[user:password@]host[:port][/db]`, or `rediss://` for TLS (checked against the
/// system's root certificates). One multiplexed connection serves every call; it is opened on
/// first use and again after a failure. `Debug` hides the password.
pub struct RedisRateLimitStore {
    target: RedisTarget,
    connection: Mutex<Option<MultiplexedConnection>>,
}

impl RedisRateLimitStore {
    /// The store at `url` (nothing is connected yet): [`Error::Config`](crate::Error::Config)
    /// when it is not a Redis URL.
    pub fn open(url: &str) -> Result<Self> {
        Ok(Self {
            target: RedisTarget::open(url, DEFAULT_TIMEOUT)?,
            connection: Mutex::new(None),
        })
    }

    /// Prefixes every key with `namespace` (default `atlas-endpoint`), e.g. to keep two
    /// environments sharing a Redis apart.
    pub fn namespace(mut self, namespace: impl Into<String>) -> Self {
        self.target.set_namespace(namespace.into());
        self
    }

    /// The timeout of one Redis operation: connecting, or one script and its answer (default
    /// 250 ms; zero is taken as one millisecond). The client bounds every operation to one
    /// second in any case.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.target.set_timeout(timeout);
        self
    }

    /// The Redis key of `key`'s bucket: `<namespace>:rate:<key>`.
    pub fn bucket_key(&self, key: &BucketKey) -> String {
        self.target.key("rate", key.as_str())
    }

    /// The shared connection, opened if there is none.
    async fn connection(&self) -> io::Result<MultiplexedConnection> {
        let mut held = self.connection.lock().await;
        if let Some(connection) = held.as_ref() {
            return Ok(connection.clone());
        }
        let config = AsyncConnectionConfig::new()
            .set_connection_timeout(Some(self.target.timeout))
            .set_response_timeout(Some(self.target.timeout));
        let connection = self
            .target
            .client
            .get_multiplexed_async_connection_with_config(&config)
            .await
            .map_err(failed)?;
        *held = Some(connection.clone());
        Ok(connection)
    }

    /// Runs `script` on `key`'s bucket with `args`. After a failure the connection is
    /// dropped, so the next operation opens a new one.
    async fn run(&self, script: &str, key: &BucketKey, args: &[u64]) -> io::Result<Vec<u64>> {
        let mut connection = self.connection().await?;
        let mut command = redis::cmd("EVAL");
        command.arg(script).arg(1).arg(self.bucket_key(key));
        for arg in args {
            command.arg(*arg);
        }
        let answer = command.query_async::<Vec<u64>>(&mut connection).await;
        if answer.is_err() {
            *self.connection.lock().await = None;
        }
        answer.map_err(failed)
    }
}

impl RateLimitStore for RedisRateLimitStore {
    fn take<'a>(&'a self, key: &'a BucketKey, within: Duration) -> StoreFuture<'a, Take> {
        Box::pin(async move {
            let answer = self.run(TAKE, key, &[micros(within)]).await?;
            let wait = Duration::from_micros(answer.get(1).copied().unwrap_or(0));
            Ok(match answer.first() {
                Some(1) => Take::After(wait),
                Some(2) => Take::TooLate(wait),
                _ => Take::Unknown,
            })
        })
    }

    fn learn<'a>(&'a self, key: &'a BucketKey, lesson: Lesson) -> StoreFuture<'a, ()> {
        Box::pin(async move {
            let (capacity, interval) = lesson.rate.unwrap_or((0, Duration::ZERO));
            let keep = u64::try_from(KNOWLEDGE_TTL.as_millis()).unwrap_or(u64::MAX);
            let args = [
                u64::from(capacity),
                micros(interval),
                micros(lesson.wait),
                keep,
            ];
            self.run(LEARN, key, &args).await.map(drop)
        })
    }
}

impl fmt::Debug for RedisRateLimitStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.target.debug("RedisRateLimitStore", f)
    }
}

/// Whole microseconds of `duration`, saturating.
fn micros(duration: Duration) -> u64 {
    u64::try_from(duration.as_micros()).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_the_password_and_keys_are_digests() {
        let store = RedisRateLimitStore::open("redis://:hunter2@127.0.0.1:6379")
            .unwrap()
            .namespace("staging");
        let shown = format!("{store:?}");
        assert!(
            !shown.contains("hunter2") && shown.contains("***"),
            "{shown}"
        );
        let key = BucketKey::new("https://cloud.mongodb.com/", "GET", "/groups", None);
        assert_eq!(
            store.bucket_key(&key),
            format!("staging:rate:{}", key.as_str())
        );
    }

    #[tokio::test]
    async fn a_closed_port_fails_quickly() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        drop(listener);
        let store = RedisRateLimitStore::open(&format!("redis://127.0.0.1:{port}"))
            .unwrap()
            .timeout(Duration::from_millis(200));
        let key = BucketKey::new("http://127.0.0.1/", "GET", "/groups", None);
        assert!(store.take(&key, Duration::from_secs(1)).await.is_err());
    }
}
