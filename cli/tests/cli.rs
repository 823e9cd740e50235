//! The command's output and errors: `search`, `show` and `scaffold` through the library, and
//! the binary's exit codes.

use atlas_endpoint_cli::{run, scaffold, search};
use std::process::Command;

fn args(line: &str) -> Vec<String> {
    line.split_whitespace().map(String::from).collect()
}

fn ok(line: &str) -> String {
    run(&args(line)).unwrap_or_else(|error| panic!("{line}: {error}"))
}

fn err(line: &str) -> String {
    match run(&args(line)) {
        Ok(text) => panic!("{line} succeeded:\n{text}"),
        Err(error) => error.to_string(),
    }
}

const CREATE_CLUSTER_FIELDS: &str = "name,clusterType,replicationSpecs.regionConfigs.providerName,replicationSpecs.regionConfigs.regionName,replicationSpecs.regionConfigs.priority,replicationSpecs.regionConfigs.electableSpecs.instanceSize";

#[test]
fn search_matches_every_word_in_any_case() {
    let out = ok("search CLUSTER create");
    assert!(
        out.contains("POST   /groups/<groupId>/clusters  createGroupCluster (createCluster)  [2023-01-01, 2023-02-01, 2024-08-05, 2024-10-23]\n"),
        "{out}"
    );
    let lines: Vec<&str> = out.lines().collect();
    let (summary, found) = lines.split_last().unwrap();
    assert!(
        found
            .iter()
            .all(|line| line.to_lowercase().contains("cluster")),
        "{out}"
    );
    assert!(
        summary.starts_with(&format!("{} operations;", found.len())),
        "{out}"
    );
    let ids: Vec<&str> = search::matches(&args("cluster create"))
        .iter()
        .map(|op| op.operation_id)
        .collect();
    assert!(
        ids.contains(&"createGroupCluster") && ids.contains(&"createGroupFlexCluster"),
        "{ids:?}"
    );
    assert!(out.ends_with(&format!(
        "{} operations; `show OPERATION` for details, `scaffold OPERATION` for code\n",
        ids.len()
    )));
    // Former ids and methods match too; deprecated and preview operations are marked.
    assert!(ok("search createCluster").contains("createGroupCluster (createCluster)"));
    assert!(ok("search delete invites").contains("DEPRECATED"));
    assert!(ok("search defaultGroupLimits").contains("listDefaultGroupLimits  [preview]"));
}

#[test]
fn search_without_a_match_says_so() {
    let message = err("search cluster frobnicate");
    assert!(
        message.starts_with("no operation matches all of: cluster frobnicate"),
        "{message}"
    );
}

#[test]
fn show_prints_the_operation_and_its_schemas_once() {
    let out = ok("show createCluster");
    assert!(out.starts_with(
        "POST /groups/<groupId>/clusters  createGroupCluster (formerly createCluster)\n"
    ));
    assert!(out.contains("docs: https://mongodb.com/docs/atlas/reference/api-resources-spec/v2/#tag/Clusters/operation/createGroupCluster"));
    assert!(out.contains("roles: Project Cluster Creator\n"));
    assert!(
        out.contains("2024-08-05 (sunset 2027-03-01), 2024-10-23 (default) <- shown"),
        "{out}"
    );
    assert!(out.contains("  #[atlas_endpoint(POST, \"/groups/<groupId>/clusters\")]\n  pub async fn create_group_cluster(\n"));
    assert!(out.contains("  groupId  path string, required, pattern ^([a-f0-9]{24})$\n"));
    assert!(out.contains("body (required): ClusterDescription20240805\n"));
    assert!(out.contains("\n  clusterType  string  enum: REPLICASET, SHARDED, GEOSHARDED\n"));
    assert!(out.contains(
        "\n  stateName  string  read-only  enum: IDLE, CREATING, UPDATING, DELETING, REPAIRING\n"
    ));
    assert!(out.contains(
        "instanceSize  string  enum: M10, M20, M30, M40, M50, M60, M80, M100, … (39 more)"
    ));
    assert!(out.contains("one of: AWSRegionConfig20240805, AzureRegionConfig20240805, GCPRegionConfig20240805, TenantRegionConfig20240805 (by providerName)"));
    // Each schema's tree once: the answer is the body's schema, ReplicationSpec20240805 is
    // reached twice, and recursive schemas end.
    assert!(out.contains("answer (201, json): ClusterDescription20240805\n  (the properties of ClusterDescription20240805 are above)\n"));
    assert_eq!(
        out.matches("    regionConfigs  array of CloudRegionConfig20240805\n")
            .count(),
        1,
        "{out}"
    );
    assert!(out.contains("  replicationSpecs  array of ReplicationSpec20240805\n    (the properties of ReplicationSpec20240805 are above)\n"));
    assert!(
        out.contains(
            "note: the spec marks none of ClusterDescription20240805's properties required"
        )
    );
    assert!(out.ends_with("after this write: poll getGroupCluster (version 2024-08-05) with clusterName = the answer's $.name, groupId = the answer's $.groupId until $.stateName is IDLE\n"), "{out}");
}

#[test]
fn show_takes_a_version_and_refuses_one_atlas_does_not_serve() {
    let out = ok("show getGroupCluster --version 2023-02-01");
    assert!(
        out.contains("2023-02-01 (sunset 2027-07-01) <- shown"),
        "{out}"
    );
    assert!(out.contains("version = \"2023-02-01\""), "{out}");
    assert!(
        out.contains("answer (200, json): AdvancedClusterDescription\n"),
        "{out}"
    );
    let message = err("show getGroupCluster --version 2022-01-01");
    assert_eq!(
        message,
        "Atlas does not serve `getGroupCluster` at version 2022-01-01; it serves: 2023-01-01, 2023-02-01, 2024-08-05"
    );
}

#[test]
fn an_unknown_operation_names_the_nearest() {
    let message = err("show createGroupClustr");
    assert!(
        message.starts_with(
            "no operation is called `createGroupClustr`; the nearest: createGroupCluster, "
        ),
        "{message}"
    );
    let message = err("scaffold getClustr");
    assert!(message.contains("the nearest: getCluster"), "{message}");
}

#[test]
fn the_readme_scaffold() {
    let out = ok(&format!(
        "scaffold createGroupCluster --fields {CREATE_CLUSTER_FIELDS}"
    ));
    assert!(out.contains("use atlas_endpoint::{AtlasModel, Client, Result, atlas_endpoint};\n"));
    assert!(out.contains("// Atlas completes this write in the background: poll getGroupCluster (version 2024-08-05) until $.stateName is IDLE.\n"));
    assert!(out.contains(
        "#[atlas_endpoint(POST, \"/groups/<groupId>/clusters\")]
pub async fn create_group_cluster(
    client: &Client,
    group_id: &str,
    #[header(\"Use-Effective-Instance-Fields\")] use_effective_instance_fields: Option<bool>,
    #[header(\"Use-Effective-Fields-Replication-Specs\")] use_effective_fields_replication_specs: Option<bool>,
    #[body] body: &ClusterDescription20240805,
) -> Result<ClusterDescription20240805>;
"
    ));
    assert!(
        out.contains(
            "// Atlas schema: ClusterDescription20240805 (sent and received)
// The spec marks none of its properties required; which ones Atlas needs is not in the spec.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, AtlasModel)]
#[atlas_model(ClusterDescription20240805)]
#[serde(rename_all = \"camelCase\")]
pub struct ClusterDescription20240805 {
    #[serde(skip_serializing_if = \"Option::is_none\")]
    pub cluster_type: Option<ClusterType>,
    #[serde(skip_serializing_if = \"Option::is_none\")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = \"Option::is_none\")]
    pub replication_specs: Option<Vec<ReplicationSpec20240805>>,
}
"
        ),
        "{out}"
    );
    assert!(out.contains("pub struct HardwareSpec20240805 {\n    /// One of 47 values Atlas lists: M10, M20, M30, M40, M50, ….\n    #[serde(skip_serializing_if = \"Option::is_none\")]\n    pub instance_size: Option<String>,\n}\n"), "{out}");
    assert!(out.contains(
        "#[atlas_model(ClusterDescription20240805.clusterType)]
#[serde(rename_all = \"SCREAMING_SNAKE_CASE\")]
pub enum ClusterType {
    Replicaset,
    Sharded,
    Geosharded,
    /// A value Atlas added after this was written.
    #[serde(other, skip_serializing)]
    Other,
}
"
    ));
    // Only the chosen properties: nothing else of CloudRegionConfig20240805.
    assert!(!out.contains("analytics"), "{out}");
    assert_eq!(out.matches("pub struct ").count(), 4, "{out}");
    assert_eq!(out.matches("pub enum ").count(), 2, "{out}");
}

#[test]
fn a_body_keeps_what_atlas_requires_beside_the_chosen_fields() {
    let out = ok("scaffold createDatabaseUser --fields roles.roleName");
    assert!(
        out.contains(
            "pub struct CloudDatabaseUser {
    pub database_name: DatabaseName,
    /// Write-only: answers never carry it.
    #[serde(skip_serializing_if = \"Option::is_none\")]
    pub group_id: Option<String>,
    pub roles: Vec<DatabaseUserRole>,
    pub username: String,
}
"
        ),
        "{out}"
    );
    assert!(
        out.contains("    #[serde(rename = \"$external\")]\n    External,\n"),
        "{out}"
    );
}

#[test]
fn an_unknown_field_names_the_schema_and_its_properties() {
    let message = err("scaffold createGroupCluster --fields name,replicationSpecs.regionConfig");
    assert_eq!(
        message,
        "`replicationSpecs.regionConfig`: `ReplicationSpec20240805` has no property `regionConfig` (did you mean `regionConfigs`?); its properties: id, regionConfigs, zoneId, zoneName"
    );
    let message = err("scaffold createGroupCluster --fields name.first");
    assert!(
        message.contains("`ClusterDescription20240805.name` holds no object"),
        "{message}"
    );
}

#[test]
fn pages_versions_and_queries() {
    let out = ok("scaffold listClusters --fields name");
    assert!(
        out.contains("use atlas_endpoint::{AtlasModel, Client, Page, Result, atlas_endpoint};\n")
    );
    assert!(out.contains("    #[query(\"itemsPerPage\")] items_per_page: Option<i64>,\n"));
    assert!(
        out.contains(") -> Result<Page<ClusterDescription20240805>>;\n"),
        "{out}"
    );
    assert!(
        out.contains("// Atlas schema: ClusterDescription20240805 (received)\n"),
        "{out}"
    );
    let out = ok("scaffold getGroupCluster --version 2023-02-01 --fields name");
    assert!(out.contains("#[atlas_endpoint(GET, \"/groups/<groupId>/clusters/<clusterName>\", version = \"2023-02-01\")]"));
    assert!(out.contains("#[atlas_model(AdvancedClusterDescription)]"));
    let out = ok("scaffold listDefaultGroupLimits");
    assert!(
        out.contains("#[atlas_endpoint(GET, \"/defaultGroupLimits\", version = \"preview\")]"),
        "{out}"
    );
    let out = ok("scaffold deleteGroupCluster");
    assert!(out.contains("-> Result<()>;"), "{out}");
    assert!(
        !out.contains("AtlasModel"),
        "nothing to model, nothing imported: {out}"
    );
}

#[test]
fn a_full_scaffold_prints_each_model_once_and_boxes_cycles() {
    let out = ok("scaffold createGroupCluster");
    for model in [
        "ReplicationSpec20240805",
        "DedicatedHardwareSpec20240805",
        "Link",
    ] {
        assert_eq!(
            out.matches(&format!("pub struct {model} {{")).count(),
            1,
            "{model}"
        );
    }
    // A body leaves out nothing the answer does not need: read-only properties are there
    // because the same model is the answer.
    assert!(
        out.contains("    pub state_name: Option<StateName>,\n"),
        "{out}"
    );
    let boxed = scaffold::served()
        .into_iter()
        .map(|(op, version)| ok(&format!("scaffold {op} --version {version}")))
        .find(|out| out.contains("Box<"))
        .expect("some schema holds itself");
    assert!(boxed.contains("Option<Box<"), "{boxed}");
    assert_eq!(
        scaffold::served().len(),
        575,
        "every served operation-version"
    );
}

#[test]
fn the_binary_prints_and_exits_as_documented() {
    let binary = env!("CARGO_BIN_EXE_atlas-endpoint");
    let output = Command::new(binary)
        .args(["search", "cluster", "create"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert!(
        String::from_utf8(output.stdout)
            .unwrap()
            .contains("createGroupCluster")
    );
    let output = Command::new(binary)
        .args(["search", "nothing-like-this"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(
        String::from_utf8(output.stderr)
            .unwrap()
            .starts_with("no operation matches")
    );
    let output = Command::new(binary)
        .args(["scaffold", "createCluster", "--colour"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        String::from_utf8(output.stderr)
            .unwrap()
            .starts_with("unknown option `--colour`")
    );
    let output = Command::new(binary).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
}
