use atlas_endpoint::{atlas_endpoint, Client, Result};

#[atlas_endpoint(GET, "/groups/<groupId>/reports", unchecked, version = "2026-01-01")]
pub async fn list_reports(client: &Client, group_id: &str, #[body] filter: &serde_json::Value) -> Result<serde_json::Value>;

fn main() {}
