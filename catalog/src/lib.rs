//! The real Atlas Administration API v2 as data: every operation with the resource versions
//! Atlas serves, and every component schema with its properties. Facts only, generated from
//! the facts-only copy of the official spec in `spec/` by `tools/catalog/generate.py`. The
//! `#[atlas_endpoint]` and `#[derive(AtlasModel)]` macros check declarations against it; the
//! emulator checks request bodies against it.

#![warn(missing_docs)]

mod model;
#[rustfmt::skip]
mod operations;
#[rustfmt::skip]
mod schemas;

pub use model::*;
pub use operations::OPERATIONS;
pub use schemas::SCHEMAS;

/// The component schema named `name` (`SCHEMAS` is sorted by name).
pub fn schema(name: &str) -> Option<&'static Schema> {
    SCHEMAS
        .binary_search_by(|schema| schema.name.cmp(name))
        .ok()
        .map(|index| &SCHEMAS[index])
}
