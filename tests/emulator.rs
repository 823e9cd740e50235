//! The emulator's own behaviour as a test double: requests it was not told to serve, and what
//! it prints about the requests it recorded.

use atlas_endpoint::testing::{Emulator, Reply};
use atlas_endpoint::{AtlasModel, Client, Result, atlas_endpoint};
use serde::Serialize;
use serde_json::{Value, json};

const GROUP: &str = "65a1b2c3d4e5f6a7b8c9d0e1";

#[atlas_endpoint(GET, "/groups/<groupId>/clusters")]
pub async fn list_clusters(client: &Client, group_id: &str) -> Result<Value>;

#[atlas_endpoint(DELETE, "/groups/<groupId>/clusters/<clusterName>")]
pub async fn delete_cluster(client: &Client, group_id: &str, cluster_name: &str) -> Result<()>;

#[derive(Serialize, AtlasModel)]
#[atlas_model(CloudDatabaseUser)]
#[serde(rename_all = "camelCase")]
pub struct NewUser {
    pub database_name: String,
    pub group_id: String,
    pub username: String,
    pub password: String,
    pub roles: Vec<Value>,
    pub scopes: Vec<Value>,
}

#[atlas_endpoint(POST, "/groups/<groupId>/databaseUsers")]
pub async fn create_database_user(
    client: &Client,
    group_id: &str,
    #[body] user: &NewUser,
) -> Result<Value>;

#[tokio::test]
async fn an_unrouted_request_gets_the_emulators_own_answer_naming_the_routes() {
    let emulator = Emulator::start().await.unwrap();
    emulator.route(&delete_cluster::ENDPOINT, |_| Reply::no_content());

    let error = list_clusters(&emulator.client(), GROUP).await.unwrap_err();

    assert!(!error.is_code("RESOURCE_NOT_FOUND"), "{error}");
    assert!(
        error.api().is_none(),
        "not an Atlas-shaped error: {error:?}"
    );
    assert_eq!(error.status().map(|status| status.as_u16()), Some(501));
    let text = error.to_string();
    assert!(
        text.contains(&format!(
            "no route in the emulator for GET /groups/{GROUP}/clusters; routed: DELETE /groups/{{groupId}}/clusters/{{clusterName}}"
        )),
        "{text}"
    );
    assert_eq!(emulator.requests()[0].status, 501);
}

#[tokio::test]
async fn a_method_the_test_did_not_route_is_unrouted_too() {
    let emulator = Emulator::start().await.unwrap();
    emulator.route(&list_clusters::ENDPOINT, |_| Reply::json(200, &json!({})));
    let client = emulator.client();

    let error = delete_cluster(&client, GROUP, "c0").await.unwrap_err();

    let text = error.to_string();
    assert!(
        text.contains("no route in the emulator for DELETE /groups/")
            && text.contains("routed: GET /groups/{groupId}/clusters"),
        "{text}"
    );
}

#[tokio::test]
async fn debug_of_a_recorded_request_redacts_secrets_and_raw_body_keeps_them() {
    let emulator = Emulator::start().await.unwrap();
    emulator.route(&create_database_user::ENDPOINT, |_| {
        Reply::json(201, &json!({"username": "app"}))
    });
    let user = NewUser {
        database_name: "admin".into(),
        group_id: GROUP.into(),
        roles: Vec::new(),
        username: "app".into(),
        password: "hunter2-password".into(),
        scopes: vec![json!({"name": "c0", "apiKey": "nested-api-key"})],
    };
    // `apiKey` is no property of `UserScope`: the emulator refuses the body as Atlas would,
    // and the request it recorded must still print no secret.
    let refused = create_database_user(&emulator.client(), GROUP, &user)
        .await
        .unwrap_err();
    assert!(refused.is_code("VALIDATION_ERROR"), "{refused}");
    assert!(
        refused.to_string().contains("scopes[0].apiKey"),
        "{refused}"
    );

    let request = &emulator.requests()[0];
    let printed = format!("{request:?}");
    for secret in ["hunter2-password", "nested-api-key", emulator.token()] {
        assert!(!printed.contains(secret), "{secret} leaked: {printed}");
    }
    assert!(printed.contains(r#"\"username\":\"app\""#), "{printed}");
    assert!(printed.contains("[redacted]"), "{printed}");

    let raw = String::from_utf8_lossy(request.raw_body());
    assert!(raw.contains("hunter2-password") && raw.contains("nested-api-key"));
    assert_eq!(request.json().unwrap()["password"], "hunter2-password");
}
