//! The `#[serde(…)]` attributes that decide a field's or variant's wire name and whether it is
//! sent or read, as serde itself reads them.

use crate::template::camel_case;
use syn::{Attribute, LitStr};

/// Container attributes (`#[serde(…)]` on the struct or enum).
#[derive(Default)]
pub struct Container {
    /// `rename_all = "…"` (or its `serialize` form).
    pub rename_all: Option<RenameRule>,
    /// `default`: every missing field takes its default.
    pub default: bool,
    /// `transparent`: the type is its one field.
    pub transparent: bool,
}

/// Field or variant attributes.
#[derive(Default)]
pub struct Member {
    pub rename: Option<String>,
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
                let name = if meta.input.peek(syn::Token![=]) {
                    meta.value()?.parse::<LitStr>()?
                } else {
                    let mut serialize = None;
                    meta.parse_nested_meta(|inner| {
                        let value = inner.value()?.parse::<LitStr>()?;
                        if inner.path.is_ident("serialize") {
                            serialize = Some(value);
                        }
                        Ok(())
                    })?;
                    let Some(name) = serialize else {
                        return Ok(());
                    };
                    name
                };
                container.rename_all = Some(RenameRule::parse(&name.value()).ok_or_else(|| {
                    syn::Error::new(name.span(), "unknown serde `rename_all` rule")
                })?);
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
                if meta.input.peek(syn::Token![=]) {
                    member.rename = Some(meta.value()?.parse::<LitStr>()?.value());
                } else {
                    meta.parse_nested_meta(|inner| {
                        let value = inner.value()?.parse::<LitStr>()?;
                        if inner.path.is_ident("serialize") {
                            member.rename = Some(value.value());
                        }
                        Ok(())
                    })?;
                }
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
}
