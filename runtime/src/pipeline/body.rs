//! Reading a response body under the size limit.

use crate::error::{Error, RawResponse, Result};
use bytes::{Bytes, BytesMut};

/// Reads the status, headers and body of `response`, refusing more than `limit` bytes.
///
/// A plain function returning its future: the future then holds `response` once (an `async
/// fn` would hold its argument and a moved copy).
pub(super) fn read(
    operation: &'static str,
    mut response: reqwest::Response,
    limit: usize,
) -> impl Future<Output = Result<RawResponse>> + Send {
    async move {
        let status = response.status();
        let too_large = |received: usize| Error::TooLarge {
            operation,
            status,
            limit,
            received,
        };
        if let Some(length) = response.content_length()
            && length > limit as u64
        {
            return Err(too_large(usize::try_from(length).unwrap_or(usize::MAX)));
        }
        // A body that arrives in one chunk (the usual case for small answers) is kept as it
        // is; more chunks are gathered into one buffer.
        let mut first: Option<Bytes> = None;
        let mut body = BytesMut::new();
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|source| Error::transport(operation, source))?
        {
            let received = first.as_ref().map_or(0, Bytes::len) + body.len() + chunk.len();
            if received > limit {
                return Err(too_large(received));
            }
            match first.take() {
                None if body.is_empty() => first = Some(chunk),
                earlier => {
                    if let Some(earlier) = earlier {
                        body.reserve(earlier.len() + chunk.len());
                        body.extend_from_slice(&earlier);
                    }
                    body.extend_from_slice(&chunk);
                }
            }
        }
        Ok(RawResponse {
            status,
            // The body is read: take the headers instead of copying them.
            headers: std::mem::take(response.headers_mut()),
            body: first.unwrap_or_else(|| body.freeze()),
        })
    }
}
