use atlas_endpoint::{atlas_endpoint, Client, Result};

// Version 2023-01-01 of this operation was sunset on 2025-01-01.
#[atlas_endpoint(
    GET,
    "/federationSettings/<federationSettingsId>/identityProviders/<identityProviderId>",
    version = "2023-01-01"
)]
pub async fn get_identity_provider(
    client: &Client,
    federation_settings_id: &str,
    identity_provider_id: &str,
) -> Result<serde_json::Value>;

fn main() {}
