#![deny(deprecated)]

use atlas_endpoint::{atlas_endpoint, Client, Result};

/// Cancel one pending invitation to join an organization.
#[atlas_endpoint(DELETE, "/orgs/<orgId>/invites/<invitationId>", deprecated)]
pub async fn delete_org_invite(client: &Client, org_id: &str, invitation_id: &str) -> Result<()>;

pub async fn cleanup(client: &Client) -> Result<()> {
    delete_org_invite(client, "5f1b2c3d4e5f6a7b8c9d0e1f", "65a1b2c3d4e5f6a7b8c9d0e1").await
}

fn main() {}
