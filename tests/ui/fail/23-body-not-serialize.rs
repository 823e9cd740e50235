use atlas_endpoint::{atlas_endpoint, Client, Result};

pub struct Invite {
    pub username: String,
}

#[atlas_endpoint(POST, "/orgs/<orgId>/invites")]
pub async fn create_org_invite(client: &Client, org_id: &str, #[body] invite: &Invite) -> Result<serde_json::Value>;

fn main() {}
