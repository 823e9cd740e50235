use atlas_endpoint::{atlas_endpoint, Client, Result};

#[atlas_endpoint(GET, "/orgs/<orgId>/invites")]
pub async fn list_org_invites(client: &Client, org_id: &str, invitee: &str) -> Result<serde_json::Value>;

fn main() {}
