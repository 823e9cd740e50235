// Declarations and models in a `#[no_implicit_prelude]` module: the expansion needs neither the
// standard prelude nor the extern prelude's bare names. (An endpoint whose body or answer is a
// model cannot be declared in such a module: its check carries `#[diagnostic::on_unimplemented]`,
// and rustc does not resolve the `diagnostic` attribute namespace there.)

#[no_implicit_prelude]
mod api {
    use ::atlas_endpoint::{AtlasModel, Client, Page, Result, atlas_endpoint};
    use ::std::option::Option;
    use ::std::string::String;
    use ::std::vec::Vec;

    #[derive(::serde::Serialize, ::serde::Deserialize, AtlasModel)]
    #[atlas_model(Team)]
    pub struct Team {
        pub name: String,
        #[serde(default)]
        pub usernames: Vec<String>,
    }

    #[derive(::serde::Deserialize, AtlasModel)]
    #[atlas_model(ClusterDescription20240805.stateName)]
    #[serde(rename_all = "SCREAMING_SNAKE_CASE")]
    pub enum State {
        Idle,
        Creating,
    }

    #[derive(::serde::Deserialize, AtlasModel)]
    #[atlas_model(ClusterDescription20240805)]
    #[serde(rename_all = "camelCase")]
    pub struct Cluster {
        pub name: Option<String>,
        pub state_name: Option<State>,
    }

    #[atlas_endpoint(POST, "/orgs/<orgId>/teams")]
    pub async fn create_team(
        client: &Client,
        org_id: &str,
        #[body] team: &::serde_json::Value,
    ) -> Result<::serde_json::Value>;

    #[atlas_endpoint(GET, "/groups/<groupId>/clusters")]
    pub async fn list_clusters(
        client: &Client,
        group_id: &str,
        #[query("itemsPerPage")] items_per_page: Option<u32>,
        #[header("Use-Effective-Instance-Fields")] effective: Option<bool>,
    ) -> Result<Page<::serde_json::Value>>;

    #[atlas_endpoint(DELETE, "/orgs/<orgId>/invites/<invitationId>", deprecated)]
    pub async fn delete_org_invite(
        client: &Client,
        org_id: &str,
        invitation_id: &str,
    ) -> Result<()>;
}

fn main() {
    let client = atlas_endpoint::Client::builder()
        .bearer_token("t")
        .build()
        .unwrap();
    let team = serde_json::to_value(api::Team {
        name: "ops".into(),
        usernames: vec![],
    })
    .unwrap();
    let cluster: api::Cluster =
        serde_json::from_str(r#"{"name":"c0","stateName":"IDLE"}"#).unwrap();
    assert_eq!(cluster.name.as_deref(), Some("c0"));
    assert!(matches!(cluster.state_name, Some(api::State::Idle)));
    let request = api::create_team::request(&client, "5f1b2c3d4e5f6a7b8c9d0e1f", &team).unwrap();
    assert_eq!(
        request.body(),
        Some(&br#"{"name":"ops","usernames":[]}"#[..])
    );
    let request =
        api::list_clusters::request(&client, "5f1b2c3d4e5f6a7b8c9d0e1f", Some(3), Some(true))
            .unwrap();
    assert!(
        request.url().as_str().ends_with("/clusters?itemsPerPage=3"),
        "{}",
        request.url()
    );
    assert_eq!(request.headers()["Use-Effective-Instance-Fields"], "true");
    let cluster: api::Cluster =
        serde_json::from_str(r#"{"name":"c0","stateName":"IDLE"}"#).unwrap();
    assert!(matches!(cluster.state_name, Some(api::State::Idle)));
    assert!(api::delete_org_invite::ENDPOINT.deprecation.is_some());
}
