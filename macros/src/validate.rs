//! Cross-checks between the attribute, the template and the signature. Every problem is
//! reported; the model is produced only when there is none.

use crate::args::Args;
use crate::catalog::{self, Body, Location, Method, Operation};
use crate::conform::{self, Facts};
use crate::diag::{Diagnostics, suggestion};
use crate::runtime::Runtime;
use crate::signature::{CheckedSignature, Param, Returns, Role};
use crate::template::{self, Template, snake_case};
use crate::typed;
use proc_macro2::Span;

/// Everything the expansion needs, fully checked.
pub struct Validated {
    pub method: Method,
    pub template: Template,
    pub returns: Returns,
    /// For each placeholder in order: its name, the index of its parameter, its pattern.
    pub path_params: Vec<PathParam>,
    /// What the catalog (or an `unchecked` attribute) says about the endpoint.
    pub facts: Facts,
    /// Compile-time checks of the body, answer and value types against the schemas.
    pub typed: proc_macro2::TokenStream,
}

/// A placeholder bound to a parameter.
pub struct PathParam {
    pub name: String,
    pub param: usize,
    pub pattern: Option<&'static str>,
}

/// Checks everything; returns the model when the declaration is valid. `inputs_clean`: whether
/// the attribute and the signature were read without error.
pub fn validate(
    args: &Args,
    signature: &CheckedSignature,
    inputs_clean: bool,
    fn_name: &str,
    runtime: &Runtime,
    diagnostics: &mut Diagnostics,
) -> Option<Validated> {
    let bound = diagnostics.stage(|stage| {
        let template = args.template.as_ref().and_then(|literal| {
            template::parse(&literal.value())
                .map_err(|errors| {
                    for error in errors {
                        stage.error(
                            literal.span(),
                            format!("invalid path template {:?}: {error}", literal.value()),
                        );
                    }
                })
                .ok()
        });
        let template_span = args
            .template
            .as_ref()
            .map_or_else(Span::call_site, |literal| literal.span());
        let path_params = template
            .as_ref()
            .map(|template| {
                let operation = catalogued(args, template);
                bind_placeholders(template, template_span, signature, operation, stage)
            })
            .unwrap_or_default();
        check_markers(signature, stage);
        (template, path_params)
    });
    // The cross-checks need well-formed inputs: the attribute, the signature and the path.
    if !(inputs_clean && bound.clean) {
        return None;
    }
    let (template, mut path_params) = bound.value;
    let template = template?;
    let facts = conform::check(args, signature, &template, fn_name, diagnostics)?;
    for param in &mut path_params {
        param.pattern = facts
            .patterns
            .iter()
            .find(|(name, _)| *name == param.name)
            .map(|(_, pattern)| *pattern);
    }
    let method = args.method.as_ref()?.0;
    let typed = diagnostics
        .stage(|stage| {
            facts
                .catalogued
                .map(|(operation, version)| {
                    typed::checks(signature, operation, version, runtime, stage)
                })
                .unwrap_or_default()
        })
        .ok()?;
    Some(Validated {
        method,
        template,
        returns: signature.returns?,
        path_params,
        facts,
        typed,
    })
}

/// The catalog's operation for a checked declaration, to tailor hints; `None` when unknown.
fn catalogued(args: &Args, template: &Template) -> Option<&'static Operation> {
    let (method, _) = args.method.as_ref()?;
    if args.unchecked.is_some() {
        return None;
    }
    catalog::find(*method, &template.to_string())
}

/// Binds every placeholder to its parameter and every unmarked parameter to a placeholder.
fn bind_placeholders(
    template: &Template,
    span: Span,
    signature: &CheckedSignature,
    operation: Option<&Operation>,
    diagnostics: &mut Diagnostics,
) -> Vec<PathParam> {
    let mut bound = Vec::new();
    let placeholders: Vec<&str> = template.placeholders().collect();
    for name in &placeholders {
        let expected = snake_case(name);
        // The snake_case name, or the placeholder's own spelling (`clusterName`, which rustc's
        // `non_snake_case` lint then flags unless the user allows it).
        let found = signature
            .params
            .iter()
            .position(|param| param.name() == expected || param.name() == *name);
        match found.map(|index| (index, &signature.params[index])) {
            Some((index, param)) if param.role == Role::Path => bound.push(PathParam {
                name: (*name).to_owned(),
                param: index,
                pattern: None,
            }),
            Some((_, param)) => diagnostics.error(
                param.span,
                format!("`{}` fills the path placeholder `<{name}>`; remove its marker attribute", param.name()),
            ),
            None => match &signature.client {
                Some(client) if *client == expected => diagnostics.error(
                    client.span(),
                    format!("the client is missing: the first parameter is always the client, so `{expected}` cannot fill `<{name}>`; add `client: &Client` before it"),
                ),
                // A case slip in the placeholder (`<clustername>` for `cluster_name`): the
                // placeholder is what to fix, so the parameter gets no error of its own.
                _ if let Some((index, param)) = same_words(signature, &expected) => {
                    let spelled = template::camel_case(&param.name());
                    diagnostics.error(
                        span,
                        format!("path placeholder `<{name}>` is spelt `<{spelled}>` for the parameter `{}`: write `<{spelled}>` in the path", param.name()),
                    );
                    bound.push(PathParam {
                        name: spelled,
                        param: index,
                        pattern: None,
                    });
                }
                _ => diagnostics.error(
                    span,
                    format!("path placeholder `<{name}>` has no parameter; add `{expected}: &str` to the function"),
                ),
            },
        }
    }
    let snake: Vec<String> = placeholders.iter().map(|name| snake_case(name)).collect();
    for (index, param) in signature.params.iter().enumerate() {
        let name = param.name();
        let slip = bound.iter().any(|bound| bound.param == index);
        let placeholder = placeholders.contains(&name.as_str());
        if param.role == Role::Path && !snake.contains(&name) && !placeholder && !slip {
            let fix = operation
                .and_then(|operation| missing_marker(operation, signature, &name))
                .unwrap_or_else(|| {
                    format!(
                        "add `<{}>` to the path, or mark it #[query], #[body] or #[header(\"Name\")]{}",
                        template::camel_case(&name),
                        suggestion(&name, snake.iter().map(String::as_str)),
                    )
                });
            diagnostics.error(
                param.ident.span(),
                format!("parameter `{name}` is not a placeholder of the path template and has no marker: {fix}"),
            );
        }
    }
    bound
}

/// The unmarked parameter whose name is `expected` but for case and underscores.
fn same_words<'a>(signature: &'a CheckedSignature, expected: &str) -> Option<(usize, &'a Param)> {
    let words = |text: &str| text.replace('_', "").to_ascii_lowercase();
    signature
        .params
        .iter()
        .enumerate()
        .find(|(_, param)| param.role == Role::Path && words(&param.name()) == words(expected))
}

/// The marker an unmarked parameter most likely lacks, from what the operation accepts: the
/// query parameter it names, or the request body nothing else provides.
fn missing_marker(
    operation: &Operation,
    signature: &CheckedSignature,
    name: &str,
) -> Option<String> {
    let wire = template::camel_case(name);
    if let Some(query) = operation
        .params
        .iter()
        .find(|param| param.location == Location::Query && param.name.eq_ignore_ascii_case(&wire))
    {
        let marker = if query.name == wire {
            "#[query]".to_owned()
        } else {
            format!("#[query(\"{}\")]", query.name)
        };
        return Some(format!(
            "{} has the query parameter `{}`; mark it `{marker} {name}`",
            operation.operation_id, query.name
        ));
    }
    let has_body = signature
        .params
        .iter()
        .any(|param| param.role == Role::Body);
    (operation.body != Body::Absent && !has_body).then(|| {
        format!(
            "{} takes a request body; mark it `#[body] {name}`",
            operation.operation_id
        )
    })
}

/// One body at most; query and header names given once.
fn check_markers(signature: &CheckedSignature, diagnostics: &mut Diagnostics) {
    let mut first_body: Option<&Param> = None;
    for param in signature
        .params
        .iter()
        .filter(|param| param.role == Role::Body)
    {
        if let Some(first) = first_body {
            let mut error = param.span.error(format!(
                "only one parameter can be the #[body]; `{}` is already the request body",
                first.name()
            ));
            error.combine(
                first
                    .span
                    .error(format!("`{}` is the #[body] here", first.name())),
            );
            diagnostics.push(error);
        } else {
            first_body = Some(param);
        }
    }
    let mut names: Vec<(String, &str)> = Vec::new();
    for param in &signature.params {
        let (kind, name) = match &param.role {
            Role::Query(name) => ("query parameter", name.clone()),
            Role::Header(name) => ("header", name.to_ascii_lowercase()),
            _ => continue,
        };
        if names
            .iter()
            .any(|(seen, seen_kind)| *seen == name && *seen_kind == kind)
        {
            diagnostics.error(param.span, format!("{kind} `{name}` is declared twice"));
        } else {
            names.push((name, kind));
        }
    }
}
