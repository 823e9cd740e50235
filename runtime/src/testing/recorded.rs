//! What the emulator received.

use bytes::Bytes;
use std::collections::BTreeMap;

/// One request as it arrived at the emulator, before any check.
#[derive(Debug, Clone)]
pub struct RecordedRequest {
    /// The method, e.g. `DELETE`.
    pub method: String,
    /// The path exactly as sent (still percent-encoded).
    pub path: String,
    /// The raw query string, if any.
    pub query: Option<String>,
    /// The headers, lower-case names, in order of arrival.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Bytes,
    /// Placeholder values of the matched route, percent-decoded.
    pub path_params: BTreeMap<String, String>,
    /// The status the emulator answered.
    pub status: u16,
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

    /// The body parsed as JSON.
    pub fn json(&self) -> Option<serde_json::Value> {
        serde_json::from_slice(&self.body).ok()
    }
}
