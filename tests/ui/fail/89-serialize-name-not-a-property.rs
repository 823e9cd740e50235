// A field sent by one name and read by another: the name a body sends must be a property of
// the schema when the model is sent in a body.
use atlas_endpoint::{atlas_endpoint, AtlasModel, Client, Result};
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, AtlasModel)]
#[atlas_model(ClusterDescription20240805)]
pub struct NewCluster {
    #[serde(rename(serialize = "clusterName", deserialize = "name"))]
    pub name: String,
}

#[atlas_endpoint(POST, "/groups/<groupId>/clusters")]
pub async fn create_cluster(client: &Client, group_id: &str, #[body] cluster: &NewCluster) -> Result<()>;

fn main() {}
