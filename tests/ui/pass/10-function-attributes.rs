// What users put on a declaration stays theirs: doc comments and `#[doc]`, `#[allow]`, an
// active `#[cfg]`, `pub(crate)`, and a raw identifier as a query parameter (`r#type` is sent
// as `type`), all under `#![deny(warnings)]`.
#![deny(warnings)]

use atlas_endpoint::{atlas_endpoint, Client, Result};

/// Data federation databases of one project.
#[doc = "Filtered by `type` when given."]
#[allow(clippy::too_many_arguments)]
#[cfg(not(any()))]
#[atlas_endpoint(GET, "/groups/<groupId>/dataFederation")]
pub(crate) async fn list_federated_databases(client: &Client, group_id: &str, #[query] r#type: Option<&str>) -> Result<serde_json::Value>;

/// Attributes below the macro reach the function too.
#[atlas_endpoint(GET, "/groups/<groupId>/clusters/<clusterName>")]
#[allow(unused_variables)]
#[doc(alias = "getGroupCluster")]
async fn get_cluster(client: &Client, group_id: &str, cluster_name: &str) -> Result<serde_json::Value>;

pub(crate) async fn call(client: &Client) -> Result<()> {
    list_federated_databases(client, "5f1b2c3d4e5f6a7b8c9d0e1f", Some("USER")).await?;
    get_cluster(client, "5f1b2c3d4e5f6a7b8c9d0e1f", "c0").await?;
    Ok(())
}

fn main() {
    let _ = call;
    let client = Client::builder().bearer_token("t").build().unwrap();
    let request = list_federated_databases::request(&client, "5f1b2c3d4e5f6a7b8c9d0e1f", Some("USER")).unwrap();
    assert!(request.url().as_str().ends_with("/dataFederation?type=USER"), "{}", request.url());
    assert_eq!(get_cluster::ENDPOINT.operation, "getGroupCluster");
}
