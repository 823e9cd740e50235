//! An enum modelling Atlas values: a string enum (each variant's wire name must be one of
//! Atlas's values) or a union (each variant holds a model of one of the union's variants).

use super::Parts;
use super::serde_attrs::{Container, member};
use crate::diag::{Diagnostics, did_you_mean, type_text};
use crate::runtime::Runtime;
use atlas_endpoint_catalog::{Schema, Shape};
use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{DataEnum, Fields, Ident};

/// The parts of an enum modelling a component schema (a string
/// enum or a union), or `None` after reporting every variant that does not conform.
pub fn of_schema(
    name: &Ident,
    data: &DataEnum,
    container: &Container,
    schema: &'static Schema,
    runtime: &Runtime,
    diagnostics: &mut Diagnostics,
) -> Option<Parts> {
    match schema.shape {
        Shape::Enum => values(
            name,
            data,
            container,
            schema.name,
            schema.values,
            runtime,
            diagnostics,
        ),
        Shape::Union => union(name, data, schema, runtime, diagnostics),
        _ => {
            diagnostics.error(
                name.span(),
                format!(
                    "`{}` is an object, not a set of values or a union: model it with a struct",
                    schema.name
                ),
            );
            None
        }
    }
}

/// A string enum (of a schema, or of one property's values: `label` names it): every variant is
/// a unit whose wire name Atlas accepts.
pub fn values(
    name: &Ident,
    data: &DataEnum,
    container: &Container,
    label: &str,
    allowed: &[&str],
    runtime: &Runtime,
    diagnostics: &mut Diagnostics,
) -> Option<Parts> {
    for variant in &data.variants {
        if !matches!(variant.fields, Fields::Unit) {
            diagnostics.error(
                variant.ident.span(),
                format!(
                    "`{name}::{}` models one of Atlas's `{label}` values: it cannot hold data",
                    variant.ident
                ),
            );
            continue;
        }
        let member = match member(&variant.attrs) {
            Ok(member) => member,
            Err(error) => {
                diagnostics.push(error);
                continue;
            }
        };
        let ident = variant.ident.to_string();
        let wire = member.rename.unwrap_or_else(|| {
            container
                .rename_all
                .map_or_else(|| ident.clone(), |rule| rule.variant(&ident))
        });
        if allowed.contains(&wire.as_str()) {
            continue;
        }
        let sent = if wire == ident {
            String::new()
        } else {
            format!(" is sent as `{wire}`, which")
        };
        let fix = match did_you_mean(&wire, allowed.iter().copied()) {
            Some(near) => format!("; did you mean `{near}`? add `#[serde(rename = \"{near}\")]`"),
            None => format!(" (Atlas's values: {})", allowed.join(", ")),
        };
        diagnostics.error(
            variant.ident.span(),
            format!("`{name}::{ident}`{sent} is not one of Atlas's `{label}` values{fix}"),
        );
    }
    if !diagnostics.is_empty() {
        return None;
    }
    Some(Parts {
        shape: quote!(#runtime::JsonShape::model(
            #runtime::JsonKind::String,
            #label,
        )),
        ..Parts::default()
    })
}

/// A union: every variant holds one model of one of the union's variants.
fn union(
    name: &Ident,
    data: &DataEnum,
    schema: &'static Schema,
    runtime: &Runtime,
    diagnostics: &mut Diagnostics,
) -> Option<Parts> {
    let variants = schema.variants;
    let mut checks = TokenStream::new();
    let mut nested = Vec::new();
    for variant in &data.variants {
        let inner = match &variant.fields {
            Fields::Unnamed(fields) if fields.unnamed.len() == 1 => &fields.unnamed[0].ty,
            _ => {
                diagnostics.error(
                    variant.ident.span(),
                    format!(
                        "`{name}::{}` must hold one model of a variant of Atlas's `{}` ({}): write `{}(YourModel)`",
                        variant.ident,
                        schema.name,
                        variants.join(", "),
                        variant.ident
                    ),
                );
                continue;
            }
        };
        let message = format!(
            "`{name}::{}` holds `{}`, which must model one of the variants of Atlas's `{}`: {}",
            variant.ident,
            type_text(inner),
            schema.name,
            variants.join(", ")
        );
        let at_type = runtime.at(inner.span());
        checks.extend(quote_spanned! {inner.span()=>
            const _: () = #at_type::__private::expect_one_of(
                <#inner as #at_type::AtlasJson>::SHAPE, &[#(#variants),*], #message);
        });
        nested.push(inner.clone());
    }
    if !diagnostics.is_empty() {
        return None;
    }
    let schema_name = schema.name;
    Some(Parts {
        shape: quote!(#runtime::JsonShape::model(
            #runtime::JsonKind::Object,
            #schema_name,
        )),
        nested,
        checks,
        ..Parts::default()
    })
}
