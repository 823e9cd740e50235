//! The two sides of the benchmarks make the same calls: checked against the emulator, which
//! verifies bearer tokens, service-account tokens and Digest answers for real.

use atlas_benches::hand::Hand;
use atlas_benches::{
    CLUSTER, GROUP, create_database_user, get_cluster, list_database_users, new_user, server,
};
use atlas_endpoint::testing::{Emulator, EmulatorAuth, RecordedRequest, Reply};

fn serve_fixtures(emulator: &Emulator) {
    let cluster: serde_json::Value = serde_json::from_str(server::CLUSTER_JSON).unwrap();
    let user: serde_json::Value = serde_json::from_str(server::USER_JSON).unwrap();
    let page: serde_json::Value = serde_json::from_str(server::PAGE_JSON).unwrap();
    emulator.route(&get_cluster::ENDPOINT, move |_| Reply::json(200, &cluster));
    emulator.route(&create_database_user::ENDPOINT, move |_| {
        Reply::json(201, &user)
    });
    emulator.route(&list_database_users::ENDPOINT, move |_| {
        Reply::json(200, &page)
    });
}

/// What must be equal between the two sides' requests.
fn shape(
    request: &RecordedRequest,
) -> (String, String, Option<String>, Vec<Option<String>>, Vec<u8>) {
    let headers = ["accept", "content-type", "user-agent", "authorization"]
        .iter()
        .map(|name| request.header(name).map(str::to_owned))
        .collect();
    (
        request.method.clone(),
        request.path.clone(),
        request.query.clone(),
        headers,
        request.raw_body().to_vec(),
    )
}

#[tokio::test]
async fn both_sides_send_the_same_bearer_requests_and_decode_the_same_answers() {
    let emulator = Emulator::start().await.unwrap();
    serve_fixtures(&emulator);
    let client = emulator.client();
    let hand = Hand::bearer(&emulator.base_url(), emulator.token());
    let user = new_user();

    let ours = get_cluster(&client, GROUP, CLUSTER).await.unwrap();
    assert_eq!(ours, hand.get_cluster(GROUP, CLUSTER).await.unwrap());
    let ours = create_database_user(&client, GROUP, &user).await.unwrap();
    assert_eq!(ours, hand.create_database_user(GROUP, &user).await.unwrap());
    let ours = list_database_users(&client, GROUP, Some(100), Some(2))
        .await
        .unwrap();
    assert_eq!(ours, hand.list_database_users(GROUP, 100, 2).await.unwrap());

    let requests = emulator.requests();
    assert_eq!(requests.len(), 6);
    for pair in requests.chunks(2) {
        assert_eq!(shape(&pair[0]), shape(&pair[1]));
        assert!(pair.iter().all(|request| request.status < 300));
    }
}

#[tokio::test]
async fn the_hand_written_digest_answers_pass_after_one_challenge() {
    let emulator = Emulator::start_with(EmulatorAuth::api_key(
        atlas_benches::API_PUBLIC,
        atlas_benches::API_PRIVATE,
    ))
    .await
    .unwrap();
    serve_fixtures(&emulator);
    let hand = Hand::digest(
        &emulator.base_url(),
        atlas_benches::API_PUBLIC,
        atlas_benches::API_PRIVATE,
    )
    .await
    .unwrap();
    let client = emulator.client();
    for _ in 0..3 {
        hand.get_cluster(GROUP, CLUSTER).await.unwrap();
        get_cluster(&client, GROUP, CLUSTER).await.unwrap();
    }
    let stats = emulator.auth_stats();
    assert_eq!(stats.challenges, 2, "one challenge per side: {stats:?}");
    assert_eq!(
        stats.rejected, 2,
        "only the two challenged requests: {stats:?}"
    );
}

#[tokio::test]
async fn the_hand_written_service_account_fetches_one_token() {
    let emulator = Emulator::start_with(EmulatorAuth::service_account(
        atlas_benches::SA_ID,
        atlas_benches::SA_SECRET,
    ))
    .await
    .unwrap();
    serve_fixtures(&emulator);
    let hand = Hand::service_account(
        &emulator.base_url(),
        atlas_benches::SA_ID,
        atlas_benches::SA_SECRET,
    )
    .await
    .unwrap();
    let client = emulator.client();
    for _ in 0..3 {
        hand.get_cluster(GROUP, CLUSTER).await.unwrap();
        get_cluster(&client, GROUP, CLUSTER).await.unwrap();
    }
    assert_eq!(emulator.auth_stats().tokens_issued, 2);
}
