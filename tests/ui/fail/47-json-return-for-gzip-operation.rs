use atlas_endpoint::{atlas_endpoint, Client, Result};

#[atlas_endpoint(GET, "/groups/<groupId>/clusters/<hostName>/logs/<logName>.gz")]
pub async fn download_cluster_log(client: &Client, group_id: &str, host_name: &str, log_name: &str) -> Result<serde_json::Value>;

fn main() {}
