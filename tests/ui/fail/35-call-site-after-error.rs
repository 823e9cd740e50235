use atlas_endpoint::{atlas_endpoint, Client, Result};

#[atlas_endpoint(GET, "/orgs/<orgId")]
pub async fn get_org(client: &Client, org_id: &str) -> Result<serde_json::Value>;

// Only the declaration's error is reported: the call below still type-checks against the stub.
pub async fn caller(client: &Client) -> Result<serde_json::Value> {
    get_org(client, "5f1b2c3d4e5f6a7b8c9d0e1f").await
}

fn main() {}
