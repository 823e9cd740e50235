//! What every answer goes through before it is judged: the envelope is unwrapped and
//! deprecation headers are noticed.

use crate::error::RawResponse;
use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use std::collections::HashSet;
use std::sync::{Mutex, OnceLock};

/// With `envelope=true` Atlas answers 200 with `{status, content}`; this restores the real
/// status and body so callers see the same results and errors as without the envelope. The
/// list form (`results` beside `status`) decodes as a page as it is.
#[cold]
pub(super) fn unwrap_envelope(raw: RawResponse) -> RawResponse {
    let Ok(serde_json::Value::Object(mut object)) =
        serde_json::from_slice::<serde_json::Value>(&raw.body)
    else {
        return raw;
    };
    let status = object
        .get("status")
        .and_then(serde_json::Value::as_u64)
        .and_then(|status| u16::try_from(status).ok())
        .and_then(|status| StatusCode::from_u16(status).ok());
    let (Some(status), Some(content)) = (status, object.remove("content")) else {
        return raw;
    };
    let body = match content {
        serde_json::Value::Null => Bytes::new(),
        content => serde_json::to_vec(&content)
            .map(Bytes::from)
            .unwrap_or_default(),
    };
    RawResponse {
        status,
        headers: raw.headers,
        body,
    }
}

/// `Deprecation` (RFC 9745), not among `reqwest`'s header constants.
static DEPRECATION: HeaderName = HeaderName::from_static("deprecation");
/// `Sunset` (RFC 8594), not among `reqwest`'s header constants.
static SUNSET: HeaderName = HeaderName::from_static("sunset");

/// Warns once per operation when Atlas marks the version deprecated (`Deprecation` / `Sunset`).
pub(super) fn notice_deprecation(operation: &'static str, headers: &HeaderMap) {
    let deprecation = headers.get(&DEPRECATION);
    let sunset = headers.get(&SUNSET);
    if deprecation.is_none() && sunset.is_none() {
        return;
    }
    warn_once(operation, deprecation, sunset);
}

#[cold]
fn warn_once(
    operation: &'static str,
    deprecation: Option<&HeaderValue>,
    sunset: Option<&HeaderValue>,
) {
    static WARNED: OnceLock<Mutex<HashSet<&'static str>>> = OnceLock::new();
    let first = crate::sync::lock(WARNED.get_or_init(Mutex::default)).insert(operation);
    if first {
        tracing::warn!(
            operation,
            deprecation = text(deprecation),
            sunset = text(sunset),
            "Atlas reports that {operation} is deprecated; it stops working after the sunset date"
        );
    }
}

/// A header's text, or `-`.
fn text(value: Option<&HeaderValue>) -> &str {
    value.and_then(|value| value.to_str().ok()).unwrap_or("-")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(status: u16, body: &str) -> RawResponse {
        RawResponse {
            status: StatusCode::from_u16(status).unwrap(),
            headers: HeaderMap::new(),
            body: Bytes::from(body.to_owned()),
        }
    }

    #[test]
    fn envelopes_are_unwrapped() {
        let error = unwrap_envelope(raw(
            200,
            r#"{"status":404,"content":{"errorCode":"NOT_FOUND"}}"#,
        ));
        assert_eq!(error.status, StatusCode::NOT_FOUND);
        assert_eq!(&error.body[..], br#"{"errorCode":"NOT_FOUND"}"#);
        let list = unwrap_envelope(raw(200, r#"{"status":200,"results":[],"totalCount":0}"#));
        assert_eq!(list.status, StatusCode::OK);
        assert!(list.body.starts_with(b"{\"status\""));
        let untouched = unwrap_envelope(raw(200, r#"{"name":"Cluster0"}"#));
        assert_eq!(untouched.status, StatusCode::OK);
        assert_eq!(&untouched.body[..], br#"{"name":"Cluster0"}"#);
    }
}
