//! Declare MongoDB Atlas Administration API v2 endpoints as checked Rust functions.
//!
//! ```no_run
//! use atlas_endpoint::{atlas_endpoint, Client, Result};
//!
//! /// Cancel one pending invitation to join an organization.
//! #[atlas_endpoint(DELETE, "/orgs/<orgId>/invites/<invitationId>", deprecated)]
//! pub async fn delete_org_invite(client: &Client, org_id: &str, invitation_id: &str) -> Result<()>;
//! ```
//!
//! The macro checks the declaration at compile time and writes a static [`Endpoint`]
//! description plus one call into this crate, which validates and encodes the arguments,
//! authenticates, sends the request with the operation's versioned media type and decodes the
//! answer. See the README for the full reference of the attribute.

#![warn(missing_docs)]
// Time and server-given numbers: no arithmetic that can overflow (see `clock`). Tests are exempt.
#![cfg_attr(not(test), deny(clippy::arithmetic_side_effects))]

mod auth;
mod client;
mod clock;
mod download;
mod endpoint;
mod error;
#[cfg(feature = "fuzzing")]
#[doc(hidden)]
pub mod fuzzing;
mod hooks;
mod manifest;
mod media;
mod metrics;
mod model;
mod options;
mod page;
mod params;
mod path;
mod pattern;
mod pipeline;
mod rate_limit;
pub mod rate_limit_store;
mod read;
#[cfg(feature = "redis")]
mod redis_target;
mod request;
mod response;
mod retry;
mod secret;
mod sync;
#[cfg(feature = "testing")]
pub mod testing;
pub mod token_cache;
mod wait;

pub use atlas_endpoint_macros::{AtlasModel, atlas_endpoint};
pub use auth::Credentials;
#[doc(no_inline)]
pub use bytes::Bytes;
pub use client::{
    ATLAS_BASE_URL, ATLAS_GOV_BASE_URL, Client, ClientBuilder, DEFAULT_CONNECT_TIMEOUT,
};
pub use download::ByteStream;
pub use endpoint::{Catalogued, Endpoint, Media, Method, PathParam, Piece};
pub use error::{ApiError, Error, RawResponse, Result, TimeLimit};
#[doc(no_inline)]
pub use futures_util::{Stream, StreamExt, TryStreamExt};
pub use hooks::{Hook, Next, Outcome, RequestInfo};
#[cfg(feature = "manifest")]
pub use manifest::manifest;
pub use manifest::{Date, DateError, Manifest, RoleNeed, Roles, Scope, Sunset};
pub use model::{AtlasJson, JsonKind, JsonShape};
pub use options::{
    DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT, DEFAULT_TOTAL_TIMEOUT, StallProtection,
};
pub use page::{Link, MAX_ITEMS_PER_PAGE, MAX_PAGES, Page, PageRequest, paginate};
pub use params::{ParamValue, RequestBody};
pub use path::PathSegment;
pub use request::{Request, RequestBuilder};
#[doc(no_inline)]
pub use reqwest;
pub use response::Response;
pub use retry::{RetryBudget, RetryPolicy};
pub use secret::Secret;
pub use wait::{
    DEFAULT_FIRST_INTERVAL, DEFAULT_MAX_INTERVAL, DEFAULT_WAIT_TIMEOUT, Progress, Wait,
};

/// Used by the code the macros generate; not a stable API. Every path the macros write goes
/// through this module (`<runtime>::__private::…`), so this is the one list of what generated
/// code needs from the crate.
#[doc(hidden)]
pub mod __private {
    pub use crate::__catalogued as catalogued;
    pub use crate::__register as register;
    pub use crate::endpoint::{Catalogued, Endpoint, Media, Method, PathParam, Piece};
    pub use crate::error::Result;
    #[cfg(feature = "manifest")]
    pub use crate::manifest::Declared;
    pub use crate::model::{
        AtlasJson, Bottom, Checks, Deeper, Deferred, Depth, Expected, JsonKind, JsonShape, fits,
        one_of,
    };
    pub use crate::request::Request;
    #[cfg(feature = "manifest")]
    pub use inventory;

    /// Checks that the first parameter is a client.
    pub fn client<C: AsClient + ?Sized>(client: &C) -> &crate::Client {
        client.as_client()
    }

    /// Type-checks a path argument at the span of its declared type.
    pub fn path_arg<T: crate::PathSegment>(value: &T) -> &dyn crate::PathSegment {
        value
    }

    /// Type-checks a query argument at the span of its declared type.
    pub fn query_arg<T: crate::ParamValue>(value: &T) -> &dyn crate::ParamValue {
        value
    }

    /// Type-checks a header argument at the span of its declared type.
    pub fn header_arg<T: crate::ParamValue>(value: &T) -> &dyn crate::ParamValue {
        value
    }

    /// Type-checks the body argument at the span of its declared type.
    pub fn body_arg<T: crate::RequestBody>(value: &T) -> &dyn crate::RequestBody {
        value
    }

    /// What the first parameter of an endpoint function may be.
    #[diagnostic::on_unimplemented(
        message = "the first parameter of an #[atlas_endpoint] function must be the client",
        label = "expected `&atlas_endpoint::Client`, found `&{Self}`"
    )]
    pub trait AsClient {
        /// The client.
        fn as_client(&self) -> &crate::Client;
    }

    impl AsClient for crate::Client {
        fn as_client(&self) -> &crate::Client {
            self
        }
    }
}

/// Every Rust code block of the repository's README, compiled (and run, where it needs no
/// network) as a doc test so the README cannot drift from the API.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
