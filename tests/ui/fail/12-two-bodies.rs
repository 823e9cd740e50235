use atlas_endpoint::{atlas_endpoint, Client, Result};

#[atlas_endpoint(POST, "/orgs/<orgId>/invites")]
pub async fn create_org_invite(
    client: &Client,
    org_id: &str,
    #[body] invite: &serde_json::Value,
    #[body] roles: &serde_json::Value,
) -> Result<serde_json::Value>;

fn main() {}
