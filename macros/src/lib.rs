//! The `#[atlas_endpoint]` attribute and `#[derive(AtlasModel)]`. Use them through the
//! `atlas-endpoint` crate, which re-exports them and provides the runtime the generated code
//! calls.

mod args;
mod catalog;
mod conform;
mod diag;
mod expand;
mod model;
mod signature;
mod template;
mod typed;
mod validate;

use proc_macro::TokenStream;

/// Turns a bodiless `async fn` signature into a checked call of a MongoDB Atlas
/// Administration API v2 endpoint. See the `atlas-endpoint` crate for the full reference.
#[proc_macro_attribute]
pub fn atlas_endpoint(attr: TokenStream, item: TokenStream) -> TokenStream {
    expand(attr.into(), item.into()).into()
}

/// Declares a serde type a model of one Atlas schema (`#[atlas_model(CloudDatabaseUser)]`) and
/// checks every field against it at compile time. See the `atlas-endpoint` crate.
#[proc_macro_derive(AtlasModel, attributes(atlas_model))]
pub fn atlas_model(input: TokenStream) -> TokenStream {
    model::derive(input.into()).into()
}

/// The whole macro on `proc_macro2` tokens, so it can be tested and snapshotted.
fn expand(
    attr: proc_macro2::TokenStream,
    item: proc_macro2::TokenStream,
) -> proc_macro2::TokenStream {
    let mut declaration: signature::Declaration = match syn::parse2(item) {
        Ok(declaration) => declaration,
        Err(error) => return error.to_compile_error(),
    };
    let mut diagnostics = diag::Diagnostics::default();
    let args = args::parse(attr, &mut diagnostics);
    let shape = signature::analyse(&mut declaration, &mut diagnostics);
    let name = declaration.sig.ident.to_string();
    match validate::validate(&args, &shape, &name, &mut diagnostics) {
        Some(model) if diagnostics.is_empty() => expand::endpoint(&declaration, &shape, &model),
        _ => expand::stub(&declaration, diagnostics.to_compile_errors()),
    }
}

#[cfg(test)]
mod snapshots;
