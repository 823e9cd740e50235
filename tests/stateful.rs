//! The emulator's stateful mode: a local Atlas that needs no routes. Its answers are checked
//! against the answer schema of every operation-version it serves, its lifecycles are driven
//! with `Wait`, and routes, faults and rate limits compose with it.

use atlas_endpoint::testing::{Atlas, Emulator, Fault, Lifecycle, TokenBucket, check_answer};
use atlas_endpoint::{
    Client, Error, Page, Result, RetryPolicy, TryStreamExt, Wait, atlas_endpoint, paginate,
};
use atlas_endpoint_catalog::{Expect, OPERATIONS, Operation, SchemaRef, Ty, schema};
use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const ORG: &str = "5f1b2c3d4e5f6a7b8c9d0e1f";

// The test's own declarations: names and paths as a user writes them.

#[atlas_endpoint(POST, "/groups/<groupId>/clusters")]
pub async fn launch(client: &Client, group_id: &str, #[body] cluster: &Value) -> Result<Value>;

#[atlas_endpoint(GET, "/groups/<groupId>/clusters/<clusterName>")]
pub async fn cluster(client: &Client, group_id: &str, cluster_name: &str) -> Result<Value>;

#[atlas_endpoint(PATCH, "/groups/<groupId>/clusters/<clusterName>")]
pub async fn resize(
    client: &Client,
    group_id: &str,
    cluster_name: &str,
    #[body] change: &Value,
) -> Result<Value>;

#[atlas_endpoint(DELETE, "/groups/<groupId>/clusters/<clusterName>")]
pub async fn tear_down(client: &Client, group_id: &str, cluster_name: &str) -> Result<()>;

#[atlas_endpoint(POST, "/groups/<groupId>/databaseUsers")]
pub async fn add_user(client: &Client, group_id: &str, #[body] user: &Value) -> Result<Value>;

#[atlas_endpoint(GET, "/groups/<groupId>/databaseUsers")]
pub async fn users(
    client: &Client,
    group_id: &str,
    #[query("pageNum")] page_num: Option<u32>,
    #[query("itemsPerPage")] items_per_page: Option<u32>,
    #[query("includeCount")] include_count: Option<bool>,
) -> Result<Page<Value>>;

#[atlas_endpoint(GET, "/groups/<groupId>/databaseUsers/<databaseName>/<username>")]
pub async fn user(
    client: &Client,
    group_id: &str,
    database_name: &str,
    username: &str,
) -> Result<Value>;

#[atlas_endpoint(POST, "/groups")]
pub async fn new_project(client: &Client, #[body] project: &Value) -> Result<Value>;

#[atlas_endpoint(GET, "/groups/<groupId>")]
pub async fn project(client: &Client, group_id: &str) -> Result<Value>;

#[atlas_endpoint(GET, "/groups/<groupId>/clusters")]
pub async fn clusters(
    client: &Client,
    group_id: &str,
    #[query("pageNum")] page_num: Option<u32>,
    #[query("itemsPerPage")] items_per_page: Option<u32>,
) -> Result<Page<Value>>;

#[atlas_endpoint(DELETE, "/groups/<groupId>")]
pub async fn drop_project(client: &Client, group_id: &str) -> Result<()>;

#[atlas_endpoint(GET, "/groups/<groupId>/accessList/<entryValue>")]
pub async fn access_entry(client: &Client, group_id: &str, entry_value: &str) -> Result<Value>;

#[atlas_endpoint(DELETE, "/orgs/<orgId>/invites/<invitationId>", deprecated)]
pub async fn delete_org_invite(client: &Client, org_id: &str, invitation_id: &str) -> Result<()>;

fn cluster_body(name: &str) -> Value {
    json!({
        "name": name,
        "clusterType": "REPLICASET",
        "replicationSpecs": [{
            "regionConfigs": [{
                "providerName": "AWS",
                "regionName": "US_EAST_1",
                "priority": 7,
                "electableSpecs": {"instanceSize": "M10", "nodeCount": 3},
            }],
        }],
    })
}

fn user_body(group_id: &str, username: &str) -> Value {
    json!({
        "databaseName": "admin",
        "groupId": group_id,
        "username": username,
        "password": "a long enough password",
        "roles": [{"roleName": "readWrite", "databaseName": "app"}],
    })
}

fn quick(what: &'static str) -> Wait {
    Wait::new(what)
        .timeout(Duration::from_secs(30))
        .interval(Duration::from_millis(1), Duration::from_millis(2))
}

/// The code of an Atlas error.
fn code(error: &Error) -> Option<&str> {
    error.api().and_then(|api| api.error_code.as_deref())
}

// ---------------------------------------------------------------------------------------------
// The flow, with zero routes.

#[tokio::test]
async fn the_whole_flow_runs_with_zero_routes_and_wait() {
    let emulator = Emulator::start().await.unwrap();
    let atlas = emulator.stateful(Lifecycle::after_polls(2));
    let group = atlas.add_project(ORG, "flow");
    let client = emulator.client();

    let created = launch(&client, &group, &cluster_body("Cluster0"))
        .await
        .unwrap();
    assert_eq!(created["stateName"], "CREATING");
    assert_eq!(created["groupId"], group.as_str());

    let mut seen = Vec::new();
    let idle = quick("cluster IDLE")
        .until(
            || cluster(&client, &group, "Cluster0"),
            |answer: &Value| {
                seen.push(answer["stateName"].as_str().unwrap_or("?").to_owned());
                answer["stateName"] == "IDLE"
            },
        )
        .await
        .unwrap();
    assert_eq!(idle["name"], "Cluster0");
    assert_eq!(seen, ["CREATING", "CREATING", "IDLE"]);

    add_user(&client, &group, &user_body(&group, "app"))
        .await
        .unwrap();
    add_user(&client, &group, &user_body(&group, "reporting"))
        .await
        .unwrap();
    let listed = users(&client, &group, None, None, None).await.unwrap();
    let names: Vec<&str> = listed
        .results
        .iter()
        .map(|user| user["username"].as_str().unwrap_or("?"))
        .collect();
    assert_eq!(names, ["app", "reporting"]);
    assert!(
        listed
            .results
            .iter()
            .all(|user| user.get("password").is_none())
    );

    let updated = resize(
        &client,
        &group,
        "Cluster0",
        &json!({"diskWarmingMode": "VISIBLE_EARLIER"}),
    )
    .await
    .unwrap();
    assert_eq!(updated["stateName"], "UPDATING");
    quick("cluster IDLE again")
        .until(
            || cluster(&client, &group, "Cluster0"),
            |answer: &Value| answer["stateName"] == "IDLE",
        )
        .await
        .unwrap();

    tear_down(&client, &group, "Cluster0").await.unwrap();
    assert_eq!(
        cluster(&client, &group, "Cluster0").await.unwrap()["stateName"],
        "DELETING"
    );
    quick("cluster gone")
        .until_gone(|| cluster(&client, &group, "Cluster0"))
        .await
        .unwrap();
    let gone = cluster(&client, &group, "Cluster0").await.unwrap_err();
    assert_eq!(code(&gone), Some("CLUSTER_NOT_FOUND"), "{gone}");
    assert!(
        emulator
            .requests()
            .iter()
            .all(|request| request.status != 501)
    );
}

#[tokio::test(start_paused = true)]
async fn a_delay_lifecycle_follows_the_paused_test_clock() {
    let emulator = Emulator::start().await.unwrap();
    let atlas = emulator.stateful(Lifecycle::after(Duration::from_secs(600)));
    let group = atlas.add_project(ORG, "slow");
    let client = emulator.client();
    launch(&client, &group, &cluster_body("Slow"))
        .await
        .unwrap();
    assert_eq!(
        cluster(&client, &group, "Slow").await.unwrap()["stateName"],
        "CREATING"
    );

    tokio::time::advance(Duration::from_secs(601)).await;

    assert_eq!(
        cluster(&client, &group, "Slow").await.unwrap()["stateName"],
        "IDLE"
    );
}

#[tokio::test]
async fn a_deleted_cluster_is_gone_once_deleted_whether_or_not_a_read_saw_it() {
    let emulator = Emulator::atlas().await.unwrap();
    let group = emulator.atlas_state().unwrap().add_project(ORG, "gone");
    let client = emulator.client().with_retry(RetryPolicy::none());
    launch(&client, &group, &cluster_body("Gone"))
        .await
        .unwrap();
    tear_down(&client, &group, "Gone").await.unwrap();

    // No read of the cluster in between: its deletion is over all the same.
    assert_eq!(project(&client, &group).await.unwrap()["clusterCount"], 0);
    let changed = resize(&client, &group, "Gone", &json!({"paused": true}))
        .await
        .unwrap_err();
    let deleted = tear_down(&client, &group, "Gone").await.unwrap_err();
    assert_eq!(code(&changed), Some("CLUSTER_NOT_FOUND"), "{changed}");
    assert_eq!(code(&deleted), Some("CLUSTER_NOT_FOUND"), "{deleted}");
    drop_project(&client, &group).await.unwrap();

    let group = emulator.atlas_state().unwrap().add_project(ORG, "again");
    launch(&client, &group, &cluster_body("Again"))
        .await
        .unwrap();
    tear_down(&client, &group, "Again").await.unwrap();
    let recreated = launch(&client, &group, &cluster_body("Again"))
        .await
        .unwrap();
    assert_eq!(recreated["stateName"], "CREATING");
}

#[tokio::test(start_paused = true)]
async fn a_deletion_with_a_delay_is_over_when_the_delay_is_and_an_endless_one_never() {
    let emulator = Emulator::start().await.unwrap();
    let atlas = emulator.stateful(Lifecycle::after(Duration::from_secs(60)));
    let group = atlas.add_project(ORG, "delayed");
    let client = emulator.client().with_retry(RetryPolicy::none());
    launch(&client, &group, &cluster_body("Slow"))
        .await
        .unwrap();
    tear_down(&client, &group, "Slow").await.unwrap();
    let during = launch(&client, &group, &cluster_body("Slow"))
        .await
        .unwrap_err();
    assert_eq!(code(&during), Some("DUPLICATE_CLUSTER_NAME"), "{during}");

    tokio::time::advance(Duration::from_secs(61)).await;

    launch(&client, &group, &cluster_body("Slow"))
        .await
        .unwrap();

    let endless = emulator.stateful(Lifecycle::after(Duration::MAX));
    let group = endless.add_project(ORG, "endless");
    let created = launch(&client, &group, &cluster_body("Forever"))
        .await
        .unwrap();
    tokio::time::advance(Duration::from_secs(3600)).await;
    let read = cluster(&client, &group, "Forever").await.unwrap();
    assert_eq!(created["stateName"], "CREATING");
    assert_eq!(read["stateName"], "CREATING");
}

#[tokio::test]
async fn a_list_moves_on_only_the_clusters_it_shows_and_only_once_its_paging_is_valid() {
    let emulator = Emulator::start().await.unwrap();
    let atlas = emulator.stateful(Lifecycle::after_polls(1));
    let group = atlas.add_project(ORG, "paged");
    let client = emulator.client().with_retry(RetryPolicy::none());
    for name in ["First", "Second"] {
        launch(&client, &group, &cluster_body(name)).await.unwrap();
    }

    let refused = clusters(&client, &group, None, Some(0)).await.unwrap_err();
    let first_page = clusters(&client, &group, Some(1), Some(1)).await.unwrap();
    let second = cluster(&client, &group, "Second").await.unwrap();
    let first = cluster(&client, &group, "First").await.unwrap();

    assert_eq!(code(&refused), Some("INVALID_QUERY_PARAMETER"), "{refused}");
    assert_eq!(first_page.results[0]["name"], "First");
    assert_eq!(first_page.results[0]["stateName"], "CREATING");
    assert_eq!(first_page.total_count, Some(2));
    // The list was the first read of `First` only: `Second`'s first read is this get.
    assert_eq!(second["stateName"], "CREATING");
    assert_eq!(first["stateName"], "IDLE");
}

// ---------------------------------------------------------------------------------------------
// Routes, faults and rate limits compose with it.

#[tokio::test]
async fn a_route_wins_over_the_stateful_answer_for_its_operation_only() {
    let emulator = Emulator::atlas().await.unwrap();
    let group = emulator.atlas_state().unwrap().add_project(ORG, "routed");
    emulator.route(&cluster::ENDPOINT, |_| {
        atlas_endpoint::testing::Reply::json(200, &json!({"name": "scripted", "stateName": "IDLE"}))
    });
    let client = emulator.client();

    let created = launch(&client, &group, &cluster_body("Real"))
        .await
        .unwrap();
    let read = cluster(&client, &group, "Real").await.unwrap();

    assert_eq!(created["stateName"], "CREATING");
    assert_eq!(read["name"], "scripted");
}

#[tokio::test]
async fn a_route_can_fault_the_stateful_answer() {
    let emulator = Emulator::atlas().await.unwrap();
    let atlas: Atlas = emulator.atlas_state().unwrap();
    let group = atlas.add_project(ORG, "faulty");
    let calls = std::sync::atomic::AtomicUsize::new(0);
    let state = atlas.clone();
    emulator.route(&cluster::ENDPOINT, move |request| {
        let answer = state.answer(request);
        match calls.fetch_add(1, std::sync::atomic::Ordering::SeqCst) {
            0 => answer.fault(Fault::TruncatedBody),
            _ => answer,
        }
    });
    let client = emulator.client().with_retry(RetryPolicy::none());
    launch(&client, &group, &cluster_body("Flaky"))
        .await
        .unwrap();

    let first = cluster(&client, &group, "Flaky").await.unwrap_err();
    let second = cluster(&client, &group, "Flaky").await.unwrap();

    assert!(first.api().is_none(), "a transport failure: {first}");
    assert_eq!(second["name"], "Flaky");
    assert_eq!(second["stateName"], "IDLE");
}

#[tokio::test]
async fn a_route_built_on_the_stateful_answer_gets_its_checks_too() {
    let emulator = Emulator::atlas().await.unwrap();
    let atlas = emulator.atlas_state().unwrap();
    let group = atlas.add_project(ORG, "checked");
    let state = atlas.clone();
    emulator.route(&add_user::ENDPOINT, move |request| state.answer(request));
    let client = emulator.client().with_retry(RetryPolicy::none());
    let mut partial = user_body(&group, "partial");
    partial["roles"] = json!([{"roleName": "read"}]);

    let refused = add_user(&client, &group, &partial).await.unwrap_err();
    let unknown = user(&client, &group, "admin", "partial").await.unwrap_err();

    assert_eq!(code(&refused), Some("VALIDATION_ERROR"), "{refused}");
    assert_eq!(
        code(&unknown),
        Some("USERNAME_NOT_FOUND"),
        "not kept: {unknown}"
    );
}

#[tokio::test]
async fn a_rate_limit_on_a_declared_endpoint_limits_the_stateful_answers() {
    let emulator = Emulator::atlas().await.unwrap();
    let group = emulator.atlas_state().unwrap().add_project(ORG, "limited");
    emulator.rate_limit(
        &cluster::ENDPOINT,
        TokenBucket::new(1, 1, Duration::from_secs(3600)),
    );
    let client = emulator.client().with_retry(RetryPolicy::none());
    launch(&client, &group, &cluster_body("Busy"))
        .await
        .unwrap();

    cluster(&client, &group, "Busy").await.unwrap();
    let refused = cluster(&client, &group, "Busy").await.unwrap_err();

    assert_eq!(
        code(&refused),
        Some("RATE_LIMITED_TOKEN_BUCKET"),
        "{refused}"
    );
    let limited: Vec<u16> = emulator
        .requests()
        .iter()
        .filter(|request| request.method == "GET")
        .map(|request| request.status)
        .collect();
    assert_eq!(limited, [200, 429]);
}

// ---------------------------------------------------------------------------------------------
// Atlas's error codes.

#[tokio::test]
async fn conflicts_and_missing_resources_answer_atlas_codes() {
    let emulator = Emulator::atlas().await.unwrap();
    let atlas = emulator.atlas_state().unwrap();
    let group = atlas.add_project(ORG, "errors");
    let client = emulator.client().with_retry(RetryPolicy::none());
    launch(&client, &group, &cluster_body("Taken"))
        .await
        .unwrap();
    add_user(&client, &group, &user_body(&group, "app"))
        .await
        .unwrap();
    let other_group = "0123456789abcdef01234567";

    let cases: Vec<(Error, u16, &str)> = vec![
        (
            launch(&client, &group, &cluster_body("Taken"))
                .await
                .unwrap_err(),
            400,
            "DUPLICATE_CLUSTER_NAME",
        ),
        (
            add_user(&client, &group, &user_body(&group, "app"))
                .await
                .unwrap_err(),
            409,
            "USER_ALREADY_EXISTS",
        ),
        (
            new_project(&client, &json!({"name": "errors", "orgId": ORG}))
                .await
                .unwrap_err(),
            409,
            "GROUP_ALREADY_EXISTS",
        ),
        (
            drop_project(&client, &group).await.unwrap_err(),
            409,
            "CANNOT_CLOSE_GROUP_ACTIVE_ATLAS_CLUSTERS",
        ),
        (
            cluster(&client, &group, "Nope").await.unwrap_err(),
            404,
            "CLUSTER_NOT_FOUND",
        ),
        (
            cluster(&client, other_group, "Taken").await.unwrap_err(),
            404,
            "GROUP_NOT_FOUND",
        ),
        (
            user(&client, &group, "admin", "nobody").await.unwrap_err(),
            404,
            "USERNAME_NOT_FOUND",
        ),
        (
            access_entry(&client, &group, "192.0.2.1")
                .await
                .unwrap_err(),
            404,
            "ATLAS_NETWORK_PERMISSION_ENTRY_NOT_FOUND",
        ),
        (
            add_user(&client, &group, &user_body(other_group, "mismatch"))
                .await
                .unwrap_err(),
            400,
            "GROUP_MISMATCH",
        ),
        (
            launch(&client, &group, &json!({"name": "-bad"}))
                .await
                .unwrap_err(),
            400,
            "CLUSTER_NAME_INVALID",
        ),
        (
            resize(&client, &group, "Taken", &json!({"name": "Renamed"}))
                .await
                .unwrap_err(),
            400,
            "CLUSTER_CANNOT_CHANGE_NAME",
        ),
    ];
    #[allow(deprecated)]
    let invite = delete_org_invite(&client, ORG, "65a1b2c3d4e5f6a7b8c9d0e1")
        .await
        .unwrap_err();
    let cases = cases
        .into_iter()
        .chain([(invite, 400, "INVALID_INVITATION_ID")]);

    for (error, status, expected) in cases {
        assert_eq!(code(&error), Some(expected), "{error}");
        assert_eq!(
            error.status().map(|status| status.as_u16()),
            Some(status),
            "{error}"
        );
    }
    // While a deletion is under way, another delete or an update is refused.
    let slow = emulator.stateful(Lifecycle::after_polls(1));
    let group = slow.add_project(ORG, "deleting");
    launch(&client, &group, &cluster_body("Going"))
        .await
        .unwrap();
    tear_down(&client, &group, "Going").await.unwrap();
    let again = tear_down(&client, &group, "Going").await.unwrap_err();
    let changed = resize(&client, &group, "Going", &json!({"paused": true}))
        .await
        .unwrap_err();
    for refused in [again, changed] {
        assert_eq!(
            code(&refused),
            Some("CLUSTER_ALREADY_REQUESTED_DELETION"),
            "{refused}"
        );
    }
}

#[tokio::test]
async fn adding_an_existing_access_list_entry_updates_it() {
    let emulator = Emulator::atlas().await.unwrap();
    let group = emulator.atlas_state().unwrap().add_project(ORG, "access");
    let access = format!("/groups/{group}/accessList");
    let add = |comment: &str| json!([{"ipAddress": "192.0.2.7", "comment": comment}]);

    let first = send(
        &emulator,
        "POST",
        &access,
        "2023-01-01",
        Some(&add("first")),
    )
    .await;
    let second = send(
        &emulator,
        "POST",
        &access,
        "2023-01-01",
        Some(&add("second")),
    )
    .await;
    let listed = send(&emulator, "GET", &access, "2023-01-01", None).await;

    assert_eq!(
        (first.status, second.status, listed.status),
        (200, 200, 200)
    );
    let listed: Value = serde_json::from_slice(&listed.body).unwrap();
    assert_eq!(listed["totalCount"], 1, "{listed}");
    let entry = &listed["results"][0];
    assert_eq!(entry["comment"], "second", "{listed}");
    assert_eq!(entry["ipAddress"], "192.0.2.7");
    assert_eq!(entry["cidrBlock"], "192.0.2.7/32");
}

/// Reads the cluster `name` of `group` at `version`, checked against the version's schema.
async fn read_at(emulator: &Emulator, group: &str, name: &str, version: &str) -> Value {
    let path = format!("/groups/{group}/clusters/{name}");
    let raw = send(emulator, "GET", &path, version, None).await;
    let text = String::from_utf8_lossy(&raw.body).into_owned();
    assert_eq!(raw.status, 200, "{version}: {text}");
    let checked = check_answer("getGroupCluster", version, 200, &raw.body);
    assert_eq!(checked, Ok(()), "{version}: {text}");
    serde_json::from_slice(&raw.body).unwrap()
}

/// Whether `value` is a 24-hex-digit id.
fn is_id(value: &Value) -> bool {
    value
        .as_str()
        .is_some_and(|id| id.len() == 24 && id.bytes().all(|byte| byte.is_ascii_hexdigit()))
}

#[tokio::test]
async fn a_cluster_reads_back_in_every_versions_shape_with_its_topology() {
    let emulator = Emulator::atlas().await.unwrap();
    let group = emulator.atlas_state().unwrap().add_project(ORG, "shapes");
    let clusters = format!("/groups/{group}/clusters");
    let mut sharded = cluster_body("Sharded");
    sharded["clusterType"] = json!("SHARDED");
    let shard = sharded["replicationSpecs"][0].clone();
    sharded["replicationSpecs"] = json!([shard, shard]);
    let created = send(&emulator, "POST", &clusters, "2024-10-23", Some(&sharded)).await;
    assert_eq!(created.status, 201);

    let legacy = read_at(&emulator, &group, "Sharded", "2023-01-01").await;
    let advanced = read_at(&emulator, &group, "Sharded", "2023-02-01").await;
    let current = read_at(&emulator, &group, "Sharded", "2024-08-05").await;

    assert_eq!(legacy["numShards"], 2, "{legacy}");
    assert_eq!(
        legacy["providerSettings"],
        json!({"providerName": "AWS", "regionName": "US_EAST_1", "instanceSizeName": "M10"})
    );
    let spec = &legacy["replicationSpecs"][0];
    assert_eq!(spec["numShards"], 2, "{legacy}");
    assert_eq!(
        spec["regionsConfig"]["US_EAST_1"],
        json!({"electableNodes": 3, "readOnlyNodes": 0, "analyticsNodes": 0, "priority": 7})
    );
    assert_eq!(advanced["replicationSpecs"].as_array().unwrap().len(), 1);
    let spec = &advanced["replicationSpecs"][0];
    assert_eq!(spec["numShards"], 2, "{advanced}");
    assert_eq!(
        spec["regionConfigs"][0]["electableSpecs"]["instanceSize"],
        "M10"
    );
    let shards = current["replicationSpecs"].as_array().unwrap();
    assert_eq!(shards.len(), 2, "{current}");
    assert!(
        shards
            .iter()
            .all(|shard| is_id(&shard["id"]) && is_id(&shard["zoneId"]))
    );
    assert_ne!(shards[0]["id"], shards[1]["id"]);
    assert_eq!(shards[0]["zoneId"], shards[1]["zoneId"]);
    assert_eq!(spec["id"], shards[0]["id"]);
    assert_eq!(spec["zoneId"], shards[0]["zoneId"]);
    assert_eq!(legacy["replicationSpecs"][0]["id"], shards[0]["id"]);

    // Created in the legacy shape, it reads in the current one; a 2023-02-01 update adds shards
    // and the first keeps its id.
    let body = json!({
        "name": "Legacy",
        "clusterType": "REPLICASET",
        "numShards": 1,
        "providerSettings": {"providerName": "AWS", "instanceSizeName": "M10", "regionName": "US_EAST_1"},
    });
    let created = send(&emulator, "POST", &clusters, "2023-01-01", Some(&body)).await;
    assert_eq!(
        created.status,
        201,
        "{}",
        String::from_utf8_lossy(&created.body)
    );
    let before = read_at(&emulator, &group, "Legacy", "2024-08-05").await;
    let region = &before["replicationSpecs"][0]["regionConfigs"][0];
    assert_eq!(region["providerName"], "AWS", "{before}");
    assert_eq!(region["regionName"], "US_EAST_1");
    assert_eq!(
        region["electableSpecs"],
        json!({"instanceSize": "M10", "nodeCount": 3})
    );
    let mut grown = read_at(&emulator, &group, "Legacy", "2023-02-01").await;
    let spec = grown["replicationSpecs"][0].as_object_mut().unwrap();
    spec.insert("numShards".into(), json!(3));
    spec.remove("id");
    spec.remove("zoneId");
    let change = json!({"clusterType": "SHARDED", "replicationSpecs": grown["replicationSpecs"]});
    let path = format!("{clusters}/Legacy");
    let updated = send(&emulator, "PATCH", &path, "2023-02-01", Some(&change)).await;
    assert_eq!(
        updated.status,
        200,
        "{}",
        String::from_utf8_lossy(&updated.body)
    );
    let after = read_at(&emulator, &group, "Legacy", "2024-08-05").await;
    let shards = after["replicationSpecs"].as_array().unwrap();
    assert_eq!(shards.len(), 3, "{after}");
    assert_eq!(shards[0]["id"], before["replicationSpecs"][0]["id"]);
    assert!(
        shards
            .iter()
            .all(|shard| shard["zoneId"] == shards[0]["zoneId"])
    );
}

#[tokio::test]
async fn self_links_encode_names_and_lead_back_to_the_resource() {
    let emulator = Emulator::atlas().await.unwrap();
    let group = emulator.atlas_state().unwrap().add_project(ORG, "links");
    let arn = "arn:aws:iam::123456789012:user/app";
    let user = json!({
        "databaseName": "$external",
        "groupId": group,
        "username": arn,
        "awsIAMType": "USER",
        "roles": [{"roleName": "read", "databaseName": "app"}],
    });
    let path = format!("/groups/{group}/databaseUsers");
    let created = send(&emulator, "POST", &path, "2023-01-01", Some(&user)).await;
    assert_eq!(
        created.status,
        201,
        "{}",
        String::from_utf8_lossy(&created.body)
    );
    let created: Value = serde_json::from_slice(&created.body).unwrap();
    let href = created["links"][0]["href"].as_str().unwrap();
    let encoded = "/databaseUsers/%24external/arn%3Aaws%3Aiam%3A%3A123456789012%3Auser%2Fapp";
    assert!(href.ends_with(encoded), "{href}");

    let relative = href.split("/api/atlas/v2").nth(1).unwrap();
    let read = send(&emulator, "GET", relative, "2023-01-01", None).await;
    assert_eq!(read.status, 200, "{}", String::from_utf8_lossy(&read.body));
    let read: Value = serde_json::from_slice(&read.body).unwrap();
    assert_eq!(read["username"], arn);
}

#[tokio::test]
async fn renaming_a_project_to_a_name_its_organization_has_is_refused() {
    let emulator = Emulator::atlas().await.unwrap();
    let atlas = emulator.atlas_state().unwrap();
    let first = atlas.add_project(ORG, "first");
    atlas.add_project(ORG, "second");
    let path = format!("/groups/{first}");

    let rename = |name: &str| {
        let body = json!({ "name": name });
        let (emulator, path) = (&emulator, &path);
        async move { send(emulator, "PATCH", path, "2023-01-01", Some(&body)).await }
    };
    let taken = rename("second").await;
    let same = rename("first").await;
    let free = rename("third").await;

    let error: Value = serde_json::from_slice(&taken.body).unwrap();
    assert_eq!(
        (taken.status, &error["errorCode"]),
        (409, &json!("GROUP_ALREADY_EXISTS"))
    );
    assert_eq!((same.status, free.status), (200, 200));
}

// ---------------------------------------------------------------------------------------------
// Pagination.

#[tokio::test]
async fn lists_page_as_atlas_pages_them() {
    let emulator = Emulator::atlas().await.unwrap();
    let group = emulator.atlas_state().unwrap().add_project(ORG, "pages");
    let client = emulator.client().with_retry(RetryPolicy::none());
    for index in 0..5 {
        add_user(&client, &group, &user_body(&group, &format!("user{index}")))
            .await
            .unwrap();
    }

    let second = users(&client, &group, Some(2), Some(2), None)
        .await
        .unwrap();
    let last = users(&client, &group, Some(3), Some(2), Some(false))
        .await
        .unwrap();
    let beyond = users(&client, &group, Some(9), Some(2), None)
        .await
        .unwrap();
    let too_big = users(&client, &group, None, Some(501), None)
        .await
        .unwrap_err();
    let all: Vec<Value> = paginate(2, |page| {
        users(
            &client,
            &group,
            Some(page.page_num),
            Some(page.items_per_page),
            None,
        )
    })
    .try_collect()
    .await
    .unwrap();

    let names = |page: &Page<Value>| -> Vec<String> {
        page.results
            .iter()
            .map(|user| user["username"].as_str().unwrap_or("?").to_owned())
            .collect()
    };
    assert_eq!(names(&second), ["user2", "user3"]);
    assert_eq!(second.total_count, Some(5));
    let rels: Vec<&str> = second.links.iter().map(|link| link.rel.as_str()).collect();
    assert_eq!(rels, ["previous", "self", "next"]);
    assert!(
        second.links[1].href.ends_with(&format!(
            "/api/atlas/v2/groups/{group}/databaseUsers?pageNum=2&itemsPerPage=2"
        )),
        "{:?}",
        second.links
    );
    assert_eq!(names(&last), ["user4"]);
    assert_eq!(last.total_count, None);
    assert!(last.links.iter().all(|link| link.rel != "next"));
    assert!(beyond.results.is_empty());
    assert_eq!(code(&too_big), Some("INVALID_QUERY_PARAMETER"), "{too_big}");
    assert_eq!(all.len(), 5);
}

// ---------------------------------------------------------------------------------------------
// Every answer of every served operation-version validates against its schema.

#[test]
fn the_answer_check_refuses_what_atlas_never_sends() {
    let user = json!({"databaseName": "admin", "username": "app", "roles": []});
    let with_password =
        json!({"databaseName": "admin", "username": "app", "roles": [], "password": "x"});
    let without_roles = json!({"databaseName": "admin", "username": "app", "unknown": 1});
    let bad_role =
        json!({"databaseName": "admin", "username": "app", "roles": [{"roleName": "readWrite"}]});
    let check = |value: &Value| {
        check_answer(
            "getGroupDatabaseUser",
            "2023-01-01",
            200,
            value.to_string().as_bytes(),
        )
    };

    assert_eq!(check(&user), Ok(()));
    assert_eq!(
        check(&with_password),
        Err(vec![
            "password: is write-only: answers never carry it".to_owned()
        ])
    );
    assert_eq!(
        check(&without_roles),
        Err(vec![
            "unknown: `CloudDatabaseUser` has no property `unknown`".to_owned(),
            "roles: is required".to_owned(),
        ])
    );
    assert_eq!(
        check(&bad_role),
        Err(vec!["roles[0].databaseName: is required".to_owned()])
    );
    assert!(check_answer("deleteGroupDatabaseUser", "2023-01-01", 204, b"{}").is_err());
    assert!(check_answer("getGroupDatabaseUser", "2023-01-01", 201, b"{}").is_err());
    assert!(check_answer("getGroupDatabaseUser", "2099-01-01", 200, b"{}").is_err());
    assert!(check_answer("getGroupDatabaseUser", "2023-01-01", 404, b"{}").is_err());
}

/// A raw answer: status, content type, body.
struct Raw {
    status: u16,
    content_type: Option<String>,
    body: Vec<u8>,
}

/// Sends one request over a fresh connection, as any client would, asking for `version`.
async fn send(
    emulator: &Emulator,
    method: &str,
    path: &str,
    version: &str,
    body: Option<&Value>,
) -> Raw {
    let address = emulator.base_url().trim_start_matches("http://").to_owned();
    let mut stream = tokio::net::TcpStream::connect(&address).await.unwrap();
    let media = format!("application/vnd.atlas.{version}+json");
    let payload = body.map(|body| body.to_string()).unwrap_or_default();
    let mut head = format!(
        "{method} /api/atlas/v2{path} HTTP/1.1\r\nHost: {address}\r\nAuthorization: Bearer {}\r\nAccept: {media}\r\nConnection: close\r\n",
        emulator.token()
    );
    if body.is_some() {
        head.push_str(&format!(
            "Content-Type: {media}\r\nContent-Length: {}\r\n",
            payload.len()
        ));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(payload.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await.unwrap();
    let split = answer
        .windows(4)
        .position(|window| window == b"\r\n\r\n")
        .expect("a complete head");
    let head = String::from_utf8_lossy(&answer[..split]).into_owned();
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|status| status.parse().ok())
        .expect("a status line");
    let content_type = head.lines().find_map(|line| {
        let (name, value) = line.split_once(':')?;
        name.eq_ignore_ascii_case("content-type")
            .then(|| value.trim().to_owned())
    });
    Raw {
        status,
        content_type,
        body: answer[split + 4..].to_vec(),
    }
}

/// The ids a row's path and body refer to.
struct Ids {
    group: String,
    /// A project without clusters.
    empty: String,
    invitation: String,
}

/// One served operation: how to call it once the fixture is in place, and the status Atlas
/// answers.
struct Row {
    operation: &'static str,
    method: &'static str,
    path: fn(&Ids) -> String,
    body: fn(&Ids, &str) -> Option<Value>,
    status: u16,
    /// Fields of the answer (JSON pointers) and their values as text (`GROUP` and `INVITATION`
    /// stand for the fixture's ids).
    expect: &'static [(&'static str, &'static str)],
}

const fn row(
    operation: &'static str,
    method: &'static str,
    path: fn(&Ids) -> String,
    body: fn(&Ids, &str) -> Option<Value>,
    status: u16,
    expect: &'static [(&'static str, &'static str)],
) -> Row {
    Row {
        operation,
        method,
        path,
        body,
        status,
        expect,
    }
}

fn none(_: &Ids, _: &str) -> Option<Value> {
    None
}

/// A cluster body for `version`: the 2023-01-01 (legacy) shape, or the advanced one.
fn cluster_for(version: &str, name: &str) -> Value {
    if version == "2023-01-01" {
        json!({"name": name, "clusterType": "REPLICASET", "numShards": 1, "diskSizeGB": 10.0})
    } else {
        cluster_body(name)
    }
}

#[rustfmt::skip]
const ROWS: &[Row] = &[
    row("listGroups", "GET", |_| "/groups".into(), none, 200, &[("/results/0/name", "fixture"), ("/results/0/id", "GROUP")]),
    row("createGroup", "POST", |_| "/groups".into(), |_, _| Some(json!({"name": "second", "orgId": ORG, "tags": [{"key": "env", "value": "test"}]})), 200, &[("/name", "second"), ("/orgId", ORG)]),
    row("getGroup", "GET", |ids| format!("/groups/{}", ids.group), none, 200, &[("/id", "GROUP"), ("/name", "fixture"), ("/clusterCount", "1")]),
    row("getGroupByName", "GET", |_| "/groups/byName/fixture".into(), none, 200, &[("/id", "GROUP"), ("/name", "fixture")]),
    row("updateGroup", "PATCH", |ids| format!("/groups/{}", ids.group), |_, _| Some(json!({"name": "renamed"})), 200, &[("/id", "GROUP"), ("/name", "renamed")]),
    row("deleteGroup", "DELETE", |ids| format!("/groups/{}", ids.empty), none, 204, &[]),
    row("listGroupClusters", "GET", |ids| format!("/groups/{}/clusters", ids.group), none, 200, &[("/results/0/name", "Fixture"), ("/results/0/stateName", "IDLE"), ("/results/0/groupId", "GROUP")]),
    row("createGroupCluster", "POST", |ids| format!("/groups/{}/clusters", ids.group), |_, version| Some(cluster_for(version, "Another")), 201, &[("/name", "Another"), ("/stateName", "CREATING"), ("/groupId", "GROUP")]),
    row("getGroupCluster", "GET", |ids| format!("/groups/{}/clusters/Fixture", ids.group), none, 200, &[("/name", "Fixture"), ("/stateName", "IDLE"), ("/groupId", "GROUP")]),
    row("updateGroupCluster", "PATCH", |ids| format!("/groups/{}/clusters/Fixture", ids.group), |_, _| Some(json!({"paused": false, "backupEnabled": true})), 200, &[("/name", "Fixture"), ("/stateName", "UPDATING"), ("/backupEnabled", "true")]),
    row("deleteGroupCluster", "DELETE", |ids| format!("/groups/{}/clusters/Fixture", ids.group), none, 202, &[]),
    row("listGroupDatabaseUsers", "GET", |ids| format!("/groups/{}/databaseUsers", ids.group), none, 200, &[("/results/0/username", "app"), ("/results/0/databaseName", "admin")]),
    row("createGroupDatabaseUser", "POST", |ids| format!("/groups/{}/databaseUsers", ids.group), |ids, _| Some(user_body(&ids.group, "another")), 201, &[("/username", "another"), ("/roles/0/roleName", "readWrite")]),
    row("getGroupDatabaseUser", "GET", |ids| format!("/groups/{}/databaseUsers/admin/app", ids.group), none, 200, &[("/username", "app"), ("/roles/0/databaseName", "app")]),
    row("updateGroupDatabaseUser", "PATCH", |ids| format!("/groups/{}/databaseUsers/admin/app", ids.group), |_, _| Some(json!({"description": "the app", "scopes": [{"name": "Fixture", "type": "CLUSTER"}]})), 200, &[("/username", "app"), ("/description", "the app")]),
    row("deleteGroupDatabaseUser", "DELETE", |ids| format!("/groups/{}/databaseUsers/admin/app", ids.group), none, 204, &[]),
    row("listGroupAccessListEntries", "GET", |ids| format!("/groups/{}/accessList", ids.group), none, 200, &[("/results/0/ipAddress", "192.0.2.1"), ("/results/0/comment", "laptop")]),
    row("createGroupAccessListEntry", "POST", |ids| format!("/groups/{}/accessList", ids.group), |_, _| Some(json!([{"cidrBlock": "198.51.100.0/24", "comment": "office"}, {"ipAddress": "192.0.2.1", "comment": "updated"}])), 200, &[("/totalCount", "2"), ("/results/0/comment", "updated"), ("/results/1/cidrBlock", "198.51.100.0/24")]),
    row("getGroupAccessListEntry", "GET", |ids| format!("/groups/{}/accessList/192.0.2.1", ids.group), none, 200, &[("/ipAddress", "192.0.2.1"), ("/cidrBlock", "192.0.2.1/32")]),
    row("deleteGroupAccessListEntry", "DELETE", |ids| format!("/groups/{}/accessList/192.0.2.1%2F32", ids.group), none, 204, &[]),
    row("listOrgInvites", "GET", |_| format!("/orgs/{ORG}/invites"), none, 200, &[("/0/username", "invited@example.com"), ("/0/id", "INVITATION")]),
    row("createOrgInvite", "POST", |_| format!("/orgs/{ORG}/invites"), |_, _| Some(json!({"username": "new@example.com", "roles": ["ORG_MEMBER"]})), 200, &[("/username", "new@example.com"), ("/roles/0", "ORG_MEMBER")]),
    row("getOrgInvite", "GET", |ids| format!("/orgs/{ORG}/invites/{}", ids.invitation), none, 200, &[("/id", "INVITATION"), ("/username", "invited@example.com")]),
    row("updateOrgInviteById", "PATCH", |ids| format!("/orgs/{ORG}/invites/{}", ids.invitation), |_, _| Some(json!({"roles": ["ORG_READ_ONLY"]})), 200, &[("/id", "INVITATION"), ("/roles/0", "ORG_READ_ONLY")]),
    row("updateOrgInvites", "PATCH", |_| format!("/orgs/{ORG}/invites"), |_, _| Some(json!({"username": "invited@example.com", "roles": ["ORG_BILLING_ADMIN"]})), 200, &[("/id", "INVITATION"), ("/roles/0", "ORG_BILLING_ADMIN")]),
    row("deleteOrgInvite", "DELETE", |ids| format!("/orgs/{ORG}/invites/{}", ids.invitation), none, 204, &[]),
];

/// A fresh stateful emulator holding one of each resource, its fixture cluster already `IDLE`.
async fn fixture(lifecycle: Lifecycle) -> (Emulator, Ids) {
    let emulator = Emulator::start().await.unwrap();
    let atlas = emulator.stateful(lifecycle);
    let group = atlas.add_project(ORG, "fixture");
    let empty = atlas.add_project(ORG, "empty");
    let setup = [
        (
            "/groups/GROUP/clusters",
            "2024-10-23",
            cluster_body("Fixture"),
        ),
        (
            "/groups/GROUP/databaseUsers",
            "2023-01-01",
            user_body(&group, "app"),
        ),
        (
            "/groups/GROUP/accessList",
            "2023-01-01",
            json!([{"ipAddress": "192.0.2.1", "comment": "laptop"}]),
        ),
        (
            "/orgs/ORG/invites",
            "2023-01-01",
            json!({
                "username": "invited@example.com",
                "roles": ["ORG_MEMBER"],
                "groupRoleAssignments": [{"groupId": group, "roles": ["GROUP_READ_ONLY", "GROUP_OWNER"]}],
            }),
        ),
    ];
    let mut invitation = String::new();
    for (path, version, body) in setup {
        let path = path.replace("GROUP", &group).replace("ORG", ORG);
        let raw = send(&emulator, "POST", &path, version, Some(&body)).await;
        assert!(
            raw.status < 300,
            "{path}: {}",
            String::from_utf8_lossy(&raw.body)
        );
        if path.ends_with("/invites") {
            let answer: Value = serde_json::from_slice(&raw.body).unwrap();
            invitation = answer["id"].as_str().unwrap().to_owned();
        }
    }
    let ids = Ids {
        group,
        empty,
        invitation,
    };
    (emulator, ids)
}

#[tokio::test]
async fn every_answer_of_every_served_operation_version_validates_against_its_schema() {
    let mut covered = BTreeSet::new();
    for row in ROWS {
        let operation = OPERATIONS
            .iter()
            .find(|operation| operation.operation_id == row.operation)
            .unwrap_or_else(|| panic!("{} is not in the catalog", row.operation));
        assert_eq!(operation.method.as_str(), row.method, "{}", row.operation);
        for version in operation.versions {
            let version = version.version;
            let (emulator, ids) = fixture(Lifecycle::instant()).await;
            let body = (row.body)(&ids, version);
            let raw = send(
                &emulator,
                row.method,
                &(row.path)(&ids),
                version,
                body.as_ref(),
            )
            .await;
            let what = format!("{} {version}", row.operation);
            let text = String::from_utf8_lossy(&raw.body).into_owned();

            assert_eq!(raw.status, row.status, "{what}: {text}");
            if let Err(problems) = check_answer(row.operation, version, raw.status, &raw.body) {
                panic!("{what} answered what Atlas never sends: {problems:#?}\n{text}");
            }
            if !raw.body.is_empty() {
                let media = format!("application/vnd.atlas.{version}+json");
                assert_eq!(raw.content_type.as_deref(), Some(media.as_str()), "{what}");
                let answer: Value = serde_json::from_slice(&raw.body).unwrap();
                assert_fields(&what, operation, version, &answer, row.expect, &ids);
            }
            covered.insert((row.operation, version));
        }
    }
    let served: BTreeSet<(&str, &str)> = Atlas::operations()
        .into_iter()
        .flat_map(|id| {
            let operation = OPERATIONS
                .iter()
                .find(|operation| operation.operation_id == id)
                .unwrap();
            operation
                .versions
                .iter()
                .map(move |version| (id, version.version))
        })
        .collect();
    assert_eq!(covered, served, "every served operation-version has a row");
}

/// The answer carries the row's fields with their values, and its resource (the first result of
/// a list) carries `id`, `name`, `stateName` and `links` wherever the version's schema has them.
fn assert_fields(
    what: &str,
    operation: &Operation,
    version: &str,
    answer: &Value,
    expect: &[(&str, &str)],
    ids: &Ids,
) {
    for (pointer, expected) in expect {
        let expected = match *expected {
            "GROUP" => ids.group.as_str(),
            "INVITATION" => ids.invitation.as_str(),
            other => other,
        };
        let found = match answer.pointer(pointer) {
            Some(Value::String(text)) => text.clone(),
            Some(other) => other.to_string(),
            None => panic!("{what}: no {pointer} in {answer}"),
        };
        assert_eq!(found, expected, "{what}: {pointer} in {answer}");
    }
    let version = operation
        .versions
        .iter()
        .find(|known| known.version == version)
        .unwrap();
    let Some(answer_schema) = version.answer_schema() else {
        return;
    };
    let (name, resource) = match answer_schema {
        SchemaRef::ArrayOf(name) => (name, &answer[0]),
        SchemaRef::One(name) => match schema(name).and_then(|found| {
            found
                .properties
                .iter()
                .find_map(|property| match property.ty {
                    Ty::Array(Ty::Ref(item)) if property.name == "results" => Some(*item),
                    _ => None,
                })
        }) {
            Some(item) => (item, &answer["results"][0]),
            None => (name, answer),
        },
    };
    let known = schema(name).unwrap();
    for field in ["id", "name", "stateName", "links"] {
        if known
            .properties
            .iter()
            .any(|property| property.name == field)
        {
            let value = &resource[field];
            assert!(
                !value.is_null() && value != "" && value != &json!([]),
                "{what}: `{name}` has `{field}`, the answer has none: {answer}"
            );
        }
    }
}

/// A request the stateful mode must refuse with an Atlas error.
struct Refused {
    operation: &'static str,
    method: &'static str,
    path: String,
    version: &'static str,
    body: Option<Value>,
    status: u16,
    /// Atlas's `errorCode`.
    code: &'static str,
}

fn refused(
    operation: &'static str,
    method: &'static str,
    path: String,
    version: &'static str,
    body: Option<Value>,
    status: u16,
    code: &'static str,
) -> Refused {
    Refused {
        operation,
        method,
        path,
        version,
        body,
        status,
        code,
    }
}

#[tokio::test]
async fn its_error_answers_are_atlas_errors_and_hostile_requests_get_4xx() {
    let (emulator, ids) = fixture(Lifecycle::instant()).await;
    let group = &ids.group;
    let clusters = format!("/groups/{group}/clusters");
    let access = format!("/groups/{group}/accessList");
    let (get, post) = ("GET", "POST");
    // Kept and answered back, a role must name its database (routes do not require it).
    let mut incomplete_role = user_body(group, "partial");
    incomplete_role["roles"] = json!([{"roleName": "read"}]);
    #[rustfmt::skip]
    let cases = [
        refused("getGroupCluster", get, format!("{clusters}/Missing"), "2024-08-05", None, 404, "CLUSTER_NOT_FOUND"),
        refused("getGroupCluster", get, format!("{clusters}/%FF%FE"), "2024-08-05", None, 400, "INVALID_PATH_PARAMETER"),
        refused("getGroupCluster", get, format!("{clusters}/dotted.name"), "2024-08-05", None, 400, "INVALID_PATH_PARAMETER"),
        refused("getGroup", get, "/groups/not-hex".into(), "2023-01-01", None, 400, "INVALID_PATH_PARAMETER"),
        refused("getOrgInvite", get, format!("/orgs/{ORG}/invites/NOT-HEX"), "2023-01-01", None, 400, "INVALID_PATH_PARAMETER"),
        refused("getGroupAccessListEntry", get, format!("{access}/not-an-address"), "2023-01-01", None, 400, "INVALID_PATH_PARAMETER"),
        refused("getGroupByName", get, "/groups/byName/nameless".into(), "2023-01-01", None, 404, "GROUP_NAME_NOT_FOUND"),
        refused("listGroupClusters", get, format!("{clusters}?pageNum=0"), "2024-08-05", None, 400, "INVALID_QUERY_PARAMETER"),
        refused("listGroupClusters", get, format!("{clusters}?includeCount=maybe"), "2024-08-05", None, 400, "INVALID_QUERY_PARAMETER"),
        refused("getOrgInvite", get, format!("/orgs/{ORG}/invites/{group}"), "2023-01-01", None, 404, "RESOURCE_NOT_FOUND"),
        refused("createGroupCluster", post, clusters.clone(), "2024-10-23", Some(json!({"name": 7})), 400, "VALIDATION_ERROR"),
        refused("createGroupCluster", post, clusters.clone(), "2024-10-23", Some(json!({"paused": false})), 400, "MISSING_ATTRIBUTE"),
        refused("createGroupCluster", post, clusters.clone(), "2024-10-23", Some(json!("not an object")), 400, "VALIDATION_ERROR"),
        refused("createGroupAccessListEntry", post, access.clone(), "2023-01-01", Some(json!([{"ipAddress": "999.1.1.1"}])), 400, "INVALID_IP_ADDRESS_OR_CIDR_NOTATION"),
        refused("createGroupAccessListEntry", post, access.clone(), "2023-01-01", Some(json!([{"comment": "no address"}])), 400, "MISSING_ONE_OF_THREE_ATTRIBUTES"),
        refused("createGroupDatabaseUser", post, format!("/groups/{group}/databaseUsers"), "2023-01-01", Some(incomplete_role), 400, "VALIDATION_ERROR"),
        refused("updateGroupDatabaseUser", "PATCH", format!("/groups/{group}/databaseUsers/admin/app"), "2023-01-01", Some(json!({"roles": [{"roleName": "read"}]})), 400, "VALIDATION_ERROR"),
        refused("updateGroupDatabaseUser", "PATCH", format!("/groups/{group}/databaseUsers/admin/app"), "2023-01-01", Some(json!({"username": "renamed"})), 409, "DATABASE_USERNAME_CANNOT_BE_CHANGED"),
        refused("updateGroupDatabaseUser", "PATCH", format!("/groups/{group}/databaseUsers/admin/app"), "2023-01-01", Some(json!({"databaseName": "$external"})), 409, "DATABASE_NAME_CANNOT_BE_CHANGED"),
        refused("updateOrgInvites", "PATCH", format!("/orgs/{ORG}/invites"), "2023-01-01", Some(json!({"username": "stranger@example.com"})), 404, "RESOURCE_NOT_FOUND"),
        refused("deleteGroupAccessListEntry", "DELETE", format!("{access}/203.0.113.9"), "2023-01-01", None, 404, "ATLAS_NETWORK_PERMISSION_ENTRY_NOT_FOUND"),
    ];
    for case in cases {
        let raw = send(
            &emulator,
            case.method,
            &case.path,
            case.version,
            case.body.as_ref(),
        )
        .await;
        let text = String::from_utf8_lossy(&raw.body).into_owned();
        assert_eq!(
            raw.status, case.status,
            "{} {}: {text}",
            case.method, case.path
        );
        let checked = check_answer(case.operation, case.version, raw.status, &raw.body);
        assert_eq!(checked, Ok(()), "{text}");
        let error: Value = serde_json::from_slice(&raw.body).unwrap();
        assert_eq!(
            error["errorCode"], case.code,
            "{} {}",
            case.method, case.path
        );
    }
    let role = send(
        &emulator,
        get,
        &format!("/groups/{group}/databaseUsers/admin/partial"),
        "2023-01-01",
        None,
    )
    .await;
    assert_eq!(role.status, 404, "the refused user was not kept");
    let unserved = send(
        &emulator,
        get,
        &format!("{clusters}/Fixture/backup/snapshots"),
        "2023-01-01",
        None,
    )
    .await;
    assert_eq!(unserved.status, 501);
    let text = String::from_utf8_lossy(&unserved.body).into_owned();
    assert!(
        text.contains("the stateful mode does not serve it"),
        "{text}"
    );
    let unknown_version = send(
        &emulator,
        get,
        &format!("/groups/{group}"),
        "2099-01-01",
        None,
    )
    .await;
    assert_eq!(unknown_version.status, 406);
    let failed: Vec<u16> = emulator
        .requests()
        .iter()
        .map(|request| request.status)
        .filter(|status| *status >= 500)
        .collect();
    assert_eq!(failed, [501], "only the unserved operation");
}

/// `template`'s placeholders filled from `value_of`.
fn fill(template: &str, value_of: impl Fn(&str) -> String) -> String {
    template
        .split('/')
        .map(|segment| {
            match segment
                .strip_prefix('<')
                .and_then(|rest| rest.strip_suffix('>'))
            {
                Some(name) => value_of(name),
                None => segment.to_owned(),
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// The placeholder values of `path` under `template`.
fn params_of(template: &str, path: &str) -> Vec<(String, String)> {
    template
        .split('/')
        .zip(path.split('/'))
        .filter_map(|(want, got)| {
            let name = want.strip_prefix('<')?.strip_suffix('>')?;
            Some((name.to_owned(), got.to_owned()))
        })
        .collect()
}

/// What to poll after a write, and what it answers once the write has taken effect, are the
/// catalog's facts (from the Atlas CLI's watchers): the stateful mode's lifecycles meet them.
#[tokio::test]
async fn the_watchers_atlas_cli_uses_see_its_writes_take_effect() {
    let mut watched = Vec::new();
    for row in ROWS {
        let operation = OPERATIONS
            .iter()
            .find(|operation| operation.operation_id == row.operation)
            .unwrap();
        let Some(watcher) = &operation.watcher else {
            continue;
        };
        let Some(poll) = OPERATIONS.iter().find(|candidate| {
            candidate.operation_id == watcher.operation && candidate.method.as_str() == "GET"
        }) else {
            continue;
        };
        let (emulator, ids) = fixture(Lifecycle::after_polls(2)).await;
        // Make the fixture cluster settle, as the fixture's own lifecycle is two polls long.
        for _ in 0..3 {
            let path = format!("/groups/{}/clusters/Fixture", ids.group);
            send(&emulator, "GET", &path, "2024-08-05", None).await;
        }
        let newest = operation.versions.last().unwrap().version;
        let path = (row.path)(&ids);
        let written = send(
            &emulator,
            row.method,
            &path,
            newest,
            (row.body)(&ids, newest).as_ref(),
        )
        .await;
        assert_eq!(written.status, row.status, "{}", row.operation);
        let answer: Value = serde_json::from_slice(&written.body).unwrap_or(Value::Null);
        let input = params_of(operation.path, &path);
        let value_of = |name: &str| {
            let (_, source) = watcher
                .params
                .iter()
                .find(|(param, _)| *param == name)
                .unwrap();
            match (
                source.strip_prefix("input:"),
                source.strip_prefix("body:$."),
            ) {
                (Some(input_name), _) => input
                    .iter()
                    .find(|(key, _)| key == input_name)
                    .unwrap()
                    .1
                    .clone(),
                (_, Some(field)) => answer[field].as_str().unwrap().to_owned(),
                _ => panic!("unknown watcher source {source}"),
            }
        };
        let polled = fill(poll.path, value_of);
        let mut done_at = None;
        for attempt in 1..=5 {
            let raw = send(&emulator, "GET", &polled, watcher.version, None).await;
            let done = match &watcher.expect {
                Expect::Status(status) => raw.status == *status,
                Expect::Field { path, values } => {
                    let field = path.trim_start_matches("$.");
                    let answer: Value = serde_json::from_slice(&raw.body).unwrap();
                    values.iter().any(|value| answer[field] == *value)
                }
            };
            if done {
                done_at = Some(attempt);
                break;
            }
        }
        assert_eq!(
            done_at,
            Some(3),
            "{}: two polls in transition, then done",
            row.operation
        );
        watched.push(row.operation);
    }
    assert_eq!(watched, ["createGroupCluster", "deleteGroupCluster"]);
}
