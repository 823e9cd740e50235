use atlas_endpoint::{atlas_endpoint, Client, Result};

#[atlas_endpoint(GET, "/groups/<groupId>/clusters/<hostName>/logs/<logName>.gz", version = "2023-02-01", media = "gzip")]
pub async fn download_cluster_log(
    client: &Client,
    group_id: &str,
    host_name: &str,
    log_name: &str,
    #[query("startDate")] start_date: Option<i64>,
) -> Result<Vec<u8>>;

#[atlas_endpoint(GET, "/orgs/<orgId>/invoices/<invoiceId>/csv", media = "csv")]
pub async fn get_invoice_csv(client: &Client, org_id: &str, invoice_id: &str) -> Result<atlas_endpoint::Bytes>;

#[atlas_endpoint(POST, "/groups/<groupId>:migrate", version = "2023-01-01")]
pub async fn migrate_project(client: &Client, group_id: &str, #[body] request: &serde_json::Value) -> Result<serde_json::Value>;

fn main() {}
