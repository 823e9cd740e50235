use atlas_endpoint::AtlasModel;
use serde::Deserialize;

#[derive(Deserialize, AtlasModel)]
#[atlas_model(ClusterDescription20240805)]
#[serde(rename_all = "camelCase")]
pub struct Cluster {
    pub paused: Option<String>,
}

fn main() {}
