//! Answer enums that keep working the day Atlas adds a value: a `#[serde(other)]` unit variant
//! (skipped when serializing, so the enum can be sent too), or a `#[serde(untagged)]` variant
//! that keeps the unknown value.
use atlas_endpoint::{AtlasModel, Client, Result, atlas_endpoint};
use serde::{Deserialize, Serialize};

#[derive(Debug, PartialEq, Deserialize, Serialize, AtlasModel)]
#[atlas_model(ClusterDescription20240805.stateName)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum State {
    Idle,
    Creating,
    Updating,
    Deleting,
    Repairing,
    #[serde(other, skip_serializing)]
    Unknown,
}

#[derive(Debug, PartialEq, Deserialize, AtlasModel)]
#[atlas_model(ClusterDescription20240805.stateName)]
pub enum StateKept {
    #[serde(rename = "IDLE")]
    Idle,
    #[serde(untagged)]
    Other(String),
}

#[derive(Deserialize, AtlasModel)]
#[atlas_model(ClusterDescription20240805)]
#[serde(rename_all = "camelCase")]
pub struct Cluster {
    pub name: Option<String>,
    pub state_name: Option<State>,
}

#[atlas_endpoint(GET, "/groups/<groupId>/clusters/<clusterName>")]
pub async fn get_cluster(client: &Client, group_id: &str, cluster_name: &str) -> Result<Cluster>;

fn main() {
    let paused: State = serde_json::from_str("\"PAUSED\"").unwrap();
    assert_eq!(paused, State::Unknown);
    let idle: State = serde_json::from_str("\"IDLE\"").unwrap();
    assert_eq!(idle, State::Idle);
    let kept: StateKept = serde_json::from_str("\"PAUSED\"").unwrap();
    assert_eq!(kept, StateKept::Other("PAUSED".into()));
    assert_eq!(
        serde_json::to_string(&State::Creating).unwrap(),
        "\"CREATING\""
    );
}
