//! Where a Redis store of the `redis` feature keeps its keys: the Redis of a connection URL
//! (shown without its password), a key namespace and the timeout of one operation.

use crate::error::{Error, Result};
use std::fmt;
use std::time::Duration;

/// A Redis, the prefix of the keys kept there, and how long one operation may take.
#[derive(Clone)]
pub(crate) struct RedisTarget {
    pub(crate) client: redis::Client,
    /// The URL without its password, for `Debug`.
    shown: String,
    namespace: String,
    pub(crate) timeout: Duration,
}

impl RedisTarget {
    /// The Redis of `url` (nothing is connected yet), keys under `atlas-endpoint`:
    /// [`Error::Config`] when it is not a Redis URL.
    pub(crate) fn open(url: &str, timeout: Duration) -> Result<Self> {
        let shown = redacted(url);
        let client = redis::Client::open(url).map_err(|error| {
            Error::Config(format!("not a Redis URL: {shown} ({:?})", error.kind()))
        })?;
        Ok(Self {
            client,
            shown,
            namespace: "atlas-endpoint".to_owned(),
            timeout,
        })
    }

    pub(crate) fn set_namespace(&mut self, namespace: String) {
        self.namespace = namespace;
    }

    /// Sets the timeout of one operation (zero is taken as one millisecond).
    pub(crate) fn set_timeout(&mut self, timeout: Duration) {
        self.timeout = timeout.max(Duration::from_millis(1));
    }

    /// The key `<namespace>:<kind>:<digest>`.
    pub(crate) fn key(&self, kind: &str, digest: &str) -> String {
        format!("{}:{kind}:{digest}", self.namespace)
    }

    /// `Debug` of a store named `name` at this target.
    pub(crate) fn debug(&self, name: &str, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct(name)
            .field("url", &self.shown)
            .field("namespace", &self.namespace)
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

/// `url` with its password replaced by `***` (the whole URL hidden when it does not parse).
fn redacted(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut parsed) => {
            if parsed.password().is_some() {
                let _ = parsed.set_password(Some("***"));
            }
            // A Unix-socket URL carries its password in the query (`?pass=`).
            if parsed.query().is_some() {
                parsed.set_query(Some("***"));
            }
            parsed.set_fragment(None);
            parsed.to_string()
        }
        Err(_) => "(an unparsable URL)".to_owned(),
    }
}

/// A Redis failure as an I/O error; timeouts keep their kind.
pub(crate) fn failed(error: redis::RedisError) -> std::io::Error {
    use std::io::ErrorKind;
    let kind = if error.is_timeout() {
        ErrorKind::TimedOut
    } else if error.kind() == redis::ErrorKind::Io || error.is_connection_dropped() {
        ErrorKind::ConnectionAborted
    } else {
        ErrorKind::Other
    };
    std::io::Error::new(kind, format!("Redis: {error}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_never_shown() {
        let target = RedisTarget::open("rediss://fleet:hunter2@127.0.0.1:6380/2", Duration::ZERO);
        assert_eq!(target.unwrap().shown, "rediss://fleet:***@127.0.0.1:6380/2");
        let Err(error) = RedisTarget::open("http://user:hunter2@127.0.0.1/", Duration::ZERO) else {
            panic!("an http URL opened as a Redis");
        };
        assert!(!error.to_string().contains("hunter2"), "{error}");
        let socket = RedisTarget::open(
            "redis+unix:///run/redis.sock?db=1&pass=hunter2",
            Duration::ZERO,
        );
        assert_eq!(socket.unwrap().shown, "redis+unix:///run/redis.sock?***");
    }
}
