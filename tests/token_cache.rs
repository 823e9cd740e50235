//! The token cache shared across processes: on the emulator, clients standing for separate
//! processes share one token through a `FileTokenStore`; against the real `oidc-provider` peer,
//! 20 processes started at once on a cold cache fetch one token. Files are `0600` and never
//! hold the secret.

use atlas_endpoint::testing::{Emulator, EmulatorAuth, Reply};
use atlas_endpoint::token_cache::FileTokenStore;
use atlas_endpoint::{Client, Page, Result, atlas_endpoint};
use atlas_prism_support::{oidc_peer_client, peer, run_children, token_requests};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

const GROUP: &str = "5f1b2c3d4e5f6a7b8c9d0e1f";
const CLIENT_ID: &str = "mdb_sa_id_0123456789abcdef01234567";
const SECRET: &str = "token-cache-test-secret";
/// Set in the child processes the peer test starts: the cache directory to use.
const CHILD_DIR: &str = "ATLAS_TOKEN_CACHE_CHILD_DIR";

#[atlas_endpoint(GET, "/groups/<groupId>/clusters")]
pub async fn list_clusters(client: &Client, group_id: &str) -> Result<Page<Value>>;

/// An empty directory of its own under the system's temporary directory.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("atlas-token-cache-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

/// The only entry file in `dir`.
fn entry_file(dir: &Path) -> PathBuf {
    let entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    assert_eq!(entries.len(), 1, "{entries:?}");
    entries.into_iter().next().unwrap()
}

#[cfg(unix)]
fn assert_private(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "{}", path.display());
}

#[cfg(not(unix))]
fn assert_private(_: &Path) {}

#[tokio::test]
async fn clients_share_one_token_through_files_and_survive_corruption() {
    let emulator = Emulator::start_with(EmulatorAuth::service_account(CLIENT_ID, SECRET))
        .await
        .unwrap();
    emulator.route(&list_clusters::ENDPOINT, |_| {
        Reply::json(200, &json!({ "results": [], "totalCount": 0 }))
    });
    let dir = scratch("emulator");
    // Each client stands for a separate process: nothing shared but the directory.
    let process = || {
        emulator
            .client_builder()
            .token_cache(FileTokenStore::in_dir(&dir))
            .build()
            .unwrap()
    };
    for _ in 0..3 {
        list_clusters(&process(), GROUP).await.unwrap();
    }
    assert_eq!(
        emulator.auth_stats().token_requests,
        1,
        "one token for three clients"
    );
    let file = entry_file(&dir);
    assert_private(&file);
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(!text.contains(SECRET), "the secret is never written");
    assert!(text.contains(CLIENT_ID));

    // A corrupt file is ignored and replaced: one fresh token, no error.
    std::fs::write(&file, b"{\"format\":1,\"access_token\":\"tru").unwrap();
    list_clusters(&process(), GROUP).await.unwrap();
    assert_eq!(emulator.auth_stats().token_requests, 2);
    list_clusters(&process(), GROUP).await.unwrap();
    assert_eq!(
        emulator.auth_stats().token_requests,
        2,
        "the replacement is shared"
    );
    assert_private(&entry_file(&dir));

    // A stored token Atlas refuses (revoked elsewhere) is replaced, not read back again.
    emulator.forget_tokens();
    list_clusters(&process(), GROUP).await.unwrap();
    assert_eq!(emulator.auth_stats().token_requests, 3);
    list_clusters(&process(), GROUP).await.unwrap();
    assert_eq!(
        emulator.auth_stats().token_requests,
        3,
        "the replacement is shared"
    );

    // An expired token is ignored and replaced too.
    let file = entry_file(&dir);
    let mut entry: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    let past = SystemTime::now() - Duration::from_secs(10);
    entry["expires_at"] = json!(
        past.duration_since(SystemTime::UNIX_EPOCH)
            .unwrap()
            .as_secs_f64()
    );
    std::fs::write(&file, serde_json::to_vec(&entry).unwrap()).unwrap();
    list_clusters(&process(), GROUP).await.unwrap();
    assert_eq!(emulator.auth_stats().token_requests, 4);
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
#[ignore = "needs the real peers: scripts/test starts them and runs it"]
async fn twenty_processes_on_a_cold_cache_fetch_one_token_from_oidc_provider() {
    let Some(base) = peer("ATLAS_PEER_OAUTH_URL") else {
        return;
    };
    let secret = std::env::var("ATLAS_PEER_OAUTH_CLIENT_SECRET").expect("secret");
    let dir = scratch("oidc");

    let before = token_requests(&base).await;
    let started = Instant::now();
    let failed = run_children(20, "one_process_one_call", CHILD_DIR, &dir);
    let seconds = started.elapsed().as_secs_f64();
    let cold = token_requests(&base).await - before;
    println!(
        "token cache: 20 processes started at once on a cold cache -> {cold} token request(s), \
         {failed} failed, {seconds:.2} s"
    );
    assert_eq!(failed, 0);
    assert_eq!(cold, 1);
    let file = entry_file(&dir);
    assert_private(&file);
    assert!(!std::fs::read_to_string(&file).unwrap().contains(&secret));

    std::fs::write(&file, b"\x00not json").unwrap();
    let before = token_requests(&base).await;
    let failed = run_children(1, "one_process_one_call", CHILD_DIR, &dir);
    let fresh = token_requests(&base).await - before;
    println!(
        "token cache: a corrupt cache file -> {fresh} fresh token request(s), {failed} failed"
    );
    assert_eq!((fresh, failed), (1, 0));
    assert_private(&entry_file(&dir));
    let _ = std::fs::remove_dir_all(&dir);

    let before = token_requests(&base).await;
    let failed = run_children(20, "one_process_one_call", CHILD_DIR, Path::new(""));
    let uncached = token_requests(&base).await - before;
    println!("token cache: the same 20 processes without the cache -> {uncached} token requests");
    assert_eq!((uncached, failed), (20, 0));
}

/// One process of the test above (ignored unless it starts it): one call through a client
/// with the shared cache.
#[tokio::test]
#[ignore = "started as a separate process by the oidc-provider token cache test"]
async fn one_process_one_call() {
    let (Some(dir), Some(builder)) = (std::env::var_os(CHILD_DIR), oidc_peer_client()) else {
        return;
    };
    let builder = if dir.is_empty() {
        builder
    } else {
        builder.token_cache(FileTokenStore::in_dir(dir))
    };
    let client = builder.build().unwrap();
    list_clusters(&client, GROUP).await.unwrap();
}
