//! Rust names for the spec's names: functions and fields in snake_case, types and variants in
//! UpperCamelCase, keywords made usable, and string literals escaped.

/// Rust's keywords (strict, reserved and edition 2024's `gen`), which a name cannot be as is.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers either.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super"];

/// Whether `name` is a Rust keyword.
pub fn is_keyword(name: &str) -> bool {
    KEYWORDS.contains(&name)
}

/// Whether `name` is a plain identifier (letters, digits, `_`, not starting with a digit, not a
/// keyword): what `#[atlas_model(Schema.property)]` can name.
pub fn is_plain_ident(name: &str) -> bool {
    is_word(name) && !is_keyword(name)
}

/// Whether `name` is spelt as an identifier, keywords included (`type`): what
/// `#[atlas_model(Schema.property)]` takes after the dot.
pub fn is_word(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|first| first.is_ascii_alphabetic() || first == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The words of a name: split at non-alphanumerics and at lower-to-upper case changes
/// (`mongoDBVersion` → `mongo`, `DBVersion`; `US_EAST_1` → `US`, `EAST`, `1`).
fn words(name: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut previous: Option<char> = None;
    for c in name.chars() {
        if !c.is_ascii_alphanumeric() {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            previous = None;
            continue;
        }
        let boundary = c.is_ascii_uppercase()
            && previous.is_some_and(|p| p.is_ascii_lowercase() || p.is_ascii_digit());
        if boundary && !current.is_empty() {
            words.push(std::mem::take(&mut current));
        }
        current.push(c);
        previous = Some(c);
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

/// snake_case of an operation id, parameter or property name (`getGroupCluster` →
/// `get_group_cluster`, `mongoDBVersion` → `mongo_dbversion`), the way the generators and the
/// macro's placeholder rule spell it; `field` when nothing is left.
pub fn snake(name: &str) -> String {
    let joined = words(name)
        .iter()
        .map(|word| word.to_ascii_lowercase())
        .collect::<Vec<_>>()
        .join("_");
    if joined.is_empty() {
        "field".to_owned()
    } else {
        joined
    }
}

/// A usable Rust identifier for a snake_case name: a leading digit gets a `v` prefix, a keyword
/// becomes a raw identifier (`r#type`), or gets a `_` suffix where it cannot be raw.
pub fn ident(snake: &str) -> String {
    if snake.starts_with(|c: char| c.is_ascii_digit()) {
        format!("v{snake}")
    } else if NOT_RAW.contains(&snake) {
        format!("{snake}_")
    } else if is_keyword(snake) {
        format!("r#{snake}")
    } else {
        snake.to_owned()
    }
}

/// The function or parameter name of an operation id or parameter: snake_case, keywords with a
/// `_` suffix (as `tools/catalog/generate_declarations.py` spells them).
pub fn function(name: &str) -> String {
    let snake = snake(name);
    if is_keyword(&snake) {
        format!("{snake}_")
    } else if snake.starts_with(|c: char| c.is_ascii_digit()) {
        format!("v{snake}")
    } else {
        snake
    }
}

/// The type name of a schema: its name without the characters Rust refuses, first letter upper
/// case (`AWSKMSConfiguration` stays as is).
pub fn type_name(schema: &str) -> String {
    let kept: String = schema.chars().filter(char::is_ascii_alphanumeric).collect();
    let mut chars = kept.chars();
    match chars.next() {
        Some(first) if first.is_ascii_digit() => format!("V{kept}"),
        Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
        None => "Model".to_owned(),
    }
}

/// UpperCamelCase of a name (`clusterType` → `ClusterType`, `US_EAST_1` → `UsEast1`,
/// `M40_NVME` → `M40Nvme`); a leading digit gets a `V` prefix.
pub fn pascal(name: &str) -> String {
    let joined: String = words(name)
        .iter()
        .map(|word| {
            let lower = if word.chars().all(|c| !c.is_ascii_lowercase()) {
                word.to_ascii_lowercase()
            } else {
                word.clone()
            };
            let mut chars = lower.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_ascii_uppercase().to_string() + chars.as_str()
            })
        })
        .collect();
    if joined.is_empty() {
        "Value".to_owned()
    } else if joined.starts_with(|c: char| c.is_ascii_digit()) {
        format!("V{joined}")
    } else {
        joined
    }
}

/// A Rust string literal of `text`.
pub fn string(text: &str) -> String {
    format!("{text:?}")
}

/// serde's `rename_all = "camelCase"` of a field name (what serde sends for it): each `_`
/// dropped and the letter after it upper-cased; a raw identifier's `r#` is not part of it.
pub fn serde_camel(field: &str) -> String {
    let field = field.strip_prefix("r#").unwrap_or(field);
    let mut out = String::new();
    let mut upper = false;
    for (index, c) in field.chars().enumerate() {
        if c == '_' {
            if index > 0 {
                upper = true;
            }
        } else if upper {
            out.push(c.to_ascii_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// The `rename_all` rules serde applies to variant names, by their attribute spelling.
pub const VARIANT_RULES: &[&str] = &[
    "SCREAMING_SNAKE_CASE",
    "lowercase",
    "UPPERCASE",
    "camelCase",
    "snake_case",
    "kebab-case",
];

/// What serde sends for the variant `variant` under `rule` (one of [`VARIANT_RULES`]), as serde
/// computes it.
pub fn serde_variant(variant: &str, rule: &str) -> String {
    let snake = || {
        let mut out = String::new();
        for (index, c) in variant.char_indices() {
            if index > 0 && c.is_ascii_uppercase() {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        }
        out
    };
    match rule {
        "lowercase" => variant.to_ascii_lowercase(),
        "UPPERCASE" => variant.to_ascii_uppercase(),
        "camelCase" => {
            let mut chars = variant.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_ascii_lowercase().to_string() + chars.as_str()
            })
        }
        "snake_case" => snake(),
        "SCREAMING_SNAKE_CASE" => snake().to_ascii_uppercase(),
        "kebab-case" => snake().replace('_', "-"),
        _ => variant.to_owned(),
    }
}

/// The Levenshtein distance of two names, case-insensitively (for "did you mean").
pub fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.to_lowercase().chars().collect();
    let b: Vec<char> = b.to_lowercase().chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (diagonal + usize::from(ca != cb))
                .min(row[j] + 1)
                .min(above + 1);
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(snake("getGroupCluster"), "get_group_cluster");
        assert_eq!(snake("mongoDBVersion"), "mongo_dbversion");
        assert_eq!(
            snake("Use-Effective-Instance-Fields"),
            "use_effective_instance_fields"
        );
        assert_eq!(ident("type"), "r#type");
        assert_eq!(ident("self"), "self_");
        assert_eq!(ident("2dsphere_index_version"), "v2dsphere_index_version");
        assert_eq!(pascal("US_EAST_1"), "UsEast1");
        assert_eq!(pascal("M40_NVME"), "M40Nvme");
        assert_eq!(pascal("clusterType"), "ClusterType");
        assert_eq!(pascal("5.0"), "V50");
        assert_eq!(serde_camel("cluster_type"), "clusterType");
        assert_eq!(serde_camel("r#type"), "type");
        assert_eq!(serde_variant("UsEast1", "SCREAMING_SNAKE_CASE"), "US_EAST1");
        assert_eq!(
            serde_variant("Replicaset", "SCREAMING_SNAKE_CASE"),
            "REPLICASET"
        );
        assert_eq!(distance("createCluster", "createClusters"), 1);
        assert!(is_plain_ident("regionName") && !is_plain_ident("type"));
        assert!(is_word("type") && !is_word("a-b"));
    }
}
