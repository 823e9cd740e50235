//! The manifest of declared endpoints: every declaration of this test binary, in two modules,
//! registered without a list kept by hand; roles by scope, sunsets, deprecations and newer
//! versions as the catalog gives them; the sunset check for CI; JSON and the table.

// Two declarations are deprecated on purpose (a sunsetting version, a deprecated operation).
#![allow(deprecated)]

use atlas_endpoint::{Date, Endpoint, Manifest, Scope, manifest};
use serde_json::Value;

mod clusters {
    use atlas_endpoint::{Client, Result, atlas_endpoint};
    use serde_json::Value;

    /// The newest version.
    #[atlas_endpoint(GET, "/groups/<groupId>/clusters/<clusterName>")]
    pub async fn get_cluster(client: &Client, group_id: &str, cluster_name: &str) -> Result<Value>;

    /// An older version, which Atlas sunsets on 2027-07-01.
    #[allow(deprecated)]
    #[atlas_endpoint(
        GET,
        "/groups/<groupId>/clusters/<clusterName>",
        version = "2023-02-01"
    )]
    pub async fn get_cluster_2023(
        client: &Client,
        group_id: &str,
        cluster_name: &str,
    ) -> Result<Value>;

    #[atlas_endpoint(GET, "/groups/<groupId>/clusters")]
    pub async fn list_clusters(client: &Client, group_id: &str) -> Result<Value>;
}

mod organizations {
    use atlas_endpoint::{Client, Result, atlas_endpoint};
    use serde_json::Value;

    /// Deprecated by Atlas, sunset 2027-07-01, no newer version.
    #[atlas_endpoint(DELETE, "/orgs/<orgId>/invites/<invitationId>", deprecated)]
    pub async fn delete_org_invite(
        client: &Client,
        org_id: &str,
        invitation_id: &str,
    ) -> Result<()>;

    /// Any of five roles (an organization one and four project ones).
    #[atlas_endpoint(GET, "/groups/<groupId>/streams/<tenantName>")]
    pub async fn get_stream_workspace(
        client: &Client,
        group_id: &str,
        tenant_name: &str,
    ) -> Result<Value>;

    /// Atlas names no role for the API root.
    #[atlas_endpoint(GET, "/")]
    pub async fn get_system_status(client: &Client) -> Result<Value>;

    /// Not in the catalog: no facts.
    #[atlas_endpoint(GET, "/orgs/<orgId>/beta", unchecked, version = "2025-01-01")]
    pub async fn beta(client: &Client, org_id: &str) -> Result<Value>;
}

use clusters::{get_cluster, get_cluster_2023, list_clusters};
use organizations::{beta, delete_org_invite, get_stream_workspace, get_system_status};

fn names(endpoints: &[&'static Endpoint]) -> Vec<String> {
    endpoints
        .iter()
        .map(|endpoint| endpoint.declared_as())
        .collect()
}

#[test]
fn every_declaration_in_both_modules_is_listed_once_in_path_order() {
    let manifest = manifest();
    assert_eq!(
        names(manifest.endpoints()),
        [
            "manifest::organizations::get_system_status",
            "manifest::clusters::list_clusters",
            "manifest::clusters::get_cluster_2023",
            "manifest::clusters::get_cluster",
            "manifest::organizations::get_stream_workspace",
            "manifest::organizations::beta",
            "manifest::organizations::delete_org_invite",
        ]
    );
}

#[test]
fn catalog_facts_ride_on_each_endpoint() {
    let facts = get_cluster_2023::ENDPOINT.catalogued.unwrap();
    assert_eq!(facts.former_id, Some("getCluster"));
    assert_eq!(facts.roles, ["Project Read Only"]);
    assert_eq!(facts.sunset, Some("2027-07-01"));
    assert_eq!(facts.newest_version, "2024-08-05");
    assert_eq!(
        facts.docs_url,
        Some(
            "https://mongodb.com/docs/atlas/reference/api-resources-spec/v2/#tag/Clusters/operation/getGroupCluster"
        )
    );
    assert_eq!(get_cluster::ENDPOINT.catalogued.unwrap().sunset, None);
    assert!(beta::ENDPOINT.catalogued.is_none());
    assert_eq!(
        get_cluster::ENDPOINT.atlas_path(),
        "/api/atlas/v2/groups/{groupId}/clusters/{clusterName}"
    );
    assert_eq!(get_system_status::ENDPOINT.atlas_path(), "/api/atlas/v2");
}

#[test]
fn roles_are_grouped_by_scope_with_the_endpoints_needing_each() {
    let roles = manifest().roles();
    let needs = |scope| -> Vec<(String, String)> {
        roles
            .scope(scope)
            .iter()
            .map(|need| (need.any_of.join(" or "), names(&need.endpoints).join(", ")))
            .collect()
    };
    assert_eq!(
        needs(Scope::Organization),
        [(
            "Organization Owner".to_owned(),
            "manifest::organizations::delete_org_invite".to_owned()
        )]
    );
    assert_eq!(
        needs(Scope::Project),
        [
            (
                "Organization Stream Processing Admin or Project Data Access Admin or Project Data \
                 Access Read Only or Project Data Access Read Write or Project Stream Processing \
                 Manager"
                    .to_owned(),
                "manifest::organizations::get_stream_workspace".to_owned()
            ),
            (
                "Project Read Only".to_owned(),
                "manifest::clusters::list_clusters, manifest::clusters::get_cluster_2023, \
                 manifest::clusters::get_cluster"
                    .to_owned()
            ),
        ]
    );
    assert_eq!(
        names(&roles.unnamed),
        [
            "manifest::organizations::get_system_status",
            "manifest::organizations::beta"
        ]
    );
}

#[test]
fn sunsets_deprecations_and_newer_versions() {
    let manifest = manifest();
    let date = |text: &str| text.parse::<Date>().unwrap();
    assert!(manifest.sunsets(date("2027-06-30")).is_empty());
    let sunsets = manifest.sunsets(date("2027-07-01"));
    let listed: Vec<_> = sunsets
        .iter()
        .map(|sunset| {
            (
                sunset.endpoint.declared_as(),
                sunset.date.to_string(),
                sunset.move_to,
            )
        })
        .collect();
    assert_eq!(
        listed,
        [
            (
                "manifest::clusters::get_cluster_2023".to_owned(),
                "2027-07-01".to_owned(),
                Some("2024-08-05")
            ),
            (
                "manifest::organizations::delete_org_invite".to_owned(),
                "2027-07-01".to_owned(),
                None
            ),
        ]
    );
    assert_eq!(
        names(&manifest.deprecated()),
        [
            "manifest::clusters::get_cluster_2023",
            "manifest::organizations::delete_org_invite"
        ]
    );
    assert_eq!(
        names(&manifest.outdated()),
        ["manifest::clusters::get_cluster_2023"]
    );
}

/// The panic message of `check`, or `None` when it passes.
fn failure(check: impl FnOnce() + std::panic::UnwindSafe) -> Option<String> {
    let panic = std::panic::catch_unwind(check).err()?;
    Some(
        panic
            .downcast_ref::<String>()
            .cloned()
            .expect("a formatted message"),
    )
}

#[test]
fn the_ci_check_fails_on_a_version_sunsetting_within_the_window_and_passes_otherwise() {
    // Both sunsets are on 2027-07-01: within 100,000 days of any date this test runs on, and
    // already past once that day has come (a past sunset fails the check too).
    let message = failure(|| {
        Manifest::of([&get_cluster_2023::ENDPOINT, &get_cluster::ENDPOINT])
            .assert_no_sunsets_within(100_000);
    })
    .expect("a declaration sunsetting within the window fails the check");
    let today = Date::today();
    assert!(
        message.starts_with(&format!(
            "1 declared Atlas endpoint version(s) stop being served within 100000 days of {today}:"
        )),
        "{message}"
    );
    assert!(
        message.contains(
            "manifest::clusters::get_cluster_2023 (GET /api/atlas/v2/groups/{groupId}/clusters/{clusterName}, version 2023-02-01): sunset 2027-07-01"
        ) && message.ends_with("; move to version 2024-08-05"),
        "{message}"
    );
    let message = failure(|| manifest().assert_no_sunsets_within(100_000)).unwrap();
    assert!(
        message.contains("delete_org_invite")
            && message.contains("no newer version: the operation is going away"),
        "{message}"
    );
    // Without a sunsetting declaration, the check passes whatever the window.
    let current = Manifest::of([
        &get_cluster::ENDPOINT,
        &list_clusters::ENDPOINT,
        &get_stream_workspace::ENDPOINT,
        &get_system_status::ENDPOINT,
        &beta::ENDPOINT,
    ]);
    assert_eq!(failure(|| current.assert_no_sunsets_within(u32::MAX)), None);
}

#[test]
fn json_for_policy_tooling() {
    let json: Value = serde_json::to_value(manifest()).unwrap();
    let endpoints = json["endpoints"].as_array().unwrap();
    assert_eq!(endpoints.len(), 7);
    assert_eq!(
        endpoints[2],
        serde_json::json!({
            "declared_as": "manifest::clusters::get_cluster_2023",
            "operation": "getGroupCluster",
            "former_operation": "getCluster",
            "method": "GET",
            "path": "/api/atlas/v2/groups/{groupId}/clusters/{clusterName}",
            "version": "2023-02-01",
            "newest_version": "2024-08-05",
            "sunset": "2027-07-01",
            "deprecated": get_cluster_2023::ENDPOINT.deprecation.unwrap(),
            "roles": ["Project Read Only"],
            "docs_url": "https://mongodb.com/docs/atlas/reference/api-resources-spec/v2/#tag/Clusters/operation/getGroupCluster",
        })
    );
    assert_eq!(endpoints[5]["roles"], Value::Null, "unchecked: unknown");
    assert_eq!(endpoints[0]["roles"], serde_json::json!([]), "none named");
    assert_eq!(
        json["roles"]["organization"],
        serde_json::json!([{
            "any_of": ["Organization Owner"],
            "declared_as": ["manifest::organizations::delete_org_invite"],
        }])
    );
    assert_eq!(
        json["roles"]["unnamed"],
        serde_json::json!([
            "manifest::organizations::get_system_status",
            "manifest::organizations::beta"
        ])
    );
}

#[test]
fn the_table_has_a_row_per_endpoint_then_the_roles() {
    let table = Manifest::of([
        &get_cluster_2023::ENDPOINT,
        &delete_org_invite::ENDPOINT,
        &beta::ENDPOINT,
    ])
    .to_string();
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(
        lines,
        [
            "METHOD  PATH                                                   VERSION     SUNSET      DECLARED AS                                 NOTES",
            "GET     /api/atlas/v2/groups/{groupId}/clusters/{clusterName}  2023-02-01  2027-07-01  manifest::clusters::get_cluster_2023        deprecated, newest 2024-08-05",
            "GET     /api/atlas/v2/orgs/{orgId}/beta                        2025-01-01  -           manifest::organizations::beta               unchecked",
            "DELETE  /api/atlas/v2/orgs/{orgId}/invites/{invitationId}      2023-01-01  2027-07-01  manifest::organizations::delete_org_invite  deprecated",
            "",
            "Project roles:",
            "  Project Read Only   getGroupCluster",
            "Organization roles:",
            "  Organization Owner  deleteOrgInvite",
            "No role named:",
            "  beta",
        ]
    );
}
