use atlas_endpoint::{atlas_endpoint, Client, Result};

#[atlas_endpoint(GET, "/orgs/<orgId>/invoices/<invoiceId>/csv")]
pub async fn get_invoice_csv(client: &Client, org_id: &str, invoice_id: &str) -> Result<Vec<u8>>;

fn main() {}
