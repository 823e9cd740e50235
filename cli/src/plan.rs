//! Which models and enums a scaffold prints: the schemas reached from the body and the answer
//! through the chosen properties, each once, with the directions it is used in, its Rust name,
//! and which of its fields must be boxed to break a cycle.

use crate::fields::{Selection, model_of};
use crate::naming::{is_word, pascal, type_name};
use atlas_endpoint_catalog::{Property, Schema, SchemaShape, Ty, schema};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// Enums with more values than this are left as `String` (a wall of variants helps nobody).
pub const MAX_ENUM_VALUES: usize = 40;

/// Where a type is used.
#[derive(Clone, Copy, Default, Debug, PartialEq, Eq)]
pub struct Uses {
    /// Sent in a request body.
    pub body: bool,
    /// Read from an answer.
    pub answer: bool,
}

impl Uses {
    /// Used in a body only.
    pub const BODY: Self = Self {
        body: true,
        answer: false,
    };
    /// Used in an answer only.
    pub const ANSWER: Self = Self {
        body: false,
        answer: true,
    };

    fn add(&mut self, other: Self) -> bool {
        let before = *self;
        self.body |= other.body;
        self.answer |= other.answer;
        before != *self
    }
}

/// One struct to print.
pub struct Model {
    /// The schema it models.
    pub schema: &'static Schema,
    /// Its Rust name.
    pub name: String,
    /// The indexes of the properties it keeps, in the schema's order.
    pub properties: BTreeSet<usize>,
    /// Where it is used.
    pub uses: Uses,
}

/// What an enum models: a string enum schema, or the values of one property.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub enum EnumKey {
    /// A component schema of shape `Enum`.
    Schema(&'static str),
    /// The values listed on a property: (schema, property).
    Property(&'static str, &'static str),
}

/// One enum to print.
pub struct Enum {
    /// What it models.
    pub key: EnumKey,
    /// Atlas's values.
    pub values: &'static [&'static str],
    /// Its Rust name.
    pub name: String,
    /// Where it is used (a catch-all variant when in answers).
    pub uses: Uses,
}

/// Everything a scaffold prints besides the declaration.
#[derive(Default)]
pub struct Plan {
    /// The structs, in the order they were first reached (the roots first).
    pub models: Vec<Model>,
    /// The enums, in the order they were first reached.
    pub enums: Vec<Enum>,
    by_schema: HashMap<&'static str, usize>,
    by_enum: HashMap<EnumKey, usize>,
    /// (schema, uses) already visited with everything selected.
    done_all: HashSet<(&'static str, bool)>,
    /// Schemas already visited in a body for their required properties only.
    done_required: HashSet<&'static str>,
    /// (schema, property) fields boxed to break a cycle of directly held models.
    boxed: HashSet<(&'static str, &'static str)>,
}

/// The enum a property's values get, if any: a string enum schema it refers to, or the values
/// listed on it, when they are few enough and `#[atlas_model(Schema.property)]` can name it.
pub fn enum_of(
    owner: &'static Schema,
    property: &'static Property,
) -> Option<(EnumKey, &'static [&'static str])> {
    let fits = |values: &[&str]| !values.is_empty() && values.len() <= MAX_ENUM_VALUES;
    let mut ty = &property.ty;
    while let Ty::Array(item) = ty {
        ty = item;
    }
    match ty {
        Ty::Ref(name) => schema(name)
            .filter(|s| s.shape == SchemaShape::Enum && fits(s.values))
            .map(|s| (EnumKey::Schema(s.name), s.values)),
        Ty::String if fits(property.values) && is_word(property.name) => Some((
            EnumKey::Property(owner.name, property.name),
            property.values,
        )),
        _ => None,
    }
}

impl Plan {
    /// Plans the models of `roots`: (schema, what to keep of it, where it is used).
    pub fn new(roots: &[(&'static Schema, Selection, Uses)]) -> Self {
        let mut plan = Self::default();
        for (root, selection, uses) in roots {
            plan.visit(root, selection, *uses);
        }
        plan.name();
        plan.find_cycles();
        plan
    }

    /// The model of `name`, if planned.
    pub fn model(&self, name: &str) -> Option<&Model> {
        self.by_schema.get(name).map(|&index| &self.models[index])
    }

    /// The enum planned for `key`.
    pub fn enumeration(&self, key: EnumKey) -> Option<&Enum> {
        self.by_enum.get(&key).map(|&index| &self.enums[index])
    }

    /// Whether the field `property` of `schema` is boxed.
    pub fn is_boxed(&self, schema: &str, property: &str) -> bool {
        self.boxed
            .iter()
            .any(|(s, p)| *s == schema && *p == property)
    }

    fn visit(&mut self, schema: &'static Schema, selection: &Selection, uses: Uses) {
        match selection {
            Selection::All => {
                if !self.done_all.insert((schema.name, uses.body)) {
                    return;
                }
            }
            Selection::Some(chosen) if chosen.is_empty() && uses == Uses::BODY => {
                if !self.done_required.insert(schema.name) {
                    return;
                }
            }
            Selection::Some(_) => {}
        }
        let index = *self.by_schema.entry(schema.name).or_insert_with(|| {
            self.models.push(Model {
                schema,
                name: String::new(),
                properties: BTreeSet::new(),
                uses: Uses::default(),
            });
            self.models.len() - 1
        });
        self.models[index].uses.add(uses);
        let none = Selection::none();
        for (position, property) in schema.properties.iter().enumerate() {
            let child = match selection {
                Selection::All => {
                    let wanted =
                        (uses.body && !property.read_only) || (uses.answer && !property.write_only);
                    if !wanted {
                        continue;
                    }
                    Some(&Selection::All)
                }
                Selection::Some(chosen) => match chosen.get(property.name) {
                    Some(child) => Some(child),
                    None if uses.body && property.required && !property.read_only => Some(&none),
                    None => None,
                },
            };
            let Some(child) = child else { continue };
            self.models[index].properties.insert(position);
            if let Some((key, values)) = enum_of(schema, property) {
                let at = *self.by_enum.entry(key).or_insert_with(|| {
                    self.enums.push(Enum {
                        key,
                        values,
                        name: String::new(),
                        uses: Uses::default(),
                    });
                    self.enums.len() - 1
                });
                self.enums[at].uses.add(uses);
            }
            if let Some(nested) = model_of(&property.ty) {
                // Only what the body needs of a property the answer does not carry, and so on.
                let nested_uses = Uses {
                    body: uses.body && !property.read_only,
                    answer: uses.answer && !property.write_only,
                };
                let nested_uses = if nested_uses == Uses::default() {
                    uses
                } else {
                    nested_uses
                };
                self.visit(nested, child, nested_uses);
            }
        }
    }

    /// Gives every model and enum a Rust name no other item of the scaffold (or its imports,
    /// or the prelude) has.
    fn name(&mut self) {
        let mut taken: HashSet<String> = [
            "Client",
            "Result",
            "Page",
            "AtlasModel",
            "Option",
            "Some",
            "None",
            "Ok",
            "Err",
            "Vec",
            "String",
            "Box",
            "Self",
            "Default",
            "Clone",
            "Debug",
            "Copy",
        ]
        .iter()
        .map(|name| (*name).to_owned())
        .collect();
        let mut claim = |preferred: String, fallback: &dyn Fn() -> String| {
            let mut name = preferred;
            if taken.contains(&name) {
                name = fallback();
            }
            let base = name.clone();
            let mut counter = 2;
            while taken.contains(&name) {
                name = format!("{base}{counter}");
                counter += 1;
            }
            taken.insert(name.clone());
            name
        };
        for model in &mut self.models {
            let base = type_name(model.schema.name);
            model.name = claim(base.clone(), &|| format!("{base}Model"));
        }
        for item in &mut self.enums {
            item.name = match item.key {
                EnumKey::Schema(name) => {
                    let base = type_name(name);
                    claim(base.clone(), &|| format!("{base}Value"))
                }
                EnumKey::Property(owner, property) => claim(pascal(property), &|| {
                    format!("{}{}", type_name(owner), pascal(property))
                }),
            };
        }
    }

    /// Boxes the fields that would make a type contain itself: the back edges of a depth-first
    /// walk over the fields that hold a model directly (not in a `Vec` or a map).
    fn find_cycles(&mut self) {
        let mut edges: BTreeMap<usize, Vec<(&'static str, usize)>> = BTreeMap::new();
        for (index, model) in self.models.iter().enumerate() {
            for &position in &model.properties {
                let property = &model.schema.properties[position];
                if let Ty::Ref(name) = property.ty
                    && let Some(&target) = self.by_schema.get(name)
                {
                    edges
                        .entry(index)
                        .or_default()
                        .push((property.name, target));
                }
            }
        }
        // 0: unseen, 1: on the stack, 2: done.
        let mut state = vec![0u8; self.models.len()];
        let mut boxed = HashSet::new();
        for start in 0..self.models.len() {
            if state[start] != 0 {
                continue;
            }
            let mut stack = vec![(start, 0usize)];
            state[start] = 1;
            while let Some((node, next)) = stack.pop() {
                let out = edges.get(&node).map_or(&[][..], Vec::as_slice);
                if let Some(&(property, target)) = out.get(next) {
                    stack.push((node, next + 1));
                    match state[target] {
                        0 => {
                            state[target] = 1;
                            stack.push((target, 0));
                        }
                        1 => {
                            boxed.insert((self.models[node].schema.name, property));
                        }
                        _ => {}
                    }
                } else {
                    state[node] = 2;
                }
            }
        }
        self.boxed = boxed;
    }
}

/// Whether a model's field may be a plain type: Atlas requires it in bodies and always sends
/// it in answers, never `null`, in both directions, on an object (not a union, whose merged
/// properties are each only some variants').
pub fn is_plain(owner: &Schema, property: &Property) -> bool {
    property.required
        && !property.nullable
        && !property.read_only
        && !property.write_only
        && owner.shape == SchemaShape::Object
}
