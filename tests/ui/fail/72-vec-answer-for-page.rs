use atlas_endpoint::{atlas_endpoint, AtlasModel, Client, Result};
use serde::Deserialize;

#[derive(Deserialize, AtlasModel)]
#[atlas_model(ClusterDescription20240805)]
pub struct Cluster {
    pub name: Option<String>,
}

#[atlas_endpoint(GET, "/groups/<groupId>/clusters")]
pub async fn list_clusters(client: &Client, group_id: &str) -> Result<Vec<Cluster>>;

fn main() {}
