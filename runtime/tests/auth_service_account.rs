//! Service accounts against the emulator's token endpoint, over loopback HTTP: one token for
//! many concurrent calls, refresh across short lifetimes, retry after a refused token, 429s
//! from the token endpoint, bad credentials, eager checks and revocation.
#![cfg(feature = "testing")]

use atlas_endpoint::testing::{Emulator, EmulatorAuth, Reply};
use atlas_endpoint::{Client, Credentials, Error, Result, atlas_endpoint};
use serde_json::json;
use std::time::{Duration, Instant};

const GROUP: &str = "65a1b2c3d4e5f6a7b8c9d0e1";
const CLIENT_ID: &str = "mdb_sa_id_6789";
const CLIENT_SECRET: &str = "mdb_sa_sk_SECRET-never-printed";

/// Return all clusters in one project.
#[atlas_endpoint(GET, "/groups/<groupId>/clusters")]
async fn list_clusters(client: &Client, group_id: &str) -> Result<serde_json::Value>;

async fn emulator(lifetime: Duration) -> Emulator {
    let emulator = Emulator::start_with(EmulatorAuth::ServiceAccount {
        client_id: CLIENT_ID.into(),
        client_secret: CLIENT_SECRET.into(),
        token_lifetime: lifetime,
    })
    .await
    .expect("bind loopback");
    emulator.route(&list_clusters::ENDPOINT, |_| {
        Reply::json(200, &json!({"results": [], "totalCount": 0}))
    });
    emulator
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sixty_four_concurrent_calls_on_a_cold_client_fetch_one_token() {
    let emulator = emulator(Duration::from_secs(3600)).await;
    let client = emulator.client();
    let calls = (0..64).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { list_clusters(&client, GROUP).await })
    });
    let mut failures = 0;
    for call in calls.collect::<Vec<_>>() {
        if !matches!(call.await, Ok(Ok(_))) {
            failures += 1;
        }
    }
    let stats = emulator.auth_stats();
    println!(
        "64 concurrent calls on a cold client: {} token request(s), {failures} failed, {} refused",
        stats.token_requests, stats.rejected
    );
    assert_eq!(stats.token_requests, 1);
    assert_eq!(failures, 0);
    assert_eq!(stats.rejected, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn calls_across_short_lifetimes_fetch_one_token_per_lifetime() {
    let lifetime = Duration::from_secs(2);
    let emulator = emulator(lifetime).await;
    let client = emulator.client();
    let mut calls = 0;
    // Calls until the emulator (not the test) has issued four tokens: at least three refresh
    // periods, by the server's clock.
    while emulator.token_issue_times().len() < 4 {
        let (first, second) =
            tokio::join!(list_clusters(&client, GROUP), list_clusters(&client, GROUP));
        first.expect("call");
        second.expect("call");
        calls += 2;
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let stats = emulator.auth_stats();
    let requests = emulator.requests();
    let token_requests: Vec<Instant> = requests
        .iter()
        .filter(|request| request.path == "/api/oauth/token")
        .map(|request| request.received)
        .collect();
    let issued = emulator.token_issue_times();
    // The client counts a second less than `expires_in` (1 s here) and refreshes once less
    // than min(60 s, a fifth of that) = 0.2 s remains: every 0.8 s.
    let period = Duration::from_millis(800);
    let gaps: Vec<Duration> = token_requests
        .windows(2)
        .map(|pair| pair[1].duration_since(pair[0]))
        .collect();
    println!(
        "{calls} calls with 2 s tokens: {} token requests, gaps between them {gaps:.2?} (the server's clock), 0 failed, {} refused",
        stats.token_requests, stats.rejected
    );
    assert_eq!(
        stats.rejected, 0,
        "no call was ever sent with an expired token"
    );
    assert_eq!(
        token_requests.len(),
        issued.len(),
        "every token request got a token"
    );
    // Never early: the client dates a token from when it sent the request, which the server
    // saw no sooner, so the next request reaches the server at least one refresh period after
    // the previous one did, less the previous request's own trip (the time the server took to
    // issue the token bounds it).
    for (index, gap) in gaps.iter().enumerate() {
        let trip = issued[index].duration_since(token_requests[index]);
        assert!(
            *gap + trip + Duration::from_millis(5) >= period,
            "token {} was requested {gap:?} after the previous one",
            index + 2
        );
    }
}

#[tokio::test]
async fn a_refused_cached_token_is_replaced_once() {
    let emulator = emulator(Duration::from_secs(3600)).await;
    let client = emulator.client();
    list_clusters(&client, GROUP).await.expect("first call");
    emulator.forget_tokens();
    list_clusters(&client, GROUP).await.expect("retried call");
    let stats = emulator.auth_stats();
    println!(
        "refused cached token: {} token requests, {} refusal(s), call succeeded",
        stats.token_requests, stats.rejected
    );
    assert_eq!(stats.token_requests, 2);
    assert_eq!(stats.rejected, 1);
}

#[tokio::test]
async fn rate_limited_token_endpoint_is_waited_out() {
    let emulator = emulator(Duration::from_secs(3600)).await;
    emulator.rate_limit_token_endpoint(2, 1);
    let client = emulator.client();
    list_clusters(&client, GROUP)
        .await
        .expect("call after 429s");
    let asked: Vec<(u16, Instant)> = emulator
        .requests()
        .iter()
        .filter(|request| request.path == "/api/oauth/token")
        .map(|request| (request.status, request.received))
        .collect();
    let gaps: Vec<Duration> = asked
        .windows(2)
        .map(|pair| pair[1].1.duration_since(pair[0].1))
        .collect();
    println!("two 429s with Retry-After: 1 → token requests {asked:?}, gaps {gaps:.2?}");
    let statuses: Vec<u16> = asked.iter().map(|(status, _)| *status).collect();
    assert_eq!(statuses, [429, 429, 200]);
    // Each Retry-After was waited out, by the emulator's clock.
    assert!(
        gaps.iter().all(|gap| *gap >= Duration::from_secs(1)),
        "{gaps:?}"
    );
}

#[tokio::test]
async fn a_wrong_secret_is_an_auth_error_with_invalid_client() {
    let emulator = emulator(Duration::from_secs(3600)).await;
    let builder = Client::builder()
        .base_url(emulator.base_url())
        .credentials(Credentials::service_account(CLIENT_ID, "wrong-secret-xyz"));
    let error = builder.build_checked().await.expect_err("refused");
    println!("wrong secret: {error}");
    assert!(error.is_auth(), "{error:?}");
    assert_eq!(error.auth_code(), Some("invalid_client"));
    assert_eq!(error.status().map(|status| status.as_u16()), Some(401));
    let Error::Auth { response, .. } = &error else {
        unreachable!("checked above");
    };
    let body = response.as_ref().map(|response| response.body.clone());
    assert!(body.is_some_and(|body| body.starts_with(b"{\"error\"")));
    assert!(!format!("{error} {error:?}").contains("wrong-secret-xyz"));

    let client = Client::builder()
        .base_url(emulator.base_url())
        .credentials(Credentials::service_account(CLIENT_ID, "wrong-secret-xyz"))
        .build()
        .expect("builds");
    let error = list_clusters(&client, GROUP).await.expect_err("refused");
    assert_eq!(error.auth_code(), Some("invalid_client"), "{error:?}");
}

#[tokio::test]
async fn eager_check_and_revocation() {
    let emulator = emulator(Duration::from_secs(3600)).await;
    let client = emulator
        .client_builder()
        .build_checked()
        .await
        .expect("good credentials");
    assert_eq!(emulator.auth_stats().token_requests, 1);
    list_clusters(&client, GROUP).await.expect("call");
    assert_eq!(emulator.auth_stats().token_requests, 1);
    client.revoke_token().await.expect("revoked");
    assert_eq!(emulator.auth_stats().tokens_revoked, 1);
    list_clusters(&client, GROUP)
        .await
        .expect("call after revocation");
    let stats = emulator.auth_stats();
    assert_eq!(stats.token_requests, 2);
    assert_eq!(stats.rejected, 0);
    let revoke = emulator
        .requests()
        .into_iter()
        .find(|request| request.path == "/api/oauth/revoke")
        .expect("a revocation request");
    assert!(
        String::from_utf8_lossy(revoke.raw_body()).starts_with("token=emulator-sa-"),
        "{revoke:?}"
    );
}

#[tokio::test]
async fn the_token_request_is_client_credentials_with_basic_auth() {
    let emulator = emulator(Duration::from_secs(3600)).await;
    emulator.client().check_credentials().await.expect("token");
    let token = emulator
        .requests()
        .into_iter()
        .find(|request| request.path == "/api/oauth/token")
        .expect("a token request");
    assert_eq!(token.method, "POST");
    assert_eq!(token.raw_body().as_ref(), b"grant_type=client_credentials");
    assert_eq!(token.header("accept"), Some("application/json"));
    assert_eq!(
        token.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert!(
        token
            .header("authorization")
            .is_some_and(|value| value.starts_with("Basic "))
    );
}

#[tokio::test]
async fn a_cancelled_call_does_not_cancel_the_token_fetch() {
    let emulator = emulator(Duration::from_secs(3600)).await;
    let client = emulator.client();
    let cancelled = tokio::time::timeout(Duration::from_micros(1), list_clusters(&client, GROUP));
    assert!(cancelled.await.is_err(), "cancelled before the answer");
    list_clusters(&client, GROUP).await.expect("call");
    assert_eq!(emulator.auth_stats().token_requests, 1);
}

#[test]
fn a_fetch_that_died_with_its_runtime_is_started_again() {
    let runtime = || {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime")
    };
    let server = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("server runtime");
    let emulator = server.block_on(emulator(Duration::from_secs(3600)));
    emulator.rate_limit_token_endpoint(1, 10);
    let client = emulator.client();
    let first = runtime();
    first.block_on(async {
        let call = tokio::time::timeout(Duration::from_millis(300), list_clusters(&client, GROUP));
        assert!(call.await.is_err(), "still waiting out the 429");
    });
    drop(first);
    runtime()
        .block_on(list_clusters(&client, GROUP))
        .expect("a new fetch in the new runtime");
    assert_eq!(emulator.auth_stats().token_requests, 2);
}
