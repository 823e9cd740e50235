use atlas_endpoint::{atlas_endpoint, Client, Result};

// Atlas serves this operation only as a preview.
#[atlas_endpoint(GET, "/orgs/<orgId>/maintenanceSettings")]
pub async fn maintenance_settings(client: &Client, org_id: &str) -> Result<serde_json::Value>;

fn main() {}
