use atlas_endpoint::{atlas_endpoint, Client, Result};

// The catalog knows the media type of its operations; an `unchecked` one must say it.
#[atlas_endpoint(GET, "/orgs/<orgId>/reports/<reportId>/csv", unchecked, version = "2026-01-01")]
pub async fn get_report_csv(client: &Client, org_id: &str, report_id: &str) -> Result<Vec<u8>>;

fn main() {}
