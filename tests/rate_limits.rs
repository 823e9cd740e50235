//! Rate-limit awareness against the emulator's token buckets: many concurrent calls through one
//! client, counted (429s received, calls that failed) with and without awareness. Times are
//! printed, never asserted.

use atlas_endpoint::testing::{Emulator, TokenBucket};
use atlas_endpoint::{Client, Error, Result, atlas_endpoint};
use serde_json::{Value, json};
use std::time::{Duration, Instant};

const GROUP: &str = "5f1b2c3d4e5f6a7b8c9d0e1f";
const CALLS: usize = 200;
const CAPACITY: u32 = 10;
const PER_SECOND: u32 = 100;

#[atlas_endpoint(GET, "/groups/<groupId>/clusters/<clusterName>")]
pub async fn get_cluster(client: &Client, group_id: &str, cluster_name: &str) -> Result<Value>;

#[atlas_endpoint(GET, "/groups/<groupId>/clusters")]
pub async fn list_clusters(client: &Client, group_id: &str) -> Result<Value>;

/// What a burst of concurrent calls through one client cost.
struct Burst {
    refused: usize,
    failed: usize,
    seconds: f64,
}

/// `CALLS` concurrent calls through one client against a fresh bucket of `CAPACITY` tokens
/// refilled at `PER_SECOND`.
async fn burst(aware: bool, bucket: TokenBucket) -> Burst {
    let emulator = Emulator::start().await.unwrap();
    emulator.route(&get_cluster::ENDPOINT, |_| {
        atlas_endpoint::testing::Reply::json(200, &json!({ "name": "c0" }))
    });
    emulator.rate_limit(&get_cluster::ENDPOINT, bucket);
    let client = emulator
        .client_builder()
        .rate_limit_awareness(aware)
        .build()
        .unwrap();
    let started = Instant::now();
    let tasks: Vec<_> = (0..CALLS)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { get_cluster(&client, GROUP, "c0").await })
        })
        .collect();
    let mut failed = 0;
    for task in tasks {
        if task.await.unwrap().is_err() {
            failed += 1;
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    let refused = emulator
        .requests()
        .iter()
        .filter(|request| request.status == 429)
        .count();
    Burst {
        refused,
        failed,
        seconds,
    }
}

fn bucket() -> TokenBucket {
    TokenBucket::new(CAPACITY, PER_SECOND, Duration::from_secs(1))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hundred_concurrent_calls_share_one_bucket() {
    // The bucket's own minimum: the first CAPACITY calls at once, the rest one token each.
    let minimum = f64::from(CALLS as u32 - CAPACITY) / f64::from(PER_SECOND);
    let windows = minimum.ceil() as usize;

    let aware = burst(true, bucket()).await;
    println!(
        "rate limits, {CALLS} concurrent calls, bucket of {CAPACITY} refilled at {PER_SECOND}/s, \
         with RateLimit-* headers: aware -> {} 429s, {} failed, {:.2} s (bucket minimum {minimum:.2} s)",
        aware.refused, aware.failed, aware.seconds
    );
    let blind = burst(false, bucket()).await;
    println!(
        "rate limits, same burst without awareness -> {} 429s, {} failed (retries spent), {:.2} s",
        blind.refused, blind.failed, blind.seconds
    );
    let headerless = burst(true, bucket().without_headers()).await;
    println!(
        "rate limits, same burst, aware, no RateLimit-* headers -> {} 429s, {} failed, {:.2} s",
        headerless.refused, headerless.failed, headerless.seconds
    );

    assert_eq!(aware.failed, 0, "every call succeeds");
    assert!(
        aware.refused <= windows,
        "at most one 429 per refill window: {} in {windows}",
        aware.refused
    );
    // Without awareness every call beyond the bucket runs into it at least once, and some
    // spend all their retries there.
    assert!(blind.refused >= CALLS - CAPACITY as usize - 1);
    assert!(blind.failed > 0, "retries spent without awareness");
    assert_eq!(headerless.failed, 0, "every call succeeds");
    // Without headers the probe teaches nothing; the slow start's rounds (1, 2, 4, 8) run into
    // the bucket at most once: the 429s of one round of 8, whose parameters teach the rest.
    assert!(
        headerless.refused <= 8,
        "one slow-start round at most: {}",
        headerless.refused
    );
}

#[tokio::test]
async fn other_endpoints_are_not_held_and_a_call_that_cannot_wait_is_rate_limited() {
    let emulator = Emulator::start().await.unwrap();
    let ok = |_: &_| atlas_endpoint::testing::Reply::json(200, &json!({ "results": [] }));
    emulator.route(&get_cluster::ENDPOINT, ok);
    emulator.route(&list_clusters::ENDPOINT, ok);
    // One token, back in a minute.
    emulator.rate_limit(
        &get_cluster::ENDPOINT,
        TokenBucket::new(1, 1, Duration::from_secs(60)),
    );
    let client = emulator
        .client()
        .with_timeouts(Duration::from_secs(5), Duration::from_millis(300));
    get_cluster(&client, GROUP, "c0").await.unwrap();
    // The headers said the bucket is empty: the next call goes alone to see and gets the one
    // 429 that teaches the refill; a minute is past the retry policy's longest wait, so the
    // call ends with Atlas's answer.
    let error = get_cluster(&client, GROUP, "c0").await.unwrap_err();
    assert!(error.is_code("RATE_LIMITED_TOKEN_BUCKET"), "{error}");
    // Now the client knows: the bucket refills after the call's total timeout, so the call is
    // not sent and fails at once as rate limited (not as a timeout it did not have).
    let sent = emulator.requests().len();
    let error = get_cluster(&client, GROUP, "c0").await.unwrap_err();
    assert!(matches!(error, Error::RateLimited { .. }), "{error:?}");
    assert!(error.is_rate_limited());
    assert!(error.to_string().contains("no request was sent"), "{error}");
    assert_eq!(emulator.requests().len(), sent, "a held call is not sent");
    // Another endpoint is not held.
    list_clusters(&client, GROUP).await.unwrap();
    let refused = emulator
        .requests()
        .iter()
        .filter(|request| request.status == 429)
        .count();
    assert_eq!(refused, 1);
    assert_eq!(emulator.requests().len(), sent + 1);
}

#[tokio::test]
async fn a_dropped_held_call_is_cancelled() {
    let emulator = Emulator::start().await.unwrap();
    emulator.route(&get_cluster::ENDPOINT, |_| {
        atlas_endpoint::testing::Reply::json(200, &json!({}))
    });
    // One token, back every 400 ms.
    let refill = Duration::from_millis(400);
    emulator.rate_limit(&get_cluster::ENDPOINT, TokenBucket::new(1, 1, refill));
    let client = emulator.client();
    get_cluster(&client, GROUP, "c0").await.unwrap();
    // The second call learns the refill from its 429 and succeeds at its turn.
    get_cluster(&client, GROUP, "c0").await.unwrap();
    let sent = emulator.requests().len();
    // The third is held for its turn, and dropped before it.
    let held = tokio::time::timeout(
        Duration::from_millis(100),
        get_cluster(&client, GROUP, "c0"),
    );
    assert!(held.await.is_err(), "still held when dropped");
    // Cancelled, not merely detached: its turn passes and nothing is sent for it.
    tokio::time::sleep(3 * refill).await;
    assert_eq!(
        emulator.requests().len(),
        sent,
        "a dropped held call is never sent"
    );
    // Its turn was given back: the next call goes on the refilled bucket, without a 429.
    get_cluster(&client, GROUP, "c0").await.unwrap();
    let requests = emulator.requests();
    assert_eq!(requests.len(), sent + 1);
    assert_eq!(requests[sent].status, 200);
}
