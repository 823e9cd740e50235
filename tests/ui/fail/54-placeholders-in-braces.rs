use atlas_endpoint::{atlas_endpoint, Client, Result};

#[atlas_endpoint(GET, "/groups/{groupId}/clusters/{clusterName}")]
pub async fn get_cluster(client: &Client, group_id: &str, cluster_name: &str) -> Result<serde_json::Value>;

fn main() {}
