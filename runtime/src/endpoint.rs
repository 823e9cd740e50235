//! The static description of one endpoint, written by the macro as data.

use regex::Regex;
use std::collections::HashMap;
use std::fmt;
use std::hash::{BuildHasherDefault, Hash, Hasher};
use std::sync::{OnceLock, RwLock};

/// What Atlas serves at one method and path: everything a call needs that is not an argument.
///
/// Every declared endpoint has one, as `<function name>::ENDPOINT`.
#[derive(Debug)]
pub struct Endpoint {
    /// The name of the operation (the declared function's name).
    pub operation: &'static str,
    /// The HTTP method.
    pub method: Method,
    /// The path template as declared, relative to `/api/atlas/v2`, e.g. `/orgs/<orgId>`.
    pub template: &'static str,
    /// The template split into literal text and placeholders.
    pub pieces: &'static [Piece],
    /// The placeholders, in the order they appear, with their validation rules.
    pub params: &'static [PathParam],
    /// The resource version (`YYYY-MM-DD`) sent in `Accept` and `Content-Type`.
    pub version: &'static str,
    /// The media type of the response body.
    pub media: Media,
    /// `Some(note)` when the operation is deprecated.
    pub deprecation: Option<&'static str>,
}

impl Endpoint {
    /// `application/vnd.atlas.<version>+<json|csv|gzip>`.
    pub fn media_type(&self) -> String {
        format!(
            "application/vnd.atlas.{}+{}",
            self.version,
            self.media.suffix()
        )
    }

    /// The versioned JSON media type of request bodies.
    pub fn body_media_type(&self) -> String {
        format!("application/vnd.atlas.{}+json", self.version)
    }
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} ({})", self.method, self.template, self.operation)
    }
}

/// HTTP methods the Atlas Administration API uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[allow(clippy::upper_case_acronyms)]
pub enum Method {
    /// `GET`
    GET,
    /// `POST`
    POST,
    /// `PUT`
    PUT,
    /// `PATCH`
    PATCH,
    /// `DELETE`
    DELETE,
}

impl Method {
    /// The method name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::GET => "GET",
            Self::POST => "POST",
            Self::PUT => "PUT",
            Self::PATCH => "PATCH",
            Self::DELETE => "DELETE",
        }
    }

    /// Whether sending the request twice has the same effect as once.
    pub fn is_idempotent(self) -> bool {
        !matches!(self, Self::POST | Self::PATCH)
    }

    pub(crate) fn to_reqwest(self) -> reqwest::Method {
        match self {
            Self::GET => reqwest::Method::GET,
            Self::POST => reqwest::Method::POST,
            Self::PUT => reqwest::Method::PUT,
            Self::PATCH => reqwest::Method::PATCH,
            Self::DELETE => reqwest::Method::DELETE,
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The media type of a response body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Media {
    /// `application/vnd.atlas.<version>+json`
    Json,
    /// `application/vnd.atlas.<version>+csv`
    Csv,
    /// `application/vnd.atlas.<version>+gzip`
    Gzip,
}

impl Media {
    /// The suffix after `+`.
    pub fn suffix(self) -> &'static str {
        match self {
            Self::Json => "json",
            Self::Csv => "csv",
            Self::Gzip => "gzip",
        }
    }
}

/// One piece of a path template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece {
    /// Literal text, sent as is.
    Literal(&'static str),
    /// The value of the path parameter at this index of [`Endpoint::params`].
    Param(usize),
}

/// A path placeholder and the rule its values must follow.
#[derive(Debug)]
pub struct PathParam {
    /// The placeholder name, e.g. `orgId`.
    pub name: &'static str,
    /// The pattern the whole raw value must match, if Atlas defines one (see [`matches`]).
    pub pattern: Option<&'static str>,
}

/// Whether the whole of `value` matches `pattern`. The pattern is anchored at both ends as a
/// whole, so a badly anchored alternation such as `^a|b$` still has to match the entire value.
/// Each pattern is compiled once per process; an invalid pattern matches nothing.
pub fn matches(pattern: &'static str, value: &str) -> bool {
    // The pattern of Atlas object ids, by far the most common one: checked without a regex.
    if pattern == "^([a-f0-9]{24})$" {
        return value.len() == 24
            && value
                .bytes()
                .all(|byte| matches!(byte, b'0'..=b'9' | b'a'..=b'f'));
    }
    // The pattern of cluster and other resource names, the next most common one.
    if pattern == "^[a-zA-Z0-9][a-zA-Z0-9-]*$" {
        let mut bytes = value.bytes();
        return bytes
            .next()
            .is_some_and(|byte| byte.is_ascii_alphanumeric())
            && bytes.all(|byte| byte.is_ascii_alphanumeric() || byte == b'-');
    }
    type Cache = HashMap<PatternKey, Option<Regex>, BuildHasherDefault<AddressHasher>>;
    static COMPILED: OnceLock<RwLock<Cache>> = OnceLock::new();
    let cache = COMPILED.get_or_init(RwLock::default);
    let key = PatternKey(pattern);
    if let Some(compiled) = cache.read().ok().and_then(|cache| {
        cache
            .get(&key)
            .map(|regex| regex.as_ref().map(|regex| regex.is_match(value)))
    }) {
        return compiled.unwrap_or(false);
    }
    let body = pattern.strip_prefix('^').unwrap_or(pattern);
    let body = body.strip_suffix('$').unwrap_or(body);
    let regex = Regex::new(&format!("^(?:{body})$")).ok();
    let matched = regex.as_ref().is_some_and(|regex| regex.is_match(value));
    if let Ok(mut cache) = cache.write() {
        cache.insert(key, regex);
    }
    matched
}

/// A cached pattern, identified by where its text lives (patterns are `'static` literals of
/// generated code): hashing two words instead of the whole text. The same text at two
/// addresses is merely compiled twice.
#[derive(Clone, Copy)]
struct PatternKey(&'static str);

impl PartialEq for PatternKey {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.0, other.0)
    }
}

impl Eq for PatternKey {}

impl Hash for PatternKey {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_usize(self.0.as_ptr() as usize ^ self.0.len().rotate_left(48));
    }
}

/// The hasher of keys that are addresses ([`PatternKey`], the media-type cache): one
/// multiply per word.
#[derive(Default)]
pub(crate) struct AddressHasher(u64);

impl Hasher for AddressHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 =
                (self.0.rotate_left(5) ^ u64::from(byte)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }

    fn write_usize(&mut self, value: usize) {
        self.0 = (self.0.rotate_left(5) ^ value as u64).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_match_whole_values() {
        let id = "^([a-f0-9]{24})$";
        assert!(matches(id, "5f1b2c3d4e5f6a7b8c9d0e1f"));
        assert!(
            matches(id, "5f1b2c3d4e5f6a7b8c9d0e1f"),
            "from the cache too"
        );
        assert!(!matches(id, "5f1b2c3d4e5f6a7b8c9d0e1f0"));
        assert!(!matches(id, "x5f1b2c3d4e5f6a7b8c9d0e1f"));
        let alternation = "^a|b$";
        assert!(matches(alternation, "a") && matches(alternation, "b"));
        assert!(!matches(alternation, "ab") && !matches(alternation, "abc"));
        assert!(!matches("(unclosed", "(unclosed"));
        let name = "^[a-zA-Z0-9][a-zA-Z0-9-]*$";
        for good in ["Cluster0", "a", "my-cluster-1", "0-"] {
            assert!(matches(name, good), "{good}");
        }
        for bad in ["", "-a", "a_b", "a b", "a\n", "é"] {
            assert!(!matches(name, bad), "{bad:?}");
        }
    }
}
