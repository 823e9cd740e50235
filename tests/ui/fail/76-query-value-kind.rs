use atlas_endpoint::{atlas_endpoint, Client, Result};

#[atlas_endpoint(GET, "/groups/<groupId>/clusters")]
pub async fn list_clusters(client: &Client, group_id: &str, #[query] include_count: &str) -> Result<serde_json::Value>;

fn main() {}
