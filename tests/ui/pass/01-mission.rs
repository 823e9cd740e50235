use atlas_endpoint::{Client, Result, atlas_endpoint};

/// Cancel one pending invitation to join an organization.
#[atlas_endpoint(DELETE, "/orgs/<orgId>/invites/<invitationId>", deprecated)]
pub async fn delete_org_invite(client: &Client, org_id: &str, invitation_id: &str) -> Result<()>;

#[allow(deprecated)]
pub async fn cleanup(client: &Client) -> Result<()> {
    delete_org_invite(
        client,
        "5f1b2c3d4e5f6a7b8c9d0e1f",
        "65a1b2c3d4e5f6a7b8c9d0e1",
    )
    .await
}

fn main() {
    assert_eq!(delete_org_invite::ENDPOINT.version, "2023-01-01");
    assert!(delete_org_invite::ENDPOINT.deprecation.is_some());
}
