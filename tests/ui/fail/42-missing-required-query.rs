use atlas_endpoint::{atlas_endpoint, Client, Result};

// listGroupContainers requires the `providerName` query parameter.
#[atlas_endpoint(GET, "/groups/<groupId>/containers")]
pub async fn list_containers(client: &Client, group_id: &str) -> Result<serde_json::Value>;

fn main() {}
