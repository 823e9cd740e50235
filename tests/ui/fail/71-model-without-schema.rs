use atlas_endpoint::AtlasModel;
use serde::Deserialize;

#[derive(Deserialize, AtlasModel)]
pub struct User {
    pub username: String,
}

fn main() {}
