//! Declarations in a crate whose Cargo.toml renames the runtime
//! (`atlas = { package = "atlas-endpoint", … }`): this crate has no `atlas_endpoint`, so every
//! path the macros write must go through `atlas`.

use atlas::{AtlasModel, Client, Page, Result, atlas_endpoint};
use serde::{Deserialize, Serialize};

/// A team to create: Atlas's `Team`, with every property a create requires.
#[derive(Serialize, AtlasModel)]
#[atlas_model(Team)]
pub struct NewTeam {
    pub name: String,
    pub usernames: Vec<String>,
}

/// The created team, as Atlas answers it.
#[derive(Debug, Deserialize, AtlasModel)]
#[atlas_model(Team)]
pub struct Team {
    pub id: Option<String>,
    pub name: String,
}

/// One team of a listed page: Atlas's `TeamResponse`.
#[derive(Debug, Deserialize, AtlasModel)]
#[atlas_model(TeamResponse)]
pub struct TeamSummary {
    pub id: Option<String>,
    pub name: Option<String>,
}

/// Creates a team in an organization.
#[atlas_endpoint(POST, "/orgs/<orgId>/teams")]
pub async fn create_team(client: &Client, org_id: &str, #[body] team: &NewTeam) -> Result<Team>;

/// The teams of an organization, one page at a time.
#[atlas_endpoint(GET, "/orgs/<orgId>/teams")]
pub async fn list_teams(
    client: &Client,
    org_id: &str,
    #[query("itemsPerPage")] items_per_page: u32,
) -> Result<Page<TeamSummary>>;

/// Cancels one pending invitation (an operation Atlas deprecated).
#[atlas_endpoint(DELETE, "/orgs/<orgId>/invites/<invitationId>", deprecated)]
pub async fn delete_org_invite(client: &Client, org_id: &str, invitation_id: &str) -> Result<()>;
