//! Waiting for long operations against the emulator: transient failures count as pending,
//! other errors end the wait, the deadline is a typed timeout.

use atlas_endpoint::testing::{Emulator, Fault, Reply};
use atlas_endpoint::{Client, Error, Result, RetryPolicy, TimeLimit, Wait, atlas_endpoint};
use serde_json::{Value, json};
use std::time::Duration;

const GROUP: &str = "5f1b2c3d4e5f6a7b8c9d0e1f";

#[atlas_endpoint(GET, "/groups/<groupId>/clusters/<clusterName>")]
pub async fn get_cluster(client: &Client, group_id: &str, cluster_name: &str) -> Result<Value>;

fn state(name: &str) -> Reply {
    Reply::json(200, &json!({ "stateName": name }))
}

fn quick(what: &'static str) -> Wait {
    Wait::new(what)
        .timeout(Duration::from_secs(10))
        .interval(Duration::from_millis(5), Duration::from_millis(20))
}

#[tokio::test]
async fn transient_failures_are_pending_until_idle_then_gone() {
    let emulator = Emulator::start().await.unwrap();
    emulator.route_sequence(
        &get_cluster::ENDPOINT,
        vec![
            state("CREATING"),
            Reply::atlas_error(503, "SERVICE_UNAVAILABLE", "Try again."),
            state("CREATING").fault(Fault::ResetBeforeHeaders),
            Reply::atlas_error(429, "RATE_LIMITED", "Slow down."),
            state("IDLE"),
            state("DELETING"),
            Reply::atlas_error(404, "CLUSTER_NOT_FOUND", "Gone."),
        ],
    );
    let client = emulator.client().with_retry(RetryPolicy::none());
    let cluster = quick("cluster IDLE")
        .until(
            || get_cluster(&client, GROUP, "c0"),
            |cluster| cluster["stateName"] == "IDLE",
        )
        .await
        .unwrap();
    assert_eq!(cluster["stateName"], "IDLE");
    assert_eq!(emulator.requests().len(), 5);
    quick("cluster deleted")
        .until_gone(|| get_cluster(&client, GROUP, "c0"))
        .await
        .unwrap();
    assert_eq!(emulator.requests().len(), 7);
}

#[tokio::test]
async fn other_errors_end_the_wait_and_the_deadline_is_a_timeout() {
    let emulator = Emulator::start().await.unwrap();
    emulator.route_sequence(
        &get_cluster::ENDPOINT,
        vec![
            state("CREATING"),
            Reply::atlas_error(403, "USER_UNAUTHORIZED", "No."),
        ],
    );
    let client = emulator.client();
    let error = quick("cluster IDLE")
        .until(
            || get_cluster(&client, GROUP, "c0"),
            |cluster| cluster["stateName"] == "IDLE",
        )
        .await
        .unwrap_err();
    assert!(error.is_code("USER_UNAUTHORIZED"), "{error}");
    assert_eq!(emulator.requests().len(), 2);

    emulator.route_sequence(&get_cluster::ENDPOINT, vec![state("CREATING")]);
    let error = quick("cluster IDLE")
        .timeout(Duration::from_millis(100))
        .until(
            || get_cluster(&client, GROUP, "c0"),
            |cluster| cluster["stateName"] == "IDLE",
        )
        .await
        .unwrap_err();
    assert!(
        matches!(
            error,
            Error::Timeout {
                limit: TimeLimit::Wait,
                ..
            }
        ),
        "{error:?}"
    );
    assert!(error.to_string().contains("cluster IDLE"), "{error}");
}
