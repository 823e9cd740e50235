use atlas_endpoint::{atlas_endpoint, Client, Result};

#[atlas_endpoint(PUT, "/groups/<groupId>/clusters/<clusterName>")]
pub async fn update_cluster(client: &Client, group_id: &str, cluster_name: &str, #[body] cluster: &serde_json::Value) -> Result<serde_json::Value>;

fn main() {}
