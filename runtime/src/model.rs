//! What the compile-time model checks know about Rust types: their JSON shape.
//!
//! `#[derive(AtlasModel)]` implements [`AtlasJson`] for a user's type and checks each field
//! against the Atlas schema it names; `#[atlas_endpoint]` checks bodies, answers and query values
//! the same way. Every check is a constant evaluated by the compiler: nothing runs at run time.

#![allow(
    clippy::arithmetic_side_effects,
    reason = "index loops of const functions, bounded by the slices they walk"
)]

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet, VecDeque};
use std::marker::PhantomData;
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
    /// Stops the build, at the field, when the type's own fields would fail as an answer
    /// (evaluated only where the type is used as one; written by the derive).
    #[doc(hidden)]
    const ANSWER_OWN: () = ();
    /// The same for a body: a read-only property always sent.
    #[doc(hidden)]
    const BODY_OWN: () = ();
    /// The same for a `POST` or `PUT` body: a property Atlas requires that is missing.
    #[doc(hidden)]
    const CREATE_OWN: () = ();
}

/// The JSON a Rust type (de)serializes as, for the compile-time checks.
#[derive(Clone, Copy, Debug)]
pub struct JsonShape {
    /// The JSON kind.
    pub kind: JsonKind,
    /// The kind of an array's, page's or map's items.
    pub item: JsonKind,
    /// The Atlas schema a model (or the items of a sequence of models) models: `CloudDatabaseUser`,
    /// or `Schema.property` for an enum modelling one property's values; empty otherwise.
    pub schema: &'static str,
    /// `Option<_>`: `null` or absent is fine.
    pub optional: bool,
}

/// The JSON kinds the checks tell apart.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum JsonKind {
    /// A string.
    String,
    /// An integer.
    Integer,
    /// A number.
    Number,
    /// `true` or `false`.
    Boolean,
    /// An array.
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
        Self::model(kind, "")
    }

    /// The shape of a model of `schema`.
    pub const fn model(kind: JsonKind, schema: &'static str) -> Self {
        Self {
            kind,
            item: JsonKind::None,
            schema,
            optional: false,
        }
    }

    /// A container of `items` (array, page, map): the items' schema carries over.
    pub const fn container(kind: JsonKind, items: JsonShape) -> Self {
        Self {
            kind,
            item: items.kind,
            schema: items.schema,
            optional: false,
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

impl AtlasJson for serde_json::Map<String, serde_json::Value> {
    const SHAPE: JsonShape =
        JsonShape::container(JsonKind::Map, <serde_json::Value as AtlasJson>::SHAPE);
}

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

/// What the checks of bodies and answers know of a type: its shape, and the checks that stop
/// the build, each at the field at fault, when it would fail as an answer or be refused as a
/// body: its own fields' ([`AtlasJson`]'s hidden constants, evaluated once per type however
/// many endpoints use it) and, `D` levels deep, those of the models nested in them. The depth
/// is a type (`Deeper<…<Bottom>>`) so that models referring to each other stay finite;
/// [`Depth`] is how deep the endpoint checks look.
#[doc(hidden)]
pub trait Checks<D> {
    /// The JSON this type (de)serializes as (the same as [`AtlasJson::SHAPE`]).
    const SHAPE: JsonShape;
    /// Stops the build where a field Atlas may omit from an answer is neither `Option` nor
    /// defaulted.
    const ANSWER_OK: ();
    /// Stops the build where a read-only property is always sent in a body.
    const BODY_OK: ();
    /// Stops the build where a `POST` or `PUT` body lacks a property Atlas requires.
    const CREATE_OK: ();
}

/// The depth where nested models are no longer looked into.
#[doc(hidden)]
pub struct Bottom;

/// One level deeper than `D`.
#[doc(hidden)]
pub struct Deeper<D>(PhantomData<D>);

/// `T` itself, behind a projection the compiler cannot resolve until the depth is known: a
/// model's own checks are referred to through it, so that they are evaluated where the model
/// is used (once, whatever the depth), not where it is defined.
#[doc(hidden)]
pub trait Deferred<D> {
    /// `T`.
    type Itself: ?Sized;
}

impl<T: ?Sized> Deferred<Bottom> for T {
    type Itself = T;
}

impl<T: ?Sized, D> Deferred<Deeper<D>> for T {
    type Itself = T;
}

/// How deep the endpoint checks look into nested models: eight levels.
#[doc(hidden)]
pub type Depth = Deeper<Deeper<Deeper<Deeper<Deeper<Deeper<Deeper<Deeper<Bottom>>>>>>>>;

macro_rules! no_problems {
    ($($ty:ty),+) => {
        $(impl<D> Checks<D> for $ty {
            const SHAPE: JsonShape = <$ty as AtlasJson>::SHAPE;
            const ANSWER_OK: () = ();
            const BODY_OK: () = ();
            const CREATE_OK: () = ();
        })+
    };
}

no_problems!(String, str, char, Rc<str>, Arc<str>, Cow<'_, str>);
no_problems!(
    i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, u128, usize, f32, f64, bool
);
no_problems!(serde_json::Value, serde_json::Map<String, serde_json::Value>);

/// The checks of a container: its items' problems, and `shape` built from the items' shape.
macro_rules! checks_of_items {
    ($(<$($param:ident),*> $ty:ty => |$items:ident| $shape:expr;)+) => {
        $(impl<D, $($param),*> Checks<D> for $ty
        where
            T: Checks<D>,
        {
            const SHAPE: JsonShape = {
                let $items = T::SHAPE;
                $shape
            };
            const ANSWER_OK: () = T::ANSWER_OK;
            const BODY_OK: () = T::BODY_OK;
            const CREATE_OK: () = T::CREATE_OK;
        })+
    };
}

checks_of_items! {
    <T> Option<T> => |items| items.optional();
    <T> Vec<T> => |items| JsonShape::container(JsonKind::Array, items);
    <T> [T] => |items| JsonShape::container(JsonKind::Array, items);
    <T> VecDeque<T> => |items| JsonShape::container(JsonKind::Array, items);
    <T> BTreeSet<T> => |items| JsonShape::container(JsonKind::Array, items);
    <T> HashSet<T> => |items| JsonShape::container(JsonKind::Array, items);
    <K, T> HashMap<K, T> => |items| JsonShape::container(JsonKind::Map, items);
    <K, T> BTreeMap<K, T> => |items| JsonShape::container(JsonKind::Map, items);
    <T> crate::Page<T> => |items| JsonShape::container(JsonKind::Page, items);
}

impl<D, T: Checks<D> + ?Sized> Checks<D> for &T {
    const SHAPE: JsonShape = T::SHAPE;
    const ANSWER_OK: () = T::ANSWER_OK;
    const BODY_OK: () = T::BODY_OK;
    const CREATE_OK: () = T::CREATE_OK;
}

impl<D, T: Checks<D> + ?Sized> Checks<D> for Box<T> {
    const SHAPE: JsonShape = T::SHAPE;
    const ANSWER_OK: () = T::ANSWER_OK;
    const BODY_OK: () = T::BODY_OK;
    const CREATE_OK: () = T::CREATE_OK;
}

impl<D, T: Checks<D>, const N: usize> Checks<D> for [T; N] {
    const SHAPE: JsonShape = JsonShape::container(JsonKind::Array, T::SHAPE);
    const ANSWER_OK: () = T::ANSWER_OK;
    const BODY_OK: () = T::BODY_OK;
    const CREATE_OK: () = T::CREATE_OK;
}

/// What a property (or a body, an answer, a query value) of an Atlas schema accepts; written by
/// the macros from the catalog.
#[derive(Clone, Copy)]
pub struct Expected {
    /// The JSON kind.
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
