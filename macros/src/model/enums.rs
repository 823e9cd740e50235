//! An enum modelling Atlas values: a string enum (each variant's wire name must be one of
//! Atlas's values) or a union (each variant holds a model of one of the union's variants).

use super::Parts;
use super::serde_attrs::{Container, Directions, RenameRule, member};
use crate::diag::{Diagnostics, did_you_mean, type_text};
use crate::runtime::Runtime;
use atlas_endpoint_catalog::{Schema, SchemaShape};
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
        SchemaShape::Enum => values(
            name,
            data,
            container,
            schema.name,
            schema.values,
            runtime,
            diagnostics,
        ),
        SchemaShape::Union => union(name, data, schema, runtime, diagnostics),
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
/// a unit whose wire name Atlas accepts, except one optional catch-all for values Atlas adds
/// later: a unit variant marked `#[serde(other)]`, or a newtype variant holding the value,
/// marked `#[serde(untagged)]`.
pub fn values(
    name: &Ident,
    data: &DataEnum,
    container: &Container,
    label: &str,
    allowed: &[&str],
    runtime: &Runtime,
    diagnostics: &mut Diagnostics,
) -> Option<Parts> {
    let mut catch_all: Option<&Ident> = None;
    let mut body_problems = Vec::new();
    let mut answer_problems = Vec::new();
    // Variants checked by their wire name: (variant, its Rust name, its wire name, renamed).
    let mut named: Vec<(&Ident, String, String, bool)> = Vec::new();
    for variant in &data.variants {
        let member = match member(&variant.attrs) {
            Ok(member) => member,
            Err(error) => {
                diagnostics.push(error);
                continue;
            }
        };
        if member.other || member.untagged {
            if let Some(first) = catch_all {
                diagnostics.error(
                    variant.ident.span(),
                    format!("`{name}` already has a catch-all variant, `{first}`: keep one"),
                );
                continue;
            }
            catch_all = Some(&variant.ident);
            if let Some(problem) = catch_all_problem(name, variant, &member, label) {
                match problem {
                    CatchAll::Invalid(message) => diagnostics.error(variant.ident.span(), message),
                    CatchAll::AnswerOnly(message) => {
                        body_problems.push(super::stop(variant.ident.span(), &message));
                    }
                }
            }
            continue;
        }
        if !matches!(variant.fields, Fields::Unit) {
            diagnostics.error(
                variant.ident.span(),
                format!(
                    "`{name}::{}` models one of Atlas's `{label}` values: it cannot hold data (a catch-all for values Atlas adds later may: `#[serde(untagged)] {}(String)`)",
                    variant.ident, variant.ident
                ),
            );
            continue;
        }
        let ident = variant.ident.to_string();
        let renamed = member.rename != Directions::default();
        let names = member.wire_names(&ident, &container.rename_all, RenameRule::variant);
        let (sends, reads) = (!member.skip_serializing, !member.skip_deserializing);
        if names.single() || !sends || !reads {
            let wire = if sends {
                names.sent
            } else {
                names.read[0].clone()
            };
            named.push((&variant.ident, ident, wire, renamed));
            continue;
        }
        // Names kept apart by direction: each matters only where the enum is used so.
        let fits = |wire: &String| allowed.contains(&wire.as_str());
        let not_a_value = |on_wire: &str| {
            format!(
                "`{name}::{ident}` is {on_wire}, which is not one of Atlas's `{label}` values (Atlas's values: {})",
                allowed.join(", ")
            )
        };
        if !fits(&names.sent) {
            let message = not_a_value(&format!("sent as `{}`", names.sent));
            body_problems.push(super::stop(variant.ident.span(), &message));
        }
        if !names.read.iter().any(fits) {
            let message = not_a_value(&format!("read as `{}`", names.read.join("` or `")));
            answer_problems.push(super::stop(variant.ident.span(), &message));
        }
    }
    let wrong: Vec<_> = named
        .iter()
        .filter(|(_, _, wire, _)| !allowed.contains(&wire.as_str()))
        .collect();
    match fitting_rule(&named, allowed) {
        Some(rule) if wrong.len() > 1 => diagnostics.error(
            name.span(),
            format!(
                "the variants of `{name}` are not Atlas's `{label}` values as written{}: `#[serde(rename_all = \"{rule}\")]` makes them all fit",
                if container.rename_all == Directions::default() { "" } else { " with this `rename_all`" }
            ),
        ),
        _ => {
            for (variant, ident, wire, _) in wrong {
                let on_wire = if wire == ident {
                    String::new()
                } else {
                    format!(" is `{wire}` on the wire, which")
                };
                let fix = match did_you_mean(wire, allowed.iter().copied()) {
                    Some(near) => {
                        format!("; did you mean `{near}`? add `#[serde(rename = \"{near}\")]`")
                    }
                    None => format!(" (Atlas's values: {})", allowed.join(", ")),
                };
                diagnostics.error(
                    variant.span(),
                    format!("`{name}::{ident}`{on_wire} is not one of Atlas's `{label}` values{fix}"),
                );
            }
        }
    }
    if !diagnostics.is_empty() {
        return None;
    }
    let own = super::Found {
        body: body_problems,
        answer: answer_problems,
        ..super::Found::default()
    };
    Some(Parts {
        shape: quote!(#runtime::JsonShape::model(
            #runtime::JsonKind::String,
            #label,
        )),
        own,
        ..Parts::default()
    })
}

/// What is wrong with a catch-all variant, if anything.
enum CatchAll {
    /// It cannot work: a compile error.
    Invalid(String),
    /// It works in answers only: the enum cannot be sent in a body.
    AnswerOnly(String),
}

fn catch_all_problem(
    name: &Ident,
    variant: &syn::Variant,
    member: &super::serde_attrs::Member,
    label: &str,
) -> Option<CatchAll> {
    let ident = &variant.ident;
    if member.other {
        if !matches!(variant.fields, Fields::Unit) {
            return Some(CatchAll::Invalid(format!(
                "`#[serde(other)]` goes on a unit variant (`{ident},`); to keep the unknown value, write `#[serde(untagged)] {ident}(String)`"
            )));
        }
        return (!member.skip_serializing).then(|| {
            CatchAll::AnswerOnly(format!(
                "`{name}::{ident}` is `#[serde(other)]` and would be sent as `{ident}`, which is not one of Atlas's `{label}` values: add `skip_serializing` to it (`#[serde(other, skip_serializing)]`), or do not send `{name}` in a body"
            ))
        });
    }
    let holds_string = match &variant.fields {
        Fields::Unnamed(fields) if fields.unnamed.len() == 1 => {
            type_text(&fields.unnamed[0].ty) == "String"
        }
        _ => false,
    };
    (!holds_string).then(|| {
        CatchAll::Invalid(format!(
            "a `#[serde(untagged)]` catch-all keeps the unknown value: write `#[serde(untagged)] {ident}(String)`"
        ))
    })
}

/// The `rename_all` rule under which every variant not renamed one by one is one of `allowed`,
/// when one is (and more than one variant needed it).
fn fitting_rule(
    named: &[(&Ident, String, String, bool)],
    allowed: &[&str],
) -> Option<&'static str> {
    let free: Vec<&String> = named
        .iter()
        .filter(|(_, _, _, renamed)| !renamed)
        .map(|(_, ident, _, _)| ident)
        .collect();
    if free.is_empty() {
        return None;
    }
    RenameRule::ALL
        .iter()
        .find(|(rule, _)| {
            free.iter()
                .all(|ident| allowed.contains(&rule.variant(ident).as_str()))
        })
        .map(|(_, text)| *text)
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
            const _: () = if !#at_type::one_of(
                <#inner as #at_type::AtlasJson>::SHAPE.schema, &[#(#variants),*]) {
                ::core::panic!("{}", #message);
            };
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
