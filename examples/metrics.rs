//! The client's metrics (feature `metrics`), printed: a few calls on the embedded emulator, one
//! of them retried after a 503 and one authenticated by a fresh service-account token, recorded
//! by the `metrics` crate's debugging recorder. In a service, install the recorder of your
//! exporter instead (Prometheus, OpenTelemetry, StatsD…): the names and labels are the same.
//!
//! `cargo run --example metrics`

use atlas_endpoint::testing::{Emulator, EmulatorAuth, Reply};
use atlas_endpoint::{Client, Result, RetryPolicy, atlas_endpoint};
use metrics_util::debugging::{DebugValue, DebuggingRecorder};
use serde_json::{Value, json};
use std::time::Duration;

#[atlas_endpoint(GET, "/groups/<groupId>/clusters/<clusterName>")]
pub async fn get_cluster(client: &Client, group_id: &str, cluster_name: &str) -> Result<Value>;

#[tokio::main]
async fn main() -> std::result::Result<(), Box<dyn std::error::Error>> {
    let recorder = DebuggingRecorder::new();
    let snapshotter = recorder.snapshotter();
    recorder.install()?;

    let emulator =
        Emulator::start_with(EmulatorAuth::service_account("mdb_sa_id_example", "secret")).await?;
    emulator.route_sequence(
        &get_cluster::ENDPOINT,
        vec![
            Reply::atlas_error(503, "SERVICE_UNAVAILABLE", "Try again."),
            Reply::json(200, &json!({ "name": "Cluster0" })),
        ],
    );
    let client = emulator
        .client_builder()
        .retry(RetryPolicy::default().base_delay(Duration::from_millis(10)))
        .build()?;
    for _ in 0..3 {
        get_cluster(&client, "5f1b2c3d4e5f6a7b8c9d0e1f", "Cluster0").await?;
    }

    println!("metrics after 3 calls (the first retried once after a 503):");
    let mut lines: Vec<String> = snapshotter
        .snapshot()
        .into_vec()
        .into_iter()
        .map(|(key, _, _, value)| {
            let labels: Vec<String> = key
                .key()
                .labels()
                .map(|label| format!("{}={}", label.key(), label.value()))
                .collect();
            let value = match value {
                DebugValue::Counter(count) => format!("counter {count}"),
                DebugValue::Gauge(gauge) => format!("gauge {}", gauge.into_inner()),
                DebugValue::Histogram(values) => format!("histogram of {} values", values.len()),
            };
            format!("  {} {{{}}}: {value}", key.key().name(), labels.join(", "))
        })
        .collect();
    lines.sort();
    println!("{}", lines.join("\n"));
    Ok(())
}
