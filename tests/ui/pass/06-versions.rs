//! Pinning resource versions: an older served version, the newest one named explicitly, and a
//! preview-only operation acknowledged with `version = "preview"`.
use atlas_endpoint::{Client, Result, atlas_endpoint};

#[allow(deprecated)]
pub async fn calls(client: &Client) -> Result<()> {
    #[atlas_endpoint(
        GET,
        "/groups/<groupId>/clusters/<clusterName>",
        version = "2023-02-01"
    )]
    async fn get_cluster_2023(
        client: &Client,
        group_id: &str,
        cluster_name: &str,
    ) -> Result<serde_json::Value>;

    #[atlas_endpoint(
        GET,
        "/groups/<groupId>/clusters/<clusterName>",
        version = "2024-08-05"
    )]
    async fn get_cluster(
        client: &Client,
        group_id: &str,
        cluster_name: &str,
    ) -> Result<serde_json::Value>;

    #[atlas_endpoint(GET, "/orgs/<orgId>/maintenanceSettings", version = "preview")]
    async fn maintenance_settings(client: &Client, org_id: &str) -> Result<serde_json::Value>;

    assert_eq!(get_cluster_2023::ENDPOINT.version, "2023-02-01");
    assert_eq!(get_cluster::ENDPOINT.version, "2024-08-05");
    assert_eq!(maintenance_settings::ENDPOINT.version, "preview");
    let group = "5f1b2c3d4e5f6a7b8c9d0e1f";
    get_cluster_2023(client, group, "Cluster0").await?;
    get_cluster(client, group, "Cluster0").await?;
    maintenance_settings(client, group).await?;
    Ok(())
}

fn main() {}
