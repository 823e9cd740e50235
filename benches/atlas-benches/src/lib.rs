//! Shared pieces of the run-time benchmarks: a minimal loopback HTTP server, the endpoints as
//! declared with `#[atlas_endpoint]`, and the same calls hand-written with reqwest +
//! serde_json (the physical limit). See `BENCHMARKS.md` at the repository root.
//!
//! Both sides talk to the same server over keep-alive connections, send byte-for-byte the same
//! method, path, `Accept`, `Content-Type`, `User-Agent` and body, and decode the same answer
//! into the same types.

pub mod hand;
pub mod probe;
pub mod server;

use atlas_endpoint::{AtlasModel, Client, Credentials, Page, Result, atlas_endpoint};
use serde::{Deserialize, Serialize};

/// The project used by every call.
pub const GROUP: &str = "65a1b2c3d4e5f6a7b8c9d0e1";
/// The cluster read by `get_cluster`.
pub const CLUSTER: &str = "Cluster0-analytics";
/// The service account the server's token endpoint serves (any id and secret pass).
pub const SA_ID: &str = "mdb_sa_id_0123456789abcdef01234567";
/// The service account's secret.
pub const SA_SECRET: &str = "mdb_sa_sk_bench-secret";
/// The API key (Digest username and password).
pub const API_PUBLIC: &str = "abcdefgh";
/// The API key's private part.
pub const API_PRIVATE: &str = "01234567-89ab-cdef-0123-456789abcdef";
/// The static bearer token.
pub const TOKEN: &str = "eyJhbGciOiJIUzI1NiJ9.bench-static-token.c2lnbmF0dXJl";
/// The `User-Agent` of both sides (the runtime's default).
pub const USER_AGENT: &str = concat!("atlas-endpoint/", env!("CARGO_PKG_VERSION"));

/// The part of Atlas's cluster description both sides decode (Atlas may leave any of these
/// properties out, so every one has a default).
#[derive(Debug, Clone, Default, PartialEq, Deserialize, AtlasModel)]
#[atlas_model(ClusterDescription20240805)]
#[serde(rename_all = "camelCase", default)]
pub struct Cluster {
    pub id: String,
    pub name: String,
    pub group_id: String,
    pub cluster_type: String,
    #[serde(rename = "mongoDBVersion")]
    pub mongo_db_version: String,
    pub state_name: String,
    pub paused: bool,
    pub backup_enabled: bool,
    pub connection_strings: ConnectionStrings,
    pub replication_specs: Vec<ReplicationSpec>,
    pub tags: Vec<Tag>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize, AtlasModel)]
#[atlas_model(ClusterConnectionStrings)]
#[serde(rename_all = "camelCase", default)]
pub struct ConnectionStrings {
    pub standard: String,
    pub standard_srv: String,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize, AtlasModel)]
#[atlas_model(ReplicationSpec20240805)]
#[serde(rename_all = "camelCase", default)]
pub struct ReplicationSpec {
    pub id: String,
    pub zone_name: String,
    pub region_configs: Vec<RegionConfig>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize, AtlasModel)]
#[atlas_model(CloudRegionConfig20240805)]
#[serde(rename_all = "camelCase", default)]
pub struct RegionConfig {
    pub provider_name: String,
    pub region_name: String,
    pub priority: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, AtlasModel)]
#[atlas_model(ResourceTag)]
pub struct Tag {
    pub key: String,
    pub value: String,
}

/// The body of `create_database_user`.
#[derive(Debug, Clone, Serialize, AtlasModel)]
#[atlas_model(CloudDatabaseUser)]
#[serde(rename_all = "camelCase")]
pub struct NewUser {
    pub database_name: String,
    pub username: String,
    pub password: String,
    pub group_id: String,
    pub roles: Vec<Role>,
}

#[derive(Debug, Clone, Serialize, AtlasModel)]
#[atlas_model(DatabaseUserRole)]
#[serde(rename_all = "camelCase")]
pub struct Role {
    pub database_name: String,
    pub role_name: String,
}

/// What `create_database_user` answers.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, AtlasModel)]
#[atlas_model(CloudDatabaseUser)]
#[serde(rename_all = "camelCase", default)]
pub struct User {
    pub database_name: String,
    pub username: String,
    /// Write-only: Atlas does not send it back.
    pub group_id: Option<String>,
}

/// What `list_database_users` answers: a page whose items both sides skip over.
pub type UserPage = Page<UserSummary>;

/// A database user of a listed page, none of its fields decoded.
#[derive(Debug, Clone, PartialEq, Deserialize, AtlasModel)]
#[atlas_model(CloudDatabaseUser)]
pub struct UserSummary {}

/// The body both sides send to `create_database_user`.
pub fn new_user() -> NewUser {
    NewUser {
        database_name: "admin".into(),
        username: "app-reader".into(),
        password: "correct horse battery staple".into(),
        group_id: GROUP.into(),
        roles: vec![Role {
            database_name: "sales".into(),
            role_name: "read".into(),
        }],
    }
}

/// Return one cluster.
#[atlas_endpoint(GET, "/groups/<groupId>/clusters/<clusterName>")]
pub async fn get_cluster(client: &Client, group_id: &str, cluster_name: &str) -> Result<Cluster>;

/// Create one database user.
#[atlas_endpoint(POST, "/groups/<groupId>/databaseUsers")]
pub async fn create_database_user(
    client: &Client,
    group_id: &str,
    #[body] user: &NewUser,
) -> Result<User>;

/// Return one page of database users.
#[atlas_endpoint(GET, "/groups/<groupId>/databaseUsers")]
pub async fn list_database_users(
    client: &Client,
    group_id: &str,
    #[query] items_per_page: Option<u32>,
    #[query] page_num: Option<u32>,
) -> Result<UserPage>;

/// Our client with these credentials against `base_url`.
pub fn ours(base_url: &str, credentials: Credentials) -> Client {
    Client::builder()
        .base_url(base_url)
        .credentials(credentials)
        .build()
        .expect("a loopback base URL builds")
}

/// The three kinds of credentials measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    /// A static bearer token.
    Bearer,
    /// A service account whose token is cached.
    ServiceAccount,
    /// An API key with Digest, after the first challenge.
    Digest,
}

impl Scheme {
    /// The credentials of our side.
    pub fn credentials(self) -> Credentials {
        match self {
            Self::Bearer => Credentials::bearer(TOKEN),
            Self::ServiceAccount => Credentials::service_account(SA_ID, SA_SECRET),
            Self::Digest => Credentials::api_key(API_PUBLIC, API_PRIVATE),
        }
    }

    /// A short name for reports.
    pub fn name(self) -> &'static str {
        match self {
            Self::Bearer => "bearer",
            Self::ServiceAccount => "service_account",
            Self::Digest => "digest",
        }
    }
}

/// Both sides, authenticated with `scheme`, warmed up (token fetched, Digest challenge
/// answered, one keep-alive connection open) against `base_url`.
pub async fn pair(base_url: &str, scheme: Scheme) -> (Client, hand::Hand) {
    let client = ours(base_url, scheme.credentials());
    let hand = match scheme {
        Scheme::Bearer => hand::Hand::bearer(base_url, TOKEN),
        Scheme::ServiceAccount => hand::Hand::service_account(base_url, SA_ID, SA_SECRET)
            .await
            .expect("the token endpoint answers"),
        Scheme::Digest => hand::Hand::digest(base_url, API_PUBLIC, API_PRIVATE)
            .await
            .expect("the server challenges"),
    };
    get_cluster(&client, GROUP, CLUSTER)
        .await
        .expect("our warm-up call");
    hand.get_cluster(GROUP, CLUSTER)
        .await
        .expect("the hand-written warm-up call");
    (client, hand)
}
