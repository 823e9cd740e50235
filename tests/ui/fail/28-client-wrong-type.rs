use atlas_endpoint::{atlas_endpoint, Result};

#[atlas_endpoint(GET, "/orgs/<orgId>")]
pub async fn get_org(client: &atlas_endpoint::reqwest::Client, org_id: &str) -> Result<serde_json::Value>;

fn main() {}
