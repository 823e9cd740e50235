use atlas_endpoint::{atlas_endpoint, Client, Result};

pub struct Team {
    pub name: String,
}

#[atlas_endpoint(POST, "/orgs/<orgId>/teams")]
pub async fn create_team(client: &Client, org_id: &str, #[body] team: &Team) -> Result<serde_json::Value>;

fn main() {}
