#![deny(warnings)]

use atlas_endpoint::{atlas_endpoint, Client, Error};

/// String and integer path parameters, a private function, a fully qualified result.
#[atlas_endpoint(GET, "/groups/<groupId>/alerts/<alertId>")]
async fn get_alert(client: &Client, group_id: String, alert_id: &String) -> Result<serde_json::Value, Error>;

/// Restricted visibility and a deprecation note.
#[atlas_endpoint(GET, "/groups/<groupId>/limits/<limitName>", deprecated = "use get_project_limits")]
pub(crate) async fn get_limit(client: &Client, group_id: &str, limit_name: &str) -> atlas_endpoint::Result<serde_json::Value>;

/// An endpoint with no path parameter, and a raw identifier as a query name.
#[atlas_endpoint(GET, "/orgs")]
pub async fn list_orgs(client: &Client, #[query] r#type: Option<&str>, #[query("pageNum")] page: Option<u64>) -> atlas_endpoint::Result<serde_json::Value>;

#[cfg(any())]
#[atlas_endpoint(GET, "/orgs/<orgId>")]
pub async fn compiled_out(client: &Client, org_id: &str) -> atlas_endpoint::Result<serde_json::Value>;

#[allow(deprecated)]
pub async fn use_them(client: &Client) -> atlas_endpoint::Result<()> {
    get_alert(client, "5f1b2c3d4e5f6a7b8c9d0e1f".to_owned(), &"5f1b2c3d4e5f6a7b8c9d0e1f".to_owned()).await?;
    get_limit(client, "5f1b2c3d4e5f6a7b8c9d0e1f", "atlas.project.deployment.clusters").await?;
    list_orgs(client, Some("x"), Some(2)).await?;
    Ok(())
}

fn main() {
    assert_eq!(list_orgs::ENDPOINT.template, "/orgs");
    assert_eq!(get_limit::ENDPOINT.deprecation, Some("use get_project_limits"));
}
