//! `show OPERATION [--version V]`: what the catalog knows of one operation: its declaration,
//! parameters, body and answer schemas as trees, roles, docs, sunsets and what to poll after a
//! write.

use crate::Error;
use crate::lookup;
use crate::scaffold::Scaffold;
use atlas_endpoint_catalog::{Body, Expect, Property, Schema, SchemaRef, SchemaShape, Ty, schema};
use std::collections::HashSet;
use std::fmt::Write;

/// How many enum values a tree lists before "… (N more)".
pub const SHOWN_VALUES: usize = 8;

/// The output of `show`.
pub fn run(id: &str, version: Option<&str>) -> Result<String, Error> {
    let scaffold = Scaffold::new(id, version, None)?;
    let op = scaffold.operation;
    let chosen = scaffold.version;
    let mut out = String::new();
    let former = op
        .former_id
        .map_or_else(String::new, |f| format!(" (formerly {f})"));
    let _ = writeln!(
        out,
        "{} {}  {}{former}",
        op.method, op.path, op.operation_id
    );
    if op.deprecated {
        out.push_str(
            "DEPRECATED: Atlas has deprecated this operation (declare it with `deprecated`)\n",
        );
    }
    if let Some(url) = op.docs_url {
        let _ = writeln!(out, "docs: {url}");
    }
    if !op.roles.is_empty() {
        let _ = writeln!(out, "roles: {}", op.roles.join(", "));
    }
    let default = lookup::default_version(op).map(|v| v.version);
    let versions: Vec<String> = op
        .versions
        .iter()
        .map(|v| {
            let mut text = v.version.to_owned();
            if Some(v.version) == default {
                text.push_str(" (default)");
            }
            if let Some(sunset) = v.sunset {
                let _ = write!(text, " (sunset {sunset})");
            }
            if v.version == chosen.version {
                text.push_str(" <- shown");
            }
            text
        })
        .collect();
    let _ = writeln!(out, "versions: {}", versions.join(", "));
    for (version, sunset) in op.gone {
        let _ = writeln!(out, "gone: {version} (sunset {sunset})");
    }
    out.push_str("\ndeclaration:\n");
    for line in scaffold.declaration().lines() {
        let _ = writeln!(out, "  {line}");
    }
    if !op.params.is_empty() {
        out.push_str("\nparameters:\n");
        for param in op.params {
            let location = match param.location {
                atlas_endpoint_catalog::Location::Path => "path",
                atlas_endpoint_catalog::Location::Query => "query",
                atlas_endpoint_catalog::Location::Header => "header",
            };
            let _ = write!(
                out,
                "  {}  {location} {}{}",
                param.name,
                param.kind.name(),
                if param.required { ", required" } else { "" }
            );
            if let Some(pattern) = param.pattern {
                let _ = write!(out, ", pattern {pattern}");
            }
            if !param.values.is_empty() {
                let _ = write!(out, ", {}", values(param.values));
            }
            out.push('\n');
        }
    }
    let mut printed = HashSet::new();
    out.push('\n');
    match (op.body, chosen.body) {
        (Body::Absent, _) => out.push_str("body: none\n"),
        (presence, Some(name)) => {
            let required = if presence == Body::Required {
                "required"
            } else {
                "optional"
            };
            let _ = writeln!(out, "body ({required}): {name}");
            tree_of(&mut out, name, &mut printed);
            if let Some(s) = schema(SchemaRef::of(name).name())
                && s.shape == SchemaShape::Object
                && !s.properties.is_empty()
                && s.properties.iter().all(|p| !p.required)
            {
                let _ = writeln!(
                    out,
                    "  note: the spec marks none of {}'s properties required; which ones Atlas needs is not in the spec",
                    s.name
                );
            }
        }
        (_, None) => out.push_str("body: any JSON (the spec names no schema)\n"),
    }
    let media = chosen.media.name();
    let statuses: Vec<String> = chosen.success.iter().map(u16::to_string).collect();
    match chosen.answer {
        Some(name) if chosen.answers_body => {
            let _ = writeln!(out, "answer ({}, {media}): {name}", statuses.join("/"));
            tree_of(&mut out, name, &mut printed);
        }
        _ if chosen.answers_body => {
            let _ = writeln!(out, "answer ({}, {media}): no schema", statuses.join("/"));
        }
        _ => {
            let _ = writeln!(out, "answer ({}): no body", statuses.join("/"));
        }
    }
    if let Some(watcher) = &op.watcher {
        let params: Vec<String> = watcher
            .params
            .iter()
            .map(|(name, source)| {
                let from = if let Some(input) = source.strip_prefix("input:") {
                    format!("this call's {input}")
                } else if let Some(field) = source.strip_prefix("body:") {
                    format!("the answer's {field}")
                } else {
                    (*source).to_owned()
                };
                format!("{name} = {from}")
            })
            .collect();
        let until = match &watcher.expect {
            Expect::Status(status) => format!("it answers {status}"),
            Expect::Field { path, values } => format!("{path} is {}", values.join(" or ")),
        };
        let _ = writeln!(
            out,
            "\nafter this write: poll {} (version {}) with {} until {until}",
            watcher.operation,
            watcher.version,
            params.join(", ")
        );
    }
    Ok(out)
}

/// `enum: A, B, C, … (N more)`.
fn values(values: &[&str]) -> String {
    let shown: Vec<&str> = values.iter().take(SHOWN_VALUES).copied().collect();
    let more = values.len().saturating_sub(SHOWN_VALUES);
    if more > 0 {
        format!("enum: {}, … ({more} more)", shown.join(", "))
    } else {
        format!("enum: {}", shown.join(", "))
    }
}

/// The tree of a body or answer schema (`X` or `[X]`).
fn tree_of(out: &mut String, name: &'static str, printed: &mut HashSet<&'static str>) {
    match schema(SchemaRef::of(name).name()) {
        Some(s) => tree(out, s, 1, printed),
        None => {
            let _ = writeln!(out, "  (no schema named {name} in the catalog)");
        }
    }
}

/// A schema's properties, one per line, with nested schemas' trees indented below them the
/// first time, and referred to by name afterwards.
pub fn tree(
    out: &mut String,
    s: &'static Schema,
    depth: usize,
    printed: &mut HashSet<&'static str>,
) {
    let indent = "  ".repeat(depth);
    if !printed.insert(s.name) {
        let _ = writeln!(out, "{indent}(the properties of {} are above)", s.name);
        return;
    }
    match s.shape {
        SchemaShape::Enum => {
            let _ = writeln!(out, "{indent}{}", values(s.values));
            return;
        }
        SchemaShape::Other if s.properties.is_empty() => {
            let _ = writeln!(out, "{indent}(free-form JSON)");
            return;
        }
        SchemaShape::Union => {
            let _ = write!(out, "{indent}one of: {}", s.variants.join(", "));
            if let Some(discriminator) = s.discriminator {
                let _ = write!(out, " (by {discriminator})");
            }
            out.push_str("; their properties:\n");
        }
        _ => {}
    }
    for property in s.properties {
        let _ = writeln!(out, "{indent}{}", property_line(property));
        if let Some(nested) = nested(&property.ty) {
            if printed.contains(nested.name) {
                let _ = writeln!(
                    out,
                    "{indent}  (the properties of {} are above)",
                    nested.name
                );
            } else if !matches!(nested.shape, SchemaShape::Enum) {
                tree(out, nested, depth + 1, printed);
            }
        }
    }
}

/// The schema a property's values are, through arrays and maps.
fn nested(ty: &Ty) -> Option<&'static Schema> {
    match ty {
        Ty::Ref(name) => schema(name),
        Ty::Array(item) | Ty::Map(item) => nested(item),
        _ => None,
    }
}

/// The JSON type of a property, as the tree writes it.
pub fn type_text(ty: &Ty) -> String {
    match ty {
        Ty::String => "string".to_owned(),
        Ty::Integer => "integer".to_owned(),
        Ty::Number => "number".to_owned(),
        Ty::Boolean => "boolean".to_owned(),
        Ty::Object => "object".to_owned(),
        Ty::Any => "any".to_owned(),
        Ty::Ref(name) => match schema(name) {
            Some(s) if s.shape == SchemaShape::Enum => format!("string ({name})"),
            _ => (*name).to_owned(),
        },
        Ty::Array(item) => format!("array of {}", type_text(item)),
        Ty::Map(item) => format!("map of {}", type_text(item)),
    }
}

/// `wireName  type  required, read-only, nullable  enum: …`.
fn property_line(property: &Property) -> String {
    let mut line = format!("{}  {}", property.name, type_text(&property.ty));
    if let Some(format) = property.format {
        let _ = write!(line, " ({format})");
    }
    let mut flags = Vec::new();
    if property.required {
        flags.push("required");
    }
    if property.read_only {
        flags.push("read-only");
    }
    if property.write_only {
        flags.push("write-only");
    }
    if property.nullable {
        flags.push("nullable");
    }
    if !flags.is_empty() {
        let _ = write!(line, "  {}", flags.join(", "));
    }
    let listed = if property.values.is_empty() {
        nested(&property.ty)
            .filter(|s| s.shape == SchemaShape::Enum)
            .map_or(&[][..], |s| s.values)
    } else {
        property.values
    };
    if !listed.is_empty() {
        let _ = write!(line, "  {}", values(listed));
    }
    line
}
