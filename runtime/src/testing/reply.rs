//! What the emulator answers.

use bytes::Bytes;
use serde::Serialize;
use std::time::Duration;

/// An HTTP answer of the emulator.
#[derive(Debug, Clone)]
pub struct Reply {
    pub(crate) status: u16,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Bytes,
    pub(crate) delay: Duration,
    pub(crate) fault: Option<Fault>,
    /// A body of this many bytes made as it is sent (instead of `body`).
    pub(crate) generated: Option<u64>,
}

/// A transport failure the emulator injects instead of a clean answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Close the connection without answering.
    ResetBeforeHeaders,
    /// Send the status and headers (announcing the whole body), then close.
    ResetAfterHeaders,
    /// Send the headers and half the body, then close.
    TruncatedBody,
    /// Send the body one byte per interval.
    SlowBody(Duration),
    /// Send the headers and this many bytes of the body, then nothing more (the connection
    /// stays open).
    StallAfter(u64),
}

impl Reply {
    /// `204 No Content`.
    pub fn no_content() -> Self {
        Self::raw(204, None, Bytes::new())
    }

    /// A JSON body with the given status and `Content-Type: application/json`.
    pub fn json(status: u16, body: &impl Serialize) -> Self {
        let body = serde_json::to_vec(body).unwrap_or_default();
        Self::raw(status, Some("application/json"), body.into())
    }

    /// An Atlas-shaped error: `{error, errorCode, reason, detail, parameters}`.
    pub fn atlas_error(status: u16, error_code: &str, detail: &str) -> Self {
        let reason = reqwest::StatusCode::from_u16(status)
            .ok()
            .and_then(|code| code.canonical_reason())
            .unwrap_or("Error");
        Self::json(
            status,
            &serde_json::json!({
                "error": status,
                "errorCode": error_code,
                "reason": reason,
                "detail": detail,
                "parameters": [],
            }),
        )
    }

    /// Any body with an optional content type.
    pub fn raw(status: u16, content_type: Option<&str>, body: Bytes) -> Self {
        let headers = content_type
            .map(|value| vec![("content-type".to_owned(), value.to_owned())])
            .unwrap_or_default();
        Self {
            status,
            headers,
            body,
            delay: Duration::ZERO,
            fault: None,
            generated: None,
        }
    }

    /// A body of `length` bytes of log-like text, made as it is sent (so a test can serve a
    /// gigabyte without holding it), announced with `Content-Length`.
    pub fn generated(status: u16, content_type: &str, length: u64) -> Self {
        let mut reply = Self::raw(status, Some(content_type), Bytes::new());
        reply.generated = Some(length);
        reply
    }

    /// Answers only after `delay` (to provoke client timeouts).
    pub fn delayed(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }

    /// Fails the answer with `fault` (the status, headers and body still say what would have
    /// been sent).
    pub fn fault(mut self, fault: Fault) -> Self {
        self.fault = Some(fault);
        self
    }

    /// The status this reply answers with.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// Adds a header.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }
}
