use atlas_endpoint::{atlas_endpoint, Client, Result};

#[atlas_endpoint(DELETE, "/groups/<groupId>")]
pub async fn delete_project(client: &Client, group_id: &str, #[body] reason: &serde_json::Value) -> Result<()>;

fn main() {}
