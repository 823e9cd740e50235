use atlas_endpoint::{atlas_endpoint, Client, Result};

#[atlas_endpoint(GET)]
pub async fn list_orgs(client: &Client) -> Result<serde_json::Value>;

fn main() {}
