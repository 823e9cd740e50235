//! What services running the client at scale rely on, against the emulator: a retry budget
//! that caps a retry storm and refills after it, and hooks that see every request the server
//! saw, may tag them, and never see credentials. Assertions are counts.
#![cfg(feature = "testing")]

use atlas_endpoint::testing::{Emulator, EmulatorAuth, Reply};
use atlas_endpoint::{
    Client, Error, Hook, Next, Outcome, RequestInfo, Result, RetryPolicy, atlas_endpoint,
};
use reqwest::header::{HeaderMap, HeaderValue};
use serde_json::{Value, json};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

const GROUP: &str = "5f1b2c3d4e5f6a7b8c9d0e1f";

#[atlas_endpoint(GET, "/groups/<groupId>/clusters/<clusterName>")]
async fn get_cluster(client: &Client, group_id: &str, cluster_name: &str) -> Result<Value>;

fn unavailable() -> Reply {
    Reply::atlas_error(503, "SERVICE_UNAVAILABLE", "Try again.")
}

fn ok() -> Reply {
    Reply::json(200, &json!({ "name": "c0" }))
}

/// A client of `emulator` whose retries wait milliseconds, with `policy`'s budget.
fn quick(emulator: &Emulator, policy: RetryPolicy) -> Client {
    emulator
        .client_builder()
        .retry(
            policy
                .base_delay(Duration::from_millis(1))
                .max_delay(Duration::from_millis(5)),
        )
        .build()
        .unwrap()
}

/// `calls` concurrent GETs: how many failed, and how many of those because the budget was
/// spent.
async fn storm(client: &Client, calls: usize) -> (usize, usize) {
    let tasks: Vec<_> = (0..calls)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { get_cluster(&client, GROUP, "c0").await })
        })
        .collect();
    let (mut failed, mut spent) = (0, 0);
    for task in tasks {
        if let Err(error) = task.await.unwrap() {
            failed += 1;
            spent += usize::from(error.is_retry_budget_spent());
        }
    }
    (failed, spent)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_retry_storm_costs_the_budget_then_successes_refill_it() {
    // Without a budget: every call retries on its own, 4 attempts each.
    let emulator = Emulator::start().await.unwrap();
    emulator.route(&get_cluster::ENDPOINT, |_| unavailable());
    let unbudgeted = quick(&emulator, RetryPolicy::default().without_budget());
    let (failed, _) = storm(&unbudgeted, 1000).await;
    let without = emulator.requests().len();
    assert_eq!(failed, 1000);

    // With the default budget (500 tokens, 5 a retry): 1,000 first attempts and 100 retries.
    let emulator = Emulator::start().await.unwrap();
    emulator.route(&get_cluster::ENDPOINT, |_| unavailable());
    let client = quick(&emulator, RetryPolicy::default());
    let (failed, spent) = storm(&client, 1000).await;
    let with = emulator.requests().len();
    println!(
        "retry budget: 1,000 concurrent GETs into a 503 storm -> {with} requests with the budget \
         ({spent} calls ended as budget spent), {without} without"
    );
    assert_eq!(without, 4000);
    assert_eq!(failed, 1000);
    assert_eq!(with, 1100, "every first attempt, and 500 / 5 retries");
    // Only a call that made all 4 attempts (3 retries of the 100) ends otherwise.
    assert!(
        spent >= 1000 - 100 / 3,
        "{spent} calls ended as budget spent"
    );

    // The storm is over, but the budget is empty: a failure is not retried.
    emulator.route_sequence(&get_cluster::ENDPOINT, vec![unavailable(), ok()]);
    let error = get_cluster(&client, GROUP, "c0").await.unwrap_err();
    assert!(error.is_retry_budget_spent(), "{error:?}");
    assert_eq!(error.attempts(), 1);
    assert!(
        error.to_string().contains("retry budget is spent"),
        "{error}"
    );

    // Successes refill it (1 token each; a retry costs 5): after five, a retry goes again.
    emulator.route(&get_cluster::ENDPOINT, |_| ok());
    for _ in 0..5 {
        get_cluster(&client, GROUP, "c0").await.unwrap();
    }
    emulator.route_sequence(&get_cluster::ENDPOINT, vec![unavailable(), ok()]);
    let before = emulator.requests().len();
    assert_eq!(
        get_cluster(&client, GROUP, "c0").await.unwrap()["name"],
        "c0"
    );
    assert_eq!(emulator.requests().len() - before, 2, "retried once");
}

/// Remembers what it saw of every request.
#[derive(Default)]
struct Audit {
    lines: Mutex<Vec<String>>,
    saw_credentials: AtomicBool,
}

impl Hook for Audit {
    fn before_request(&self, request: &RequestInfo, headers: &mut HeaderMap) {
        if headers.contains_key("authorization") {
            self.saw_credentials.store(true, Ordering::SeqCst);
        }
        let id = format!(
            "call-1/attempt-{}/request-{}",
            request.attempt, request.request
        );
        headers.insert("x-request-id", HeaderValue::from_str(&id).unwrap());
        // A hook cannot set the credentials either: this is replaced before sending.
        headers.insert("authorization", HeaderValue::from_static("Bearer planted"));
    }

    fn after_request(&self, request: &RequestInfo, outcome: &Outcome<'_>) {
        let shown = format!("{outcome:?}");
        if shown.contains("emulator-token") || shown.contains("private-key") {
            self.saw_credentials.store(true, Ordering::SeqCst);
        }
        let next = match outcome.next {
            Next::Done => "done".to_owned(),
            Next::Retry(_) => "retry".to_owned(),
            Next::Reauthenticate => "reauthenticate".to_owned(),
            _ => "other".to_owned(),
        };
        self.lines.lock().unwrap().push(format!(
            "{} attempt {} request {} -> {} {} ({next})",
            request.endpoint.operation,
            request.attempt,
            request.request,
            outcome.status.map_or(0, |status| status.as_u16()),
            outcome.error_code.unwrap_or("-"),
        ));
    }
}

#[tokio::test]
async fn hooks_tag_every_attempt_and_see_what_the_server_saw_but_no_credentials() {
    // Digest: the first request takes the challenge (a 401 the credentials answer), then a
    // 503 is retried, then the answer.
    let emulator = Emulator::start_with(EmulatorAuth::api_key("public", "private-key"))
        .await
        .unwrap();
    emulator.route_sequence(&get_cluster::ENDPOINT, vec![unavailable(), ok()]);
    let audit = Arc::new(Audit::default());
    let client = emulator
        .client_builder()
        .retry(RetryPolicy::default().base_delay(Duration::from_millis(1)))
        .hook(Arc::clone(&audit))
        .build()
        .unwrap();
    assert_eq!(
        get_cluster(&client, GROUP, "c0").await.unwrap()["name"],
        "c0"
    );

    let seen = emulator.requests();
    let lines = audit.lines.lock().unwrap().clone();
    println!("{lines:#?}");
    assert_eq!(
        lines,
        [
            "getGroupCluster attempt 1 request 1 -> 401 UNAUTHORIZED (reauthenticate)",
            "getGroupCluster attempt 1 request 2 -> 503 SERVICE_UNAVAILABLE (retry)",
            "getGroupCluster attempt 2 request 3 -> 200 - (done)",
        ],
        "one line per request the server saw"
    );
    assert_eq!(seen.len(), lines.len());
    let statuses: Vec<u16> = seen.iter().map(|request| request.status).collect();
    assert_eq!(statuses, [401, 503, 200]);
    let ids: Vec<&str> = seen
        .iter()
        .map(|request| request.header("x-request-id").unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "call-1/attempt-1/request-1",
            "call-1/attempt-1/request-2",
            "call-1/attempt-2/request-3"
        ]
    );
    assert!(
        !audit.saw_credentials.load(Ordering::SeqCst),
        "no hook saw credentials"
    );
    assert!(
        seen.iter()
            .all(|request| request.header("authorization") != Some("Bearer planted")),
        "what a hook puts in Authorization is replaced"
    );
    assert!(
        seen[1]
            .header("authorization")
            .unwrap()
            .starts_with("Digest ")
    );
}

#[tokio::test]
async fn a_hook_sees_the_final_error_of_a_call_that_gives_up() {
    let emulator = Emulator::start().await.unwrap();
    emulator.route(&get_cluster::ENDPOINT, |_| {
        Reply::atlas_error(404, "CLUSTER_NOT_FOUND", "No cluster.")
    });
    let audit = Arc::new(Audit::default());
    let client = emulator
        .client_builder()
        .hook(Arc::clone(&audit))
        .build()
        .unwrap();
    let error = get_cluster(&client, GROUP, "c0").await.unwrap_err();
    assert!(matches!(error, Error::Api(_)));
    assert_eq!(
        audit.lines.lock().unwrap().as_slice(),
        ["getGroupCluster attempt 1 request 1 -> 404 CLUSTER_NOT_FOUND (done)"]
    );
}
