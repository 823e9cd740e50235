use atlas_endpoint::AtlasModel;
use serde::Serialize;

#[derive(Serialize, AtlasModel)]
#[atlas_model(DatabaseUserRole)]
#[serde(rename_all = "camelCase")]
pub struct Role {
    pub database_name: String,
    pub role_name: String,
}

#[derive(Serialize, AtlasModel)]
#[atlas_model(CloudDatabaseUser)]
#[serde(rename_all = "camelCase")]
pub struct NewUser {
    pub roles: Role,
}

fn main() {}
