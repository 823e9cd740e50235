use atlas_endpoint::{atlas_endpoint, Client, Result};

// The package name where the crate name belongs: Rust spells it with `_`.
#[atlas_endpoint(GET, "/orgs/<orgId>", crate = "platform::atlas-endpoint")]
pub async fn get_org(client: &Client, org_id: &str) -> Result<serde_json::Value>;

fn main() {}
