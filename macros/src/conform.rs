//! What a declaration must agree on with the real Atlas API (the catalog), or, for `unchecked`
//! declarations, what the attribute must say itself.

use crate::args::Args;
use crate::catalog::{self, Body, Expect, Location, Media, Method, Operation, Version};
use crate::diag::{Diagnostics, suggestion};
use crate::signature::{CheckedSignature, Param, Returns, Role};
use crate::template::{Template, snake_case};
use atlas_endpoint_catalog::{SchemaShape, Ty};
use proc_macro2::Span;

/// The facts of the endpoint that do not come from the signature.
pub struct Facts {
    /// The Atlas operationId, or the function name for `unchecked` declarations.
    pub operation: String,
    pub version: String,
    /// What a success answer is.
    pub media: Media,
    pub deprecated: Option<String>,
    /// The pattern of each placeholder, by name.
    pub patterns: Vec<(&'static str, &'static str)>,
    /// Extra rustdoc lines (operation, roles, sunset).
    pub doc: Vec<String>,
    /// The catalogued operation and the version declared (`None` for `unchecked`).
    pub catalogued: Option<(&'static Operation, &'static Version)>,
}

/// The facts of a checked declaration, or `None` after reporting why it does not conform.
pub fn check(
    args: &Args,
    signature: &CheckedSignature,
    template: &Template,
    fn_name: &str,
    diagnostics: &mut Diagnostics,
) -> Option<Facts> {
    let method = args.method.as_ref().map(|(method, _)| *method)?;
    let template_span = args
        .template
        .as_ref()
        .map_or_else(Span::call_site, |literal| literal.span());
    if args.unchecked.is_some() {
        return unchecked(args, signature, method, template, fn_name, diagnostics);
    }
    let Some(operation) = catalog::find(method, &template.to_string()) else {
        diagnostics.error(
            template_span,
            catalog::explain_unknown(method, &template.to_string()),
        );
        return None;
    };
    let version = select_version(args, operation, template_span, diagnostics)?;
    let media = diagnostics
        .stage(|stage| {
            let media = check_media(args, signature, operation, version, stage);
            check_deprecation(args, operation, version, stage);
            check_named(signature, operation, Location::Query, stage);
            check_named(signature, operation, Location::Header, stage);
            check_body(signature, operation, stage);
            media
        })
        .ok()?;
    Some(Facts {
        operation: operation.operation_id.to_owned(),
        version: version.version.to_owned(),
        media,
        deprecated: deprecation_note(args, operation, version, template),
        patterns: operation
            .params
            .iter()
            .filter(|param| param.location == Location::Path)
            .filter_map(|param| param.pattern.map(|pattern| (param.name, pattern)))
            .collect(),
        doc: doc_lines(operation, version),
        catalogued: Some((operation, version)),
    })
}

/// The resource version the declaration asks for (`version = "…"`), or Atlas's newest; a
/// version Atlas never served or no longer serves is an error listing the served ones.
fn select_version(
    args: &Args,
    operation: &'static Operation,
    template_span: Span,
    diagnostics: &mut Diagnostics,
) -> Option<&'static Version> {
    let id = operation.operation_id;
    let (span, wanted) = match &args.version {
        Some(version) => (version.span(), Some(version.value())),
        None => (template_span, None),
    };
    if operation.versions.is_empty() {
        diagnostics.error(
            span,
            format!(
                "Atlas no longer serves {id}{}: {}; remove this declaration",
                former(operation),
                gone_list(operation)
            ),
        );
        return None;
    }
    let Some(wanted) = wanted else {
        let newest = operation.newest_stable();
        if newest.is_none() {
            diagnostics.error(
                span,
                format!(
                    "{id} is served only as a preview (`application/vnd.atlas.preview+json`), which Atlas may change without notice: add `version = \"preview\"` to the attribute to acknowledge it"
                ),
            );
        }
        return newest;
    };
    if let Some(version) = operation
        .versions
        .iter()
        .find(|version| version.version == wanted)
    {
        return Some(version);
    }
    let served = served_list(operation);
    let message = match operation
        .gone
        .iter()
        .find(|(version, _)| *version == wanted)
    {
        Some((_, sunset)) => format!(
            "Atlas stopped serving {id} at resource version {wanted} on {sunset}; it serves {served}: pick one, or remove `version` for the newest"
        ),
        None => format!(
            "Atlas never served {id} at resource version {wanted}; it serves {served}: pick one, or remove `version` for the newest"
        ),
    };
    diagnostics.error(span, message);
    None
}

/// `2023-01-01 (sunset 2027-07-01), 2024-08-05`.
fn served_list(operation: &Operation) -> String {
    let versions: Vec<String> = operation
        .versions
        .iter()
        .map(|version| match version.sunset {
            Some(sunset) => format!("{} (sunset {sunset})", version.version),
            None => version.version.to_owned(),
        })
        .collect();
    versions.join(", ")
}

/// `2023-01-01 was sunset on 2026-01-22`.
fn gone_list(operation: &Operation) -> String {
    let gone: Vec<String> = operation
        .gone
        .iter()
        .map(|(version, sunset)| format!("{version} was sunset on {sunset}"))
        .collect();
    gone.join(", ")
}

/// ` (formerly getCluster)`, for operations Atlas renamed.
fn former(operation: &Operation) -> String {
    operation
        .former_id
        .map(|id| format!(" (formerly `{id}`)"))
        .unwrap_or_default()
}

/// `unchecked` declarations give their version (and media) themselves.
fn unchecked(
    args: &Args,
    signature: &CheckedSignature,
    method: Method,
    template: &Template,
    fn_name: &str,
    diagnostics: &mut Diagnostics,
) -> Option<Facts> {
    let span = args.unchecked.unwrap_or_else(Span::call_site);
    let Some(version) = &args.version else {
        diagnostics.error(
            span,
            "an `unchecked` endpoint is not in the catalog, so its resource version must be given: add `version = \"YYYY-MM-DD\"`",
        );
        return None;
    };
    if let Some(body) = signature
        .params
        .iter()
        .find(|param| param.role == Role::Body)
        && method == Method::Delete
    {
        diagnostics.error(
            body.span,
            format!(
                "DELETE requests carry no body in the Atlas API; remove #[body] from `{}` or use #[query]",
                body.name()
            ),
        );
        return None;
    }
    let media = match (signature.returns, &args.media) {
        (Some(Returns::Raw), Some(media)) if media.value() == "csv" => Media::Csv,
        (Some(Returns::Raw), Some(_)) => Media::Gzip,
        (Some(Returns::Raw), None) => {
            diagnostics.error(
                span,
                "a raw byte response needs its media type: add `media = \"csv\"` or `media = \"gzip\"`",
            );
            return None;
        }
        (_, Some(media)) => {
            diagnostics.error(media.span(), MEDIA_NEEDS_RAW);
            return None;
        }
        (_, None) => Media::Json,
    };
    Some(Facts {
        operation: fn_name.to_owned(),
        version: version.value(),
        media,
        deprecated: args.deprecated.as_ref().map(|flag| {
            flag.note
                .clone()
                .unwrap_or_else(|| format!("Atlas has deprecated {method} /api/atlas/v2{template}"))
        }),
        patterns: Vec::new(),
        doc: vec!["Not checked against the catalog (`unchecked`).".to_owned()],
        catalogued: None,
    })
}

const MEDIA_NEEDS_RAW: &str = "`media` is for raw responses; return `Result<Vec<u8>>` (or `Result<Bytes>`) to receive csv/gzip bytes";

/// The return type must fit what the operation answers.
fn check_media(
    args: &Args,
    signature: &CheckedSignature,
    operation: &Operation,
    version: &Version,
    diagnostics: &mut Diagnostics,
) -> Media {
    let raw = match version.media {
        Media::Json if version.also_csv => Some(Media::Csv),
        Media::Json => None,
        raw => Some(raw),
    };
    let span = args
        .template
        .as_ref()
        .map_or_else(Span::call_site, |literal| literal.span());
    if let Some(flag) = &args.media
        && (signature
            .returns
            .is_some_and(|returns| !matches!(returns, Returns::Raw))
            || raw.map(Media::name) != Some(flag.value().as_str()))
    {
        diagnostics.error(
            flag.span(),
            match raw {
                Some(raw) if matches!(signature.returns, Some(Returns::Raw)) => format!(
                    "{} answers {}; remove `media` (the macro fills it in)",
                    operation.operation_id,
                    raw.name()
                ),
                _ => MEDIA_NEEDS_RAW.to_owned(),
            },
        );
    }
    if matches!(signature.returns, Some(Returns::Json)) && !version.answers_body {
        let codes: Vec<String> = version.success.iter().map(u16::to_string).collect();
        diagnostics.error(
            span,
            format!(
                "{} answers {} without a body: return `Result<()>`",
                operation.operation_id,
                codes.join(" or ")
            ),
        );
    }
    match (signature.returns, raw) {
        (Some(Returns::Raw), Some(raw)) => raw,
        (Some(Returns::Raw), None) => {
            diagnostics.error(
                span,
                format!("{} answers JSON, not raw bytes: return `Result<YourType>` (or `Result<serde_json::Value>`)", operation.operation_id),
            );
            Media::Json
        }
        (_, Some(raw)) if version.media != Media::Json => {
            diagnostics.error(
                span,
                format!(
                    "{} answers {} bytes, not JSON: return `Result<Vec<u8>>` (or `Result<Bytes>`)",
                    operation.operation_id,
                    raw.name()
                ),
            );
            Media::Json
        }
        _ => Media::Json,
    }
}

/// `deprecated` must be given exactly for operations Atlas has deprecated (a deprecated
/// version of a live operation needs no flag: pinning it was the choice, callers are warned).
fn check_deprecation(
    args: &Args,
    operation: &Operation,
    version: &Version,
    diagnostics: &mut Diagnostics,
) {
    match (&args.deprecated, operation.deprecated) {
        (None, true) => diagnostics.error(
            args.template.as_ref().map_or_else(Span::call_site, |literal| literal.span()),
            format!(
                "Atlas has deprecated {}{}: acknowledge it by adding `deprecated` to the attribute, so that callers are warned",
                operation.operation_id,
                sunset_text(version)
            ),
        ),
        (Some(flag), false) if version.sunset.is_none() => diagnostics.error(
            flag.span,
            format!("{} is not deprecated in Atlas; remove `deprecated`", operation.operation_id),
        ),
        _ => {}
    }
}

/// `#[query]` and `#[header]` names must exist, and required ones must be declared.
fn check_named(
    signature: &CheckedSignature,
    operation: &Operation,
    location: Location,
    diagnostics: &mut Diagnostics,
) {
    let kind = match location {
        Location::Header => "header",
        _ => "query parameter",
    };
    let known: Vec<&str> = operation
        .params
        .iter()
        .filter(|param| param.location == location)
        .map(|param| param.name)
        .collect();
    let declared: Vec<(&Param, &str)> = signature
        .params
        .iter()
        .filter_map(|param| match (&param.role, location) {
            (Role::Query(name), Location::Query) | (Role::Header(name), Location::Header) => {
                Some((param, name.as_str()))
            }
            _ => None,
        })
        .collect();
    for (param, name) in &declared {
        if location == Location::Query
            && let Some(option) = client_option(name)
        {
            diagnostics.error(
                param.span,
                format!(
                    "`{name}` is not declared per endpoint: the client sends it for every call; remove this parameter and use `client.{option}(true)`"
                ),
            );
            continue;
        }
        if !known.iter().any(|known| known.eq_ignore_ascii_case(name)) {
            let choices = if known.is_empty() {
                "none".to_owned()
            } else {
                known.join(", ")
            };
            diagnostics.error(
                param.span,
                format!(
                    "{} has no {kind} `{name}` (it has: {choices}){}",
                    operation.operation_id,
                    suggestion(name, known.iter().copied())
                ),
            );
        }
    }
    for required in operation
        .params
        .iter()
        .filter(|param| param.location == location && param.required)
    {
        if !declared
            .iter()
            .any(|(_, name)| name.eq_ignore_ascii_case(required.name))
        {
            let example = match location {
                Location::Header => format!("#[header(\"{}\")] value: &str", required.name),
                _ => format!(
                    "#[query(\"{}\")] {}: &str",
                    required.name,
                    snake_case(required.name)
                ),
            };
            diagnostics.error(
                Span::call_site(),
                format!(
                    "{} requires the {kind} `{}`: add a parameter such as `{example}`",
                    operation.operation_id, required.name
                ),
            );
        }
    }
}

/// The client option that sets a query parameter every Atlas operation takes.
fn client_option(name: &str) -> Option<&'static str> {
    match name {
        "envelope" => Some("with_envelope"),
        "pretty" => Some("with_pretty"),
        _ => None,
    }
}

/// `#[body]` must match whether the operation takes a request body.
fn check_body(signature: &CheckedSignature, operation: &Operation, diagnostics: &mut Diagnostics) {
    let body = signature
        .params
        .iter()
        .find(|param| param.role == Role::Body);
    match (operation.body, body) {
        (Body::Required, None) => diagnostics.error(
            Span::call_site(),
            format!(
                "{} requires a request body: add a parameter such as `#[body] body: &YourType`",
                operation.operation_id
            ),
        ),
        (Body::Absent, Some(param)) => diagnostics.error(
            param.span,
            format!(
                "{} takes no request body; remove #[body] from `{}`",
                operation.operation_id,
                param.name()
            ),
        ),
        _ => {}
    }
}

fn sunset_text(version: &Version) -> String {
    version
        .sunset
        .map(|sunset| format!(" (sunset on {sunset})"))
        .unwrap_or_default()
}

/// The `#[deprecated]` note: the user's, or one naming the operation or version and its sunset.
fn deprecation_note(
    args: &Args,
    operation: &Operation,
    version: &Version,
    template: &Template,
) -> Option<String> {
    let note = args
        .deprecated
        .as_ref()
        .and_then(|flag| flag.note.as_deref());
    if let Some(note) = note {
        return Some(format!("{note}{}", sunset_text(version)));
    }
    let sunset = version
        .sunset
        .map(|date| format!("; sunset on {date}"))
        .unwrap_or_default();
    if operation.deprecated {
        return Some(format!(
            "Atlas has deprecated {} ({} /api/atlas/v2{}){sunset}",
            operation.operation_id,
            operation.method,
            template.atlas_path(),
        ));
    }
    let newest = operation
        .versions
        .iter()
        .rev()
        .find(|newer| newer.sunset.is_none())
        .unwrap_or(version);
    version.sunset.map(|date| {
        format!(
            "Atlas has deprecated resource version {} of {}; it stops serving it on {date}: move to version {} (remove `version` for the newest)",
            version.version, operation.operation_id, newest.version
        )
    })
}

fn doc_lines(operation: &Operation, version: &Version) -> Vec<String> {
    let codes: Vec<String> = version.success.iter().map(u16::to_string).collect();
    let mut lines = vec![format!(
        "Atlas operation `{}`{}; answers {}.",
        operation.operation_id,
        former(operation),
        codes.join(" or ")
    )];
    if let Some(url) = operation.docs_url {
        lines.push(format!("Atlas documentation: <{url}>."));
    }
    if operation.versions.len() > 1 {
        lines.push(format!(
            "Resource versions Atlas serves: {}; pin one with `version = \"…\"`.",
            served_list(operation)
        ));
    }
    match (version.body, version.answer) {
        (Some(body), Some(answer)) => lines.push(format!(
            "Request body: Atlas's `{body}`; answer: `{answer}`."
        )),
        (Some(body), None) => lines.push(format!("Request body: Atlas's `{body}`.")),
        (None, Some(answer)) => lines.push(format!("Answer: Atlas's `{answer}`.")),
        (None, None) => {}
    }
    for (what, schema_ref) in [
        ("body", version.body_schema()),
        ("answer", version.answer_schema()),
    ] {
        let nested = schema_ref
            .map(|schema_ref| nested_schemas(schema_ref.name()))
            .unwrap_or_default();
        if !nested.is_empty() {
            let names: Vec<String> = nested.iter().map(|name| format!("`{name}`")).collect();
            lines.push(format!(
                "Schemas nested in the {what} (models of the fields you use): {}.",
                names.join(", ")
            ));
        }
    }
    let query: Vec<String> = operation
        .params
        .iter()
        .filter(|param| param.location == Location::Query)
        .map(|param| {
            let required = if param.required { ", required" } else { "" };
            let values = if param.values.is_empty() {
                String::new()
            } else {
                format!(", one of {}", param.values.join(", "))
            };
            format!("`{}` ({}{required}{values})", param.name, param.kind.name())
        })
        .collect();
    if !query.is_empty() {
        lines.push(format!(
            "Query parameters Atlas accepts: {}.",
            query.join(", ")
        ));
    }
    if !operation.roles.is_empty() {
        lines.push(format!("Required roles: {}.", operation.roles.join(", ")));
    }
    if let Some(sunset) = version.sunset {
        lines.push(if operation.deprecated {
            format!("Deprecated by Atlas; sunset on {sunset}.")
        } else {
            format!("Atlas has deprecated this resource version; sunset on {sunset}.")
        });
    }
    if let Some(watcher) = &operation.watcher {
        let until = match &watcher.expect {
            Expect::Status(status) => format!("it answers {status}"),
            Expect::Field { path, values } => format!("`{path}` is {}", values.join(" or ")),
        };
        let params: Vec<String> = watcher
            .params
            .iter()
            .map(|(name, source)| match source.split_once(':') {
                Some(("input", input)) => format!("`{name}` = this call's `{input}`"),
                Some(("body", path)) => format!("`{name}` = the answer's `{path}`"),
                _ => format!("`{name}` from `{source}`"),
            })
            .collect();
        lines.push(format!(
            "Atlas completes this change in the background: poll `{}` (version {}; {}) until {until}.",
            watcher.operation,
            watcher.version,
            params.join(", ")
        ));
    }
    lines
}

/// The object and union schemas nested in the schema `root`, in the order they are reached,
/// each once: what the models of a body or answer may need.
fn nested_schemas(root: &str) -> Vec<&'static str> {
    let mut found: Vec<&'static str> = Vec::new();
    let mut queue: Vec<&'static str> = atlas_endpoint_catalog::schema(root)
        .map(|schema| vec![schema.name])
        .unwrap_or_default();
    while let Some(current) = queue.pop() {
        let Some(schema) = atlas_endpoint_catalog::schema(current) else {
            continue;
        };
        for property in schema.properties {
            let Some(held) = held_schema(&property.ty) else {
                continue;
            };
            let is_model = atlas_endpoint_catalog::schema(held).is_some_and(|schema| {
                matches!(schema.shape, SchemaShape::Object | SchemaShape::Union)
            });
            if is_model && held != root && !found.contains(&held) {
                found.push(held);
                queue.insert(0, held);
            }
        }
    }
    found
}

/// The schema a property holds, through arrays and maps.
fn held_schema(ty: &Ty) -> Option<&'static str> {
    match ty {
        Ty::Ref(name) => Some(name),
        Ty::Array(item) | Ty::Map(item) => held_schema(item),
        _ => None,
    }
}
