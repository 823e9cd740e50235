//! Suggestions for a schema name Atlas does not have: what a user guessed from the API's
//! shape (`ClusterDescription` for the versioned `ClusterDescription20240805`, `ElectableSpecs`
//! for the schema of the `electableSpecs` property) leads to the right schema first.

use crate::diag::did_you_mean;
use atlas_endpoint_catalog::{SCHEMAS, Ty};

/// The suggestion after "Atlas has no schema `{name}`": the newest schema of that name's
/// version family, else the schemas of properties so named, else the nearest name.
pub fn suggest(name: &str) -> String {
    if let Some(newest) = newest_of_family(name) {
        return format!(
            "; it is versioned: `{newest}` is the newest (the endpoint's rustdoc names the one its version uses)"
        );
    }
    let named = schemas_of_properties(name);
    if !named.is_empty() {
        let listed: Vec<String> = named
            .iter()
            .take(3)
            .map(|(owner, property, target)| format!("`{owner}.{property}` is a `{target}`"))
            .collect();
        return format!(
            "; it names a property, not a schema: {}{}",
            listed.join(", "),
            if named.len() > 3 { ", …" } else { "" }
        );
    }
    did_you_mean(name, SCHEMAS.iter().map(|schema| schema.name))
        .map(|near| format!("; did you mean `{near}`?"))
        .unwrap_or_default()
}

/// The newest `{name}YYYYMMDD` schema, when there is one.
fn newest_of_family(name: &str) -> Option<&'static str> {
    SCHEMAS
        .iter()
        .map(|schema| schema.name)
        .filter(|candidate| {
            candidate.strip_prefix(name).is_some_and(|suffix| {
                suffix.len() == 8 && suffix.bytes().all(|b| b.is_ascii_digit())
            })
        })
        .max()
}

/// (schema, property, the property's schema) for properties named `name` (any case) whose
/// type is another schema: one per schema held, newest first.
fn schemas_of_properties(name: &str) -> Vec<(&'static str, &'static str, &'static str)> {
    let mut found: Vec<_> = SCHEMAS
        .iter()
        .flat_map(|schema| {
            schema
                .properties
                .iter()
                .map(move |property| (schema, property))
        })
        .filter(|(_, property)| property.name.eq_ignore_ascii_case(name))
        .filter_map(|(schema, property)| {
            referenced(&property.ty).map(|target| (schema.name, property.name, target))
        })
        .collect();
    // One owner per schema held, the newest schemas (dated suffixes) first.
    found.sort_by(|a, b| b.2.cmp(a.2).then(b.0.cmp(a.0)));
    found.dedup_by(|a, b| a.2 == b.2);
    found
}

/// The schema a property holds (through arrays and maps).
fn referenced(ty: &Ty) -> Option<&'static str> {
    match ty {
        Ty::Ref(name) => Some(name),
        Ty::Array(item) | Ty::Map(item) => referenced(item),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guesses_lead_to_the_schema() {
        let versioned = suggest("ClusterDescription");
        assert!(
            versioned.contains("ClusterDescription20240805"),
            "{versioned}"
        );
        let nested = suggest("ElectableSpecs");
        assert!(nested.contains("electableSpecs"), "{nested}");
        assert!(nested.contains("HardwareSpec20240805"), "{nested}");
        let typo = suggest("CloudDatabaseUsr");
        assert!(typo.contains("CloudDatabaseUser"), "{typo}");
    }
}
