//! The harness of the peer tests (the generated Prism tests, the interop and token-cache
//! tests). For the generated Prism tests: one client per Prism slice, the requests the
//! generated code builds, and the verdict on each (Prism's `sl-violations` of the request, and
//! the answer decoded as the declared function decodes it). The generated files hold only their
//! requests; everything that runs them lives here, once.

use atlas_endpoint::reqwest::header::{HeaderMap, HeaderValue};
use atlas_endpoint::{Client, Error, Request, Response, Result};
use std::collections::HashMap;

/// How many token requests the `oidc-provider` peer at `base` has answered so far.
pub async fn token_requests(base: &str) -> u64 {
    let body = atlas_endpoint::reqwest::get(format!("{base}/stats"))
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let stats: serde_json::Value = serde_json::from_slice(&body).unwrap();
    stats["tokenRequests"].as_u64().unwrap()
}

/// A client builder for the `oidc-provider` peer's service account (no retries), or `None`
/// when the peers are not running: what the child processes of the token-cache tests use.
pub fn oidc_peer_client() -> Option<atlas_endpoint::ClientBuilder> {
    let base = std::env::var("ATLAS_PEER_OAUTH_URL").ok()?;
    let id = std::env::var("ATLAS_PEER_OAUTH_CLIENT_ID").expect("client id");
    let secret = std::env::var("ATLAS_PEER_OAUTH_CLIENT_SECRET").expect("secret");
    Some(
        atlas_endpoint::Client::builder()
            .base_url(base)
            .credentials(atlas_endpoint::Credentials::service_account(id, secret))
            .retry(atlas_endpoint::RetryPolicy::none()),
    )
}

/// Starts `count` copies of this test binary at once, each running only the ignored test
/// `child` with `variable` set to `value`, and waits for them: how many failed.
pub fn run_children(
    count: usize,
    child: &str,
    variable: &str,
    value: impl AsRef<std::ffi::OsStr>,
) -> usize {
    let exe = std::env::current_exe().unwrap();
    let children: Vec<_> = (0..count)
        .map(|_| {
            std::process::Command::new(&exe)
                .args(["--exact", child, "--ignored", "--quiet"])
                .env(variable, value.as_ref())
                .stdout(std::process::Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    children
        .into_iter()
        .map(|mut child| child.wait().unwrap())
        .filter(|status| !status.success())
        .count()
}

/// A peer's setting from the environment scripts/peers/start.sh writes, or `None` (after
/// saying so) when the peers are not running; with `ATLAS_REQUIRE_PEERS` set, a missing peer
/// fails the test instead.
pub fn peer(name: &str) -> Option<String> {
    match std::env::var(name) {
        Ok(value) => Some(value),
        Err(_) if std::env::var_os("ATLAS_REQUIRE_PEERS").is_some() => {
            panic!("{name} is not set: start the peers with scripts/peers/start.sh")
        }
        Err(_) => {
            eprintln!(
                "skipped: {name} is not set (run the tests with scripts/test to start the peers)"
            );
            None
        }
    }
}

/// A client for each (slice, `Prefer` status) a call needs, made on first use; every slice is
/// the same server when only one URL is given (offline).
pub struct Prisms {
    urls: Vec<String>,
    clients: HashMap<(usize, Option<u16>), Client>,
}

impl Prisms {
    /// The Prism mocks, one URL per request-body version slice.
    pub fn new(urls: Vec<String>) -> Self {
        Self {
            urls,
            clients: HashMap::new(),
        }
    }

    /// The client for one slice; `prefer` asks Prism for that success status (`Prefer: code=…`).
    pub fn client(&mut self, slice: usize, prefer: Option<u16>) -> Client {
        let url = self.urls[slice.min(self.urls.len() - 1)].clone();
        self.clients
            .entry((slice, prefer))
            .or_insert_with(|| {
                let mut builder = Client::builder().base_url(url).bearer_token("prism");
                if let Some(code) = prefer {
                    let mut headers = HeaderMap::new();
                    let value = HeaderValue::from_str(&format!("code={code}"))
                        .expect("a status code is a header value");
                    headers.insert("prefer", value);
                    let http = atlas_endpoint::reqwest::Client::builder()
                        .default_headers(headers)
                        .redirect(atlas_endpoint::reqwest::redirect::Policy::none())
                        .build()
                        .expect("a reqwest client");
                    builder = builder.http_client(http);
                }
                builder.build().expect("a loopback client")
            })
            .clone()
    }
}

/// One operation-version's request, built but not sent.
pub struct Call {
    pub operation: &'static str,
    pub version: &'static str,
    /// Decodes the success answer as the declared function does.
    pub decode: fn(Response) -> Result<()>,
    /// The client of the Prism slice that validates this call.
    pub client: Client,
    pub request: Result<Request>,
}

/// The requests of a generated test (every operation-version, or those with options set).
pub type Requests = fn(&mut Prisms) -> Vec<Call>;

/// A sample body as JSON.
pub fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).expect("sample bodies are JSON")
}

/// A sample body parsed into its model, so the request sends what the model serializes.
pub fn typed<T: serde::de::DeserializeOwned>(text: &str) -> T {
    serde_json::from_str(text)
        .unwrap_or_else(|error| panic!("sample body does not fit its model: {error}: {text}"))
}

/// Decodes a JSON answer.
pub fn json_answer(response: Response) -> Result<()> {
    response.into_json::<serde_json::Value>().map(drop)
}

/// Decodes an answer without a body.
pub fn unit_answer(response: Response) -> Result<()> {
    response.into_unit()
}

/// Reads a raw (csv, gzip) answer.
pub fn raw_answer(response: Response) -> Result<()> {
    response.into_bytes().map(drop)
}

/// Prism's `sl-violations` of severity Error about the request (its own example answers may
/// carry violations located in the response, which are not ours).
pub fn request_violations(headers: &HeaderMap) -> Vec<String> {
    let Some(value) = headers.get("sl-violations") else {
        return Vec::new();
    };
    let violations: Vec<serde_json::Value> =
        serde_json::from_slice(value.as_bytes()).unwrap_or_default();
    violations
        .into_iter()
        .filter(|violation| {
            violation["severity"] == "Error" && violation["location"][0] == "request"
        })
        .map(|violation| violation.to_string())
        .collect()
}

/// Sends one request and checks Prism's verdict and the decoding of its answer.
pub async fn check(call: Call) -> Result<(), String> {
    let operation = format!("{} at {}", call.operation, call.version);
    let request = call
        .request
        .map_err(|error| format!("{operation}: request not built: {error}"))?;
    let response = call
        .client
        .send(request)
        .await
        .map_err(|error| match &error {
            Error::Api(api) => format!(
                "{operation}: {} {:?} {}",
                api.status,
                api.headers.get("sl-violations"),
                String::from_utf8_lossy(&api.body)
            ),
            other => format!("{operation}: {other}"),
        })?;
    let ours = request_violations(&response.raw().headers);
    if !ours.is_empty() {
        return Err(format!("{operation}: request violations {ours:?}"));
    }
    (call.decode)(response).map_err(|error| format!("{operation}: answer does not decode: {error}"))
}

/// Runs `test` on a thread with a large stack: the generated `requests` have hundreds of
/// blocks, which an unoptimized build does not fold into one stack frame's worth of slots.
fn on_big_stack(test: impl FnOnce() + Send + 'static) {
    std::thread::Builder::new()
        .stack_size(64 * 1024 * 1024)
        .spawn(test)
        .expect("a test thread")
        .join()
        .expect("the test passes");
}

/// Builds every request offline: every sample path value passes the runtime's raw-value check
/// of its pattern, and every request carries its version's `Accept` header.
pub fn builds_offline(
    requests: Requests,
    with_options: Requests,
    expected: usize,
    expected_with_options: usize,
) {
    on_big_stack(move || {
        let mut prisms = Prisms::new(vec!["http://127.0.0.1:9".to_owned()]);
        let calls = requests(&mut prisms);
        assert_eq!(calls.len(), expected);
        let optioned = with_options(&mut prisms);
        assert_eq!(optioned.len(), expected_with_options);
        let mut failures = Vec::new();
        for call in calls.into_iter().chain(optioned) {
            match &call.request {
                Err(error) => failures.push(format!("{}: {error}", call.operation)),
                Ok(request) => {
                    let endpoint = request.endpoint();
                    assert_eq!(endpoint.operation, call.operation);
                    assert_eq!(endpoint.version, call.version);
                    let accept = request.headers()["accept"].to_str().unwrap_or_default();
                    let media = format!("application/vnd.atlas.{}+", endpoint.version);
                    assert!(accept.starts_with(&media), "{}: {accept}", call.operation);
                }
            }
        }
        assert!(
            failures.is_empty(),
            "requests not built:\n{}",
            failures.join("\n")
        );
    });
}

/// What a generated Prism test declares.
pub struct Suite {
    /// How many Prism slices the calls need (`ATLAS_PEER_PRISM_URLS` has one URL each).
    pub slices: usize,
    pub operations: usize,
    pub operation_versions: usize,
    /// How many of them have optional parameters (sent again with all of them set).
    pub with_options_count: usize,
    /// Operations whose Prism answer is known to lack a property the spec requires, with that
    /// property: each must fail exactly so (a list that goes stale fails the test too).
    pub known_answer_gaps: &'static [(&'static str, &'static str)],
    /// What the suite covers, for its report (`every served version`).
    pub scope: &'static str,
    pub requests: Requests,
    pub with_options: Requests,
}

/// Sends every request to the Prism slices (`ATLAS_PEER_PRISM_URLS`, started by
/// scripts/peers/start.sh; skipped when unset, failing instead when `ATLAS_REQUIRE_PEERS=1`)
/// and asserts that every one passes, printing the counts.
pub fn against_prism(suite: Suite) {
    on_big_stack(move || {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime")
            .block_on(call_every_operation(suite))
    });
}

async fn call_every_operation(suite: Suite) {
    let Ok(urls) = std::env::var("ATLAS_PEER_PRISM_URLS") else {
        assert!(
            std::env::var_os("ATLAS_REQUIRE_PEERS").is_none(),
            "ATLAS_PEER_PRISM_URLS is not set: start the peers with scripts/peers/start.sh"
        );
        eprintln!("skipped: ATLAS_PEER_PRISM_URLS is not set (run the tests with scripts/test)");
        return;
    };
    let urls: Vec<String> = urls.split(',').map(str::to_owned).collect();
    assert_eq!(
        urls.len(),
        suite.slices,
        "one Prism per request-body version slice"
    );
    let mut prisms = Prisms::new(urls);
    let calls = (suite.requests)(&mut prisms);
    assert_eq!(calls.len(), suite.operation_versions);
    let failures = check_all(calls).await;
    println!(
        "prism: {}/{} operation-versions ({} operations, {}) passed",
        suite.operation_versions - failures.len(),
        suite.operation_versions,
        suite.operations,
        suite.scope
    );
    // The same operations again with every optional query and header parameter set, so that
    // their names, types and encodings (arrays, booleans) are validated by Prism too.
    let optioned = (suite.with_options)(&mut prisms);
    let total = optioned.len();
    assert_eq!(total, suite.with_options_count);
    let option_failures = check_all(optioned).await;
    println!(
        "prism: {}/{total} operation-versions with optional parameters passed with all of them set",
        total - option_failures.len()
    );
    let (gaps, failures) = known_gaps(suite.known_answer_gaps, failures);
    let (_, option_failures) = known_gaps(suite.known_answer_gaps, option_failures);
    if !gaps.is_empty() {
        println!(
            "prism: {} of them are answers Prism generates without a property the spec requires (known, listed with the suite)",
            gaps.len()
        );
    }
    for failure in failures.iter().chain(&option_failures) {
        println!("  {failure}");
    }
    assert!(
        failures.is_empty(),
        "{} operation-versions failed against Prism",
        failures.len()
    );
    assert!(
        option_failures.is_empty(),
        "{} operation-versions failed against Prism with their optional parameters set",
        option_failures.len()
    );
    let missing: Vec<_> = suite
        .known_answer_gaps
        .iter()
        .filter(|(operation, _)| !gaps.contains(operation))
        .collect();
    assert!(
        missing.is_empty(),
        "known Prism answer gaps that no longer fail (remove them from the list): {missing:?}"
    );
}

/// Splits `failures` into the operations of `known` that failed only by lacking their listed
/// property, and the rest.
fn known_gaps(
    known: &[(&'static str, &'static str)],
    failures: Vec<String>,
) -> (Vec<&'static str>, Vec<String>) {
    let mut gaps = Vec::new();
    let mut rest = Vec::new();
    for failure in failures {
        let gap = known.iter().find(|(operation, property)| {
            failure.starts_with(&format!("{operation} at "))
                && failure.contains("answer does not decode")
                && failure.contains(&format!("missing field `{property}`"))
        });
        match gap {
            Some((operation, _)) => gaps.push(*operation),
            None => rest.push(failure),
        }
    }
    (gaps, rest)
}

async fn check_all(calls: Vec<Call>) -> Vec<String> {
    let mut failures = Vec::new();
    for call in calls {
        if let Err(failure) = check(call).await {
            failures.push(failure);
        }
    }
    failures
}
