use atlas_endpoint::{atlas_endpoint, Client, Result};

#[atlas_endpoint(DELETE, "/groups/<groupId>/reports/<reportId>", unchecked, version = "2026-01-01")]
pub async fn delete_report(client: &Client, group_id: &str, report_id: &str, #[body] reason: &serde_json::Value) -> Result<()>;

fn main() {}
