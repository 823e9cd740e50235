use atlas_endpoint::{atlas_endpoint, AtlasModel, Client, Page, Result};
use serde::Deserialize;

#[derive(Deserialize, AtlasModel)]
#[atlas_model(ClusterDescription20240805)]
pub struct Cluster {
    pub name: Option<String>,
}

#[atlas_endpoint(GET, "/groups/<groupId>/clusters/<clusterName>")]
pub async fn get_cluster(client: &Client, group_id: &str, cluster_name: &str) -> Result<Page<Cluster>>;

fn main() {}
