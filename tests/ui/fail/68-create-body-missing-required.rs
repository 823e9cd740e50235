use atlas_endpoint::{atlas_endpoint, AtlasModel, Client, Result};
use serde::Serialize;

#[derive(Serialize, AtlasModel)]
#[atlas_model(CloudDatabaseUser)]
#[serde(rename_all = "camelCase")]
pub struct NewUser {
    pub database_name: String,
    pub username: String,
}

#[atlas_endpoint(POST, "/groups/<groupId>/databaseUsers")]
pub async fn create_database_user(client: &Client, group_id: &str, #[body] user: &NewUser) -> Result<serde_json::Value>;

fn main() {}
