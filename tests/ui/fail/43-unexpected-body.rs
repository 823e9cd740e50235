use atlas_endpoint::{atlas_endpoint, Client, Result};

#[atlas_endpoint(POST, "/groups/<groupId>/clusters/<clusterName>/restartPrimaries")]
pub async fn restart_primaries(client: &Client, group_id: &str, cluster_name: &str, #[body] options: &serde_json::Value) -> Result<()>;

fn main() {}
