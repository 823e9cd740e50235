use atlas_endpoint::AtlasModel;
use serde::Serialize;

#[derive(Serialize, AtlasModel)]
#[atlas_model(UserScope)]
pub struct Scope {
    pub name: String,
}

#[derive(Serialize, AtlasModel)]
#[atlas_model(CloudDatabaseUser)]
pub struct NewUser {
    pub roles: Vec<Scope>,
}

fn main() {}
