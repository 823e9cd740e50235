// The expansion names nothing the user's crate can shadow: modules called `std`, `core`,
// `serde`, `serde_json` and `reqwest`, and types called `Option`, `Vec`, `String` and `Box` in
// scope (each would break a bare or crate-relative path in the generated code).
#![allow(dead_code)]

mod std {}
mod core {}
mod serde {}
mod serde_json {}
mod reqwest {}

struct Option;
struct Vec;
struct String;
struct Box;

use atlas_endpoint::{AtlasModel, Client, Page, Result, atlas_endpoint};

#[derive(::serde::Serialize, ::serde::Deserialize, AtlasModel)]
#[atlas_model(DatabaseUserRole)]
#[serde(rename_all = "camelCase")]
pub struct Role {
    pub database_name: ::std::string::String,
    pub role_name: ::std::string::String,
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub collection_name: ::std::option::Option<::std::string::String>,
}

#[derive(::serde::Deserialize, AtlasModel)]
#[atlas_model(CloudDatabaseUser)]
#[serde(rename_all = "camelCase")]
pub struct User {
    pub username: ::std::string::String,
    pub roles: ::std::option::Option<::std::vec::Vec<Role>>,
    pub labels: ::std::option::Option<::std::boxed::Box<::serde_json::Value>>,
}

/// A body, a path parameter and a typed answer.
#[atlas_endpoint(PATCH, "/groups/<groupId>/databaseUsers/<databaseName>/<username>")]
pub async fn update_user(
    client: &Client,
    group_id: &str,
    database_name: &str,
    username: &str,
    #[body] roles: &::serde_json::Value,
) -> Result<User>;

#[derive(::serde::Deserialize, AtlasModel)]
#[atlas_model(ClusterDescription20240805)]
pub struct Cluster {
    pub name: ::std::option::Option<::std::string::String>,
}

/// Query values, a header and a page of models.
#[atlas_endpoint(GET, "/groups/<groupId>/clusters")]
pub async fn list_clusters(
    client: &Client,
    group_id: &str,
    #[query("includeCount")] include_count: ::std::option::Option<bool>,
    #[query("itemsPerPage")] items_per_page: u32,
    #[header("Use-Effective-Instance-Fields")] effective: ::std::option::Option<bool>,
) -> Result<Page<Cluster>>;

/// An array query value.
#[atlas_endpoint(GET, "/groups/<groupId>/events")]
pub async fn list_events(
    client: &Client,
    group_id: &str,
    #[query("clusterNames")] cluster_names: ::std::vec::Vec<&str>,
) -> Result<::serde_json::Value>;

/// A raw byte answer.
#[atlas_endpoint(
    GET,
    "/groups/<groupId>/clusters/<hostName>/logs/<logName>.gz",
    version = "2023-02-01"
)]
pub async fn download_log(
    client: &Client,
    group_id: &str,
    host_name: &str,
    log_name: &str,
) -> Result<::std::vec::Vec<u8>>;

fn main() {
    let client = Client::builder().bearer_token("t").build().unwrap();
    let group = "5f1b2c3d4e5f6a7b8c9d0e1f";
    let body = ::serde_json::json!({"roles": []});
    let request = update_user::request(&client, group, "admin", "app", &body).unwrap();
    assert_eq!(
        request.body(),
        ::std::option::Option::Some(&br#"{"roles":[]}"#[..])
    );
    let request = list_clusters::request(
        &client,
        group,
        ::std::option::Option::Some(true),
        5,
        ::std::option::Option::Some(true),
    )
    .unwrap();
    assert!(
        request
            .url()
            .as_str()
            .ends_with("/clusters?includeCount=true&itemsPerPage=5"),
        "{}",
        request.url()
    );
    assert_eq!(request.headers()["Use-Effective-Instance-Fields"], "true");
    let request = list_events::request(&client, group, ::std::vec!["a", "b"]).unwrap();
    assert!(
        request
            .url()
            .as_str()
            .ends_with("/events?clusterNames=a&clusterNames=b"),
        "{}",
        request.url()
    );
    assert_eq!(download_log::ENDPOINT.version, "2023-02-01");
}
