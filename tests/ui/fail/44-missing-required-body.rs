use atlas_endpoint::{atlas_endpoint, Client, Result};

#[atlas_endpoint(POST, "/groups/<groupId>/clusters")]
pub async fn create_cluster(client: &Client, group_id: &str) -> Result<serde_json::Value>;

fn main() {}
