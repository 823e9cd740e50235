use atlas_endpoint::{atlas_endpoint, AtlasModel, Client, Result};

#[derive(serde::Serialize, AtlasModel)]
#[atlas_model(Team, crate = "platform::atlas_endpoint")]
pub struct Team {
    pub name: String,
}

#[atlas_endpoint(POST, "/orgs/<orgId>/teams", crate = "platform::atlas_endpoint")]
pub async fn create_team(client: &Client, org_id: &str, #[body] team: &Team) -> Result<serde_json::Value>;

fn main() {}
