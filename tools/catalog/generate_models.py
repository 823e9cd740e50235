#!/usr/bin/env python3
"""Writes the proof at scale of `#[derive(AtlasModel)]`:

- tests/all-models/src/models.rs: a model of every object (and union) schema reachable from the
  request bodies and success answers of every operation at its newest version, with all its
  properties (every field an `Option`, sent only when set), as a user's serde structs with
  `#[derive(AtlasModel)]` and `#[atlas_model(…)]`. They decode strictly, so that an answer
  decoding into its model means something: a schema that allows no other property refuses
  unknown ones (`deny_unknown_fields`), and a property the schema requires in both directions
  (neither read- nor write-only) must be present (`deserialize_with = "crate::present"`; `null`
  still reads as `None` where Atlas allows it);
- tests/all-models/src/operations.rs: every operation declared at its newest version with those
  models as typed bodies and answers (`Page<…>` for paginated answers, `Vec<…>` for arrays);
- tests/all-models/tests/prism.rs: each operation's sample body parsed into its model and sent to
  Prism, and each answer decoded into its model;
- benches/models-baseline/src/models.rs: the same structs, deriving `AtlasModel` only under the
  crate's `checked` feature: tools/compile-bench.sh builds it with and without, so the cost of
  the checks is measured on the very same structs.

Usage: tools/catalog/generate_models.py
"""

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MODELS = ROOT / "tests" / "all-models" / "src" / "models.rs"
OPERATIONS = ROOT / "tests" / "all-models" / "src" / "operations.rs"
PRISM = ROOT / "tests" / "all-models" / "tests" / "prism.rs"
PLAIN = ROOT / "benches" / "models-baseline" / "src" / "models.rs"
SCALARS = {"String": "String", "Integer": "i64", "Number": "f64", "Boolean": "bool",
           "Object": "serde_json::Map<String, serde_json::Value>", "Any": "serde_json::Value"}


import generate_prism_test as prism  # beside this file

declarations = prism.declarations
generate = declarations.generate


def type_name(schema):
    """The Rust name of a schema's model: its name without the characters Rust refuses, in
    UpperCamelCase."""
    name = re.sub(r"[^A-Za-z0-9]", "", schema)
    return name[:1].upper() + name[1:]


def field_name(wire):
    """The Rust name of a property's field (`2dsphereIndexVersion` → `v2dsphere_index_version`)."""
    name = declarations.snake(wire) or "field"
    return f"v{name}" if name[0].isdigit() else name


class Models:
    """The models reachable from the operations, and the Rust types of their properties."""

    def __init__(self, spec):
        self.spec = spec
        self.schemas = spec["components"]["schemas"]
        self.facts = {}
        self.reached = set()

    def fact(self, name):
        if name not in self.facts:
            self.facts[name] = generate.schema_facts(self.spec, name, self.schemas[name])
        return self.facts[name]

    def closed(self, name):
        """Whether the schema allows no property beyond its own: no `additionalProperties` in it,
        its `allOf` parts or its `oneOf`/`anyOf` variants."""
        seen = set()

        def open_(schema):
            ref = schema.get("$ref")
            if ref:
                if ref in seen:
                    return False
                seen.add(ref)
                schema = generate.resolve(self.spec, schema)
            if schema.get("additionalProperties") not in (None, False):
                return True
            return any(open_(part) for key in ("allOf", "oneOf", "anyOf") for part in schema.get(key, []))

        return not open_(self.schemas[name])

    def is_model(self, name):
        return name in self.schemas and self.fact(name)["shape"] in ("Object", "Union")

    def reach(self, name):
        """Adds `name` and every model its properties refer to."""
        stack = [name]
        while stack:
            current = stack.pop()
            if current in self.reached or not self.is_model(current):
                continue
            self.reached.add(current)
            for prop in self.fact(current)["properties"]:
                stack.extend(refs(prop["ty"]))

    def rust_type(self, ty, boxed=True):
        """A property type as a Rust type (without the outer `Option`)."""
        kind = ty[0]
        if kind in SCALARS:
            return SCALARS[kind]
        if kind == "Ref":
            if self.is_model(ty[1]):
                return f"Box<{type_name(ty[1])}>" if boxed else type_name(ty[1])
            shape = self.fact(ty[1])["shape"] if ty[1] in self.schemas else "Other"
            return "String" if shape == "Enum" else "serde_json::Value"
        if kind == "Array":
            return f"Vec<{self.rust_type(ty[1], boxed=False)}>"
        return f"std::collections::HashMap<String, {self.rust_type(ty[1], boxed=False)}>"

    def render(self, checked):
        """Every reachable model: with `AtlasModel` (`checked`), or with it only under the
        `checked` feature (the compile baseline: the same structs, built with and without)."""
        out = []
        for name in sorted(self.reached):
            derive = "Debug, Clone, Default, serde::Serialize, serde::Deserialize"
            if checked:
                lines = [f"#[derive({derive}, AtlasModel)]", f"#[atlas_model({name})]"]
            else:
                lines = [f"#[derive({derive})]",
                         f"#[cfg_attr(feature = \"checked\", derive(atlas_endpoint::AtlasModel), atlas_model({name}))]"]
            if self.closed(name):
                lines.append("#[serde(deny_unknown_fields)]")
            lines.append(f"pub struct {type_name(name)} {{")
            used = set()
            for prop in self.fact(name)["properties"]:
                field = field_name(prop["name"])
                while field in used:
                    field += "_"
                used.add(field)
                present = prop["required"] and not prop["read_only"] and not prop["write_only"]
                reading = ', deserialize_with = "crate::present"' if present else ""
                lines.append(f"    #[serde(rename = {generate.rust_string(prop['name'])}, "
                             f"skip_serializing_if = \"Option::is_none\"{reading})]")
                lines.append(f"    pub {field}: Option<{self.rust_type(prop['ty'])}>,")
            lines.append("}")
            out.append("\n".join(lines))
        return "\n\n".join(out) + "\n"


def refs(ty):
    if ty[0] == "Ref":
        yield ty[1]
    elif ty[0] in ("Array", "Map"):
        yield from refs(ty[1])


def newest(op):
    """The version a declaration without `version` gets, or the preview (declared with
    `version = "preview"`); None when the operation is no longer served."""
    return generate.default_version(op) or (op["versions"][-1] if op["versions"] else None)


class Typing:
    """The Rust types of one operation's body and answer at one version."""

    def __init__(self, models):
        self.models = models

    def schema_type(self, name, page):
        """The type of a body or answer named `X` or `[X]`, or None for `serde_json::Value`."""
        item = name.strip("[]") if name else None
        if not item or not self.models.is_model(item):
            return None
        if name.startswith("["):
            return f"Vec<{type_name(item)}>"
        if page:
            results = next((p for p in self.models.fact(item)["properties"] if p["name"] == "results"), None)
            has_count = any(p["name"] == "totalCount" for p in self.models.fact(item)["properties"])
            if results and has_count and results["ty"][0] == "Array" and results["ty"][1][0] == "Ref" \
                    and self.models.is_model(results["ty"][1][1]):
                return f"Page<{type_name(results['ty'][1][1])}>"
        return type_name(item)

    def body(self, version):
        return self.schema_type(version["body"], page=False)

    def answer(self, version):
        if version["media"] != "Json" or not version["answers_body"]:
            return None
        return self.schema_type(version["answer"], page=True)


def declaration(op, version, typing):
    arguments = [text for text, _ in declarations.arguments_of(op)]
    if op["body"] != "Absent":
        arguments.append(f"#[body] body: &{typing.body(version) or 'serde_json::Value'}")
    returns = typing.answer(version) or declarations.returns_of(version)
    flags = ", deprecated" if op["deprecated"] else ""
    flags += ', version = "preview"' if version["version"] == "preview" else ""
    return (f'#[atlas_endpoint({op["method"]}, "{op["path"]}"{flags})]\n'
            f'pub async fn {declarations.snake(op["operation_id"])}({", ".join(arguments)}) -> Result<{returns}>;\n')


def main():
    spec, _, operations = generate.load_catalog()
    models = Models(spec)
    served = [op for op in operations if newest(op)]
    for op in served:
        version = newest(op)
        for name in (version["body"], version["answer"]):
            if name:
                models.reach(name.strip("[]"))
    typing = Typing(models)
    header = "// @generated by tools/catalog/generate_models.py from the catalog.\n\n"
    MODELS.write_text(header + "use atlas_endpoint::AtlasModel;\n\n" + models.render(checked=True))
    PLAIN.write_text(header + models.render(checked=False))
    declared = [declaration(op, newest(op), typing) for op in served]
    OPERATIONS.write_text(
        header + "use crate::models::*;\nuse atlas_endpoint::{Client, Page, Result, atlas_endpoint};\n\n"
        f"/// How many operations this crate declares (each at its newest version).\n"
        f"pub const OPERATIONS: usize = {len(declared)};\n\n"
        f"/// The same: one declaration per operation.\npub const OPERATION_VERSIONS: usize = {len(declared)};\n\n"
        + "\n".join(declared))
    plain, optioned = prism.calls(
        spec, served, lambda op: [(newest(op), declarations.snake(op["operation_id"]))], typing)
    prism.write(PRISM, spec, served, plain, optioned, "atlas_all_models", typed=True)
    count = len(models.reached)
    print(f"{count} models, {len(declared)} typed declarations -> {MODELS.parent.parent}")


if __name__ == "__main__":
    main()
