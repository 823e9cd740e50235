use atlas_endpoint::{atlas_endpoint, Client, Result};

#[atlas_endpoint(GET, "/groups/<groupId>", deprecated)]
pub async fn get_project(client: &Client, group_id: &str) -> Result<serde_json::Value>;

fn main() {}
