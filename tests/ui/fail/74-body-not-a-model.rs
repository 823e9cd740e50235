use atlas_endpoint::{atlas_endpoint, Client, Result};
use serde::Serialize;

#[derive(Serialize)]
pub struct NewUser {
    pub username: String,
}

#[atlas_endpoint(POST, "/groups/<groupId>/databaseUsers")]
pub async fn create_database_user(client: &Client, group_id: &str, #[body] user: &NewUser) -> Result<serde_json::Value>;

fn main() {}
