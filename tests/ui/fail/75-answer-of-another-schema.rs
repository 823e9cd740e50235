use atlas_endpoint::{atlas_endpoint, AtlasModel, Client, Result};
use serde::Deserialize;

#[derive(Deserialize, AtlasModel)]
#[atlas_model(CloudDatabaseUser)]
pub struct User {
    pub username: String,
}

#[atlas_endpoint(GET, "/groups/<groupId>/clusters/<clusterName>")]
pub async fn get_cluster(client: &Client, group_id: &str, cluster_name: &str) -> Result<User>;

fn main() {}
