//! What the compile-time model checks know about Rust types: their JSON shape.
//!
//! `#[derive(AtlasModel)]` implements [`AtlasJson`] for a user's type and checks each field
//! against the Atlas schema it names; `#[atlas_endpoint]` checks bodies, answers and query values
//! the same way. Every check is a constant evaluated by the compiler: nothing runs at run time.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet, VecDeque};
use std::rc::Rc;
use std::sync::Arc;

/// A Rust type whose JSON shape the compile-time checks know.
///
/// Implemented for strings, integers, floats, `bool`, `Option`, `Vec` and other sequences,
/// maps with string keys, `serde_json::Value`, [`Page`](crate::Page), and every type deriving
/// [`AtlasModel`](crate::AtlasModel).
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be checked against Atlas's schemas",
    label = "not an Atlas model",
    note = "derive `AtlasModel` for it: `#[atlas_model(SchemaName)]` for an object (the endpoint's rustdoc names its schemas), `#[atlas_model(string)]` for an enum or newtype sent as a string (or `integer`, `number`, `boolean`)",
    note = "or use a type the checks know: `String`, integers, `f64`, `bool`, `Vec<_>`, `Option<_>`, maps with `String` keys, `serde_json::Value`"
)]
pub trait AtlasJson {
    /// The JSON this type (de)serializes as.
    const SHAPE: JsonShape;
}

/// The JSON a Rust type (de)serializes as, for the compile-time checks.
#[derive(Clone, Copy, Debug)]
pub struct JsonShape {
    pub kind: JsonKind,
    /// The kind of an array's, page's or map's items.
    pub item: JsonKind,
    /// The Atlas schema a model (or the items of a sequence of models) models: `CloudDatabaseUser`,
    /// or `Schema.property` for an enum modelling one property's values; empty otherwise.
    pub schema: &'static str,
    /// `Option<_>`: `null` or absent is fine.
    pub optional: bool,
    /// Why an answer may fail to decode into this type (a field Atlas may omit that is neither
    /// `Option` nor defaulted), found in the type or its nested models.
    pub answer_problem: Option<&'static str>,
    /// Why Atlas would refuse this type as a request body (a read-only property always sent).
    pub body_problem: Option<&'static str>,
    /// Why Atlas would refuse this type as the body of a create or replace (`POST`, `PUT`): a
    /// required property it does not carry.
    pub create_problem: Option<&'static str>,
}

/// The JSON kinds the checks tell apart.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum JsonKind {
    String,
    Integer,
    Number,
    Boolean,
    Array,
    /// An object with named properties (a model of an Atlas object schema).
    Object,
    /// An object used as a map (string keys).
    Map,
    /// A page of a paginated list ([`Page`](crate::Page)).
    Page,
    /// Any JSON (`serde_json::Value`).
    Any,
    /// Nothing (no items).
    None,
}

impl JsonShape {
    /// The shape of a scalar or free-form kind.
    pub const fn of(kind: JsonKind) -> Self {
        Self {
            kind,
            item: JsonKind::None,
            schema: "",
            optional: false,
            answer_problem: None,
            body_problem: None,
            create_problem: None,
        }
    }

    /// The shape of a model of `schema`, with the problems its fields have.
    pub const fn model(
        kind: JsonKind,
        schema: &'static str,
        answer_problem: Option<&'static str>,
        body_problem: Option<&'static str>,
        create_problem: Option<&'static str>,
    ) -> Self {
        Self {
            kind,
            item: JsonKind::None,
            schema,
            optional: false,
            answer_problem,
            body_problem,
            create_problem,
        }
    }

    /// A container of `items` (array, page, map): the items' schema and problems carry over.
    pub const fn container(kind: JsonKind, items: JsonShape) -> Self {
        Self {
            kind,
            item: items.kind,
            schema: items.schema,
            optional: false,
            answer_problem: items.answer_problem,
            body_problem: items.body_problem,
            create_problem: items.create_problem,
        }
    }

    /// The same shape, `null` or absent allowed.
    pub const fn optional(self) -> Self {
        Self {
            optional: true,
            ..self
        }
    }
}

macro_rules! shape_of {
    ($kind:ident: $($ty:ty),+) => {
        $(impl AtlasJson for $ty {
            const SHAPE: JsonShape = JsonShape::of(JsonKind::$kind);
        })+
    };
}

shape_of!(String: String, str, char, Rc<str>, Arc<str>);
shape_of!(Integer: i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, u128, usize);
shape_of!(Number: f32, f64);
shape_of!(Boolean: bool);
shape_of!(Any: serde_json::Value);
shape_of!(Map: serde_json::Map<String, serde_json::Value>);

impl AtlasJson for Cow<'_, str> {
    const SHAPE: JsonShape = JsonShape::of(JsonKind::String);
}

impl<T: AtlasJson + ?Sized> AtlasJson for &T {
    const SHAPE: JsonShape = T::SHAPE;
}

impl<T: AtlasJson + ?Sized> AtlasJson for Box<T> {
    const SHAPE: JsonShape = T::SHAPE;
}

impl<T: AtlasJson> AtlasJson for Option<T> {
    const SHAPE: JsonShape = T::SHAPE.optional();
}

macro_rules! sequence_of {
    ($($ty:ty),+) => {
        $(impl<T: AtlasJson> AtlasJson for $ty {
            const SHAPE: JsonShape = JsonShape::container(JsonKind::Array, T::SHAPE);
        })+
    };
}

sequence_of!(Vec<T>, [T], VecDeque<T>, BTreeSet<T>, HashSet<T>);

impl<T: AtlasJson, const N: usize> AtlasJson for [T; N] {
    const SHAPE: JsonShape = JsonShape::container(JsonKind::Array, T::SHAPE);
}

impl<K: AsRef<str>, T: AtlasJson> AtlasJson for HashMap<K, T> {
    const SHAPE: JsonShape = JsonShape::container(JsonKind::Map, T::SHAPE);
}

impl<K: AsRef<str>, T: AtlasJson> AtlasJson for BTreeMap<K, T> {
    const SHAPE: JsonShape = JsonShape::container(JsonKind::Map, T::SHAPE);
}

impl<T: AtlasJson> AtlasJson for crate::Page<T> {
    const SHAPE: JsonShape = JsonShape::container(JsonKind::Page, T::SHAPE);
}

/// What a property (or a body, an answer, a query value) of an Atlas schema accepts; written by
/// the macros from the catalog.
#[derive(Clone, Copy)]
pub struct Expected {
    pub kind: JsonKind,
    /// The kind of array or map items.
    pub item: JsonKind,
    /// The schema a model must model (the items' for arrays and pages); empty when any fits.
    pub schema: &'static str,
}

/// Whether a type of `shape` fits what Atlas expects.
pub const fn fits(shape: JsonShape, expected: Expected) -> bool {
    if matches!(shape.kind, JsonKind::Any) || matches!(expected.kind, JsonKind::Any) {
        return true;
    }
    if !kind_fits(shape.kind, expected.kind) {
        return false;
    }
    if matches!(
        expected.kind,
        JsonKind::Array | JsonKind::Map | JsonKind::Page
    ) && !kind_fits(shape.item, expected.item)
    {
        return false;
    }
    let container = matches!(
        expected.kind,
        JsonKind::Array | JsonKind::Map | JsonKind::Page
    );
    // A container of `serde_json::Value`s fits any items.
    expected.schema.is_empty()
        || container && matches!(shape.item, JsonKind::Any)
        || shape.schema.is_empty() && !needs_model(expected)
        || same(shape.schema, expected.schema)
}

/// An integer fits a number; a model of an object fits a free-form object.
const fn kind_fits(have: JsonKind, want: JsonKind) -> bool {
    matches!(
        (have, want),
        (JsonKind::String, JsonKind::String)
            | (JsonKind::Integer, JsonKind::Integer | JsonKind::Number)
            | (JsonKind::Number, JsonKind::Number)
            | (JsonKind::Boolean, JsonKind::Boolean)
            | (JsonKind::Array, JsonKind::Array)
            | (
                JsonKind::Object | JsonKind::Map,
                JsonKind::Object | JsonKind::Map
            )
            | (JsonKind::Page, JsonKind::Page)
            | (JsonKind::Any, _)
            | (_, JsonKind::Any)
            | (JsonKind::None, JsonKind::None)
    )
}

/// Objects of a named schema need a model of it (or `serde_json::Value`); strings of an enum
/// schema may be plain strings.
const fn needs_model(expected: Expected) -> bool {
    matches!(expected.kind, JsonKind::Object | JsonKind::Page)
        || matches!(expected.kind, JsonKind::Array) && matches!(expected.item, JsonKind::Object)
}

/// String equality in a constant.
pub const fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut index = 0;
    while index < a.len() {
        if a[index] != b[index] {
            return false;
        }
        index += 1;
    }
    true
}

/// Whether `name` is one of `names`, in a constant.
pub const fn one_of(name: &str, names: &[&str]) -> bool {
    let mut index = 0;
    while index < names.len() {
        if same(name, names[index]) {
            return true;
        }
        index += 1;
    }
    false
}

/// The first problem of several, in a constant.
pub const fn first(problems: &[Option<&'static str>]) -> Option<&'static str> {
    let mut index = 0;
    while index < problems.len() {
        if let Some(problem) = problems[index] {
            return Some(problem);
        }
        index += 1;
    }
    None
}

/// Stops the build with `message` when the type does not fit.
pub const fn expect_fit(shape: JsonShape, expected: Expected, message: &str) {
    if !fits(shape, expected) {
        panic!("{}", message);
    }
}

/// Stops the build with `message` unless the type models one of `schemas`.
pub const fn expect_one_of(shape: JsonShape, schemas: &[&str], message: &str) {
    if !one_of(shape.schema, schemas) {
        panic!("{}", message);
    }
}

/// Stops the build with the problem, when there is one.
pub const fn expect_none(problem: Option<&str>) {
    if let Some(problem) = problem {
        panic!("{}", problem);
    }
}
