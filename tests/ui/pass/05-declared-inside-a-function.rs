// Declarations work where users' imports live, including inside function bodies.
fn main() {
    use atlas_endpoint::{AtlasModel, Client, Result, atlas_endpoint};

    #[derive(serde::Serialize, AtlasModel)]
    #[atlas_model(Team)]
    struct Team {
        name: String,
        usernames: Vec<String>,
    }

    #[atlas_endpoint(POST, "/orgs/<orgId>/teams")]
    async fn create_team(
        client: &Client,
        org_id: &str,
        #[body] team: &Team,
    ) -> Result<serde_json::Value>;

    let client = Client::builder().bearer_token("t").build().unwrap();
    let team = Team {
        name: "ops".into(),
        usernames: vec!["ada@example.com".into()],
    };
    let request = create_team::request(&client, "5f1b2c3d4e5f6a7b8c9d0e1f", &team).unwrap();
    assert_eq!(
        request.body(),
        Some(&br#"{"name":"ops","usernames":["ada@example.com"]}"#[..])
    );
    let _ = create_team;
}
