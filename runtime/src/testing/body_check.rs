//! Request bodies checked against the routed operation's schema, as Atlas checks them: unknown
//! fields, wrong JSON types, values outside an enum, missing required properties (for `POST`
//! and `PUT`) and read-only properties sent. A body Atlas would refuse gets Atlas's
//! `400 VALIDATION_ERROR` answer naming each field, so a test cannot pass on a body Atlas
//! refuses.

use super::Reply;
use crate::Endpoint;
use atlas_endpoint_catalog::{OPERATIONS, Property, Schema, SchemaRef, SchemaShape, Ty, schema};
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
    let expected = version.body_schema()?;
    let Ok(value) = serde_json::from_slice::<Value>(body) else {
        return Some(validation_error(&[Problem::new(
            "",
            "the body is not JSON",
        )]));
    };
    let creates = operation.needs_complete_body();
    let mut problems = Vec::new();
    match expected {
        SchemaRef::ArrayOf(item) => match &value {
            Value::Array(items) => {
                for (index, item_value) in items.iter().enumerate() {
                    check_named(
                        item,
                        item_value,
                        &format!("[{index}]"),
                        creates,
                        &mut problems,
                    );
                }
            }
            _ => problems.push(Problem::new("", "the body must be an array")),
        },
        SchemaRef::One(name) => check_named(name, &value, "", creates, &mut problems),
    }
    (!problems.is_empty()).then(|| validation_error(&problems))
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
}

/// Atlas's answer to an invalid body.
fn validation_error(problems: &[Problem]) -> Reply {
    let named: Vec<String> = problems
        .iter()
        .map(|problem| match problem.field.as_str() {
            "" => problem.description.clone(),
            field => format!("{field}: {}", problem.description),
        })
        .collect();
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
fn check_named(name: &str, value: &Value, at: &str, creates: bool, problems: &mut Vec<Problem>) {
    if let Some(found) = schema(name) {
        check_schema(found, value, at, creates, problems);
    }
}

fn check_schema(
    found: &Schema,
    value: &Value,
    at: &str,
    creates: bool,
    problems: &mut Vec<Problem>,
) {
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
                    Some(property) if property.read_only => {
                        problems.push(Problem::new(&path, "is read-only"))
                    }
                    Some(property) => check_property(property, field_value, &path, problems),
                }
            }
            // A union's own required properties apply; each variant's are the variant's.
            if creates {
                for property in found.properties.iter().filter(|property| {
                    property.required && !property.read_only && !fields.contains_key(property.name)
                }) {
                    problems.push(Problem::new(&join(at, property.name), "is required"));
                }
            }
        }
        SchemaShape::Other => {}
    }
}

fn check_property(property: &Property, value: &Value, at: &str, problems: &mut Vec<Problem>) {
    if value.is_null() && property.nullable {
        return;
    }
    check_type(property.ty, property.values, value, at, problems);
}

/// Nested objects are checked as updates: their required properties are not enforced (Atlas
/// documents many of them as required only on creation).
fn check_type(ty: Ty, values: &[&str], value: &Value, at: &str, problems: &mut Vec<Problem>) {
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
            check_named(name, value, at, false, problems);
            true
        }
        Ty::Array(items) => match value.as_array() {
            Some(elements) => {
                for (index, element) in elements.iter().enumerate() {
                    check_type(*items, values, element, &format!("{at}[{index}]"), problems);
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
