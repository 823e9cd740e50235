//! What a catalog type asks of a Rust type: the `Expected` the compile-time check compares a
//! type's shape with, and the words a message uses for it.

use crate::runtime::Runtime;
use atlas_endpoint_catalog::{SchemaShape, Ty, schema};
use proc_macro2::TokenStream;
use quote::quote;

/// One expectation, and how a message describes and fixes it.
pub struct Expectation {
    pub kind: JsonKind,
    pub item: JsonKind,
    /// The schema a model must model (empty when any type of the kind fits).
    pub schema: String,
    /// `a string`, `an array of `ReplicationSpec20240805` objects`, …
    pub description: String,
    /// The Rust type to use: `String`, `Vec<M>` where …
    pub fix: String,
}

/// The kind of JSON, as the runtime's `JsonKind` names it.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum JsonKind {
    String,
    Integer,
    Number,
    Boolean,
    Array,
    Object,
    Map,
    Page,
    Any,
    None,
}

impl JsonKind {
    /// `<runtime>::JsonKind::…` (through the hidden module, as every generated path).
    pub fn tokens(self, runtime: &Runtime) -> TokenStream {
        let name = match self {
            Self::String => quote!(String),
            Self::Integer => quote!(Integer),
            Self::Number => quote!(Number),
            Self::Boolean => quote!(Boolean),
            Self::Array => quote!(Array),
            Self::Object => quote!(Object),
            Self::Map => quote!(Map),
            Self::Page => quote!(Page),
            Self::Any => quote!(Any),
            Self::None => quote!(None),
        };
        quote!(#runtime::JsonKind::#name)
    }
}

/// The `Expected` value for a kind, item kind and schema.
pub fn tokens(kind: JsonKind, item: JsonKind, schema: &str, runtime: &Runtime) -> TokenStream {
    let (kind, item) = (kind.tokens(runtime), item.tokens(runtime));
    quote!(#runtime::Expected { kind: #kind, item: #item, schema: #schema })
}

/// The expectation of a property (or array item) of catalog type `ty`; `values_schema` names
/// an inline enum's values (`Schema.property`) so an enum modelling them is checked.
pub fn of(ty: Ty, values: &[&str], values_schema: &str) -> Expectation {
    let (kind, item, schema) = parts(ty, values, values_schema);
    Expectation {
        kind,
        item,
        schema,
        description: describe(ty, values),
        fix: fix(ty),
    }
}

fn parts(ty: Ty, values: &[&str], values_schema: &str) -> (JsonKind, JsonKind, String) {
    match ty {
        Ty::String if !values.is_empty() => {
            (JsonKind::String, JsonKind::None, values_schema.to_owned())
        }
        Ty::String => (JsonKind::String, JsonKind::None, String::new()),
        Ty::Integer => (JsonKind::Integer, JsonKind::None, String::new()),
        Ty::Number => (JsonKind::Number, JsonKind::None, String::new()),
        Ty::Boolean => (JsonKind::Boolean, JsonKind::None, String::new()),
        Ty::Object => (JsonKind::Object, JsonKind::None, String::new()),
        Ty::Any => (JsonKind::Any, JsonKind::None, String::new()),
        Ty::Ref(name) => match schema(name).map(|schema| schema.shape) {
            Some(SchemaShape::Enum) => (JsonKind::String, JsonKind::None, name.to_owned()),
            Some(SchemaShape::Object | SchemaShape::Union) => {
                (JsonKind::Object, JsonKind::None, name.to_owned())
            }
            _ => (JsonKind::Any, JsonKind::None, String::new()),
        },
        Ty::Array(items) => {
            let (item, _, schema) = parts(*items, values, values_schema);
            (JsonKind::Array, item, schema)
        }
        Ty::Map(items) => {
            let (item, _, schema) = parts(*items, values, values_schema);
            (JsonKind::Map, item, schema)
        }
    }
}

impl Expectation {
    /// The `Expected` value the compile-time check compares a type's shape with.
    pub fn tokens(&self, runtime: &Runtime) -> TokenStream {
        tokens(self.kind, self.item, &self.schema, runtime)
    }

    /// Whether a type the macro read (`String`, `Vec<i64>`, `serde_json::Value`, …) fits:
    /// integers fit numbers, maps fit free-form objects, `serde_json::Value` fits anything; an
    /// object of a named schema needs a model (or `Value`).
    pub fn admits(&self, have: JsonKind, have_item: JsonKind) -> bool {
        let fits = |have: JsonKind, want: JsonKind, named: bool| {
            have == JsonKind::Any
                || want == JsonKind::Any
                || have == want && !(want == JsonKind::Object && named)
                || have == JsonKind::Integer && want == JsonKind::Number
                || have == JsonKind::Map && want == JsonKind::Object && !named
        };
        let named = !self.schema.is_empty();
        match self.kind {
            JsonKind::Array | JsonKind::Map => {
                fits(have, self.kind, false)
                    && (have == JsonKind::Any || fits(have_item, self.item, named))
            }
            _ => fits(have, self.kind, named),
        }
    }
}

/// Words for a catalog type.
pub fn describe(ty: Ty, values: &[&str]) -> String {
    match ty {
        Ty::String if !values.is_empty() => format!("a string, one of {}", list(values)),
        Ty::String => "a string".to_owned(),
        Ty::Integer => "an integer".to_owned(),
        Ty::Number => "a number".to_owned(),
        Ty::Boolean => "a boolean".to_owned(),
        Ty::Object => "a free-form object".to_owned(),
        Ty::Any => "any JSON value".to_owned(),
        Ty::Ref(name) => match schema(name) {
            Some(found) if found.shape == SchemaShape::Enum => {
                format!("a `{name}` string, one of {}", list(found.values))
            }
            _ => format!("a `{name}` object"),
        },
        Ty::Array(items) => format!("an array of {}", plural(describe(*items, values))),
        Ty::Map(items) => format!("an object of {}", plural(describe(*items, values))),
    }
}

/// The Rust type that fits a catalog type.
pub fn fix(ty: Ty) -> String {
    match ty {
        Ty::String => "`String`".to_owned(),
        Ty::Integer => "`i64` (or another integer type)".to_owned(),
        Ty::Number => "`f64`".to_owned(),
        Ty::Boolean => "`bool`".to_owned(),
        Ty::Object => {
            "`serde_json::Map<String, serde_json::Value>`, a `HashMap<String, _>` or a model"
                .to_owned()
        }
        Ty::Any => "`serde_json::Value`".to_owned(),
        Ty::Ref(name) => match schema(name).map(|schema| schema.shape) {
            Some(SchemaShape::Enum) => {
                format!("`String`, or an enum deriving `AtlasModel` with `#[atlas_model({name})]`")
            }
            _ => format!("a type deriving `AtlasModel` with `#[atlas_model({name})]`"),
        },
        Ty::Array(items) => format!("`Vec<…>` of {}", fix(*items)),
        Ty::Map(items) => format!("`HashMap<String, …>` of {}", fix(*items)),
    }
}

/// `A, B, C` (at most six values, then `…`).
fn list(values: &[&str]) -> String {
    let shown: Vec<&str> = values.iter().take(6).copied().collect();
    let more = if values.len() > shown.len() {
        ", …"
    } else {
        ""
    };
    format!("{}{more}", shown.join(", "))
}

/// `a string` → `strings`, `a `X` object` → ``X` objects`: the items of an array.
fn plural(one: String) -> String {
    let one = one
        .strip_prefix("an ")
        .or_else(|| one.strip_prefix("a "))
        .unwrap_or(&one);
    match one.split_once(", ") {
        Some((head, tail)) => format!("{head}s, {tail}"),
        None => format!("{one}s"),
    }
}
