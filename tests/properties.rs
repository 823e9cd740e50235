//! Property tests: for arbitrary Unicode values, the request path has exactly the declared
//! segments and each segment decodes back to the value given.

use atlas_endpoint::{Client, Error, Result, atlas_endpoint};
use proptest::prelude::*;

#[atlas_endpoint(GET, "/groups/<groupId>/databaseUsers/<databaseName>/<username>")]
pub async fn get_database_user(
    client: &Client,
    group_id: &str,
    database_name: &str,
    username: &str,
) -> Result<serde_json::Value>;

// `unchecked` keeps the spec's host-name pattern out of the way: this property is about
// encoding arbitrary values, not about which values Atlas accepts.
#[atlas_endpoint(
    GET,
    "/groups/<groupId>/clusters/<hostName>/logs/<logName>.gz",
    unchecked,
    version = "2023-02-01",
    media = "gzip"
)]
pub async fn download_log(
    client: &Client,
    group_id: &str,
    host_name: &str,
    log_name: &str,
) -> Result<Vec<u8>>;

const GROUP: &str = "5f1b2c3d4e5f6a7b8c9d0e1f";

/// One client for all cases: building a client loads TLS roots, which dominates otherwise.
fn client() -> &'static Client {
    static CLIENT: std::sync::LazyLock<Client> = std::sync::LazyLock::new(|| {
        Client::builder()
            .bearer_token("t")
            .build()
            .expect("default client")
    });
    &CLIENT
}

fn decode(segment: &str) -> String {
    percent_encoding::percent_decode_str(segment)
        .decode_utf8()
        .expect("UTF-8")
        .into_owned()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(10_000))]

    #[test]
    fn every_value_is_exactly_one_segment(database in "\\PC{1,12}", user in any::<String>()) {
        match get_database_user::request(client(), GROUP, &database, &user) {
            Ok(request) => {
                let segments: Vec<&str> = request.url().path().split('/').collect();
                prop_assert_eq!(segments.len(), 9, "{}", request.url());
                prop_assert_eq!(&segments[..7], ["", "api", "atlas", "v2", "groups", GROUP, "databaseUsers"]);
                prop_assert_eq!(decode(segments[7]), database);
                prop_assert_eq!(decode(segments[8]), user);
                prop_assert!(request.url().query().is_none() && request.url().fragment().is_none());
            }
            Err(Error::InvalidArgument { parameter, .. }) => {
                prop_assert!(user.is_empty() || user == "." || user == ".." || database == "." || database == "..", "rejected {parameter}");
            }
            Err(other) => prop_assert!(false, "unexpected error {other}"),
        }
    }

    #[test]
    fn suffixes_stay_in_their_segment(host in "\\PC{1,16}", log in "\\PC{1,16}") {
        prop_assume!(![".", ".."].contains(&host.as_str()) && ![".", ".."].contains(&log.as_str()));
        let request = download_log::request(client(), GROUP, &host, &log).expect("valid values");
        let segments: Vec<&str> = request.url().path().split('/').collect();
        prop_assert_eq!(segments.len(), 10);
        prop_assert_eq!(decode(segments[7]), host);
        let file = segments[9].strip_suffix(".gz").expect("the literal suffix is kept");
        prop_assert_eq!(decode(file), log);
    }
}
