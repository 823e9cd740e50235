use atlas_endpoint::{atlas_endpoint, Client, Result};

// Atlas serves listGroupClusters at 2023-01-01, 2023-02-01 and 2024-08-05 only.
#[atlas_endpoint(GET, "/groups/<groupId>/clusters", version = "2024-01-01")]
pub async fn list_clusters(client: &Client, group_id: &str) -> Result<serde_json::Value>;

fn main() {}
