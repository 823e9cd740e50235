use atlas_endpoint::{atlas_endpoint, Result};

#[atlas_endpoint(GET, "/orgs")]
pub async fn list_orgs() -> Result<serde_json::Value>;

fn main() {}
