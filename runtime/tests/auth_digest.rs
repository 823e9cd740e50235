//! API keys with HTTP Digest against the emulator, over loopback HTTP: one challenge for many
//! calls (MD5, SHA-256, -sess, legacy), stale nonces, bodies resent after a challenge, and
//! refused keys.
#![cfg(feature = "testing")]

use atlas_endpoint::testing::{DigestAlgorithm, Emulator, EmulatorAuth, Reply};
use atlas_endpoint::{AtlasModel, Client, Credentials, Error, Result, atlas_endpoint};
use serde::Serialize;
use serde_json::json;
use std::time::Duration;

const GROUP: &str = "65a1b2c3d4e5f6a7b8c9d0e1";
const PUBLIC_KEY: &str = "abcdefgh";
const PRIVATE_KEY: &str = "11111111-2222-3333-4444-PRIVATEKEYXX";

/// Return all clusters in one project.
#[atlas_endpoint(GET, "/groups/<groupId>/clusters")]
async fn list_clusters(
    client: &Client,
    group_id: &str,
    #[query("pageNum")] page_num: Option<u32>,
) -> Result<serde_json::Value>;

#[derive(Debug, Serialize, AtlasModel)]
#[atlas_model(CloudDatabaseUser)]
#[serde(rename_all = "camelCase")]
pub struct NewUser {
    pub database_name: String,
    pub group_id: String,
    pub username: String,
    pub roles: Vec<serde_json::Value>,
}

/// Create one database user.
#[atlas_endpoint(POST, "/groups/<groupId>/databaseUsers")]
async fn create_database_user(
    client: &Client,
    group_id: &str,
    #[body] user: &NewUser,
) -> Result<serde_json::Value>;

async fn emulator(
    algorithms: Vec<DigestAlgorithm>,
    qop: bool,
    nonce_lifetime: Duration,
) -> Emulator {
    let emulator = Emulator::start_with(EmulatorAuth::Digest {
        public_key: PUBLIC_KEY.into(),
        private_key: PRIVATE_KEY.into(),
        algorithms,
        qop,
        nonce_lifetime,
    })
    .await
    .expect("bind loopback");
    emulator.route(&list_clusters::ENDPOINT, |_| {
        Reply::json(200, &json!({"results": [], "totalCount": 0}))
    });
    emulator.route(&create_database_user::ENDPOINT, |request| {
        Reply::json(201, &request.json().unwrap_or_default())
    });
    emulator
}

async fn hundred_sequential_calls(algorithms: Vec<DigestAlgorithm>, qop: bool, expected: &str) {
    let emulator = emulator(algorithms, qop, Duration::from_secs(300)).await;
    let client = emulator.client();
    for page in 1..=100 {
        list_clusters(&client, GROUP, Some(page))
            .await
            .expect("call");
    }
    let stats = emulator.auth_stats();
    let requests = emulator.requests();
    println!(
        "Digest {expected} (qop: {qop}): 100 sequential calls → {} challenge(s), {} HTTP requests ({:.2} per call)",
        stats.challenges,
        requests.len(),
        requests.len() as f64 / 100.0
    );
    assert_eq!(stats.challenges, 1);
    assert_eq!(requests.len(), 101);
    let last = requests
        .last()
        .and_then(|request| request.header("authorization"))
        .unwrap_or_default();
    assert!(last.contains(&format!("algorithm={expected},")), "{last}");
    assert!(
        last.contains(
            r#"uri="/api/atlas/v2/groups/65a1b2c3d4e5f6a7b8c9d0e1/clusters?pageNum=100""#
        ),
        "{last}"
    );
    if qop {
        assert!(last.contains("nc=00000064"), "{last}");
    }
}

#[tokio::test]
async fn md5_one_challenge_for_a_hundred_calls() {
    hundred_sequential_calls(vec![DigestAlgorithm::Md5], true, "MD5").await;
}

#[tokio::test]
async fn sha256_is_chosen_over_md5_and_one_challenge_serves_a_hundred_calls() {
    hundred_sequential_calls(
        vec![DigestAlgorithm::Md5, DigestAlgorithm::Sha256],
        true,
        "SHA-256",
    )
    .await;
}

#[tokio::test]
async fn session_variants_and_the_legacy_form() {
    hundred_sequential_calls(vec![DigestAlgorithm::Md5Sess], true, "MD5-sess").await;
    hundred_sequential_calls(vec![DigestAlgorithm::Sha256Sess], true, "SHA-256-sess").await;
    hundred_sequential_calls(vec![DigestAlgorithm::Md5], false, "MD5").await;
}

#[tokio::test]
async fn a_stale_nonce_is_recovered() {
    let emulator = emulator(vec![DigestAlgorithm::Md5], true, Duration::from_millis(300)).await;
    let client = emulator.client();
    list_clusters(&client, GROUP, None)
        .await
        .expect("first call");
    tokio::time::sleep(Duration::from_millis(400)).await;
    list_clusters(&client, GROUP, None)
        .await
        .expect("call with a stale nonce");
    list_clusters(&client, GROUP, None)
        .await
        .expect("call with the new nonce");
    let stats = emulator.auth_stats();
    println!(
        "stale nonce: {} challenges ({} stale), {} requests for 3 calls",
        stats.challenges,
        stats.stale_challenges,
        emulator.requests().len()
    );
    assert_eq!((stats.challenges, stats.stale_challenges), (2, 1));
    assert_eq!(emulator.requests().len(), 5);
}

#[tokio::test]
async fn a_post_body_is_resent_after_the_challenge() {
    let emulator = emulator(
        vec![DigestAlgorithm::Sha256],
        true,
        Duration::from_secs(300),
    )
    .await;
    let client = emulator.client();
    let user = NewUser {
        database_name: "admin".into(),
        group_id: GROUP.into(),
        username: "ada, \"the\" first".into(),
        roles: Vec::new(),
    };
    let created = create_database_user(&client, GROUP, &user)
        .await
        .expect("created");
    assert_eq!(
        created,
        json!({"databaseName": "admin", "groupId": GROUP, "username": "ada, \"the\" first", "roles": []})
    );
    let requests = emulator.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].status, 401);
    assert_eq!(requests[0].raw_body(), requests[1].raw_body());
    assert_eq!(requests[1].status, 201);
    assert_eq!(
        requests[1].header("content-type"),
        Some("application/vnd.atlas.2023-01-01+json")
    );
}

#[tokio::test]
async fn concurrent_calls_share_the_nonce_with_distinct_nc() {
    let emulator = emulator(vec![DigestAlgorithm::Md5], true, Duration::from_secs(300)).await;
    let client = emulator.client();
    list_clusters(&client, GROUP, None).await.expect("warm-up");
    let calls: Vec<_> = (0..32)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { list_clusters(&client, GROUP, None).await })
        })
        .collect();
    for call in calls {
        call.await.expect("task").expect("call");
    }
    let stats = emulator.auth_stats();
    println!(
        "32 concurrent Digest calls on a warm client: {} challenge(s)",
        stats.challenges
    );
    assert_eq!(stats.challenges, 1);
    assert_eq!(stats.rejected, 1);
}

#[tokio::test]
async fn a_wrong_private_key_is_an_auth_error_with_the_servers_body() {
    let emulator = emulator(vec![DigestAlgorithm::Md5], true, Duration::from_secs(300)).await;
    let client = Client::builder()
        .base_url(emulator.base_url())
        .credentials(Credentials::api_key(PUBLIC_KEY, "not-the-key-42"))
        .build()
        .expect("builds");
    let error = list_clusters(&client, GROUP, None)
        .await
        .expect_err("refused");
    println!("wrong private key: {error}");
    let Error::Auth {
        response, scheme, ..
    } = &error
    else {
        panic!("expected Error::Auth, got {error:?}");
    };
    assert_eq!(*scheme, "Digest");
    let body = response
        .as_ref()
        .map(|response| response.body.clone())
        .unwrap_or_default();
    assert!(String::from_utf8_lossy(&body).contains("UNAUTHORIZED"));
    assert_eq!(error.status().map(|status| status.as_u16()), Some(401));
    assert_eq!(
        emulator.requests().len(),
        2,
        "one challenge, one refused answer"
    );
    assert!(!format!("{error} {error:?}").contains("not-the-key-42"));
}
