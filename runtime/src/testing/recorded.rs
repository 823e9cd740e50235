//! What the emulator received.

use super::redact::{REDACTED, is_secret_name, redact_form, redact_json};
use bytes::Bytes;
use std::collections::BTreeMap;
use std::fmt;

/// One request as it arrived at the emulator, before any check.
///
/// Its `Debug` output is safe to print in test failures: the values of secret-looking headers
/// and body fields (`Authorization`, `password`, `privateKey`, `secret`, `apiKey`, tokens, …,
/// at any depth of a JSON body) are replaced with `[redacted]`. [`raw_body`](Self::raw_body)
/// and [`json`](Self::json) give the body as received, secrets included.
#[derive(Clone)]
pub struct RecordedRequest {
    /// The method, e.g. `DELETE`.
    pub method: String,
    /// The path exactly as sent (still percent-encoded).
    pub path: String,
    /// The raw query string, if any.
    pub query: Option<String>,
    /// The headers, lower-case names, in order of arrival.
    pub headers: Vec<(String, String)>,
    /// The body as received; read it with [`raw_body`](Self::raw_body).
    pub(crate) body: Bytes,
    /// Placeholder values of the matched route, percent-decoded.
    pub path_params: BTreeMap<String, String>,
    /// The status the emulator answered.
    pub status: u16,
    /// When the emulator received it (its head; the body was read after), by its own clock:
    /// what a test compares to show how long a client waited between requests.
    pub received: std::time::Instant,
}

impl RecordedRequest {
    /// The first value of a header (case-insensitive name).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    /// Every value of a header.
    pub fn header_values(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
            .collect()
    }

    /// The decoded query pairs, in order.
    pub fn query_pairs(&self) -> Vec<(String, String)> {
        url::form_urlencoded::parse(self.query.as_deref().unwrap_or("").as_bytes())
            .into_owned()
            .collect()
    }

    /// A placeholder value of the matched route.
    pub fn path_param(&self, name: &str) -> Option<&str> {
        self.path_params.get(name).map(String::as_str)
    }

    /// The body exactly as received, secrets included (unlike the `Debug` output).
    pub fn raw_body(&self) -> &Bytes {
        &self.body
    }

    /// The body parsed as JSON, secrets included (unlike the `Debug` output).
    pub fn json(&self) -> Option<serde_json::Value> {
        serde_json::from_slice(&self.body).ok()
    }

    /// The body for `Debug`: JSON or form fields with secret-looking values redacted, other
    /// bodies by size only.
    fn redacted_body(&self) -> String {
        if self.body.is_empty() {
            return String::new();
        }
        if let Some(mut value) = self.json() {
            redact_json(&mut value);
            return value.to_string();
        }
        let form = self
            .header("content-type")
            .is_some_and(|media| media.starts_with("application/x-www-form-urlencoded"));
        match std::str::from_utf8(&self.body) {
            Ok(text) if form => redact_form(text),
            _ => format!("<{} bytes>", self.body.len()),
        }
    }
}

impl fmt::Debug for RecordedRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(name, value)| {
                let value = if is_secret_name(name) {
                    REDACTED
                } else {
                    value.as_str()
                };
                (name.as_str(), value)
            })
            .collect();
        f.debug_struct("RecordedRequest")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("query", &self.query)
            .field("headers", &headers)
            .field("body", &self.redacted_body())
            .field("path_params", &self.path_params)
            .field("status", &self.status)
            .finish_non_exhaustive()
    }
}
