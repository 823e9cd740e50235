//! A service's declarations, written against the facade: `atlas_endpoint` is not a dependency
//! of this crate, so each attribute names the runtime through the facade's re-export.

use atlas_facade::atlas_endpoint::{AtlasModel, Client, Result, atlas_endpoint};
use serde::{Deserialize, Serialize};

/// A team to create: Atlas's `Team`.
#[derive(Serialize, AtlasModel)]
#[atlas_model(Team, crate = "atlas_facade::atlas_endpoint")]
pub struct NewTeam {
    pub name: String,
    pub usernames: Vec<String>,
}

/// The created team, as Atlas answers it.
#[derive(Debug, Deserialize, AtlasModel)]
#[atlas_model(Team, crate = "atlas_facade::atlas_endpoint")]
pub struct CreatedTeam {
    pub id: Option<String>,
    pub name: String,
}

/// One team, as Atlas answers it: Atlas's `TeamResponse`.
#[derive(Debug, Deserialize, AtlasModel)]
#[atlas_model(TeamResponse, crate = "atlas_facade::atlas_endpoint")]
pub struct Team {
    pub id: Option<String>,
    pub name: Option<String>,
}

/// Creates a team in an organization.
#[atlas_endpoint(POST, "/orgs/<orgId>/teams", crate = "atlas_facade::atlas_endpoint")]
pub async fn create_team(
    client: &Client,
    org_id: &str,
    #[body] team: &NewTeam,
) -> Result<CreatedTeam>;

/// One team of an organization.
#[atlas_endpoint(
    GET,
    "/orgs/<orgId>/teams/<teamId>",
    crate = "atlas_facade::atlas_endpoint"
)]
pub async fn get_team(client: &Client, org_id: &str, team_id: &str) -> Result<Team>;

/// The service's project declarations, in a module of their own.
pub mod projects {
    use atlas_facade::atlas_endpoint::{Client, Result, atlas_endpoint};

    /// One project, as Atlas answers it.
    #[atlas_endpoint(GET, "/groups/<groupId>", crate = "atlas_facade::atlas_endpoint")]
    pub async fn get_project(client: &Client, group_id: &str) -> Result<serde_json::Value>;
}
