//! The manifest of this crate's 575 declarations against the catalog: every served
//! operation-version listed exactly once, each with the roles, sunset, newest version, former
//! id, documentation page and deprecation the catalog gives its operation and version.

use atlas_all_operations::OPERATION_VERSIONS;
use atlas_endpoint::manifest;
use atlas_endpoint_catalog::OPERATIONS;
use std::collections::BTreeSet;

#[test]
fn every_served_operation_version_is_listed_with_the_catalogs_facts() {
    let manifest = manifest();
    assert_eq!(manifest.endpoints().len(), OPERATION_VERSIONS);
    let mut listed = BTreeSet::new();
    for endpoint in manifest.endpoints() {
        let operation = OPERATIONS
            .iter()
            .find(|operation| {
                operation.operation_id == endpoint.operation
                    && operation.method.as_str() == endpoint.method.as_str()
            })
            .unwrap_or_else(|| panic!("{endpoint} is not in the catalog"));
        let version = operation
            .versions
            .iter()
            .find(|version| version.version == endpoint.version)
            .unwrap_or_else(|| panic!("{endpoint}: version {} not served", endpoint.version));
        let facts = endpoint.catalogued.expect("every declaration is checked");
        let newest = operation.newest_stable().unwrap_or(version).version;
        assert_eq!(facts.roles, operation.roles, "{endpoint}");
        assert_eq!(facts.sunset, version.sunset, "{endpoint}");
        assert_eq!(facts.newest_version, newest, "{endpoint}");
        assert_eq!(facts.former_id, operation.former_id, "{endpoint}");
        assert_eq!(facts.docs_url, operation.docs_url, "{endpoint}");
        assert_eq!(
            endpoint.deprecation.is_some(),
            operation.deprecated || version.sunset.is_some(),
            "{endpoint}"
        );
        assert_eq!(endpoint.template, operation.path, "{endpoint}");
        assert!(
            listed.insert((operation.operation_id, version.version)),
            "{endpoint} listed twice"
        );
    }
    let served: BTreeSet<_> = OPERATIONS
        .iter()
        .flat_map(|operation| {
            operation
                .versions
                .iter()
                .map(|version| (operation.operation_id, version.version))
        })
        .collect();
    assert_eq!(listed, served);
}

#[test]
fn roles_and_sunsets_summarise_the_whole_api() {
    let manifest = manifest();
    let roles = manifest.roles();
    let needing: usize = roles
        .organization
        .iter()
        .chain(&roles.project)
        .map(|need| need.endpoints.len())
        .sum();
    let unnamed = OPERATIONS
        .iter()
        .filter(|operation| operation.roles.is_empty())
        .map(|operation| operation.versions.len())
        .sum::<usize>();
    assert_eq!(needing + roles.unnamed.len(), OPERATION_VERSIONS);
    assert_eq!(roles.unnamed.len(), unnamed);
    let with_sunset = OPERATIONS
        .iter()
        .flat_map(|operation| operation.versions)
        .filter(|version| version.sunset.is_some())
        .count();
    assert_eq!(
        manifest.sunsets("9999-12-31".parse().unwrap()).len(),
        with_sunset
    );
}
