use atlas_endpoint::{atlas_endpoint, Client, Result};

// Every version of this operation is past its sunset.
#[atlas_endpoint(GET, "/groups/<groupId>/serverless/<clusterName>/backup/snapshots", deprecated)]
pub async fn list_serverless_snapshots(client: &Client, group_id: &str, cluster_name: &str) -> Result<serde_json::Value>;

fn main() {}
