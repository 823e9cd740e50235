//! Reading a response body under the size limit.

use crate::error::{Error, RawResponse, Result};
use bytes::{Bytes, BytesMut};
use reqwest::StatusCode;

/// Reads the status, headers and body of `response`, refusing more than `limit` bytes.
///
/// A plain function returning its future: the future then holds `response` once (an `async
/// fn` would hold its argument and a moved copy).
#[expect(
    clippy::manual_async_fn,
    reason = "an `async fn` future holds each argument twice"
)]
pub(crate) fn body(
    operation: &'static str,
    mut response: reqwest::Response,
    limit: usize,
) -> impl Future<Output = Result<RawResponse>> + Send {
    async move {
        let status = response.status();
        if let Some(length) = response.content_length()
            && length > limit as u64
        {
            let announced = usize::try_from(length).unwrap_or(usize::MAX);
            return Err(too_large(operation, status, limit, announced));
        }
        // A body that arrives in one chunk (the usual case for small answers) is kept as it
        // is; more chunks are gathered into one buffer.
        let mut body = Gathered::Nothing;
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|source| Error::transport(operation, source))?
        {
            let received = body.len().saturating_add(chunk.len());
            if received > limit {
                return Err(too_large(operation, status, limit, received));
            }
            body = body.add(chunk);
        }
        Ok(RawResponse {
            status,
            // The body is read: take the headers instead of copying them.
            headers: std::mem::take(response.headers_mut()),
            body: body.into_bytes(),
        })
    }
}

fn too_large(operation: &'static str, status: StatusCode, limit: usize, received: usize) -> Error {
    Error::TooLarge {
        operation,
        status,
        limit,
        received,
    }
}

/// The chunks of a body received so far.
enum Gathered {
    Nothing,
    /// One chunk, kept as it came.
    One(Bytes),
    /// Several chunks, copied into one buffer.
    Many(BytesMut),
}

impl Gathered {
    fn len(&self) -> usize {
        match self {
            Self::Nothing => 0,
            Self::One(bytes) => bytes.len(),
            Self::Many(buffer) => buffer.len(),
        }
    }

    fn add(self, chunk: Bytes) -> Self {
        match self {
            Self::Nothing => Self::One(chunk),
            Self::One(first) => {
                let mut buffer = BytesMut::with_capacity(first.len().saturating_add(chunk.len()));
                buffer.extend_from_slice(&first);
                buffer.extend_from_slice(&chunk);
                Self::Many(buffer)
            }
            Self::Many(mut buffer) => {
                buffer.extend_from_slice(&chunk);
                Self::Many(buffer)
            }
        }
    }

    fn into_bytes(self) -> Bytes {
        match self {
            Self::Nothing => Bytes::new(),
            Self::One(bytes) => bytes,
            Self::Many(buffer) => buffer.freeze(),
        }
    }
}
