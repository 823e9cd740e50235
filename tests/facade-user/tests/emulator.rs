//! A service that depends only on the facade calls the emulator (reached through the facade's
//! re-export) with a client built with the facade's defaults.

use atlas_facade::atlas_endpoint::testing::{Emulator, Reply};
use atlas_facade::{TEAM_ATTEMPTS, team_defaults};
use atlas_facade_user::{NewTeam, create_team, get_team};
use serde_json::json;

const ORG: &str = "5f1b2c3d4e5f6a7b8c9d0e1f";
const TEAM: &str = "6a7b8c9d0e1f5f1b2c3d4e5f";

#[tokio::test]
async fn declarations_through_the_facade_send_what_they_declare() {
    let emulator = Emulator::start().await.unwrap();
    emulator.route(&create_team::ENDPOINT, |_| {
        Reply::json(200, &json!({"id": TEAM, "name": "ops", "usernames": []}))
    });
    emulator.route(&get_team::ENDPOINT, |_| {
        Reply::json(200, &json!({"id": TEAM, "name": "ops"}))
    });
    let client = team_defaults(emulator.client_builder()).build().unwrap();
    let team = NewTeam {
        name: "ops".into(),
        usernames: vec!["ada@example.com".into()],
    };

    let created = create_team(&client, ORG, &team).await.unwrap();
    let fetched = get_team(&client, ORG, TEAM).await.unwrap();

    assert_eq!(
        (created.id.as_deref(), created.name.as_str()),
        (Some(TEAM), "ops")
    );
    assert_eq!(fetched.name.as_deref(), Some("ops"));
    let requests = emulator.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(
        (requests[0].method.as_str(), requests[0].path.as_str()),
        ("POST", "/api/atlas/v2/orgs/5f1b2c3d4e5f6a7b8c9d0e1f/teams")
    );
    assert_eq!(
        requests[0].json(),
        Some(json!({"name": "ops", "usernames": ["ada@example.com"]}))
    );
    assert_eq!(requests[1].method, "GET");
    assert_eq!(
        requests[1].path,
        format!("/api/atlas/v2/orgs/{ORG}/teams/{TEAM}")
    );
    assert_eq!(requests[1].path_param("teamId"), Some(TEAM));
}

#[tokio::test]
async fn the_facades_client_defaults_apply() {
    let emulator = Emulator::start().await.unwrap();
    emulator.route(&get_team::ENDPOINT, |_| {
        Reply::atlas_error(503, "SERVICE_UNAVAILABLE", "try later")
    });
    let client = team_defaults(emulator.client_builder()).build().unwrap();

    let error = get_team(&client, ORG, TEAM).await.unwrap_err();

    assert_eq!(
        error.status().map(|status| status.as_u16()),
        Some(503),
        "{error}"
    );
    assert_eq!(
        emulator.requests().len(),
        TEAM_ATTEMPTS as usize,
        "one request per attempt the facade allows"
    );
}
