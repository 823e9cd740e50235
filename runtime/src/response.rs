//! Decoding a successful response into what the declaration returns.

use crate::error::{Error, RawResponse, Result};
use bytes::Bytes;
use serde::de::DeserializeOwned;

/// A successful answer, not yet decoded.
#[derive(Debug)]
pub struct Response {
    operation: &'static str,
    raw: RawResponse,
}

impl Response {
    pub(crate) fn new(operation: &'static str, raw: RawResponse) -> Self {
        Self { operation, raw }
    }

    /// The status, headers and body as received.
    pub fn raw(&self) -> &RawResponse {
        &self.raw
    }

    /// The operation that was called.
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    /// The status, headers and body, taken.
    pub fn into_raw(self) -> RawResponse {
        self.raw
    }

    /// For `Result<()>`: any body is ignored.
    pub fn into_unit(self) -> Result<()> {
        Ok(())
    }

    /// For `Result<Vec<u8>>` / `Result<Bytes>`: the body as received.
    pub fn into_bytes(self) -> Result<Bytes> {
        Ok(self.raw.body)
    }

    /// For `Result<T>`: the body decoded as JSON.
    pub fn into_json<T: DeserializeOwned>(self) -> Result<T> {
        serde_json::from_slice(&self.raw.body).map_err(|source| Error::Decode {
            operation: self.operation,
            response: Box::new(self.raw),
            source,
        })
    }
}
