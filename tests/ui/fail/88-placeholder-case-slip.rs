use atlas_endpoint::{atlas_endpoint, Client, Result};

// `<clustername>` for `cluster_name`: the placeholder is what to fix.
#[atlas_endpoint(GET, "/groups/<groupId>/clusters/<clustername>")]
pub async fn get_cluster(client: &Client, group_id: &str, cluster_name: &str) -> Result<serde_json::Value>;

fn main() {}
