use atlas_endpoint::{atlas_endpoint, Client};

#[atlas_endpoint(DELETE, "/orgs/<orgId>")]
pub async fn delete_org(client: &Client, org_id: &str);

fn main() {}
