//! The service's manifest lists every declaration linked into it: its own (at the crate root
//! and in a module) and the facade's, a dependency; each exactly once. It is reached, like
//! everything else, through the facade's re-export.

use atlas_facade::atlas_endpoint::{Scope, manifest};
use atlas_facade_user::get_team;

#[test]
fn declarations_of_the_service_and_of_its_dependency_are_listed_once() {
    let manifest = manifest();
    let declared: Vec<String> = manifest
        .endpoints()
        .iter()
        .map(|endpoint| endpoint.declared_as())
        .collect();
    assert_eq!(
        declared,
        [
            "atlas_facade_user::projects::get_project",
            "atlas_facade::shared::get_org",
            "atlas_facade_user::create_team",
            "atlas_facade_user::get_team",
        ]
    );
    assert_eq!(
        manifest.endpoints()[3].operation,
        get_team::ENDPOINT.operation
    );
}

#[test]
fn the_service_needs_these_roles() {
    let roles = manifest().roles();
    let granted = |scope| -> Vec<&str> {
        roles
            .scope(scope)
            .iter()
            .flat_map(|need| need.any_of.iter().copied())
            .collect()
    };
    assert_eq!(
        granted(Scope::Organization),
        ["Organization Member", "Organization Owner"]
    );
    assert_eq!(granted(Scope::Project), ["Project Read Only"]);
    assert!(roles.unnamed.is_empty());
}

/// The one line a service adds to its tests: none of its declared versions is sunsetting.
#[test]
fn no_declared_version_sunsets_within_90_days() {
    manifest().assert_no_sunsets_within(90);
}
