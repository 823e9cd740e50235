use atlas_endpoint::{atlas_endpoint, AtlasModel, Client, Result};
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, AtlasModel)]
#[atlas_model(ClusterDescription20240805.clusterType)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ClusterType {
    Replicaset,
    Sharded,
    Geosharded,
    #[serde(other)]
    Unknown,
}

#[derive(Serialize, AtlasModel)]
#[atlas_model(ClusterDescription20240805)]
#[serde(rename_all = "camelCase")]
pub struct NewCluster {
    pub name: String,
    pub cluster_type: Option<ClusterType>,
}

#[atlas_endpoint(POST, "/groups/<groupId>/clusters")]
pub async fn create_cluster(client: &Client, group_id: &str, #[body] cluster: &NewCluster) -> Result<()>;

fn main() {}
