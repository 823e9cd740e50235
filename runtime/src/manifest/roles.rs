//! The roles a set of endpoints needs, grouped by scope: what to grant a service account or
//! API key, and why.

use crate::endpoint::Endpoint;
use std::fmt;

/// Where a role is granted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    /// Granted in an organization (`Organization …` roles).
    Organization,
    /// Granted in a project (`Project …` roles), the narrower scope.
    Project,
}

impl Scope {
    /// The scope of a need: a project role among its alternatives makes it a project need
    /// (grant that one: it reaches less).
    fn of(any_of: &[&str]) -> Self {
        if any_of.iter().any(|role| role.starts_with("Project ")) {
            Self::Project
        } else {
            Self::Organization
        }
    }
}

/// One requirement: any one of `any_of` lets the caller call `endpoints`.
#[derive(Debug, Clone)]
pub struct RoleNeed {
    /// The roles Atlas accepts for these endpoints, as it names them; any one suffices.
    pub any_of: &'static [&'static str],
    /// The endpoints that need it, in path order.
    pub endpoints: Vec<&'static Endpoint>,
}

/// The roles a set of endpoints needs, by scope: the least a caller must be granted.
#[derive(Debug, Clone, Default)]
pub struct Roles {
    /// Needs met by an organization role, by role name.
    pub organization: Vec<RoleNeed>,
    /// Needs met by a project role, by role name.
    pub project: Vec<RoleNeed>,
    /// Endpoints for which no role is known: Atlas names none, or the declaration is
    /// `unchecked`.
    pub unnamed: Vec<&'static Endpoint>,
}

impl Roles {
    /// Groups `endpoints` (in path order) by the roles they need.
    pub(super) fn of(endpoints: &[&'static Endpoint]) -> Self {
        let mut roles = Self::default();
        for &endpoint in endpoints {
            let any_of = endpoint.catalogued.map_or(&[][..], |facts| facts.roles);
            if any_of.is_empty() {
                roles.unnamed.push(endpoint);
                continue;
            }
            let needs = match Scope::of(any_of) {
                Scope::Organization => &mut roles.organization,
                Scope::Project => &mut roles.project,
            };
            match needs.iter_mut().find(|need| need.any_of == any_of) {
                Some(need) => need.endpoints.push(endpoint),
                None => needs.push(RoleNeed {
                    any_of,
                    endpoints: vec![endpoint],
                }),
            }
        }
        roles.organization.sort_by_key(|need| need.any_of);
        roles.project.sort_by_key(|need| need.any_of);
        roles
    }

    /// The needs of one scope.
    pub fn scope(&self, scope: Scope) -> &[RoleNeed] {
        match scope {
            Scope::Organization => &self.organization,
            Scope::Project => &self.project,
        }
    }
}

impl fmt::Display for Roles {
    /// One line per need: the roles (alternatives joined by ` or `), then the operations.
    fn fmt(&self, out: &mut fmt::Formatter<'_>) -> fmt::Result {
        let width = [Scope::Project, Scope::Organization]
            .into_iter()
            .flat_map(|scope| self.scope(scope))
            .map(|need| need.any_of.join(" or ").len())
            .max()
            .unwrap_or(0);
        for (heading, scope) in [
            ("Project roles", Scope::Project),
            ("Organization roles", Scope::Organization),
        ] {
            let needs = self.scope(scope);
            if needs.is_empty() {
                continue;
            }
            writeln!(out, "{heading}:")?;
            for need in needs {
                let roles = need.any_of.join(" or ");
                writeln!(out, "  {roles:<width$}  {}", operations(&need.endpoints))?;
            }
        }
        if !self.unnamed.is_empty() {
            writeln!(out, "No role named:")?;
            writeln!(out, "  {}", operations(&self.unnamed))?;
        }
        Ok(())
    }
}

/// The operation ids of `endpoints`, each once, comma-separated.
fn operations(endpoints: &[&'static Endpoint]) -> String {
    let mut names: Vec<&str> = endpoints
        .iter()
        .map(|endpoint| endpoint.operation)
        .collect();
    names.dedup();
    names.join(", ")
}
