//! The shape of the catalog's facts about one Atlas operation.

/// One operation of the Atlas Administration API v2.
pub struct Operation {
    /// `GET`, `POST`, `PUT`, `PATCH` or `DELETE`.
    pub method: &'static str,
    /// Relative to `/api/atlas/v2`, placeholders as `<name>` (`/` for the API root).
    pub path: &'static str,
    pub operation_id: &'static str,
    /// The one resource version (`YYYY-MM-DD`).
    pub version: &'static str,
    /// The media type of the success response.
    pub media: Media,
    /// Whether a JSON operation can also answer csv (`getInvoice`).
    pub also_csv: bool,
    /// The 2xx status codes.
    pub success: &'static [u16],
    /// Whether a success answer has a body (a 202 or 200 without one decodes only as `()`).
    pub answers_body: bool,
    pub deprecated: bool,
    /// The sunset date of a deprecated operation, when Atlas announced one.
    pub sunset: Option<&'static str>,
    /// The roles Atlas requires, as it names them.
    pub roles: &'static [&'static str],
    pub params: &'static [Param],
    pub body: Body,
}

/// A path, query or header parameter.
pub struct Param {
    pub name: &'static str,
    pub location: Location,
    pub kind: Kind,
    pub required: bool,
    /// The pattern of the raw value (with `/` where the spec expects `%2F`).
    pub pattern: Option<&'static str>,
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
