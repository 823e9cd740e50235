//! Authentication: how credentials become an `Authorization` header.
//!
//! The seam is [`Authenticator`]: the client asks it to authorize every attempt, so schemes
//! that need state (token caches, Digest nonces) plug in here without touching generated code.

mod secret;

pub use secret::Secret;

use crate::error::Result;
use reqwest::header::{AUTHORIZATION, HeaderValue};

/// How a client proves who it is.
#[derive(Clone, Debug)]
pub struct Credentials(Kind);

#[derive(Clone, Debug)]
enum Kind {
    Bearer(Secret),
}

impl Credentials {
    /// A static OAuth2 access token, sent as `Authorization: Bearer …`.
    pub fn bearer(token: impl Into<Secret>) -> Self {
        Self(Kind::Bearer(token.into()))
    }

    /// The scheme name, for display: `Bearer`.
    pub fn scheme(&self) -> &'static str {
        match &self.0 {
            Kind::Bearer(_) => "Bearer",
        }
    }

    pub(crate) fn into_authenticator(self) -> Result<Authenticator> {
        match self.0 {
            Kind::Bearer(token) => {
                let mut value = HeaderValue::from_str(&format!("Bearer {}", token.expose()))
                    .map_err(|_| {
                        crate::Error::Config(
                            "the bearer token contains characters not allowed in a header".into(),
                        )
                    })?;
                value.set_sensitive(true);
                Ok(Authenticator::Bearer(value))
            }
        }
    }
}

/// Authorizes requests for one client; shared by its clones.
#[derive(Debug)]
pub(crate) enum Authenticator {
    Bearer(HeaderValue),
}

impl Authenticator {
    /// Adds the credentials to one attempt.
    pub(crate) async fn authorize(&self, request: &mut reqwest::Request) -> Result<()> {
        match self {
            Self::Bearer(value) => {
                request.headers_mut().insert(AUTHORIZATION, value.clone());
            }
        }
        Ok(())
    }

    pub(crate) fn scheme(&self) -> &'static str {
        match self {
            Self::Bearer(_) => "Bearer",
        }
    }
}
