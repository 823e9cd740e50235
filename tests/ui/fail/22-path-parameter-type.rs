use atlas_endpoint::{atlas_endpoint, Client, Result};

pub struct OrgId([u8; 12]);

#[atlas_endpoint(GET, "/orgs/<orgId>")]
pub async fn get_org(client: &Client, org_id: OrgId) -> Result<serde_json::Value>;

fn main() {}
