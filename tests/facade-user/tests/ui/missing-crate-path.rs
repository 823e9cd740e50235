// This crate does not depend on atlas-endpoint: without `crate = "…"`, the macros cannot reach
// the runtime and say how to fix it, once per declaration.
use atlas_facade::atlas_endpoint::{atlas_endpoint, AtlasModel, Client, Result};

#[derive(serde::Serialize, AtlasModel)]
#[atlas_model(Team)]
pub struct NewTeam {
    pub name: String,
    pub usernames: Vec<String>,
}

#[atlas_endpoint(POST, "/orgs/<orgId>/teams")]
pub async fn create_team(client: &Client, org_id: &str, #[body] team: &NewTeam) -> Result<serde_json::Value>;

fn main() {}
