//! What a program calls: every endpoint declared anywhere in the final binary (its own crates
//! and its dependencies), with the roles, versions and sunsets Atlas's catalog gives for each.
//!
//! With feature `manifest`, each `#[atlas_endpoint]` registers its [`Endpoint`] through
//! `inventory` (a static constructor per declaration, run before `main`; no proc macro and no
//! dependency on the common platforms), so `manifest()` needs no list kept by hand. Without
//! it, the registration expands to nothing and [`Manifest::of`] lists chosen endpoints.

mod date;
mod json;
mod roles;
mod sunsets;
mod table;

pub use date::{Date, DateError};
pub use roles::{RoleNeed, Roles, Scope};
pub use sunsets::Sunset;

use crate::endpoint::Endpoint;

/// One declaration's registration, submitted by the code the macro generates.
#[cfg(feature = "manifest")]
#[doc(hidden)]
pub struct Declared(pub &'static Endpoint);

#[cfg(feature = "manifest")]
inventory::collect!(Declared);

/// Registers a declaration for [`manifest()`] (feature `manifest`).
#[cfg(feature = "manifest")]
#[doc(hidden)]
#[macro_export]
macro_rules! __register {
    ($endpoint:expr) => {
        $crate::__private::inventory::submit! {
            $crate::__private::Declared($endpoint)
        }
    };
}

/// A declaration's catalog facts (feature `manifest`).
#[cfg(feature = "manifest")]
#[doc(hidden)]
#[macro_export]
macro_rules! __catalogued {
    ($facts:expr) => {
        ::core::option::Option::Some(&$facts)
    };
}

/// Without feature `manifest`, a declaration carries no catalog facts (they are data only the
/// manifest reads: about 270 bytes per declaration).
#[cfg(not(feature = "manifest"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __catalogued {
    ($facts:expr) => {
        ::core::option::Option::None
    };
}

/// Without feature `manifest`, a declaration registers nothing.
#[cfg(not(feature = "manifest"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __register {
    ($endpoint:expr) => {};
}

/// Every endpoint declared in this program, in path order (feature `manifest`).
///
/// A declaration counts once its crate is linked into the program, called or not. A test
/// binary holds the declarations of its own crate and of the crates it uses: check the
/// manifest from the unit tests of the crate that declares the endpoints (or of one that uses
/// every crate that does).
///
/// The feature can be enabled for tests alone, so that release builds do not pay for the
/// registrations: `atlas-endpoint = { …, features = ["manifest"] }` under
/// `[dev-dependencies]`.
///
/// ```no_run
/// // In a test: fail CI 90 days before any declared version stops being served.
/// atlas_endpoint::manifest().assert_no_sunsets_within(90);
/// ```
#[cfg(feature = "manifest")]
pub fn manifest() -> Manifest {
    Manifest::of(
        inventory::iter::<Declared>
            .into_iter()
            .map(|declared| declared.0),
    )
}

/// A set of declared endpoints and what Atlas's catalog says about them: their roles, sunsets,
/// deprecations and newer versions. [`Display`](std::fmt::Display) prints it as a table,
/// [`Serialize`](serde::Serialize) as JSON for policy tooling.
#[derive(Debug, Clone)]
pub struct Manifest {
    endpoints: Vec<&'static Endpoint>,
}

impl Manifest {
    /// The manifest of the given endpoints (e.g. `&[&get_cluster::ENDPOINT]`), in path order.
    pub fn of(endpoints: impl IntoIterator<Item = &'static Endpoint>) -> Self {
        let mut endpoints: Vec<_> = endpoints.into_iter().collect();
        endpoints.sort_by_key(|endpoint| {
            (
                endpoint.template,
                endpoint.method as u8,
                endpoint.version,
                endpoint.module,
                endpoint.function,
            )
        });
        Self { endpoints }
    }

    /// The endpoints, in path order (then method, version and declared name).
    pub fn endpoints(&self) -> &[&'static Endpoint] {
        &self.endpoints
    }

    /// The roles the endpoints need, by scope, with the endpoints that need each.
    pub fn roles(&self) -> Roles {
        Roles::of(&self.endpoints)
    }

    /// The declared versions whose sunset falls before `date` (or on it), soonest first.
    pub fn sunsets(&self, before: Date) -> Vec<Sunset> {
        sunsets::before(&self.endpoints, before)
    }

    /// Panics, naming each endpoint, its sunset and the version to move to, when a declared
    /// version stops being served within `days` of today (UTC), or already has. For a test:
    /// it fires in CI as the date approaches, unlike the compile-time deprecation warning,
    /// which dates from the catalog the crate was built with.
    #[track_caller]
    pub fn assert_no_sunsets_within(&self, days: u32) {
        let today = Date::today();
        let soon = self.sunsets(today.plus_days(days));
        if !soon.is_empty() {
            panic!("{}", sunsets::report(&soon, today, days));
        }
    }

    /// The endpoints marked deprecated: Atlas deprecated the operation, or announced the
    /// declared version's sunset (each [`Endpoint::deprecation`] says which).
    pub fn deprecated(&self) -> Vec<&'static Endpoint> {
        self.endpoints
            .iter()
            .copied()
            .filter(|endpoint| endpoint.deprecation.is_some())
            .collect()
    }

    /// The endpoints pinned to a version older than the newest Atlas serves (a `preview`
    /// version is not counted as older).
    pub fn outdated(&self) -> Vec<&'static Endpoint> {
        self.endpoints
            .iter()
            .copied()
            .filter(|endpoint| newer_version(endpoint).is_some())
            .collect()
    }
}

/// The newest version Atlas serves of `endpoint`'s operation, when newer than the declared one.
fn newer_version(endpoint: &Endpoint) -> Option<&'static str> {
    let newest = endpoint.catalogued?.newest_version;
    (endpoint.version != "preview" && newest != endpoint.version).then_some(newest)
}
