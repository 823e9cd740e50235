//! The `#[serde(…)]` attributes that decide a field's or variant's wire name and whether it is
//! sent or read, as serde itself reads them.

use crate::template::camel_case;
use syn::{Attribute, LitStr};

/// Container attributes (`#[serde(…)]` on the struct or enum).
#[derive(Default)]
pub struct Container {
    /// `rename_all = "…"`, or its `serialize` and `deserialize` forms.
    pub rename_all: Directions<RenameRule>,
    /// `default`: every missing field takes its default.
    pub default: bool,
    /// `transparent`: the type is its one field.
    pub transparent: bool,
}

/// Something serde keeps apart for writing and for reading (`rename(serialize = …,
/// deserialize = …)`); the plain form sets both.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Directions<T> {
    /// What serializing uses (what a body sends).
    pub serialize: Option<T>,
    /// What deserializing uses (what an answer is read by).
    pub deserialize: Option<T>,
}

impl<T> Default for Directions<T> {
    fn default() -> Self {
        Self {
            serialize: None,
            deserialize: None,
        }
    }
}

/// A member's names on the wire, as serde derives them.
#[derive(Debug, PartialEq, Eq)]
pub struct WireNames {
    /// The name it is sent by.
    pub sent: String,
    /// The names it is read by: the deserialize name, then its aliases.
    pub read: Vec<String>,
}

impl WireNames {
    /// Whether it is sent and read by the one name (no direction-specific rename, no alias).
    pub fn single(&self) -> bool {
        self.read.len() == 1 && self.read[0] == self.sent
    }
}

/// Field or variant attributes.
#[derive(Default)]
pub struct Member {
    /// `rename = "…"`, or its `serialize` and `deserialize` forms.
    pub rename: Directions<String>,
    /// `alias = "…"` (any number): more names it is read by.
    pub aliases: Vec<String>,
    pub skip_serializing: bool,
    /// `skip_serializing_if = "…"`: sometimes left out of what is sent.
    pub skip_serializing_if: bool,
    pub skip_deserializing: bool,
    pub default: bool,
    pub flatten: bool,
    /// `other`: the unit variant any unknown value deserializes into.
    pub other: bool,
    /// `untagged`: a variant tried by its content, after the tagged ones.
    pub untagged: bool,
}

/// The case conventions of `rename_all`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum RenameRule {
    Lower,
    Upper,
    Pascal,
    Camel,
    Snake,
    ScreamingSnake,
    Kebab,
    ScreamingKebab,
}

impl RenameRule {
    /// Every rule, with the name `rename_all` gives it; the ones that split words first, so a
    /// suggestion fits variants of several words too.
    pub const ALL: [(Self, &'static str); 8] = [
        (Self::ScreamingSnake, "SCREAMING_SNAKE_CASE"),
        (Self::Snake, "snake_case"),
        (Self::Camel, "camelCase"),
        (Self::Pascal, "PascalCase"),
        (Self::Kebab, "kebab-case"),
        (Self::ScreamingKebab, "SCREAMING-KEBAB-CASE"),
        (Self::Upper, "UPPERCASE"),
        (Self::Lower, "lowercase"),
    ];

    fn parse(name: &str) -> Option<Self> {
        Some(match name {
            "lowercase" => Self::Lower,
            "UPPERCASE" => Self::Upper,
            "PascalCase" => Self::Pascal,
            "camelCase" => Self::Camel,
            "snake_case" => Self::Snake,
            "SCREAMING_SNAKE_CASE" => Self::ScreamingSnake,
            "kebab-case" => Self::Kebab,
            "SCREAMING-KEBAB-CASE" => Self::ScreamingKebab,
            _ => return None,
        })
    }

    /// The wire name of a field (written in snake_case in Rust).
    pub fn field(self, name: &str) -> String {
        match self {
            Self::Lower | Self::Snake => name.to_owned(),
            Self::Upper | Self::ScreamingSnake => name.to_ascii_uppercase(),
            Self::Pascal => capitalized(&camel_case(name)),
            Self::Camel => camel_case(name),
            Self::Kebab => name.replace('_', "-"),
            Self::ScreamingKebab => name.replace('_', "-").to_ascii_uppercase(),
        }
    }

    /// The wire name of a variant (written in PascalCase in Rust).
    pub fn variant(self, name: &str) -> String {
        match self {
            Self::Pascal => name.to_owned(),
            Self::Lower => name.to_ascii_lowercase(),
            Self::Upper => name.to_ascii_uppercase(),
            Self::Camel => {
                let mut chars = name.chars();
                chars.next().map_or_else(String::new, |first| {
                    first.to_ascii_lowercase().to_string() + chars.as_str()
                })
            }
            Self::Snake => snake(name),
            Self::ScreamingSnake => snake(name).to_ascii_uppercase(),
            Self::Kebab => snake(name).replace('_', "-"),
            Self::ScreamingKebab => snake(name).replace('_', "-").to_ascii_uppercase(),
        }
    }
}

/// `mongoDbVersion` → `MongoDbVersion`.
fn capitalized(name: &str) -> String {
    let mut chars = name.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_ascii_uppercase().to_string() + chars.as_str()
    })
}

/// `StateName` → `state_name`, as serde does it.
fn snake(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    for (index, c) in name.char_indices() {
        if c.is_uppercase() && index > 0 {
            out.push('_');
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

/// Reads the container's `#[serde(…)]` attributes.
pub fn container(attrs: &[Attribute]) -> syn::Result<Container> {
    let mut container = Container::default();
    for attr in attrs.iter().filter(|attr| attr.path().is_ident("serde")) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename_all") {
                let rule = |name: LitStr| {
                    RenameRule::parse(&name.value()).ok_or_else(|| {
                        syn::Error::new(name.span(), "unknown serde `rename_all` rule")
                    })
                };
                let names = directions(&meta)?;
                container.rename_all = Directions {
                    serialize: names.serialize.map(rule).transpose()?,
                    deserialize: names.deserialize.map(rule).transpose()?,
                };
            } else if meta.path.is_ident("default") {
                container.default = true;
                skip_value(&meta)?;
            } else if meta.path.is_ident("transparent") {
                container.transparent = true;
            } else {
                skip_value(&meta)?;
            }
            Ok(())
        })?;
    }
    Ok(container)
}

/// Reads a field's or variant's `#[serde(…)]` attributes.
pub fn member(attrs: &[Attribute]) -> syn::Result<Member> {
    let mut member = Member::default();
    for attr in attrs.iter().filter(|attr| attr.path().is_ident("serde")) {
        attr.parse_nested_meta(|meta| {
            let path = &meta.path;
            if path.is_ident("rename") {
                member.rename = directions(&meta)?.map(|name| name.value());
            } else if path.is_ident("alias") {
                member
                    .aliases
                    .push(meta.value()?.parse::<LitStr>()?.value());
            } else if path.is_ident("skip") {
                member.skip_serializing = true;
                member.skip_deserializing = true;
            } else if path.is_ident("skip_serializing") {
                member.skip_serializing = true;
            } else if path.is_ident("skip_deserializing") {
                member.skip_deserializing = true;
            } else if path.is_ident("skip_serializing_if") {
                member.skip_serializing_if = true;
                skip_value(&meta)?;
            } else if path.is_ident("default") {
                member.default = true;
                skip_value(&meta)?;
            } else if path.is_ident("flatten") {
                member.flatten = true;
            } else if path.is_ident("other") {
                member.other = true;
            } else if path.is_ident("untagged") {
                member.untagged = true;
            } else {
                skip_value(&meta)?;
            }
            Ok(())
        })?;
    }
    Ok(member)
}

impl<T> Directions<T> {
    fn map<U>(self, f: impl Fn(T) -> U) -> Directions<U> {
        Directions {
            serialize: self.serialize.map(&f),
            deserialize: self.deserialize.map(&f),
        }
    }
}

impl Member {
    /// The member's wire names: its own renames first, else the container's rule applied to
    /// `rust` (the field or variant name) by `apply`, else `rust` itself.
    pub fn wire_names(
        &self,
        rust: &str,
        rules: &Directions<RenameRule>,
        apply: fn(RenameRule, &str) -> String,
    ) -> WireNames {
        let name = |own: &Option<String>, rule: Option<RenameRule>| {
            own.clone()
                .unwrap_or_else(|| rule.map_or_else(|| rust.to_owned(), |rule| apply(rule, rust)))
        };
        let mut read = vec![name(&self.rename.deserialize, rules.deserialize)];
        read.extend(self.aliases.iter().cloned());
        WireNames {
            sent: name(&self.rename.serialize, rules.serialize),
            read,
        }
    }
}

/// `key = "…"` (both directions) or `key(serialize = "…", deserialize = "…")`.
fn directions(meta: &syn::meta::ParseNestedMeta<'_>) -> syn::Result<Directions<LitStr>> {
    if meta.input.peek(syn::Token![=]) {
        let value = meta.value()?.parse::<LitStr>()?;
        return Ok(Directions {
            serialize: Some(value.clone()),
            deserialize: Some(value),
        });
    }
    let mut names = Directions::default();
    meta.parse_nested_meta(|inner| {
        let value = inner.value()?.parse::<LitStr>()?;
        if inner.path.is_ident("serialize") {
            names.serialize = Some(value);
        } else if inner.path.is_ident("deserialize") {
            names.deserialize = Some(value);
        }
        Ok(())
    })?;
    Ok(names)
}

/// Consumes `= value` or `(…)` after a serde key this module does not need.
fn skip_value(meta: &syn::meta::ParseNestedMeta<'_>) -> syn::Result<()> {
    if meta.input.peek(syn::Token![=]) {
        meta.value()?.parse::<syn::Expr>()?;
    } else if meta.input.peek(syn::token::Paren) {
        meta.parse_nested_meta(|inner| skip_value(&inner))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renames_like_serde() {
        assert_eq!(
            RenameRule::Camel.field("mongo_db_version"),
            "mongoDbVersion"
        );
        assert_eq!(RenameRule::Camel.field("database_name"), "databaseName");
        assert_eq!(RenameRule::Pascal.field("state_name"), "StateName");
        assert_eq!(
            RenameRule::ScreamingSnake.variant("DeleteRequested"),
            "DELETE_REQUESTED"
        );
        assert_eq!(RenameRule::Camel.variant("Idle"), "idle");
        assert_eq!(RenameRule::ScreamingKebab.field("a_b"), "A-B");
    }

    fn member_of(attr: syn::Attribute) -> Member {
        member(&[attr]).unwrap()
    }

    #[test]
    fn names_by_direction_like_serde() {
        let rules = Directions {
            serialize: Some(RenameRule::Camel),
            deserialize: None,
        };
        let plain = member_of(syn::parse_quote!(#[serde(default)]));
        let names = plain.wire_names("state_name", &rules, RenameRule::field);
        assert_eq!(names.sent, "stateName");
        assert_eq!(names.read, ["state_name"]);
        assert!(!names.single());

        let split = member_of(syn::parse_quote!(
            #[serde(rename(deserialize = "a"), alias = "b", alias = "c")]
        ));
        let names = split.wire_names("x", &Directions::default(), RenameRule::field);
        assert_eq!(names.sent, "x");
        assert_eq!(names.read, ["a", "b", "c"]);

        let both = member_of(syn::parse_quote!(#[serde(rename = "y")]));
        let names = both.wire_names("x", &rules, RenameRule::field);
        assert!(names.single() && names.sent == "y");
    }
}
