use atlas_endpoint::{atlas_endpoint, Client, Result};

// deleteOrgInvite is deprecated by Atlas: the declaration must say so.
#[atlas_endpoint(DELETE, "/orgs/<orgId>/invites/<invitationId>")]
pub async fn delete_org_invite(client: &Client, org_id: &str, invitation_id: &str) -> Result<()>;

fn main() {}
