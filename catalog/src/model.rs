//! The shape of the catalog's facts about one Atlas operation.

/// One operation of the Atlas Administration API v2.
pub struct Operation {
    /// The HTTP method.
    pub method: Method,
    /// Relative to `/api/atlas/v2`, placeholders as `<name>` (`/` for the API root).
    pub path: &'static str,
    /// The operation id Atlas's documentation uses (`getGroupCluster`).
    pub operation_id: &'static str,
    /// The operation's former id, which the Go SDK and older tools still use (`getCluster`).
    pub former_id: Option<&'static str>,
    /// Atlas's documentation page of the operation.
    pub docs_url: Option<&'static str>,
    /// Whether Atlas has deprecated the whole operation.
    pub deprecated: bool,
    /// The roles Atlas requires, as it names them.
    pub roles: &'static [&'static str],
    /// Its path, query and header parameters.
    pub params: &'static [Param],
    /// Whether it takes a request body.
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

impl Version {
    /// The request body's schema.
    pub fn body_schema(&self) -> Option<SchemaRef> {
        self.body.map(SchemaRef::of)
    }

    /// The success answer's schema.
    pub fn answer_schema(&self) -> Option<SchemaRef> {
        self.answer.map(SchemaRef::of)
    }
}

impl Operation {
    /// Whether a body must carry every property its schema requires: a `POST` or `PUT` creates
    /// or replaces the resource, a `PATCH` may send any subset.
    pub fn needs_complete_body(&self) -> bool {
        matches!(self.method, Method::Post | Method::Put)
    }

    /// The newest version Atlas serves that is not `preview`, if it serves one.
    pub fn newest_stable(&self) -> Option<&'static Version> {
        self.versions
            .iter()
            .rev()
            .find(|version| version.version != "preview")
    }
}

/// An HTTP method of the API.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
pub enum Method {
    /// `GET`.
    Get,
    /// `POST`.
    Post,
    /// `PUT`.
    Put,
    /// `PATCH`.
    Patch,
    /// `DELETE`.
    Delete,
}

impl Method {
    /// Every method, in the order the spec lists them.
    pub const ALL: [Self; 5] = [Self::Get, Self::Post, Self::Put, Self::Patch, Self::Delete];

    /// The method as HTTP spells it: `GET`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
            Self::Put => "PUT",
            Self::Patch => "PATCH",
            Self::Delete => "DELETE",
        }
    }

    /// The method HTTP spells `name` (exactly, upper case).
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|method| method.as_str() == name)
    }
}

impl std::fmt::Display for Method {
    /// As HTTP spells it, padded to any width asked for (`{:<6}`).
    fn fmt(&self, out: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        out.pad(self.as_str())
    }
}

/// A body or answer schema as a version names it: one schema, or an array of one.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum SchemaRef {
    /// One component schema.
    One(&'static str),
    /// An array whose items are the schema (`[Name]` in the tables).
    ArrayOf(&'static str),
}

impl SchemaRef {
    /// Reads the tables' notation: `Name`, or `[Name]` for an array.
    pub fn of(text: &'static str) -> Self {
        match text
            .strip_prefix('[')
            .and_then(|rest| rest.strip_suffix(']'))
        {
            Some(item) => Self::ArrayOf(item),
            None => Self::One(text),
        }
    }

    /// The schema it names (the items' schema, for an array).
    pub fn name(self) -> &'static str {
        match self {
            Self::One(name) | Self::ArrayOf(name) => name,
        }
    }
}

/// A path, query or header parameter.
pub struct Param {
    /// The name on the wire.
    pub name: &'static str,
    /// Path, query or header.
    pub location: Location,
    /// Its JSON type.
    pub kind: ParamKind,
    /// Whether Atlas requires it (path parameters always are).
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
    /// What its answer is once the write has taken effect.
    pub expect: Expect,
}

/// What the polled operation answers once the write has taken effect.
pub enum Expect {
    /// This HTTP status (404 after a delete).
    Status(u16),
    /// The JSON field at `path` holds one of `values`.
    Field {
        /// A JSON path into the answer (`$.stateName`).
        path: &'static str,
        /// The values that mean done.
        values: &'static [&'static str],
    },
}

/// Where a parameter goes.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Location {
    /// A placeholder of the path.
    Path,
    /// A query parameter.
    Query,
    /// A request header.
    Header,
}

/// The JSON type of a parameter.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum ParamKind {
    /// A string.
    String,
    /// An integer.
    Integer,
    /// `true` or `false`.
    Boolean,
    /// Several values (the name repeats).
    Array,
}

impl ParamKind {
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
    /// `+json`.
    Json,
    /// `+csv`.
    Csv,
    /// `+gzip`.
    Gzip,
}

impl Media {
    /// The media type's suffix as Atlas spells it: `json`, `csv` or `gzip`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Json => "json",
            Self::Csv => "csv",
            Self::Gzip => "gzip",
        }
    }
}

/// Whether the operation takes a request body.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Body {
    /// No body.
    Absent,
    /// A body may be sent.
    Optional,
    /// A body must be sent.
    Required,
}

/// A component schema of the spec (`components.schemas`).
pub struct Schema {
    /// The component's name (`CloudDatabaseUser`).
    pub name: &'static str,
    /// What kind of JSON it describes.
    pub shape: SchemaShape,
    /// The properties of an object (its `allOf` parts merged; for a union, every variant's too).
    pub properties: &'static [Property],
    /// The values of a string enum.
    pub values: &'static [&'static str],
    /// The variants of a union (`oneOf`, or a discriminator's mapping), by schema name.
    pub variants: &'static [&'static str],
    /// The property whose value names the variant of a union.
    pub discriminator: Option<&'static str>,
}

/// What kind of JSON a schema describes.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum SchemaShape {
    /// An object with named properties.
    Object,
    /// A string with a fixed set of values.
    Enum,
    /// One of several object schemas (`oneOf`, or a discriminator).
    Union,
    /// Anything else: a free-form object, or a schema without a type.
    Other,
}

/// A property of an object schema.
pub struct Property {
    /// The JSON name, exactly as on the wire.
    pub name: &'static str,
    /// Its JSON type.
    pub ty: Ty,
    /// Whether Atlas requires it (in bodies) and always sends it (in answers).
    pub required: bool,
    /// Sent by Atlas only: a body does not set it.
    pub read_only: bool,
    /// Accepted by Atlas only: answers never carry it.
    pub write_only: bool,
    /// Whether `null` is a value.
    pub nullable: bool,
    /// The format (`date-time`, `int64`, …), when given.
    pub format: Option<&'static str>,
    /// The values Atlas accepts, for a string enum.
    pub values: &'static [&'static str],
}

impl Property {
    /// `required`: the property is required.
    pub const REQUIRED: u8 = 1;
    /// `read_only`.
    pub const READ_ONLY: u8 = 2;
    /// `write_only`.
    pub const WRITE_ONLY: u8 = 4;
    /// `nullable`.
    pub const NULLABLE: u8 = 8;

    /// A property from its flags (the generated table's compact form).
    pub const fn new(
        name: &'static str,
        ty: Ty,
        flags: u8,
        format: Option<&'static str>,
        values: &'static [&'static str],
    ) -> Self {
        Self {
            name,
            ty,
            required: flags & Self::REQUIRED != 0,
            read_only: flags & Self::READ_ONLY != 0,
            write_only: flags & Self::WRITE_ONLY != 0,
            nullable: flags & Self::NULLABLE != 0,
            format,
            values,
        }
    }
}

/// The JSON type of a property or of an array's items.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Ty {
    /// A string.
    String,
    /// An integer.
    Integer,
    /// A number.
    Number,
    /// `true` or `false`.
    Boolean,
    /// A free-form object.
    Object,
    /// Any JSON value.
    Any,
    /// Another component schema, by name.
    Ref(&'static str),
    /// An array of items of this type.
    Array(&'static Ty),
    /// An object whose values all have this type (`additionalProperties`).
    Map(&'static Ty),
}
