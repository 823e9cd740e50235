use atlas_endpoint::AtlasModel;
use serde::Deserialize;

#[derive(Deserialize, AtlasModel)]
#[atlas_model(ClusterDescription20240805.stateName)]
#[serde(rename_all = "lowercase")]
pub enum State {
    Idle,
    Creating,
    Updating,
}

fn main() {}
