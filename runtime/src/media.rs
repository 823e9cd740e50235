//! The versioned `Accept` and `Content-Type` values of each endpoint, built once per endpoint
//! and shared: a request clones them (a reference count) instead of formatting them.

use crate::endpoint::{AddressMap, Endpoint, address_of};
use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderMap, HeaderValue};
use std::sync::{OnceLock, RwLock};

/// The start of every Atlas media type (see [`Endpoint::media_type`]).
const MEDIA_PREFIX: &str = "application/vnd.atlas.";

/// `Accept` and `Content-Type` of one endpoint.
#[derive(Clone)]
struct MediaHeaders {
    /// `application/vnd.atlas.<version>+<suffix>, application/json`: the operation's media
    /// type, and plain JSON for errors.
    accept: HeaderValue,
    /// `application/vnd.atlas.<version>+json`, for request bodies.
    content_type: HeaderValue,
}

/// The headers every request to `endpoint` carries: `Accept`, and `Content-Type` when it has a
/// body.
pub(crate) fn headers(endpoint: &'static Endpoint, with_body: bool) -> HeaderMap {
    let media = cached(endpoint);
    let mut headers = HeaderMap::with_capacity(if with_body { 2 } else { 1 });
    headers.insert(ACCEPT, media.accept);
    if with_body {
        headers.insert(CONTENT_TYPE, media.content_type);
    }
    headers
}

/// Adds the headers of [`headers`] to `headers`.
pub(crate) fn insert(headers: &mut HeaderMap, endpoint: &'static Endpoint, with_body: bool) {
    let media = cached(endpoint);
    headers.insert(ACCEPT, media.accept);
    if with_body {
        headers.insert(CONTENT_TYPE, media.content_type);
    }
}

fn cached(endpoint: &'static Endpoint) -> MediaHeaders {
    static CACHE: OnceLock<RwLock<AddressMap<usize, MediaHeaders>>> = OnceLock::new();
    let cache = CACHE.get_or_init(RwLock::default);
    let key = address_of(endpoint);
    if let Some(media) = cache.read().ok().and_then(|cache| cache.get(&key).cloned()) {
        return media;
    }
    let media = MediaHeaders {
        accept: header_value(&[
            MEDIA_PREFIX,
            endpoint.version,
            "+",
            endpoint.media.suffix(),
            ", application/json",
        ]),
        content_type: header_value(&[MEDIA_PREFIX, endpoint.version, "+json"]),
    };
    if let Ok(mut cache) = cache.write() {
        cache.insert(key, media.clone());
    }
    media
}

/// Media types are built from a checked date and a fixed suffix, so they are valid headers.
fn header_value(parts: &[&str]) -> HeaderValue {
    HeaderValue::try_from(parts.concat())
        .unwrap_or_else(|_| HeaderValue::from_static("application/json"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::endpoint::{Media, Method};

    static CSV: Endpoint = Endpoint {
        operation: "getCsv",
        module: "tests",
        function: "getCsv",
        method: Method::GET,
        template: "/x",
        pieces: &[],
        params: &[],
        version: "2023-01-01",
        media: Media::Csv,
        deprecation: None,
        catalogued: None,
    };

    #[test]
    fn versioned_media_types_from_the_cache_too() {
        for _ in 0..2 {
            let headers = headers(&CSV, true);
            assert_eq!(
                headers[ACCEPT],
                "application/vnd.atlas.2023-01-01+csv, application/json"
            );
            assert_eq!(
                headers[CONTENT_TYPE],
                "application/vnd.atlas.2023-01-01+json"
            );
            assert!(!super::headers(&CSV, false).contains_key(CONTENT_TYPE));
        }
    }
}
