//! Entry points for the fuzz targets in `fuzz/`: the parsers that read what servers send.

use crate::error::ApiError;
use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;

/// Parses `bytes` as `WWW-Authenticate` header values and picks the strongest Digest challenge.
pub fn digest_challenges(bytes: &[u8]) -> usize {
    crate::auth::fuzz_digest_challenges(bytes)
}

/// Parses `bytes` as an Atlas error body.
pub fn error_body(bytes: &[u8]) -> bool {
    ApiError::parse(
        "fuzz",
        StatusCode::BAD_REQUEST,
        &HeaderMap::new(),
        &Bytes::copy_from_slice(bytes),
    )
    .is_some()
}
