//! The static description of one endpoint, written by the macro as data.

use crate::pattern::Pattern;
use std::collections::HashMap;
use std::fmt;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::{OnceLock, RwLock};

/// What Atlas serves at one method and path: everything a call needs that is not an argument.
///
/// Every declared endpoint has one, as `<function name>::ENDPOINT`.
#[derive(Debug)]
pub struct Endpoint {
    /// The Atlas operation id (`getGroupCluster`), or the declared function's name for an
    /// `unchecked` declaration.
    pub operation: &'static str,
    /// The module it is declared in (`my_crate::atlas`).
    pub module: &'static str,
    /// The declared function's name.
    pub function: &'static str,
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
    /// What Atlas's catalog says about the operation, with feature `manifest`; `None` without
    /// it, and for an `unchecked` declaration.
    pub catalogued: Option<&'static Catalogued>,
}

/// What Atlas's catalog says about a checked declaration's operation and version, as of the
/// catalog this crate was built with (see [`Manifest`](crate::Manifest)).
#[derive(Debug, Clone, Copy)]
pub struct Catalogued {
    /// The operation's former id, which the Go SDK and older tools still use (`getCluster`).
    pub former_id: Option<&'static str>,
    /// The roles Atlas requires, as it names them; any one of them suffices, and an empty list
    /// means Atlas names none.
    pub roles: &'static [&'static str],
    /// The date (`YYYY-MM-DD`) Atlas stops serving the declared version, when announced.
    pub sunset: Option<&'static str>,
    /// The newest version Atlas serves of the operation (`preview` only when it serves no other).
    pub newest_version: &'static str,
    /// Atlas's documentation page of the operation.
    pub docs_url: Option<&'static str>,
}

impl Endpoint {
    /// `application/vnd.atlas.<version>+<json|csv|gzip>`.
    pub fn media_type(&self) -> String {
        versioned_media_type(self.version, self.media)
    }

    /// Where it is declared: the function's path, `my_crate::atlas::get_cluster`.
    pub fn declared_as(&self) -> String {
        format!("{}::{}", self.module, self.function)
    }

    /// The path as Atlas's documentation writes it: `/api/atlas/v2/groups/{groupId}`.
    pub fn atlas_path(&self) -> String {
        let relative = if self.template == "/" {
            ""
        } else {
            self.template
        };
        format!(
            "/api/atlas/v2{}",
            relative.replace('<', "{").replace('>', "}")
        )
    }

    /// The versioned JSON media type of request bodies.
    pub fn body_media_type(&self) -> String {
        versioned_media_type(self.version, Media::Json)
    }
}

/// `application/vnd.atlas.<version>+<json|csv|gzip>`: the one place the versioned media types
/// are spelled.
pub(crate) fn versioned_media_type(version: &str, media: Media) -> String {
    format!("application/vnd.atlas.{version}+{}", media.suffix())
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

/// The pattern of Atlas object ids such as `orgId` and `groupId`, by far the most common one.
pub(crate) const ATLAS_ID: &str = "^([a-f0-9]{24})$";
/// The pattern of cluster and other resource names, the next most common one.
const RESOURCE_NAME: &str = "^[a-zA-Z0-9][a-zA-Z0-9-]*$";

/// Whether the whole of `value`, whose byte classes are `classes`, matches `pattern`. The
/// pattern is anchored at both ends as a whole, so a badly anchored alternation such as
/// `^a|b$` still has to match the entire value. The two common patterns are decided from the
/// byte classes; any other is compiled once per process, and an invalid one matches nothing.
pub(crate) fn matches(pattern: &'static str, value: &str, classes: ByteClasses) -> bool {
    match pattern {
        ATLAS_ID => value.len() == 24 && classes.has(ByteClasses::HEX_LOWER),
        RESOURCE_NAME => {
            value
                .as_bytes()
                .first()
                .is_some_and(u8::is_ascii_alphanumeric)
                && classes.has(ByteClasses::NAME)
        }
        _ => matches_compiled(pattern, value),
    }
}

/// Each byte's [`ByteClasses`] sets.
static BYTE_CLASSES: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut byte = 0;
    while byte < 256 {
        let b = byte as u8;
        let alphanumeric = b.is_ascii_alphanumeric();
        let mut classes = 0;
        if matches!(b, b'0'..=b'9' | b'a'..=b'f') {
            classes |= ByteClasses::HEX_LOWER;
        }
        if alphanumeric || b == b'-' {
            classes |= ByteClasses::NAME;
        }
        if alphanumeric || matches!(b, b'-' | b'.' | b'_' | b'~') {
            classes |= ByteClasses::UNRESERVED;
        }
        table[byte] = classes;
        byte += 1;
    }
    table
};

/// The sets every byte of a value belongs to, found in one pass over it.
#[derive(Clone, Copy)]
pub(crate) struct ByteClasses(u8);

impl ByteClasses {
    /// `0-9` and `a-f`.
    const HEX_LOWER: u8 = 1;
    /// ASCII letters and digits, and `-`.
    const NAME: u8 = 2;
    /// RFC 3986 unreserved: ASCII letters and digits, `-`, `.`, `_` and `~`.
    const UNRESERVED: u8 = 4;

    /// The sets all of `value`'s bytes belong to (all of them for an empty value).
    pub(crate) fn of(value: &str) -> Self {
        Self(
            value
                .bytes()
                .fold(u8::MAX, |all, byte| all & BYTE_CLASSES[usize::from(byte)]),
        )
    }

    /// Whether every byte is in `set`.
    fn has(self, set: u8) -> bool {
        self.0 & set != 0
    }

    /// Whether every byte is unreserved, so the value goes into a URL as it is.
    pub(crate) fn unreserved(self) -> bool {
        self.has(Self::UNRESERVED)
    }
}

/// [`matches`] for every other pattern: compiled once per pattern and cached (see
/// [`Pattern`]). Out of line, so that callers checking the common patterns stay small.
#[inline(never)]
fn matches_compiled(pattern: &'static str, value: &str) -> bool {
    let cache = compiled_patterns();
    let key = pattern_key(pattern);
    if let Some(compiled) = cache.read().ok().and_then(|cache| {
        cache
            .get(&key)
            .map(|compiled| compiled.as_ref().map(|compiled| compiled.matches(value)))
    }) {
        return compiled.unwrap_or(false);
    }
    let body = pattern.strip_prefix('^').unwrap_or(pattern);
    let body = body.strip_suffix('$').unwrap_or(body);
    let compiled = Pattern::whole(body);
    let matched = compiled
        .as_ref()
        .is_some_and(|compiled| compiled.matches(value));
    if let Ok(mut cache) = cache.write() {
        cache.insert(key, compiled);
    }
    matched
}

/// Compiled patterns (`None` for one outside the supported subset), keyed by where the text
/// lives and its length: two words to hash instead of the text.
type CompiledPatterns = AddressMap<(usize, usize), Option<Pattern>>;

fn compiled_patterns() -> &'static RwLock<CompiledPatterns> {
    static COMPILED: OnceLock<RwLock<CompiledPatterns>> = OnceLock::new();
    COMPILED.get_or_init(RwLock::default)
}

fn pattern_key(pattern: &'static str) -> (usize, usize) {
    (pattern.as_ptr() as usize, pattern.len())
}

/// A cache keyed by where `'static` items of generated code live (endpoints, pattern texts):
/// hashing an address instead of the content. The same content at two addresses merely gets
/// two entries.
pub(crate) type AddressMap<K, V> = HashMap<K, V, BuildHasherDefault<AddressHasher>>;

/// `endpoint`'s key in an [`AddressMap`].
pub(crate) fn address_of(endpoint: &'static Endpoint) -> usize {
    std::ptr::from_ref(endpoint) as usize
}

/// The hasher of [`AddressMap`] keys: one multiply per word.
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

    fn matches(pattern: &'static str, value: &str) -> bool {
        super::matches(pattern, value, ByteClasses::of(value))
    }

    #[test]
    fn patterns_match_whole_values() {
        let id = "^([a-f0-9]{24})$";
        assert!(matches(id, "5f1b2c3d4e5f6a7b8c9d0e1f"));
        assert!(!matches(id, "5f1b2c3d4e5f6a7b8c9d0e1f0"));
        assert!(!matches(id, "x5f1b2c3d4e5f6a7b8c9d0e1f"));
        let alternation = "^a|b$";
        let cached = || {
            compiled_patterns()
                .read()
                .unwrap()
                .contains_key(&pattern_key(alternation))
        };
        assert!(!cached());
        assert!(matches(alternation, "a"));
        assert!(cached(), "compiled once, then kept");
        assert!(matches(alternation, "b"), "from the cache too");
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
