use atlas_endpoint::{atlas_endpoint, Client, Result};

#[atlas_endpoint(POST, "/groups/<groupId>/databaseUsers")]
pub async fn create_database_user(client: &Client, group_id: &str, user: &serde_json::Value) -> Result<serde_json::Value>;

fn main() {}
