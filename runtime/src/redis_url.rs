//! Opening a Redis from a connection URL, and showing that URL without its password (the
//! Redis stores of the `redis` feature).

use crate::error::{Error, Result};

/// The Redis client of `url` (nothing is connected yet) and the URL as it may be shown:
/// [`Error::Config`] when it is not a Redis URL.
pub(crate) fn open(url: &str) -> Result<(redis::Client, String)> {
    let shown = redacted(url);
    let client = redis::Client::open(url)
        .map_err(|error| Error::Config(format!("not a Redis URL: {shown} ({:?})", error.kind())))?;
    Ok((client, shown))
}

/// `url` with its password replaced by `***` (the whole URL hidden when it does not parse).
fn redacted(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut parsed) => {
            if parsed.password().is_some() {
                let _ = parsed.set_password(Some("***"));
            }
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
        let (_, shown) = open("rediss://fleet:hunter2@127.0.0.1:6380/2").unwrap();
        assert_eq!(shown, "rediss://fleet:***@127.0.0.1:6380/2");
        let error = open("http://user:hunter2@127.0.0.1/").unwrap_err();
        assert!(!error.to_string().contains("hunter2"), "{error}");
    }
}
