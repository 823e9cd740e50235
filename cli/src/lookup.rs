//! Finding an operation by the id a user types, and the resource version to use.

use crate::Error;
use crate::naming::distance;
use atlas_endpoint_catalog::{OPERATIONS, Operation, Version};

/// The operation whose id or former id is `id` (exactly, else ignoring case), or an error
/// naming the nearest ids.
pub fn operation(id: &str) -> Result<&'static Operation, Error> {
    let exact = OPERATIONS
        .iter()
        .find(|op| op.operation_id == id || op.former_id == Some(id));
    let found = exact.or_else(|| {
        OPERATIONS.iter().find(|op| {
            op.operation_id.eq_ignore_ascii_case(id)
                || op
                    .former_id
                    .is_some_and(|former| former.eq_ignore_ascii_case(id))
        })
    });
    found.ok_or_else(|| {
        let nearest = nearest(id);
        Error::new(format!(
            "no operation is called `{id}`; the nearest: {}\n(`atlas-endpoint search WORDS…` finds operations by path and id)",
            nearest.join(", ")
        ))
    })
}

/// The five operation ids (or former ids) nearest to `id`.
pub fn nearest(id: &str) -> Vec<&'static str> {
    let mut scored: Vec<(usize, &'static str)> = OPERATIONS
        .iter()
        .flat_map(|op| std::iter::once(op.operation_id).chain(op.former_id))
        .map(|name| (distance(id, name), name))
        .collect();
    scored.sort();
    scored.dedup_by(|a, b| a.1 == b.1);
    scored.into_iter().take(5).map(|(_, name)| name).collect()
}

/// The version a declaration without `version` gets: the newest dated one.
pub fn default_version(op: &Operation) -> Option<&'static Version> {
    op.versions.iter().rev().find(|v| v.version != "preview")
}

/// The version to use: the one asked for (an error when Atlas does not serve it, naming the
/// ones it serves and its sunset if it is gone), else the default, else the preview.
pub fn version(op: &'static Operation, asked: Option<&str>) -> Result<&'static Version, Error> {
    let served = || {
        op.versions
            .iter()
            .map(|v| v.version)
            .collect::<Vec<_>>()
            .join(", ")
    };
    match asked {
        Some(asked) => op
            .versions
            .iter()
            .find(|v| v.version == asked)
            .ok_or_else(|| {
                let gone = op
                    .gone
                    .iter()
                    .find(|(version, _)| *version == asked)
                    .map_or_else(String::new, |(_, sunset)| {
                        format!(" (its sunset was {sunset})")
                    });
                Error::new(format!(
                    "Atlas does not serve `{}` at version {asked}{gone}; it serves: {}",
                    op.operation_id,
                    if op.versions.is_empty() {
                        "nothing any more".to_owned()
                    } else {
                        served()
                    }
                ))
            }),
        None => default_version(op)
            .or_else(|| op.versions.last())
            .ok_or_else(|| {
                Error::new(format!(
                    "Atlas no longer serves `{}` at any version",
                    op.operation_id
                ))
            }),
    }
}

/// The `version = "…"` flag a declaration of `version` needs: none for the default version.
pub fn version_flag(op: &Operation, version: &Version) -> Option<&'static str> {
    match default_version(op) {
        Some(default) if default.version == version.version => None,
        _ => Some(version.version),
    }
}
