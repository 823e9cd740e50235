//! Matching a received path against an endpoint's template.

use crate::endpoint::{Endpoint, Piece};
use std::collections::BTreeMap;

/// The placeholder values if `path` (relative to `/api/atlas/v2`, still encoded) fits
/// `endpoint`'s template; each value is one non-empty segment (or part of one).
pub(crate) fn match_path(endpoint: &Endpoint, path: &str) -> Option<BTreeMap<String, String>> {
    let mut values = BTreeMap::new();
    let mut rest = path;
    let mut pieces = endpoint.pieces.iter().peekable();
    while let Some(piece) = pieces.next() {
        match piece {
            Piece::Literal(text) => rest = rest.strip_prefix(text)?,
            Piece::Param(index) => {
                let segment_end = rest.find('/').unwrap_or(rest.len());
                let suffix = match pieces.peek() {
                    Some(Piece::Literal(next)) => next.split('/').next().unwrap_or(""),
                    _ => "",
                };
                let value = rest[..segment_end].strip_suffix(suffix)?;
                if value.is_empty() {
                    return None;
                }
                let decoded = percent_encoding::percent_decode_str(value)
                    .decode_utf8()
                    .ok()?;
                values.insert(
                    endpoint.params.get(*index)?.name.to_owned(),
                    decoded.into_owned(),
                );
                rest = &rest[value.len()..];
            }
        }
    }
    rest.is_empty().then_some(values)
}
