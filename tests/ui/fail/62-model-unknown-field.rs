use atlas_endpoint::AtlasModel;
use serde::Serialize;

#[derive(Serialize, AtlasModel)]
#[atlas_model(CloudDatabaseUser)]
#[serde(rename_all = "camelCase")]
pub struct NewUser {
    pub databse_name: String,
}

fn main() {}
