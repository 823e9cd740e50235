//! Answers shaped by the asked version's schema: a stored resource keeps every field it was
//! given (by any version); an answer carries only what the version's answer schema knows.

use super::call::{Ask, media_type};
use crate::testing::Reply;
use atlas_endpoint_catalog::{SchemaRef, SchemaShape, Ty, schema};
use serde_json::{Map, Value, json};

/// The success answer `value`, shaped by the version's answer schema, with its media type.
pub(super) fn answer(ask: &Ask, status: u16, value: &Value) -> Reply {
    let shaped = match ask.version.answer_schema() {
        Some(expected) => conform(expected, value),
        None => value.clone(),
    };
    let body = serde_json::to_vec(&shaped).unwrap_or_default();
    Reply::raw(status, Some(&media_type(ask.version.version)), body.into())
}

/// A success answer without a body (`202`, `204`).
pub(super) fn empty(status: u16) -> Reply {
    Reply::raw(status, None, Default::default())
}

/// `links` of a resource: itself.
pub(super) fn self_link(href: String) -> Value {
    json!([{ "href": href, "rel": "self" }])
}

/// `value` with what `expected` does not describe left out: unknown and write-only properties,
/// values of the wrong JSON type or outside an enum.
pub(super) fn conform(expected: SchemaRef, value: &Value) -> Value {
    match expected {
        SchemaRef::One(name) => conform_named(name, value).unwrap_or(Value::Null),
        SchemaRef::ArrayOf(name) => Value::Array(
            value
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|item| conform_named(name, item))
                .collect(),
        ),
    }
}

/// `value` shaped by the component schema `name` (kept whole when the schema is unknown), or
/// `None` when it cannot be one.
fn conform_named(name: &str, value: &Value) -> Option<Value> {
    let Some(found) = schema(name) else {
        return Some(value.clone());
    };
    match found.shape {
        SchemaShape::Enum => value
            .as_str()
            .filter(|text| found.values.contains(text))
            .map(|_| value.clone()),
        SchemaShape::Object | SchemaShape::Union => {
            let fields = value.as_object()?;
            let kept: Map<String, Value> = fields
                .iter()
                .filter_map(|(key, field)| {
                    let property = found
                        .properties
                        .iter()
                        .find(|property| property.name == key && !property.write_only)?;
                    let shaped = if field.is_null() && property.nullable {
                        Value::Null
                    } else {
                        conform_type(property.ty, property.values, field)?
                    };
                    Some((key.clone(), shaped))
                })
                .collect();
            Some(Value::Object(kept))
        }
        SchemaShape::Other => Some(value.clone()),
    }
}

fn conform_type(ty: Ty, values: &[&str], value: &Value) -> Option<Value> {
    let fits = match ty {
        Ty::String => value
            .as_str()
            .is_some_and(|text| values.is_empty() || values.contains(&text)),
        Ty::Integer => value.is_i64() || value.is_u64(),
        Ty::Number => value.is_number(),
        Ty::Boolean => value.is_boolean(),
        Ty::Object | Ty::Map(_) => value.is_object(),
        Ty::Any => true,
        Ty::Ref(name) => return conform_named(name, value),
        Ty::Array(items) => {
            return value.as_array().map(|elements| {
                Value::Array(
                    elements
                        .iter()
                        .filter_map(|element| conform_type(*items, values, element))
                        .collect(),
                )
            });
        }
    };
    fits.then(|| value.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_and_write_only_fields_and_misfits_are_left_out() {
        let user = json!({
            "username": "app",
            "password": "secret",
            "groupId": "5f1b2c3d4e5f6a7b8c9d0e1f",
            "databaseName": "admin",
            "roles": [{"roleName": "readWrite", "databaseName": "app", "extra": 1}, 7],
            "numShards": 3,
            "description": 5,
        });
        let shaped = conform(SchemaRef::One("CloudDatabaseUser"), &user);
        assert_eq!(
            shaped,
            json!({
                "username": "app",
                "databaseName": "admin",
                "roles": [{"roleName": "readWrite", "databaseName": "app"}],
            })
        );
    }
}
