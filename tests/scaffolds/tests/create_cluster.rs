//! The README's scaffold (`atlas-endpoint scaffold createGroupCluster --fields name,clusterType,
//! replicationSpecs.regionConfigs.…`), compiled as printed, creates a cluster: the emulator,
//! which checks request bodies against the spec, accepts the call, and so does Prism serving
//! the spec (a peer test).

use atlas_endpoint::testing::{Emulator, Reply};
use atlas_endpoint::{Client, Result, atlas_endpoint};
use atlas_scaffolds::create_cluster::{
    CloudRegionConfig20240805, ClusterDescription20240805, ClusterType, HardwareSpec20240805,
    ProviderName, ReplicationSpec20240805, create_group_cluster,
};
use serde_json::{Value, json};

const GROUP: &str = "65a1b2c3d4e5f6a7b8c9d0e1";

/// The same operation with an untyped body, to show the emulator refuses what Atlas would.
#[atlas_endpoint(POST, "/groups/<groupId>/clusters")]
async fn create_cluster_json(
    client: &Client,
    group_id: &str,
    #[body] body: &Value,
) -> Result<Value>;

/// A three-node M10 replica set in AWS us-east-1, with the scaffold's models.
fn cluster() -> ClusterDescription20240805 {
    ClusterDescription20240805 {
        cluster_type: Some(ClusterType::Replicaset),
        name: Some("scaffolded".into()),
        replication_specs: Some(vec![ReplicationSpec20240805 {
            region_configs: Some(vec![CloudRegionConfig20240805 {
                electable_specs: Some(HardwareSpec20240805 {
                    instance_size: Some("M10".into()),
                }),
                priority: Some(7),
                provider_name: Some(ProviderName::Aws),
                region_name: Some("US_EAST_1".into()),
            }]),
        }]),
    }
}

/// What the scaffold's models send for [`cluster`].
fn sent() -> Value {
    json!({
        "clusterType": "REPLICASET",
        "name": "scaffolded",
        "replicationSpecs": [{"regionConfigs": [{
            "electableSpecs": {"instanceSize": "M10"},
            "priority": 7,
            "providerName": "AWS",
            "regionName": "US_EAST_1",
        }]}],
    })
}

async fn emulator() -> Emulator {
    let emulator = Emulator::start()
        .await
        .expect("the emulator binds 127.0.0.1");
    let answer = |request: &atlas_endpoint::testing::RecordedRequest| {
        let mut cluster = request.json().unwrap_or_default();
        cluster["id"] = json!("65a1b2c3d4e5f6a7b8c9d0ff");
        cluster["stateName"] = json!("CREATING");
        Reply::json(201, &cluster)
    };
    emulator.route(&create_group_cluster::ENDPOINT, answer);
    emulator.route(&create_cluster_json::ENDPOINT, answer);
    emulator
}

#[tokio::test]
async fn the_readme_scaffold_creates_a_cluster_on_the_emulator() {
    let emulator = emulator().await;
    let created = create_group_cluster(&emulator.client(), GROUP, None, None, &cluster())
        .await
        .expect("the emulator accepts the body");
    assert_eq!(created.name.as_deref(), Some("scaffolded"));
    assert_eq!(created.cluster_type, Some(ClusterType::Replicaset));
    let specs = created.replication_specs.expect("sent back");
    let spec = &specs[0].region_configs.as_ref().expect("sent back")[0];
    assert_eq!(spec.provider_name, Some(ProviderName::Aws));
    assert_eq!(spec.priority, Some(7));
    let requests = emulator.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].status, 201, "accepted, not refused");
    assert_eq!(
        requests[0].path,
        format!("/api/atlas/v2/groups/{GROUP}/clusters")
    );
    assert_eq!(
        requests[0].json().unwrap(),
        sent(),
        "only the fields set are sent"
    );
}

#[tokio::test]
async fn the_emulator_checks_this_body_so_acceptance_means_something() {
    let emulator = emulator().await;
    let client = emulator.client();
    let accepted = create_cluster_json(&client, GROUP, &sent()).await.unwrap();
    assert_eq!(accepted["name"], "scaffolded");
    let mut misspelt = sent();
    misspelt["replicationSpecs"][0]["regionConfigs"][0]["instanceSize"] = json!("M10");
    let error = create_cluster_json(&client, GROUP, &misspelt)
        .await
        .unwrap_err();
    assert!(error.is_code("VALIDATION_ERROR"), "{error}");
    let mut wrong_value = sent();
    wrong_value["clusterType"] = json!("REPLICA_SET");
    let error = create_cluster_json(&client, GROUP, &wrong_value)
        .await
        .unwrap_err();
    assert!(error.is_code("VALIDATION_ERROR"), "{error}");
}

#[tokio::test]
async fn an_answer_enum_survives_a_value_atlas_adds_later() {
    let emulator = emulator().await;
    emulator.route(&create_group_cluster::ENDPOINT, |_| {
        Reply::json(
            201,
            &json!({"name": "scaffolded", "clusterType": "SERVERLESS_SOMEDAY"}),
        )
    });
    let created = create_group_cluster(&emulator.client(), GROUP, None, None, &cluster())
        .await
        .unwrap();
    assert_eq!(created.cluster_type, Some(ClusterType::Other));
    // The catch-all is never sent: serializing it is an error before any request.
    let mut unknown = cluster();
    unknown.cluster_type = Some(ClusterType::Other);
    let error = create_group_cluster(&emulator.client(), GROUP, None, None, &unknown)
        .await
        .unwrap_err();
    assert_eq!(emulator.requests().len(), 1, "{error}");
}

/// The Prism slice (`ATLAS_PEER_PRISM_URLS`, scripts/peers/prism_specs.py) that validates the
/// body of createGroupCluster at the scaffold's version: Prism checks a body against one media
/// type only, so slice K holds each operation's K-th body version.
fn prism_slice() -> usize {
    let operation = atlas_endpoint_catalog::OPERATIONS
        .iter()
        .find(|op| op.operation_id == "createGroupCluster")
        .expect("in the catalog");
    let version = create_group_cluster::ENDPOINT.version;
    operation
        .versions
        .iter()
        .filter(|v| v.body.is_some())
        .position(|v| v.version == version)
        .expect("the scaffold's version takes a body")
}

#[tokio::test]
#[ignore = "needs the real peers: scripts/test starts them and runs it"]
async fn the_readme_scaffold_passes_prism() {
    let Some(urls) = atlas_prism_support::peer("ATLAS_PEER_PRISM_URLS") else {
        return;
    };
    let urls: Vec<&str> = urls.split(',').collect();
    let base = urls.get(prism_slice()).unwrap_or(&urls[0]);
    let client = Client::builder()
        .base_url(*base)
        .bearer_token("prism")
        .build()
        .unwrap();
    let request = create_group_cluster::request(&client, GROUP, None, None, &cluster()).unwrap();
    let response = client.send(request).await.expect("Prism accepts the call");
    assert_eq!(
        atlas_prism_support::request_violations(&response.raw().headers),
        Vec::<String>::new()
    );
    let created: ClusterDescription20240805 = response.into_json().expect("the answer decodes");
    assert!(created.name.is_some());
}

/// Every served operation-version's full scaffold is compiled in `atlas_scaffolds::all`: none is
/// left out.
#[test]
fn every_served_operation_version_is_scaffolded() {
    let served = atlas_endpoint_cli::scaffold::served();
    assert_eq!(served.len(), 575);
    let modules: Vec<String> = served
        .iter()
        .map(|(operation, version)| atlas_endpoint_cli::scaffold::module_name(operation, version))
        .collect();
    assert_eq!(atlas_scaffolds::all::MODULES, modules.as_slice());
}
