//! The fleet token cache in a real `redis-server` (the `redis` feature; the peers of
//! scripts/test): 20 processes started at once on a cold store fetch one token from the real
//! `oidc-provider`; a Redis that goes away or stops answering in the middle of a run fails no
//! call and is warned about once per client. The entry holds the token, never the secret.
#![cfg(feature = "redis")]

use atlas_endpoint::Client;
use atlas_endpoint::testing::{Emulator, EmulatorAuth, Reply};
use atlas_endpoint::token_cache::RedisTokenStore;
use atlas_prism_support::{oidc_peer_client, peer, run_children, token_requests};
use serde_json::json;

mod redis_support;
use redis_support::{
    GROUP, Relay, Warnings, fresh_namespace, list_clusters, redis_command, silent_server,
};

const CLIENT_ID: &str = "mdb_sa_id_0123456789abcdef01234567";
const SECRET: &str = "redis-token-cache-test-secret";
/// Set in the child processes the peer test starts: the store's namespace (empty: no store).
const CHILD_NAMESPACE: &str = "ATLAS_REDIS_CHILD_NAMESPACE";

#[tokio::test]
#[ignore = "needs the real peers: scripts/test starts them and runs it"]
async fn twenty_processes_on_a_cold_redis_fetch_one_token_from_oidc_provider() {
    let (Some(base), Some(redis)) = (peer("ATLAS_PEER_OAUTH_URL"), peer("ATLAS_REDIS_URL")) else {
        return;
    };
    let secret = std::env::var("ATLAS_PEER_OAUTH_CLIENT_SECRET").expect("secret");
    let namespace = fresh_namespace("oidc");

    let before = token_requests(&base).await;
    let failed = run_children(20, "one_process_one_call", CHILD_NAMESPACE, &namespace);
    let cold = token_requests(&base).await - before;
    println!(
        "redis token cache: 20 processes started at once on a cold Redis store -> {cold} token \
         request(s), {failed} failed"
    );
    assert_eq!((cold, failed), (1, 0));
    // One entry, its lock released; the token and the client id in it, not the secret.
    let keys = redis_command(&redis, &["KEYS", &format!("{namespace}:*")]);
    assert_eq!(keys.len(), 1, "{keys:?}");
    let value = redis_command(&redis, &["GET", &keys[0]]).join("\n");
    assert!(
        value.contains("access_token") && value.contains(CLIENT_ID),
        "{value}"
    );
    assert!(!value.contains(&secret));
    redis_command(&redis, &["DEL", &keys[0]]);

    let before = token_requests(&base).await;
    let failed = run_children(20, "one_process_one_call", CHILD_NAMESPACE, "");
    let uncached = token_requests(&base).await - before;
    println!(
        "redis token cache: the same 20 processes without a store -> {uncached} token requests"
    );
    assert_eq!((uncached, failed), (20, 0));
}

/// One process of the test above (ignored unless it starts it): one call through a client
/// with the Redis store.
#[tokio::test]
#[ignore = "started as a separate process by the Redis token cache test"]
async fn one_process_one_call() {
    let (Ok(namespace), Some(builder), Ok(redis)) = (
        std::env::var(CHILD_NAMESPACE),
        oidc_peer_client(),
        std::env::var("ATLAS_REDIS_URL"),
    ) else {
        return;
    };
    let builder = if namespace.is_empty() {
        builder
    } else {
        builder.token_cache(RedisTokenStore::open(&redis).unwrap().namespace(namespace))
    };
    list_clusters(&builder.build().unwrap(), GROUP)
        .await
        .unwrap();
}

/// `rounds` calls each needing a new token (the emulator forgets its tokens before each):
/// how many failed.
async fn calls_after_forgetting(emulator: &Emulator, client: &Client, rounds: usize) -> usize {
    let mut failed = 0;
    for _ in 0..rounds {
        emulator.forget_tokens();
        if list_clusters(client, GROUP).await.is_err() {
            failed += 1;
        }
    }
    failed
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

    let emulator = Emulator::start_with(EmulatorAuth::service_account(CLIENT_ID, SECRET))
        .await
        .unwrap();
    emulator.route(&list_clusters::ENDPOINT, |_| {
        Reply::json(200, &json!({ "results": [], "totalCount": 0 }))
    });
    let relay = Relay::to(&redis).await;
    let store = RedisTokenStore::open(&relay.url)
        .unwrap()
        .namespace(fresh_namespace("gone"));
    // Two clients stand for two processes: they share one token through Redis.
    let process = |store: &RedisTokenStore| {
        emulator
            .client_builder()
            .token_cache(store.clone())
            .build()
            .unwrap()
    };
    let (first, second) = (process(&store), process(&store));
    list_clusters(&first, GROUP).await.unwrap();
    list_clusters(&second, GROUP).await.unwrap();
    assert_eq!(emulator.auth_stats().token_requests, 1);

    relay.cut().await;
    let failed = calls_after_forgetting(&emulator, &first, 3).await;
    let fetched = emulator.auth_stats().token_requests - 1;
    println!(
        "redis token cache: Redis gone mid-run -> 3 calls needing a token, {failed} failed, \
         {fetched} fetched without the store, {} warning(s)",
        warnings.count("token cache unusable")
    );
    assert_eq!(
        (failed, fetched, warnings.count("token cache unusable")),
        (0, 3, 1)
    );

    let (silent, server) = silent_server().await;
    let slow = process(&RedisTokenStore::open(&silent).unwrap());
    let failed = calls_after_forgetting(&emulator, &slow, 3).await;
    println!(
        "redis token cache: a Redis that never answers -> 3 calls needing a token, {failed} \
         failed, {} warning(s) in all (one per client)",
        warnings.count("token cache unusable")
    );
    assert_eq!((failed, warnings.count("token cache unusable")), (0, 2));
    server.abort();
}
