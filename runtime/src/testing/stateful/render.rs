//! Answers shaped by the asked version's schema: a stored resource keeps every field it was
//! given (by any version); an answer carries only what the version's answer schema knows.

use super::call::Ask;
use crate::endpoint::{Media, versioned_media_type};
use crate::path::push_segment;
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
    Reply::raw(
        status,
        Some(&versioned_media_type(ask.version.version, Media::Json)),
        body.into(),
    )
}

/// A success answer without a body (`202`, `204`).
pub(super) fn empty(status: u16) -> Reply {
    Reply::raw(status, None, Default::default())
}

/// `links` of a resource: itself, at the path of `segments` under `/api/atlas/v2`, each
/// percent-encoded as one segment (an IAM user's ARN or a CIDR block holds a `/`).
pub(super) fn self_link(ask: &Ask, segments: &[&str]) -> Value {
    let mut path = String::new();
    for segment in segments {
        path.push('/');
        push_segment(&mut path, segment);
    }
    json!([{ "href": ask.url(&path), "rel": "self" }])
}

/// `value` with the properties `expected` does not know, or knows as write-only, left out, at
/// every depth. Nothing else changes: a value of the wrong JSON type or outside an enum stays, so
/// that the answer check ([`check_answer`](crate::testing::check_answer)) sees it.
pub(super) fn conform(expected: SchemaRef, value: &Value) -> Value {
    match expected {
        SchemaRef::One(name) => conform_named(name, value),
        SchemaRef::ArrayOf(name) => match value {
            Value::Array(items) => {
                Value::Array(items.iter().map(|item| conform_named(name, item)).collect())
            }
            _ => value.clone(),
        },
    }
}

/// `value` shaped by the component schema `name` (kept whole when the schema is unknown, or
/// when `value` is not the object the schema describes).
fn conform_named(name: &str, value: &Value) -> Value {
    let (Some(found), Some(fields)) = (schema(name), value.as_object()) else {
        return value.clone();
    };
    if !matches!(found.shape, SchemaShape::Object | SchemaShape::Union) {
        return value.clone();
    }
    let kept: Map<String, Value> = fields
        .iter()
        .filter_map(|(key, field)| {
            let property = found
                .properties
                .iter()
                .find(|property| property.name == key && !property.write_only)?;
            Some((key.clone(), conform_type(property.ty, field)))
        })
        .collect();
    Value::Object(kept)
}

/// `value` shaped as a value of type `ty`: the objects it holds lose what their schemas do not
/// know.
fn conform_type(ty: Ty, value: &Value) -> Value {
    match (ty, value) {
        (Ty::Ref(name), _) => conform_named(name, value),
        (Ty::Array(items), Value::Array(elements)) => Value::Array(
            elements
                .iter()
                .map(|element| conform_type(*items, element))
                .collect(),
        ),
        (Ty::Map(items), Value::Object(entries)) => Value::Object(
            entries
                .iter()
                .map(|(key, entry)| (key.clone(), conform_type(*items, entry)))
                .collect(),
        ),
        _ => value.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_and_write_only_fields_are_left_out_and_misfits_kept() {
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
                "roles": [{"roleName": "readWrite", "databaseName": "app"}, 7],
                "description": 5,
            })
        );
        let problems =
            crate::testing::body_check::check_answer(SchemaRef::One("CloudDatabaseUser"), &shaped);
        assert_eq!(problems.len(), 2, "{problems:?}");
    }
}
