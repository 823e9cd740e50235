//! No secret, token or Digest response hash ever shows in `Debug`/`Display` of the client, the
//! credentials, the requests or the errors, nor in the `tracing` output of calls.
#![cfg(feature = "testing")]

mod support;

use atlas_endpoint::testing::{Emulator, EmulatorAuth, Reply};
use atlas_endpoint::{Client, Credentials, Result, atlas_endpoint};
use serde_json::json;
use support::Buffer;

const GROUP: &str = "65a1b2c3d4e5f6a7b8c9d0e1";
const CLIENT_SECRET: &str = "mdb_sa_sk_CLIENTSECRET";
const PRIVATE_KEY: &str = "PRIVATEKEY-1234";
const ACCESS_TOKEN: &str = "STATICACCESSTOKEN";

/// Return all clusters in one project.
#[atlas_endpoint(GET, "/groups/<groupId>/clusters")]
async fn list_clusters(client: &Client, group_id: &str) -> Result<serde_json::Value>;

/// Everything a call's authentication put on the wire that must stay secret.
fn sent_secrets(emulator: &Emulator) -> Vec<String> {
    let mut secrets = Vec::new();
    for request in emulator.requests() {
        let Some(value) = request.header("authorization") else {
            continue;
        };
        if let Some(token) = value.strip_prefix("Bearer ") {
            secrets.push(token.to_owned());
        } else if let Some(basic) = value.strip_prefix("Basic ") {
            secrets.push(basic.to_owned());
        } else if let Some(start) = value.find("response=\"") {
            let hash = &value[start + 10..];
            secrets.push(hash[..hash.find('"').unwrap_or(hash.len())].to_owned());
        }
    }
    secrets
}

async fn exercise(auth: EmulatorAuth, wrong: Credentials, shown: &mut Vec<String>) -> Vec<String> {
    let emulator = Emulator::start_with(auth).await.expect("bind loopback");
    emulator.route(&list_clusters::ENDPOINT, |_| {
        Reply::json(200, &json!({"results": []}))
    });
    let client = emulator.client();
    list_clusters(&client, GROUP).await.expect("call");
    list_clusters(&client, GROUP).await.expect("call");
    shown.push(format!("{client:?}"));
    shown.push(format!("{:?}", emulator.credentials()));
    shown.push(format!("{:?}", emulator.auth()));
    let request = list_clusters::request(&client, GROUP).expect("request");
    shown.push(format!("{request} {request:?}"));
    let refused = Client::builder()
        .base_url(emulator.base_url())
        .credentials(wrong.clone())
        .build()
        .expect("builds");
    shown.push(format!("{refused:?} {wrong:?}"));
    let error = list_clusters(&refused, GROUP).await.expect_err("refused");
    shown.push(format!("{error} {error:?}"));
    let missing = list_clusters(&client, "not-a-group")
        .await
        .expect_err("invalid");
    shown.push(format!("{missing} {missing:?}"));
    sent_secrets(&emulator)
}

#[tokio::test]
async fn secrets_never_show() {
    let buffer = Buffer::default();
    let writer = buffer.clone();
    tracing_subscriber::fmt()
        .with_max_level(tracing_subscriber::filter::LevelFilter::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .try_init()
        .expect("the only subscriber of this test binary");

    let mut shown = Vec::new();
    let mut secrets = vec![
        CLIENT_SECRET.to_owned(),
        PRIVATE_KEY.to_owned(),
        ACCESS_TOKEN.to_owned(),
    ];
    secrets.extend(
        exercise(
            EmulatorAuth::service_account("mdb_sa_id_1", CLIENT_SECRET),
            Credentials::service_account("mdb_sa_id_1", "WRONGSECRET"),
            &mut shown,
        )
        .await,
    );
    secrets.extend(
        exercise(
            EmulatorAuth::api_key("publickey", PRIVATE_KEY),
            Credentials::api_key("publickey", "WRONGPRIVATEKEY"),
            &mut shown,
        )
        .await,
    );
    secrets.extend(
        exercise(
            EmulatorAuth::Bearer,
            Credentials::bearer(ACCESS_TOKEN),
            &mut shown,
        )
        .await,
    );
    secrets.extend(["WRONGSECRET".to_owned(), "WRONGPRIVATEKEY".to_owned()]);
    let env_error = Client::from_env().map(|client| format!("{client:?}"));
    shown.push(format!("{env_error:?}"));

    let traced = buffer.text();
    assert!(traced.contains("service-account token fetched"), "{traced}");
    assert!(traced.contains("digest challenge received"), "{traced}");
    let everything = format!("{}\n{traced}", shown.join("\n"));
    let tokens = secrets
        .iter()
        .filter(|secret| secret.starts_with("emulator-sa-"))
        .count();
    let hashes = secrets.iter().filter(|secret| secret.len() == 32).count();
    println!(
        "checked {} secrets ({tokens} tokens, {hashes} Digest hashes) against {} bytes of Debug/Display and {} bytes of tracing output",
        secrets.len(),
        everything.len() - traced.len(),
        traced.len()
    );
    assert!(tokens >= 1 && hashes >= 1, "{secrets:?}");
    for secret in &secrets {
        assert!(secret.len() >= 8, "{secret}");
        assert!(
            !everything.contains(secret.as_str()),
            "{secret} leaked:\n{everything}"
        );
    }
}

#[tokio::test]
async fn credentials_never_follow_a_redirect() {
    let elsewhere = Emulator::start().await.expect("bind loopback");
    let emulator = Emulator::start_with(EmulatorAuth::api_key("publickey", PRIVATE_KEY))
        .await
        .expect("bind loopback");
    let target = format!(
        "{}/api/atlas/v2/groups/{GROUP}/clusters",
        elsewhere.base_url()
    );
    emulator.route(&list_clusters::ENDPOINT, move |_| {
        Reply::json(302, &json!({})).header("location", &target)
    });
    let error = list_clusters(&emulator.client(), GROUP)
        .await
        .expect_err("a redirect is not followed");
    assert_eq!(error.status().map(|status| status.as_u16()), Some(302));
    assert!(elsewhere.requests().is_empty());
}
