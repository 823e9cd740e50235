//! Rate-limit knowledge shared through a real `redis-server` (the `redis` feature; the peers of
//! scripts/test): 4 processes × 50 concurrent calls into one bucket of 10 tokens refilled at
//! 100 a second, served by one emulator in this process, counted with and without the shared
//! store; a Redis that goes away or never answers mid-run fails no call.
#![cfg(feature = "redis")]

use atlas_endpoint::rate_limit_store::RedisRateLimitStore;
use atlas_endpoint::testing::{Emulator, Reply, TokenBucket};
use atlas_endpoint::{Client, Credentials};
use atlas_prism_support::peer;
use serde_json::json;
use std::process::{Command, Stdio};
use std::time::Duration;

mod redis_support;
use redis_support::{
    GROUP, Relay, Warnings, fresh_namespace, list_clusters, redis_command, silent_server,
};

const PROCESSES: usize = 4;
const CALLS: usize = 50;
/// Set in the child processes: the emulator's base URL, its token, and the store's namespace
/// (empty: no store).
const CHILD_BASE: &str = "ATLAS_FLEET_CHILD_BASE";
const CHILD_TOKEN: &str = "ATLAS_FLEET_CHILD_TOKEN";
const CHILD_NAMESPACE: &str = "ATLAS_FLEET_CHILD_NAMESPACE";
/// What a child prints before the number of its calls that failed.
const FAILED: &str = "fleet-child failed=";

/// An emulator whose cluster list is one bucket of 10 tokens refilled at 100 a second.
async fn limited_emulator() -> Emulator {
    let emulator = Emulator::start().await.unwrap();
    emulator.route(&list_clusters::ENDPOINT, |_| {
        Reply::json(200, &json!({ "results": [], "totalCount": 0 }))
    });
    emulator.rate_limit(
        &list_clusters::ENDPOINT,
        TokenBucket::new(10, 100, Duration::from_secs(1)),
    );
    emulator
}

/// `count` concurrent calls through `client`: how many failed.
async fn concurrent_calls(client: &Client, count: usize) -> usize {
    let mut calls = tokio::task::JoinSet::new();
    for _ in 0..count {
        let client = client.clone();
        calls.spawn(async move { list_clusters(&client, GROUP).await.is_err() });
    }
    calls
        .join_all()
        .await
        .into_iter()
        .filter(|failed| *failed)
        .count()
}

/// The 429s the emulator answered.
fn refusals(emulator: &Emulator) -> usize {
    emulator
        .requests()
        .iter()
        .filter(|request| request.status == 429)
        .count()
}

/// Runs [`PROCESSES`] child processes at once against a fresh emulator, each making [`CALLS`]
/// concurrent calls, sharing the store in `namespace` (none when empty): the calls that
/// failed and the 429s answered.
async fn fleet(namespace: &str) -> (usize, usize) {
    let emulator = limited_emulator().await;
    let exe = std::env::current_exe().unwrap();
    let children: Vec<_> = (0..PROCESSES)
        .map(|_| {
            Command::new(&exe)
                .args([
                    "--exact",
                    "one_process_fifty_calls",
                    "--ignored",
                    "--nocapture",
                ])
                .env(CHILD_BASE, emulator.base_url())
                .env(CHILD_TOKEN, emulator.token())
                .env(CHILD_NAMESPACE, namespace)
                .stdout(Stdio::piped())
                .stderr(Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    let failed = tokio::task::spawn_blocking(move || {
        children.into_iter().map(child_failures).sum::<usize>()
    })
    .await
    .unwrap();
    (failed, refusals(&emulator))
}

/// The failed calls a child reported (all of them when it reported nothing).
fn child_failures(child: std::process::Child) -> usize {
    let output = child.wait_with_output().unwrap();
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .find_map(|line| line.strip_prefix(FAILED)?.trim().parse().ok())
        .filter(|_| output.status.success())
        .unwrap_or(CALLS)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the real peers: scripts/test starts them and runs it"]
async fn four_processes_share_one_bucket_through_redis() {
    if peer("ATLAS_REDIS_URL").is_none() {
        return;
    }
    let (alone_failed, alone_refused) = fleet("").await;
    let (shared_failed, shared_refused) = fleet(&fresh_namespace("fleet")).await;
    println!(
        "redis rate-limit store: {PROCESSES} processes x {CALLS} concurrent calls, one bucket \
         of 10 refilled at 100/s -> each process alone: {alone_refused} 429s, {alone_failed} \
         failed calls; sharing the bucket through Redis: {shared_refused} 429s, \
         {shared_failed} failed calls"
    );
    assert_eq!(shared_failed, 0);
    // Before the first 429 reaches the store, each process runs into the bucket at most with
    // one round of its slow start (1, 2, 4, 8 calls): after that, none.
    assert!(shared_refused <= 4 * 8, "{shared_refused} 429s");
    assert!(
        shared_refused < alone_refused,
        "{shared_refused} vs {alone_refused}"
    );
}

/// One process of the test above (ignored unless it starts it): [`CALLS`] concurrent calls.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "started as a separate process by the fleet test"]
async fn one_process_fifty_calls() {
    let (Ok(base), Ok(token), Ok(namespace), Ok(redis)) = (
        std::env::var(CHILD_BASE),
        std::env::var(CHILD_TOKEN),
        std::env::var(CHILD_NAMESPACE),
        std::env::var("ATLAS_REDIS_URL"),
    ) else {
        return;
    };
    let builder = Client::builder()
        .base_url(base)
        .credentials(Credentials::bearer(token));
    let builder = if namespace.is_empty() {
        builder
    } else {
        builder.rate_limit_store(
            RedisRateLimitStore::open(&redis)
                .unwrap()
                .namespace(namespace),
        )
    };
    let failed = concurrent_calls(&builder.build().unwrap(), CALLS).await;
    println!("{FAILED}{failed}");
}

// A current-thread runtime: the client's tasks log on this thread, where the sink is set.
#[tokio::test(flavor = "current_thread")]
#[ignore = "needs the real peers: scripts/test starts them and runs it"]
async fn redis_gone_or_silent_mid_run_fails_no_call_and_warns_once() {
    let Some(redis) = peer("ATLAS_REDIS_URL") else {
        return;
    };
    let warnings = Warnings::default();
    let _guard = warnings.install();
    let emulator = limited_emulator().await;
    // The first answer is Atlas's 429 with the bucket's refill, so the store surely learns it
    // (the bucket alone may never run dry for one client on a loaded machine).
    let refused = json!({
        "error": 429,
        "errorCode": "RATE_LIMITED_TOKEN_BUCKET",
        "parameters": [format!("/api/atlas/v2/groups/{GROUP}/clusters"), 0.01, 10, 100, 1],
    });
    let listed = json!({ "results": [], "totalCount": 0 });
    emulator.route_sequence(
        &list_clusters::ENDPOINT,
        vec![Reply::json(429, &refused), Reply::json(200, &listed)],
    );
    let relay = Relay::to(&redis).await;
    let namespace = fresh_namespace("gone");
    let store = RedisRateLimitStore::open(&relay.url)
        .unwrap()
        .namespace(namespace.clone());
    let client = emulator
        .client_builder()
        .rate_limit_store(store)
        .build()
        .unwrap();
    let before = concurrent_calls(&client, CALLS).await;
    // The store was in use: it holds the bucket the 429s taught, and nothing went wrong yet.
    let taught = redis_command(&redis, &["KEYS", &format!("{namespace}:rate:*")]);
    assert_eq!(taught.len(), 1, "{taught:?}");
    assert_eq!(warnings.count("rate-limit store unusable"), 0);
    relay.cut().await;
    let after = concurrent_calls(&client, CALLS).await;
    let unusable = warnings.count("rate-limit store unusable");
    println!(
        "redis rate-limit store: Redis gone mid-run -> {before} + {after} failed of {} calls, \
         {unusable} warning(s)",
        2 * CALLS
    );
    assert_eq!((before, after, unusable), (0, 0, 1));

    let (silent, server) = silent_server().await;
    let slow = emulator
        .client_builder()
        .rate_limit_store(RedisRateLimitStore::open(&silent).unwrap())
        .build()
        .unwrap();
    let failed = concurrent_calls(&slow, CALLS).await;
    let unusable = warnings.count("rate-limit store unusable");
    println!(
        "redis rate-limit store: a Redis that never answers -> {failed} failed of {CALLS} \
         calls, {unusable} warning(s) in all (one per client)"
    );
    assert_eq!((failed, unusable), (0, 2));
    server.abort();
}
