//! Authentication: how credentials become an `Authorization` header.
//!
//! The seam is [`Authenticator`]: for every call the client takes a per-call state from it
//! ([`Call`]), which authorizes each attempt and decides whether a 401 deserves another
//! attempt. Schemes with state (the token cache, the Digest nonce cache) live behind it, so
//! generated code never changes with the scheme.

mod bearer;
mod digest;
pub(crate) mod env;
mod service_account;

#[cfg(feature = "testing")]
pub use digest::DigestAlgorithm;
#[cfg(feature = "testing")]
pub(crate) use digest::random_hex;

use crate::error::{RawResponse, Result};
use crate::secret::Secret;
use crate::token_cache::{TokenCache, TokenKey, TokenStore};
use digest::DigestAuth;

/// How many challenges `bytes` holds as a `WWW-Authenticate` value, plus one when a supported
/// Digest challenge is among them (for the fuzz targets).
#[cfg(feature = "fuzzing")]
pub(crate) fn fuzz_digest_challenges(bytes: &[u8]) -> usize {
    digest::challenge::parse(bytes)
        .len()
        .saturating_add(usize::from(digest::challenge::strongest([bytes]).is_some()))
}
use crate::options::CallOptions;
use reqwest::header::{AUTHORIZATION, HeaderValue};
use service_account::{Limits, TokenSource};
use std::pin::Pin;
use std::sync::Arc;
use url::Url;

/// How a client proves who it is. `Debug` shows identifiers, never secrets.
#[derive(Clone, Debug)]
pub struct Credentials(Form);

/// The form credentials take (a token, a service account, an API key), with their values.
#[derive(Clone, Debug)]
enum Form {
    Bearer(Secret),
    ServiceAccount {
        client_id: String,
        client_secret: Secret,
    },
    ApiKey {
        public_key: String,
        private_key: Secret,
    },
}

impl Credentials {
    /// A static OAuth2 access token, sent as `Authorization: Bearer …`.
    pub fn bearer(token: impl Into<Secret>) -> Self {
        Self(Form::Bearer(token.into()))
    }

    /// A service account (OAuth2 client credentials): the client fetches a token from
    /// `{base}/api/oauth/token`, shares it among all its calls and clones, and refreshes it
    /// before it expires.
    pub fn service_account(client_id: impl Into<String>, client_secret: impl Into<Secret>) -> Self {
        Self(Form::ServiceAccount {
            client_id: client_id.into(),
            client_secret: client_secret.into(),
        })
    }

    /// A programmatic API key, sent with HTTP Digest (MD5 or SHA-256, with or without `-sess`).
    /// The server's nonce is reused with an increasing `nc`, so most calls cost one round trip.
    pub fn api_key(public_key: impl Into<String>, private_key: impl Into<Secret>) -> Self {
        Self(Form::ApiKey {
            public_key: public_key.into(),
            private_key: private_key.into(),
        })
    }

    /// Reads credentials from the `MONGODB_ATLAS_*` environment variables, with the
    /// precedence documented on [`Client::from_env`](crate::Client::from_env).
    pub fn from_env() -> Result<Self> {
        env::read(|name| std::env::var(name).ok()).map(|settings| settings.credentials)
    }

    /// The HTTP scheme sent: `Bearer` (static token or service account) or `Digest`.
    pub fn scheme(&self) -> &'static str {
        match &self.0 {
            Form::Bearer(_) | Form::ServiceAccount { .. } => "Bearer",
            Form::ApiKey { .. } => "Digest",
        }
    }

    /// The kind of credentials: `Bearer`, `ServiceAccount` or `ApiKey`.
    pub fn kind(&self) -> &'static str {
        match &self.0 {
            Form::Bearer(_) => "Bearer",
            Form::ServiceAccount { .. } => "ServiceAccount",
            Form::ApiKey { .. } => "ApiKey",
        }
    }

    /// The authenticator of a client; `token_store` shares service-account tokens across
    /// processes (other credentials ignore it).
    pub(crate) fn into_authenticator(
        self,
        http: &reqwest::Client,
        base_url: &Url,
        token_store: Option<Arc<dyn TokenStore>>,
    ) -> Result<Authenticator> {
        Ok(match self.0 {
            Form::Bearer(token) => Authenticator::Bearer(bearer::header(&token)?),
            Form::ServiceAccount {
                client_id,
                client_secret,
            } => {
                let cache = token_store.map(|store| {
                    TokenCache::new(store, TokenKey::new(base_url.as_str(), &client_id))
                });
                let source = TokenSource::new(http.clone(), base_url, &client_id, &client_secret)?;
                Authenticator::ServiceAccount(Arc::new(source.with_cache(cache)))
            }
            Form::ApiKey {
                public_key,
                private_key,
            } => Authenticator::Digest(DigestAuth::new(public_key, private_key)),
        })
    }
}

/// The HTTP authentication scheme a client sends (one byte, where a request keeps it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scheme {
    Bearer,
    Digest,
}

impl Scheme {
    /// `Bearer` or `Digest`.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Self::Bearer => "Bearer",
            Self::Digest => "Digest",
        }
    }
}

/// Authorizes requests for one client; shared by its clones.
pub(crate) enum Authenticator {
    Bearer(HeaderValue),
    ServiceAccount(Arc<TokenSource>),
    Digest(DigestAuth),
}

impl Authenticator {
    /// The state of one call.
    pub(crate) fn call(&self) -> Call<'_> {
        match self {
            Self::Bearer(value) => Call::Bearer(value),
            Self::ServiceAccount(source) => {
                Call::ServiceAccount(service_account::Call::new(source))
            }
            Self::Digest(digest) => Call::Digest(digest.call()),
        }
    }

    /// The HTTP scheme sent, as [`Credentials::scheme`].
    pub(crate) fn scheme(&self) -> Scheme {
        match self {
            Self::Bearer(_) | Self::ServiceAccount(_) => Scheme::Bearer,
            Self::Digest(_) => Scheme::Digest,
        }
    }

    /// The kind of credentials, as [`Credentials::kind`].
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Self::Bearer(_) => "Bearer",
            Self::ServiceAccount(_) => "ServiceAccount",
            Self::Digest(_) => "ApiKey",
        }
    }

    /// Fetches a token now (service accounts), within the timeouts of `options`; nothing to
    /// do for the other schemes.
    pub(crate) async fn check(&self, operation: &'static str, options: &CallOptions) -> Result<()> {
        match self {
            Self::ServiceAccount(source) => {
                source.token(operation, Limits::of(options)).await.map(drop)
            }
            Self::Bearer(_) | Self::Digest(_) => Ok(()),
        }
    }

    /// Revokes the cached service-account token, within the attempt timeout of `options`.
    pub(crate) async fn revoke(
        &self,
        operation: &'static str,
        options: &CallOptions,
    ) -> Result<()> {
        match self {
            Self::ServiceAccount(source) => source.revoke(operation, Limits::of(options)).await,
            Self::Bearer(_) | Self::Digest(_) => Err(crate::Error::Config(
                "only service-account credentials have a token to revoke".into(),
            )),
        }
    }
}

/// The authentication state of one call, across its attempts.
pub(crate) enum Call<'a> {
    Bearer(&'a HeaderValue),
    ServiceAccount(service_account::Call<'a>),
    Digest(digest::Call<'a>),
}

impl Call<'_> {
    /// Adds the credentials to one attempt. `Ok(false)` when they are not ready yet (a token
    /// or a Digest challenge is being fetched; one started here runs within the timeouts of
    /// `options`): await [`Call::wait`], then authorize again.
    pub(crate) fn authorize(
        &mut self,
        operation: &'static str,
        options: &CallOptions,
        request: &mut reqwest::Request,
    ) -> Result<bool> {
        match self {
            Self::Bearer(value) => {
                request
                    .headers_mut()
                    .insert(AUTHORIZATION, (*value).clone());
                Ok(true)
            }
            Self::ServiceAccount(call) => Ok(call.authorize(Limits::of(options), request)),
            Self::Digest(call) => call.authorize(operation, request),
        }
    }

    /// Waits, at most until `deadline`, for what [`Call::authorize`] found missing; `Ok(false)`
    /// when the deadline passed first. Boxed: only calls that wait pay for its state.
    pub(crate) fn wait(
        &mut self,
        operation: &'static str,
        deadline: tokio::time::Instant,
    ) -> Pin<Box<dyn Future<Output = Result<bool>> + Send + '_>> {
        match self {
            Self::Bearer(_) => Box::pin(std::future::ready(Ok(true))),
            Self::ServiceAccount(call) => Box::pin(call.wait(operation, deadline)),
            Self::Digest(call) => Box::pin(async move { Ok(call.wait(deadline).await) }),
        }
    }

    /// After a 401 to `url`: `Ok(true)` to send the call again, `Ok(false)` to report the
    /// answer as any other error, or an [`Error::Auth`](crate::Error::Auth).
    pub(crate) fn unauthorized(
        &mut self,
        operation: &'static str,
        url: &Url,
        response: &RawResponse,
    ) -> Result<bool> {
        match self {
            Self::Bearer(_) => Ok(false),
            Self::ServiceAccount(call) => Ok(call.unauthorized()),
            Self::Digest(call) => call.unauthorized(operation, url, response),
        }
    }

    /// After any other answer to `url`: lets the scheme read what the server said about the
    /// next request (Digest's `nextnonce`, or that it asks for no credentials).
    pub(crate) fn answered(&mut self, url: &Url, response: &RawResponse) {
        if let Self::Digest(call) = self {
            call.answered(url, response);
        }
    }
}
