//! `--fields a,b.c`: the properties a scaffold's models keep, as a tree per root schema.

use crate::Error;
use atlas_endpoint_catalog::{Schema, SchemaShape, Ty, schema};
use std::collections::BTreeMap;

/// What a model keeps of a schema's properties.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Selection {
    /// Every property, and all of every nested schema.
    All,
    /// These properties (by wire name), each with what its own schema keeps.
    Some(BTreeMap<&'static str, Selection>),
}

impl Selection {
    /// Nothing chosen (a body still gets the properties Atlas requires).
    pub fn none() -> Self {
        Self::Some(BTreeMap::new())
    }
}

/// The schema whose model a property's values are (through arrays and maps), when it is an
/// object or a union.
pub fn model_of(ty: &Ty) -> Option<&'static Schema> {
    match ty {
        Ty::Ref(name) => schema(name).filter(|s| is_model(s)),
        Ty::Array(item) | Ty::Map(item) => model_of(item),
        _ => None,
    }
}

/// Whether a schema gets a struct: an object or a union (its variants' properties merged).
pub fn is_model(schema: &Schema) -> bool {
    matches!(schema.shape, SchemaShape::Object | SchemaShape::Union)
}

/// The property names of a schema, for an error.
fn property_list(schema: &Schema) -> String {
    schema
        .properties
        .iter()
        .map(|p| p.name)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Adds one dotted path to the selection of `root`, or says why it does not fit.
fn add(selection: &mut Selection, root: &'static Schema, path: &str) -> Result<(), Error> {
    let mut current = root;
    let mut node = selection;
    let segments: Vec<&str> = path.split('.').collect();
    for (index, segment) in segments.iter().enumerate() {
        let Some(property) = current.properties.iter().find(|p| p.name == *segment) else {
            let near = current
                .properties
                .iter()
                .map(|p| (crate::naming::distance(segment, p.name), p.name))
                .min()
                .filter(|(distance, _)| *distance <= 3)
                .map_or_else(String::new, |(_, name)| {
                    format!(" (did you mean `{name}`?)")
                });
            return Err(Error::new(format!(
                "`{path}`: `{}` has no property `{segment}`{near}; its properties: {}",
                current.name,
                property_list(current)
            )));
        };
        let last = index + 1 == segments.len();
        let Selection::Some(children) = node else {
            return Ok(()); // already everything
        };
        if last {
            children.insert(property.name, Selection::All);
            return Ok(());
        }
        let Some(nested) = model_of(&property.ty) else {
            return Err(Error::new(format!(
                "`{path}`: `{}.{}` holds no object, so it has no property `{}`",
                current.name,
                property.name,
                segments[index + 1]
            )));
        };
        node = children
            .entry(property.name)
            .or_insert_with(Selection::none);
        current = nested;
    }
    Ok(())
}

/// The selections of `paths` in each of `roots` (the body's and the answer's schemas): a path
/// counts for every root it fits, and must fit one.
pub fn select(roots: &[&'static Schema], paths: &[String]) -> Result<Vec<Selection>, Error> {
    let mut selections = vec![Selection::none(); roots.len()];
    for path in paths.iter().map(|p| p.trim()).filter(|p| !p.is_empty()) {
        let mut first_error = None;
        let mut fitted = false;
        for (root, selection) in roots.iter().zip(selections.iter_mut()) {
            let mut attempt = selection.clone();
            match add(&mut attempt, root, path) {
                Ok(()) => {
                    *selection = attempt;
                    fitted = true;
                }
                Err(error) => {
                    first_error.get_or_insert(error);
                }
            }
        }
        if !fitted {
            return Err(first_error.unwrap_or_else(|| {
                Error::new(format!(
                    "`{path}`: this operation has no body or answer model to pick fields from"
                ))
            }));
        }
    }
    Ok(selections)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_a_tree() {
        let cluster = schema("ClusterDescription20240805").unwrap();
        let paths = ["name", "replicationSpecs.regionConfigs.priority"].map(String::from);
        let selections = select(&[cluster], &paths).unwrap();
        let Selection::Some(top) = &selections[0] else {
            panic!()
        };
        assert_eq!(top["name"], Selection::All);
        let Selection::Some(specs) = &top["replicationSpecs"] else {
            panic!()
        };
        let Selection::Some(configs) = &specs["regionConfigs"] else {
            panic!()
        };
        assert_eq!(configs["priority"], Selection::All);
    }

    #[test]
    fn a_wrong_path_names_the_schema_and_its_properties() {
        let cluster = schema("ClusterDescription20240805").unwrap();
        let error = select(&[cluster], &["replicationSpecs.regionConfig".into()]).unwrap_err();
        let text = error.to_string();
        assert!(
            text.contains("`ReplicationSpec20240805` has no property `regionConfig`"),
            "{text}"
        );
        assert!(text.contains("did you mean `regionConfigs`?"), "{text}");
        assert!(
            text.contains("its properties: id, regionConfigs, zoneId, zoneName"),
            "{text}"
        );
        let error = select(&[cluster], &["name.first".into()]).unwrap_err();
        assert!(
            error
                .to_string()
                .contains("`ClusterDescription20240805.name` holds no object")
        );
    }
}
