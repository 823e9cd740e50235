use atlas_endpoint::{atlas_endpoint, Client, Result};

pub struct Paging {
    pub page: u32,
}

#[atlas_endpoint(GET, "/orgs")]
pub async fn list_orgs(client: &Client, #[query("pageNum")] paging: Paging) -> Result<serde_json::Value>;

fn main() {}
