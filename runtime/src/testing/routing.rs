//! Matching a received request against a path template and a media type: the one matcher of
//! routes and of the stateful mode.

use crate::endpoint::Endpoint;
use std::collections::BTreeMap;

/// The placeholder values if `path` (relative to `/api/atlas/v2`, still encoded) fits
/// `endpoint`'s template.
pub(crate) fn match_path(endpoint: &Endpoint, path: &str) -> Option<BTreeMap<String, String>> {
    match_template(endpoint.template, path).map(|(values, _)| values)
}

/// The placeholder values and the number of wholly literal segments if `path` (relative to
/// `/api/atlas/v2`, still encoded) fits `template` (`/groups/<groupId>/clusters`): each value is
/// a non-empty segment, or the part of one around the template's literal prefix or suffix,
/// percent-decoded. Bytes that are not UTF-8 decode to U+FFFD: such a value fits no pattern of
/// Atlas and names nothing stored, so the request gets Atlas's 400 or 404 rather than no route.
pub(crate) fn match_template(
    template: &str,
    path: &str,
) -> Option<(BTreeMap<String, String>, usize)> {
    let wanted: Vec<&str> = template.split('/').collect();
    let given: Vec<&str> = path.split('/').collect();
    if wanted.len() != given.len() {
        return None;
    }
    let mut values = BTreeMap::new();
    let mut literals = 0usize;
    for (want, got) in wanted.iter().zip(&given) {
        let Some((prefix, rest)) = want.split_once('<') else {
            if want != got {
                return None;
            }
            literals = literals.saturating_add(1);
            continue;
        };
        let (name, suffix) = rest.split_once('>')?;
        let raw = got.strip_prefix(prefix)?.strip_suffix(suffix)?;
        if raw.is_empty() {
            return None;
        }
        let value = percent_encoding::percent_decode_str(raw).decode_utf8_lossy();
        values.insert(name.to_owned(), value.into_owned());
    }
    Some((values, literals))
}

/// Whether the `Accept` header names `media_type` among its items (parameters such as `;q=`
/// aside).
pub(crate) fn accepts(accept: Option<&str>, media_type: &str) -> bool {
    accept.is_some_and(|accept| {
        accept
            .split(',')
            .any(|item| item.split(';').next().unwrap_or("").trim() == media_type)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_match_whole_segments_and_affixes() {
        let (values, literals) = match_template(
            "/groups/<groupId>/clusters/<name>:pin",
            "/groups/a%2Fb/clusters/c:pin",
        )
        .unwrap();
        assert_eq!(values["groupId"], "a/b");
        assert_eq!(values["name"], "c");
        assert_eq!(literals, 3);
        assert_eq!(
            match_template("/groups/<groupId>", "/groups/%FF")
                .unwrap()
                .0["groupId"],
            "\u{fffd}"
        );
        assert!(match_template("/groups/<groupId>", "/groups/").is_none());
        assert!(match_template("/groups/<groupId>", "/groups/a/b").is_none());
        assert!(match_template("/groups/<name>:pin", "/groups/c").is_none());
    }

    #[test]
    fn accept_items_match_without_their_parameters() {
        let json = "application/vnd.atlas.2023-01-01+json";
        assert!(accepts(
            Some("text/html, application/vnd.atlas.2023-01-01+json;q=0.9"),
            json
        ));
        assert!(!accepts(
            Some("application/vnd.atlas.2023-02-01+json"),
            json
        ));
        assert!(!accepts(None, json));
    }
}
