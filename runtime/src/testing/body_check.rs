//! JSON checked against the operation's schemas, as Atlas checks them.
//!
//! Request bodies: unknown fields, wrong JSON types, values outside an enum, missing required
//! properties (for `POST` and `PUT`) and read-only properties sent. A body Atlas would refuse
//! gets Atlas's `400 VALIDATION_ERROR` answer naming each field, so a test cannot pass on a
//! body Atlas refuses.
//!
//! Answers ([`check_answer`]): unknown fields, wrong JSON types, values outside an enum,
//! write-only properties sent back, and required properties missing at any depth.

use super::Reply;
use crate::Endpoint;
use atlas_endpoint_catalog::{
    OPERATIONS, Operation, Property, Schema, SchemaRef, SchemaShape, Ty, Version, schema,
};
use serde_json::{Value, json};

/// The answer to a body the operation's schema refuses, or `None` when it conforms (or when the
/// endpoint is not in the catalog, or its body is not JSON).
pub fn check(endpoint: &Endpoint, body: &[u8]) -> Option<Reply> {
    let operation = OPERATIONS.iter().find(|operation| {
        operation.operation_id == endpoint.operation
            && operation.method.as_str() == endpoint.method.as_str()
    })?;
    let version = operation
        .versions
        .iter()
        .find(|version| version.version == endpoint.version)?;
    check_version(operation, version, body)
}

/// The answer to a body that `version` of `operation` refuses, or `None` when it conforms (or
/// when the version takes no body).
pub fn check_version(operation: &Operation, version: &Version, body: &[u8]) -> Option<Reply> {
    let mode = if operation.needs_complete_body() {
        Mode::Create
    } else {
        Mode::Update
    };
    check_body(version, body, mode)
}

/// As [`check_version`], and every object nested in the body must also carry the properties
/// its schema requires (a database user's role without its database): the stateful emulator
/// keeps what it is given and answers it back, and an answer always carries them.
pub fn check_version_complete(
    operation: &Operation,
    version: &Version,
    body: &[u8],
) -> Option<Reply> {
    let mode = if operation.needs_complete_body() {
        Mode::Complete
    } else {
        Mode::Partial
    };
    check_body(version, body, mode)
}

fn check_body(version: &Version, body: &[u8], mode: Mode) -> Option<Reply> {
    let expected = version.body_schema()?;
    let Ok(value) = serde_json::from_slice::<Value>(body) else {
        return Some(validation_error(&[Problem::new(
            "",
            "the body is not JSON",
        )]));
    };
    let problems = check_value(expected, &value, mode);
    (!problems.is_empty()).then(|| validation_error(&problems))
}

/// What `value` would need to change to be an answer Atlas sends for `expected`: each problem
/// as `field: description` (empty when it conforms).
pub fn check_answer(expected: SchemaRef, value: &Value) -> Vec<String> {
    check_value(expected, value, Mode::Answer)
        .iter()
        .map(Problem::describe)
        .collect()
}

/// Which rules apply.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// A `PATCH` body (and any nested object of a body): no property is required.
    Update,
    /// A `POST` or `PUT` body: its own required properties must be there.
    Create,
    /// An answer: read-only properties may be there, write-only ones may not, and required
    /// ones must be there at every depth.
    Answer,
    /// A `POST` or `PUT` body whose nested objects must be complete too.
    Complete,
    /// A `PATCH` body whose nested objects must be complete.
    Partial,
}

impl Mode {
    /// The rules for the objects nested in an object checked with these.
    fn nested(self) -> Self {
        match self {
            Self::Answer => Self::Answer,
            Self::Update | Self::Create => Self::Update,
            Self::Complete | Self::Partial => Self::Complete,
        }
    }

    /// Whether `property`, when required, must be there.
    fn owes(self, property: &Property) -> bool {
        match self {
            Self::Update | Self::Partial => false,
            Self::Create | Self::Complete => !property.read_only,
            Self::Answer => !property.write_only,
        }
    }
}

fn check_value(expected: SchemaRef, value: &Value, mode: Mode) -> Vec<Problem> {
    let mut problems = Vec::new();
    match expected {
        SchemaRef::ArrayOf(item) => match value {
            Value::Array(items) => {
                for (index, item_value) in items.iter().enumerate() {
                    check_named(item, item_value, &format!("[{index}]"), mode, &mut problems);
                }
            }
            _ => problems.push(Problem::new("", "the body must be an array")),
        },
        SchemaRef::One(name) => check_named(name, value, "", mode, &mut problems),
    }
    problems
}

/// One field Atlas would refuse.
struct Problem {
    field: String,
    description: String,
}

impl Problem {
    fn new(field: &str, description: impl Into<String>) -> Self {
        Self {
            field: field.to_owned(),
            description: description.into(),
        }
    }

    /// `field: description`, or the description alone for the whole body.
    fn describe(&self) -> String {
        match self.field.as_str() {
            "" => self.description.clone(),
            field => format!("{field}: {}", self.description),
        }
    }
}

/// Atlas's answer to an invalid body.
fn validation_error(problems: &[Problem]) -> Reply {
    let named: Vec<String> = problems.iter().map(Problem::describe).collect();
    let fields: Vec<Value> = problems
        .iter()
        .map(|problem| json!({"field": problem.field, "description": problem.description}))
        .collect();
    Reply::json(
        400,
        &json!({
            "error": 400,
            "errorCode": "VALIDATION_ERROR",
            "reason": "Bad Request",
            "detail": format!("Invalid request body: {}.", named.join("; ")),
            "parameters": [],
            "badRequestDetail": {"fields": fields},
        }),
    )
}

/// Checks `value` against the component schema `name` (unknown schemas pass).
fn check_named(name: &str, value: &Value, at: &str, mode: Mode, problems: &mut Vec<Problem>) {
    if let Some(found) = schema(name) {
        check_schema(found, value, at, mode, problems);
    }
}

fn check_schema(found: &Schema, value: &Value, at: &str, mode: Mode, problems: &mut Vec<Problem>) {
    match found.shape {
        SchemaShape::Enum => {
            if !value
                .as_str()
                .is_some_and(|text| found.values.contains(&text))
            {
                problems.push(Problem::new(
                    at,
                    format!("must be one of {}", found.values.join(", ")),
                ));
            }
        }
        SchemaShape::Object | SchemaShape::Union => {
            let Value::Object(fields) = value else {
                problems.push(Problem::new(
                    at,
                    format!("must be a `{}` object", found.name),
                ));
                return;
            };
            for (key, field_value) in fields {
                let path = join(at, key);
                match found
                    .properties
                    .iter()
                    .find(|property| property.name == key)
                {
                    None => problems.push(Problem::new(
                        &path,
                        format!("`{}` has no property `{key}`", found.name),
                    )),
                    Some(property) if property.read_only && mode != Mode::Answer => {
                        problems.push(Problem::new(&path, "is read-only"))
                    }
                    Some(property) if property.write_only && mode == Mode::Answer => {
                        problems.push(Problem::new(&path, "is write-only: answers never carry it"))
                    }
                    Some(property) => {
                        check_property(property, field_value, &path, mode.nested(), problems)
                    }
                }
            }
            // A union's own required properties apply; each variant's are the variant's.
            for property in found.properties.iter().filter(|property| {
                property.required && mode.owes(property) && !fields.contains_key(property.name)
            }) {
                problems.push(Problem::new(&join(at, property.name), "is required"));
            }
        }
        SchemaShape::Other => {}
    }
}

fn check_property(
    property: &Property,
    value: &Value,
    at: &str,
    mode: Mode,
    problems: &mut Vec<Problem>,
) {
    if value.is_null() && property.nullable {
        return;
    }
    check_type(property.ty, property.values, value, at, mode, problems);
}

/// Nested objects of a body are checked as updates: their required properties are not
/// enforced (Atlas documents many of them as required only on creation).
fn check_type(
    ty: Ty,
    values: &[&str],
    value: &Value,
    at: &str,
    mode: Mode,
    problems: &mut Vec<Problem>,
) {
    let fits = match ty {
        Ty::String => match value.as_str() {
            Some(text) if !values.is_empty() && !values.contains(&text) => {
                problems.push(Problem::new(
                    at,
                    format!("must be one of {}", values.join(", ")),
                ));
                true
            }
            found => found.is_some(),
        },
        Ty::Integer => value.is_i64() || value.is_u64(),
        Ty::Number => value.is_number(),
        Ty::Boolean => value.is_boolean(),
        Ty::Object | Ty::Map(_) => value.is_object(),
        Ty::Any => true,
        Ty::Ref(name) => {
            check_named(name, value, at, mode, problems);
            true
        }
        Ty::Array(items) => match value.as_array() {
            Some(elements) => {
                for (index, element) in elements.iter().enumerate() {
                    check_type(
                        *items,
                        values,
                        element,
                        &format!("{at}[{index}]"),
                        mode,
                        problems,
                    );
                }
                true
            }
            None => false,
        },
    };
    if !fits {
        problems.push(Problem::new(at, format!("must be {}", describe(ty))));
    }
}

fn describe(ty: Ty) -> String {
    match ty {
        Ty::String => "a string".to_owned(),
        Ty::Integer => "an integer".to_owned(),
        Ty::Number => "a number".to_owned(),
        Ty::Boolean => "a boolean".to_owned(),
        Ty::Object | Ty::Map(_) => "an object".to_owned(),
        Ty::Any => "a JSON value".to_owned(),
        Ty::Ref(name) => format!("a `{name}`"),
        Ty::Array(_) => "an array".to_owned(),
    }
}

/// `roles[0].databaseName`.
fn join(at: &str, key: &str) -> String {
    if at.is_empty() {
        key.to_owned()
    } else {
        format!("{at}.{key}")
    }
}
