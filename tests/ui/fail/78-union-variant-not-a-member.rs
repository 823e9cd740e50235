use atlas_endpoint::AtlasModel;
use serde::Deserialize;

#[derive(Deserialize, AtlasModel)]
#[atlas_model(CloudDatabaseUser)]
pub struct User {
    pub username: String,
}

#[derive(Deserialize, AtlasModel)]
#[atlas_model(BaseNetworkPeeringConnectionSettings)]
#[serde(untagged)]
pub enum Peering {
    Aws(User),
}

fn main() {}
