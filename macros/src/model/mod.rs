//! `#[derive(AtlasModel)]`: a user's serde type declared as a model of one Atlas schema, each
//! field checked against the schema's facts (wire name, JSON type, optional or required,
//! read-only). Nothing is generated but one trait impl and compile-time checks.

mod attribute;
mod enums;
pub(crate) mod expected;
pub(crate) mod readable;
mod schema_names;
mod serde_attrs;
mod structs;

use crate::diag::{Diagnostics, suggestion};
use crate::runtime::{Lookup, Runtime};
use atlas_endpoint_catalog::{Schema, schema};
use attribute::Attribute;
use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::{Data, DeriveInput, Ident};

/// What a model's derive writes: its shape, its problems (own, and found in the types its
/// fields nest), and its compile-time checks.
#[derive(Default)]
pub struct Parts {
    /// The `JsonShape` expression.
    pub shape: TokenStream,
    /// Problems of the type's own fields (`Option<&str>` expressions).
    pub own: Found,
    /// The types whose problems carry over, one level deeper.
    pub nested: Vec<syn::Type>,
    pub checks: TokenStream,
}

/// The checks of the type's own fields, by where they matter: statements that stop the build
/// (a `panic!` in a constant), each spanned at the field at fault, evaluated only where the type
/// is used that way (as an answer, a body, a `POST` or `PUT` body) and once however many
/// endpoints use it.
#[derive(Default)]
pub struct Found {
    pub answer: Vec<Stop>,
    pub body: Vec<Stop>,
    pub create: Vec<Stop>,
}

/// One check that stops the build: a `panic!` spanned at the field at fault, always or `when`
/// a condition known only to the compiler holds.
pub struct Stop {
    pub when: Option<TokenStream>,
    pub panic: TokenStream,
}

/// A check stopping the build with `message`, at `span`.
pub fn stop(span: Span, message: &str) -> Stop {
    Stop {
        when: None,
        panic: quote::quote_spanned!(span=> ::core::panic!("{}", #message)),
    }
}

/// The checks as one expression: the first that fails stops the build (an `if … else if …`
/// chain, so no panic follows another).
fn chain(stops: &[Stop]) -> TokenStream {
    stops.iter().rev().fold(quote!({}), |rest, stop| {
        let panic = &stop.panic;
        let when = stop.when.clone().unwrap_or_else(|| quote!(true));
        quote!(if #when { #panic } else #rest)
    })
}

/// What `#[atlas_model(…)]` declares the type to model.
pub enum Target {
    /// A component schema: `#[atlas_model(CloudDatabaseUser)]`.
    Schema(&'static Schema),
    /// The values of one property: `#[atlas_model(ClusterDescription20240805.stateName)]`.
    Property {
        schema: &'static Schema,
        property: String,
        values: &'static [&'static str],
    },
    /// A JSON kind, for enums and newtypes sent as a scalar: `#[atlas_model(string)]`.
    Kind(expected::JsonKind),
}

/// The derive on `proc_macro2` tokens; `lookup` finds the runtime crate when the attribute does
/// not name it.
pub fn derive(input: TokenStream, lookup: Lookup) -> TokenStream {
    let input: DeriveInput = match syn::parse2(input) {
        Ok(input) => input,
        Err(error) => return error.to_compile_error(),
    };
    let mut diagnostics = Diagnostics::default();
    let attribute = attribute::read(&input, &mut diagnostics);
    let given = attribute
        .as_ref()
        .and_then(|attribute| attribute.crate_path.as_ref());
    let suggestion = Attribute::with_crate(attribute.as_ref());
    let runtime = match Runtime::resolve(given, lookup, suggestion) {
        Ok(runtime) => runtime,
        // Without the runtime no trait can be implemented: the errors alone.
        Err(error) => {
            diagnostics.push(error);
            return diagnostics.to_compile_errors();
        }
    };
    let runtime = &runtime;
    let checked = attribute.and_then(|attribute| {
        let target = target(&attribute, &mut diagnostics)?;
        if input.generics.type_params().next().is_some()
            || input.generics.const_params().next().is_some()
        {
            diagnostics.error(
                input.generics.params.first().map_or_else(Span::call_site, span_of),
                "an AtlasModel cannot have type or const parameters (lifetimes are fine)",
            );
            return None;
        }
        let container = serde_attrs::container(&input.attrs)
            .map_err(|error| diagnostics.push(error))
            .ok()?;
        if container.transparent && !matches!(target, Target::Kind(_)) {
            diagnostics.error(
                input.ident.span(),
                format!(
                    "`#[serde(transparent)]` makes `{}` its one field on the wire, so it is not itself a model of `{}`: derive AtlasModel on the field's type instead, or, for a newtype sent as a scalar, write `#[atlas_model(string)]` (or `integer`, `number`, `boolean`)",
                    input.ident,
                    attribute.target_text(),
                ),
            );
            return None;
        }
        match (&input.data, target) {
            (_, Target::Kind(kind)) => Some(Parts {
                shape: {
                    let kind = kind.tokens(runtime);
                    quote!(#runtime::JsonShape::of(#kind))
                },
                ..Parts::default()
            }),
            (Data::Struct(data), Target::Schema(schema)) => structs::check(
                &input.ident,
                data,
                &container,
                schema,
                runtime,
                &mut diagnostics,
            ),
            // An enum's checks judge its variants by what they alone reported.
            (Data::Enum(data), Target::Schema(schema)) => {
                diagnostics
                    .stage(|stage| {
                        enums::of_schema(&input.ident, data, &container, schema, runtime, stage)
                    })
                    .value
            }
            (Data::Enum(data), Target::Property { schema, property, values }) => {
                let label = format!("{}.{property}", schema.name);
                diagnostics
                    .stage(|stage| {
                        enums::values(
                            &input.ident,
                            data,
                            &container,
                            &label,
                            values,
                            runtime,
                            stage,
                        )
                    })
                    .value
            }
            (Data::Struct(_), Target::Property { schema, property, .. }) => {
                diagnostics.error(
                    input.ident.span(),
                    format!(
                        "`{}.{property}` names the values of one property: model it with an enum whose variants are those values",
                        schema.name
                    ),
                );
                None
            }
            (Data::Union(_), _) => {
                diagnostics.error(input.ident.span(), "an AtlasModel is a struct or an enum");
                None
            }
        }
    });
    let parts = match checked {
        Some(parts) if diagnostics.is_empty() => parts,
        // Every error at once; the traits are still implemented (fitting anything, no
        // problems), so the uses of the type do not fail too.
        checked => {
            let mut checks = diagnostics.to_compile_errors();
            checks.extend(checked.map(|parts| parts.checks));
            Parts {
                shape: quote!(#runtime::JsonShape::of(#runtime::JsonKind::Any)),
                checks,
                ..Parts::default()
            }
        }
    };
    implement(&input, parts, runtime)
}

/// `AtlasJson` and `Checks` for the type, and its compile-time checks.
fn implement(input: &DeriveInput, parts: Parts, runtime: &Runtime) -> TokenStream {
    let name = &input.ident;
    let (impl_generics, type_generics, where_clause) = input.generics.split_for_impl();
    let mut deeper = input.generics.clone();
    deeper.params.push(syn::parse_quote!(AtlasDepth));
    let (deeper_generics, _, _) = deeper.split_for_impl();
    let Parts {
        shape,
        own,
        nested,
        checks,
    } = parts;
    let (answer_own, body_own, create_own) =
        (chain(&own.answer), chain(&own.body), chain(&own.create));
    // The checks run only where the type is used as an answer or a body, and once: a constant
    // that a non-generic item refers to (or a generic one, without naming its parameters) is
    // evaluated where it is defined, used or not; so only the impl generic over the depth
    // refers to the type's own checks, through `Deferred<AtlasDepth>`, which resolves to the
    // type itself for every depth. (At the bottom depth, eight levels down, nothing is checked.)
    let composed = |which: &str, own: &str| {
        let which = Ident::new(which, Span::call_site());
        let own = Ident::new(own, Span::call_site());
        let nested = nested
            .iter()
            .map(|ty| quote!(let () = <#ty as #runtime::Checks<AtlasDepth>>::#which;));
        quote!({
            let () = <<Self as #runtime::Deferred<AtlasDepth>>::Itself as #runtime::AtlasJson>::#own;
            #(#nested)*
        })
    };
    let answer_deeper = composed("ANSWER_OK", "ANSWER_OWN");
    let body_deeper = composed("BODY_OK", "BODY_OWN");
    let create_deeper = composed("CREATE_OK", "CREATE_OWN");
    let deferred = [
        quote!(Self: #runtime::Deferred<AtlasDepth>),
        quote!(<Self as #runtime::Deferred<AtlasDepth>>::Itself: #runtime::AtlasJson),
    ];
    let bounds = deferred.into_iter().chain(
        nested
            .iter()
            .map(|ty| quote!(#ty: #runtime::Checks<AtlasDepth>)),
    );
    let where_deeper = match where_clause {
        Some(clause) => {
            let predicates = &clause.predicates;
            quote!(where #predicates, #(#bounds),*)
        }
        None => quote!(where #(#bounds),*),
    };
    quote! {
        const _: () = {
            impl #impl_generics #runtime::AtlasJson for #name #type_generics #where_clause {
                const SHAPE: #runtime::JsonShape = #shape;
                const ANSWER_OWN: () = #answer_own;
                const BODY_OWN: () = #body_own;
                const CREATE_OWN: () = #create_own;
            }
            #[doc(hidden)]
            impl #impl_generics #runtime::Checks<#runtime::Bottom> for #name #type_generics #where_clause {
                const SHAPE: #runtime::JsonShape = <Self as #runtime::AtlasJson>::SHAPE;
                const ANSWER_OK: () = ();
                const BODY_OK: () = ();
                const CREATE_OK: () = ();
            }
            #[doc(hidden)]
            impl #deeper_generics #runtime::Checks<#runtime::Deeper<AtlasDepth>> for #name #type_generics #where_deeper {
                const SHAPE: #runtime::JsonShape = <Self as #runtime::AtlasJson>::SHAPE;
                const ANSWER_OK: () = #answer_deeper;
                const BODY_OK: () = #body_deeper;
                const CREATE_OK: () = #create_deeper;
            }
            #checks
        };
    }
}

fn span_of(param: &syn::GenericParam) -> Span {
    match param {
        syn::GenericParam::Type(ty) => ty.ident.span(),
        syn::GenericParam::Lifetime(lifetime) => lifetime.lifetime.apostrophe,
        syn::GenericParam::Const(constant) => constant.ident.span(),
    }
}

/// What `#[atlas_model(…)]` names: a JSON kind, a schema or one property's values.
fn target(attribute: &Attribute, diagnostics: &mut Diagnostics) -> Option<Target> {
    let (first, property) = (&attribute.name, &attribute.property);
    let kind = match first.to_string().as_str() {
        "string" => Some(expected::JsonKind::String),
        "integer" => Some(expected::JsonKind::Integer),
        "number" => Some(expected::JsonKind::Number),
        "boolean" => Some(expected::JsonKind::Boolean),
        _ => None,
    };
    if let Some(kind) = kind {
        return Some(Target::Kind(kind));
    }
    let name = first.to_string();
    let Some(found) = schema(&name) else {
        diagnostics.error(
            first.span(),
            format!(
                "Atlas has no schema `{name}`{}",
                schema_names::suggest(&name)
            ),
        );
        return None;
    };
    let Some(property) = property else {
        return Some(Target::Schema(found));
    };
    let wanted = property.to_string();
    match found.properties.iter().find(|prop| prop.name == wanted) {
        Some(prop) if !prop.values.is_empty() => Some(Target::Property {
            schema: found,
            property: wanted,
            values: prop.values,
        }),
        Some(_) => {
            diagnostics.error(
                property.span(),
                format!(
                    "`{name}.{wanted}` has no fixed set of values to model; use `String` for it"
                ),
            );
            None
        }
        None => {
            diagnostics.error(
                property.span(),
                format!(
                    "`{name}` has no property `{wanted}`{}",
                    suggestion(&wanted, found.properties.iter().map(|prop| prop.name))
                ),
            );
            None
        }
    }
}
