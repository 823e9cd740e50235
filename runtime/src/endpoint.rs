//! The static description of one endpoint, written by the macro as data.

use regex::Regex;
use std::fmt;
use std::sync::OnceLock;

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
    /// The pattern the whole raw value must match, if Atlas defines one.
    pub pattern: Option<&'static Pattern>,
}

/// A regular expression that a whole raw value must match, compiled on first use.
pub struct Pattern {
    source: &'static str,
    compiled: OnceLock<Option<Regex>>,
}

impl Pattern {
    /// A pattern from its source text.
    pub const fn new(source: &'static str) -> Self {
        Self {
            source,
            compiled: OnceLock::new(),
        }
    }

    /// The pattern as written.
    pub fn source(&self) -> &'static str {
        self.source
    }

    /// Whether the whole of `value` matches. The pattern is anchored at both ends as a whole,
    /// so a badly anchored alternation such as `^a|b$` still has to match the entire value.
    pub fn matches(&self, value: &str) -> bool {
        let compiled = self.compiled.get_or_init(|| {
            let body = self.source.strip_prefix('^').unwrap_or(self.source);
            let body = body.strip_suffix('$').unwrap_or(body);
            Regex::new(&format!("^(?:{body})$")).ok()
        });
        compiled.as_ref().is_some_and(|regex| regex.is_match(value))
    }
}

impl fmt::Debug for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.source)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_match_whole_values() {
        let id = Pattern::new("^([a-f0-9]{24})$");
        assert!(id.matches("5f1b2c3d4e5f6a7b8c9d0e1f"));
        assert!(!id.matches("5f1b2c3d4e5f6a7b8c9d0e1f0"));
        assert!(!id.matches("x5f1b2c3d4e5f6a7b8c9d0e1f"));
        let alternation = Pattern::new("^a|b$");
        assert!(alternation.matches("a") && alternation.matches("b"));
        assert!(!alternation.matches("ab") && !alternation.matches("abc"));
    }
}
