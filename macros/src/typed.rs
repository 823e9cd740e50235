//! Bodies, answers and query or header values checked against the operation's schemas: the
//! stage after the catalog's (it needs the operation and version `conform` chose). It writes
//! compile-time checks only; nothing runs.

use crate::catalog::{Location, Operation, Version};
use crate::diag::{Diagnostics, SpanRange, type_text};
use crate::model::expected::{self, JsonKind};
use crate::model::readable::{first_argument, is_json_value, scalar_kind};
use crate::runtime::Runtime;
use crate::signature::{CheckedSignature, Role};
use atlas_endpoint_catalog::{ParamKind, SchemaRef, SchemaShape, Ty, schema};
use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::Type;
use syn::spanned::Spanned;

/// The checks of one catalogued declaration. Types the macro can read (`bool`, `&str`,
/// integers, `Vec`, `Option`, `serde_json::Value`, `Page<Value>`) are judged here and need no
/// generated check; any other type gets a compile-time check against its `AtlasJson` shape.
pub fn checks(
    signature: &CheckedSignature,
    operation: &Operation,
    version: &Version,
    runtime: &Runtime,
    diagnostics: &mut Diagnostics,
) -> TokenStream {
    let mut checks = TokenStream::new();
    let id = operation.operation_id;
    for param in &signature.params {
        match &param.role {
            Role::Body => {
                if let Some(body) = version.body_schema() {
                    checks.extend(body_checks(
                        &param.ty,
                        id,
                        body,
                        operation.needs_complete_body(),
                        runtime,
                        diagnostics,
                    ));
                }
            }
            Role::Query(name) | Role::Header(name) => {
                let location = match param.role {
                    Role::Header(_) => Location::Header,
                    _ => Location::Query,
                };
                if let Some(known) = operation.params.iter().find(|known| {
                    known.location == location && known.name.eq_ignore_ascii_case(name)
                }) {
                    let label = format!("`{}: {}`", param.name(), type_text(&param.ty));
                    let value = Value {
                        id,
                        wire: known.name,
                        kind: known.kind,
                        label: &label,
                    };
                    checks.extend(value.checks(&param.ty, param.span, runtime, diagnostics));
                }
            }
            Role::Path => {}
        }
    }
    if let (Some(success), Some(answer)) = (&signature.success, version.answer_schema())
        && version.answers_body
        && matches!(signature.returns, Some(crate::signature::Returns::Json))
    {
        checks.extend(answer_checks(success, id, answer, runtime, diagnostics));
    }
    if checks.is_empty() {
        return checks;
    }
    quote!(const _: () = { #checks };)
}

/// What a body or answer named `name` (`X`, `[X]`, or an inline `object`) expects, and how to
/// say it.
struct Schema {
    kind: JsonKind,
    item: JsonKind,
    schema: String,
    /// `Atlas's `X``, `a page of Atlas's `Y` (`X`)`, …
    words: String,
    /// What to write instead.
    fix: String,
}

fn expectation(schema_ref: SchemaRef, page_wrapper: bool) -> Schema {
    let model =
        |schema: &str| format!("a type deriving `AtlasModel` with `#[atlas_model({schema})]`");
    let name = schema_ref.name();
    if let SchemaRef::ArrayOf(item) = schema_ref {
        return Schema {
            kind: JsonKind::Array,
            item: item_kind(item),
            schema: item.to_owned(),
            words: format!("an array of Atlas's `{item}`"),
            fix: format!("`Vec<M>` where `M` is {}", model(item)),
        };
    }
    let Some(found) = schema(name) else {
        return Schema {
            kind: JsonKind::Any,
            item: JsonKind::None,
            schema: String::new(),
            words: format!("an inline {name}"),
            fix: "`serde_json::Value`".to_owned(),
        };
    };
    if page_wrapper && let Some(item) = page_item(found) {
        return Schema {
            kind: JsonKind::Page,
            item: JsonKind::Object,
            schema: item.to_owned(),
            words: format!("a page of Atlas's `{item}` (`{name}`)"),
            fix: format!("`Page<M>` where `M` is {}", model(item)),
        };
    }
    Schema {
        kind: item_kind(name),
        item: JsonKind::None,
        schema: name.to_owned(),
        words: format!("Atlas's `{name}`"),
        fix: model(name),
    }
}

/// An object or enum schema's kind.
fn item_kind(name: &str) -> JsonKind {
    match schema(name).map(|found| found.shape) {
        Some(SchemaShape::Enum) => JsonKind::String,
        _ => JsonKind::Object,
    }
}

/// The item schema of a paginated answer: an object whose `results` is an array of one schema,
/// with a `totalCount`.
fn page_item(found: &atlas_endpoint_catalog::Schema) -> Option<&'static str> {
    let results = found
        .properties
        .iter()
        .find(|prop| prop.name == "results")?;
    found
        .properties
        .iter()
        .any(|prop| prop.name == "totalCount")
        .then_some(())?;
    match results.ty {
        Ty::Array(Ty::Ref(item)) => Some(item),
        _ => None,
    }
}

/// A local trait whose unimplemented message names what Atlas expects; through it, `T`'s
/// shape and problems (nested models looked into down to `Depth`) when `T` is checkable.
fn gate(name: &syn::Ident, message: &str, label: &str, runtime: &Runtime) -> TokenStream {
    quote! {
        #[diagnostic::on_unimplemented(message = #message, label = #label)]
        trait #name {
            const SHAPE: #runtime::JsonShape;
            const ANSWER_OK: ();
            const BODY_OK: ();
            const CREATE_OK: ();
        }
        impl<T: ?::core::marker::Sized + #runtime::Checks<#runtime::Depth>> #name for T {
            const SHAPE: #runtime::JsonShape =
                <T as #runtime::Checks<#runtime::Depth>>::SHAPE;
            const ANSWER_OK: () =
                <T as #runtime::Checks<#runtime::Depth>>::ANSWER_OK;
            const BODY_OK: () =
                <T as #runtime::Checks<#runtime::Depth>>::BODY_OK;
            const CREATE_OK: () =
                <T as #runtime::Checks<#runtime::Depth>>::CREATE_OK;
        }
    }
}

/// What a body or answer check says, and which problems it looks at.
struct Check<'a> {
    /// The gate trait's name, unique in the endpoint's check block.
    gate: &'a str,
    /// Its label: `not a model of this endpoint's body`.
    label: &'a str,
    /// The message when the type does not fit.
    mismatch: String,
    /// The message when the type is not a model at all (`{Self}` is the type).
    unimplemented: String,
    /// The checks (`BODY_OK`, `CREATE_OK`, `ANSWER_OK`) the type must pass.
    problems: &'a [&'a str],
}

/// The checks of one body or answer type: judged here when the macro can read the type,
/// otherwise compile-time constants behind a gate trait that names the schema.
fn schema_checks(
    ty: &Type,
    expected: &Schema,
    role: Check<'_>,
    runtime: &Runtime,
    diagnostics: &mut Diagnostics,
) -> TokenStream {
    if let Some(fits) = readable(ty, expected) {
        if !fits {
            diagnostics.error(ty.span(), role.mismatch);
        }
        return TokenStream::new();
    }
    let trait_name = syn::Ident::new(role.gate, ty.span());
    let gate = gate(&trait_name, &role.unimplemented, role.label, runtime);
    let tokens = expected::tokens(expected.kind, expected.item, &expected.schema, runtime);
    let mismatch = &role.mismatch;
    let at_type = runtime.at(ty.span());
    // The problems of the items themselves (`Cluster` of `Page<Cluster>`), so that what the
    // compiler reports points into the user's code only.
    let held = crate::model::readable::items(ty);
    let problems = role.problems.iter().map(|problem| {
        let problem = syn::Ident::new(problem, ty.span());
        quote_spanned! {ty.span()=>
            const _: () = <#held as #trait_name>::#problem;
        }
    });
    quote_spanned! {ty.span()=>
        #gate
        const _: () = if !#at_type::fits(<#ty as #trait_name>::SHAPE, #tokens) {
            ::core::panic!("{}", #mismatch);
        };
        #(#problems)*
    }
}

fn body_checks(
    ty: &Type,
    id: &str,
    body: SchemaRef,
    creates: bool,
    runtime: &Runtime,
    diagnostics: &mut Diagnostics,
) -> TokenStream {
    // `&NewUser` is checked as `NewUser`, so messages name the user's type.
    let ty = match ty {
        Type::Reference(reference) => &*reference.elem,
        other => other,
    };
    let expected = expectation(body, false);
    let role = Check {
        gate: "BodyOfThisEndpoint",
        label: "not a model of this endpoint's body",
        mismatch: format!(
            "the body of {id} is {}: `{}` does not model it; send {} (or a `serde_json::Value`)",
            expected.words,
            type_text(ty),
            expected.fix
        ),
        unimplemented: format!(
            "the body of {id} is {}: derive `AtlasModel` for `{{Self}}` with `#[atlas_model({})]`, or send a `serde_json::Value`",
            expected.words, expected.schema
        ),
        problems: if creates {
            &["BODY_OK", "CREATE_OK"]
        } else {
            &["BODY_OK"]
        },
    };
    schema_checks(ty, &expected, role, runtime, diagnostics)
}

fn answer_checks(
    ty: &Type,
    id: &str,
    answer: SchemaRef,
    runtime: &Runtime,
    diagnostics: &mut Diagnostics,
) -> TokenStream {
    let expected = expectation(answer, true);
    let role = Check {
        gate: "AnswerOfThisEndpoint",
        label: "not a model of this endpoint's answer",
        mismatch: format!(
            "{id} answers {}: `{}` does not fit it; return `Result<…>` of {} (or `serde_json::Value`)",
            expected.words,
            type_text(ty),
            expected.fix
        ),
        unimplemented: format!(
            "{id} answers {}: return `Result<…>` of {} (or `serde_json::Value`); `{{Self}}` is not an Atlas model",
            expected.words, expected.fix
        ),
        problems: &["ANSWER_OK"],
    };
    schema_checks(ty, &expected, role, runtime, diagnostics)
}

/// A query or header parameter of the operation and its declaration.
struct Value<'a> {
    id: &'a str,
    wire: &'a str,
    /// The parameter's JSON type, as the catalog gives it.
    kind: ParamKind,
    /// `include_count: &str`.
    label: &'a str,
}

impl Value<'_> {
    fn checks(
        &self,
        ty: &Type,
        span: SpanRange,
        runtime: &Runtime,
        diagnostics: &mut Diagnostics,
    ) -> TokenStream {
        let (
            Self {
                id,
                wire,
                kind,
                label,
            },
            an,
        ) = (self, article(self.kind.name()));
        let (expected, fix) = match *kind {
            ParamKind::Boolean => (JsonKind::Boolean, "`bool` (or `Option<bool>`)"),
            ParamKind::Integer => (
                JsonKind::Integer,
                "an integer type such as `u32` (or `Option<u32>`)",
            ),
            ParamKind::Array => (
                JsonKind::Array,
                "`Vec<String>` or `&[String]` (or a `Vec` of another value type)",
            ),
            ParamKind::String => (
                JsonKind::String,
                "`&str` or `String` (or an enum deriving `AtlasModel` with `#[atlas_model(string)]`)",
            ),
        };
        let message = format!("`{wire}` of {id} is {an}: {label} does not fit it; use {fix}");
        if let Some(have) = scalar_kind(ty) {
            if !value_fits(have, expected) {
                diagnostics.error(span, message);
            }
            return TokenStream::new();
        }
        let item = if expected == JsonKind::Array {
            JsonKind::Any
        } else {
            JsonKind::None
        };
        let unimplemented = format!(
            "`{wire}` of {id} is {an}: `{{Self}}` is not a value type the checks know; use {fix}"
        );
        let trait_name = syn::Ident::new("ValueOfThisParameter", ty.span());
        let gate = gate(
            &trait_name,
            &unimplemented,
            "not a known value type",
            runtime,
        );
        let tokens = expected::tokens(expected, item, "", runtime);
        let at_type = runtime.at(ty.span());
        quote_spanned! {ty.span()=>
            const _: () = {
                #gate
                if !#at_type::fits(<#ty as #trait_name>::SHAPE, #tokens) {
                    ::core::panic!("{}", #message);
                }
            };
        }
    }
}

/// An integer fits a number, and anything fits `serde_json::Value`.
fn value_fits(have: JsonKind, want: JsonKind) -> bool {
    have == want || have == JsonKind::Any || have == JsonKind::Integer && want == JsonKind::Number
}

/// Whether a body or answer type the macro can read fits (`None`: it cannot read it).
/// `serde_json::Value` fits anything; `Vec<Value>` an array; `Page<Value>` a page.
fn readable(ty: &Type, expected: &Schema) -> Option<bool> {
    let Type::Path(path) = ty else { return None };
    if is_json_value(path) {
        return Some(true);
    }
    let segment = path.path.segments.last()?;
    let inner = first_argument(segment)?;
    let container = segment.ident.to_string();
    // `Vec<…>` where a page is expected, or `Page<…>` where an array is, is wrong whatever the
    // items: said now, before anything the compiler finds in the caller's code.
    let wrong_container = match container.as_str() {
        "Vec" => matches!(expected.kind, JsonKind::Page | JsonKind::Object),
        "Page" => matches!(expected.kind, JsonKind::Array | JsonKind::Object),
        _ => false,
    };
    if wrong_container {
        return Some(false);
    }
    if scalar_kind(inner) != Some(JsonKind::Any) {
        return None;
    }
    match container.as_str() {
        "Vec" => Some(expected.kind == JsonKind::Array || expected.kind == JsonKind::Any),
        "Page" => Some(expected.kind == JsonKind::Page || expected.kind == JsonKind::Any),
        _ => None,
    }
}

/// `a boolean`, `an integer`.
fn article(kind: &str) -> String {
    let an = kind.starts_with(['a', 'e', 'i', 'o', 'u']);
    format!("{} {kind}", if an { "an" } else { "a" })
}
