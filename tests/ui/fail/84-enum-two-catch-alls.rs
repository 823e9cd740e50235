use atlas_endpoint::AtlasModel;
use serde::Deserialize;

#[derive(Deserialize, AtlasModel)]
#[atlas_model(ClusterDescription20240805.stateName)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum State {
    Idle,
    #[serde(other)]
    Unknown,
    #[serde(untagged)]
    Other(String),
}

fn main() {}
