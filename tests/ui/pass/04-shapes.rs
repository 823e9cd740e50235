#![deny(warnings)]

use atlas_endpoint::{Client, Error, atlas_endpoint};

/// String and integer path parameters, a private function, a fully qualified result.
#[atlas_endpoint(GET, "/groups/<groupId>/alerts/<alertId>")]
async fn get_alert(
    client: &Client,
    group_id: String,
    alert_id: &String,
) -> Result<serde_json::Value, Error>;

/// Restricted visibility and a deprecation note.
#[atlas_endpoint(
    GET,
    "/groups/<groupId>/clusters/<clusterName>/backupCheckpoints",
    deprecated = "use the snapshot endpoints"
)]
pub(crate) async fn list_checkpoints(
    client: &Client,
    group_id: &str,
    cluster_name: &str,
) -> atlas_endpoint::Result<serde_json::Value>;

/// An endpoint with no path parameter, and query parameters named either way.
#[atlas_endpoint(GET, "/orgs")]
pub async fn list_orgs(
    client: &Client,
    #[query] name: Option<&str>,
    #[query("pageNum")] page: Option<u64>,
) -> atlas_endpoint::Result<serde_json::Value>;

/// The API root: `/api/atlas/v2` itself.
#[atlas_endpoint(GET, "/")]
pub async fn get_system_status(client: &Client) -> atlas_endpoint::Result<serde_json::Value>;

#[cfg(any())]
#[atlas_endpoint(GET, "/orgs/<orgId>")]
pub async fn compiled_out(
    client: &Client,
    org_id: &str,
) -> atlas_endpoint::Result<serde_json::Value>;

#[allow(deprecated)]
pub async fn use_them(client: &Client) -> atlas_endpoint::Result<()> {
    get_alert(
        client,
        "5f1b2c3d4e5f6a7b8c9d0e1f".to_owned(),
        &"5f1b2c3d4e5f6a7b8c9d0e1f".to_owned(),
    )
    .await?;
    list_checkpoints(client, "5f1b2c3d4e5f6a7b8c9d0e1f", "cluster0").await?;
    get_system_status(client).await?;
    list_orgs(client, Some("x"), Some(2)).await?;
    Ok(())
}

fn main() {
    assert_eq!(list_orgs::ENDPOINT.template, "/orgs");
    assert_eq!(
        list_checkpoints::ENDPOINT.deprecation,
        Some("use the snapshot endpoints")
    );
    assert!(get_system_status::ENDPOINT.pieces.is_empty());
}
