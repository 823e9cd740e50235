//! The look-ups the macro makes in the catalog of the real Atlas API (the
//! `atlas-endpoint-catalog` crate, generated from the official spec).

pub use atlas_endpoint_catalog::{
    Body, Expect, Location, Media, Method, OPERATIONS, Operation, Version,
};

use crate::diag::edit_distance;

/// The operation at `method` + `template` (placeholders in `<name>` form, as declared).
pub fn find(method: Method, template: &str) -> Option<&'static Operation> {
    OPERATIONS
        .iter()
        .find(|operation| operation.method == method && operation.path == template)
}

/// Why a declaration matches no operation, with the closest real ones.
pub fn explain_unknown(method: Method, template: &str) -> String {
    let methods: Vec<&str> = OPERATIONS
        .iter()
        .filter(|operation| operation.path == template)
        .map(|operation| operation.method.as_str())
        .collect();
    if !methods.is_empty() {
        return format!(
            "Atlas does not serve {method} on \"{template}\"; it serves {} there",
            methods.join(", ")
        );
    }
    let shape = literal_shape(template);
    if let Some(renamed) = OPERATIONS
        .iter()
        .find(|operation| operation.method == method && literal_shape(operation.path) == shape)
    {
        return format!(
            "Atlas names the placeholders of this path differently: write \"{}\" ({})",
            renamed.path, renamed.operation_id
        );
    }
    let mut nearest: Vec<(usize, &Operation)> = OPERATIONS
        .iter()
        .map(|operation| (distance(method, template, operation), operation))
        .collect();
    nearest.sort_by_key(|(distance, operation)| (*distance, operation.path, operation.method));
    let suggestions: Vec<String> = nearest
        .iter()
        .take(3)
        .map(|(_, operation)| format!("{} \"{}\"", operation.method, operation.path))
        .collect();
    format!(
        "no Atlas operation is {method} \"{template}\"; the nearest are: {} (use `unchecked` with a `version` for an endpoint newer than this crate's table)",
        suggestions.join(", ")
    )
}

/// The template with every placeholder name blanked: `/groups/<>/clusters/<>`.
fn literal_shape(template: &str) -> String {
    let mut shape = String::with_capacity(template.len());
    let mut inside = false;
    for c in template.chars() {
        match c {
            '<' => {
                inside = true;
                shape.push('<');
            }
            '>' => {
                inside = false;
                shape.push('>');
            }
            _ if inside => {}
            _ => shape.push(c),
        }
    }
    shape
}

/// Edit distance between paths, a wrong method counting as a small difference.
fn distance(method: Method, template: &str, operation: &Operation) -> usize {
    edit_distance(template, operation.path) * 2 + usize::from(method != operation.method)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_mission_operation() {
        let operation =
            find(Method::Delete, "/orgs/<orgId>/invites/<invitationId>").expect("deleteOrgInvite");
        assert_eq!(operation.operation_id, "deleteOrgInvite");
        assert_eq!(operation.versions[0].version, "2023-01-01");
        assert_eq!(operation.versions[0].sunset, Some("2027-07-01"));
        assert!(operation.deprecated);
    }

    #[test]
    fn explains_wrong_methods_placeholders_and_typos() {
        let wrong_method = explain_unknown(Method::Put, "/orgs/<orgId>/invites/<invitationId>");
        assert!(
            wrong_method.contains("DELETE") && wrong_method.contains("GET"),
            "{wrong_method}"
        );
        let renamed = explain_unknown(Method::Delete, "/orgs/<id>/invites/<invitationId>");
        assert!(
            renamed.contains("\"/orgs/<orgId>/invites/<invitationId>\""),
            "{renamed}"
        );
        let typo = explain_unknown(Method::Delete, "/orgs/<orgId>/invite/<invitationId>");
        assert!(
            typo.contains("DELETE \"/orgs/<orgId>/invites/<invitationId>\""),
            "{typo}"
        );
    }

    #[test]
    fn the_table_is_the_whole_api() {
        assert_eq!(OPERATIONS.len(), 540);
        let mut keys: Vec<(Method, &str)> =
            OPERATIONS.iter().map(|op| (op.method, op.path)).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), 540, "method + path identify one operation");
    }

    #[test]
    fn knows_every_served_version_and_both_ids() {
        let cluster =
            find(Method::Get, "/groups/<groupId>/clusters/<clusterName>").expect("getGroupCluster");
        assert_eq!(cluster.operation_id, "getGroupCluster");
        assert_eq!(cluster.former_id, Some("getCluster"));
        let versions: Vec<(&str, Option<&str>, Option<&str>)> = cluster
            .versions
            .iter()
            .map(|version| (version.version, version.sunset, version.answer))
            .collect();
        assert_eq!(
            versions,
            [
                ("2023-01-01", Some("2027-07-01"), Some("LegacyAtlasCluster")),
                (
                    "2023-02-01",
                    Some("2027-07-01"),
                    Some("AdvancedClusterDescription")
                ),
                ("2024-08-05", None, Some("ClusterDescription20240805")),
            ]
        );
        let served: usize = OPERATIONS.iter().map(|op| op.versions.len()).sum();
        assert!(served > OPERATIONS.len(), "{served} operation-versions");
    }
}
