//! Waiting for long operations, on the embedded emulator (no credentials): create a cluster,
//! wait until Atlas reports it `IDLE`, delete it, wait until it answers 404. Each poll prints a
//! progress line (the `atlas_wait` tracing event); the emulator answers one poll with a 503,
//! which the wait counts as still pending.

use atlas_endpoint::testing::{Emulator, Reply};
use atlas_endpoint::{Client, Error, Progress, Result, RetryPolicy, Wait, atlas_endpoint};
use serde_json::{Value, json};
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[atlas_endpoint(POST, "/groups/<groupId>/clusters")]
pub async fn create_cluster(
    client: &Client,
    group_id: &str,
    #[body] cluster: &Value,
) -> Result<Value>;

#[atlas_endpoint(GET, "/groups/<groupId>/clusters/<clusterName>")]
pub async fn get_cluster(client: &Client, group_id: &str, cluster_name: &str) -> Result<Value>;

#[atlas_endpoint(DELETE, "/groups/<groupId>/clusters/<clusterName>")]
pub async fn delete_cluster(client: &Client, group_id: &str, cluster_name: &str) -> Result<()>;

const GROUP: &str = "5f1b2c3d4e5f6a7b8c9d0e1f";
const NAME: &str = "Cluster0";

/// The emulated cluster's life: each poll moves it on by one step.
#[derive(Default)]
struct Life {
    /// The answers still to come to `GET`, in order, then `IDLE` (or 404 once deleted).
    script: Vec<Reply>,
    exists: bool,
}

/// A JSON string as text (`?` when it is not one).
fn text(value: &Value) -> &str {
    value.as_str().unwrap_or("?")
}

fn state(name: &str) -> Reply {
    Reply::json(200, &json!({ "name": NAME, "stateName": name }))
}

#[tokio::main]
async fn main() -> std::result::Result<(), Box<dyn std::error::Error>> {
    tracing_subscriber::fmt()
        .with_target(false)
        .without_time()
        .init();
    let emulator = Emulator::start().await?;
    let life = Arc::new(Mutex::new(Life::default()));
    let created = Arc::clone(&life);
    emulator.route(&create_cluster::ENDPOINT, move |_| {
        let mut life = created.lock().expect("cluster lock");
        life.exists = true;
        life.script = vec![
            state("CREATING"),
            Reply::atlas_error(503, "SERVICE_UNAVAILABLE", "Try again."),
            state("CREATING"),
            state("CREATING"),
        ];
        Reply::json(201, &json!({ "name": NAME, "stateName": "CREATING" }))
    });
    let polled = Arc::clone(&life);
    emulator.route(&get_cluster::ENDPOINT, move |_| {
        let mut life = polled.lock().expect("cluster lock");
        if !life.script.is_empty() {
            return life.script.remove(0);
        }
        if life.exists {
            state("IDLE")
        } else {
            Reply::atlas_error(404, "CLUSTER_NOT_FOUND", "No cluster named Cluster0.")
        }
    });
    let deleted = Arc::clone(&life);
    emulator.route(&delete_cluster::ENDPOINT, move |_| {
        let mut life = deleted.lock().expect("cluster lock");
        life.exists = false;
        life.script = vec![state("DELETING"), state("DELETING")];
        Reply::raw(202, None, Default::default())
    });

    let client = emulator.client();
    // Polls need no retries of their own: the wait counts transient failures as pending.
    let polling = client.with_retry(RetryPolicy::none());
    let wait = |what| {
        Wait::new(what)
            .timeout(Duration::from_secs(30))
            .interval(Duration::from_millis(100), Duration::from_millis(400))
    };

    let new = json!({ "name": NAME, "clusterType": "REPLICASET" });
    let cluster = create_cluster(&client, GROUP, &new).await?;
    println!(
        "created {} ({})",
        text(&cluster["name"]),
        text(&cluster["stateName"])
    );
    // `until(call, |cluster| cluster["stateName"] == "IDLE")` is the short form; `poll` also
    // puts the state into each poll's progress line.
    let cluster = wait("cluster IDLE")
        .poll(
            || get_cluster(&polling, GROUP, NAME),
            |answer| {
                let cluster = answer?;
                Ok(if cluster["stateName"] == "IDLE" {
                    Progress::Done(cluster)
                } else {
                    Progress::Pending(format!("stateName {}", text(&cluster["stateName"])))
                })
            },
        )
        .await?;
    println!(
        "{} is {}",
        text(&cluster["name"]),
        text(&cluster["stateName"])
    );

    delete_cluster(&client, GROUP, NAME).await?;
    println!("deleting {NAME}");
    wait("cluster deleted")
        .until_gone(|| get_cluster(&polling, GROUP, NAME))
        .await?;
    let error: Error = get_cluster(&client, GROUP, NAME)
        .await
        .err()
        .ok_or("still there")?;
    println!("{NAME} is gone: {error}");
    Ok(())
}
