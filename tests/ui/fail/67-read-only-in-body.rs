use atlas_endpoint::{atlas_endpoint, AtlasModel, Client, Result};
use serde::Serialize;

#[derive(Serialize, AtlasModel)]
#[atlas_model(ClusterDescription20240805)]
#[serde(rename_all = "camelCase")]
pub struct ClusterChange {
    pub paused: Option<bool>,
    pub create_date: Option<String>,
}

#[atlas_endpoint(PATCH, "/groups/<groupId>/clusters/<clusterName>", version = "2024-08-05")]
pub async fn update_cluster(client: &Client, group_id: &str, cluster_name: &str, #[body] change: &ClusterChange) -> Result<serde_json::Value>;

fn main() {}
