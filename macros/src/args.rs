//! The attribute: `#[atlas_endpoint(METHOD, "TEMPLATE", flags…)]`.

use crate::catalog::Method;
use crate::diag::{Diagnostics, suggestion};
use crate::runtime::{CRATE_EXAMPLE, Suggestion};
use proc_macro2::{Span, TokenStream};
use syn::ext::IdentExt;
use syn::parse::{Parse, ParseStream, Parser};
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{Ident, Lit, LitStr, Token};

/// Flags accepted after the template.
const FLAGS: [&str; 5] = ["deprecated", "version", "media", "unchecked", "crate"];

/// Every flag as it is written, for messages.
const FLAG_FORMS: &str = "`deprecated`, `deprecated = \"note\"`, `version = \"YYYY-MM-DD\"`, `media = \"csv\"|\"gzip\"`, `unchecked` and `crate = \"path::to::atlas_endpoint\"`";

/// Media types of raw (non-JSON) responses.
pub const RAW_MEDIA: [&str; 2] = ["csv", "gzip"];

/// The attribute, parsed as far as it could be.
#[derive(Default)]
pub struct Args {
    /// The method and its span.
    pub method: Option<(Method, Span)>,
    pub template: Option<LitStr>,
    pub deprecated: Option<Deprecated>,
    pub version: Option<LitStr>,
    /// `media = "csv" | "gzip"`, for raw byte returns.
    pub media: Option<LitStr>,
    /// `unchecked`: not looked up in the catalog.
    pub unchecked: Option<Span>,
    /// `crate = "path"`: where the runtime crate is re-exported, as written (checked by
    /// `runtime`).
    pub crate_path: Option<LitStr>,
}

impl Args {
    /// The attribute as written (its method and template) with `crate = "…"` added, for the
    /// error that asks for it.
    pub fn with_crate(&self) -> Suggestion {
        let method = self
            .method
            .as_ref()
            .map_or("GET", |(method, _)| method.as_str());
        let template = self.template.as_ref().map_or_else(
            || "\"/orgs\"".to_owned(),
            |template| template.token().to_string(),
        );
        Suggestion {
            span: Span::call_site(),
            attribute: format!("#[atlas_endpoint({method}, {template}, {CRATE_EXAMPLE})]"),
        }
    }
}

/// The `deprecated` flag, with its optional note.
pub struct Deprecated {
    pub note: Option<String>,
    pub span: Span,
}

/// One comma-separated element of the attribute.
enum Element {
    Word(Ident),
    Text(LitStr),
    Flag { name: Ident, value: syn::Expr },
    Other(Span),
}

impl Parse for Element {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        // A flag's name is an identifier or the keyword `crate`.
        let named = input.peek(Ident) || input.peek(Token![crate]);
        if named && input.peek2(Token![=]) {
            let name = Ident::parse_any(input)?;
            input.parse::<Token![=]>()?;
            return Ok(Self::Flag {
                name,
                value: input.parse()?,
            });
        }
        if named && (input.peek2(Token![,]) || is_last(input)) {
            return Ok(Self::Word(Ident::parse_any(input)?));
        }
        if input.peek(LitStr) {
            return Ok(Self::Text(input.parse()?));
        }
        let expr: syn::Expr = input.parse()?;
        Ok(Self::Other(expr.span()))
    }
}

fn is_last(input: ParseStream) -> bool {
    let fork = input.fork();
    Ident::parse_any(&fork).is_ok() && fork.is_empty()
}

/// Parses the attribute, recording every problem in `diagnostics`.
pub fn parse(tokens: TokenStream, diagnostics: &mut Diagnostics) -> Args {
    let mut args = Args::default();
    let elements = match Punctuated::<Element, Token![,]>::parse_terminated.parse2(tokens) {
        Ok(elements) => elements,
        Err(error) => {
            diagnostics.push(error);
            return args;
        }
    };
    let mut elements = elements.into_iter();
    match elements.next() {
        Some(Element::Word(word)) => {
            args.method = parse_method(&word, diagnostics);
            parse_template(elements.next(), &mut args, diagnostics);
        }
        Some(Element::Text(text)) => {
            diagnostics.error(
                text.span(),
                "missing HTTP method: write the method before the path, e.g. #[atlas_endpoint(GET, \"/orgs/<orgId>\")]",
            );
            args.template = Some(text);
        }
        Some(Element::Flag { name, .. }) => diagnostics.error(name.span(), "expected the HTTP method (GET, POST, PUT, PATCH or DELETE) first"),
        Some(Element::Other(span)) => diagnostics.error(span, "expected the HTTP method (GET, POST, PUT, PATCH or DELETE) first"),
        None => diagnostics.error(
            Span::call_site(),
            "missing HTTP method and path template: write e.g. #[atlas_endpoint(GET, \"/orgs/<orgId>\")]",
        ),
    }
    for element in elements {
        parse_flag(element, &mut args, diagnostics);
    }
    args
}

/// The element after the method must be the template string.
fn parse_template(element: Option<Element>, args: &mut Args, diagnostics: &mut Diagnostics) {
    match element {
            Some(Element::Text(text)) => args.template = Some(text),
            Some(Element::Word(word)) => diagnostics.error(
                word.span(),
                format!("expected the path template as a string literal after the method, found `{word}`; write e.g. \"/orgs/<orgId>\""),
            ),
            Some(Element::Flag { name, .. }) => diagnostics.error(
                name.span(),
                format!("missing path template: write it as a string literal before the `{name}` flag, e.g. \"/orgs/<orgId>\""),
            ),
            Some(Element::Other(span)) => diagnostics.error(
                span,
                "expected the path template as a string literal after the method, e.g. \"/orgs/<orgId>\"",
            ),
            None => diagnostics.error(
                Span::call_site(),
                "missing path template: write it as a string literal after the method, e.g. #[atlas_endpoint(GET, \"/orgs/<orgId>\")]",
            ),
        }
}

fn parse_method(word: &Ident, diagnostics: &mut Diagnostics) -> Option<(Method, Span)> {
    let name = word.to_string();
    if let Some(method) = Method::from_name(&name) {
        return Some((method, word.span()));
    }
    diagnostics.error(
        word.span(),
        format!(
            "unknown HTTP method `{name}`: Atlas serves GET, POST, PUT, PATCH and DELETE{}",
            suggestion(&name, Method::ALL.map(Method::as_str))
        ),
    );
    None
}

fn parse_flag(element: Element, args: &mut Args, diagnostics: &mut Diagnostics) {
    let (name, value) = match element {
        Element::Word(name) => (name, None),
        Element::Flag { name, value } => (name, Some(value)),
        Element::Text(text) => {
            diagnostics.error(
                text.span(),
                format!("unexpected string: the path template was already given; the flags are {FLAG_FORMS}"),
            );
            return;
        }
        Element::Other(span) => {
            diagnostics.error(span, format!("expected a flag; the flags are {FLAG_FORMS}"));
            return;
        }
    };
    let flag = name.to_string();
    let duplicate = match flag.as_str() {
        "deprecated" => args.deprecated.is_some(),
        "version" => args.version.is_some(),
        "media" => args.media.is_some(),
        "unchecked" => args.unchecked.is_some(),
        "crate" => args.crate_path.is_some(),
        _ => {
            diagnostics.error(
                name.span(),
                format!(
                    "unknown flag `{flag}`: the flags are {FLAG_FORMS}{}",
                    suggestion(&flag, FLAGS)
                ),
            );
            return;
        }
    };
    if duplicate {
        diagnostics.error(
            name.span(),
            format!("duplicate flag `{flag}`; give it once"),
        );
        return;
    }
    if flag == "unchecked" {
        match value {
            Some(value) => diagnostics.error(
                value.span(),
                "flag `unchecked` takes no value; write `unchecked, version = \"YYYY-MM-DD\"`",
            ),
            None => args.unchecked = Some(name.span()),
        }
        return;
    }
    let text = match value.map(string_value) {
        None => None,
        Some(Ok(text)) => Some(text),
        Some(Err(span)) => {
            let example = match flag.as_str() {
                "deprecated" => "deprecated = \"use list_projects instead\"",
                "version" => "version = \"2023-01-01\"",
                "crate" => CRATE_EXAMPLE,
                _ => "media = \"gzip\"",
            };
            diagnostics.error(
                span,
                format!("flag `{flag}` takes a string literal, e.g. `{example}`"),
            );
            return;
        }
    };
    match (flag.as_str(), text) {
        ("deprecated", note) => {
            args.deprecated = Some(Deprecated {
                note: note.map(|lit| lit.value()),
                span: name.span(),
            });
        }
        ("crate", Some(path)) => args.crate_path = Some(path),
        ("version", Some(version)) => {
            if is_version_date(&version.value()) || version.value() == PREVIEW {
                args.version = Some(version);
            } else {
                diagnostics.error(
                    version.span(),
                    format!("resource version {:?} is not a date of the form \"YYYY-MM-DD\", e.g. \"2023-01-01\" (or \"preview\")", version.value()),
                );
            }
        }
        (_, Some(media)) => {
            if RAW_MEDIA.contains(&media.value().as_str()) {
                args.media = Some(media);
            } else {
                diagnostics.error(
                    media.span(),
                    format!("unknown media {:?}; raw responses are \"csv\" or \"gzip\" (JSON needs no flag)", media.value()),
                );
            }
        }
        (_, None) => diagnostics.error(
            name.span(),
            format!(
                "flag `{flag}` needs a value, e.g. `{}`",
                match flag.as_str() {
                    "version" => "version = \"2023-01-01\"",
                    "crate" => CRATE_EXAMPLE,
                    _ => "media = \"gzip\"",
                }
            ),
        ),
    }
}

fn string_value(expr: syn::Expr) -> Result<LitStr, Span> {
    match expr {
        syn::Expr::Lit(syn::ExprLit {
            lit: Lit::Str(text),
            ..
        }) => Ok(text),
        other => Err(other.span()),
    }
}

/// The version name of Atlas's preview media type (`application/vnd.atlas.preview+json`).
pub const PREVIEW: &str = "preview";

/// `YYYY-MM-DD` with a plausible month and day.
pub fn is_version_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return false;
    }
    let number = |range: std::ops::Range<usize>| {
        text.get(range)
            .and_then(|digits| digits.parse::<u32>().ok())
    };
    matches!(
        (number(0..4), number(5..7), number(8..10)),
        (Some(2000..=2999), Some(1..=12), Some(1..=31))
    ) && text
        .bytes()
        .enumerate()
        .all(|(index, byte)| matches!(index, 4 | 7) || byte.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validates_version_dates() {
        assert!(is_version_date("2023-01-01"));
        assert!(is_version_date("2025-03-12"));
        assert!(!is_version_date("2023-1-01"));
        assert!(!is_version_date("2023-13-01"));
        assert!(!is_version_date("20230101"));
        assert!(!is_version_date("2023-01-+1"));
    }
}
