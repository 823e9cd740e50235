//! Types the macros can judge by reading them (`String`, `&str`, integers, `bool`, `Vec<_>`,
//! `Option<_>`, maps, `serde_json::Value`): they need no generated compile-time check, which
//! keeps expansions small and puts the error on the type at macro time.

use super::expected::JsonKind;
use syn::Type;

/// What reading a type tells: its kind, its items' kind, and whether it is an `Option`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Read {
    pub kind: JsonKind,
    pub item: JsonKind,
    pub optional: bool,
}

/// Reads a type through `&`, `Box` and `Option`; `None` for a type only the compiler can judge
/// (a model, an alias, a type from elsewhere).
pub fn read(ty: &Type) -> Option<Read> {
    match ty {
        Type::Reference(reference) => read(&reference.elem),
        Type::Paren(paren) => read(&paren.elem),
        Type::Slice(slice) => sequence(&slice.elem),
        Type::Array(array) => sequence(&array.elem),
        Type::Path(path) if path.qself.is_none() => {
            let segment = path.path.segments.last()?;
            match segment.ident.to_string().as_str() {
                "Option" => read(first_argument(segment)?).map(|inner| Read {
                    optional: true,
                    ..inner
                }),
                "Box" => read(first_argument(segment)?),
                "Vec" | "VecDeque" | "HashSet" | "BTreeSet" => sequence(first_argument(segment)?),
                "HashMap" | "BTreeMap" => {
                    let value = match &segment.arguments {
                        syn::PathArguments::AngleBracketed(args) => {
                            args.args.iter().rev().find_map(|arg| match arg {
                                syn::GenericArgument::Type(ty) => Some(ty),
                                _ => None,
                            })?
                        }
                        _ => return None,
                    };
                    Some(plain(JsonKind::Map, read(value)?.kind))
                }
                "Map" if is_json(path, "Map") => Some(plain(JsonKind::Map, JsonKind::Any)),
                "Value" if is_json_value(path) => Some(plain(JsonKind::Any, JsonKind::None)),
                name => scalar(name).map(|kind| plain(kind, JsonKind::None)),
            }
        }
        _ => None,
    }
}

fn plain(kind: JsonKind, item: JsonKind) -> Read {
    Read {
        kind,
        item,
        optional: false,
    }
}

fn sequence(item: &Type) -> Option<Read> {
    Some(plain(JsonKind::Array, read(item)?.kind))
}

/// The JSON kind of a scalar, a sequence or `serde_json::Value`, through `&`, `Option` and
/// `Box` (a sequence's items are not looked at).
pub fn scalar_kind(ty: &Type) -> Option<JsonKind> {
    match ty {
        Type::Reference(reference) => scalar_kind(&reference.elem),
        Type::Slice(_) | Type::Array(_) => Some(JsonKind::Array),
        Type::Paren(paren) => scalar_kind(&paren.elem),
        Type::Path(path) if path.qself.is_none() => {
            let segment = path.path.segments.last()?;
            let name = segment.ident.to_string();
            match name.as_str() {
                "Option" | "Box" => scalar_kind(first_argument(segment)?),
                "Vec" | "VecDeque" | "HashSet" | "BTreeSet" => Some(JsonKind::Array),
                "Value" if is_json_value(path) => Some(JsonKind::Any),
                name => scalar(name),
            }
        }
        _ => None,
    }
}

/// The kind of a scalar type by its name (`bool`, `str`, `String`, integers, floats).
fn scalar(name: &str) -> Option<JsonKind> {
    match name {
        "bool" => Some(JsonKind::Boolean),
        "str" | "String" | "Cow" | "char" => Some(JsonKind::String),
        "i8" | "i16" | "i32" | "i64" | "i128" | "isize" | "u8" | "u16" | "u32" | "u64" | "u128"
        | "usize" => Some(JsonKind::Integer),
        "f32" | "f64" => Some(JsonKind::Number),
        _ => None,
    }
}

/// `serde_json::Value`, or a bare `Value` (as imported from serde_json).
pub fn is_json_value(path: &syn::TypePath) -> bool {
    is_json(path, "Value")
}

/// `serde_json::NAME`, or a bare `NAME`.
fn is_json(path: &syn::TypePath, name: &str) -> bool {
    let segments: Vec<String> = path
        .path
        .segments
        .iter()
        .map(|segment| segment.ident.to_string())
        .collect();
    matches!(segments.as_slice(), [only] if only == name)
        || matches!(segments.as_slice(), [.., json, last] if json == "serde_json" && last == name)
}

/// The first type argument: the `T` of `Option<T>`.
pub fn first_argument(segment: &syn::PathSegment) -> Option<&Type> {
    match &segment.arguments {
        syn::PathArguments::AngleBracketed(args) => args.args.iter().find_map(|arg| match arg {
            syn::GenericArgument::Type(ty) => Some(ty),
            _ => None,
        }),
        _ => None,
    }
}

/// The items a type holds, read through `&`, `Box`, `Option`, sequences, maps (their values)
/// and `Page`: `Option<Vec<Box<Role>>>` holds `Role`. The checks of nested models refer to the
/// items themselves, so that what the compiler reports points into the user's code only.
pub fn items(ty: &Type) -> &Type {
    match ty {
        Type::Reference(reference) => items(&reference.elem),
        Type::Paren(paren) => items(&paren.elem),
        Type::Slice(slice) => items(&slice.elem),
        Type::Array(array) => items(&array.elem),
        Type::Path(path) if path.qself.is_none() => {
            let Some(segment) = path.path.segments.last() else {
                return ty;
            };
            let held = match segment.ident.to_string().as_str() {
                "Option" | "Box" | "Vec" | "VecDeque" | "HashSet" | "BTreeSet" | "Page" => {
                    first_argument(segment)
                }
                "HashMap" | "BTreeMap" => match &segment.arguments {
                    syn::PathArguments::AngleBracketed(args) => {
                        args.args.iter().rev().find_map(|arg| match arg {
                            syn::GenericArgument::Type(ty) => Some(ty),
                            _ => None,
                        })
                    }
                    _ => None,
                },
                _ => None,
            };
            held.map_or(ty, items)
        }
        _ => ty,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The macros' half of the type-to-kind table shared with the runtime's test.
    macro_rules! type_kinds {
        ($($how:ident $ty:ty => $kind:ident, $item:ident, $optional:literal;)*) => {
            #[test]
            fn reads_every_type_of_the_table_as_the_runtime_shapes_it() {
                let mut checked = 0;
                $(
                    let ty: Type = syn::parse_quote!($ty);
                    let expected = Read {
                        kind: JsonKind::$kind,
                        item: JsonKind::$item,
                        optional: $optional,
                    };
                    match stringify!($how) {
                        "read" => assert!(read(&ty) == Some(expected), "{}", stringify!($ty)),
                        _ => assert!(read(&ty).is_none(), "{} is left to the compiler", stringify!($ty)),
                    }
                    checked += 1;
                )*
                assert_eq!(checked, 35, "the table's rows");
            }
        };
    }

    include!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/type_kinds/table.rs"
    ));
}
