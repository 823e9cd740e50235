//! The client: configuration (base URL, credentials, the HTTP connection pool, call options)
//! and the public surface. Calls themselves run in [`crate::pipeline`].

use crate::auth::Credentials;
use crate::download::{ByteStream, Streamed};
use crate::endpoint::Endpoint;
use crate::error::{Error, Result};
use crate::hooks::Hook;
use crate::options::{CallOptions, StallProtection};
use crate::pipeline::{Pipeline, Services, Whole};
use crate::rate_limit::{RateLimits, SharedLimits};
use crate::rate_limit_store::RateLimitStore;
use crate::request::{Request, RequestBuilder};
use crate::response::Response;
use crate::retry::RetryPolicy;
use crate::retry::budget::Quota;
use crate::token_cache::{FileTokenStore, TokenStore};
use reqwest::header::{HeaderValue, USER_AGENT};
use std::fmt;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;
use url::Url;

/// The commercial Atlas base URL, the default.
pub const ATLAS_BASE_URL: &str = "https://cloud.mongodb.com";
/// The Atlas for Government base URL.
pub const ATLAS_GOV_BASE_URL: &str = "https://cloud.mongodbgov.com";
/// The default timeout for establishing a connection.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// A configured connection to the Atlas Administration API. Cheap to clone; clones share the
/// connection pool and credentials.
///
/// `with_*` methods return a copy with other call options, for the calls that need them:
/// `delete_cluster(&client.with_retry(RetryPolicy::none()), …)`.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
    options: CallOptions,
}

struct Inner {
    base_url: Url,
    /// `{base}/api/atlas/v2`, without a trailing slash, parsed once: a request's URL is a
    /// copy with its path set, so the scheme, host and port are not parsed again per call.
    api_root: Url,
    /// What every call uses: the pool, the credentials, the rate limits, the retry budget,
    /// the hooks.
    services: Services,
}

impl Client {
    /// A builder with the defaults: commercial Atlas, 60 s request timeout, 10 s connect timeout.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The configured base URL, e.g. `https://cloud.mongodb.com/`.
    pub fn base_url(&self) -> &Url {
        &self.inner.base_url
    }

    /// The HTTP authentication scheme in use: `Bearer` (static token or service account) or
    /// `Digest` (API key).
    pub fn auth_scheme(&self) -> &'static str {
        self.inner.services.auth.scheme().name()
    }

    /// Starts building a request for `endpoint` (what generated code does for you).
    pub fn prepare(&self, endpoint: &'static Endpoint) -> RequestBuilder<'_> {
        RequestBuilder::new(
            &self.inner.api_root,
            &self.options,
            self.inner.services.auth.scheme(),
            endpoint,
        )
    }

    /// Sends a prepared request and returns the successful response; any non-success status
    /// becomes an [`Error`]. Failed attempts are retried as the [`RetryPolicy`] allows.
    pub fn send(&self, request: Request) -> impl Future<Output = Result<Response>> + Send + '_ {
        Pipeline {
            services: &self.inner.services,
            options: &self.options,
        }
        .call::<Whole>(request)
    }

    /// Sends a prepared request for a raw answer (csv, gzip) and returns its body as a
    /// stream, as it arrives: see [`ByteStream`] and [`StallProtection`]. Everything up to the
    /// answer's head is a call as with [`Client::send`] (retries included); the body is not
    /// limited by `max_response_bytes` nor by the timeouts, but by the stall protection.
    pub fn download(
        &self,
        request: Request,
    ) -> impl Future<Output = Result<ByteStream>> + Send + '_ {
        Pipeline {
            services: &self.inner.services,
            options: &self.options,
        }
        .call::<Streamed>(request)
    }

    /// A copy of this client whose calls follow `policy`.
    pub fn with_retry(&self, policy: RetryPolicy) -> Client {
        let mut client = self.clone();
        client.options.retry = policy;
        client
    }

    /// A copy of this client whose attempts time out after `timeout` and whose calls, retries
    /// included, time out after `total`.
    pub fn with_timeouts(&self, timeout: Duration, total: Duration) -> Client {
        let mut client = self.clone();
        client.options.timeout = timeout;
        client.options.total_timeout = total;
        client
    }

    /// A copy of this client that asks Atlas to wrap answers (`envelope=true`) and unwraps them.
    pub fn with_envelope(&self, envelope: bool) -> Client {
        let mut client = self.clone();
        client.options.envelope = envelope;
        client
    }

    /// A copy of this client that asks Atlas for pretty-printed JSON (`pretty=true`).
    pub fn with_pretty(&self, pretty: bool) -> Client {
        let mut client = self.clone();
        client.options.pretty = pretty;
        client
    }

    /// Checks the credentials now instead of on the first call: a service account fetches its
    /// first token (bad credentials give [`Error::Auth`]), within the client's total timeout
    /// ([`Error::Timeout`] after it). API keys and static tokens can only be checked by
    /// calling an endpoint, so for them this does nothing.
    pub async fn check_credentials(&self) -> Result<()> {
        const OPERATION: &str = "check_credentials";
        let total = self.options.total_timeout;
        let check = self.inner.services.auth.check(OPERATION, &self.options);
        tokio::time::timeout(total, check)
            .await
            .unwrap_or(Err(Error::Timeout {
                operation: OPERATION,
                limit: crate::error::TimeLimit::Total,
                after: Some(total),
                source: None,
            }))
    }

    /// Revokes the service account's cached token at `{base}/api/oauth/revoke`, within the
    /// client's attempt timeout; the next call fetches a new one. Nothing is sent when no
    /// token is cached; [`Error::Config`] for other credentials.
    pub async fn revoke_token(&self) -> Result<()> {
        self.inner
            .services
            .auth
            .revoke("revoke_token", &self.options)
            .await
    }

    /// A client configured from the environment; see [`ClientBuilder::from_env`].
    pub fn from_env() -> Result<Client> {
        ClientBuilder::from_env()?.build()
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url.as_str())
            .field("auth", &self.inner.services.auth.kind())
            .finish_non_exhaustive()
    }
}

/// Configures a [`Client`].
#[derive(Debug)]
pub struct ClientBuilder {
    base_url: String,
    credentials: Option<Credentials>,
    http: Option<reqwest::Client>,
    connect_timeout: Duration,
    options: CallOptions,
    rate_limit_awareness: bool,
    token_store: Option<Arc<dyn TokenStore>>,
    rate_limit_store: Option<Arc<dyn RateLimitStore>>,
    hooks: Vec<Arc<dyn Hook>>,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        Self {
            base_url: ATLAS_BASE_URL.to_owned(),
            credentials: None,
            http: None,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            options: CallOptions::default(),
            rate_limit_awareness: true,
            token_store: None,
            rate_limit_store: None,
            hooks: Vec::new(),
        }
    }
}

impl ClientBuilder {
    /// The base URL (scheme and host, e.g. `https://cloud.mongodb.com`). HTTPS is required
    /// except for loopback hosts (`localhost`, `127.0.0.0/8`, `::1`).
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = base_url.into();
        self
    }

    /// Targets Atlas for Government (`https://cloud.mongodbgov.com`).
    pub fn government(self) -> Self {
        self.base_url(ATLAS_GOV_BASE_URL)
    }

    /// Authenticates with these credentials.
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(credentials);
        self
    }

    /// Authenticates with a static access token (`Authorization: Bearer …`).
    pub fn bearer_token(self, token: impl Into<crate::Secret>) -> Self {
        self.credentials(Credentials::bearer(token))
    }

    /// Uses your own `reqwest::Client` (proxy, TLS, pool settings). The timeouts set on this
    /// builder then do not apply: configure them on your client. Configure it not to follow
    /// redirects, so credentials cannot leave the Atlas host.
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// Timeout of one attempt, from sending to the end of the body (default 60 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.options.timeout = timeout;
        self
    }

    /// Timeout of a whole call, retries and waits included (default 180 s).
    pub fn total_timeout(mut self, timeout: Duration) -> Self {
        self.options.total_timeout = timeout;
        self
    }

    /// When failed attempts are tried again (default: [`RetryPolicy::default`]).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.options.retry = policy;
        self
    }

    /// The largest response body accepted (default 64 MiB); a larger one is
    /// [`Error::TooLarge`] and is not read further.
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.options.max_response_bytes = limit;
        self
    }

    /// Asks Atlas to wrap every answer as `{status, content}` (`envelope=true`); the client
    /// unwraps it, so results and errors are the same as without it.
    pub fn envelope(mut self, envelope: bool) -> Self {
        self.options.envelope = envelope;
        self
    }

    /// Asks Atlas for pretty-printed JSON (`pretty=true`).
    pub fn pretty(mut self, pretty: bool) -> Self {
        self.options.pretty = pretty;
        self
    }

    /// Whether the client learns Atlas's rate limits from its answers and holds calls that
    /// would be refused until their bucket refills (default `true`; see the README's "Rate
    /// limits"). Off, every call is sent as soon as it is made.
    pub fn rate_limit_awareness(mut self, aware: bool) -> Self {
        self.rate_limit_awareness = aware;
        self
    }

    /// Shares service-account tokens with other processes through `store` (off by default):
    /// processes using the same service account on the same Atlas then fetch one token between
    /// them instead of one each. [`FileTokenStore::in_user_cache`] is the store the crate ships;
    /// see [`crate::token_cache`]. Other credentials ignore it.
    pub fn token_cache(mut self, store: impl TokenStore) -> Self {
        self.token_store = Some(Arc::new(store));
        self
    }

    /// Shares what this client learns of Atlas's rate limits with every client using `store`
    /// (off by default): clients in other processes or on other machines then hold their calls
    /// against the same learned bucket instead of each sending what it alone believes the
    /// bucket allows. [`InProcessRateLimitStore`](crate::rate_limit_store::InProcessRateLimitStore)
    /// shares within a process, `RedisRateLimitStore` (feature `redis`) across a fleet; see
    /// [`crate::rate_limit_store`]. Ignored when rate-limit awareness is off.
    pub fn rate_limit_store(mut self, store: impl RateLimitStore) -> Self {
        self.rate_limit_store = Some(Arc::new(store));
        self
    }

    /// How slow a download's body may get before it fails (default: at least 1 byte a second
    /// over every 20 s); see [`Client::download`].
    pub fn stall_protection(mut self, protection: StallProtection) -> Self {
        self.options.stall = protection;
        self
    }

    /// Runs `hook` around every request the client sends (after the hooks added before it):
    /// see [`Hook`] for what it sees and when.
    pub fn hook(mut self, hook: impl Hook) -> Self {
        self.hooks.push(Arc::new(hook));
        self
    }

    /// Timeout for establishing a connection (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// A builder configured from the environment (the process's `MONGODB_ATLAS_*` variables):
    ///
    /// - `MONGODB_ATLAS_CLIENT_ID` + `MONGODB_ATLAS_CLIENT_SECRET`: a service account;
    /// - else `MONGODB_ATLAS_PUBLIC_API_KEY` + `MONGODB_ATLAS_PRIVATE_API_KEY` (or
    ///   `MONGODB_ATLAS_PUBLIC_KEY` + `MONGODB_ATLAS_PRIVATE_KEY`): an API key (Digest);
    /// - else `MONGODB_ATLAS_ACCESS_TOKEN`: a static bearer token;
    /// - `MONGODB_ATLAS_BASE_URL`, if set, replaces the commercial Atlas base URL;
    /// - `MONGODB_ATLAS_TOKEN_CACHE`, if set, shares service-account tokens across processes
    ///   ([`ClientBuilder::token_cache`]): `1` or `true` in the user's cache directory
    ///   ([`FileTokenStore::in_user_cache`]), a `redis://` or `rediss://` URL in that Redis
    ///   (`token_cache::RedisTokenStore`; an [`Error::Config`] without the `redis` feature), any
    ///   other value but `0` or `false` in that directory.
    ///
    /// Empty variables count as unset. Half a pair (an id without its secret), or no
    /// credentials at all, is an [`Error::Config`] naming the missing variable.
    pub fn from_env() -> Result<Self> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// [`ClientBuilder::from_env`] reading through `lookup` instead of the process environment.
    pub(crate) fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self> {
        let settings = crate::auth::env::read(&lookup)?;
        let builder = Self::default().credentials(settings.credentials);
        let builder = match settings.base_url {
            Some(base_url) => builder.base_url(base_url),
            None => builder,
        };
        let cache = lookup(TOKEN_CACHE_VARIABLE).filter(|value| !value.is_empty());
        Ok(match cache.as_deref() {
            None | Some("0" | "false") => builder,
            Some("1" | "true") => builder.token_cache(FileTokenStore::in_user_cache()?),
            Some(url) if url.starts_with("redis://") || url.starts_with("rediss://") => {
                redis_cache(builder, url)?
            }
            Some(dir) => builder.token_cache(FileTokenStore::in_dir(dir)),
        })
    }

    /// Builds the client and checks its credentials now
    /// ([`Client::check_credentials`]): bad service-account credentials fail here.
    pub async fn build_checked(self) -> Result<Client> {
        let client = self.build()?;
        client.check_credentials().await?;
        Ok(client)
    }

    /// Checks the configuration and builds the client.
    pub fn build(self) -> Result<Client> {
        let base_url = parse_base_url(&self.base_url)?;
        let credentials = self.credentials.ok_or_else(|| {
            Error::Config(
                "no credentials: set them with .credentials(…), .bearer_token(…) or ClientBuilder::from_env()".into(),
            )
        })?;
        let http = match self.http {
            Some(http) => http,
            None => reqwest::Client::builder()
                .connect_timeout(self.connect_timeout)
                .redirect(reqwest::redirect::Policy::none())
                .default_headers(
                    [(USER_AGENT, HeaderValue::from_static(user_agent()))]
                        .into_iter()
                        .collect(),
                )
                .build()
                .map_err(|error| Error::Config(format!("cannot build the HTTP client: {error}")))?,
        };
        let api_root = format!("{}/api/atlas/v2", base_url.as_str().trim_end_matches('/'));
        let api_root = Url::parse(&api_root).map_err(|error| {
            Error::Config(format!("cannot form a URL from {api_root:?}: {error}"))
        })?;
        let auth = credentials.into_authenticator(&http, &base_url, self.token_store)?;
        let budget = self
            .options
            .retry
            .retry_budget()
            .copied()
            .unwrap_or_default();
        let server_address = base_url.host_str().unwrap_or_default().into();
        let shared_limits = self
            .rate_limit_store
            .filter(|_| self.rate_limit_awareness)
            .map(|store| SharedLimits::new(store, base_url.as_str()));
        Ok(Client {
            inner: Arc::new(Inner {
                base_url,
                api_root,
                services: Services {
                    http,
                    auth,
                    rate_limits: RateLimits::new(self.rate_limit_awareness),
                    shared_limits,
                    retry_quota: Quota::new(&budget),
                    hooks: self.hooks,
                    server_address,
                },
            }),
            options: self.options,
        })
    }
}

/// The environment variable that turns the shared token cache on for [`Client::from_env`].
const TOKEN_CACHE_VARIABLE: &str = "MONGODB_ATLAS_TOKEN_CACHE";

/// `atlas-endpoint/<version>`.
pub const fn user_agent() -> &'static str {
    concat!("atlas-endpoint/", env!("CARGO_PKG_VERSION"))
}

/// `builder` with the token cache in the Redis at `url`.
#[cfg(feature = "redis")]
fn redis_cache(builder: ClientBuilder, url: &str) -> Result<ClientBuilder> {
    Ok(builder.token_cache(crate::token_cache::RedisTokenStore::open(url)?))
}

/// A Redis token cache asked of a build without the `redis` feature.
#[cfg(not(feature = "redis"))]
fn redis_cache(_: ClientBuilder, _: &str) -> Result<ClientBuilder> {
    Err(Error::Config(format!(
        "{TOKEN_CACHE_VARIABLE} names a Redis, but atlas-endpoint was built without its `redis` feature"
    )))
}

fn parse_base_url(text: &str) -> Result<Url> {
    let url = Url::parse(text)
        .map_err(|error| Error::Config(format!("base URL {text:?} is not a URL: {error}")))?;
    if url.query().is_some()
        || url.fragment().is_some()
        || !url.username().is_empty()
        || url.password().is_some()
    {
        return Err(Error::Config(format!(
            "base URL {text:?} must be only a scheme, host and optional port (no credentials, query or fragment)"
        )));
    }
    match url.scheme() {
        "https" => Ok(url),
        "http" if is_loopback(&url) => Ok(url),
        "http" => Err(Error::Config(format!(
            "base URL {text:?} uses plain HTTP; HTTPS is required except for loopback hosts"
        ))),
        other => Err(Error::Config(format!(
            "base URL {text:?} has scheme {other:?}; use https"
        ))),
    }
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(domain)) => domain.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn https_is_required_except_for_loopback() {
        assert!(parse_base_url("https://cloud.mongodb.com").is_ok());
        assert!(parse_base_url("http://127.0.0.1:8080").is_ok());
        assert!(parse_base_url("http://[::1]:8080").is_ok());
        assert!(parse_base_url("http://localhost:1").is_ok());
        assert!(parse_base_url("http://cloud.mongodb.com").is_err());
        assert!(parse_base_url("http://127.0.0.1.example.com").is_err());
        assert!(parse_base_url("ftp://cloud.mongodb.com").is_err());
        assert!(parse_base_url("https://user:pw@cloud.mongodb.com").is_err());
    }

    #[test]
    fn from_lookup_reads_credentials_and_base_url() {
        let vars = [
            ("MONGODB_ATLAS_PUBLIC_API_KEY", "public"),
            ("MONGODB_ATLAS_PRIVATE_API_KEY", "private-key-value"),
            ("MONGODB_ATLAS_BASE_URL", "https://cloud.mongodbgov.com"),
        ];
        let lookup = |name: &str| {
            vars.iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| (*value).to_owned())
        };
        let client = ClientBuilder::from_lookup(lookup).unwrap().build().unwrap();
        assert_eq!(client.base_url().as_str(), "https://cloud.mongodbgov.com/");
        assert_eq!(client.auth_scheme(), "Digest");
        assert!(!format!("{client:?}").contains("private-key-value"));
        let error = ClientBuilder::from_lookup(|_| None).unwrap_err();
        assert!(
            error.to_string().contains("MONGODB_ATLAS_CLIENT_ID"),
            "{error}"
        );
    }

    #[test]
    fn the_token_cache_variable_picks_the_store() {
        let builder = |cache: &'static str| {
            let vars = [
                ("MONGODB_ATLAS_CLIENT_ID", "mdb_sa_id_1"),
                ("MONGODB_ATLAS_CLIENT_SECRET", "sa-secret-value"),
                ("MONGODB_ATLAS_TOKEN_CACHE", cache),
            ];
            ClientBuilder::from_lookup(move |name: &str| {
                vars.iter()
                    .find(|(key, _)| *key == name)
                    .map(|(_, value)| (*value).to_owned())
            })
            .unwrap()
        };
        for off in ["", "0", "false"] {
            assert!(builder(off).token_store.is_none(), "{off:?}");
        }
        let shown = format!("{:?}", builder("/var/cache/atlas-tokens").token_store);
        assert!(shown.contains("/var/cache/atlas-tokens"), "{shown}");
        assert!(!format!("{:?}", builder("1")).contains("sa-secret-value"));
    }

    #[test]
    fn the_token_cache_variable_may_name_a_redis() {
        let vars = [
            ("MONGODB_ATLAS_CLIENT_ID", "mdb_sa_id_1"),
            ("MONGODB_ATLAS_CLIENT_SECRET", "sa-secret-value"),
            (
                "MONGODB_ATLAS_TOKEN_CACHE",
                "redis://:hunter2@127.0.0.1:6379",
            ),
        ];
        let built = ClientBuilder::from_lookup(move |name: &str| {
            vars.iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| (*value).to_owned())
        });
        #[cfg(feature = "redis")]
        {
            let shown = format!("{:?}", built.unwrap().token_store);
            assert!(shown.contains("RedisTokenStore"), "{shown}");
            assert!(!shown.contains("hunter2"), "{shown}");
        }
        #[cfg(not(feature = "redis"))]
        assert!(matches!(built, Err(Error::Config(_))));
    }

    #[test]
    fn debug_never_shows_the_token() {
        let client = Client::builder()
            .bearer_token("s3cr3t-token")
            .build()
            .unwrap();
        let shown = format!("{client:?}");
        assert!(!shown.contains("s3cr3t"), "{shown}");
        assert!(shown.contains("Bearer"));
    }
}
