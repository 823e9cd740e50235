//! The one error type of the crate.

use crate::endpoint::Endpoint;
use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde::Deserialize;
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

/// `Result<T, atlas_endpoint::Error>`.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong with a call. Errors from Atlas keep what the server said.
///
/// `Debug` reads like `Display` with the kind in front (`Api: getGroupCluster: Atlas answered
/// 404 Not Found CLUSTER_NOT_FOUND: …`), so that `main` returning `Result` prints something a
/// person can read; `{:#?}` shows every field.
#[non_exhaustive]
pub enum Error {
    /// An argument was rejected before any request was sent.
    InvalidArgument {
        /// The operation called.
        operation: &'static str,
        /// The parameter (placeholder, query or header name).
        parameter: String,
        /// The value given.
        value: String,
        /// What the value must look like.
        expected: String,
    },
    /// The client was configured wrongly.
    Config(String),
    /// The request could not be sent or the response could not be read.
    Transport {
        /// The operation called.
        operation: &'static str,
        /// What reqwest reported.
        source: reqwest::Error,
    },
    /// An attempt ([`TimeLimit::Attempt`], which includes connecting), the whole call with its
    /// retries ([`TimeLimit::Total`]), or a [`Wait`](crate::Wait) for a long operation
    /// ([`TimeLimit::Wait`], `operation` naming what was awaited) did not finish in time.
    Timeout {
        /// The operation called.
        operation: &'static str,
        /// Which limit ran out.
        limit: TimeLimit,
        /// The limit, when known.
        after: Option<Duration>,
        /// What reqwest reported, for attempt timeouts.
        source: Option<reqwest::Error>,
    },
    /// Atlas's rate limit for this endpoint leaves the call no time: the client learned from a
    /// 429 that the endpoint's bucket is empty, and the call's turn (`until`) comes after its
    /// total timeout. Nothing was sent for this call. Retry later, or raise the total timeout
    /// ([`ClientBuilder::total_timeout`](crate::ClientBuilder::total_timeout)).
    RateLimited {
        /// The operation called.
        operation: &'static str,
        /// The wait the last 429 asked for, as the server sent it (the client caps what it
        /// honours at two minutes), when it said.
        asked: Option<Duration>,
        /// When the call could have gone.
        until: SystemTime,
    },
    /// The response body is larger than the client accepts
    /// ([`ClientBuilder::max_response_bytes`](crate::ClientBuilder::max_response_bytes)).
    TooLarge {
        /// The operation called.
        operation: &'static str,
        /// The HTTP status of the answer.
        status: StatusCode,
        /// The limit in force.
        limit: usize,
        /// The bytes announced or received when reading stopped.
        received: usize,
    },
    /// Atlas no longer serves the resource version this endpoint was declared with
    /// (410 `VERSION_GONE`).
    VersionGone {
        /// The version sent.
        version: &'static str,
        /// Atlas's answer.
        api: Box<ApiError>,
    },
    /// A failure the retry policy would have retried, but the client's
    /// [`RetryBudget`](crate::RetryBudget) is spent: many calls are failing at once (an
    /// outage), so the client stops multiplying requests. `last` is the failure.
    RetryBudgetSpent {
        /// The attempts made.
        attempts: u32,
        /// The failure that was not retried.
        last: Box<Error>,
    },
    /// Every attempt the retry policy allowed failed; `last` is the final failure.
    Exhausted {
        /// The attempts made.
        attempts: u32,
        /// The final failure.
        last: Box<Error>,
    },
    /// Atlas answered with an error.
    Api(Box<ApiError>),
    /// A non-success answer whose body is not an Atlas error, such as a proxy's HTML 502.
    Http {
        /// The operation called.
        operation: &'static str,
        /// What came back.
        response: Box<RawResponse>,
    },
    /// A success answer whose body does not decode into the declared type.
    Decode {
        /// The operation called.
        operation: &'static str,
        /// What came back.
        response: Box<RawResponse>,
        /// The decoding error.
        source: serde_json::Error,
    },
    /// Authentication failed: the credentials were refused, or no token or Digest challenge
    /// could be obtained. Never contains a secret.
    Auth {
        /// The operation called, or `token` / `revoke` for the token endpoint itself.
        operation: &'static str,
        /// The scheme: `ServiceAccount`, `Digest` or `Bearer`.
        scheme: &'static str,
        /// What went wrong, e.g. `the token endpoint answered 401 invalid_client`.
        message: String,
        /// The OAuth2 `error` code the token endpoint gave, e.g. `invalid_client`.
        code: Option<String>,
        /// The server's answer, when there was one (never a successful token answer).
        response: Option<Box<RawResponse>>,
        /// Why the token endpoint could not be reached, when it could not.
        source: Option<Arc<reqwest::Error>>,
    },
    /// A list operation's pages did not end as pages should: a page repeated the previous
    /// one, or more than [`MAX_PAGES`](crate::MAX_PAGES) pages were announced. The items of
    /// the pages before were yielded.
    Paging {
        /// The page number at which the stream stopped.
        page_num: u32,
        /// What was wrong.
        message: String,
    },
    /// A download's body arrived slower than its
    /// [`StallProtection`](crate::StallProtection) allows: the stream ended. Call again to
    /// download it from the start.
    Stalled {
        /// The operation called.
        operation: &'static str,
        /// The bytes received before it stalled.
        received: u64,
        /// The least throughput required.
        min_bytes_per_second: u64,
        /// The period it is measured over.
        grace: Duration,
    },
    /// Writing a downloaded body failed ([`ByteStream::write_to`](crate::ByteStream::write_to)).
    Write {
        /// The operation called.
        operation: &'static str,
        /// The writer's error.
        source: std::io::Error,
    },
    /// The request body could not be serialized.
    Body {
        /// The operation called.
        operation: &'static str,
        /// The serialization error.
        source: serde_json::Error,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidArgument {
                operation,
                parameter,
                value,
                expected,
            } => write!(
                f,
                "{operation}: invalid `{parameter}` {value:?}: expected {expected}; no request was sent"
            ),
            Self::Config(message) => write!(f, "invalid client configuration: {message}"),
            Self::Transport { operation, source } => {
                write!(f, "{operation}: could not reach Atlas: {source}")
            }
            Self::Timeout {
                operation,
                limit,
                after,
                ..
            } => {
                write!(f, "{operation}: timed out ({limit} limit")?;
                if let Some(after) = after {
                    write!(f, " of {after:?}")?;
                }
                f.write_str(")")
            }
            Self::RateLimited {
                operation,
                asked,
                until,
            } => {
                write!(
                    f,
                    "{operation}: rate limited: Atlas's bucket for this endpoint is empty; the call's turn comes in {}",
                    format_wait(until)
                )?;
                if let Some(asked) = asked {
                    write!(
                        f,
                        " (the last 429 asked to wait {})",
                        format_duration(*asked)
                    )?;
                }
                f.write_str(", after its total timeout; no request was sent")
            }
            Self::TooLarge {
                operation,
                status,
                limit,
                received,
            } => write!(
                f,
                "{operation}: HTTP {status} body exceeds the {limit}-byte limit (at least {received} bytes)"
            ),
            Self::VersionGone { version, api } => write!(
                f,
                "{}: Atlas no longer serves resource version {version} (410 VERSION_GONE); update atlas-endpoint so the catalog knows the current version, or declare the endpoint `unchecked` with the version Atlas documents now",
                api.operation
            ),
            Self::RetryBudgetSpent { attempts, last } => write!(
                f,
                "not retried, the client's retry budget is spent (many calls are failing at once) after {attempts} attempt(s): {last}"
            ),
            Self::Exhausted { attempts, last } => {
                write!(f, "gave up after {attempts} attempts: {last}")
            }
            Self::Api(api) => api.fmt(f),
            Self::Http {
                operation,
                response,
            } => {
                write!(
                    f,
                    "{operation}: HTTP {} with a body that is not an Atlas error ({} bytes)",
                    response.status,
                    response.body.len()
                )?;
                match response.short_text() {
                    Some(text) => write!(f, ": {text}"),
                    None => Ok(()),
                }
            }
            Self::Decode {
                operation,
                response,
                source,
            } => write!(
                f,
                "{operation}: HTTP {} body does not decode: {source}",
                response.status
            ),
            Self::Auth {
                operation,
                scheme,
                message,
                ..
            } => write!(
                f,
                "{operation}: authentication failed ({scheme}): {message}"
            ),
            Self::Paging { message, .. } => write!(f, "paginate: {message}"),
            Self::Stalled {
                operation,
                received,
                min_bytes_per_second,
                grace,
            } => write!(
                f,
                "{operation}: the download stalled: fewer than {min_bytes_per_second} bytes a second over {grace:?} ({received} bytes received); call again to start over"
            ),
            Self::Write { operation, source } => {
                write!(f, "{operation}: could not write the download: {source}")
            }
            Self::Body { operation, source } => {
                write!(
                    f,
                    "{operation}: the request body does not serialize: {source}"
                )
            }
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Transport { source, .. } => Some(source),
            Self::Timeout { source, .. } => source.as_ref().map(|source| source as _),
            Self::RetryBudgetSpent { last, .. } | Self::Exhausted { last, .. } => Some(&**last),
            Self::Api(api) => api.source(),
            Self::Decode { source, .. } | Self::Body { source, .. } => Some(source),
            Self::Auth { source, .. } => source.as_deref().map(|source| source as _),
            Self::Write { source, .. } => Some(source),
            Self::InvalidArgument { .. }
            | Self::Config(_)
            | Self::RateLimited { .. }
            | Self::TooLarge { .. }
            | Self::VersionGone { .. }
            | Self::Http { .. }
            | Self::Paging { .. }
            | Self::Stalled { .. } => None,
        }
    }
}

/// Which time limit ran out, in an [`Error::Timeout`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TimeLimit {
    /// One attempt's limit ([`ClientBuilder::timeout`](crate::ClientBuilder::timeout)), which
    /// includes connecting: the request may or may not have reached Atlas.
    Attempt,
    /// The whole call's, retries and waits included
    /// ([`ClientBuilder::total_timeout`](crate::ClientBuilder::total_timeout)).
    Total,
    /// A [`Wait`](crate::Wait)'s, for a long-running operation to take effect.
    Wait,
}

impl fmt::Display for TimeLimit {
    fn fmt(&self, out: &mut fmt::Formatter<'_>) -> fmt::Result {
        out.write_str(match self {
            Self::Attempt => "attempt",
            Self::Total => "total",
            Self::Wait => "wait",
        })
    }
}

/// How long until `until`, for messages: `1.5s`, or `0s` when it passed.
fn format_wait(until: &SystemTime) -> String {
    format_duration(until.duration_since(SystemTime::now()).unwrap_or_default())
}

/// A duration for messages, to the millisecond (`Debug` of an absurd one stays readable).
fn format_duration(duration: Duration) -> String {
    let millis = Duration::from_millis(u64::try_from(duration.as_millis()).unwrap_or(u64::MAX));
    format!("{millis:?}")
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if f.alternate() {
            return Fields(self).fmt(f);
        }
        write!(f, "{}: {self}", self.kind())
    }
}

/// Every field of an error, for `{:#?}`.
struct Fields<'a>(&'a Error);

impl fmt::Debug for Fields<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = f.debug_struct(self.0.kind());
        match self.0 {
            Error::InvalidArgument {
                operation,
                parameter,
                value,
                expected,
            } => out
                .field("operation", operation)
                .field("parameter", parameter)
                .field("value", value)
                .field("expected", expected),
            Error::Config(message) => out.field("message", message),
            Error::Transport { operation, source } => {
                out.field("operation", operation).field("source", source)
            }
            Error::Timeout {
                operation,
                limit,
                after,
                source,
            } => out
                .field("operation", operation)
                .field("limit", limit)
                .field("after", after)
                .field("source", source),
            Error::RateLimited {
                operation,
                asked,
                until,
            } => out
                .field("operation", operation)
                .field("asked", asked)
                .field("until", until),
            Error::TooLarge {
                operation,
                status,
                limit,
                received,
            } => out
                .field("operation", operation)
                .field("status", status)
                .field("limit", limit)
                .field("received", received),
            Error::VersionGone { version, api } => out.field("version", version).field("api", api),
            Error::RetryBudgetSpent { attempts, last } | Error::Exhausted { attempts, last } => {
                out.field("attempts", attempts).field("last", last)
            }
            Error::Api(api) => out.field("api", api),
            Error::Http {
                operation,
                response,
            } => out
                .field("operation", operation)
                .field("response", response),
            Error::Decode {
                operation,
                response,
                source,
            } => out
                .field("operation", operation)
                .field("response", response)
                .field("source", source),
            Error::Auth {
                operation,
                scheme,
                message,
                code,
                response,
                source,
            } => out
                .field("operation", operation)
                .field("scheme", scheme)
                .field("message", message)
                .field("code", code)
                .field("response", response)
                .field("source", source),
            Error::Stalled {
                operation,
                received,
                min_bytes_per_second,
                grace,
            } => out
                .field("operation", operation)
                .field("received", received)
                .field("min_bytes_per_second", min_bytes_per_second)
                .field("grace", grace),
            Error::Write { operation, source } => {
                out.field("operation", operation).field("source", source)
            }
            Error::Paging { page_num, message } => {
                out.field("page_num", page_num).field("message", message)
            }
            Error::Body { operation, source } => {
                out.field("operation", operation).field("source", source)
            }
        };
        out.finish()
    }
}

impl Error {
    /// The variant's name: `Api`, `Timeout`, `RateLimited`, …
    pub fn kind(&self) -> &'static str {
        match self {
            Self::InvalidArgument { .. } => "InvalidArgument",
            Self::Config(_) => "Config",
            Self::Transport { .. } => "Transport",
            Self::Timeout { .. } => "Timeout",
            Self::RateLimited { .. } => "RateLimited",
            Self::TooLarge { .. } => "TooLarge",
            Self::VersionGone { .. } => "VersionGone",
            Self::RetryBudgetSpent { .. } => "RetryBudgetSpent",
            Self::Exhausted { .. } => "Exhausted",
            Self::Api(_) => "Api",
            Self::Http { .. } => "Http",
            Self::Decode { .. } => "Decode",
            Self::Auth { .. } => "Auth",
            Self::Stalled { .. } => "Stalled",
            Self::Write { .. } => "Write",
            Self::Paging { .. } => "Paging",
            Self::Body { .. } => "Body",
        }
    }
}

/// An HTTP answer as received: status, headers and raw body.
#[derive(Debug, Clone)]
pub struct RawResponse {
    /// The HTTP status.
    pub status: StatusCode,
    /// The response headers.
    pub headers: HeaderMap,
    /// The body, unmodified.
    pub body: Bytes,
}

impl RawResponse {
    /// The body when it is short plain text (a proxy's one-line answer, the emulator's "no
    /// route"), to quote in error messages.
    fn short_text(&self) -> Option<&str> {
        let plain = self
            .headers
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .is_some_and(|media| media.starts_with("text/plain"));
        let text = std::str::from_utf8(&self.body).ok()?.trim();
        (plain && !text.is_empty() && text.len() <= 4096).then_some(text)
    }
}

/// An error answered by Atlas: `{error, errorCode, reason, detail, parameters, badRequestDetail}`.
#[derive(Debug, Clone)]
pub struct ApiError {
    /// The operation called.
    pub operation: &'static str,
    /// The HTTP status.
    pub status: StatusCode,
    /// The Atlas error code, e.g. `RESOURCE_NOT_FOUND`.
    pub error_code: Option<String>,
    /// The HTTP reason phrase Atlas reports.
    pub reason: Option<String>,
    /// The human-readable explanation.
    pub detail: Option<String>,
    /// Values substituted into `detail`.
    pub parameters: Vec<serde_json::Value>,
    /// Field-level details of a 400.
    pub bad_request_detail: Option<serde_json::Value>,
    /// The response headers.
    pub headers: HeaderMap,
    /// The raw body.
    pub body: Bytes,
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: Atlas answered {}", self.operation, self.status)?;
        if let Some(code) = &self.error_code {
            write!(f, " {code}")?;
        }
        if let Some(detail) = &self.detail {
            write!(f, ": {detail}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ErrorBody {
    error_code: Option<String>,
    reason: Option<String>,
    detail: Option<String>,
    #[serde(default)]
    parameters: Vec<serde_json::Value>,
    bad_request_detail: Option<serde_json::Value>,
}

impl ApiError {
    /// Parses an Atlas error body; `None` when the body is not one (e.g. HTML from a proxy).
    pub fn parse(
        operation: &'static str,
        status: StatusCode,
        headers: &HeaderMap,
        body: &Bytes,
    ) -> Option<Self> {
        let parsed: ErrorBody = serde_json::from_slice(body).ok()?;
        if parsed.error_code.is_none() && parsed.detail.is_none() && parsed.reason.is_none() {
            return None;
        }
        Some(Self {
            operation,
            status,
            error_code: parsed.error_code,
            reason: parsed.reason,
            detail: parsed.detail,
            parameters: parsed.parameters,
            bad_request_detail: parsed.bad_request_detail,
            headers: headers.clone(),
            body: body.clone(),
        })
    }
}

impl Error {
    /// The error for a non-success answer: an [`ApiError`] when the body is one.
    pub(crate) fn from_response(
        operation: &'static str,
        version: &'static str,
        response: RawResponse,
    ) -> Self {
        match ApiError::parse(
            operation,
            response.status,
            &response.headers,
            &response.body,
        ) {
            Some(api)
                if api.status == StatusCode::GONE
                    && api.error_code.as_deref() == Some("VERSION_GONE") =>
            {
                Self::VersionGone {
                    version,
                    api: Box::new(api),
                }
            }
            Some(api) => Self::Api(Box::new(api)),
            None => Self::Http {
                operation,
                response: Box::new(response),
            },
        }
    }

    pub(crate) fn invalid(
        endpoint: &Endpoint,
        parameter: &str,
        value: String,
        expected: String,
    ) -> Self {
        Self::InvalidArgument {
            operation: endpoint.operation,
            parameter: parameter.to_owned(),
            value,
            expected,
        }
    }

    pub(crate) fn transport(operation: &'static str, source: reqwest::Error) -> Self {
        if source.is_timeout() {
            Self::Timeout {
                operation,
                limit: TimeLimit::Attempt,
                after: None,
                source: Some(source),
            }
        } else {
            Self::Transport { operation, source }
        }
    }

    /// Wraps the final failure of a call that made more than one attempt.
    pub(crate) fn after_attempts(self, attempts: u32) -> Self {
        if attempts > 1 {
            Self::Exhausted {
                attempts,
                last: Box::new(self),
            }
        } else {
            self
        }
    }

    /// The failure itself, looking through [`Error::Exhausted`] and
    /// [`Error::RetryBudgetSpent`].
    pub fn last(&self) -> &Error {
        match self {
            Self::Exhausted { last, .. } | Self::RetryBudgetSpent { last, .. } => last.last(),
            other => other,
        }
    }

    /// How many attempts the call made before this error (1 unless retried).
    pub fn attempts(&self) -> u32 {
        match self {
            Self::Exhausted { attempts, .. } | Self::RetryBudgetSpent { attempts, .. } => *attempts,
            _ => 1,
        }
    }

    /// Whether the call was not retried because the client's retry budget is spent.
    pub fn is_retry_budget_spent(&self) -> bool {
        matches!(self, Self::RetryBudgetSpent { .. })
    }

    /// A failure of the connection or of one attempt's time limit: the request may or may not
    /// have reached Atlas.
    pub(crate) fn is_connection_failure(&self) -> bool {
        matches!(
            self,
            Self::Transport { .. }
                | Self::Timeout {
                    limit: TimeLimit::Attempt,
                    ..
                }
        )
    }

    /// The non-Atlas response of an [`Error::Http`].
    pub(crate) fn http_response(&self) -> Option<&RawResponse> {
        match self {
            Self::Http { response, .. } => Some(response),
            _ => None,
        }
    }

    /// The HTTP status, when a response was received.
    pub fn status(&self) -> Option<StatusCode> {
        match self.last() {
            Self::Api(api) | Self::VersionGone { api, .. } => Some(api.status),
            Self::TooLarge { status, .. } => Some(*status),
            Self::Http { response, .. } | Self::Decode { response, .. } => Some(response.status),
            Self::Auth { response, .. } => response.as_ref().map(|response| response.status),
            _ => None,
        }
    }

    /// The Atlas error, if Atlas answered with one.
    pub fn api(&self) -> Option<&ApiError> {
        match self.last() {
            Self::Api(api) | Self::VersionGone { api, .. } => Some(api),
            _ => None,
        }
    }

    /// Whether Atlas answered with this `errorCode`, e.g. `is_code("RESOURCE_NOT_FOUND")`.
    pub fn is_code(&self, code: &str) -> bool {
        self.api().and_then(|api| api.error_code.as_deref()) == Some(code)
    }

    /// Whether the error was raised before any request was sent.
    pub fn is_invalid_argument(&self) -> bool {
        matches!(self.last(), Self::InvalidArgument { .. })
    }

    /// Whether authentication failed ([`Error::Auth`]), looking through [`Error::Exhausted`].
    pub fn is_auth(&self) -> bool {
        matches!(self.last(), Self::Auth { .. })
    }

    /// The OAuth2 `error` code of an authentication failure, e.g. `invalid_client`, looking
    /// through [`Error::Exhausted`].
    pub fn auth_code(&self) -> Option<&str> {
        match self.last() {
            Self::Auth { code, .. } => code.as_deref(),
            _ => None,
        }
    }

    /// Whether the call timed out.
    pub fn is_timeout(&self) -> bool {
        matches!(self.last(), Self::Timeout { .. })
    }

    /// Whether Atlas's rate limit stopped the call: a 429, a 400 whose `errorCode` ends in
    /// `RATE_LIMITED`, or [`Error::RateLimited`] (held by the client, nothing sent).
    pub fn is_rate_limited(&self) -> bool {
        match self.last() {
            Self::RateLimited { .. } => true,
            other => {
                other.status() == Some(StatusCode::TOO_MANY_REQUESTS)
                    || other.api().is_some_and(|api| {
                        api.status == StatusCode::BAD_REQUEST
                            && api
                                .error_code
                                .as_deref()
                                .is_some_and(|code| code.ends_with("RATE_LIMITED"))
                    })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_atlas_errors_and_refuses_other_bodies() {
        let body = Bytes::from_static(br#"{"error":404,"errorCode":"NOT_FOUND","reason":"Not Found","detail":"x","parameters":["a"],"badRequestDetail":{"fields":[]}}"#);
        let api = ApiError::parse("op", StatusCode::NOT_FOUND, &HeaderMap::new(), &body)
            .expect("an Atlas error");
        assert_eq!(api.error_code.as_deref(), Some("NOT_FOUND"));
        assert_eq!(api.parameters.len(), 1);
        assert!(api.bad_request_detail.is_some());
        for other in [
            &b"<html>502</html>"[..],
            b"",
            b"[]",
            b"{}",
            b"null",
            b"{\"errorCode\": 5}",
        ] {
            assert!(
                ApiError::parse(
                    "op",
                    StatusCode::BAD_GATEWAY,
                    &HeaderMap::new(),
                    &Bytes::copy_from_slice(other)
                )
                .is_none()
            );
        }
    }

    /// Every kind of final failure, as one attempt would report it.
    fn final_failures() -> Vec<Error> {
        let raw = |status: u16, body: &'static [u8]| RawResponse {
            status: StatusCode::from_u16(status).unwrap(),
            headers: HeaderMap::new(),
            body: Bytes::from_static(body),
        };
        vec![
            Error::Auth {
                operation: "op",
                scheme: "ServiceAccount",
                message: "refused".into(),
                code: Some("invalid_client".into()),
                response: Some(Box::new(raw(401, b"{}"))),
                source: None,
            },
            Error::from_response(
                "op",
                "2024-08-05",
                raw(404, br#"{"errorCode":"NOT_FOUND"}"#),
            ),
            Error::from_response("op", "2024-08-05", raw(503, b"<html>busy</html>")),
            Error::Timeout {
                operation: "op",
                limit: TimeLimit::Attempt,
                after: None,
                source: None,
            },
            Error::Config("bad".into()),
        ]
    }

    #[test]
    fn accessors_look_through_exhausted() {
        for error in final_failures() {
            let shown = error.to_string();
            let status = error.status();
            let code = error.api().and_then(|api| api.error_code.clone());
            let (is_auth, auth_code) = (error.is_auth(), error.auth_code().map(str::to_owned));
            let (is_timeout, invalid) = (error.is_timeout(), error.is_invalid_argument());
            let wrapped = error.after_attempts(3);
            assert_eq!(wrapped.attempts(), 3, "{shown}");
            assert_eq!(wrapped.status(), status, "{shown}");
            assert_eq!(
                wrapped.api().and_then(|api| api.error_code.clone()),
                code,
                "{shown}"
            );
            assert_eq!(
                wrapped.is_code("NOT_FOUND"),
                code.as_deref() == Some("NOT_FOUND")
            );
            assert_eq!(wrapped.is_auth(), is_auth, "{shown}");
            assert_eq!(wrapped.auth_code().map(str::to_owned), auth_code, "{shown}");
            assert_eq!(wrapped.is_timeout(), is_timeout, "{shown}");
            assert_eq!(wrapped.is_invalid_argument(), invalid, "{shown}");
        }
        let refused = final_failures().remove(0).after_attempts(2);
        assert!(refused.is_auth());
        assert_eq!(refused.auth_code(), Some("invalid_client"));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(10_000))]

        #[test]
        fn error_bodies_never_panic(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..256)) {
            let _ = ApiError::parse("op", StatusCode::BAD_REQUEST, &HeaderMap::new(), &Bytes::from(bytes));
        }

        #[test]
        fn json_like_error_bodies_never_panic(text in r#"\{("(error|errorCode|reason|detail|parameters|badRequestDetail)":("[a-z]{0,5}"|[0-9]{1,3}|null|\[\]|\{\}),?){0,6}\}"#) {
            let _ = ApiError::parse("op", StatusCode::BAD_REQUEST, &HeaderMap::new(), &Bytes::from(text));
        }
    }
}
