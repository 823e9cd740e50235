//! Rate-limit knowledge shared through a store, against the emulator's token buckets:
//! clients sharing an in-process store hold their calls against one bucket, and a store whose
//! entries were planted neither wedges nor refuses a call. (Its own test binary: the bursts of
//! tests/rate_limits.rs count 429s and must not share the machine with these.)

use atlas_endpoint::rate_limit_store::{
    BucketKey, InProcessRateLimitStore, Lesson, RateLimitStore, StoreFuture, Take,
};
use atlas_endpoint::testing::{Emulator, Reply, TokenBucket};
use atlas_endpoint::{Client, Result, atlas_endpoint};
use serde_json::{Value, json};
use std::time::Duration;

const GROUP: &str = "5f1b2c3d4e5f6a7b8c9d0e1f";
const CAPACITY: u32 = 10;
const PER_SECOND: u32 = 100;

#[atlas_endpoint(GET, "/groups/<groupId>/clusters/<clusterName>")]
pub async fn get_cluster(client: &Client, group_id: &str, cluster_name: &str) -> Result<Value>;

/// An emulator serving `get_cluster`, rate-limited by `bucket` if given.
async fn emulator(bucket: Option<TokenBucket>) -> Emulator {
    let emulator = Emulator::start().await.unwrap();
    emulator.route(&get_cluster::ENDPOINT, |_| {
        Reply::json(200, &json!({ "name": "c0" }))
    });
    if let Some(bucket) = bucket {
        emulator.rate_limit(&get_cluster::ENDPOINT, bucket);
    }
    emulator
}

/// `clients` clients, each with its own rate-limit mirror and `store` if given, each making
/// `calls` concurrent calls into one fresh bucket: the 429s answered and the calls that failed.
async fn clients_into_one_bucket(
    clients: usize,
    calls: usize,
    store: Option<&InProcessRateLimitStore>,
) -> (usize, usize) {
    let bucket = TokenBucket::new(CAPACITY, PER_SECOND, Duration::from_secs(1));
    let emulator = emulator(Some(bucket)).await;
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..clients {
        let builder = emulator.client_builder();
        let client = match store {
            Some(store) => builder.rate_limit_store(store.clone()),
            None => builder,
        }
        .build()
        .unwrap();
        for _ in 0..calls {
            let client = client.clone();
            tasks.spawn(async move { get_cluster(&client, GROUP, "c0").await.is_err() });
        }
    }
    let failed = tasks.join_all().await.into_iter().filter(|f| *f).count();
    let refused = emulator
        .requests()
        .iter()
        .filter(|request| request.status == 429)
        .count();
    (refused, failed)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn clients_sharing_a_store_hold_their_calls_against_one_bucket() {
    let (alone_refused, alone_failed) = clients_into_one_bucket(4, 50, None).await;
    let store = InProcessRateLimitStore::new();
    let (shared_refused, shared_failed) = clients_into_one_bucket(4, 50, Some(&store)).await;
    println!(
        "rate limits, 4 clients x 50 concurrent calls into one bucket of {CAPACITY} refilled at \
         {PER_SECOND}/s: each client alone -> {alone_refused} 429s, {alone_failed} failed; \
         sharing an in-process store -> {shared_refused} 429s, {shared_failed} failed"
    );
    assert_eq!(shared_failed, 0);
    assert!(
        shared_refused < alone_refused,
        "{shared_refused} vs {alone_refused}"
    );
}

/// A store whose entries were planted: every slot a year away, whatever was asked.
#[derive(Debug)]
struct Planted(fn(Duration) -> Take);

impl RateLimitStore for Planted {
    fn take<'a>(&'a self, _: &'a BucketKey, _: Duration) -> StoreFuture<'a, Take> {
        let year = Duration::from_secs(365 * 24 * 3600);
        let answer = (self.0)(year);
        Box::pin(async move { Ok(answer) })
    }

    fn learn<'a>(&'a self, _: &'a BucketKey, _: Lesson) -> StoreFuture<'a, ()> {
        Box::pin(async { Ok(()) })
    }
}

#[tokio::test]
async fn a_planted_store_entry_neither_wedges_nor_refuses_a_call() {
    let emulator = emulator(None).await;
    for planted in [Planted(Take::After), Planted(Take::TooLate)] {
        // Were the year believed, the call would time out or be refused as rate-limited.
        let client = emulator
            .client_builder()
            .total_timeout(Duration::from_secs(30))
            .rate_limit_store(planted)
            .build()
            .unwrap();
        get_cluster(&client, GROUP, "c0").await.unwrap();
    }
}
