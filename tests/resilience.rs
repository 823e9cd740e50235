//! Hostile answers over real HTTP: every fault ends in a successful retry or a typed error,
//! never a panic, a hang or a write sent twice. The last test prints the tally.

use atlas_endpoint::testing::{Emulator, Fault, Reply};
use atlas_endpoint::{
    Client, Error, Page, Result, RetryPolicy, TryStreamExt, atlas_endpoint, paginate,
};
use serde_json::{Value, json};
use std::time::Duration;

const GROUP: &str = "5f1b2c3d4e5f6a7b8c9d0e1f";

#[atlas_endpoint(GET, "/groups/<groupId>/clusters/<clusterName>")]
pub async fn get_cluster(client: &Client, group_id: &str, cluster_name: &str) -> Result<Value>;

#[atlas_endpoint(POST, "/groups/<groupId>/clusters")]
pub async fn create_cluster(client: &Client, group_id: &str, #[body] body: &Value)
-> Result<Value>;

#[atlas_endpoint(GET, "/groups/<groupId>/clusters")]
pub async fn list_clusters(
    client: &Client,
    group_id: &str,
    #[query("pageNum")] page_num: u32,
    #[query("itemsPerPage")] items_per_page: u32,
) -> Result<Page<Value>>;

fn ok() -> Reply {
    Reply::json(200, &json!({ "name": "c0" }))
}

fn unavailable() -> Reply {
    Reply::atlas_error(503, "SERVICE_UNAVAILABLE", "Try again.")
}

fn rate_limited() -> Reply {
    Reply::atlas_error(429, "RATE_LIMITED", "Slow down.").header("retry-after", "0")
}

/// A client that retries quickly, so the faults below cost milliseconds.
fn fast(emulator: &Emulator) -> Client {
    emulator
        .client_builder()
        .retry(RetryPolicy::default().base_delay(Duration::from_millis(2)))
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap()
}

struct Outcome {
    result: Result<Value>,
    hits: usize,
}

/// Scripts `replies` for the GET or the POST endpoint and makes one call.
async fn run(write: bool, replies: Vec<Reply>) -> Outcome {
    let emulator = Emulator::start().await.unwrap();
    let client = fast(&emulator);
    let result = if write {
        emulator.route_sequence(&create_cluster::ENDPOINT, replies);
        create_cluster(&client, GROUP, &json!({ "name": "c0" })).await
    } else {
        emulator.route_sequence(&get_cluster::ENDPOINT, replies);
        get_cluster(&client, GROUP, "c0").await
    };
    Outcome {
        result,
        hits: emulator.requests().len(),
    }
}

#[tokio::test]
async fn rate_limits_are_retried_for_reads_and_writes() {
    for write in [false, true] {
        let outcome = run(
            write,
            vec![rate_limited(), rate_limited(), rate_limited(), ok()],
        )
        .await;
        assert_eq!(outcome.result.unwrap()["name"], "c0");
        assert_eq!(outcome.hits, 4, "three refusals, then the answer");
    }
    let atlas_400 = Reply::atlas_error(400, "TENANT_CLUSTER_UPDATE_RATE_LIMITED", "Later.");
    let outcome = run(true, vec![atlas_400, ok()]).await;
    assert!(outcome.result.is_ok());
    assert_eq!(outcome.hits, 2);
}

#[tokio::test]
async fn retry_after_is_honoured() {
    let emulator = Emulator::start().await.unwrap();
    let slow_down =
        Reply::atlas_error(429, "RATE_LIMITED", "Slow down.").header("retry-after", "1");
    emulator.route_sequence(&get_cluster::ENDPOINT, vec![slow_down, ok()]);
    get_cluster(&fast(&emulator), GROUP, "c0").await.unwrap();
    // The retry reached the emulator a second after the 429, by the emulator's own clock.
    let requests = emulator.requests();
    assert_eq!(requests.len(), 2);
    let waited = requests[1].received.duration_since(requests[0].received);
    assert!(waited >= Duration::from_secs(1), "waited {waited:?}");
}

#[tokio::test]
async fn gateway_errors_are_retried_for_reads_only() {
    let outcome = run(false, vec![unavailable(), unavailable(), ok()]).await;
    assert!(outcome.result.is_ok());
    assert_eq!(outcome.hits, 3);
    let outcome = run(true, vec![unavailable(), ok()]).await;
    let error = outcome.result.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(
        (outcome.hits, error.attempts()),
        (1, 1),
        "a POST that may have landed is not resent"
    );
}

#[tokio::test]
async fn exhausted_retries_say_how_many_attempts() {
    let outcome = run(false, vec![unavailable()]).await;
    let error = outcome.result.unwrap_err();
    assert_eq!(error.attempts(), 4);
    assert_eq!(outcome.hits, 4);
    assert!(
        error.to_string().starts_with("gave up after 4 attempts"),
        "{error}"
    );
    assert!(
        error.is_code("SERVICE_UNAVAILABLE"),
        "helpers look through the retries"
    );
}

#[tokio::test]
async fn total_timeout_bounds_the_whole_call() {
    let emulator = Emulator::start().await.unwrap();
    let wait = Reply::atlas_error(429, "RATE_LIMITED", "Slow down.").header("retry-after", "1");
    emulator.route_sequence(&get_cluster::ENDPOINT, vec![wait]);
    let client =
        fast(&emulator).with_timeouts(Duration::from_millis(300), Duration::from_millis(1500));
    let error = get_cluster(&client, GROUP, "c0").await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(429), "{error}");
    // Counts, not clocks: each 429 asks for a second; the third attempt's wait would end past
    // the 1.5 s total, so the call ends after two attempts, both of which the emulator saw.
    assert_eq!(
        (error.attempts(), emulator.requests().len()),
        (2, 2),
        "no wait may end past the total timeout"
    );
}

/// Every fault kind on a read and on a write, with the tally printed at the end.
#[tokio::test]
async fn hostile_answers_never_duplicate_writes() {
    let html = || Reply::raw(502, Some("text/html"), "<html>Bad Gateway</html>".into());
    let big = || Reply::json(200, &json!({ "blob": "x".repeat(4096) }));
    let slow = || ok().fault(Fault::SlowBody(Duration::from_millis(200)));
    type Check = fn(&Result<Value>) -> bool;
    let cases: Vec<(&str, Vec<Reply>, Check, Check)> = vec![
        (
            "reset before headers",
            vec![ok().fault(Fault::ResetBeforeHeaders), ok()],
            |r| r.is_ok(),
            |r| {
                matches!(
                    r.as_ref().map_err(Error::last),
                    Err(Error::Transport { .. })
                )
            },
        ),
        (
            "reset after headers",
            vec![ok().fault(Fault::ResetAfterHeaders), ok()],
            |r| r.is_ok(),
            |r| matches!(r, Err(Error::Transport { .. })),
        ),
        (
            "truncated body",
            vec![ok().fault(Fault::TruncatedBody), ok()],
            |r| r.is_ok(),
            |r| matches!(r, Err(Error::Transport { .. })),
        ),
        (
            "slow body",
            vec![slow(), ok()],
            |r| r.is_ok(),
            |r| r.as_ref().is_err_and(Error::is_timeout),
        ),
        (
            "html 502",
            vec![html(), ok()],
            |r| r.is_ok(),
            |r| matches!(r, Err(Error::Http { .. })),
        ),
        (
            "503 burst",
            vec![unavailable(), unavailable(), ok()],
            |r| r.is_ok(),
            |r| {
                r.as_ref()
                    .is_err_and(|e| e.status().is_some_and(|s| s.as_u16() == 503))
            },
        ),
        (
            "429 burst",
            vec![rate_limited(), rate_limited(), ok()],
            |r| r.is_ok(),
            |r| r.is_ok(),
        ),
        (
            "empty 200",
            vec![Reply::raw(200, Some("application/json"), "".into())],
            |r| matches!(r, Err(Error::Decode { .. })),
            |r| matches!(r, Err(Error::Decode { .. })),
        ),
        (
            "invalid json",
            vec![Reply::raw(
                200,
                Some("application/json"),
                "{\"name\":".into(),
            )],
            |r| matches!(r, Err(Error::Decode { .. })),
            |r| matches!(r, Err(Error::Decode { .. })),
        ),
        (
            "wrong content type",
            vec![Reply::raw(200, Some("text/html"), "<p>hi</p>".into())],
            |r| matches!(r, Err(Error::Decode { .. })),
            |r| matches!(r, Err(Error::Decode { .. })),
        ),
        (
            "oversized body",
            vec![big()],
            |r| matches!(r, Err(Error::TooLarge { .. })),
            |r| matches!(r, Err(Error::TooLarge { .. })),
        ),
    ];
    let (mut injected, mut survived, mut duplicated) = (0, 0, 0);
    let mut unexpected = Vec::new();
    for (name, replies, read_ok, write_ok) in cases {
        for write in [false, true] {
            let emulator = Emulator::start().await.unwrap();
            let client = emulator
                .client_builder()
                .retry(RetryPolicy::default().base_delay(Duration::from_millis(2)))
                .timeout(Duration::from_millis(300))
                .max_response_bytes(1024)
                .build()
                .unwrap();
            let result = if write {
                emulator.route_sequence(&create_cluster::ENDPOINT, replies.clone());
                create_cluster(&client, GROUP, &json!({})).await
            } else {
                emulator.route_sequence(&get_cluster::ENDPOINT, replies.clone());
                get_cluster(&client, GROUP, "c0").await
            };
            let hits = emulator.requests().len();
            let refusals = replies.iter().filter(|reply| reply.status() == 429).count();
            injected += 1;
            let expected = if write {
                write_ok(&result)
            } else {
                read_ok(&result)
            };
            // Survived: ended in the outcome the case expects (a success after retries, or
            // the typed error of that fault). Anything else is listed and fails below.
            if expected {
                survived += 1;
            } else {
                let method = if write { "POST" } else { "GET" };
                unexpected.push(format!("{name} ({method}): {result:?}"));
            }
            if write && hits > 1 + refusals {
                duplicated += 1;
            }
        }
    }
    println!("faults injected: {injected}, survived: {survived}, duplicated writes: {duplicated}");
    assert!(
        unexpected.is_empty(),
        "unexpected outcomes: {unexpected:#?}"
    );
    assert_eq!((injected, survived), (22, 22), "the README's figures");
    assert_eq!(duplicated, 0);
}

#[tokio::test]
async fn version_gone_has_its_own_error() {
    let outcome = run(
        false,
        vec![Reply::atlas_error(410, "VERSION_GONE", "Sunset.")],
    )
    .await;
    let error = outcome.result.unwrap_err();
    assert!(
        matches!(
            error,
            Error::VersionGone {
                version: "2024-08-05",
                ..
            }
        ),
        "{error:?}"
    );
    assert!(
        error.to_string().contains("update atlas-endpoint"),
        "{error}"
    );
}

#[tokio::test]
async fn envelopes_are_requested_and_unwrapped() {
    let emulator = Emulator::start().await.unwrap();
    emulator.route(&get_cluster::ENDPOINT, |request| {
        let enveloped = request.query_pairs().contains(&("envelope".into(), "true".into()));
        match request.path_param("clusterName") {
            Some("c0") if enveloped => Reply::json(200, &json!({ "status": 200, "content": { "name": "c0" } })),
            _ if enveloped => Reply::json(200, &json!({ "status": 404, "content": { "error": 404, "errorCode": "CLUSTER_NOT_FOUND", "detail": "No cluster." } })),
            _ => Reply::atlas_error(400, "EXPECTED_ENVELOPE", "envelope=true was not sent"),
        }
    });
    let client = emulator.client().with_envelope(true).with_pretty(true);
    assert_eq!(
        get_cluster(&client, GROUP, "c0").await.unwrap(),
        json!({ "name": "c0" })
    );
    let error = get_cluster(&client, GROUP, "c1").await.unwrap_err();
    assert!(error.is_code("CLUSTER_NOT_FOUND"), "{error:?}");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(404));
    let query = emulator.requests()[0].query.clone().unwrap_or_default();
    assert_eq!(query, "envelope=true&pretty=true");
}

#[tokio::test]
async fn pagination_streams_every_item_lazily() {
    let emulator = Emulator::start().await.unwrap();
    emulator.route(&list_clusters::ENDPOINT, |request| {
        let pairs = request.query_pairs();
        let number = |name: &str| {
            pairs
                .iter()
                .find(|(key, _)| key == name)
                .and_then(|(_, v)| v.parse::<usize>().ok())
                .unwrap_or(0)
        };
        let (page, size) = (number("pageNum"), number("itemsPerPage"));
        let results: Vec<Value> = ((page - 1) * size..(page * size).min(1201))
            .map(|i| json!({ "name": format!("c{i}") }))
            .collect();
        Reply::json(200, &json!({ "results": results, "totalCount": 1201 }))
    });
    let client = emulator.client();
    let stream = paginate(500, |page| {
        list_clusters(&client, GROUP, page.page_num, page.items_per_page)
    });
    let mut stream = std::pin::pin!(stream);
    // Lazily: a page is fetched only when its first item is asked for.
    assert_eq!(
        emulator.requests().len(),
        0,
        "nothing before the first item"
    );
    assert_eq!(stream.try_next().await.unwrap().unwrap()["name"], "c0");
    assert_eq!(emulator.requests().len(), 1);
    for _ in 1..500 {
        stream.try_next().await.unwrap().unwrap();
    }
    assert_eq!(
        emulator.requests().len(),
        1,
        "the first page serves 500 items"
    );
    assert_eq!(stream.try_next().await.unwrap().unwrap()["name"], "c500");
    assert_eq!(emulator.requests().len(), 2);
    let rest: Vec<Value> = stream.try_collect().await.unwrap();
    assert_eq!(rest.len(), 700);
    assert_eq!(rest[699]["name"], "c1200");
    assert_eq!(emulator.requests().len(), 3, "500 + 500 + 201");
}
