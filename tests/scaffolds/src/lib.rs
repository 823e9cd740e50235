//! Scaffolds printed by `atlas-endpoint scaffold`, compiled exactly as printed (build.rs calls
//! the command's library and writes them into `OUT_DIR`):
//!
//! - [`create_cluster`]: the README's example, `scaffold createGroupCluster --fields
//!   name,clusterType,replicationSpecs.regionConfigs.…`, which `tests/create_cluster.rs` calls
//!   against the emulator (and Prism);
//! - [`all`]: the full scaffold (every property) of every operation-version Atlas serves, each
//!   in its own module.
//!
//! No lint is allowed here: a declaration with many parameters carries its own
//! `#[allow(clippy::too_many_arguments)]` as printed, and the macro passes it on to the
//! `request` function it generates.

/// `atlas-endpoint scaffold createGroupCluster --fields name,clusterType,…` as printed.
pub mod create_cluster {
    include!(concat!(env!("OUT_DIR"), "/create_cluster.rs"));
}

/// The full scaffold of every served operation-version, each in a module named after the
/// operation and the version (`create_group_cluster_2024_10_23`).
pub mod all {
    include!(concat!(env!("OUT_DIR"), "/all.rs"));
}
