//! The shape of the catalog's facts about one Atlas operation.

/// One operation of the Atlas Administration API v2.
pub struct Operation {
    /// `GET`, `POST`, `PUT`, `PATCH` or `DELETE`.
    pub method: &'static str,
    /// Relative to `/api/atlas/v2`, placeholders as `<name>` (`/` for the API root).
    pub path: &'static str,
    /// The operation id Atlas's documentation uses (`getGroupCluster`).
    pub operation_id: &'static str,
    /// The operation's former id, which the Go SDK and older tools still use (`getCluster`).
    pub former_id: Option<&'static str>,
    /// Atlas's documentation page of the operation.
    pub docs_url: Option<&'static str>,
    pub deprecated: bool,
    /// The roles Atlas requires, as it names them.
    pub roles: &'static [&'static str],
    pub params: &'static [Param],
    pub body: Body,
    /// The resource versions Atlas serves, oldest first (`preview` last).
    pub versions: &'static [Version],
    /// Versions past their sunset on the catalog's date: (version, sunset).
    pub gone: &'static [(&'static str, &'static str)],
    /// What to poll after this write until it has taken effect.
    pub watcher: Option<Watcher>,
}

/// One resource version of an operation.
pub struct Version {
    /// `YYYY-MM-DD`, or `preview`.
    pub version: &'static str,
    /// The media type of the success response.
    pub media: Media,
    /// Whether a JSON version can also answer csv (`getInvoice`).
    pub also_csv: bool,
    /// The 2xx status codes.
    pub success: &'static [u16],
    /// Whether a success answer has a body (a 202 or 200 without one decodes only as `()`).
    pub answers_body: bool,
    /// The date Atlas stops serving this version, when announced.
    pub sunset: Option<&'static str>,
    /// The request body's schema (`ClusterDescription20240805`, `[Name]` for an array).
    pub body: Option<&'static str>,
    /// The success answer's schema.
    pub answer: Option<&'static str>,
}

/// A path, query or header parameter.
pub struct Param {
    pub name: &'static str,
    pub location: Location,
    pub kind: Kind,
    pub required: bool,
    /// The pattern of the raw value (with `/` where the spec expects `%2F`).
    pub pattern: Option<&'static str>,
    /// The values Atlas accepts, when it lists them.
    pub values: &'static [&'static str],
}

/// The read operation that tells when a write has taken effect (from the Atlas CLI's watchers).
pub struct Watcher {
    /// The operation id to poll.
    pub operation: &'static str,
    /// The resource version to poll it at.
    pub version: &'static str,
    /// Its path parameters: (name, source), the source being `input:NAME` (a parameter of the
    /// write) or `body:$.FIELD` (a field of the write's answer).
    pub params: &'static [(&'static str, &'static str)],
    pub expect: Expect,
}

/// What the polled operation answers once the write has taken effect.
pub enum Expect {
    /// This HTTP status (404 after a delete).
    Status(u16),
    /// The JSON field at `path` holds one of `values`.
    Field {
        path: &'static str,
        values: &'static [&'static str],
    },
}

/// Where a parameter goes.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Location {
    Path,
    Query,
    Header,
}

/// The JSON type of a parameter.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    String,
    Integer,
    Boolean,
    Array,
}

impl Kind {
    /// The JSON type name.
    pub fn name(self) -> &'static str {
        match self {
            Self::String => "string",
            Self::Integer => "integer",
            Self::Boolean => "boolean",
            Self::Array => "array",
        }
    }
}

/// The media type of the success response body.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Media {
    Json,
    Csv,
    Gzip,
}

/// Whether the operation takes a request body.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Body {
    Absent,
    Optional,
    Required,
}
