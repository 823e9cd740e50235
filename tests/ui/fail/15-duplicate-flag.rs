use atlas_endpoint::{atlas_endpoint, Client, Result};

#[atlas_endpoint(GET, "/orgs/<orgId>", version = "2023-01-01", version = "2024-08-05")]
pub async fn get_org(client: &Client, org_id: &str) -> Result<serde_json::Value>;

fn main() {}
