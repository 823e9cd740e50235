//! Waiting for long operations, on the emulator's stateful mode (a local Atlas: no
//! credentials, no routes): create a cluster, wait until Atlas reports it `IDLE`, add a
//! database user and list the users, delete the cluster, wait until it answers 404. Each poll
//! prints a progress line (the `atlas_wait` tracing event).

use atlas_endpoint::testing::{Emulator, Lifecycle};
use atlas_endpoint::{Client, Error, Page, Progress, Result, RetryPolicy, Wait, atlas_endpoint};
use serde_json::{Value, json};
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

#[atlas_endpoint(POST, "/groups/<groupId>/databaseUsers")]
pub async fn create_database_user(
    client: &Client,
    group_id: &str,
    #[body] user: &Value,
) -> Result<Value>;

#[atlas_endpoint(GET, "/groups/<groupId>/databaseUsers")]
pub async fn list_database_users(client: &Client, group_id: &str) -> Result<Page<Value>>;

const ORG: &str = "5f1b2c3d4e5f6a7b8c9d0e1f";
const NAME: &str = "Cluster0";

/// A JSON string as text (`?` when it is not one).
fn text(value: &Value) -> &str {
    value.as_str().unwrap_or("?")
}

#[tokio::main]
async fn main() -> std::result::Result<(), Box<dyn std::error::Error>> {
    tracing_subscriber::fmt()
        .with_target(false)
        .without_time()
        .init();
    let emulator = Emulator::start().await?;
    // Clusters stay CREATING, UPDATING or DELETING for three polls.
    let atlas = emulator.stateful(Lifecycle::after_polls(3));
    let group = atlas.add_project(ORG, "example");

    let client = emulator.client();
    // Polls need no retries of their own: the wait counts transient failures as pending.
    let polling = client.with_retry(RetryPolicy::none());
    let wait = |what| {
        Wait::new(what)
            .timeout(Duration::from_secs(30))
            .interval(Duration::from_millis(100), Duration::from_millis(400))
    };

    let new = json!({
        "name": NAME,
        "clusterType": "REPLICASET",
        "replicationSpecs": [{"regionConfigs": [{
            "providerName": "AWS",
            "regionName": "US_EAST_1",
            "priority": 7,
            "electableSpecs": {"instanceSize": "M10", "nodeCount": 3},
        }]}],
    });
    let cluster = create_cluster(&client, &group, &new).await?;
    println!(
        "created {} ({})",
        text(&cluster["name"]),
        text(&cluster["stateName"])
    );
    // `until(call, |cluster| cluster["stateName"] == "IDLE")` is the short form; `poll` also
    // puts the state into each poll's progress line.
    let cluster = wait("cluster IDLE")
        .poll(
            || get_cluster(&polling, &group, NAME),
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
        "{} is {}: {}",
        text(&cluster["name"]),
        text(&cluster["stateName"]),
        text(&cluster["connectionStrings"]["standardSrv"])
    );

    let user = json!({
        "databaseName": "admin",
        "groupId": group,
        "username": "app",
        "password": "change me, I am an example",
        "roles": [{"roleName": "readWrite", "databaseName": "app"}],
    });
    create_database_user(&client, &group, &user).await?;
    let users = list_database_users(&client, &group).await?;
    for user in &users.results {
        println!(
            "database user {} on {}",
            text(&user["username"]),
            text(&user["databaseName"])
        );
    }

    delete_cluster(&client, &group, NAME).await?;
    println!("deleting {NAME}");
    wait("cluster deleted")
        .until_gone(|| get_cluster(&polling, &group, NAME))
        .await?;
    let error: Error = get_cluster(&client, &group, NAME)
        .await
        .err()
        .ok_or("still there")?;
    println!("{NAME} is gone: {error}");
    Ok(())
}
