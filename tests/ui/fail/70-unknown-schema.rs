use atlas_endpoint::AtlasModel;
use serde::Deserialize;

#[derive(Deserialize, AtlasModel)]
#[atlas_model(CloudDatabaseUsers)]
pub struct User {
    pub username: String,
}

fn main() {}
