use atlas_endpoint::{atlas_endpoint, Client, Result};

#[atlas_endpoint(GET, "/groups/<groupId>/clusters", version = "2023-01-01")]
pub async fn list_clusters(client: &Client, group_id: &str) -> Result<serde_json::Value>;

fn main() {}
