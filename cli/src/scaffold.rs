//! `scaffold OPERATION [--version V] [--fields a,b.c]`: the Rust a user pastes: `use` lines, the
//! `#[atlas_endpoint]` declaration, and the `#[derive(AtlasModel)]` models of its body and
//! answer with the chosen properties, each model once.

use crate::Error;
use crate::fields::{Selection, model_of, select};
use crate::lookup;
use crate::naming::{
    VARIANT_RULES, function, ident, pascal, serde_camel, serde_variant, snake, string,
};
use crate::plan::{EnumKey, Plan, Uses, enum_of, is_plain};
use atlas_endpoint_catalog::{
    Body, Expect, Location, Media, Operation, ParamKind, Property, Schema, SchemaRef, Ty, Version,
    schema,
};
use std::collections::HashSet;
use std::fmt::Write;

/// Declarations with more parameters than this get `#[allow(clippy::too_many_arguments)]`.
const CLIPPY_ARGUMENTS: usize = 7;

/// What a scaffold is made of, before printing.
pub struct Scaffold {
    /// The operation.
    pub operation: &'static Operation,
    /// The version declared.
    pub version: &'static Version,
    /// The models and enums.
    pub plan: Plan,
    /// The body's schema and whether it is an array of it.
    body: Option<(&'static Schema, bool)>,
    /// The answer's model schema and how it is wrapped.
    answer: Answer,
}

/// How the answer is typed.
enum Answer {
    /// A model (`T`), a page of it (`Page<T>`) or an array (`Vec<T>`).
    Model(&'static Schema, Wrap),
    /// Not a model: `serde_json::Value`, `()` or `Vec<u8>`, as written.
    Other(&'static str),
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Wrap {
    Plain,
    Page,
    Array,
}

/// The schema a body or answer names when it is a model: (schema, is an array).
fn named_model(named: Option<SchemaRef>) -> Option<(&'static Schema, bool)> {
    let named = named?;
    let item = schema(named.name())?;
    let array = matches!(named, SchemaRef::ArrayOf(_));
    crate::fields::is_model(item).then_some((item, array))
}

/// The item schema of a paginated answer (`results` an array of models, beside `totalCount`).
fn page_item(answer: &Schema) -> Option<&'static Schema> {
    let results = answer.properties.iter().find(|p| p.name == "results")?;
    answer.properties.iter().find(|p| p.name == "totalCount")?;
    match results.ty {
        Ty::Array(Ty::Ref(_)) => model_of(&results.ty),
        _ => None,
    }
}

impl Scaffold {
    /// Plans the scaffold of `id` at `version` (default: the newest) keeping `fields` (all
    /// properties when `None`).
    pub fn new(id: &str, version: Option<&str>, fields: Option<&[String]>) -> Result<Self, Error> {
        let operation = lookup::operation(id)?;
        let version = lookup::version(operation, version)?;
        let body = if operation.body == Body::Absent {
            None
        } else {
            named_model(version.body_schema())
        };
        let answer = if version.media != Media::Json {
            Answer::Other("Vec<u8>")
        } else if !version.answers_body {
            Answer::Other("()")
        } else {
            match named_model(version.answer_schema()) {
                Some((item, true)) => Answer::Model(item, Wrap::Array),
                Some((schema, false)) => match page_item(schema) {
                    Some(item) => Answer::Model(item, Wrap::Page),
                    None => Answer::Model(schema, Wrap::Plain),
                },
                None => Answer::Other("serde_json::Value"),
            }
        };
        let mut roots: Vec<(&'static Schema, Uses)> = Vec::new();
        if let Some((schema, _)) = body {
            roots.push((schema, Uses::BODY));
        }
        if let Answer::Model(schema, _) = answer {
            match roots.iter_mut().find(|(root, _)| root.name == schema.name) {
                Some((_, uses)) => uses.answer = true,
                None => roots.push((schema, Uses::ANSWER)),
            }
        }
        let selections = match fields {
            None => vec![Selection::All; roots.len()],
            Some(paths) => {
                let schemas: Vec<&'static Schema> =
                    roots.iter().map(|(schema, _)| *schema).collect();
                select(&schemas, paths)?
            }
        };
        let roots: Vec<_> = roots
            .into_iter()
            .zip(selections)
            .map(|((schema, uses), selection)| (schema, selection, uses))
            .collect();
        Ok(Self {
            operation,
            version,
            plan: Plan::new(&roots),
            body,
            answer,
        })
    }

    /// The Rust type of the body (`&T`, `&[T]` or `&serde_json::Value`), if the operation
    /// takes one.
    fn body_type(&self) -> Option<String> {
        if self.operation.body == Body::Absent {
            return None;
        }
        Some(match self.body {
            Some((schema, array)) => {
                let name = &self.plan.model(schema.name).expect("planned").name;
                if array {
                    format!("&[{name}]")
                } else {
                    format!("&{name}")
                }
            }
            None => "&serde_json::Value".to_owned(),
        })
    }

    /// The `T` of `Result<T>`.
    fn answer_type(&self) -> String {
        match self.answer {
            Answer::Model(schema, wrap) => {
                let name = &self.plan.model(schema.name).expect("planned").name;
                match wrap {
                    Wrap::Plain => name.clone(),
                    Wrap::Page => format!("Page<{name}>"),
                    Wrap::Array => format!("Vec<{name}>"),
                }
            }
            Answer::Other(text) => text.to_owned(),
        }
    }

    /// The declaration: attribute, `pub async fn` and its parameters, one per line when long.
    pub fn declaration(&self) -> String {
        let op = self.operation;
        let mut flags = String::new();
        if op.deprecated {
            flags.push_str(", deprecated");
        }
        if let Some(version) = lookup::version_flag(op, self.version) {
            let _ = write!(flags, ", version = {}", string(version));
        }
        let mut parameters = vec!["client: &Client".to_owned()];
        let mut used: HashSet<String> = HashSet::from(["client".to_owned()]);
        for placeholder in placeholders(op.path) {
            let name = function(placeholder);
            used.insert(name.clone());
            parameters.push(format!("{name}: &str"));
        }
        for param in op.params.iter().filter(|p| p.location != Location::Path) {
            let mut name = function(param.name);
            while !used.insert(name.clone()) {
                name.push('_');
            }
            let ty = match param.kind {
                ParamKind::String => "&str",
                ParamKind::Integer => "i64",
                ParamKind::Boolean => "bool",
                ParamKind::Array => "&[String]",
            };
            let ty = if param.required {
                ty.to_owned()
            } else {
                format!("Option<{ty}>")
            };
            let marker = if param.location == Location::Query {
                "query"
            } else {
                "header"
            };
            parameters.push(format!("#[{marker}({})] {name}: {ty}", string(param.name)));
        }
        if let Some(body) = self.body_type() {
            let mut name = "body".to_owned();
            while !used.insert(name.clone()) {
                name.push('_');
            }
            parameters.push(format!("#[body] {name}: {body}"));
        }
        let mut out = String::new();
        let _ = writeln!(
            out,
            "#[atlas_endpoint({}, {}{flags})]",
            op.method,
            string(op.path)
        );
        if parameters.len() > CLIPPY_ARGUMENTS {
            out.push_str("#[allow(clippy::too_many_arguments)]\n");
        }
        let name = function(op.operation_id);
        let answer = self.answer_type();
        let one_line = format!(
            "pub async fn {name}({}) -> Result<{answer}>;",
            parameters.join(", ")
        );
        if one_line.len() <= 100 {
            out.push_str(&one_line);
        } else {
            let _ = writeln!(out, "pub async fn {name}(");
            for parameter in &parameters {
                let _ = writeln!(out, "    {parameter},");
            }
            let _ = write!(out, ") -> Result<{answer}>;");
        }
        out.push('\n');
        out
    }

    /// The Rust type of one field of `owner`'s model (without the `Option`).
    fn field_type(&self, owner: &'static Schema, property: &'static Property) -> String {
        let element = |ty: &Ty| self.value_type(owner, property, ty);
        let inner = element(&property.ty);
        if self.plan.is_boxed(owner.name, property.name) {
            format!("Box<{inner}>")
        } else {
            inner
        }
    }

    fn value_type(&self, owner: &'static Schema, property: &'static Property, ty: &Ty) -> String {
        match ty {
            Ty::String => {
                match enum_of(owner, property).and_then(|(key, _)| self.plan.enumeration(key)) {
                    Some(item) => item.name.clone(),
                    None => "String".to_owned(),
                }
            }
            Ty::Integer => "i64".to_owned(),
            Ty::Number => "f64".to_owned(),
            Ty::Boolean => "bool".to_owned(),
            Ty::Object => "serde_json::Map<String, serde_json::Value>".to_owned(),
            Ty::Any => "serde_json::Value".to_owned(),
            Ty::Ref(name) => {
                if let Some(model) = self.plan.model(name) {
                    return model.name.clone();
                }
                match enum_of(owner, property).and_then(|(key, _)| self.plan.enumeration(key)) {
                    Some(item) if key_is(item.key, name) => item.name.clone(),
                    _ => match schema(name) {
                        Some(s) if s.shape == atlas_endpoint_catalog::SchemaShape::Enum => {
                            "String".to_owned()
                        }
                        _ => "serde_json::Value".to_owned(),
                    },
                }
            }
            Ty::Array(item) => format!("Vec<{}>", self.value_type(owner, property, item)),
            Ty::Map(item) => format!(
                "std::collections::HashMap<String, {}>",
                self.value_type(owner, property, item)
            ),
        }
    }

    /// The `use` lines the printed code needs, exactly.
    fn uses(&self, code: &str) -> String {
        let mut names = Vec::new();
        if code.contains("AtlasModel") {
            names.push("AtlasModel");
        }
        names.push("Client");
        if code.contains("Page<") {
            names.push("Page");
        }
        names.push("Result");
        names.push("atlas_endpoint");
        format!("use atlas_endpoint::{{{}}};\n", names.join(", "))
    }

    /// The models and enums, each once.
    pub fn models(&self) -> String {
        let mut out = String::new();
        for model in &self.plan.models {
            out.push('\n');
            let schema = model.schema;
            let _ = writeln!(
                out,
                "// Atlas schema: {}{}",
                schema.name,
                describe(schema, model.uses)
            );
            let root = self.body.is_some_and(|(body, _)| body.name == schema.name);
            if root
                && schema.properties.iter().all(|p| !p.required)
                && !schema.properties.is_empty()
            {
                let _ = writeln!(
                    out,
                    "// The spec marks none of its properties required; which ones Atlas needs is not in the spec."
                );
            }
            out.push_str(
                "#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, AtlasModel)]\n",
            );
            let _ = writeln!(out, "#[atlas_model({})]", schema.name);
            let mut fields = String::new();
            let mut used = HashSet::new();
            let mut lines = Vec::new();
            for &position in &model.properties {
                let property = &schema.properties[position];
                let mut name = ident(&snake(property.name));
                while !used.insert(name.clone()) {
                    name.push('_');
                }
                lines.push((name, property));
            }
            // `rename_all = "camelCase"` when it spares more renames than it costs; a raw
            // identifier is always renamed explicitly.
            let misses = |wire_of: &dyn Fn(&str) -> String| {
                lines
                    .iter()
                    .filter(|(name, property)| {
                        name.starts_with("r#") || wire_of(name) != property.name
                    })
                    .count()
            };
            let camel =
                misses(&|name: &str| serde_camel(name)) < misses(&|name: &str| name.to_owned());
            for (name, property) in lines {
                let wire = if camel {
                    serde_camel(&name)
                } else {
                    name.clone()
                };
                let plain = is_plain(schema, property);
                let mut serde = Vec::new();
                if name.starts_with("r#") || wire != property.name {
                    serde.push(format!("rename = {}", string(property.name)));
                }
                if !plain {
                    serde.push("skip_serializing_if = \"Option::is_none\"".to_owned());
                }
                if let Some(note) = note(property) {
                    let _ = writeln!(fields, "    /// {note}");
                }
                if !serde.is_empty() {
                    let _ = writeln!(fields, "    #[serde({})]", serde.join(", "));
                }
                let ty = self.field_type(schema, property);
                let ty = if plain { ty } else { format!("Option<{ty}>") };
                let _ = writeln!(fields, "    pub {name}: {ty},");
            }
            if camel {
                out.push_str("#[serde(rename_all = \"camelCase\")]\n");
            }
            if fields.is_empty() {
                let _ = writeln!(out, "pub struct {} {{}}", model.name);
            } else {
                let _ = write!(out, "pub struct {} {{\n{fields}}}\n", model.name);
            }
        }
        for item in &self.plan.enums {
            out.push('\n');
            out.push_str(&render_enum(item));
        }
        out
    }

    /// The whole scaffold as printed.
    pub fn render(&self, command: &str) -> String {
        let op = self.operation;
        let declaration = self.declaration();
        let models = self.models();
        let mut out = String::new();
        let former = op
            .former_id
            .map_or_else(String::new, |former| format!(" ({former})"));
        let _ = writeln!(
            out,
            "// {}{former}, version {}: {} {}",
            op.operation_id, self.version.version, op.method, op.path
        );
        let _ = writeln!(out, "// Printed by `atlas-endpoint {command}`.");
        out.push_str(&self.uses(&format!("{declaration}{models}")));
        out.push('\n');
        if let Some(watcher) = &op.watcher {
            let until = match &watcher.expect {
                Expect::Status(status) => format!("it answers {status}"),
                Expect::Field { path, values } => format!("{path} is {}", values.join(" or ")),
            };
            let _ = writeln!(
                out,
                "// Atlas completes this write in the background: poll {} (version {}) until {until}.",
                watcher.operation, watcher.version
            );
        }
        out.push_str(&declaration);
        out.push_str(&models);
        out
    }
}

fn key_is(key: EnumKey, name: &str) -> bool {
    matches!(key, EnumKey::Schema(schema) if schema == name)
}

/// The placeholders of a path template, in order.
pub fn placeholders(path: &str) -> Vec<&str> {
    path.split('<')
        .skip(1)
        .filter_map(|rest| rest.split_once('>').map(|(name, _)| name))
        .collect()
}

/// What a model's comment says of it: a union's variants, and where it is used.
fn describe(schema: &Schema, uses: Uses) -> String {
    let mut text = String::new();
    text.push_str(match (uses.body, uses.answer) {
        (true, true) => " (sent and received)",
        (true, false) => " (sent)",
        _ => " (received)",
    });
    if !schema.variants.is_empty() {
        let _ = write!(text, "\n// A union of {}", schema.variants.join(", "));
        if let Some(discriminator) = schema.discriminator {
            let _ = write!(text, " (by `{discriminator}`)");
        }
        text.push_str(": every variant's properties in one struct.");
    }
    text
}

/// A doc line for a field whose meaning the type does not say.
fn note(property: &Property) -> Option<String> {
    let mut notes = Vec::new();
    if property.read_only {
        notes.push("read-only: Atlas sets it".to_owned());
    }
    if property.write_only {
        notes.push("write-only: answers never carry it".to_owned());
    }
    if let Some(format) = property.format
        && !matches!(format, "int32" | "int64" | "double" | "float")
    {
        notes.push(format!("format: {format}"));
    }
    let values = if property.values.is_empty() {
        let mut ty = &property.ty;
        while let Ty::Array(item) = ty {
            ty = item;
        }
        match ty {
            Ty::Ref(name) => schema(name).map_or(&[][..], |s| s.values),
            _ => &[],
        }
    } else {
        property.values
    };
    if values.len() > crate::plan::MAX_ENUM_VALUES
        || (!values.is_empty()
            && !crate::naming::is_word(property.name)
            && matches!(property.ty, Ty::String))
    {
        let shown: Vec<&str> = values.iter().take(5).copied().collect();
        notes.push(format!(
            "one of {} values Atlas lists: {}, …",
            values.len(),
            shown.join(", ")
        ));
    }
    (!notes.is_empty()).then(|| {
        let mut text = notes.join("; ");
        text.push('.');
        let mut chars = text.chars();
        chars.next().map_or_else(String::new, |first| {
            first.to_ascii_uppercase().to_string() + chars.as_str()
        })
    })
}

/// One enum: its variants under the `rename_all` rule that needs the fewest renames, and a
/// catch-all for values Atlas adds later when answers carry it.
fn render_enum(item: &crate::plan::Enum) -> String {
    let mut variants: Vec<(String, &str)> = Vec::new();
    let mut used = HashSet::new();
    let mut seen = HashSet::new();
    // The spec repeats a value now and then (`BaseAtlasDataLakeRegion`): one variant each.
    for value in item.values.iter().filter(|value| seen.insert(**value)) {
        let base = pascal(value);
        let mut name = base.clone();
        let mut counter = 2;
        while !used.insert(name.clone()) {
            name = format!("{base}{counter}");
            counter += 1;
        }
        variants.push((name, value));
    }
    let misses = |rule: Option<&str>| {
        variants
            .iter()
            .filter(|(name, value)| {
                rule.map_or_else(|| name.clone(), |rule| serde_variant(name, rule)) != **value
            })
            .count()
    };
    let mut best: (usize, Option<&str>) = (misses(None), None);
    for rule in VARIANT_RULES {
        let count = misses(Some(rule));
        if count < best.0 {
            best = (count, Some(rule));
        }
    }
    let rule = best.1;
    let mut out = String::new();
    match item.key {
        EnumKey::Schema(name) => {
            let _ = writeln!(out, "// Atlas schema: {name}");
        }
        EnumKey::Property(owner, property) => {
            let _ = writeln!(out, "// Atlas's values of {owner}.{property}");
        }
    }
    out.push_str("#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, AtlasModel)]\n");
    match item.key {
        EnumKey::Schema(name) => {
            let _ = writeln!(out, "#[atlas_model({name})]");
        }
        EnumKey::Property(owner, property) => {
            let _ = writeln!(out, "#[atlas_model({owner}.{property})]");
        }
    }
    if let Some(rule) = rule {
        let _ = writeln!(out, "#[serde(rename_all = {})]", string(rule));
    }
    let _ = writeln!(out, "pub enum {} {{", item.name);
    for (name, value) in &variants {
        let wire = rule.map_or_else(|| name.clone(), |rule| serde_variant(name, rule));
        if wire != *value {
            let _ = writeln!(out, "    #[serde(rename = {})]", string(value));
        }
        let _ = writeln!(out, "    {name},");
    }
    if item.uses.answer {
        let mut name = "Other".to_owned();
        while used.contains(&name) {
            name.insert_str(0, "Any");
        }
        out.push_str("    /// A value Atlas added after this was written.\n");
        let _ = writeln!(out, "    #[serde(other, skip_serializing)]\n    {name},");
    }
    out.push_str("}\n");
    out
}

/// The output of `scaffold`.
pub fn run(id: &str, version: Option<&str>, fields: Option<&[String]>) -> Result<String, Error> {
    let scaffold = Scaffold::new(id, version, fields)?;
    let mut command = format!("scaffold {}", scaffold.operation.operation_id);
    if let Some(version) = version {
        let _ = write!(command, " --version {version}");
    }
    if let Some(fields) = fields {
        let _ = write!(command, " --fields {}", fields.join(","));
    }
    Ok(scaffold.render(&command))
}

/// Every operation-version Atlas serves: (operation id, version), in the catalog's order.
pub fn served() -> Vec<(&'static str, &'static str)> {
    atlas_endpoint_catalog::OPERATIONS
        .iter()
        .flat_map(|op| {
            op.versions
                .iter()
                .map(move |v| (op.operation_id, v.version))
        })
        .collect()
}

/// A module name for the scaffold of `operation` at `version` (`create_group_cluster_2024_10_23`).
pub fn module_name(operation: &str, version: &str) -> String {
    format!("{}_{}", snake(operation), version.replace('-', "_"))
}
