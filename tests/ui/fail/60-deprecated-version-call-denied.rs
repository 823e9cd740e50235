#![deny(deprecated)]

use atlas_endpoint::{atlas_endpoint, Client, Result};

/// One cluster, in the answer shape of 2023-02-01 (Atlas stops serving it on 2027-07-01).
#[atlas_endpoint(GET, "/groups/<groupId>/clusters/<clusterName>", version = "2023-02-01")]
pub async fn get_cluster(client: &Client, group_id: &str, cluster_name: &str) -> Result<serde_json::Value>;

pub async fn status(client: &Client) -> Result<serde_json::Value> {
    get_cluster(client, "5f1b2c3d4e5f6a7b8c9d0e1f", "Cluster0").await
}

fn main() {}
