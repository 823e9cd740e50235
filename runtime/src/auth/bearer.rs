//! Bearer tokens: `Authorization: Bearer <token>`, static or fetched by a service account.

use crate::error::{Error, Result};
use crate::secret::Secret;
use reqwest::header::HeaderValue;

/// The sensitive header value `Bearer <token>`.
pub(crate) fn header(token: &Secret) -> Result<HeaderValue> {
    let mut value = HeaderValue::try_from(format!("Bearer {}", token.expose())).map_err(|_| {
        Error::Config("the bearer token contains characters not allowed in a header".into())
    })?;
    value.set_sensitive(true);
    Ok(value)
}
