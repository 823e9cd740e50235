//! Streamed downloads against the emulator: a gigabyte log streams to a sink in bounded memory
//! (the process's peak resident size, measured), a body that stalls fails with a stall error,
//! and a retried download delivers its body once, from the start.
#![cfg(feature = "testing")]

use atlas_endpoint::testing::{Emulator, Fault, Reply};
use atlas_endpoint::{
    ByteStream, Bytes, Client, Error, Result, RetryPolicy, StallProtection, TryStreamExt,
    atlas_endpoint,
};
use std::time::Duration;

const GROUP: &str = "5f1b2c3d4e5f6a7b8c9d0e1f";
const GZIP: &str = "application/vnd.atlas.2023-02-01+gzip";

#[atlas_endpoint(GET, "/groups/<groupId>/clusters/<hostName>/logs/<logName>.gz")]
async fn get_host_log(
    client: &Client,
    group_id: &str,
    host_name: &str,
    log_name: &str,
) -> Result<Bytes>;

/// The same operation declared to stream its body.
#[atlas_endpoint(GET, "/groups/<groupId>/clusters/<hostName>/logs/<logName>.gz")]
async fn stream_host_log(
    client: &Client,
    group_id: &str,
    host_name: &str,
    log_name: &str,
) -> Result<ByteStream>;

async fn download(client: &Client) -> Result<ByteStream> {
    stream_host_log(client, GROUP, "host-0.example.net", "mongodb").await
}

/// The peak resident size of this process in KiB, after resetting it to the current size
/// (Linux: `/proc/self/clear_refs`, then `VmHWM`); `None` elsewhere.
fn reset_peak() -> Option<u64> {
    std::fs::write("/proc/self/clear_refs", "5").ok()?;
    peak()
}

fn peak() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))?
        .trim()
        .trim_end_matches(" kB")
        .parse()
        .ok()
}

#[tokio::test]
async fn a_gigabyte_log_streams_to_a_sink_in_bounded_memory() {
    const LENGTH: u64 = 1 << 30;
    let emulator = Emulator::start().await.unwrap();
    emulator.route(&get_host_log::ENDPOINT, |_| {
        Reply::generated(200, GZIP, LENGTH)
    });
    let client = emulator.client();
    let before = reset_peak();
    // Prepared and sent by hand here (the other tests call the declaration that streams).
    let request = get_host_log::request(&client, GROUP, "host-0.example.net", "mongodb").unwrap();
    let stream = client.download(request).await.unwrap();
    assert_eq!(stream.content_length(), Some(LENGTH));
    let mut progress_calls = 0u64;
    let mut last = 0;
    let written = stream
        .write_to(&mut tokio::io::sink(), |received, total| {
            assert_eq!(total, Some(LENGTH));
            assert!(received > last, "progress only grows");
            last = received;
            progress_calls += 1;
        })
        .await
        .unwrap();
    assert_eq!(written, LENGTH);
    assert_eq!(last, LENGTH);
    match (before, peak()) {
        (Some(before), Some(after)) => {
            let growth = after.saturating_sub(before);
            println!(
                "download: 1 GiB streamed to a sink, {progress_calls} progress calls, peak resident size grew by {:.1} MiB",
                growth as f64 / 1024.0
            );
            assert!(growth < 64 * 1024, "peak memory grew by {growth} KiB");
        }
        _ => println!("download: peak memory not measurable on this system (no /proc)"),
    }
}

#[tokio::test]
async fn a_body_that_stalls_fails_after_the_grace_period() {
    let emulator = Emulator::start().await.unwrap();
    emulator.route(&get_host_log::ENDPOINT, |_| {
        Reply::generated(200, GZIP, 8 << 20).fault(Fault::StallAfter(1 << 20))
    });
    let grace = Duration::from_millis(300);
    let client = emulator
        .client_builder()
        .stall_protection(StallProtection::new(1024, grace))
        .build()
        .unwrap();
    let mut stream = download(&client).await.unwrap();
    let mut received = 0;
    let error = loop {
        match stream.try_next().await {
            Ok(Some(chunk)) => received += chunk.len(),
            Ok(None) => panic!("the stalled body ended"),
            Err(error) => break error,
        }
    };
    assert_eq!(received, 1 << 20, "everything before the stall arrived");
    let Error::Stalled {
        received: counted,
        grace: measured,
        ..
    } = &error
    else {
        panic!("{error:?}");
    };
    assert_eq!((*counted, *measured), (1 << 20, grace));
    assert!(error.to_string().contains("stalled"), "{error}");
    assert!(
        stream.try_next().await.unwrap().is_none(),
        "the stream ended"
    );
}

#[tokio::test]
async fn a_retried_download_delivers_its_body_once_from_the_start() {
    let emulator = Emulator::start().await.unwrap();
    let body = Bytes::from_static(b"line 1\nline 2\nline 3\n");
    emulator.route_sequence(
        &get_host_log::ENDPOINT,
        vec![
            Reply::atlas_error(503, "SERVICE_UNAVAILABLE", "Try again."),
            Reply::raw(200, Some(GZIP), body.clone()),
        ],
    );
    let client = emulator
        .client()
        .with_retry(RetryPolicy::default().base_delay(Duration::from_millis(1)));
    let stream = download(&client).await.unwrap();
    let mut written = Vec::new();
    stream.write_to(&mut written, |_, _| {}).await.unwrap();
    assert_eq!(written, body.as_ref(), "once, from the first byte");
    assert_eq!(emulator.requests().len(), 2);

    // A body cut off half-way, after its head, fails the stream (the call had returned);
    // calling again starts over from the first byte.
    const LENGTH: u64 = 8 << 20;
    emulator.route_sequence(
        &get_host_log::ENDPOINT,
        vec![
            Reply::generated(200, GZIP, LENGTH).fault(Fault::TruncatedBody),
            Reply::generated(200, GZIP, LENGTH),
        ],
    );
    let mut cut = download(&client).await.unwrap();
    let mut received = 0;
    let error = loop {
        match cut.try_next().await {
            Ok(Some(chunk)) => received += chunk.len() as u64,
            Ok(None) => panic!("the cut body ended cleanly"),
            Err(error) => break error,
        }
    };
    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
    // Up to the half the server sent (a reset may discard what was still in flight).
    assert!(received > 0 && received <= LENGTH / 2, "{received}");
    let again = download(&client)
        .await
        .unwrap()
        .write_to(&mut tokio::io::sink(), |_, _| {})
        .await
        .unwrap();
    assert_eq!(again, LENGTH, "the whole body, once");
}

#[tokio::test]
async fn a_refused_download_is_a_typed_error_with_the_body() {
    let emulator = Emulator::start().await.unwrap();
    emulator.route(&get_host_log::ENDPOINT, |_| {
        Reply::atlas_error(404, "LOG_NOT_FOUND", "No such log.")
    });
    let error = download(&emulator.client()).await.unwrap_err();
    assert!(error.is_code("LOG_NOT_FOUND"), "{error:?}");
}
