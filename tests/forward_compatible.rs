//! Answer enums that survive a value Atlas adds later: the emulator answers a `stateName` the
//! catalog does not know, and the call decodes it into the enum's catch-all instead of failing.

use atlas_endpoint::testing::{Emulator, Reply};
use atlas_endpoint::{AtlasModel, Client, Result, atlas_endpoint};
use serde::Deserialize;
use serde_json::json;

const GROUP: &str = "65a1b2c3d4e5f6a7b8c9d0e1";

/// Atlas's cluster states, with a catch-all for the ones it adds.
#[derive(Debug, PartialEq, Deserialize, AtlasModel)]
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

/// The same, keeping the value it did not know.
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
    pub state_name: Option<State>,
}

#[derive(Deserialize, AtlasModel)]
#[atlas_model(ClusterDescription20240805)]
#[serde(rename_all = "camelCase")]
pub struct ClusterKept {
    pub state_name: Option<StateKept>,
}

#[atlas_endpoint(GET, "/groups/<groupId>/clusters/<clusterName>")]
pub async fn get_cluster(client: &Client, group_id: &str, cluster_name: &str) -> Result<Cluster>;

/// The same operation, decoded into the model that keeps unknown values.
#[atlas_endpoint(GET, "/groups/<groupId>/clusters/<clusterName>")]
pub async fn get_cluster_kept(
    client: &Client,
    group_id: &str,
    cluster_name: &str,
) -> Result<ClusterKept>;

#[tokio::test]
async fn a_state_atlas_added_later_decodes_into_the_catch_all() {
    let emulator = Emulator::start().await.unwrap();
    let answer = |state: &'static str| {
        move |_: &_| Reply::json(200, &json!({ "name": "c0", "stateName": state }))
    };
    emulator.route(&get_cluster::ENDPOINT, answer("PAUSED"));
    let client = emulator.client();
    let cluster = get_cluster(&client, GROUP, "c0").await.unwrap();
    assert_eq!(cluster.state_name, Some(State::Unknown));
    emulator.route(&get_cluster_kept::ENDPOINT, answer("PAUSED"));
    let kept = get_cluster_kept(&client, GROUP, "c0").await.unwrap();
    assert_eq!(kept.state_name, Some(StateKept::Other("PAUSED".into())));
    emulator.route(&get_cluster::ENDPOINT, answer("IDLE"));
    let known = get_cluster(&client, GROUP, "c0").await.unwrap();
    assert_eq!(
        known.state_name,
        Some(State::Idle),
        "known values as before"
    );
}
