use atlas_endpoint::{Client, Result, atlas_endpoint};

// The catalog fills in the version and the gzip media type.
#[atlas_endpoint(GET, "/groups/<groupId>/clusters/<hostName>/logs/<logName>.gz")]
pub async fn download_cluster_log(
    client: &Client,
    group_id: &str,
    host_name: &str,
    log_name: &str,
    #[query("startDate")] start_date: Option<i64>,
) -> Result<Vec<u8>>;

#[atlas_endpoint(GET, "/orgs/<orgId>/invoices/<invoiceId>/csv")]
pub async fn get_invoice_csv(
    client: &Client,
    org_id: &str,
    invoice_id: &str,
) -> Result<atlas_endpoint::Bytes>;

/// The same csv, streamed as it arrives.
#[atlas_endpoint(GET, "/orgs/<orgId>/invoices/<invoiceId>/csv")]
pub async fn stream_invoice_csv(
    client: &Client,
    org_id: &str,
    invoice_id: &str,
) -> Result<atlas_endpoint::ByteStream>;

#[atlas_endpoint(POST, "/groups/<groupId>:migrate")]
pub async fn migrate_project(
    client: &Client,
    group_id: &str,
    #[body] request: &serde_json::Value,
) -> Result<serde_json::Value>;

/// getInvoice answers JSON or csv: a byte return asks for csv.
#[atlas_endpoint(GET, "/orgs/<orgId>/invoices/<invoiceId>")]
pub async fn get_invoice_as_csv(client: &Client, org_id: &str, invoice_id: &str)
-> Result<Vec<u8>>;

/// An endpoint newer than the catalog, with its own version and media type.
#[atlas_endpoint(
    GET,
    "/groups/<groupId>/reports/<reportName>.gz",
    unchecked,
    version = "2026-01-01",
    media = "gzip"
)]
pub async fn download_report(client: &Client, group_id: &str, report_name: &str)
-> Result<Vec<u8>>;

fn main() {
    assert_eq!(download_cluster_log::ENDPOINT.version, "2023-02-01");
    assert_eq!(
        download_cluster_log::ENDPOINT.media,
        atlas_endpoint::Media::Gzip
    );
    assert_eq!(get_invoice_csv::ENDPOINT.media, atlas_endpoint::Media::Csv);
    assert_eq!(
        stream_invoice_csv::ENDPOINT.media,
        atlas_endpoint::Media::Csv
    );
    assert_eq!(
        get_invoice_as_csv::ENDPOINT.media,
        atlas_endpoint::Media::Csv
    );
    assert_eq!(migrate_project::ENDPOINT.version, "2024-05-30");
    assert_eq!(download_report::ENDPOINT.operation, "download_report");
}
