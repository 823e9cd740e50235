use atlas_endpoint::AtlasModel;

#[derive(serde::Serialize, AtlasModel)]
#[atlas_model(Team, crate = "platform::")]
pub struct Team {
    pub name: String,
}

fn main() {}
