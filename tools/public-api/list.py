#!/usr/bin/env python3
"""Lists the public items of a crate from rustdoc's JSON output, one per line, sorted: what a
user can name (modules, types, functions, constants, fields, variants, methods, trait impls),
with signatures. Items rustdoc hides (`#[doc(hidden)]`) are not public API and are left out.

Usage: list.py target/doc/CRATE.json
"""

import json
import sys


def main(path):
    doc = json.load(open(path))
    lister = Lister(doc)
    root = doc["index"][str(doc["root"])]
    lister.module(root, [root["name"]])
    for line in sorted(set(lister.lines)):
        print(line)


class Lister:
    def __init__(self, doc):
        self.index = doc["index"]
        self.paths = doc["paths"]
        self.lines = []
        self.seen = set()

    def item(self, id):
        return self.index.get(str(id))

    def module(self, module, path):
        for id in module["inner"]["module"]["items"]:
            item = self.item(id)
            if item is None or item.get("visibility") != "public":
                continue
            self.public(item, path)

    def public(self, item, path):
        kind, inner = next(iter(item["inner"].items()))
        if kind == "use":
            self.reexport(inner, path)
            return
        name = item["name"]
        here = path + [name]
        key = (item["id"], tuple(here))
        if key in self.seen:
            return
        self.seen.add(key)
        full = "::".join(here)
        deprecated = "#[deprecated] " if item.get("deprecation") else ""
        if kind == "module":
            self.lines.append(f"pub mod {full}")
            self.module(item, here)
        elif kind == "struct":
            self.lines.append(f"{deprecated}pub struct {full}{generics(inner['generics'])}")
            struct = inner["kind"]
            fields = struct.get("plain", {}).get("fields", []) if isinstance(struct, dict) else []
            for field_id in fields:
                field = self.item(field_id)
                if field and field.get("visibility") == "public":
                    self.lines.append(f"pub {full}.{field['name']}: {ty(field['inner']['struct_field'])}")
            self.impls(inner["impls"], full)
        elif kind == "enum":
            self.lines.append(f"{deprecated}pub enum {full}{generics(inner['generics'])}")
            for variant_id in inner["variants"]:
                self.variant(self.item(variant_id), full)
            self.impls(inner["impls"], full)
        elif kind == "trait":
            self.lines.append(f"pub trait {full}{generics(inner['generics'])}")
            for member_id in inner["items"]:
                self.member(self.item(member_id), full, "trait ")
        elif kind == "function":
            self.lines.append(f"{deprecated}{function(full, inner)}")
        elif kind == "constant":
            self.lines.append(f"pub const {full}: {ty(inner['type'])}")
        elif kind == "static":
            self.lines.append(f"pub static {full}: {ty(inner['type'])}")
        elif kind == "type_alias":
            self.lines.append(f"pub type {full}{generics(inner['generics'])} = {ty(inner['type'])}")
        else:
            self.lines.append(f"pub {kind} {full}")

    def reexport(self, use, path):
        target = self.item(use["id"]) if use.get("id") is not None else None
        if use["is_glob"]:
            if target is not None:
                self.module(target, path)
            else:
                self.lines.append(f"pub use {use['source']}::*")
            return
        if target is None:
            # An item of another crate (a dependency re-exported whole).
            self.lines.append(f"pub use {use['source']} as {'::'.join(path + [use['name']])}")
            return
        renamed = dict(target, name=use["name"])
        self.public(renamed, path)

    def variant(self, variant, owner):
        inner = variant["inner"]["variant"]
        kind = inner["kind"]
        shape = ""
        if isinstance(kind, dict) and "tuple" in kind:
            parts = [ty(self.item(f)["inner"]["struct_field"]) if f is not None else "_" for f in kind["tuple"]]
            shape = f"({', '.join(parts)})"
        elif isinstance(kind, dict) and "struct" in kind:
            parts = [
                f"{self.item(f)['name']}: {ty(self.item(f)['inner']['struct_field'])}"
                for f in kind["struct"]["fields"]
            ]
            shape = " { " + ", ".join(parts) + " }"
        self.lines.append(f"pub {owner}::{variant['name']}{shape}")

    def impls(self, ids, owner):
        for id in ids:
            block = self.item(id)
            if block is None:
                continue
            inner = block["inner"]["impl"]
            if inner["is_synthetic"] or inner.get("blanket_impl") is not None:
                continue
            trait = inner.get("trait")
            if trait is not None:
                negative = "!" if inner.get("is_negative") else ""
                self.lines.append(f"impl {negative}{path_text(trait)} for {owner}")
                continue
            for member_id in inner["items"]:
                member = self.item(member_id)
                if member and member.get("visibility") == "public":
                    self.member(member, owner, "")

    def member(self, member, owner, prefix):
        kind, inner = next(iter(member["inner"].items()))
        full = f"{owner}::{member['name']}"
        deprecated = "#[deprecated] " if member.get("deprecation") else ""
        if kind == "function":
            self.lines.append(f"{deprecated}{prefix}{function(full, inner)}")
        elif kind == "assoc_const":
            self.lines.append(f"{prefix}pub const {full}: {ty(inner['type'])}")
        elif kind == "assoc_type":
            self.lines.append(f"{prefix}pub type {full}")


def function(full, inner):
    header = inner["header"]
    flags = "".join(
        word + " " for word, on in (("const", header["is_const"]), ("async", header["is_async"]), ("unsafe", header["is_unsafe"])) if on
    )
    sig = inner["sig"]
    inputs = ", ".join(param(name, t) for name, t in sig["inputs"])
    output = f" -> {ty(sig['output'])}" if sig.get("output") is not None else ""
    return f"pub {flags}fn {full}{generics(inner['generics'])}({inputs}){output}{where(inner['generics'])}"


def param(name, t):
    if name == "self":
        if t.get("generic") == "Self":
            return "self"
        if "borrowed_ref" in t and t["borrowed_ref"]["type"].get("generic") == "Self":
            return "&mut self" if t["borrowed_ref"]["is_mutable"] else "&self"
    return f"{name}: {ty(t)}"


def generics(g):
    shown = []
    for p in g["params"]:
        kind = p["kind"]
        if "lifetime" in kind:
            shown.append(p["name"])
        elif "type" in kind:
            if kind["type"].get("is_synthetic"):
                continue
            bounds = " + ".join(bound(b) for b in kind["type"]["bounds"])
            default = kind["type"].get("default")
            shown.append(p["name"] + (f": {bounds}" if bounds else "") + (f" = {ty(default)}" if default else ""))
        elif "const" in kind:
            shown.append(f"const {p['name']}: {ty(kind['const']['type'])}")
    return f"<{', '.join(shown)}>" if shown else ""


def where(g):
    parts = []
    for pred in g.get("where_predicates", []):
        if "bound_predicate" in pred:
            b = pred["bound_predicate"]
            parts.append(f"{ty(b['type'])}: {' + '.join(bound(x) for x in b['bounds'])}")
    return f" where {', '.join(parts)}" if parts else ""


def bound(b):
    if "trait_bound" in b:
        modifier = "?" if b["trait_bound"].get("modifier") == "maybe" else ""
        return modifier + path_text(b["trait_bound"]["trait"])
    if "outlives" in b:
        return b["outlives"]
    return "use<..>"


def path_text(p):
    name = p["path"].split("::")[-1]
    return name + args(p.get("args"))


def args(a):
    if not a:
        return ""
    if "angle_bracketed" in a:
        parts = []
        for arg in a["angle_bracketed"]["args"]:
            if "type" in arg:
                parts.append(ty(arg["type"]))
            elif "lifetime" in arg:
                parts.append(arg["lifetime"])
            elif "const" in arg:
                parts.append(str(arg["const"].get("expr", "_")))
        for c in a["angle_bracketed"]["constraints"]:
            binding = c["binding"]
            if "equality" in binding:
                value = binding["equality"]
                parts.append(f"{c['name']} = {ty(value['type']) if 'type' in value else value}")
            else:
                parts.append(f"{c['name']}: {' + '.join(bound(x) for x in binding['constraint'])}")
        return f"<{', '.join(parts)}>" if parts else ""
    if "parenthesized" in a:
        inputs = ", ".join(ty(t) for t in a["parenthesized"]["inputs"])
        output = a["parenthesized"].get("output")
        return f"({inputs})" + (f" -> {ty(output)}" if output else "")
    return ""


def ty(t):
    if t is None:
        return "()"
    kind, value = next(iter(t.items()))
    if kind == "resolved_path":
        return path_text(value)
    if kind == "primitive":
        return value
    if kind == "generic":
        return value
    if kind == "borrowed_ref":
        lifetime = f"{value['lifetime']} " if value.get("lifetime") else ""
        mutable = "mut " if value["is_mutable"] else ""
        return f"&{lifetime}{mutable}{ty(value['type'])}"
    if kind == "tuple":
        return f"({', '.join(ty(x) for x in value)})"
    if kind == "slice":
        return f"[{ty(value)}]"
    if kind == "array":
        return f"[{ty(value['type'])}; {value['len']}]"
    if kind == "impl_trait":
        return "impl " + " + ".join(bound(b) for b in value)
    if kind == "dyn_trait":
        traits = " + ".join(path_text(x["trait"]) for x in value["traits"])
        lifetime = f" + {value['lifetime']}" if value.get("lifetime") else ""
        return f"dyn {traits}{lifetime}"
    if kind == "qualified_path":
        trait = value.get("trait")
        self_type = ty(value["self_type"])
        if trait is None:
            return f"{self_type}::{value['name']}"
        return f"<{self_type} as {path_text(trait)}>::{value['name']}"
    if kind == "raw_pointer":
        return f"*{'mut' if value['is_mutable'] else 'const'} {ty(value['type'])}"
    if kind == "function_pointer":
        sig = value["sig"]
        inputs = ", ".join(ty(t) for _, t in sig["inputs"])
        output = f" -> {ty(sig['output'])}" if sig.get("output") is not None else ""
        return f"fn({inputs}){output}"
    if kind == "infer":
        return "_"
    return kind


if __name__ == "__main__":
    main(sys.argv[1])
