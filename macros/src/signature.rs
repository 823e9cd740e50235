//! The annotated item: a bodiless `async fn` signature, and the roles of its parameters.

use crate::diag::{Diagnostics, SpanRange, suggestion};
use crate::template::camel_case;
use proc_macro2::Span;
use quote::ToTokens;
use syn::parse::{Parse, ParseStream};
use syn::spanned::Spanned;
use syn::{
    Attribute, Block, FnArg, Ident, LitStr, Pat, ReturnType, Signature, Token, Type, Visibility,
};

/// The item as written, before any check.
pub struct Declaration {
    pub attrs: Vec<Attribute>,
    pub vis: Visibility,
    pub sig: Signature,
    pub body: Option<Block>,
}

impl Parse for Declaration {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let attrs = input.call(Attribute::parse_outer)?;
        let vis = input.parse()?;
        let sig = input.parse()?;
        let body = if input.peek(syn::token::Brace) {
            Some(input.parse()?)
        } else {
            input.parse::<Token![;]>()?;
            None
        };
        Ok(Self {
            attrs,
            vis,
            sig,
            body,
        })
    }
}

/// What a parameter after the client stands for.
#[derive(Clone, PartialEq, Eq)]
pub enum Role {
    /// Unmarked: must match a placeholder.
    Path,
    Query(String),
    Body,
    Header(String),
}

/// One parameter after the client.
pub struct Param {
    pub ident: Ident,
    pub ty: Type,
    pub role: Role,
    /// The whole parameter from its marker to its type, or its name when unmarked.
    pub span: SpanRange,
}

impl Param {
    /// The name without a raw-identifier prefix.
    pub fn name(&self) -> String {
        self.ident.to_string().trim_start_matches("r#").to_owned()
    }
}

/// How the response is decoded, decided by the return type.
#[derive(Clone, Copy)]
pub enum Returns {
    /// `Result<()>`: no content expected.
    Unit,
    /// `Result<Vec<u8>>` or `Result<Bytes>`: the raw csv/gzip body; or `Result<ByteStream>`,
    /// the same body streamed as it arrives.
    Raw,
    /// `Result<T>`: JSON into `T`.
    Json,
}

/// The checked signature: the client, the other parameters and the decoding.
pub struct CheckedSignature {
    pub client: Option<Ident>,
    pub params: Vec<Param>,
    pub returns: Option<Returns>,
    /// The `T` of `Result<T>`, when the return type is well formed.
    pub success: Option<Type>,
}

/// Attributes this macro gives meaning to on parameters.
const PARAM_ATTRIBUTES: [&str; 3] = ["query", "body", "header"];

/// Checks the signature, removes the parameter markers from it and returns what it declares.
pub fn analyse(declaration: &mut Declaration, diagnostics: &mut Diagnostics) -> CheckedSignature {
    let sig = &mut declaration.sig;
    if let Some(body) = &declaration.body {
        diagnostics.error(
            body.span(),
            "an #[atlas_endpoint] function has no body: end the signature with `;` and the macro writes the request code",
        );
    }
    if sig.asyncness.is_none() {
        diagnostics.error(
            sig.fn_token.span,
            format!(
                "`{}` must be `async fn`: endpoint functions send a request and are awaited",
                sig.ident
            ),
        );
    }
    if let Some(constness) = &sig.constness {
        diagnostics.error(
            constness.span,
            "an #[atlas_endpoint] function cannot be `const`",
        );
    }
    if let syn::Safety::Unsafe(unsafety) = &sig.safety {
        diagnostics.error(
            unsafety.span,
            "an #[atlas_endpoint] function cannot be `unsafe`",
        );
    }
    if let Some(abi) = &sig.abi {
        diagnostics.error(
            abi.span(),
            "an #[atlas_endpoint] function cannot have an `extern` ABI",
        );
    }
    if let Some(variadic) = &sig.variadic {
        diagnostics.error(
            variadic.span(),
            "an #[atlas_endpoint] function cannot be variadic",
        );
    }
    if !sig.generics.params.is_empty() || sig.generics.where_clause.is_some() {
        diagnostics.error(
            sig.generics.span(),
            format!("`{}` cannot have generic parameters: use concrete types (`&str`, `String`, your request struct) so the endpoint has one fixed shape", sig.ident),
        );
    }
    let success = success_type(&sig.output);
    let returns = analyse_return(&sig.output, &sig.ident, diagnostics);
    let mut client = None;
    let mut params = Vec::new();
    for input in sig.inputs.iter_mut() {
        match input {
            FnArg::Receiver(receiver) => diagnostics.error(
                receiver.span(),
                "an #[atlas_endpoint] function is a free function: remove `self` and take the client as the first parameter, `client: &Client`",
            ),
            FnArg::Typed(typed) => {
                let Ok(role) = take_role(&mut typed.attrs, diagnostics) else {
                    // The marker itself is wrong and already reported; checking the
                    // parameter further would only repeat that error.
                    continue;
                };
                let Pat::Ident(pat) = &*typed.pat else {
                    diagnostics.error(typed.pat.span(), "endpoint parameters must be plain names, e.g. `org_id: &str`");
                    continue;
                };
                if pat.by_ref.is_some() || pat.subpat.is_some() {
                    diagnostics.error(typed.pat.span(), "endpoint parameters must be plain names, e.g. `org_id: &str`");
                    continue;
                }
                if client.is_none() {
                    if let Some((_, span)) = &role {
                        diagnostics.error(*span, "the first parameter is the client (`client: &Client`) and takes no marker");
                    } else if !matches!(&*typed.ty, Type::Reference(_)) {
                        diagnostics.error(
                            typed.ty.span(),
                            "the first parameter must be the client, taken by reference: `client: &Client`",
                        );
                    }
                    client = Some(pat.ident.clone());
                    continue;
                }
                let (role, span) = match role {
                    Some((role, marker)) => (role, SpanRange::new(marker, last_span(&typed.ty))),
                    None => (Role::Path, pat.ident.span().into()),
                };
                let role = match role {
                    Role::Query(name) if name.is_empty() => Role::Query(camel_case(pat.ident.to_string().trim_start_matches("r#"))),
                    role => role,
                };
                params.push(Param {
                    ident: pat.ident.clone(),
                    ty: (*typed.ty).clone(),
                    role,
                    span,
                });
            }
        }
    }
    if sig.inputs.is_empty() {
        diagnostics.error(
            sig.paren_token.span.join(),
            format!(
                "`{}` needs the client as its first parameter: `client: &Client`",
                sig.ident
            ),
        );
    }
    CheckedSignature {
        client,
        params,
        returns,
        success,
    }
}

/// Removes this macro's markers from a parameter and returns the role they give it, or `Err`
/// when a marker is malformed (the error is recorded).
#[allow(clippy::result_unit_err)]
fn take_role(
    attrs: &mut Vec<Attribute>,
    diagnostics: &mut Diagnostics,
) -> Result<Option<(Role, Span)>, ()> {
    let mut role: Option<(Role, Span)> = None;
    let mut malformed = false;
    let mut kept = Vec::with_capacity(attrs.len());
    for attr in attrs.drain(..) {
        let Some(name) = attr.path().get_ident().map(Ident::to_string) else {
            kept.push(attr);
            continue;
        };
        let parsed = match name.as_str() {
            "query" => parse_query(&attr),
            "body" => parse_body(&attr),
            "header" => parse_header(&attr),
            _ => {
                let hint = suggestion(&name, PARAM_ATTRIBUTES);
                if hint.is_empty() {
                    kept.push(attr);
                } else {
                    diagnostics.error(
                        attr.path().span(),
                        format!("unknown parameter attribute `#[{name}]`{hint}"),
                    );
                    malformed = true;
                }
                continue;
            }
        };
        match parsed {
            Err(error) => {
                diagnostics.push(error);
                malformed = true;
            }
            Ok(_) if role.is_some() => diagnostics.error(
                attr.span(),
                format!("a parameter has one role: `#[{name}]` cannot be combined with another of #[query], #[body], #[header]"),
            ),
            Ok(new) => role = Some((new, attr.pound_token.span)),
        }
    }
    *attrs = kept;
    if malformed { Err(()) } else { Ok(role) }
}

fn parse_query(attr: &Attribute) -> syn::Result<Role> {
    match &attr.meta {
        syn::Meta::Path(_) => Ok(Role::Query(String::new())),
        syn::Meta::List(list) => {
            let name: LitStr = list.parse_args().map_err(|_| {
                syn::Error::new(
                    list.span(),
                    "#[query] takes the query name as a string, e.g. #[query(\"itemsPerPage\")]",
                )
            })?;
            if name.value().is_empty() {
                return Err(syn::Error::new(
                    name.span(),
                    "the query name in #[query(\"…\")] must not be empty",
                ));
            }
            Ok(Role::Query(name.value()))
        }
        syn::Meta::NameValue(value) => Err(syn::Error::new(
            value.span(),
            "write #[query] or #[query(\"itemsPerPage\")], not #[query = …]",
        )),
    }
}

fn parse_body(attr: &Attribute) -> syn::Result<Role> {
    match &attr.meta {
        syn::Meta::Path(_) => Ok(Role::Body),
        other => Err(syn::Error::new(other.span(), "#[body] takes no arguments")),
    }
}

fn parse_header(attr: &Attribute) -> syn::Result<Role> {
    let error = || {
        syn::Error::new(
            attr.span(),
            "#[header] needs the header name as a string, e.g. #[header(\"Use-Effective-Instance-Fields\")]",
        )
    };
    let syn::Meta::List(list) = &attr.meta else {
        return Err(error());
    };
    let name: LitStr = list.parse_args().map_err(|_| error())?;
    let valid = !name.value().is_empty()
        && name
            .value()
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&byte));
    if !valid {
        return Err(syn::Error::new(
            name.span(),
            format!("{:?} is not a valid HTTP header name", name.value()),
        ));
    }
    if name.value().eq_ignore_ascii_case("authorization")
        || name.value().eq_ignore_ascii_case("accept")
        || name.value().eq_ignore_ascii_case("content-type")
    {
        return Err(syn::Error::new(
            name.span(),
            format!(
                "the runtime sets the `{}` header itself; it cannot be a parameter",
                name.value()
            ),
        ));
    }
    Ok(Role::Header(name.value()))
}

/// The `T` of a `Result<T>` return type.
fn success_type(output: &ReturnType) -> Option<Type> {
    let ReturnType::Type(_, ty) = output else {
        return None;
    };
    match &last_segment(ty)
        .filter(|segment| segment.ident == "Result")?
        .arguments
    {
        syn::PathArguments::AngleBracketed(args) => match args.args.first()? {
            syn::GenericArgument::Type(success) => Some(success.clone()),
            _ => None,
        },
        _ => None,
    }
}

fn analyse_return(
    output: &ReturnType,
    name: &Ident,
    diagnostics: &mut Diagnostics,
) -> Option<Returns> {
    let ReturnType::Type(_, ty) = output else {
        diagnostics.error(
            name.span(),
            format!("`{name}` must return `Result<T>`: `Result<()>` for no content, `Result<YourType>` for JSON, `Result<Vec<u8>>` (or `Result<ByteStream>`, streamed) for csv/gzip"),
        );
        return None;
    };
    let success = last_segment(ty)
        .filter(|segment| segment.ident == "Result")
        .and_then(|segment| match &segment.arguments {
            syn::PathArguments::AngleBracketed(args) => args.args.first(),
            _ => None,
        });
    let Some(syn::GenericArgument::Type(success)) = success else {
        diagnostics.error(
            ty.span(),
            "the return type must be `Result<T>` (atlas_endpoint::Result): `Result<()>` for no content, `Result<YourType>` for JSON, `Result<Vec<u8>>` (or `Result<ByteStream>`, streamed) for csv/gzip",
        );
        return None;
    };
    Some(match success {
        Type::Tuple(tuple) if tuple.elems.is_empty() => Returns::Unit,
        other if is_raw_bytes(other) => Returns::Raw,
        _ => Returns::Json,
    })
}

/// The span of the last token of `ty`, where an underline of the whole parameter ends.
fn last_span(ty: &Type) -> Span {
    ty.to_token_stream()
        .into_iter()
        .last()
        .map_or_else(|| ty.span(), |token| token.span())
}

fn last_segment(ty: &Type) -> Option<&syn::PathSegment> {
    match ty {
        Type::Path(path) if path.qself.is_none() => path.path.segments.last(),
        _ => None,
    }
}

/// `ByteStream`: a raw body streamed as it arrives.
pub fn is_byte_stream(ty: &Type) -> bool {
    last_segment(ty)
        .is_some_and(|segment| segment.ident == "ByteStream" && segment.arguments.is_none())
}

/// `Vec<u8>`, `Bytes` or `ByteStream`.
fn is_raw_bytes(ty: &Type) -> bool {
    let Some(segment) = last_segment(ty) else {
        return false;
    };
    if segment.ident == "Bytes" || segment.ident == "ByteStream" {
        return segment.arguments.is_none();
    }
    if segment.ident != "Vec" {
        return false;
    }
    let syn::PathArguments::AngleBracketed(args) = &segment.arguments else {
        return false;
    };
    matches!(args.args.first(), Some(syn::GenericArgument::Type(inner)) if last_segment(inner).is_some_and(|s| s.ident == "u8"))
}
