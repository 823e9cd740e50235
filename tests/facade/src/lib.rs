//! A team's internal facade over `atlas-endpoint`: services depend on this crate alone. It
//! re-exports the runtime, which the macros then reach as `atlas_facade::atlas_endpoint`
//! (`crate = "atlas_facade::atlas_endpoint"`), and configures clients the team's way.

pub use atlas_endpoint;

use atlas_endpoint::{ClientBuilder, RetryPolicy};
use std::time::Duration;

/// How many attempts the team allows a call (Atlas's default policy allows 4).
pub const TEAM_ATTEMPTS: u32 = 2;

/// The team's defaults on top of `builder`: shorter attempts, fewer retries.
pub fn team_defaults(builder: ClientBuilder) -> ClientBuilder {
    builder
        .timeout(Duration::from_secs(20))
        .retry(RetryPolicy::default().max_attempts(TEAM_ATTEMPTS))
}

/// Declarations every service of the team shares: they are listed in each service's
/// `atlas_endpoint::manifest()` like the service's own.
pub mod shared {
    use atlas_endpoint::{Client, Result, atlas_endpoint};

    /// One organization, as Atlas answers it.
    #[atlas_endpoint(GET, "/orgs/<orgId>")]
    pub async fn get_org(client: &Client, org_id: &str) -> Result<serde_json::Value>;
}
