use atlas_endpoint::AtlasModel;

#[derive(serde::Serialize, AtlasModel)]
#[atlas_model(Team, krate = "atlas_endpoint")]
pub struct Team {
    pub name: String,
}

fn main() {}
