//! End-to-end behaviour of declared endpoints over real HTTP on loopback, against the
//! embedded emulator: what is sent, how answers decode, and every error kind.

use atlas_endpoint::testing::{Emulator, Reply};
use atlas_endpoint::{AtlasModel, Bytes, Client, Error, Result, RetryPolicy, atlas_endpoint};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::time::Duration;

const ORG: &str = "5f1b2c3d4e5f6a7b8c9d0e1f";
const GROUP: &str = "65a1b2c3d4e5f6a7b8c9d0e1";
const INVITE: &str = "6b1b2c3d4e5f6a7b8c9d0e1f";

#[atlas_endpoint(DELETE, "/orgs/<orgId>/invites/<invitationId>", deprecated)]
pub async fn delete_org_invite(client: &Client, org_id: &str, invitation_id: &str) -> Result<()>;

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NewUser {
    pub database_name: String,
    pub username: String,
}

#[derive(Debug, Deserialize, PartialEq, AtlasModel)]
#[atlas_model(CloudDatabaseUser)]
pub struct User {
    pub username: String,
}

/// Exercises every parameter kind, so it is declared `unchecked` (Atlas has no such query
/// parameters on this operation).
#[atlas_endpoint(
    POST,
    "/groups/<groupId>/databaseUsers",
    unchecked,
    version = "2023-01-01"
)]
pub async fn create_database_user(
    client: &Client,
    group_id: &str,
    #[body] user: &NewUser,
    #[query] pretty: Option<bool>,
    #[query("itemsPerPage")] per_page: Option<u32>,
    #[query] tags: Vec<String>,
    #[header("Use-Effective-Instance-Fields")] effective: Option<bool>,
) -> Result<User>;

#[atlas_endpoint(GET, "/groups/<groupId>/databaseUsers/<databaseName>/<username>")]
pub async fn get_database_user(
    client: &Client,
    group_id: &str,
    database_name: &str,
    username: &str,
) -> Result<User>;

#[atlas_endpoint(GET, "/groups/<groupId>/clusters/<hostName>/logs/<logName>.gz")]
pub async fn download_cluster_log(
    client: &Client,
    group_id: &str,
    host_name: &str,
    log_name: &str,
) -> Result<Vec<u8>>;

#[atlas_endpoint(GET, "/orgs/<orgId>/invoices/<invoiceId>/csv")]
pub async fn get_invoice_csv(client: &Client, org_id: &str, invoice_id: &str) -> Result<Bytes>;

#[atlas_endpoint(POST, "/groups/<groupId>:migrate", version = "2024-05-30")]
pub async fn migrate_project(
    client: &Client,
    group_id: &str,
    #[body] body: &serde_json::Value,
) -> Result<serde_json::Value>;

/// getGroupCluster pinned to an older served version (deprecated: sunset 2027-07-01).
#[atlas_endpoint(
    GET,
    "/groups/<groupId>/clusters/<clusterName>",
    version = "2023-02-01"
)]
pub async fn get_cluster_2023(
    client: &Client,
    group_id: &str,
    cluster_name: &str,
) -> Result<serde_json::Value>;

/// A preview-only operation, acknowledged.
#[atlas_endpoint(GET, "/orgs/<orgId>/maintenanceSettings", version = "preview")]
pub async fn org_maintenance_settings(client: &Client, org_id: &str) -> Result<serde_json::Value>;

async fn emulator() -> Emulator {
    Emulator::start()
        .await
        .expect("the emulator binds 127.0.0.1")
}

#[tokio::test]
#[allow(deprecated)]
async fn delete_sends_method_path_version_and_token() {
    let emulator = emulator().await;
    emulator.route(&delete_org_invite::ENDPOINT, |_| Reply::no_content());
    delete_org_invite(&emulator.client(), ORG, INVITE)
        .await
        .unwrap();
    let requests = emulator.requests();
    assert_eq!(requests.len(), 1);
    let request = &requests[0];
    assert_eq!(request.method, "DELETE");
    assert_eq!(
        request.path,
        format!("/api/atlas/v2/orgs/{ORG}/invites/{INVITE}")
    );
    assert_eq!(
        request.header("accept"),
        Some("application/vnd.atlas.2023-01-01+json, application/json")
    );
    assert_eq!(
        request.header("authorization"),
        Some(format!("Bearer {}", emulator.token()).as_str())
    );
    assert_eq!(request.header("content-type"), None);
    assert!(
        request
            .header("user-agent")
            .is_some_and(|agent| agent.starts_with("atlas-endpoint/"))
    );
    assert!(request.raw_body().is_empty());
}

#[tokio::test]
#[allow(deprecated)]
async fn pinned_and_preview_versions_send_their_media_types() {
    let emulator = emulator().await;
    emulator.route(&get_cluster_2023::ENDPOINT, |_| {
        Reply::json(200, &json!({"name": "Cluster0"}))
    });
    emulator.route(&org_maintenance_settings::ENDPOINT, |_| {
        Reply::json(200, &json!({}))
    });
    let client = emulator.client();
    get_cluster_2023(&client, GROUP, "Cluster0").await.unwrap();
    org_maintenance_settings(&client, ORG).await.unwrap();
    let accepts: Vec<String> = emulator
        .requests()
        .iter()
        .map(|request| request.header("accept").unwrap_or_default().to_owned())
        .collect();
    assert_eq!(
        accepts,
        [
            "application/vnd.atlas.2023-02-01+json, application/json",
            "application/vnd.atlas.preview+json, application/json",
        ]
    );
    assert_eq!(get_cluster_2023::ENDPOINT.operation, "getGroupCluster");
}

#[tokio::test]
#[allow(deprecated)]
async fn malformed_invitation_id_is_rejected_before_any_io() {
    let emulator = emulator().await;
    emulator.route(&delete_org_invite::ENDPOINT, |_| Reply::no_content());
    let error = delete_org_invite(&emulator.client(), ORG, "bob@example.com")
        .await
        .unwrap_err();
    assert!(error.is_invalid_argument(), "{error}");
    assert!(error.to_string().contains("invitationId"), "{error}");
    assert!(
        emulator.requests().is_empty(),
        "no request may reach the server"
    );
}

#[tokio::test]
async fn post_sends_body_query_and_header_and_decodes_json() {
    let emulator = emulator().await;
    emulator.route(&create_database_user::ENDPOINT, |request| {
        let body = request.json().unwrap_or_default();
        Reply::json(201, &json!({ "username": body["username"], "extra": 1 }))
    });
    let user = NewUser {
        database_name: "admin".into(),
        username: "app".into(),
    };
    let created = create_database_user(
        &emulator.client(),
        GROUP,
        &user,
        Some(true),
        None,
        vec!["a".into(), "b c".into()],
        Some(false),
    )
    .await
    .unwrap();
    assert_eq!(
        created,
        User {
            username: "app".into()
        }
    );
    let request = &emulator.requests()[0];
    assert_eq!(request.method, "POST");
    assert_eq!(
        request.header("content-type"),
        Some("application/vnd.atlas.2023-01-01+json")
    );
    assert_eq!(
        request.json(),
        Some(json!({ "databaseName": "admin", "username": "app" }))
    );
    let query = request.query_pairs();
    let pairs: Vec<(&str, &str)> = query
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    assert_eq!(pairs, [("pretty", "true"), ("tags", "a"), ("tags", "b c")]);
    assert_eq!(
        request.header("use-effective-instance-fields"),
        Some("false")
    );
}

#[tokio::test]
async fn every_value_stays_one_segment() {
    let emulator = emulator().await;
    emulator.route(&get_database_user::ENDPOINT, |request| {
        Reply::json(200, &json!({ "username": request.path_param("username") }))
    });
    let client = emulator.client();
    for hostile in [
        "a/b",
        "../..",
        "x?y=1",
        "frag#ment",
        "100%",
        "sp ace",
        "ünï",
        "%2F",
        "a\\b",
    ] {
        let user = get_database_user(&client, GROUP, "admin", hostile)
            .await
            .unwrap();
        assert_eq!(
            user.username, hostile,
            "the emulator decoded exactly one segment"
        );
    }
    let paths: Vec<String> = emulator.requests().into_iter().map(|r| r.path).collect();
    assert_eq!(
        paths[0],
        format!("/api/atlas/v2/groups/{GROUP}/databaseUsers/admin/a%2Fb")
    );
    assert_eq!(
        paths[1],
        format!("/api/atlas/v2/groups/{GROUP}/databaseUsers/admin/..%2F..")
    );
    assert!(
        paths.iter().all(|path| path.matches('/').count() == 8),
        "{paths:?}"
    );
}

#[tokio::test]
async fn invalid_arguments_send_nothing() {
    let emulator = emulator().await;
    emulator.route(&get_database_user::ENDPOINT, |_| {
        Reply::json(200, &json!({ "username": "x" }))
    });
    let client = emulator.client();
    let cases = [
        ("not-hex", "admin", "app", "groupId"),
        (GROUP, "", "app", "databaseName"),
        (GROUP, "admin", "..", "username"),
        (GROUP, "admin", ".", "username"),
    ];
    for (group, database, user, parameter) in cases {
        let error = get_database_user(&client, group, database, user)
            .await
            .unwrap_err();
        match &error {
            Error::InvalidArgument {
                parameter: name, ..
            } => assert_eq!(name, parameter),
            other => panic!("expected an invalid argument, got {other:?}"),
        }
        assert!(error.is_invalid_argument());
        assert!(error.to_string().contains(parameter), "{error}");
    }
    assert!(
        emulator.requests().is_empty(),
        "no request may reach the server"
    );
}

#[tokio::test]
async fn raw_responses_keep_their_bytes_and_media_type() {
    let emulator = emulator().await;
    let gzip = Bytes::from_static(&[0x1f, 0x8b, 0x08, 0x00, 0xff]);
    let served = gzip.clone();
    emulator.route(&download_cluster_log::ENDPOINT, move |_| {
        Reply::raw(
            200,
            Some("application/vnd.atlas.2023-02-01+gzip"),
            served.clone(),
        )
    });
    emulator.route(&get_invoice_csv::ENDPOINT, |_| {
        Reply::raw(200, Some("text/csv"), Bytes::from_static(b"a,b\n1,2\n"))
    });
    let client = emulator.client();
    let log = download_cluster_log(&client, GROUP, "host-1.mongodb.net", "mongodb")
        .await
        .unwrap();
    assert_eq!(log, gzip.to_vec());
    let csv = get_invoice_csv(&client, ORG, "abc123").await.unwrap();
    assert_eq!(csv, Bytes::from_static(b"a,b\n1,2\n"));
    let requests = emulator.requests();
    assert_eq!(
        requests[0].path,
        format!("/api/atlas/v2/groups/{GROUP}/clusters/host-1.mongodb.net/logs/mongodb.gz")
    );
    assert_eq!(
        requests[0].header("accept"),
        Some("application/vnd.atlas.2023-02-01+gzip, application/json")
    );
    assert_eq!(
        requests[1].header("accept"),
        Some("application/vnd.atlas.2023-01-01+csv, application/json")
    );
}

#[tokio::test]
async fn suffix_segments_and_versions() {
    let emulator = emulator().await;
    emulator.route(&migrate_project::ENDPOINT, |_| {
        Reply::json(200, &json!({ "ok": true }))
    });
    let answer = migrate_project(&emulator.client(), GROUP, &json!({}))
        .await
        .unwrap();
    assert_eq!(answer, json!({ "ok": true }));
    let request = &emulator.requests()[0];
    assert_eq!(
        request.path,
        format!("/api/atlas/v2/groups/{GROUP}:migrate")
    );
    assert_eq!(
        request.header("content-type"),
        Some("application/vnd.atlas.2024-05-30+json")
    );
}

#[tokio::test]
async fn atlas_errors_are_typed_and_keep_the_body() {
    let emulator = emulator().await;
    emulator.route(&get_database_user::ENDPOINT, |_| {
        Reply::atlas_error(404, "USER_NOT_FOUND", "No user app in admin.")
            .header("x-request-id", "r-1")
    });
    let error = get_database_user(&emulator.client(), GROUP, "admin", "app")
        .await
        .unwrap_err();
    assert!(error.is_code("USER_NOT_FOUND"));
    assert_eq!(error.status().map(|s| s.as_u16()), Some(404));
    let api = error.api().expect("an Atlas error");
    assert_eq!(api.detail.as_deref(), Some("No user app in admin."));
    assert_eq!(api.reason.as_deref(), Some("Not Found"));
    assert_eq!(
        api.headers.get("x-request-id").map(|v| v.as_bytes()),
        Some(&b"r-1"[..])
    );
    assert!(String::from_utf8_lossy(&api.body).contains("USER_NOT_FOUND"));
    assert!(error.to_string().contains("USER_NOT_FOUND"), "{error}");
}

#[tokio::test]
async fn wrong_token_and_wrong_version_are_atlas_errors() {
    let emulator = emulator().await;
    emulator.route(&get_database_user::ENDPOINT, |_| {
        Reply::json(200, &json!({ "username": "x" }))
    });
    let stranger = emulator
        .client_builder()
        .bearer_token("wrong")
        .build()
        .unwrap();
    let error = get_database_user(&stranger, GROUP, "admin", "app")
        .await
        .unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(401));
    // A declaration with another resource version than the one served gets Atlas's 406.
    let error = get_database_user_2099(&emulator.client(), GROUP, "admin", "app")
        .await
        .unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(406));
    assert!(error.api().is_some_and(|api| {
        api.detail
            .as_deref()
            .is_some_and(|d| d.contains("2023-01-01"))
    }));
}

#[atlas_endpoint(
    GET,
    "/groups/<groupId>/databaseUsers/<databaseName>/<username>",
    unchecked,
    version = "2099-01-01"
)]
pub async fn get_database_user_2099(
    client: &Client,
    group_id: &str,
    database_name: &str,
    username: &str,
) -> Result<User>;

#[tokio::test]
async fn non_atlas_error_bodies_keep_status_and_body() {
    let emulator = emulator().await;
    emulator.route(&get_database_user::ENDPOINT, |_| {
        Reply::raw(
            502,
            Some("text/html"),
            Bytes::from_static(b"<html><body>Bad Gateway</body></html>"),
        )
    });
    let error = get_database_user(
        &emulator.client().with_retry(RetryPolicy::none()),
        GROUP,
        "admin",
        "app",
    )
    .await
    .unwrap_err();
    match &error {
        Error::Http { response, .. } => {
            assert_eq!(response.status.as_u16(), 502);
            assert!(response.body.starts_with(b"<html>"));
        }
        other => panic!("expected a non-Atlas HTTP error, got {other:?}"),
    }
    assert!(error.api().is_none());
}

#[tokio::test]
async fn undecodable_success_bodies_are_decode_errors() {
    let emulator = emulator().await;
    emulator.route(&get_database_user::ENDPOINT, |_| {
        Reply::raw(
            200,
            Some("application/json"),
            Bytes::from_static(b"{\"user\": 1}"),
        )
    });
    let error = get_database_user(&emulator.client(), GROUP, "admin", "app")
        .await
        .unwrap_err();
    match &error {
        Error::Decode { response, .. } => assert_eq!(&response.body[..], b"{\"user\": 1}"),
        other => panic!("expected a decode error, got {other:?}"),
    }
}

#[tokio::test]
async fn timeouts_and_transport_failures_are_their_own_kinds() {
    let emulator = emulator().await;
    emulator.route(&get_database_user::ENDPOINT, |_| {
        Reply::json(200, &json!({ "username": "x" })).delayed(Duration::from_secs(5))
    });
    let impatient = emulator
        .client_builder()
        .timeout(Duration::from_millis(200))
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let error = get_database_user(&impatient, GROUP, "admin", "app")
        .await
        .unwrap_err();
    assert!(error.is_timeout(), "{error:?}");

    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let closed = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let nowhere = Client::builder()
        .base_url(closed)
        .bearer_token("t")
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let error = get_database_user(&nowhere, GROUP, "admin", "app")
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
}

#[tokio::test]
#[allow(deprecated)]
async fn requests_can_be_built_without_sending() {
    let emulator = emulator().await;
    let client = emulator.client();
    let request = delete_org_invite::request(&client, ORG, INVITE).unwrap();
    assert_eq!(request.method(), atlas_endpoint::Method::DELETE);
    assert_eq!(
        request.url().path(),
        format!("/api/atlas/v2/orgs/{ORG}/invites/{INVITE}")
    );
    let shown = request.to_string();
    assert!(
        shown.contains("authorization: Bearer [redacted]") && !shown.contains(emulator.token()),
        "{shown}"
    );
    let endpoint = &delete_org_invite::ENDPOINT;
    assert_eq!(
        (endpoint.method, endpoint.template, endpoint.version),
        (
            atlas_endpoint::Method::DELETE,
            "/orgs/<orgId>/invites/<invitationId>",
            "2023-01-01"
        )
    );
    assert!(
        endpoint
            .deprecation
            .is_some_and(|note| note.contains("/orgs/{orgId}/invites/{invitationId}"))
    );
    assert!(emulator.requests().is_empty());
}

#[test]
fn request_urls_keep_the_base_urls_host_port_and_path() {
    let url = |base: &str, username: &str| {
        let client = Client::builder()
            .base_url(base)
            .bearer_token("t")
            .build()
            .unwrap()
            .with_envelope(true);
        get_database_user::request(&client, GROUP, "admin", username)
            .unwrap()
            .url()
            .to_string()
    };
    let path = format!("/api/atlas/v2/groups/{GROUP}/databaseUsers/admin");
    assert_eq!(
        url("https://CLOUD.MongoDB.com:443/", "app"),
        format!("https://cloud.mongodb.com{path}/app?envelope=true")
    );
    assert_eq!(
        url("http://127.0.0.1:8080/prefix/", "app"),
        format!("http://127.0.0.1:8080/prefix{path}/app?envelope=true")
    );
    assert_eq!(
        url("http://[::1]:9", "a b/c?d%é#x"),
        format!("http://[::1]:9{path}/a%20b%2Fc%3Fd%25%C3%A9%23x?envelope=true")
    );
}

#[test]
fn insecure_base_urls_are_refused() {
    let error = Client::builder()
        .base_url("http://cloud.mongodb.com")
        .bearer_token("t")
        .build()
        .unwrap_err();
    assert!(matches!(error, Error::Config(_)), "{error:?}");
    let government = Client::builder()
        .government()
        .bearer_token("t")
        .build()
        .unwrap();
    assert_eq!(
        government.base_url().as_str(),
        "https://cloud.mongodbgov.com/"
    );
}
