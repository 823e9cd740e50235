//! Metrics (feature `metrics`), through the `metrics` facade: what dashboards and alerts need,
//! recorded to whatever recorder the program installs (Prometheus, OpenTelemetry, StatsD…;
//! without one, recording costs a check). Without the feature every function here is empty.
//!
//! | name | kind | labels |
//! |---|---|---|
//! | `http.client.request.duration` | histogram, seconds, per request sent | `http.request.method`, `server.address` (the base URL's host), `http.response.status_code` (when answered), `error.type` (when it failed: the status, or `timeout` / `transport` / the error's kind), `atlas.operation`, `atlas.resource_version` |
//! | `atlas.client.attempts` | histogram, per call | `atlas.operation` |
//! | `atlas.client.retries` | counter | `atlas.operation` |
//! | `atlas.client.rate_limit.hold` | histogram, seconds a call was held by the rate-limit gate | `atlas.operation` |
//! | `atlas.client.tokens_fetched` | counter, service-account token requests | — |
//! | `atlas.client.digest_challenges` | counter, Digest challenges answered | — |
//!
//! Labels are static names and numbers only: never an id, a path value or a secret.

use crate::endpoint::Endpoint;
use crate::error::Error;
use reqwest::StatusCode;
use std::time::Duration;

/// One request ended: answered with `ended`'s status, or failed with its error.
pub(crate) fn request_finished(
    endpoint: &'static Endpoint,
    server_address: &str,
    ended: Result<StatusCode, &Error>,
    latency: Duration,
) {
    #[cfg(feature = "metrics")]
    {
        use metrics::Label;
        let mut labels = vec![
            Label::new("http.request.method", endpoint.method.as_str()),
            Label::new("server.address", server_address.to_owned()),
            Label::new("atlas.operation", endpoint.operation),
            Label::new("atlas.resource_version", endpoint.version),
        ];
        let status = ended.map_or_else(Error::status, Some);
        if let Some(status) = status {
            labels.push(Label::new(
                "http.response.status_code",
                status.as_str().to_owned(),
            ));
        }
        if let Err(error) = ended {
            let kind = match status {
                Some(status) => status.as_str().to_owned(),
                None => error_type(error).to_owned(),
            };
            labels.push(Label::new("error.type", kind));
        }
        metrics::histogram!("http.client.request.duration", labels).record(latency.as_secs_f64());
    }
    #[cfg(not(feature = "metrics"))]
    let _ = (endpoint, server_address, ended, latency);
}

/// A call ended after `attempts` attempts.
pub(crate) fn call_finished(endpoint: &'static Endpoint, attempts: u32) {
    #[cfg(feature = "metrics")]
    {
        let operation = ("atlas.operation", endpoint.operation);
        metrics::histogram!("atlas.client.attempts", &[operation]).record(f64::from(attempts));
        if attempts > 1 {
            metrics::counter!("atlas.client.retries", &[operation])
                .increment(u64::from(attempts.saturating_sub(1)));
        }
    }
    #[cfg(not(feature = "metrics"))]
    let _ = (endpoint, attempts);
}

/// A call was held by the rate-limit gate for `held`.
pub(crate) fn rate_limit_held(endpoint: &'static Endpoint, held: Duration) {
    #[cfg(feature = "metrics")]
    metrics::histogram!("atlas.client.rate_limit.hold", "atlas.operation" => endpoint.operation)
        .record(held.as_secs_f64());
    #[cfg(not(feature = "metrics"))]
    let _ = (endpoint, held);
}

/// A service-account token request was sent.
pub(crate) fn token_fetched() {
    #[cfg(feature = "metrics")]
    metrics::counter!("atlas.client.tokens_fetched").increment(1);
}

/// A Digest challenge was answered.
pub(crate) fn digest_challenge() {
    #[cfg(feature = "metrics")]
    metrics::counter!("atlas.client.digest_challenges").increment(1);
}

/// The `error.type` of a request that got no answer.
#[cfg(feature = "metrics")]
fn error_type(error: &Error) -> &'static str {
    match error.last() {
        Error::Timeout { .. } => "timeout",
        Error::Transport { .. } => "transport",
        Error::TooLarge { .. } => "too_large",
        Error::Auth { .. } => "auth",
        _ => "other",
    }
}
