// A field read by names of its own (a deserialize rename and an alias): one of them must be a
// property of the schema when the model is read from an answer.
use atlas_endpoint::{atlas_endpoint, AtlasModel, Client, Result};
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, AtlasModel)]
#[atlas_model(ClusterDescription20240805)]
#[serde(rename_all = "camelCase")]
pub struct Cluster {
    pub name: Option<String>,
    #[serde(rename(deserialize = "state"), alias = "status")]
    pub state_name: Option<String>,
}

#[atlas_endpoint(GET, "/groups/<groupId>/clusters/<clusterName>")]
pub async fn get_cluster(client: &Client, group_id: &str, cluster_name: &str) -> Result<Cluster>;

fn main() {}
