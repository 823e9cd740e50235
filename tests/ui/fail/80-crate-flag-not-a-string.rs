use atlas_endpoint::{atlas_endpoint, Client, Result};

#[atlas_endpoint(GET, "/orgs/<orgId>", crate = atlas_endpoint)]
pub async fn get_org(client: &Client, org_id: &str) -> Result<serde_json::Value>;

fn main() {}
