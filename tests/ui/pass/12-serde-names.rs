//! serde's names by direction: a body is checked by the names it sends, an answer by the names
//! it is read by (a `deserialize` rename, `alias`es, `rename_all(deserialize = …)`), so a model
//! whose read names are Atlas's but whose sent names are its own still serves answers, and an
//! enum variant may be read under several spellings.
use atlas_endpoint::{AtlasModel, Client, Page, Result, atlas_endpoint};
use serde::{Deserialize, Serialize};

/// Read from Atlas (camelCase), written to the program's own store (snake_case).
#[derive(Debug, Serialize, Deserialize, AtlasModel)]
#[atlas_model(ClusterDescription20240805)]
#[serde(rename_all(deserialize = "camelCase"))]
pub struct StoredCluster {
    pub name: Option<String>,
    pub state_name: Option<State>,
    #[serde(
        rename(serialize = "version", deserialize = "mongoDBVersion"),
        alias = "version"
    )]
    pub mongo_db_version: Option<String>,
}

#[derive(Debug, PartialEq, Serialize, Deserialize, AtlasModel)]
#[atlas_model(ClusterDescription20240805.stateName)]
pub enum State {
    #[serde(rename = "IDLE")]
    Idle,
    #[serde(rename(serialize = "CREATING", deserialize = "CREATING"))]
    Creating,
    #[serde(rename = "UPDATING", alias = "REPAIRING")]
    Busy,
    #[serde(other, skip_serializing)]
    Other,
}

/// Sent and read by the same names, one of them through `rename(serialize, deserialize)`.
#[derive(Serialize, Deserialize, AtlasModel)]
#[atlas_model(ClusterDescription20240805)]
pub struct NewCluster {
    #[serde(rename(serialize = "name", deserialize = "name"))]
    pub cluster_name: String,
    #[serde(rename = "clusterType", skip_serializing_if = "Option::is_none")]
    pub cluster_type: Option<String>,
}

#[atlas_endpoint(GET, "/groups/<groupId>/clusters")]
pub async fn list_clusters(client: &Client, group_id: &str) -> Result<Page<StoredCluster>>;

#[atlas_endpoint(POST, "/groups/<groupId>/clusters")]
pub async fn create_cluster(
    client: &Client,
    group_id: &str,
    #[body] cluster: &NewCluster,
) -> Result<serde_json::Value>;

fn main() {
    let _ = (list_clusters, create_cluster);
    let read: StoredCluster = serde_json::from_str(
        r#"{"name": "c0", "stateName": "REPAIRING", "mongoDBVersion": "8.0.4"}"#,
    )
    .unwrap();
    assert_eq!(read.state_name, Some(State::Busy));
    assert_eq!(read.mongo_db_version.as_deref(), Some("8.0.4"));
    let stored = serde_json::to_value(&read).unwrap();
    assert_eq!(stored["state_name"], "UPDATING");
    assert_eq!(stored["version"], "8.0.4");
    let again: StoredCluster = serde_json::from_value(stored).unwrap();
    assert_eq!(again.mongo_db_version.as_deref(), Some("8.0.4"));
}
