//! A year of hostile answers, one scenario per way a server, a proxy or a broken network can
//! answer badly: the client stays bounded (every call returns), panic-free (every call runs
//! in its own task, and a panic would show as a join error) and usable (a later call
//! succeeds). The server is this test's own (`server.rs`), not the emulator. Assertions are
//! on counts and outcomes; the only clock bound is a generous "it returned at all".
//!
//! `cargo test --test hostile -- --nocapture` also prints the rate-limit burst table.

mod server;

use atlas_endpoint::token_cache::FileTokenStore;
use atlas_endpoint::{
    Client, Credentials, Error, Page, Result, RetryPolicy, TryStreamExt, Wait, atlas_endpoint,
    paginate,
};
use serde_json::{Value, json};
use server::{Action, Request, Server};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

const GROUP: &str = "5f1b2c3d4e5f6a7b8c9d0e1f";
const TOKEN_PATH: &str = "/api/oauth/token";
const REVOKE_PATH: &str = "/api/oauth/revoke";
const API: &str = "/api/atlas/v2/";
/// The generous bound on any one call here: it must return, however the server behaves.
const RETURNS_WITHIN: Duration = Duration::from_secs(60);

#[atlas_endpoint(GET, "/groups/<groupId>/clusters/<clusterName>")]
pub async fn get_cluster(client: &Client, group_id: &str, cluster_name: &str) -> Result<Value>;

#[atlas_endpoint(GET, "/groups/<groupId>/databaseUsers")]
pub async fn list_database_users(client: &Client, group_id: &str) -> Result<Value>;

#[atlas_endpoint(GET, "/groups/<groupId>/clusters")]
pub async fn list_clusters(
    client: &Client,
    group_id: &str,
    #[query("pageNum")] page_num: u32,
    #[query("itemsPerPage")] items_per_page: u32,
) -> Result<Page<Value>>;

/// Runs `call` in its own task and waits for it: its result, or a test failure if it
/// panicked or did not return within [`RETURNS_WITHIN`].
async fn contained<T: Send + 'static>(call: impl Future<Output = T> + Send + 'static) -> T {
    let task = tokio::spawn(call);
    match tokio::time::timeout(RETURNS_WITHIN, task).await {
        Ok(Ok(value)) => value,
        Ok(Err(joined)) => panic!("the call panicked: {joined}"),
        Err(_) => panic!("the call did not return within {RETURNS_WITHIN:?}"),
    }
}

/// A token answer.
fn token(value: &str, expires_in: f64) -> Action {
    Action::json(
        200,
        json!({ "access_token": value, "token_type": "Bearer", "expires_in": expires_in }),
    )
}

/// The bearer token a request carried.
fn bearer(request: &Request) -> &str {
    request
        .headers
        .get("authorization")
        .and_then(|value| value.strip_prefix("Bearer "))
        .unwrap_or("")
}

fn cluster() -> Action {
    Action::json(200, json!({ "name": "c0" }))
}

/// A service-account client of `server` with short timeouts and no retries.
fn service_account(server: &Server) -> atlas_endpoint::ClientBuilder {
    Client::builder()
        .base_url(server.base_url())
        .credentials(Credentials::service_account(
            "mdb_sa_id_hostile",
            "sa-secret",
        ))
        .timeout(Duration::from_millis(500))
        .total_timeout(Duration::from_secs(3))
        .retry(RetryPolicy::none())
}

fn call(client: &Client) -> impl Future<Output = Result<Value>> + Send + 'static {
    let client = client.clone();
    async move { get_cluster(&client, GROUP, "c0").await }
}

// 1. Every wait is bounded.

#[tokio::test]
async fn a_stalled_token_request_is_abandoned_and_the_next_call_fetches_again() {
    let fetches = AtomicUsize::new(0);
    let server = Server::start(move |request| match request.path.as_str() {
        TOKEN_PATH if fetches.fetch_add(1, Ordering::SeqCst) == 0 => Action::Stall,
        TOKEN_PATH => token("t-good", 3600.0),
        REVOKE_PATH => Action::Stall,
        _ if bearer(request) == "t-good" => cluster(),
        _ => Action::json(401, json!({ "errorCode": "UNAUTHORIZED" })),
    })
    .await;
    let client = service_account(&server).build().unwrap();

    // The stalled fetch is abandoned after the attempt timeout; the call starts a new one,
    // which answers, and goes on with it.
    assert_eq!(contained(call(&client)).await.unwrap()["name"], "c0");
    assert_eq!(server.count(TOKEN_PATH), 2);
    assert_eq!(server.count(API), 1);
    assert_eq!(contained(call(&client)).await.unwrap()["name"], "c0");
    assert_eq!(server.count(TOKEN_PATH), 2, "the token is kept");

    // A revocation that never answers fails within the attempt timeout.
    let revoking = client.clone();
    let error = contained(async move { revoking.revoke_token().await })
        .await
        .unwrap_err();
    assert!(error.to_string().contains("did not answer"), "{error}");

    // A token endpoint that never answers: a call fails (after its fetch and one more, each
    // abandoned), saying so, and so does check_credentials.
    let stalled = Server::start(|_| Action::Stall).await;
    let checking = service_account(&stalled).build().unwrap();
    let error = contained(call(&checking)).await.unwrap_err();
    assert!(error.is_auth(), "{error:?}");
    assert!(error.to_string().contains("did not answer"), "{error}");
    assert_eq!(stalled.count(TOKEN_PATH), 2);
    assert_eq!(stalled.count(API), 0, "nothing sent without a token");
    let error = contained(async move { checking.check_credentials().await })
        .await
        .unwrap_err();
    assert!(error.is_auth() || error.is_timeout(), "{error:?}");
}

#[tokio::test]
async fn a_failed_background_refresh_keeps_the_token_until_it_expires() {
    // Token 1 lives 2 s (refreshed from 1.6 s on); the refresh stalls; token 3 answers.
    let fetches = AtomicUsize::new(0);
    let server = Server::start(move |request| match request.path.as_str() {
        TOKEN_PATH => match fetches.fetch_add(1, Ordering::SeqCst) {
            0 => token("t-first", 2.0),
            1 => Action::Stall,
            _ => token("t-third", 3600.0),
        },
        _ if ["t-first", "t-third"].contains(&bearer(request)) => cluster(),
        _ => Action::json(401, json!({ "errorCode": "UNAUTHORIZED" })),
    })
    .await;
    let client = service_account(&server)
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let started = Instant::now();
    let mut calls = 0;
    // Calls every 50 ms for 3 s: across the refresh point, the stalled refresh, the expiry.
    while started.elapsed() < Duration::from_secs(3) {
        contained(call(&client)).await.unwrap();
        calls += 1;
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let requests = server.requests();
    let tokens: Vec<&str> = requests
        .iter()
        .filter(|request| request.path.starts_with(API))
        .map(bearer)
        .collect();
    println!(
        "hostile: background refresh stalled -> {calls} calls, 0 failed, {} token requests",
        server.count(TOKEN_PATH)
    );
    // One failed refresh, then nothing until the token expired: three requests, not one per
    // call between the refresh point and the expiry.
    assert_eq!(server.count(TOKEN_PATH), 3);
    let switch = tokens.iter().position(|token| *token == "t-third").unwrap();
    assert!(tokens[..switch].iter().all(|token| *token == "t-first"));
    assert!(tokens[switch..].iter().all(|token| *token == "t-third"));
}

// 2. No arithmetic on a server's numbers can panic.

#[tokio::test]
async fn absurd_numbers_never_panic() {
    let far_date = "Fri, 31 Dec 9999 23:59:59 GMT";
    let shapes: Vec<(&str, Action)> = vec![
        (
            "Retry-After: 10000000000000000000",
            Action::json(429, json!({ "errorCode": "RATE_LIMITED" }))
                .header("retry-after", "10000000000000000000"),
        ),
        (
            "Retry-After in year 9999",
            Action::json(429, json!({ "errorCode": "RATE_LIMITED" }))
                .header("retry-after", far_date),
        ),
        (
            "parameters with 1e19 s waits",
            Action::json(
                429,
                json!({ "errorCode": "RATE_LIMITED_TOKEN_BUCKET",
                        "parameters": ["/x", 1e19, 10, 1, 1e19] }),
            ),
        ),
        (
            "parameters with 1e300 and a refill of 1 per 1e12 s",
            Action::json(
                429,
                json!({ "errorCode": "RATE_LIMITED_TOKEN_BUCKET",
                        "parameters": ["/x", 1e300, 1e300, 1, 1e12] }),
            ),
        ),
        (
            "RateLimit-* beyond 32 bits",
            Action::json(200, json!({ "name": "c0" }))
                .header("ratelimit-limit", "99999999999999999999")
                .header("ratelimit-remaining", "18446744073709551616"),
        ),
    ];
    for (shape, answer) in shapes {
        let answer = Arc::new(Mutex::new(Some(answer)));
        let server =
            Server::start(move |_| answer.lock().unwrap().take().unwrap_or_else(cluster)).await;
        let client = Client::builder()
            .base_url(server.base_url())
            .bearer_token("t")
            .total_timeout(Duration::from_secs(2))
            .build()
            .unwrap();
        let _ = contained(call(&client)).await;
        let _ = contained(call(&client)).await;
        // Another endpoint of the same client still works.
        let other = client.clone();
        contained(async move { list_database_users(&other, GROUP).await })
            .await
            .unwrap_or_else(|error| panic!("{shape}: {error}"));
    }

    // A token that claims to live 1e19 seconds.
    let server = Server::start(|request| match request.path.as_str() {
        TOKEN_PATH => token("t-forever", 1e19),
        _ => cluster(),
    })
    .await;
    let client = service_account(&server).build().unwrap();
    for _ in 0..3 {
        contained(call(&client)).await.unwrap();
    }
    assert_eq!(server.count(TOKEN_PATH), 1);

    // Waits with absurd settings return instead of panicking: at once when the first poll is
    // done, else as a wait timeout (the next poll would come too late).
    let absurd_wait = |done: bool| {
        let waiting = client.clone();
        contained(async move {
            Wait::new("absurd")
                .timeout(Duration::MAX)
                .interval(Duration::MAX, Duration::MAX)
                .until(|| get_cluster(&waiting, GROUP, "c0"), move |_| done)
                .await
        })
    };
    assert_eq!(absurd_wait(true).await.unwrap()["name"], "c0");
    assert!(absurd_wait(false).await.unwrap_err().is_timeout());
}

// 3. The rate-limit gate never shuts an endpoint off.

#[tokio::test]
async fn a_429_asking_for_years_holds_the_endpoint_for_two_minutes_at_most() {
    for retry_after in ["999999999", "Fri, 31 Dec 9999 23:59:59 GMT"] {
        let refused = AtomicUsize::new(0);
        let server = Server::start(move |request| {
            if request.path.contains("/clusters/") && refused.fetch_add(1, Ordering::SeqCst) == 0 {
                Action::json(429, json!({ "errorCode": "RATE_LIMITED" }))
                    .header("retry-after", retry_after)
            } else {
                cluster()
            }
        })
        .await;
        let client = Client::builder()
            .base_url(server.base_url())
            .bearer_token("t")
            .total_timeout(Duration::from_secs(2))
            .build()
            .unwrap();
        let error = contained(call(&client)).await.unwrap_err();
        assert!(error.is_rate_limited(), "{error:?}");
        // Held calls fail at once with what Atlas asked and when the turn comes (the cap),
        // never as a timeout they did not have; clones share the knowledge.
        for held in [
            client.clone(),
            client.clone().with_retry(RetryPolicy::none()),
        ] {
            let error = contained(call(&held)).await.unwrap_err();
            let Error::RateLimited { until, asked, .. } = &error else {
                panic!("{error:?}");
            };
            let turn = until.duration_since(SystemTime::now()).unwrap_or_default();
            assert!(turn <= Duration::from_secs(120), "{turn:?}");
            assert!(asked.is_some_and(|asked| asked > Duration::from_secs(1_000_000)));
            assert!(error.to_string().contains("no request was sent"), "{error}");
        }
        assert_eq!(server.count(API), 1, "held calls are not sent");
        // A client allowed to wait past the cap is held, then sent: it succeeds.
        let patient = client.with_timeouts(Duration::from_secs(5), Duration::from_secs(180));
        let held = contained(async move {
            tokio::time::timeout(
                Duration::from_millis(300),
                get_cluster(&patient, GROUP, "c0"),
            )
            .await
        })
        .await;
        assert!(held.is_err(), "still held, not failed");
        // Another endpoint is not held at all.
        let other = client.clone();
        contained(async move { list_database_users(&other, GROUP).await })
            .await
            .unwrap();
    }
}

// 4. Bounded token answers.

#[tokio::test]
async fn a_huge_token_answer_is_refused_unread() {
    for announced in [true, false] {
        let server = Server::start(move |request| match request.path.as_str() {
            TOKEN_PATH => Action::Endless {
                length: 1 << 30,
                announced,
            },
            _ => cluster(),
        })
        .await;
        let client = service_account(&server)
            .timeout(Duration::from_secs(20))
            .total_timeout(Duration::from_secs(30))
            .build()
            .unwrap();
        let error = contained(call(&client)).await.unwrap_err();
        assert!(error.is_auth(), "{error:?}");
        assert!(error.to_string().contains("65536-byte limit"), "{error}");
        // Give the server a moment to notice the closed connection.
        tokio::time::sleep(Duration::from_millis(200)).await;
        let written = server.endless_bytes_written();
        println!(
            "hostile: 1 GiB token answer ({}) -> refused after the server wrote {:.1} MiB",
            if announced {
                "Content-Length"
            } else {
                "chunked"
            },
            written as f64 / 1048576.0
        );
        // The client stopped reading at 64 KiB; what the server wrote beyond that sits in
        // the kernel's socket buffers (a few MiB at most), never 1 GiB.
        assert!(written < 32 << 20, "{written} bytes written");
        assert_eq!(server.count(API), 0);
    }
}

// 5. A token cache that trusts only its owner.

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("atlas-hostile-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn entry_file(dir: &Path) -> PathBuf {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .find(|path| path.extension().is_some_and(|ext| ext == "json"))
        .expect("an entry file")
}

/// A server whose token endpoint hands out `t-1`, `t-2`, …
async fn minting_server() -> Server {
    let minted = AtomicUsize::new(0);
    Server::start(move |request| match request.path.as_str() {
        TOKEN_PATH => token(
            &format!("t-{}", minted.fetch_add(1, Ordering::SeqCst) + 1),
            3600.0,
        ),
        _ => cluster(),
    })
    .await
}

fn planted_entry(server: &Server, token: &str) -> Vec<u8> {
    let expires_at = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap()
        .as_secs_f64()
        + 3000.0;
    json!({
        "format": 1,
        "base_url": format!("{}/", server.base_url()),
        "client_id": "mdb_sa_id_hostile",
        "access_token": token,
        "expires_at": expires_at,
        "lifetime": 3600.0,
    })
    .to_string()
    .into_bytes()
}

/// Whether any API request carried `token`.
fn sent(server: &Server, token: &str) -> bool {
    server
        .requests()
        .iter()
        .any(|request| request.path.starts_with(API) && bearer(request) == token)
}

#[cfg(unix)]
#[tokio::test]
async fn the_token_cache_trusts_only_what_its_user_owns() {
    use std::os::unix::fs::{PermissionsExt, symlink};
    let set_mode = |path: &Path, mode: u32| {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
    };
    let server = minting_server().await;
    let client_with = |dir: &Path| {
        service_account(&server)
            .token_cache(FileTokenStore::in_dir(dir))
            .build()
            .unwrap()
    };

    // A directory others may write to is not used at all: each client fetches its own token
    // and nothing is written there.
    let open_dir = scratch("world-writable");
    std::fs::create_dir_all(&open_dir).unwrap();
    set_mode(&open_dir, 0o777);
    for _ in 0..2 {
        contained(call(&client_with(&open_dir))).await.unwrap();
    }
    assert_eq!(server.count(TOKEN_PATH), 2, "the cache was bypassed");
    assert_eq!(
        std::fs::read_dir(&open_dir).unwrap().count(),
        0,
        "nothing written"
    );

    // A private directory; an entry readable by others holding a planted token is ignored
    // (and replaced), never sent.
    let dir = scratch("planted");
    contained(call(&client_with(&dir))).await.unwrap();
    let entry = entry_file(&dir);
    std::fs::write(&entry, planted_entry(&server, "planted-0644")).unwrap();
    set_mode(&entry, 0o644);
    contained(call(&client_with(&dir))).await.unwrap();
    assert!(!sent(&server, "planted-0644"));

    // An entry that is a symbolic link (to a private file with a planted token) is not
    // followed.
    let elsewhere = dir.with_extension("elsewhere");
    std::fs::write(&elsewhere, planted_entry(&server, "planted-link")).unwrap();
    set_mode(&elsewhere, 0o600);
    std::fs::remove_file(&entry).unwrap();
    symlink(&elsewhere, &entry).unwrap();
    contained(call(&client_with(&dir))).await.unwrap();
    assert!(!sent(&server, "planted-link"));
    assert!(
        std::fs::read_to_string(&elsewhere)
            .unwrap()
            .contains("planted-link"),
        "the link's target is not written through either"
    );

    // An entry owned by another user (root can plant one) is ignored.
    let is_root = std::fs::metadata("/proc/self").is_ok_and(|meta| {
        use std::os::unix::fs::MetadataExt;
        meta.uid() == 0
    });
    if is_root {
        let entry = entry_file(&dir);
        let _ = std::fs::remove_file(&entry);
        std::fs::write(&entry, planted_entry(&server, "planted-other-user")).unwrap();
        set_mode(&entry, 0o600);
        std::os::unix::fs::chown(&entry, Some(65534), Some(65534)).unwrap();
        contained(call(&client_with(&dir))).await.unwrap();
        assert!(!sent(&server, "planted-other-user"));
    } else {
        println!("hostile: not root, so no entry of another user could be planted (skipped)");
    }

    // A lock file that is a symbolic link is not opened: the cache is bypassed.
    let lock = entry_file(&dir).with_extension("lock");
    let target = dir.with_extension("lock-target");
    let _ = std::fs::remove_file(&lock);
    symlink(&target, &lock).unwrap();
    let before = server.count(TOKEN_PATH);
    contained(call(&client_with(&dir))).await.unwrap();
    assert_eq!(server.count(TOKEN_PATH), before + 1);
    assert!(!target.exists(), "nothing created through the link");

    for path in [open_dir, dir, elsewhere] {
        let _ = std::fs::remove_dir_all(&path);
        let _ = std::fs::remove_file(&path);
    }
}

// 6. Pagination always ends.

#[tokio::test]
async fn a_repeating_page_ends_the_stream() {
    let server = Server::start(|_| {
        Action::json(
            200,
            json!({ "results": [{"name": "a"}, {"name": "b"}], "totalCount": 2,
                    "links": [{"rel": "self", "href": "x"}, {"rel": "next", "href": "y"}] }),
        )
    })
    .await;
    let client = Client::builder()
        .base_url(server.base_url())
        .bearer_token("t")
        .build()
        .unwrap();
    for (per_page, requests) in [(500, 1), (2, 2), (1, 2)] {
        let before = server.count(API);
        let listing = client.clone();
        let result: Result<Vec<Value>> = contained(async move {
            paginate(per_page, |page| {
                list_clusters(&listing, GROUP, page.page_num, page.items_per_page)
            })
            .try_collect()
            .await
        })
        .await;
        let sent = server.count(API) - before;
        println!("hostile: a server repeating its page, {per_page} per page -> {sent} requests");
        assert_eq!(sent, requests, "{per_page} per page");
        match per_page {
            500 => assert_eq!(result.unwrap().len(), 2, "the total says the list ended"),
            _ => assert!(matches!(result, Err(Error::Paging { .. })), "{result:?}"),
        }
    }
}

// 7. Empty tokens are refused.

#[tokio::test]
async fn an_empty_access_token_is_refused_and_nothing_is_sent() {
    let server = Server::start(|request| match request.path.as_str() {
        TOKEN_PATH => token("", 3600.0),
        _ => cluster(),
    })
    .await;
    let client = service_account(&server).build().unwrap();
    let error = contained(call(&client)).await.unwrap_err();
    assert!(error.is_auth(), "{error:?}");
    assert!(error.to_string().contains("empty access_token"), "{error}");
    assert_eq!(server.count(API), 0);
}

// 8. Rate limits without refill facts: the burst table.

/// How a server's 429 (and its other answers) describe its bucket.
#[derive(Clone, Copy, Debug)]
enum Shape {
    /// `RateLimit-*` on every answer, and the documented 429 body with `parameters`.
    HeadersEverywhere,
    /// The documented 429 body with `parameters` and `Retry-After`; no `RateLimit-*` at all.
    BodyOnly,
    /// Only the 429 says anything: whole-second `Retry-After` and `RateLimit-*`, no body facts.
    HeadersOnThe429,
}

const BURST: usize = 150;
const CAPACITY: f64 = 5.0;
const PER_SECOND: f64 = 25.0;

/// A bucket of [`CAPACITY`] refilled at [`PER_SECOND`], answering in `shape`.
struct Bucket {
    tokens: f64,
    updated: Instant,
}

fn limited(shape: Shape) -> impl Fn(&Request) -> Action + Send + Sync + 'static {
    let bucket = Mutex::new(Bucket {
        tokens: CAPACITY,
        updated: Instant::now(),
    });
    move |request| {
        let mut bucket = bucket.lock().unwrap();
        let now = Instant::now();
        let refilled = now.duration_since(bucket.updated).as_secs_f64() * PER_SECOND;
        bucket.tokens = (bucket.tokens + refilled).min(CAPACITY);
        bucket.updated = now;
        let headers = |action: Action, remaining: f64| {
            action
                .header("ratelimit-limit", &CAPACITY.to_string())
                .header(
                    "ratelimit-remaining",
                    &(remaining.floor() as u64).to_string(),
                )
        };
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            let ok = cluster();
            return match shape {
                Shape::HeadersEverywhere => headers(ok, bucket.tokens),
                Shape::BodyOnly | Shape::HeadersOnThe429 => ok,
            };
        }
        let wait = (1.0 - bucket.tokens) / PER_SECOND;
        let whole_seconds = wait.ceil().max(1.0).to_string();
        let documented = json!({
            "error": 429, "errorCode": "RATE_LIMITED_TOKEN_BUCKET", "reason": "Too Many Requests",
            "parameters": [request.path, wait, CAPACITY, PER_SECOND, 1.0],
        });
        match shape {
            Shape::HeadersEverywhere => headers(
                Action::json(429, documented).header("retry-after", &whole_seconds),
                0.0,
            ),
            Shape::BodyOnly => Action::json(429, documented).header("retry-after", &whole_seconds),
            Shape::HeadersOnThe429 => headers(
                Action::json(429, json!({ "error": 429, "errorCode": "RATE_LIMITED" }))
                    .header("retry-after", &whole_seconds),
                0.0,
            ),
        }
    }
}

struct Burst {
    failed: usize,
    refused: usize,
    seconds: f64,
}

async fn burst(shape: Shape) -> Burst {
    let server = Server::start(limited(shape)).await;
    let client = Client::builder()
        .base_url(server.base_url())
        .bearer_token("t")
        .build()
        .unwrap();
    let started = Instant::now();
    let calls: Vec<_> = (0..BURST).map(|_| tokio::spawn(call(&client))).collect();
    let mut failed = 0;
    for call in calls {
        if tokio::time::timeout(Duration::from_secs(300), call)
            .await
            .expect("every call returns")
            .expect("no call panics")
            .is_err()
        {
            failed += 1;
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    let refused = server.requests().len() - (BURST - failed);
    Burst {
        failed,
        refused,
        seconds,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rate_limit_bursts_fail_no_call_whatever_the_429_says() {
    let minimum = (BURST as f64 - CAPACITY) / PER_SECOND;
    println!(
        "rate-limit bursts: {BURST} concurrent calls through one client, bucket of {CAPACITY} refilled at {PER_SECOND}/s (minimum {minimum:.1} s)"
    );
    println!("| 429 shape | calls failed | 429s received | time | × minimum |");
    println!("|---|---|---|---|---|");
    let shapes = [
        (
            Shape::HeadersEverywhere,
            "RateLimit-* on every answer, documented body",
            3,
        ),
        (Shape::BodyOnly, "documented body (parameters) only", 3),
        (
            Shape::HeadersOnThe429,
            "Retry-After (whole s) + RateLimit-* on the 429 only",
            BURST / 10,
        ),
    ];
    for (shape, label, most) in shapes {
        // One after the other: each has its own server and bucket, and the machine to itself.
        let result = burst(shape).await;
        println!(
            "| {label} | {} | {} | {:.1} s | {:.1} |",
            result.failed,
            result.refused,
            result.seconds,
            result.seconds / minimum
        );
        assert_eq!(result.failed, 0, "{shape:?}: no call fails");
        assert!(
            result.refused <= most,
            "{shape:?}: {} 429s, at most {most}",
            result.refused
        );
    }
}
