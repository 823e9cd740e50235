//! The manifest as JSON, for policy tooling: every declaration with its catalog facts, and the
//! roles by scope.

use super::{Manifest, RoleNeed};
use crate::endpoint::Endpoint;
use serde::{Serialize, Serializer};

/// One endpoint as the JSON lists it.
#[derive(Serialize)]
struct Entry {
    declared_as: String,
    operation: &'static str,
    former_operation: Option<&'static str>,
    method: &'static str,
    path: String,
    version: &'static str,
    newest_version: Option<&'static str>,
    sunset: Option<&'static str>,
    deprecated: Option<&'static str>,
    roles: Option<&'static [&'static str]>,
    docs_url: Option<&'static str>,
}

impl Entry {
    fn of(endpoint: &'static Endpoint) -> Self {
        let facts = endpoint.catalogued;
        Self {
            declared_as: endpoint.declared_as(),
            operation: endpoint.operation,
            former_operation: facts.and_then(|facts| facts.former_id),
            method: endpoint.method.as_str(),
            path: endpoint.atlas_path(),
            version: endpoint.version,
            newest_version: facts.map(|facts| facts.newest_version),
            sunset: facts.and_then(|facts| facts.sunset),
            deprecated: endpoint.deprecation,
            roles: facts.map(|facts| facts.roles),
            docs_url: facts.and_then(|facts| facts.docs_url),
        }
    }
}

/// A role need as the JSON lists it: the roles, and the declarations needing them.
#[derive(Serialize)]
struct Need {
    any_of: &'static [&'static str],
    declared_as: Vec<String>,
}

impl Need {
    fn of(need: &RoleNeed) -> Self {
        Self {
            any_of: need.any_of,
            declared_as: need
                .endpoints
                .iter()
                .map(|endpoint| endpoint.declared_as())
                .collect(),
        }
    }
}

#[derive(Serialize)]
struct RolesJson {
    organization: Vec<Need>,
    project: Vec<Need>,
    unnamed: Vec<String>,
}

#[derive(Serialize)]
struct ManifestJson {
    endpoints: Vec<Entry>,
    roles: RolesJson,
}

impl Serialize for Manifest {
    /// `{"endpoints": [{declared_as, operation, former_operation, method, path, version,
    /// newest_version, sunset, deprecated, roles, docs_url}], "roles": {organization, project,
    /// unnamed}}`; catalog facts are `null` for `unchecked` declarations.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let roles = self.roles();
        ManifestJson {
            endpoints: self
                .endpoints
                .iter()
                .map(|&endpoint| Entry::of(endpoint))
                .collect(),
            roles: RolesJson {
                organization: roles.organization.iter().map(Need::of).collect(),
                project: roles.project.iter().map(Need::of).collect(),
                unnamed: roles
                    .unnamed
                    .iter()
                    .map(|endpoint| endpoint.declared_as())
                    .collect(),
            },
        }
        .serialize(serializer)
    }
}
