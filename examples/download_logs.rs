//! Downloads a host's MongoDB log (`.gz`) to a file as it arrives, with a progress line: the
//! body is never held in memory, and a download that stops arriving fails after the stall
//! protection's grace period instead of hanging.
//!
//! Without Atlas credentials it runs on the embedded emulator, which serves a generated 64 MiB
//! log. With credentials in the environment (see `Client::from_env`) plus `ATLAS_GROUP_ID` and
//! `ATLAS_HOST_NAME`, it downloads that host's `mongodb` log from Atlas.
//!
//! `cargo run --example download_logs [FILE]` (default `mongodb.log.gz` in the temporary
//! directory).

use atlas_endpoint::testing::{Emulator, Reply};
use atlas_endpoint::{ByteStream, Client, Result, atlas_endpoint};
use std::io::Write as _;

#[atlas_endpoint(GET, "/groups/<groupId>/clusters/<hostName>/logs/<logName>.gz")]
pub async fn get_host_log(
    client: &Client,
    group_id: &str,
    host_name: &str,
    log_name: &str,
) -> Result<ByteStream>;

#[tokio::main]
async fn main() -> std::result::Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join("mongodb.log.gz"));
    // The emulator stays alive for the whole download when it is used.
    let (client, group, host, _emulator) = match Client::from_env() {
        Ok(client) => (
            client,
            std::env::var("ATLAS_GROUP_ID")?,
            std::env::var("ATLAS_HOST_NAME")?,
            None,
        ),
        Err(_) => {
            let emulator = Emulator::start().await?;
            emulator.route(&get_host_log::ENDPOINT, |_| {
                Reply::generated(200, "application/vnd.atlas.2023-02-01+gzip", 64 << 20)
            });
            println!(
                "no Atlas credentials: downloading a generated log from the embedded emulator"
            );
            let client = emulator.client();
            let group = "5f1b2c3d4e5f6a7b8c9d0e1f".to_owned();
            (
                client,
                group,
                "host-0.example.net".to_owned(),
                Some(emulator),
            )
        }
    };

    let log = get_host_log(&client, &group, &host, "mongodb").await?;
    let mut file = tokio::fs::File::create(&path).await?;
    let started = std::time::Instant::now();
    let mut shown = u64::MAX;
    let written = log
        .write_to(&mut file, |received, total| {
            // One line, rewritten once per MiB.
            let mib = received >> 20;
            if mib != shown {
                shown = mib;
                let total = total.map_or_else(|| "?".to_owned(), |total| (total >> 20).to_string());
                print!("\r{mib} of {total} MiB");
                let _ = std::io::stdout().flush();
            }
        })
        .await?;
    println!(
        "\nwrote {written} bytes to {} in {:.2} s",
        path.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
