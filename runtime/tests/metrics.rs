//! Metrics (feature `metrics`) read back through the `metrics` crate's own debugging recorder
//! after a scripted run on the emulator: one request duration per request sent, attempts and
//! retries per call, tokens fetched, Digest challenges; no label carries an id or a secret.
#![cfg(all(feature = "testing", feature = "metrics"))]

use atlas_endpoint::testing::{Emulator, EmulatorAuth, Reply};
use atlas_endpoint::{Client, Result, RetryPolicy, atlas_endpoint};
use metrics_util::debugging::{DebugValue, DebuggingRecorder, Snapshotter};
use metrics_util::{CompositeKey, MetricKind};
use serde_json::{Value, json};
use std::time::Duration;

const GROUP: &str = "5f1b2c3d4e5f6a7b8c9d0e1f";

#[atlas_endpoint(GET, "/groups/<groupId>/clusters/<clusterName>")]
async fn get_cluster(client: &Client, group_id: &str, cluster_name: &str) -> Result<Value>;

/// Runs `scenario` on a current-thread runtime with a recorder of its own; what it recorded.
fn recorded(
    scenario: impl AsyncFnOnce() -> (),
) -> Vec<(
    CompositeKey,
    Option<metrics::Unit>,
    Option<metrics::SharedString>,
    DebugValue,
)> {
    let recorder = DebuggingRecorder::new();
    let snapshotter: Snapshotter = recorder.snapshotter();
    metrics::with_local_recorder(&recorder, || {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
            .block_on(scenario());
    });
    snapshotter.snapshot().into_vec()
}

/// The labels of a metric as `name=value` pairs.
fn labels(key: &CompositeKey) -> Vec<String> {
    key.key()
        .labels()
        .map(|label| format!("{}={}", label.key(), label.value()))
        .collect()
}

fn find<'a>(
    metrics: &'a [(
        CompositeKey,
        Option<metrics::Unit>,
        Option<metrics::SharedString>,
        DebugValue,
    )],
    kind: MetricKind,
    name: &str,
) -> Vec<(&'a CompositeKey, &'a DebugValue)> {
    metrics
        .iter()
        .filter(|(key, ..)| key.kind() == kind && key.key().name() == name)
        .map(|(key, _, _, value)| (key, value))
        .collect()
}

fn histogram_count(value: &DebugValue) -> usize {
    match value {
        DebugValue::Histogram(values) => values.len(),
        other => panic!("not a histogram: {other:?}"),
    }
}

#[test]
fn a_scripted_run_is_counted_by_operation_status_and_kind() {
    let metrics = recorded(async || {
        let emulator =
            Emulator::start_with(EmulatorAuth::service_account("mdb_sa_id_m", "sa-secret"))
                .await
                .unwrap();
        emulator.route_sequence(
            &get_cluster::ENDPOINT,
            vec![
                Reply::atlas_error(503, "SERVICE_UNAVAILABLE", "Try again."),
                Reply::json(200, &json!({ "name": "c0" })),
            ],
        );
        let client = emulator
            .client_builder()
            .retry(RetryPolicy::default().base_delay(Duration::from_millis(1)))
            .build()
            .unwrap();
        get_cluster(&client, GROUP, "c0").await.unwrap();
        get_cluster(&client, GROUP, "c0").await.unwrap();
    });
    for (key, ..) in &metrics {
        println!("{} {:?}", key.key().name(), labels(key));
    }

    let durations = find(
        &metrics,
        MetricKind::Histogram,
        "http.client.request.duration",
    );
    let mut by_status: Vec<(Vec<String>, usize)> = durations
        .iter()
        .map(|(key, value)| (labels(key), histogram_count(value)))
        .collect();
    by_status.sort();
    let common = [
        "http.request.method=GET",
        "server.address=127.0.0.1",
        "atlas.operation=getGroupCluster",
        "atlas.resource_version=2024-08-05",
    ];
    let expected = |extra: &[&str]| -> Vec<String> {
        common
            .iter()
            .chain(extra)
            .map(|text| (*text).to_owned())
            .collect()
    };
    assert_eq!(
        by_status,
        [
            (expected(&["http.response.status_code=200"]), 2),
            (
                expected(&["http.response.status_code=503", "error.type=503"]),
                1
            ),
        ],
        "three requests: a 503 retried, then two answers"
    );

    let attempts = find(&metrics, MetricKind::Histogram, "atlas.client.attempts");
    assert_eq!(attempts.len(), 1);
    assert_eq!(
        attempts[0].1,
        &DebugValue::Histogram(vec![2.0.into(), 1.0.into()]),
        "two attempts, then one"
    );
    let retries = find(&metrics, MetricKind::Counter, "atlas.client.retries");
    assert_eq!(retries[0].1, &DebugValue::Counter(1));
    let tokens = find(&metrics, MetricKind::Counter, "atlas.client.tokens_fetched");
    assert_eq!(
        tokens[0].1,
        &DebugValue::Counter(1),
        "one token for both calls"
    );

    // No label holds an id, a path value or a secret.
    for (key, ..) in &metrics {
        for label in labels(key) {
            for private in [GROUP, "c0", "sa-secret", "mdb_sa_id_m", "emulator-token"] {
                assert!(!label.contains(private), "{label}");
            }
        }
    }
}

#[test]
fn digest_challenges_are_counted() {
    let metrics = recorded(async || {
        let emulator = Emulator::start_with(EmulatorAuth::api_key("public", "private"))
            .await
            .unwrap();
        emulator.route(&get_cluster::ENDPOINT, |_| {
            Reply::json(200, &json!({ "name": "c0" }))
        });
        let client = emulator.client();
        for _ in 0..3 {
            get_cluster(&client, GROUP, "c0").await.unwrap();
        }
    });
    let challenges = find(
        &metrics,
        MetricKind::Counter,
        "atlas.client.digest_challenges",
    );
    assert_eq!(
        challenges[0].1,
        &DebugValue::Counter(1),
        "one challenge, then the nonce is reused"
    );
    let durations = find(
        &metrics,
        MetricKind::Histogram,
        "http.client.request.duration",
    );
    let total: usize = durations
        .iter()
        .map(|(_, value)| histogram_count(value))
        .sum();
    assert_eq!(total, 4, "the challenge's 401 and three answers");
}
