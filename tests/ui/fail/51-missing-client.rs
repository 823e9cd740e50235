use atlas_endpoint::{atlas_endpoint, Result};

#[atlas_endpoint(GET, "/groups/<groupId>/clusters/<clusterName>")]
pub async fn get_cluster(group_id: &str, cluster_name: &str) -> Result<serde_json::Value>;

fn main() {}
