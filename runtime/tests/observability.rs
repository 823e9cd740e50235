//! One `tracing` span per call with the operation, method, template, attempt, status and
//! elapsed time; retries and deprecation notices as events; never bodies or credentials.

mod support;

use atlas_endpoint::testing::{Emulator, Reply};
use atlas_endpoint::{Client, Result, RetryPolicy, atlas_endpoint};
use std::time::Duration;
use support::Buffer;
use tracing_subscriber::fmt::format::FmtSpan;

#[atlas_endpoint(POST, "/groups/<groupId>/clusters")]
async fn create_cluster(
    client: &Client,
    group_id: &str,
    #[body] body: &serde_json::Value,
) -> Result<serde_json::Value>;

#[tokio::test]
async fn calls_are_traced_without_bodies_or_secrets() {
    let buffer = Buffer::default();
    let writer = buffer.clone();
    tracing_subscriber::fmt()
        .with_max_level(tracing_subscriber::filter::LevelFilter::TRACE)
        .with_ansi(false)
        .with_span_events(FmtSpan::CLOSE)
        .with_writer(move || writer.clone())
        .try_init()
        .expect("the only subscriber of this test binary");

    let emulator = Emulator::start().await.unwrap();
    let refused = Reply::atlas_error(429, "RATE_LIMITED", "Slow down.").header("retry-after", "0");
    let deprecated = Reply::json(201, &serde_json::json!({ "name": "answer-body-marker" }))
        .header("deprecation", "@1735689600")
        .header("sunset", "Wed, 01 Jul 2026 00:00:00 GMT");
    emulator.route_sequence(&create_cluster::ENDPOINT, vec![refused, deprecated]);
    let client = emulator
        .client()
        .with_retry(RetryPolicy::default().base_delay(Duration::from_millis(1)));
    let body = serde_json::json!({ "name": "request-body-marker" });
    for _ in 0..3 {
        create_cluster(&client, "5f1b2c3d4e5f6a7b8c9d0e1f", &body)
            .await
            .unwrap();
    }

    let text = buffer.text();
    let spans: Vec<&str> = text
        .lines()
        .filter(|line| line.contains("atlas_call") && line.contains("close"))
        .collect();
    assert_eq!(spans.len(), 3, "one span per call:\n{text}");
    for field in [
        "operation=\"createGroupCluster\"",
        "method=\"POST\"",
        "template=\"/groups/<groupId>/clusters\"",
        "status=201",
        "elapsed_ms=",
    ] {
        assert!(
            spans.iter().all(|span| span.contains(field)),
            "{field} missing:\n{text}"
        );
    }
    assert!(
        spans[0].contains("attempt=2"),
        "the first call was retried once:\n{text}"
    );
    assert_eq!(
        text.matches("retrying createGroupCluster").count(),
        1,
        "{text}"
    );
    assert_eq!(
        text.matches("is deprecated").count(),
        1,
        "the deprecation is reported once:\n{text}"
    );
    assert!(
        text.contains("Wed, 01 Jul 2026"),
        "the sunset date is named:\n{text}"
    );
    for hidden in [
        "request-body-marker",
        "answer-body-marker",
        emulator.token(),
    ] {
        assert!(
            !text.contains(hidden),
            "{hidden} leaked into tracing:\n{text}"
        );
    }
}
