//! Reading credentials and the base URL from `MONGODB_ATLAS_*` environment variables.

use super::Credentials;
use crate::error::{Error, Result};
use crate::secret::Secret;

/// The service-account client id.
pub(crate) const CLIENT_ID: &str = "MONGODB_ATLAS_CLIENT_ID";
/// The service-account client secret.
pub(crate) const CLIENT_SECRET: &str = "MONGODB_ATLAS_CLIENT_SECRET";
/// The API key's public part.
pub(crate) const PUBLIC_API_KEY: &str = "MONGODB_ATLAS_PUBLIC_API_KEY";
/// The API key's private part.
pub(crate) const PRIVATE_API_KEY: &str = "MONGODB_ATLAS_PRIVATE_API_KEY";
/// Older name of [`PUBLIC_API_KEY`], also accepted.
pub(crate) const PUBLIC_KEY: &str = "MONGODB_ATLAS_PUBLIC_KEY";
/// Older name of [`PRIVATE_API_KEY`], also accepted.
pub(crate) const PRIVATE_KEY: &str = "MONGODB_ATLAS_PRIVATE_KEY";
/// A static access token.
pub(crate) const ACCESS_TOKEN: &str = "MONGODB_ATLAS_ACCESS_TOKEN";
/// The base URL.
pub(crate) const BASE_URL: &str = "MONGODB_ATLAS_BASE_URL";

/// What the environment configures.
#[derive(Debug)]
pub(crate) struct Settings {
    pub(crate) credentials: Credentials,
    pub(crate) base_url: Option<String>,
}

/// Reads the settings through `lookup` (the process environment, or a map in tests). Empty
/// values count as unset. Precedence: service account, then API key, then access token; half a
/// pair is an error naming the missing variable.
pub(crate) fn read(lookup: impl Fn(&str) -> Option<String>) -> Result<Settings> {
    let get = |name: &str| lookup(name).filter(|value| !value.trim().is_empty());
    let either = |name: &'static str, alias: &'static str| {
        get(name)
            .map(|value| (name, value))
            .or_else(|| get(alias).map(|value| (alias, value)))
    };
    let credentials = if let Some(pair) = pair(
        get(CLIENT_ID).map(|value| (CLIENT_ID, value)),
        CLIENT_ID,
        get(CLIENT_SECRET).map(|value| (CLIENT_SECRET, value)),
        CLIENT_SECRET,
    )? {
        Credentials::service_account(pair.0, Secret::new(pair.1))
    } else if let Some(pair) = pair(
        either(PUBLIC_API_KEY, PUBLIC_KEY),
        PUBLIC_API_KEY,
        either(PRIVATE_API_KEY, PRIVATE_KEY),
        PRIVATE_API_KEY,
    )? {
        Credentials::api_key(pair.0, Secret::new(pair.1))
    } else if let Some(token) = get(ACCESS_TOKEN) {
        Credentials::bearer(token)
    } else {
        return Err(Error::Config(format!(
            "no Atlas credentials in the environment: set {CLIENT_ID} and {CLIENT_SECRET} \
             (service account), {PUBLIC_API_KEY} and {PRIVATE_API_KEY} (API key) or \
             {ACCESS_TOKEN}"
        )));
    };
    Ok(Settings {
        credentials,
        base_url: get(BASE_URL),
    })
}

/// Both halves of a pair, nothing, or an error naming the missing half.
fn pair(
    first: Option<(&'static str, String)>,
    first_name: &str,
    second: Option<(&'static str, String)>,
    second_name: &str,
) -> Result<Option<(String, String)>> {
    match (first, second) {
        (Some((_, first)), Some((_, second))) => Ok(Some((first, second))),
        (None, None) => Ok(None),
        (Some((set, _)), None) => Err(half(set, second_name)),
        (None, Some((set, _))) => Err(half(set, first_name)),
    }
}

fn half(set: &str, missing: &str) -> Error {
    Error::Config(format!("{set} is set but {missing} is not"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn read_from(pairs: &[(&str, &str)]) -> Result<Settings> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
            .collect();
        read(|name| map.get(name).cloned())
    }

    fn scheme(pairs: &[(&str, &str)]) -> String {
        match read_from(pairs) {
            Ok(settings) => settings.credentials.kind().to_owned(),
            Err(error) => error.to_string(),
        }
    }

    #[test]
    fn precedence_is_service_account_then_api_key_then_token() {
        let all = [
            (CLIENT_ID, "id"),
            (CLIENT_SECRET, "secret"),
            (PUBLIC_API_KEY, "pub"),
            (PRIVATE_API_KEY, "priv"),
            (ACCESS_TOKEN, "tok"),
        ];
        assert_eq!(scheme(&all), "ServiceAccount");
        assert_eq!(scheme(&all[2..]), "ApiKey");
        assert_eq!(scheme(&all[4..]), "Bearer");
        assert_eq!(scheme(&[(PUBLIC_KEY, "p"), (PRIVATE_KEY, "k")]), "ApiKey");
        assert_eq!(
            scheme(&[(PUBLIC_API_KEY, "p"), (PRIVATE_KEY, "k")]),
            "ApiKey"
        );
    }

    #[test]
    fn half_a_pair_names_the_missing_variable() {
        let error = scheme(&[(CLIENT_ID, "id"), (ACCESS_TOKEN, "tok")]);
        assert!(
            error.contains("MONGODB_ATLAS_CLIENT_SECRET is not"),
            "{error}"
        );
        let error = scheme(&[(PRIVATE_KEY, "k")]);
        assert!(
            error.contains("MONGODB_ATLAS_PUBLIC_API_KEY is not"),
            "{error}"
        );
        assert!(
            error.contains("MONGODB_ATLAS_PRIVATE_KEY is set"),
            "{error}"
        );
        let error = scheme(&[(CLIENT_SECRET, "s"), (CLIENT_ID, " ")]);
        assert!(error.contains("MONGODB_ATLAS_CLIENT_ID is not"), "{error}");
    }

    #[test]
    fn nothing_set_lists_the_options_and_base_url_is_read() {
        let error = scheme(&[(BASE_URL, "https://cloud.mongodbgov.com")]);
        assert!(error.contains(ACCESS_TOKEN), "{error}");
        let settings =
            read_from(&[(ACCESS_TOKEN, "t"), (BASE_URL, "http://127.0.0.1:1")]).expect("settings");
        assert_eq!(settings.base_url.as_deref(), Some("http://127.0.0.1:1"));
    }
}
