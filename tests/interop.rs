//! Interop with real third-party servers nobody here wrote, started by scripts/peers/start.sh
//! (the README's test command does it): Apache httpd's mod_auth_digest, oidc-provider's
//! client-credentials grant, and Prism validating requests against the official spec. Each
//! test is ignored by a plain `cargo test` (listed as "needs the real peers"); the README's
//! test command starts the peers and runs them with `--include-ignored` and
//! `ATLAS_REQUIRE_PEERS=1`, so a missing peer fails them instead of skipping.

use atlas_endpoint::{Client, Credentials, Error, Page, Result, RetryPolicy, atlas_endpoint};
use atlas_prism_support::{peer, request_violations};
use serde_json::{Value, json};
use std::time::{Duration, Instant};

const GROUP: &str = "5f1b2c3d4e5f6a7b8c9d0e1f";

#[atlas_endpoint(GET, "/groups/<groupId>/clusters")]
pub async fn list_clusters(client: &Client, group_id: &str) -> Result<Page<Value>>;

#[atlas_endpoint(POST, "/groups/<groupId>/accessList")]
pub async fn create_access_list_entry(
    client: &Client,
    group_id: &str,
    #[body] entries: &Value,
) -> Result<Value>;

fn api_key_client(base: &str) -> Client {
    let user = std::env::var("ATLAS_PEER_DIGEST_USER").expect("digest user");
    let password = std::env::var("ATLAS_PEER_DIGEST_PASSWORD").expect("digest password");
    Client::builder()
        .base_url(base)
        .credentials(Credentials::api_key(user, password))
        .build()
        .unwrap()
}

/// Apache's access-log lines for `host` whose request path mentions `project`, past the first
/// `skip`. Apache writes a line only after it has sent the answer, so the line of a call that
/// just returned can still be missing: this waits (up to 10 s) until at least `answered` lines
/// other than 401 challenges are there. Each test calls its own project, so tests running at
/// the same time never count each other's lines.
fn apache_log(host: &str, project: &str, skip: usize, answered: usize) -> Vec<String> {
    let dir = std::env::var("ATLAS_PEER_DIGEST_LOG_DIR").expect("log dir");
    let read = || -> Vec<String> {
        std::fs::read_to_string(format!("{dir}/{host}-access.log"))
            .unwrap_or_default()
            .lines()
            .filter(|line| line.contains(project))
            .skip(skip)
            .map(str::to_owned)
            .collect()
    };
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let lines = read();
        let answers = lines
            .iter()
            .filter(|line| !line.starts_with("401 "))
            .count();
        if answers >= answered || Instant::now() > deadline {
            return lines;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// How many challenges (401 answers) among Apache's log lines.
fn challenges_in(lines: &[String]) -> usize {
    lines.iter().filter(|line| line.starts_with("401 ")).count()
}

/// A field of an Apache log line (`name=value`).
fn field<'l>(line: &'l str, name: &str) -> &'l str {
    line.split(' ')
        .find_map(|part| part.strip_prefix(name)?.strip_prefix('='))
        .unwrap_or("-")
}

/// When Apache received the request of `line` (its clock).
fn received(line: &str) -> Duration {
    Duration::from_micros(field(line, "t").parse().expect("t=%{usec}t in the log"))
}

/// The Digest host's nonce lifetime: Apache's default, or the stale host's setting.
const DEFAULT_NONCE_LIFETIME: Duration = Duration::from_secs(300);

fn stale_lifetime() -> Duration {
    Duration::from_secs(
        std::env::var("ATLAS_PEER_DIGEST_STALE_LIFETIME")
            .expect("stale lifetime")
            .parse()
            .unwrap(),
    )
}

/// Checks each line against what Apache's own clock says it had to answer, and returns how
/// many challenges that makes: one for a request without credentials, and one for every
/// request whose nonce was older than `lifetime` when Apache received it (a stale nonce).
/// A nonce dates from the answer that gave it: the line just before its first use (a 401, or
/// an answer carrying `nextnonce`). Ages within 100 ms of the lifetime may go either way:
/// Apache dates a nonce when it writes the answer, a little after the request arrived.
fn challenges_apache_owes(lines: &[String], lifetime: Duration) -> Result<usize, String> {
    let margin = Duration::from_millis(100);
    let mut issued: std::collections::HashMap<&str, Duration> = Default::default();
    let mut owed = 0;
    for (index, line) in lines.iter().enumerate() {
        let nonce = field(line, "nonce");
        let challenged = line.starts_with("401 ");
        if nonce == "-" {
            owed += 1;
            if !challenged {
                return Err(format!("answered without credentials: {line}"));
            }
            continue;
        }
        let issued_at = *issued.entry(nonce).or_insert_with(|| match index {
            0 => received(line),
            _ => received(&lines[index - 1]),
        });
        let age = received(line).saturating_sub(issued_at);
        if age > lifetime + margin && !challenged {
            return Err(format!("a nonce {age:?} old was accepted: {line}"));
        }
        if age + margin < lifetime && challenged {
            return Err(format!("a nonce {age:?} old was refused: {line}"));
        }
        owed += usize::from(challenged);
    }
    Ok(owed)
}

#[tokio::test]
#[ignore = "needs the real peers: scripts/test starts them and runs it"]
async fn digest_reuses_the_nonce_against_apache() {
    let Some(base) = peer("ATLAS_PEER_DIGEST_URL") else {
        return;
    };
    const PROJECT: &str = "5f1b2c3d4e5f6a7b8c9d0f61";
    let client = api_key_client(&base);
    let before = apache_log("digest", PROJECT, 0, 0).len();
    let calls = 1000;
    for _ in 0..calls {
        let page = list_clusters(&client, PROJECT).await.unwrap();
        assert_eq!(page.results[0]["name"], "Cluster0");
    }
    let lines = apache_log("digest", PROJECT, before, calls);
    let challenges = challenges_in(&lines);
    println!(
        "apache digest: {calls} sequential calls, {} HTTP requests, {challenges} x 401, {:.3} round trips per call",
        lines.len(),
        lines.len() as f64 / calls as f64
    );
    assert_eq!(lines.len() - challenges, calls, "every call succeeded once");
    // One challenge per nonce lifetime by Apache's clock: 1 when the calls span less than
    // the 300 s lifetime (they do, by far), so 1,001 requests for 1,000 calls.
    assert_eq!(
        Ok(challenges),
        challenges_apache_owes(&lines, DEFAULT_NONCE_LIFETIME)
    );
    let span = received(lines.last().unwrap()) - received(&lines[0]);
    if span < DEFAULT_NONCE_LIFETIME {
        assert_eq!(lines.len(), calls + 1, "{calls} calls in {span:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the real peers: scripts/test starts them and runs it"]
async fn digest_cold_fleet_takes_one_challenge_against_apache() {
    let Some(base) = peer("ATLAS_PEER_DIGEST_URL") else {
        return;
    };
    const PROJECT: &str = "5f1b2c3d4e5f6a7b8c9d0f64";
    let client = api_key_client(&base);
    let before = apache_log("digest", PROJECT, 0, 0).len();
    let calls = 64;
    let mut fleet = tokio::task::JoinSet::new();
    for _ in 0..calls {
        let client = client.clone();
        fleet.spawn(async move { list_clusters(&client, PROJECT).await });
    }
    while let Some(outcome) = fleet.join_next().await {
        let page = outcome.expect("the call's task").expect("the call");
        assert_eq!(page.results[0]["name"], "Cluster0");
    }
    let lines = apache_log("digest", PROJECT, before, calls);
    let challenges = challenges_in(&lines);
    println!(
        "apache digest single flight: {calls} concurrent first calls of a cold client, {} HTTP requests, {challenges} x 401",
        lines.len()
    );
    assert_eq!(challenges, 1, "one call takes the challenge for all");
    assert_eq!(lines.len(), calls + 1, "{lines:#?}");
}

#[tokio::test]
#[ignore = "needs the real peers: scripts/test starts them and runs it"]
async fn digest_follows_apache_nextnonce() {
    let Some(base) = peer("ATLAS_PEER_DIGEST_STALE_URL") else {
        return;
    };
    const PROJECT: &str = "5f1b2c3d4e5f6a7b8c9d0f65";
    let client = api_key_client(&base);
    let before = apache_log("stale", PROJECT, 0, 0).len();
    let calls = 5;
    for call in 0..calls {
        if call > 0 {
            // Each nonce lives 2 s; calls 1.2 s apart outlive the first nonce by far, but not
            // the nonce each answer gives for the next request.
            tokio::time::sleep(Duration::from_millis(1200)).await;
        }
        list_clusters(&client, PROJECT).await.unwrap();
    }
    let lines = apache_log("stale", PROJECT, before, calls);
    let challenges = challenges_in(&lines);
    // What Apache's clock says it had to answer (1 unless the machine stalled a call by
    // 0.8 s, which Apache's own times then show).
    assert_eq!(
        Ok(challenges),
        challenges_apache_owes(&lines, stale_lifetime())
    );
    let nonces: std::collections::BTreeSet<&str> = lines
        .iter()
        .filter(|line| line.starts_with("200 "))
        .filter_map(|line| line.split("nonce=").nth(1))
        .collect();
    println!(
        "apache nextnonce: {calls} calls 1.2 s apart with 2 s nonces, {} HTTP requests, {challenges} x 401, {} nonces used",
        lines.len(),
        nonces.len()
    );
    assert_eq!(
        nonces.len() + challenges,
        calls + 1,
        "each answer's nextnonce keeps the next call fresh"
    );
    assert_eq!(
        nonces.len(),
        calls,
        "every call used the nonce the previous answer gave"
    );
}

#[tokio::test]
#[ignore = "needs the real peers: scripts/test starts them and runs it"]
async fn digest_passes_apache_nc_check() {
    let Some(base) = peer("ATLAS_PEER_DIGEST_NCCHECK_URL") else {
        return;
    };
    const PROJECT: &str = "5f1b2c3d4e5f6a7b8c9d0f62";
    let client = api_key_client(&base);
    let before = apache_log("nccheck", PROJECT, 0, 0).len();
    let calls = 100;
    for _ in 0..calls {
        list_clusters(&client, PROJECT).await.unwrap();
    }
    let lines = apache_log("nccheck", PROJECT, before, calls);
    let challenges = challenges_in(&lines);
    println!(
        "apache nc check: {calls} calls, {challenges} x 401, opaque echoed and nc never replayed"
    );
    assert_eq!(
        Ok(challenges),
        challenges_apache_owes(&lines, DEFAULT_NONCE_LIFETIME),
        "no nc refused as a replay"
    );
}

#[tokio::test]
#[ignore = "needs the real peers: scripts/test starts them and runs it"]
async fn digest_recovers_from_stale_nonces() {
    let Some(base) = peer("ATLAS_PEER_DIGEST_STALE_URL") else {
        return;
    };
    const PROJECT: &str = "5f1b2c3d4e5f6a7b8c9d0f63";
    let client = api_key_client(&base);
    let before = apache_log("stale", PROJECT, 0, 0).len();
    let calls = 3;
    for call in 0..calls {
        if call > 0 {
            tokio::time::sleep(Duration::from_millis(2500)).await;
        }
        list_clusters(&client, PROJECT).await.unwrap();
    }
    let lines = apache_log("stale", PROJECT, before, calls);
    let challenges = challenges_in(&lines);
    assert_eq!(
        Ok(challenges),
        challenges_apache_owes(&lines, stale_lifetime())
    );
    println!(
        "apache stale nonces: {calls} calls 2.5 s apart with a 2 s nonce lifetime, {challenges} x 401, all succeeded"
    );
    assert_eq!(
        challenges, 3,
        "the first challenge, then one stale nonce per call"
    );
}

/// What the README compares with: `curl --digest`, one process per call as a script runs it,
/// against the same Apache host, counted in Apache's log.
#[tokio::test]
#[ignore = "needs the real peers: scripts/test starts them and runs it"]
async fn curl_digest_pays_a_challenge_per_call_against_apache() {
    let Some(base) = peer("ATLAS_PEER_DIGEST_URL") else {
        return;
    };
    const PROJECT: &str = "5f1b2c3d4e5f6a7b8c9d0f66";
    let user = std::env::var("ATLAS_PEER_DIGEST_USER").expect("digest user");
    let password = std::env::var("ATLAS_PEER_DIGEST_PASSWORD").expect("digest password");
    let url = format!("{base}/api/atlas/v2/groups/{PROJECT}/clusters");
    let curl = |urls: &[&str]| {
        let status = std::process::Command::new("curl")
            .args(["--silent", "--show-error", "--fail", "--digest"])
            .args(["--user", &format!("{user}:{password}")])
            .args(["--header", "Accept: application/vnd.atlas.2023-01-01+json"])
            .args(urls.iter().flat_map(|url| ["--output", "/dev/null", url]))
            .status()
            .expect("curl (scripts/peers/install.sh installs it)");
        assert!(status.success());
    };
    let before = apache_log("digest", PROJECT, 0, 0).len();
    let calls = 20;
    for _ in 0..calls {
        curl(&[&url]);
    }
    let lines = apache_log("digest", PROJECT, before, calls);
    let challenges = challenges_in(&lines);
    println!(
        "curl --digest: {calls} calls, one process each -> {} HTTP requests, {challenges} x 401",
        lines.len()
    );
    assert_eq!((lines.len(), challenges), (2 * calls, calls));
    // One process, all the URLs: curl keeps the connection but still answers a challenge
    // for every request.
    let before = before + lines.len();
    curl(&vec![url.as_str(); calls]);
    let lines = apache_log("digest", PROJECT, before, calls);
    let challenges = challenges_in(&lines);
    println!(
        "curl --digest: {calls} URLs in one process -> {} HTTP requests, {challenges} x 401",
        lines.len()
    );
    assert_eq!((lines.len(), challenges), (2 * calls, calls));
}

#[tokio::test]
#[ignore = "needs the real peers: scripts/test starts them and runs it"]
async fn digest_requests_pass_prism_behind_apache() {
    let Some(base) = peer("ATLAS_PEER_DIGEST_PRISM_URL") else {
        return;
    };
    let client = api_key_client(&base).with_retry(RetryPolicy::none());
    let request = list_clusters::request(&client, GROUP).unwrap();
    let response = client.send(request).await.unwrap();
    assert_eq!(
        request_violations(&response.raw().headers),
        Vec::<String>::new()
    );
    let entries = json!([{ "ipAddress": "192.0.2.10", "comment": "interop" }]);
    let request = create_access_list_entry::request(&client, GROUP, &entries).unwrap();
    let response = client
        .send(request)
        .await
        .expect("a body resent after the challenge is valid for Prism");
    assert_eq!(
        request_violations(&response.raw().headers),
        Vec::<String>::new()
    );
    println!(
        "apache + prism: GET and POST with a body authenticated by Digest and valid against the spec"
    );
}

fn service_account_client(base: &str, secret: &str) -> Client {
    let id = std::env::var("ATLAS_PEER_OAUTH_CLIENT_ID").expect("client id");
    Client::builder()
        .base_url(base)
        .credentials(Credentials::service_account(id, secret))
        .retry(RetryPolicy::none())
        .build()
        .unwrap()
}

async fn oauth_stats(base: &str) -> Value {
    reqwest_get(&format!("{base}/stats")).await
}

async fn reqwest_get(url: &str) -> Value {
    let body = atlas_endpoint::reqwest::get(url)
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    serde_json::from_slice(&body).unwrap()
}

#[tokio::test]
#[ignore = "needs the real peers: scripts/test starts them and runs it"]
async fn service_account_against_oidc_provider() {
    let Some(base) = peer("ATLAS_PEER_OAUTH_URL") else {
        return;
    };
    let secret = std::env::var("ATLAS_PEER_OAUTH_CLIENT_SECRET").expect("secret");
    let lifetime: u64 = std::env::var("ATLAS_PEER_OAUTH_TTL")
        .ok()
        .and_then(|ttl| ttl.parse().ok())
        .unwrap_or(2);

    // 64 concurrent calls on a cold client: one token request.
    let client = service_account_client(&base, &secret);
    let start = oauth_stats(&base).await["tokenRequests"].as_u64().unwrap();
    let tasks: Vec<_> = (0..64)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { list_clusters(&client, GROUP).await })
        })
        .collect();
    for task in tasks {
        task.await.unwrap().unwrap();
    }
    let cold = oauth_stats(&base).await["tokenRequests"].as_u64().unwrap() - start;
    println!("oidc-provider: 64 concurrent calls on a cold client -> {cold} token request");
    assert_eq!(cold, 1);

    // Calls across three refreshes of real short-lived tokens, until oidc-provider (not the
    // test's clock) has seen four token requests: none early, no call failed, none refused.
    let client = service_account_client(&base, &secret);
    let stats = oauth_stats(&base).await;
    let start = stats["tokenRequests"].as_u64().unwrap();
    let refused_before = stats["apiRefused"].as_u64().unwrap();
    let mut calls = 0;
    let stats = loop {
        list_clusters(&client, GROUP)
            .await
            .expect("no call fails across token lifetimes");
        calls += 1;
        let stats = oauth_stats(&base).await;
        if stats["tokenRequests"].as_u64().unwrap() - start >= 4 {
            break stats;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    let times: Vec<f64> = stats["tokenRequestTimes"].as_array().unwrap()[start as usize..]
        .iter()
        .map(|time| time.as_f64().unwrap())
        .collect();
    let gaps: Vec<f64> = times
        .windows(2)
        .map(|pair| (pair[1] - pair[0]) / 1000.0)
        .collect();
    println!(
        "oidc-provider: {calls} calls with {lifetime} s tokens -> {} token requests, {gaps:.2?} s apart by the server's clock, 0 failed",
        times.len()
    );
    assert_eq!(
        stats["apiRefused"].as_u64().unwrap(),
        refused_before,
        "no call was sent with an expired token"
    );
    // The client counts a second less than `expires_in` (oidc-provider dates tokens to the
    // whole second) and refreshes a fifth of that before: never sooner than 0.8 × (lifetime -
    // 1 s) after the previous request reached the server, less that request's own round trip
    // on loopback (well under 100 ms).
    let period = (lifetime as f64 - 1.0) * 0.8;
    assert!(gaps.iter().all(|gap| *gap >= period - 0.1), "{gaps:?}");

    // A wrong secret is a typed auth error carrying the server's answer.
    let wrong = service_account_client(&base, "not-the-secret");
    let error = list_clusters(&wrong, GROUP).await.unwrap_err();
    assert!(matches!(error, Error::Auth { .. }), "{error:?}");
    assert_eq!(error.auth_code(), Some("invalid_client"));
    assert!(!format!("{error:?}{error}").contains("not-the-secret"));
}

#[tokio::test]
#[ignore = "needs the real peers: scripts/test starts them and runs it"]
async fn bearer_requests_pass_prism() {
    let Some(base) = peer("ATLAS_PEER_PRISM_URL") else {
        return;
    };
    let client = Client::builder()
        .base_url(base)
        .bearer_token("prism")
        .build()
        .unwrap();
    let request = list_clusters::request(&client, GROUP).unwrap();
    let response = client.send(request).await.unwrap();
    assert_eq!(
        request_violations(&response.raw().headers),
        Vec::<String>::new()
    );
    let page: Page<Value> = response.into_json().unwrap();
    assert!(page.total_count.is_some() || !page.results.is_empty());
    let error = list_clusters(&client, "not-a-hex-id").await.unwrap_err();
    assert!(
        error.is_invalid_argument(),
        "bad ids never reach the server: {error}"
    );
}
