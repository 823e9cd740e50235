// What users put on a declaration stays theirs: doc comments and `#[doc]`, `#[allow]`, an
// active `#[cfg]`, `pub(crate)`, and a raw identifier as a query parameter (`r#type` is sent
// as `type`), all under `#![deny(warnings)]`. Lint levels on a declaration reach its `request`
// builder too, and keyword properties are spelled as users spell them (`r#type`, `Schema.type`).
#![deny(warnings)]

use atlas_endpoint::{AtlasModel, Client, Result, atlas_endpoint};

/// Data federation databases of one project.
#[doc = "Filtered by `type` when given."]
#[allow(clippy::too_many_arguments)]
#[cfg(not(any()))]
#[atlas_endpoint(GET, "/groups/<groupId>/dataFederation")]
pub(crate) async fn list_federated_databases(
    client: &Client,
    group_id: &str,
    #[query] r#type: Option<&str>,
) -> Result<serde_json::Value>;

/// Attributes below the macro reach the function too.
#[atlas_endpoint(GET, "/groups/<groupId>/clusters/<clusterName>")]
#[allow(unused_variables)]
#[doc(alias = "getGroupCluster")]
async fn get_cluster(
    client: &Client,
    group_id: &str,
    cluster_name: &str,
) -> Result<serde_json::Value>;

/// A lint allowed on the declaration holds for the generated request builder as well.
#[allow(non_snake_case)]
#[atlas_endpoint(GET, "/groups/<groupId>/clusters/<clusterName>")]
pub async fn get_cluster_named(
    client: &Client,
    group_id: &str,
    clusterName: &str,
) -> Result<serde_json::Value>;

/// A property named after a keyword: the raw identifier's wire name is `type`.
#[derive(serde::Deserialize, AtlasModel)]
#[atlas_model(DBRoleToExecute)]
pub struct RoleToExecute {
    pub role: Option<String>,
    pub r#type: Option<RoleType>,
}

/// The values of that keyword property, named with `Schema.type`.
#[derive(serde::Deserialize, AtlasModel)]
#[atlas_model(DBRoleToExecute.type)]
pub enum RoleType {
    #[serde(rename = "BUILT_IN")]
    BuiltIn,
    #[serde(other)]
    Other,
}

pub(crate) async fn call(client: &Client) -> Result<()> {
    list_federated_databases(client, "5f1b2c3d4e5f6a7b8c9d0e1f", Some("USER")).await?;
    get_cluster(client, "5f1b2c3d4e5f6a7b8c9d0e1f", "c0").await?;
    Ok(())
}

fn main() {
    let _ = call;
    let _ = get_cluster_named::request(&client_for_lints(), "5f1b2c3d4e5f6a7b8c9d0e1f", "c0");
    let role: RoleToExecute = serde_json::from_str(r#"{"role": "r", "type": "BUILT_IN"}"#).unwrap();
    assert!(matches!(role.r#type, Some(RoleType::BuiltIn)) && role.role.as_deref() == Some("r"));
    let client = Client::builder().bearer_token("t").build().unwrap();
    let request =
        list_federated_databases::request(&client, "5f1b2c3d4e5f6a7b8c9d0e1f", Some("USER"))
            .unwrap();
    assert!(
        request
            .url()
            .as_str()
            .ends_with("/dataFederation?type=USER"),
        "{}",
        request.url()
    );
    assert_eq!(get_cluster::ENDPOINT.operation, "getGroupCluster");
}

fn client_for_lints() -> Client {
    Client::builder().bearer_token("t").build().unwrap()
}
