//! Path parameters: validation of raw values, then encoding as exactly one segment each.

use crate::endpoint::{ATLAS_ID, ByteClasses, Endpoint, Piece, matches};
use crate::error::Error;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use std::borrow::Cow;

/// Everything but RFC 3986 unreserved characters is percent-encoded, so a value can never add
/// a segment (`/`), start a query (`?`) or fragment (`#`), or be read as an escape (`%`).
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// A value that can fill a path placeholder: strings and integers.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a path parameter of an Atlas endpoint",
    label = "path parameters must be `&str`, `String` or an integer",
    note = "a parameter whose name matches a `<placeholder>` fills that path segment; mark it #[query], #[header(\"…\")] or #[body] if it is not a path parameter"
)]
pub trait PathSegment {
    /// The raw (unencoded) value.
    fn raw_segment(&self) -> Cow<'_, str>;
}

impl PathSegment for str {
    fn raw_segment(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

impl PathSegment for String {
    fn raw_segment(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

impl PathSegment for Cow<'_, str> {
    fn raw_segment(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

impl<T: PathSegment + ?Sized> PathSegment for &T {
    fn raw_segment(&self) -> Cow<'_, str> {
        (**self).raw_segment()
    }
}

macro_rules! integer_segments {
    ($($ty:ty),*) => {$(
        impl PathSegment for $ty {
            fn raw_segment(&self) -> Cow<'_, str> {
                Cow::Owned(self.to_string())
            }
        }
    )*};
}
integer_segments!(
    u8, u16, u32, u64, u128, usize, i8, i16, i32, i64, i128, isize
);

/// Validates every value against its placeholder's rule, then writes the encoded path
/// (relative to `/api/atlas/v2`) onto `out`. Nothing is written on error.
pub(crate) fn render(
    endpoint: &Endpoint,
    values: &[&dyn PathSegment],
    out: &mut String,
) -> Result<(), Error> {
    if values.len() != endpoint.params.len() {
        return Err(wrong_count(endpoint, values.len()));
    }
    // Values are read twice (validated first, so nothing is written on error), which is free
    // for strings and saves collecting them.
    for (param, value) in endpoint.params.iter().zip(values) {
        let raw = value.raw_segment();
        if !acceptable(param.pattern, &raw) {
            return Err(rejected(endpoint, param, &raw));
        }
    }
    for piece in endpoint.pieces {
        match piece {
            Piece::Literal(text) => out.push_str(text),
            Piece::Param(index) => push_segment(out, &values[*index].raw_segment()),
        }
    }
    Ok(())
}

/// Whether `value` may fill a placeholder whose rule is `pattern`: not empty, not a dot
/// segment, and matching the pattern when there is one.
fn acceptable(pattern: Option<&'static str>, value: &str) -> bool {
    !value.is_empty()
        && value != "."
        && value != ".."
        && pattern.is_none_or(|pattern| matches(pattern, value, ByteClasses::of(value)))
}

/// Appends `raw` as one segment: as it is when every byte is unreserved (Atlas ids and
/// names always are), percent-encoded otherwise.
pub(crate) fn push_segment(out: &mut String, raw: &str) {
    if ByteClasses::of(raw).unreserved() {
        out.push_str(raw);
    } else {
        push_encoded(out, raw);
    }
}

/// Kept out of line: the encoder is only needed for values with reserved characters.
#[inline(never)]
fn push_encoded(out: &mut String, raw: &str) {
    out.extend(utf8_percent_encode(raw, SEGMENT));
}

/// The error of a call given the wrong number of path values.
#[cold]
#[inline(never)]
fn wrong_count(endpoint: &Endpoint, given: usize) -> Error {
    Error::invalid(
        endpoint,
        "path",
        format!("{given} values"),
        format!("{} path parameters", endpoint.params.len()),
    )
}

/// The error of a value `param` does not accept, saying what it expects.
#[cold]
#[inline(never)]
fn rejected(endpoint: &Endpoint, param: &crate::endpoint::PathParam, value: &str) -> Error {
    let expected = if value.is_empty() {
        "a non-empty value".to_owned()
    } else if value == "." || value == ".." {
        "a value other than `.` or `..`".to_owned()
    } else {
        match param.pattern {
            Some(ATLAS_ID) => {
                format!("an Atlas id of 24 lowercase hexadecimal digits (pattern {ATLAS_ID})")
            }
            Some(pattern) => format!("a value matching {pattern}"),
            None => "an accepted value".to_owned(),
        }
    };
    Error::invalid(endpoint, param.name, value.to_owned(), expected)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::endpoint::{Media, Method, PathParam};

    static ENDPOINT: Endpoint = Endpoint {
        operation: "get_log",
        module: "tests",
        function: "get_log",
        method: Method::GET,
        template: "/groups/<groupId>/logs/<logName>.gz",
        pieces: &[
            Piece::Literal("/groups/"),
            Piece::Param(0),
            Piece::Literal("/logs/"),
            Piece::Param(1),
            Piece::Literal(".gz"),
        ],
        params: &[
            PathParam {
                name: "groupId",
                pattern: Some("^([a-f0-9]{24})$"),
            },
            PathParam {
                name: "logName",
                pattern: None,
            },
        ],
        version: "2023-01-01",
        media: Media::Gzip,
        deprecation: None,
        catalogued: None,
    };

    fn render_path(group: &str, log: &str) -> Result<String, Error> {
        let mut out = String::new();
        render(&ENDPOINT, &[&group, &log], &mut out).map(|()| out)
    }

    #[test]
    fn encodes_each_value_as_one_segment() {
        let path = render_path("5f1b2c3d4e5f6a7b8c9d0e1f", "a/b?c#d%e f.ü").unwrap();
        assert_eq!(
            path,
            "/groups/5f1b2c3d4e5f6a7b8c9d0e1f/logs/a%2Fb%3Fc%23d%25e%20f.%C3%BC.gz"
        );
    }

    #[test]
    fn rejects_bad_values_with_the_parameter_name() {
        let error = render_path("not-an-id", "x").unwrap_err().to_string();
        assert!(
            error.contains("groupId")
                && error.contains("not-an-id")
                && error.contains("[a-f0-9]{24}"),
            "{error}"
        );
        assert!(
            render_path("5f1b2c3d4e5f6a7b8c9d0e1f", "")
                .unwrap_err()
                .to_string()
                .contains("non-empty")
        );
        assert!(render_path("5f1b2c3d4e5f6a7b8c9d0e1f", "..").is_err());
        let upper = render_path("5F1B2C3D4E5F6A7B8C9D0E1F", "x")
            .unwrap_err()
            .to_string();
        assert!(upper.contains("lowercase hexadecimal"), "{upper}");
    }

    #[test]
    fn values_left_as_they_are_are_exactly_those_the_encoder_leaves() {
        for byte in 0..=u8::MAX {
            let text = char::from(byte).to_string();
            let encoded = utf8_percent_encode(&text, SEGMENT).to_string();
            assert_eq!(
                ByteClasses::of(&text).unreserved(),
                encoded == text,
                "byte {byte:#04x}"
            );
        }
    }
}
