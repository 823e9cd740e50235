use atlas_endpoint::{Client, Result, atlas_endpoint};
use serde::{Deserialize, Serialize};

#[derive(Serialize)]
pub struct NewCluster {
    pub name: String,
}

#[derive(Deserialize)]
pub struct Cluster {
    pub name: String,
}

/// Every parameter role at once (`unchecked`: Atlas's createCluster has no such query parameters).
#[atlas_endpoint(POST, "/groups/<groupId>/clusters", unchecked, version = "2024-10-23")]
pub async fn create_cluster(
    client: &Client,
    group_id: &str,
    #[body] cluster: &NewCluster,
    #[query] pretty: Option<bool>,
    #[query("itemsPerPage")] per_page: u32,
    #[query] tags: Vec<String>,
    #[header("Use-Effective-Instance-Fields")] effective: Option<bool>,
) -> Result<Cluster>;

pub async fn call(client: &Client) -> Result<String> {
    let cluster = NewCluster { name: "c0".into() };
    let created = create_cluster(
        client,
        "5f1b2c3d4e5f6a7b8c9d0e1f",
        &cluster,
        None,
        10,
        vec![],
        Some(true),
    )
    .await?;
    Ok(created.name)
}

fn main() {}
