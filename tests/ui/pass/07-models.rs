//! Every supported model shape: nested models, `Vec`, `Option`, `Box`, maps, `flatten`, renames,
//! skipped fields, string enums of a schema and of a property, unions, scalar newtypes, lifetimes,
//! and endpoints tied to them (body, answer, page, query values).
use atlas_endpoint::{AtlasModel, Client, Page, Result, atlas_endpoint};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

#[derive(Debug, Serialize, Deserialize, AtlasModel)]
#[atlas_model(DatabaseUserRole)]
#[serde(rename_all = "camelCase")]
pub struct Role {
    pub database_name: String,
    pub role_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub collection_name: Option<String>,
}

/// A create body: every required property, borrowed strings, a skipped helper field.
#[derive(Serialize, AtlasModel)]
#[atlas_model(CloudDatabaseUser)]
#[serde(rename_all = "camelCase")]
pub struct NewUser<'a> {
    pub database_name: &'a str,
    pub group_id: &'a str,
    pub username: &'a str,
    pub password: String,
    pub roles: Vec<Role>,
    #[serde(rename = "awsIAMType")]
    pub aws_iam_type: AwsIamType,
    #[serde(skip)]
    pub local_note: String,
}

/// A string enum property, modelled by its values.
#[derive(Debug, Serialize, Deserialize, AtlasModel)]
#[atlas_model(CloudDatabaseUser.awsIAMType)]
#[serde(rename_all = "UPPERCASE")]
pub enum AwsIamType {
    None,
    User,
    Role,
}

/// An answer: optional fields, nested models, a map, a flattened remainder.
#[derive(Debug, Deserialize, AtlasModel)]
#[atlas_model(ClusterDescription20240805)]
#[serde(rename_all = "camelCase")]
pub struct Cluster {
    pub name: Option<String>,
    #[serde(rename = "mongoDBVersion")]
    pub mongo_db_version: Option<String>,
    pub state_name: Option<State>,
    pub paused: Option<bool>,
    pub replication_specs: Option<Vec<ReplicationSpec>>,
    pub connection_strings: Option<Box<ConnectionStrings>>,
    #[serde(default)]
    pub tags: Vec<serde_json::Value>,
    #[serde(flatten)]
    pub rest: HashMap<String, serde_json::Value>,
}

#[derive(Debug, Deserialize, AtlasModel)]
#[atlas_model(ClusterDescription20240805.stateName)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum State {
    Idle,
    Creating,
    Updating,
    Deleting,
    Repairing,
}

#[derive(Debug, Deserialize, AtlasModel)]
#[atlas_model(ReplicationSpec20240805)]
#[serde(rename_all = "camelCase")]
pub struct ReplicationSpec {
    pub zone_name: Option<String>,
}

#[derive(Debug, Default, Deserialize, AtlasModel)]
#[atlas_model(ClusterConnectionStrings)]
#[serde(rename_all = "camelCase", default)]
pub struct ConnectionStrings {
    pub standard_srv: String,
}

/// A union, each variant a model of one of its variants.
#[derive(Debug, Deserialize, AtlasModel)]
#[atlas_model(BaseNetworkPeeringConnectionSettings)]
#[serde(tag = "providerName")]
pub enum Peering {
    #[serde(rename = "AWS")]
    Aws(AwsPeering),
}

#[derive(Debug, Deserialize, AtlasModel)]
#[atlas_model(AwsNetworkPeeringConnectionSettings)]
#[serde(rename_all = "camelCase")]
pub struct AwsPeering {
    pub vpc_id: String,
    pub container_id: String,
}

/// A newtype sent as a string.
#[derive(Debug, Serialize, AtlasModel)]
#[atlas_model(string)]
pub struct ClusterName(pub String);

#[atlas_endpoint(POST, "/groups/<groupId>/databaseUsers")]
pub async fn create_database_user(
    client: &Client,
    group_id: &str,
    #[body] user: &NewUser<'_>,
) -> Result<serde_json::Value>;

#[atlas_endpoint(GET, "/groups/<groupId>/clusters")]
pub async fn list_clusters(
    client: &Client,
    group_id: &str,
    #[query] include_count: Option<bool>,
    #[query("itemsPerPage")] per_page: Option<u32>,
) -> Result<Page<Cluster>>;

#[atlas_endpoint(GET, "/groups/<groupId>/clusters/<clusterName>")]
pub async fn get_cluster(client: &Client, group_id: &str, cluster_name: &str) -> Result<Cluster>;

#[atlas_endpoint(GET, "/groups/<groupId>/peers/<peerId>")]
pub async fn get_peering(client: &Client, group_id: &str, peer_id: &str) -> Result<Peering>;

fn main() {}
