//! Code generation: a static description of the endpoint, a request builder and the function.
//! The generated code only describes; all behaviour lives in the runtime crate.

use crate::catalog::Media;
use crate::runtime::Runtime;
use crate::signature::{CheckedSignature, Declaration, Param, Returns, Role};
use crate::template::Piece;
use crate::validate::Validated;
use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{FnArg, Signature};

/// The valid expansion: the function, plus a type of the same name (types and functions live in
/// different namespaces) holding `ENDPOINT` and `request`. A type rather than a module keeps
/// the user's imports in scope, so declarations also work inside function bodies.
pub fn endpoint(
    declaration: &Declaration,
    signature: &CheckedSignature,
    model: &Validated,
    runtime: &Runtime,
) -> TokenStream {
    let Declaration {
        attrs, vis, sig, ..
    } = declaration;
    let name = &sig.ident;
    let client = signature
        .client
        .as_ref()
        .expect("a valid declaration has a client");
    let cfgs: Vec<_> = attrs
        .iter()
        .filter(|attr| attr.path().is_ident("cfg"))
        .collect();
    // Lint levels the user set on the declaration hold for its request builder too (it has
    // the same parameters: `#[allow(clippy::too_many_arguments)]` must reach it).
    let lints: Vec<_> = attrs
        .iter()
        .filter(|attr| {
            ["allow", "expect", "warn", "deny", "forbid"]
                .iter()
                .any(|level| attr.path().is_ident(level))
        })
        .collect();
    let facts = &model.facts;
    let deprecated = facts
        .deprecated
        .as_ref()
        .map(|note| quote!(#[deprecated(note = #note)]));
    let description = description(name, model, runtime);
    let mut doc = vec![format!(
        " **Atlas endpoint:** `{} /api/atlas/v2{}` (resource version `{}`); `{name}::ENDPOINT` describes it and `{name}::request(…)` builds its request without sending it.",
        model.method,
        model.template.atlas_path(),
        facts.version
    )];
    doc.extend(facts.doc.iter().map(|line| format!(" {line}")));
    doc.extend(wire_names_doc(signature));
    let module_doc = format!(
        " The Atlas endpoint behind [`{name}()`](fn@{name}): `{name}::ENDPOINT` describes it and `{name}::request(…)` builds its request without sending it."
    );
    let inputs = &sig.inputs;
    let arguments = sig.inputs.iter().filter_map(|input| match input {
        FnArg::Typed(typed) => Some(&typed.pat),
        FnArg::Receiver(_) => None,
    });
    let build = build_request(client, signature, model, runtime);
    let typed = (!model.typed.is_empty()).then(|| {
        let checks = &model.typed;
        quote!(#(#cfgs)* #checks)
    });
    let streamed = signature
        .success
        .as_ref()
        .is_some_and(crate::signature::is_byte_stream);
    let call = if streamed {
        quote!(#runtime::client(#client).download(request).await)
    } else {
        let decode = match model.returns {
            Returns::Unit => quote!(.into_unit()),
            Returns::Raw => quote!(.into_bytes().map(::core::convert::Into::into)),
            Returns::Json => quote!(.into_json()),
        };
        quote!(#runtime::client(#client).send(request).await? #decode)
    };
    quote! {
        #(#attrs)*
        #[doc = ""]
        #(#[doc = #doc])*
        #deprecated
        #vis #sig {
            #[allow(deprecated)]
            let request = #name::request(#(#arguments),*)?;
            #call
        }

        #(#cfgs)*
        #[doc = #module_doc]
        #[doc(hidden)]
        #[allow(non_camel_case_types)]
        #vis struct #name {}

        #(#cfgs)*
        #runtime::register!(&#name::ENDPOINT);

        #(#cfgs)*
        impl #name {
            /// What Atlas serves at this endpoint.
            pub const ENDPOINT: #runtime::Endpoint = #description;

            /// Builds the request, validating and encoding every argument, without sending it.
            #deprecated
            #(#lints)*
            pub fn request(#inputs) -> #runtime::Result<#runtime::Request> {
                #build
            }
        }

        #typed
    }
}

/// Rustdoc lines naming where each non-path parameter goes on the wire, since rustdoc shows
/// the signature without its `#[query("…")]` and `#[header("…")]` markers.
fn wire_names_doc(signature: &CheckedSignature) -> Vec<String> {
    let items: Vec<String> = signature
        .params
        .iter()
        .filter_map(|param| {
            let place = match &param.role {
                Role::Path => return None,
                Role::Query(name) => format!("query parameter `{name}`"),
                Role::Header(name) => format!("header `{name}`"),
                Role::Body => "the JSON request body".to_owned(),
            };
            Some(format!(" - `{}`: {place}", param.name()))
        })
        .collect();
    if items.is_empty() {
        return items;
    }
    [
        String::new(),
        " Parameters sent outside the path:".to_owned(),
        String::new(),
    ]
    .into_iter()
    .chain(items)
    .collect()
}

/// The `Endpoint { … }` literal.
fn description(name: &syn::Ident, model: &Validated, runtime: &Runtime) -> TokenStream {
    let operation = &model.facts.operation;
    let method = syn::Ident::new(model.method.as_str(), name.span());
    let template = model.template.to_string();
    let mut placeholder = 0usize;
    // The API root `/` is `/api/atlas/v2` itself, without a trailing slash.
    let root = template == "/";
    let pieces = model
        .template
        .pieces
        .iter()
        .filter(|_| !root)
        .map(|piece| match piece {
            Piece::Literal(text) => quote!(#runtime::Piece::Literal(#text)),
            Piece::Placeholder(_) => {
                placeholder += 1;
                let index = placeholder - 1;
                quote!(#runtime::Piece::Param(#index))
            }
        });
    let params = model.path_params.iter().map(|param| {
        let name = &param.name;
        let pattern = match param.pattern {
            Some(pattern) => quote!(::core::option::Option::Some(#pattern)),
            None => quote!(::core::option::Option::None),
        };
        quote!(#runtime::PathParam { name: #name, pattern: #pattern })
    });
    let version = &model.facts.version;
    let media = syn::Ident::new(
        match model.facts.media {
            Media::Csv => "Csv",
            Media::Gzip => "Gzip",
            Media::Json => "Json",
        },
        name.span(),
    );
    let deprecation = match &model.facts.deprecated {
        Some(note) => quote!(::core::option::Option::Some(#note)),
        None => quote!(::core::option::Option::None),
    };
    let catalogued = match model.facts.catalogued {
        Some((operation, declared)) => {
            let some = |value: Option<&str>| match value {
                Some(value) => quote!(::core::option::Option::Some(#value)),
                None => quote!(::core::option::Option::None),
            };
            let former_id = some(operation.former_id);
            let roles = operation.roles;
            let sunset = some(declared.sunset);
            let newest = operation
                .newest_stable()
                .map_or(declared.version, |newest| newest.version);
            let docs_url = some(operation.docs_url);
            quote!(#runtime::catalogued!(#runtime::Catalogued {
                former_id: #former_id,
                roles: &[#(#roles),*],
                sunset: #sunset,
                newest_version: #newest,
                docs_url: #docs_url,
            }))
        }
        None => quote!(::core::option::Option::None),
    };
    let function = name.to_string();
    quote! {
        #runtime::Endpoint {
            operation: #operation,
            module: ::core::module_path!(),
            function: #function,
            method: #runtime::Method::#method,
            template: #template,
            pieces: &[#(#pieces),*],
            params: &[#(#params),*],
            version: #version,
            media: #runtime::Media::#media,
            deprecation: #deprecation,
            catalogued: #catalogued,
        }
    }
}

/// `client.prepare(&ENDPOINT).path(…).query(…).header(…).json(…).build()`, with each argument
/// passed through a shim spanned at the parameter's type so trait errors point there.
fn build_request(
    client: &syn::Ident,
    signature: &CheckedSignature,
    model: &Validated,
    runtime: &Runtime,
) -> TokenStream {
    let path = model.path_params.iter().map(|bound| {
        let param = &signature.params[bound.param];
        let ident = &param.ident;
        let span = param.ty.span();
        let runtime = runtime.at(span);
        quote_spanned!(span=> #runtime::path_arg(&#ident))
    });
    let rest = signature
        .params
        .iter()
        .filter_map(|param| marker_call(param, runtime));
    quote! {
        #runtime::client(#client)
            .prepare(&Self::ENDPOINT)
            .path(&[#(#path),*])
            #(#rest)*
            .build()
    }
}

fn marker_call(param: &Param, runtime: &Runtime) -> Option<TokenStream> {
    let ident = &param.ident;
    let span = param.ty.span();
    let runtime = runtime.at(span);
    Some(match &param.role {
        Role::Path => return None,
        Role::Query(name) => {
            quote_spanned!(span=> .query(#name, #runtime::query_arg(&#ident)))
        }
        Role::Header(name) => {
            quote_spanned!(span=> .header(#name, #runtime::header_arg(&#ident)))
        }
        Role::Body => quote_spanned!(span=> .json(#runtime::body_arg(&#ident))),
    })
}

/// The expansion for an invalid declaration: the errors, plus a function with the same
/// signature so that call sites don't add "cannot find function" errors of their own.
pub fn stub(declaration: &Declaration, errors: TokenStream) -> TokenStream {
    let Declaration {
        attrs, vis, sig, ..
    } = declaration;
    let mut sig: Signature = sig.clone();
    sig.inputs = sig
        .inputs
        .into_iter()
        .filter(|input| matches!(input, FnArg::Typed(_)))
        .collect();
    quote! {
        #errors
        #(#attrs)*
        #[allow(unused_variables, clippy::diverging_sub_expression)]
        #vis #sig {
            ::core::unreachable!("this endpoint declaration did not compile")
        }
    }
}
