use atlas_endpoint::{atlas_endpoint, Client, Result};

#[atlas_endpoint(GET, "/orgs/<orgId>")]
pub async fn get_org<T: serde::de::DeserializeOwned>(client: &Client, org_id: &str) -> Result<T>;

fn main() {}
