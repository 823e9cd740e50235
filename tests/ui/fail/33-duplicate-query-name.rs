use atlas_endpoint::{atlas_endpoint, Client, Result};

#[atlas_endpoint(GET, "/orgs")]
pub async fn list_orgs(
    client: &Client,
    #[query] page_num: Option<u32>,
    #[query("pageNum")] page: Option<u32>,
) -> Result<serde_json::Value>;

fn main() {}
