use atlas_endpoint::{atlas_endpoint, Client, Result};

#[atlas_endpoint(DELETE, "/orgs/<orgId>/invites/<invitationId>")]
pub async fn delete_org_invite(
    client: &Client,
    org_id: &str,
    invitation_id: &str,
    #[body] reason: &serde_json::Value,
) -> Result<()>;

fn main() {}
