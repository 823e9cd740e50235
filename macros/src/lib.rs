//! The `#[atlas_endpoint]` attribute and `#[derive(AtlasModel)]`. Use them through the
//! `atlas-endpoint` crate, which re-exports them and provides the runtime the generated code
//! calls.

mod args;
mod catalog;
mod conform;
mod diag;
mod expand;
mod manifest;
mod model;
mod runtime;
mod signature;
mod template;
mod typed;
mod validate;

use proc_macro::TokenStream;

/// Turns a bodiless `async fn` signature into a checked call of a MongoDB Atlas
/// Administration API v2 endpoint. See the `atlas-endpoint` crate for the full reference.
#[proc_macro_attribute]
pub fn atlas_endpoint(attr: TokenStream, item: TokenStream) -> TokenStream {
    expand(attr.into(), item.into(), runtime::manifest).into()
}

/// Declares a serde type a model of one Atlas schema (`#[atlas_model(CloudDatabaseUser)]`) and
/// checks every field against it at compile time. Where the `atlas-endpoint` crate is reached
/// through a facade that re-exports it, name that path: `#[atlas_model(CloudDatabaseUser, crate
/// = "facade::atlas_endpoint")]`. See the `atlas-endpoint` crate.
#[proc_macro_derive(AtlasModel, attributes(atlas_model))]
pub fn atlas_model(input: TokenStream) -> TokenStream {
    model::derive(input.into(), runtime::manifest).into()
}

/// The whole macro on `proc_macro2` tokens, so it can be tested and snapshotted; `lookup` finds
/// the runtime crate when the attribute does not name it.
fn expand(
    attr: proc_macro2::TokenStream,
    item: proc_macro2::TokenStream,
    lookup: runtime::Lookup,
) -> proc_macro2::TokenStream {
    let mut declaration: signature::Declaration = match syn::parse2(item) {
        Ok(declaration) => declaration,
        Err(error) => return error.to_compile_error(),
    };
    let mut diagnostics = diag::Diagnostics::default();
    let args = diagnostics.stage(|stage| args::parse(attr, stage));
    let signature = diagnostics.stage(|stage| signature::analyse(&mut declaration, stage));
    let inputs_clean = args.clean && signature.clean;
    let (args, signature) = (args.value, signature.value);
    let runtime =
        match runtime::Runtime::resolve(args.crate_path.as_ref(), lookup, args.with_crate()) {
            Ok(runtime) => runtime,
            Err(error) => {
                diagnostics.push(error);
                return expand::stub(&declaration, diagnostics.to_compile_errors());
            }
        };
    let name = declaration.sig.ident.to_string();
    match validate::validate(
        &args,
        &signature,
        inputs_clean,
        &name,
        &runtime,
        &mut diagnostics,
    ) {
        // Every error reaches the user, whichever stage reported it.
        Some(model) if diagnostics.is_empty() => {
            expand::endpoint(&declaration, &signature, &model, &runtime)
        }
        _ => expand::stub(&declaration, diagnostics.to_compile_errors()),
    }
}

#[cfg(test)]
mod snapshots;
