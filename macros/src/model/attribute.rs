//! `#[atlas_model(Schema[.property][, crate = "path"])]` as written: what the type models, and
//! where the runtime crate is re-exported.

use crate::diag::Diagnostics;
use crate::runtime::{CRATE_EXAMPLE, Suggestion};
use proc_macro2::Span;
use syn::ext::IdentExt;
use syn::parse::ParseStream;
use syn::{DeriveInput, Ident, LitStr, Token};

/// The attribute's parts.
pub struct Attribute {
    /// The schema (`CloudDatabaseUser`) or JSON kind (`string`) named first.
    pub name: Ident,
    /// `.property`: the values of one property of the schema.
    pub property: Option<Ident>,
    /// `crate = "path"`, as written (checked by `runtime`).
    pub crate_path: Option<LitStr>,
}

impl Attribute {
    /// What it names, as written: `Schema` or `Schema.property`.
    pub fn target_text(&self) -> String {
        match &self.property {
            Some(property) => format!("{}.{property}", self.name),
            None => self.name.to_string(),
        }
    }

    /// The attribute as written with `crate = "…"` added, for the error that asks for it,
    /// which points at the attribute.
    pub fn with_crate(attribute: Option<&Self>) -> Suggestion {
        let (span, target) = attribute.map_or_else(
            || (Span::call_site(), "SchemaName".to_owned()),
            |attribute| (attribute.name.span(), attribute.target_text()),
        );
        Suggestion {
            span,
            attribute: format!("#[atlas_model({target}, {CRATE_EXAMPLE})]"),
        }
    }
}

/// Reads the type's `#[atlas_model(…)]`, reporting a missing, repeated or malformed one.
pub fn read(input: &DeriveInput, diagnostics: &mut Diagnostics) -> Option<Attribute> {
    let mut found = input
        .attrs
        .iter()
        .filter(|attr| attr.path().is_ident("atlas_model"));
    let Some(attr) = found.next() else {
        diagnostics.error(
            input.ident.span(),
            format!(
                "name the Atlas schema `{}` models: add `#[atlas_model(SchemaName)]` (the endpoint's rustdoc and errors name its schemas)",
                input.ident
            ),
        );
        return None;
    };
    if let Some(again) = found.next() {
        diagnostics.error(
            again
                .path()
                .get_ident()
                .map_or_else(Span::call_site, Ident::span),
            "`#[atlas_model]` is given twice",
        );
    }
    attr.parse_args_with(parse)
        .map_err(|error| diagnostics.push(error))
        .ok()
}

/// What the attribute can say first.
const TARGETS: &str = "expected `#[atlas_model(SchemaName)]`, `#[atlas_model(SchemaName.property)]` or `#[atlas_model(string)]` (or `integer`, `number`, `boolean`)";

fn parse(input: ParseStream<'_>) -> syn::Result<Attribute> {
    let target = |error: syn::Error| syn::Error::new(error.span(), TARGETS);
    let name: Ident = input.parse().map_err(target)?;
    let property = if input.peek(Token![.]) {
        input.parse::<Token![.]>()?;
        // Any identifier, keywords included (`DBRoleToExecute.type`), raw or not.
        Some(
            Ident::parse_any(input)
                .map(|ident| Ident::new(&ident.unraw().to_string(), ident.span()))
                .map_err(target)?,
        )
    } else {
        None
    };
    let crate_path = if input.is_empty() {
        None
    } else {
        Some(crate_flag(input)?)
    };
    Ok(Attribute {
        name,
        property,
        crate_path,
    })
}

/// What may follow the target.
const AFTER_TARGET: &str = "after the schema, `#[atlas_model]` takes only `crate = \"path::to::atlas_endpoint\"` (the runtime crate's path where a facade re-exports it)";

/// `, crate = "path"` after the target, with an optional trailing comma.
fn crate_flag(input: ParseStream<'_>) -> syn::Result<LitStr> {
    let expected = |error: syn::Error| syn::Error::new(error.span(), AFTER_TARGET);
    input.parse::<Token![,]>().map_err(expected)?;
    input.parse::<Token![crate]>().map_err(expected)?;
    input.parse::<Token![=]>().map_err(expected)?;
    let path = input.parse::<LitStr>().map_err(|error| {
        syn::Error::new(
            error.span(),
            format!("`crate` takes a string literal, e.g. `{CRATE_EXAMPLE}`"),
        )
    })?;
    input.parse::<Option<Token![,]>>()?;
    if !input.is_empty() {
        return Err(syn::Error::new(input.span(), AFTER_TARGET));
    }
    Ok(path)
}
