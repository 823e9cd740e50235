// `#[serde(transparent)]` makes the struct its one field on the wire: it cannot model an
// object schema by its field names.
use atlas_endpoint::AtlasModel;
use serde::Deserialize;

#[derive(Deserialize, AtlasModel)]
#[atlas_model(ClusterDescription20240805)]
#[serde(transparent)]
pub struct Cluster {
    pub name: String,
}

fn main() {}
