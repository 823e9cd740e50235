//! The emulator refuses the bodies Atlas would refuse, naming each field, before the route runs.

use atlas_endpoint::testing::{Emulator, Reply};
use atlas_endpoint::{Client, Result, atlas_endpoint};
use serde_json::{Value, json};

const GROUP: &str = "65a1b2c3d4e5f6a7b8c9d0e1";

#[atlas_endpoint(POST, "/groups/<groupId>/databaseUsers")]
pub async fn create_database_user(
    client: &Client,
    group_id: &str,
    #[body] user: &Value,
) -> Result<Value>;

async fn routed() -> Emulator {
    let emulator = Emulator::start()
        .await
        .expect("the emulator binds 127.0.0.1");
    emulator.route(&create_database_user::ENDPOINT, |request| {
        Reply::json(201, &request.json().unwrap_or_default())
    });
    emulator
}

fn valid_user() -> Value {
    json!({
        "databaseName": "admin",
        "groupId": GROUP,
        "username": "app",
        "password": "correct horse battery",
        "roles": [{"databaseName": "sales", "roleName": "readWrite"}],
    })
}

#[tokio::test]
async fn a_conforming_body_reaches_the_route() {
    let emulator = routed().await;
    let created = create_database_user(&emulator.client(), GROUP, &valid_user())
        .await
        .unwrap();
    assert_eq!(created["username"], "app");
}

#[tokio::test]
async fn a_misspelt_field_is_refused_by_name() {
    let emulator = routed().await;
    let mut user = valid_user();
    let name = user
        .as_object_mut()
        .unwrap()
        .remove("databaseName")
        .unwrap();
    user["databseName"] = name;
    let error = create_database_user(&emulator.client(), GROUP, &user)
        .await
        .unwrap_err();
    assert!(error.is_code("VALIDATION_ERROR"), "{error}");
    assert_eq!(error.status().map(|status| status.as_u16()), Some(400));
    assert_eq!(
        emulator.requests()[0].status,
        400,
        "Atlas's status, before the route"
    );
    let text = error.to_string();
    assert!(
        text.contains("databseName: `CloudDatabaseUser` has no property `databseName`"),
        "{text}"
    );
    assert!(text.contains("databaseName: is required"), "{text}");
    let api = error.api().expect("an Atlas error");
    let fields = &api.bad_request_detail.as_ref().expect("field details")["fields"];
    assert_eq!(fields[0]["field"], "databseName");
}

#[tokio::test]
async fn wrong_types_enum_values_and_nested_fields_are_refused() {
    let emulator = routed().await;
    let mut user = valid_user();
    user["databaseName"] = json!("sales");
    user["roles"] = json!([{"databaseName": "sales", "roleName": 7}]);
    user["description"] = json!(["not", "a", "string"]);
    let error = create_database_user(&emulator.client(), GROUP, &user)
        .await
        .unwrap_err();
    assert!(error.is_code("VALIDATION_ERROR"), "{error}");
    assert_eq!(error.status().map(|status| status.as_u16()), Some(400));
    let text = error.to_string();
    assert!(
        text.contains("databaseName: must be one of admin, $external"),
        "{text}"
    );
    assert!(
        text.contains("roles[0].roleName: must be a string"),
        "{text}"
    );
    assert!(text.contains("description: must be a string"), "{text}");
    assert_eq!(
        emulator.requests().len(),
        1,
        "one request, refused before the route"
    );
}
