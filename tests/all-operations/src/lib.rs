//! Every operation of the Atlas Administration API v2, declared with `#[atlas_endpoint]` as a
//! user would: one declaration per served resource version of each operation (the newest
//! unpinned, older ones with `version = "…"`), generated from the catalog by
//! `tools/catalog/generate_declarations.py`. Building this crate proves that every
//! operation-version can be declared; `tests/prism.rs` calls each one against Prism serving the
//! official spec.
#![allow(deprecated, clippy::too_many_arguments)]

#[rustfmt::skip]
mod operations;

pub use operations::*;
