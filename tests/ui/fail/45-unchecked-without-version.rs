use atlas_endpoint::{atlas_endpoint, Client, Result};

#[atlas_endpoint(POST, "/groups/<groupId>/clusters/<clusterName>:hibernate", unchecked)]
pub async fn hibernate_cluster(client: &Client, group_id: &str, cluster_name: &str) -> Result<()>;

fn main() {}
