//! One call from a prepared request to a decoded answer: attempts and retries, timeouts, the
//! response size limit, the envelope, deprecation notices and the call's tracing span.

use crate::client::Client;
use crate::error::{Error, RawResponse, Result};
use crate::request::Request;
use crate::response::Response;
use crate::retry::{self, Failure};
use bytes::{Bytes, BytesMut};
use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use std::collections::HashSet;
use std::sync::{Mutex, OnceLock};
use std::time::Instant;
use tracing::Instrument;

/// Sends `request` until it succeeds, fails for good, or runs out of attempts or time.
pub(crate) async fn call(client: &Client, request: Request) -> Result<Response> {
    let endpoint = request.endpoint();
    let span = tracing::info_span!(
        "atlas_call",
        operation = endpoint.operation,
        method = endpoint.method.as_str(),
        template = endpoint.template,
        attempt = tracing::field::Empty,
        status = tracing::field::Empty,
        elapsed_ms = tracing::field::Empty,
    );
    let started = Instant::now();
    let total = client.options().total_timeout;
    let outcome = tokio::time::timeout(
        total,
        attempts(client, &request, started).instrument(span.clone()),
    )
    .await;
    span.record("elapsed_ms", started.elapsed().as_millis() as u64);
    match outcome {
        Ok(result) => result,
        Err(_) => Err(Error::Timeout {
            operation: endpoint.operation,
            limit: "total",
            after: Some(total),
            source: None,
        }),
    }
}

/// The attempt loop: each failure is classified and retried when the policy allows it.
async fn attempts(client: &Client, request: &Request, started: Instant) -> Result<Response> {
    let endpoint = request.endpoint();
    let options = client.options();
    let mut attempt = 0u32;
    loop {
        attempt += 1;
        tracing::Span::current().record("attempt", attempt);
        let (failure, retry_after, error) = match client.attempt(request).await {
            Ok(raw) => {
                tracing::Span::current().record("status", raw.status.as_u16());
                let raw = unwrap_envelope(options.envelope, raw);
                notice_deprecation(endpoint.operation, &raw.headers);
                if raw.status.is_success() {
                    return Ok(Response::new(endpoint.operation, raw));
                }
                let error = Error::from_response(endpoint.operation, endpoint.version, raw);
                let code = error.api().and_then(|api| api.error_code.as_deref());
                let failure = error
                    .status()
                    .and_then(|status| retry::classify(status, code));
                let retry_after = error
                    .api()
                    .and_then(|api| retry::retry_after(&api.headers))
                    .or_else(|| {
                        error
                            .http_response()
                            .and_then(|response| retry::retry_after(&response.headers))
                    });
                (failure, retry_after, error)
            }
            Err(error) => {
                let failure = error.is_connection_failure().then_some(Failure::Connection);
                (failure, None, error)
            }
        };
        let remaining = options.total_timeout.saturating_sub(started.elapsed());
        let delay = failure.and_then(|failure| {
            options
                .retry
                .next_delay(endpoint.method, failure, attempt, remaining, retry_after)
        });
        let Some(delay) = delay else {
            return Err(error.after_attempts(attempt));
        };
        tracing::warn!(
            attempt,
            delay_ms = delay.as_millis() as u64,
            error = %error,
            "retrying {} after a failed attempt",
            endpoint.operation
        );
        tokio::time::sleep(delay).await;
    }
}

/// Reads a body, refusing more than `limit` bytes.
pub(crate) async fn read_body(
    operation: &'static str,
    mut response: reqwest::Response,
    limit: usize,
) -> Result<RawResponse> {
    let status = response.status();
    // Reading the body needs no headers: take them instead of copying them.
    let headers = std::mem::take(response.headers_mut());
    let too_large = |received: usize| Error::TooLarge {
        operation,
        status,
        limit,
        received,
    };
    if let Some(length) = response.content_length()
        && length > limit as u64
    {
        return Err(too_large(usize::try_from(length).unwrap_or(usize::MAX)));
    }
    // A body that arrives in one chunk (the usual case for small answers) is kept as it is;
    // more chunks are gathered into one buffer.
    let mut first: Option<Bytes> = None;
    let mut body = BytesMut::new();
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|source| Error::transport(operation, source))?
    {
        let received = first.as_ref().map_or(0, Bytes::len) + body.len() + chunk.len();
        if received > limit {
            return Err(too_large(received));
        }
        match first.take() {
            None if body.is_empty() => first = Some(chunk),
            earlier => {
                if let Some(earlier) = earlier {
                    body.reserve(earlier.len() + chunk.len());
                    body.extend_from_slice(&earlier);
                }
                body.extend_from_slice(&chunk);
            }
        }
    }
    Ok(RawResponse {
        status,
        headers,
        body: first.unwrap_or_else(|| body.freeze()),
    })
}

/// With `envelope=true` Atlas answers 200 with `{status, content}`; this restores the real
/// status and body so callers see the same results and errors as without the envelope. The
/// list form (`results` beside `status`) decodes as a page as it is.
fn unwrap_envelope(envelope: bool, raw: RawResponse) -> RawResponse {
    if !envelope {
        return raw;
    }
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

/// Warns once per operation when Atlas marks the version deprecated (`Deprecation` / `Sunset`).
fn notice_deprecation(operation: &'static str, headers: &HeaderMap) {
    let deprecation = headers
        .get("deprecation")
        .and_then(|value| value.to_str().ok());
    let sunset = headers.get("sunset").and_then(|value| value.to_str().ok());
    if deprecation.is_none() && sunset.is_none() {
        return;
    }
    static WARNED: OnceLock<Mutex<HashSet<&'static str>>> = OnceLock::new();
    let first = WARNED
        .get_or_init(Mutex::default)
        .lock()
        .map(|mut warned| warned.insert(operation))
        .unwrap_or(false);
    if first {
        tracing::warn!(
            operation,
            deprecation = deprecation.unwrap_or("-"),
            sunset = sunset.unwrap_or("-"),
            "Atlas reports that {operation} is deprecated; it stops working after the sunset date"
        );
    }
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
        let error = unwrap_envelope(
            true,
            raw(200, r#"{"status":404,"content":{"errorCode":"NOT_FOUND"}}"#),
        );
        assert_eq!(error.status, StatusCode::NOT_FOUND);
        assert_eq!(&error.body[..], br#"{"errorCode":"NOT_FOUND"}"#);
        let list = unwrap_envelope(
            true,
            raw(200, r#"{"status":200,"results":[],"totalCount":0}"#),
        );
        assert_eq!(list.status, StatusCode::OK);
        assert!(list.body.starts_with(b"{\"status\""));
        let untouched = unwrap_envelope(false, raw(200, r#"{"status":404,"content":{}}"#));
        assert_eq!(untouched.status, StatusCode::OK);
    }
}
