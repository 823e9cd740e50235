//! A struct modelling an object schema: every field's wire name must be a property of the
//! schema, and its type must fit the property.

use super::expected::{self, JsonKind};
use super::readable::{Read, items, read};
use super::serde_attrs::{Container, Member, RenameRule, member};
use super::{Found, Parts, Stop, stop};
use crate::diag::{Diagnostics, did_you_mean, type_text};
use crate::runtime::Runtime;
use atlas_endpoint_catalog::{Property, Schema};
use proc_macro2::TokenStream;
use quote::{ToTokens, quote, quote_spanned};
use syn::ext::IdentExt;
use syn::spanned::Spanned;
use syn::{DataStruct, Fields, Ident, Type};

/// The parts of a struct modelling `schema`; a field whose name does not conform is reported
/// (the other fields are still checked), `None` when the struct cannot model an object.
pub fn check(
    name: &Ident,
    data: &DataStruct,
    container: &Container,
    schema: &'static Schema,
    runtime: &Runtime,
    diagnostics: &mut Diagnostics,
) -> Option<Parts> {
    let Fields::Named(fields) = &data.fields else {
        diagnostics.error(
            name.span(),
            format!(
                "`{name}` models the object `{}`: give it named fields (a newtype sent as a scalar takes `#[atlas_model(string)]` or another kind)",
                schema.name
            ),
        );
        return None;
    };
    let mut model = FieldChecks::new(runtime);
    for field in &fields.named {
        let Some(ident) = &field.ident else { continue };
        let member = match member(&field.attrs) {
            Ok(member) => member,
            Err(error) => {
                diagnostics.push(error);
                continue;
            }
        };
        let field = Field {
            owner: name,
            ident,
            ty: &field.ty,
            member,
            container_default: container.default,
        };
        model.add(&field, schema, container, diagnostics);
    }
    Some(model.finish(name, schema))
}

/// One field of the struct, with its serde attributes.
struct Field<'a> {
    owner: &'a Ident,
    ident: &'a Ident,
    ty: &'a Type,
    member: Member,
    container_default: bool,
}

impl Field<'_> {
    /// Its type with every lifetime made `'static`, for checks outside the impl.
    fn static_ty(&self) -> TokenStream {
        let mut ty = self.ty.clone();
        StaticLifetimes.visit(&mut ty);
        ty.into_token_stream()
    }

    /// `Cluster.state_name`.
    fn label(&self) -> String {
        format!("`{}.{}`", self.owner, self.ident)
    }
}

/// Replaces every lifetime in a type with `'static`.
struct StaticLifetimes;

impl StaticLifetimes {
    fn visit(&self, ty: &mut Type) {
        match ty {
            Type::Reference(reference) => {
                reference.lifetime = Some(syn::Lifetime::new("'static", reference.and_token.span));
                self.visit(&mut reference.elem);
            }
            Type::Path(path) => {
                for segment in &mut path.path.segments {
                    if let syn::PathArguments::AngleBracketed(args) = &mut segment.arguments {
                        for arg in &mut args.args {
                            match arg {
                                syn::GenericArgument::Lifetime(lifetime) => {
                                    *lifetime = syn::Lifetime::new("'static", lifetime.span());
                                }
                                syn::GenericArgument::Type(inner) => self.visit(inner),
                                _ => {}
                            }
                        }
                    }
                }
            }
            Type::Slice(slice) => self.visit(&mut slice.elem),
            Type::Array(array) => self.visit(&mut array.elem),
            Type::Paren(paren) => self.visit(&mut paren.elem),
            _ => {}
        }
    }
}

/// What the fields of a struct add up to.
struct FieldChecks<'a> {
    runtime: &'a Runtime,
    checks: TokenStream,
    own: Found,
    nested: Vec<Type>,
    /// The wire names the struct sends.
    sent: Vec<String>,
    /// A `#[serde(flatten)]` field sends names this derive cannot see.
    flattened: bool,
}

impl<'a> FieldChecks<'a> {
    fn new(runtime: &'a Runtime) -> Self {
        Self {
            runtime,
            checks: TokenStream::new(),
            own: Found::default(),
            nested: Vec::new(),
            sent: Vec::new(),
            flattened: false,
        }
    }

    fn add(
        &mut self,
        field: &Field<'_>,
        schema: &'static Schema,
        container: &Container,
        diagnostics: &mut Diagnostics,
    ) {
        let member = &field.member;
        if member.skip_serializing && member.skip_deserializing {
            return;
        }
        let ty = field.ty;
        let static_ty = field.static_ty();
        let runtime = self.runtime;
        let at_type = runtime.at(ty.span());
        if member.flatten {
            self.flattened = true;
            let expected = expected::tokens(JsonKind::Object, JsonKind::None, "", runtime);
            let message = format!(
                "{} is flattened into `{}`: its type must be a model of (part of) it or a map; `{}` is not an object",
                field.label(),
                schema.name,
                type_text(ty)
            );
            self.checks.extend(quote_spanned! {ty.span()=>
                const _: () = if !#at_type::fits(
                    <#static_ty as #at_type::AtlasJson>::SHAPE, #expected) {
                    ::core::panic!("{}", #message);
                };
            });
            self.nested(field);
            return;
        }
        let rust = field.ident.unraw().to_string();
        let names = member.wire_names(&rust, &container.rename_all, RenameRule::field);
        let find = |wire: &str| schema.properties.iter().find(|prop| prop.name == wire);
        let sends = !member.skip_serializing;
        let reads = !member.skip_deserializing;
        // The property a body sends it as, and the one an answer is read from (its first read
        // name, or alias, that is a property).
        let sent = find(&names.sent);
        let read_from = names.read.iter().find_map(|wire| find(wire));
        let (sent, read_from) = if names.single() || !sends || !reads {
            // One name matters: a wrong one is wrong wherever the model is used.
            let (wire, property) = if sends {
                (&names.sent, sent)
            } else {
                (&names.read[0], read_from)
            };
            let Some(property) = property else {
                diagnostics.error(
                    field.ident.span(),
                    unknown_property(field, wire, "sent as", schema),
                );
                return;
            };
            (sends.then_some(property), reads.then_some(property))
        } else {
            // Names kept apart by direction: each matters only where the model is used so.
            if sent.is_none() && read_from.is_none() {
                diagnostics.error(
                    field.ident.span(),
                    unknown_property(field, &names.sent, "sent as", schema),
                );
                return;
            }
            if sent.is_none() {
                let message = unknown_property(field, &names.sent, "sent as", schema);
                self.own.body.push(stop(field.ident.span(), &message));
            }
            if read_from.is_none() {
                let message = unknown_property(field, &names.read[0], "read as", schema);
                let message = match &names.read[1..] {
                    [] => message,
                    aliases => format!(
                        "{message} (nor are its aliases: `{}`)",
                        aliases.join("`, `")
                    ),
                };
                self.own.answer.push(stop(field.ident.span(), &message));
            }
            (sent, read_from)
        };
        let mut checked: Vec<&Property> = Vec::new();
        for property in sent.into_iter().chain(read_from) {
            if !checked.iter().any(|seen| seen.name == property.name) {
                checked.push(property);
                self.check_type(field, schema, property, diagnostics);
            }
        }
        if let Some(property) = read_from {
            self.answer_rule(field, property, schema, read(ty));
        }
        if let Some(property) = sent {
            self.sent.push(names.sent.clone());
            if property.read_only && !member.skip_serializing_if {
                let message = format!(
                    "{} is Atlas's `{}.{}`, which is read-only: Atlas refuses it in a request body; add `#[serde(skip_serializing)]` (or make it an `Option` with `#[serde(skip_serializing_if = \"Option::is_none\")]`), or leave it out of the body's model",
                    field.label(),
                    schema.name,
                    property.name
                );
                self.own.body.push(stop(field.ident.span(), &message));
            }
        }
        self.nested(field);
    }

    /// The field's type must fit the property's JSON type: checked here when the type is one
    /// this derive can read, else by the compiler through the type's `AtlasJson` shape.
    fn check_type(
        &mut self,
        field: &Field<'_>,
        schema: &Schema,
        property: &Property,
        diagnostics: &mut Diagnostics,
    ) {
        let ty = field.ty;
        let static_ty = field.static_ty();
        let runtime = self.runtime;
        let at_type = runtime.at(ty.span());
        let values_schema = format!("{}.{}", schema.name, property.name);
        let expectation = expected::of(property.ty, property.values, &values_schema);
        let expected = expectation.tokens(runtime);
        let message = format!(
            "{} is Atlas's `{}.{}`, {}: its type `{}` does not fit; use {}",
            field.label(),
            schema.name,
            property.name,
            expectation.description,
            type_text(ty),
            expectation.fix
        );
        match read(ty) {
            Some(have) if !expectation.admits(have.kind, have.item) => {
                diagnostics.error(ty.span(), message);
            }
            Some(_) => {}
            None => self.checks.extend(quote_spanned! {ty.span()=>
                const _: () = if !#at_type::fits(
                    <#static_ty as #at_type::AtlasJson>::SHAPE, #expected) {
                    ::core::panic!("{}", #message);
                };
            }),
        }
    }

    /// A field Atlas may leave out of its answers must be `Option` or defaulted.
    fn answer_rule(
        &mut self,
        field: &Field<'_>,
        property: &Property,
        schema: &Schema,
        read: Option<Read>,
    ) {
        let member = &field.member;
        let always_sent = property.required && !property.write_only;
        if always_sent || member.default || field.container_default || member.skip_deserializing {
            return;
        }
        let why = if property.write_only {
            "is write-only: Atlas never sends it back"
        } else {
            "is not required: Atlas may leave it out of its answers"
        };
        let message = format!(
            "{} is Atlas's `{}.{}`, which {why}; make it an `Option<…>` or add `#[serde(default)]`",
            field.label(),
            schema.name,
            property.name
        );
        let ty = field.ty;
        let runtime = self.runtime;
        let at_field = field.ident.span();
        self.own.answer.push(match read {
            Some(read) if read.optional => return,
            Some(_) => stop(at_field, &message),
            None => Stop {
                when: Some(quote!(!<#ty as #runtime::AtlasJson>::SHAPE.optional)),
                ..stop(at_field, &message)
            },
        });
    }

    /// The problems of the models nested in a field carry over (one level deeper), unless the
    /// field is neither sent nor read.
    fn nested(&mut self, field: &Field<'_>) {
        let unused = field.member.skip_deserializing && field.member.skip_serializing;
        if read(field.ty).is_none() && !unused {
            self.nested.push(items(field.ty).clone());
        }
    }

    fn finish(mut self, name: &Ident, schema: &'static Schema) -> Parts {
        let missing: Vec<String> = schema
            .properties
            .iter()
            .filter(|prop| prop.required && !prop.read_only)
            .filter(|prop| !self.sent.iter().any(|sent| sent == prop.name))
            .map(|prop| format!("`{}`", prop.name))
            .collect();
        if !missing.is_empty() && !self.flattened {
            let message = format!(
                "a `{}` body of a POST or PUT must carry every property Atlas requires: `{name}` has no field for {}; add them (other properties may stay out)",
                schema.name,
                missing.join(", ")
            );
            self.own.create.push(stop(name.span(), &message));
        }
        let schema_name = schema.name;
        let runtime = self.runtime;
        Parts {
            shape: quote!(#runtime::JsonShape::model(
                #runtime::JsonKind::Object,
                #schema_name,
            )),
            own: self.own,
            nested: self.nested,
            checks: self.checks,
        }
    }
}

/// Why a field's wire name is not a property, with the exact fix.
fn unknown_property(field: &Field<'_>, wire: &str, verb: &str, schema: &Schema) -> String {
    let names = schema.properties.iter().map(|prop| prop.name);
    let sent = if field.ident.unraw() == wire {
        String::new()
    } else {
        format!(" is {verb} `{wire}`, which")
    };
    let head = format!(
        "{}{sent} is not a property of Atlas's `{}`",
        field.label(),
        schema.name
    );
    if let Some(exact) = schema
        .properties
        .iter()
        .find(|prop| prop.name.eq_ignore_ascii_case(wire))
    {
        return format!(
            "{head}; Atlas spells it `{}`: add `#[serde(rename = \"{}\")]`",
            exact.name, exact.name
        );
    }
    match did_you_mean(wire, names) {
        Some(near) => format!(
            "{head}; did you mean `{near}`? add `#[serde(rename = \"{near}\")]` or rename the field"
        ),
        None => {
            let mut all: Vec<&str> = schema.properties.iter().map(|prop| prop.name).collect();
            all.truncate(12);
            let more = if schema.properties.len() > all.len() {
                ", …"
            } else {
                ""
            };
            format!("{head} (it has: {}{more})", all.join(", "))
        }
    }
}
