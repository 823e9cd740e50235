//! The declarations of a crate that renamed the runtime call the emulator (reached as
//! `atlas::testing`) and send what they declare.

use atlas::testing::{Emulator, Reply};
#[allow(deprecated)]
use atlas_renamed_dependency::delete_org_invite;
use atlas_renamed_dependency::{NewTeam, create_team, list_teams};
use serde_json::json;

const ORG: &str = "5f1b2c3d4e5f6a7b8c9d0e1f";

#[tokio::test]
async fn a_model_body_and_answer_go_through_the_renamed_crate() {
    let emulator = Emulator::start().await.unwrap();
    emulator.route(&create_team::ENDPOINT, |_| {
        Reply::json(
            200,
            &json!({"id": "6a7b8c9d0e1f5f1b2c3d4e5f", "name": "ops", "usernames": []}),
        )
    });
    let team = NewTeam {
        name: "ops".into(),
        usernames: vec!["ada@example.com".into()],
    };

    let created = create_team(&emulator.client(), ORG, &team).await.unwrap();

    assert_eq!(created.name, "ops");
    assert_eq!(created.id.as_deref(), Some("6a7b8c9d0e1f5f1b2c3d4e5f"));
    let requests = emulator.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].method, "POST");
    assert_eq!(requests[0].path, format!("/api/atlas/v2/orgs/{ORG}/teams"));
    assert_eq!(
        requests[0].json(),
        Some(json!({"name": "ops", "usernames": ["ada@example.com"]}))
    );
    assert_eq!(
        requests[0].header("accept"),
        Some("application/vnd.atlas.2023-01-01+json, application/json")
    );
}

#[tokio::test]
async fn a_page_query_and_a_deprecated_operation_are_sent_as_declared() {
    let emulator = Emulator::start().await.unwrap();
    emulator.route(&list_teams::ENDPOINT, |_| {
        Reply::json(200, &json!({"results": [{"id": "6a7b8c9d0e1f5f1b2c3d4e5f", "name": "ops"}], "totalCount": 1}))
    });
    emulator.route(&delete_org_invite::ENDPOINT, |_| Reply::no_content());
    let client = emulator.client();

    let page = list_teams(&client, ORG, 50).await.unwrap();
    #[allow(deprecated)]
    delete_org_invite(&client, ORG, "65a1b2c3d4e5f6a7b8c9d0e1")
        .await
        .unwrap();

    assert_eq!(page.results[0].name.as_deref(), Some("ops"));
    let requests = emulator.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(
        (requests[0].method.as_str(), requests[0].path.as_str()),
        ("GET", "/api/atlas/v2/orgs/5f1b2c3d4e5f6a7b8c9d0e1f/teams")
    );
    assert_eq!(
        requests[0].query_pairs(),
        vec![("itemsPerPage".to_owned(), "50".to_owned())]
    );
    assert_eq!(requests[1].method, "DELETE");
    assert_eq!(
        requests[1].path,
        format!("/api/atlas/v2/orgs/{ORG}/invites/65a1b2c3d4e5f6a7b8c9d0e1")
    );
}
