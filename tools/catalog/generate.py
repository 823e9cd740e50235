#!/usr/bin/env python3
"""Derives the facts-only operation table of the Atlas Administration API v2 from the committed
copy of the official multi-version spec (spec/atlas-api.json) and the Atlas CLI's watcher overlay
(spec/atlas-cli-watchers.json), and writes it as Rust for the macro crate
(catalog/src/operations.rs, catalog/src/schemas.rs).

Per operation: method, path, both operation ids, the documentation URL, deprecation, roles,
parameters (location, type, required-ness, pattern, enum values) and request-body presence; per
served resource version: media types, success codes, whether an answer has a body, the body and
answer schema names and the sunset date; the versions already past their sunset on the catalog's
date (spec/as-of); and the watcher (what to poll after a write). No description text. Output is
deterministic. The other generators in this folder read the same facts through `load_catalog`.

Usage: tools/catalog/generate.py
"""

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SPEC_DIR = ROOT / "spec"
# The facts-only copies committed to the repository (tools/spec/refresh.sh writes them).
SPEC = SPEC_DIR / "atlas-api.json"
WATCHERS = SPEC_DIR / "atlas-cli-watchers.json"
AS_OF = SPEC_DIR / "as-of"
OUTPUT = ROOT / "catalog" / "src" / "operations.rs"
SCHEMAS_OUTPUT = ROOT / "catalog" / "src" / "schemas.rs"
PREFIX = "/api/atlas/v2"
METHODS = ("get", "post", "put", "patch", "delete")
MEDIA = re.compile(r"^application/vnd\.atlas\.(\d{4}-\d{2}-\d{2}|preview)\+(json|csv|gzip)$")
# The parameter types the spec uses (asserted: an unknown one stops the generator).
KINDS = {"string": "String", "integer": "Integer", "boolean": "Boolean", "array": "Array"}
HEX24 = "^([a-f0-9]{24})$"
# Query parameters the client sends itself, from its options (not declared per endpoint).
CLIENT_QUERY = {("query", "envelope"), ("query", "pretty")}
# Parameter names too generic to carry a pattern from one path to another.
GENERIC_NAMES = {"id", "name"}
# Remarks about the spec found while generating, printed on stderr (not part of the table).
NOTES = []


def load_spec(path):
    """The spec at `path`: JSON (the committed copy) or YAML (an official file)."""
    text = Path(path).read_text()
    if str(path).endswith(".json"):
        return json.loads(text)
    try:
        import yaml
    except ImportError:
        sys.exit("PyYAML is missing (needed for a YAML spec): pip install pyyaml")
    return yaml.safe_load(text)


def resolve(spec, node):
    """Follows a local `$ref` (parameters, responses, schemas)."""
    while isinstance(node, dict) and "$ref" in node:
        target = spec
        for part in node["$ref"].lstrip("#/").split("/"):
            target = target[part]
        node = target
    return node


def raw_pattern(pattern):
    """Patterns validate the raw value users pass, as a whole. Two documented adjustments:
    the runtime encodes `/` itself, so a pattern that expects `%2F` already encoded is rewritten
    to expect `/`; and the spec's host-name alternative (`hostName`, `processId`) omits `-`,
    which every Atlas host name contains (`cluster0-shard-00-00.abcde.mongodb.net`), so host
    labels may contain `-` as RFC 1123 allows."""
    pattern = re.sub(r"%2\[fF\]", "/", pattern)
    return pattern.replace("(([a-z0-9]+\\.){1,10}[a-z]+)", "(([a-z0-9-]+\\.){1,10}[a-z]+)")


# Constructs Python's `re` accepts but Rust's `regex` crate (which the runtime uses) does not:
# look-around and back-references.
RUST_UNSUPPORTED = re.compile(r"\(\?<?[=!]|\\[1-9]")


def kind_of(where, schema):
    """The parameter's JSON type, as a `Kind` variant."""
    kind = schema.get("type", "string")
    if kind not in KINDS:
        raise SystemExit(f"{where}: parameter type {kind!r} is not in the model (add it to Kind)")
    return KINDS[kind]


def check_pattern(where, pattern):
    """Every recorded pattern must compile; a path pattern must also compile in Rust's `regex`
    (the runtime validates path values with it). A query pattern that Rust cannot compile is
    recorded as is (the runtime does not validate query values) and listed on stderr."""
    try:
        re.compile(pattern)
    except re.error as error:
        raise SystemExit(f"{where}: pattern {pattern!r} does not compile: {error}")
    if RUST_UNSUPPORTED.search(pattern):
        if where.endswith("(path)"):
            raise SystemExit(f"{where}: pattern {pattern!r} uses look-around or back-references")
        return f"{where}: pattern uses look-around (unsupported by Rust's regex; not validated)"
    return None


def schema_name(spec, schema):
    """A short name for a body or answer schema: the component's name, `[Name]` for an array of
    components, `object`/`array`/`string` for an inline one."""
    if not schema:
        return None
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if schema.get("type") == "array":
        items = schema.get("items", {})
        return f"[{items['$ref'].rsplit('/', 1)[-1]}]" if "$ref" in items else "array"
    return schema.get("type", "object")


def operations_of(spec):
    """(method, spec path, path item, operation) for every operation of the spec."""
    for path, item in spec["paths"].items():
        for method in METHODS:
            if method in item:
                yield method, path, item, item[method]


def parameters_of(spec, item, operation):
    """The operation's parameters (its own, then the path item's), resolved, deduplicated;
    without the query parameters every operation has that the client sets itself (`envelope`,
    `pretty`: `Client::with_envelope`, `Client::with_pretty`)."""
    seen = set()
    for parameter in operation.get("parameters", []) + item.get("parameters", []):
        parameter = resolve(spec, parameter)
        key = (parameter["in"], parameter["name"])
        if key in CLIENT_QUERY:
            continue
        if key not in seen and parameter["in"] in ("path", "query", "header"):
            seen.add(key)
            yield parameter


def inferred_patterns(spec):
    """Patterns for path parameters the spec leaves without one, where the evidence agrees:
    the same parameter name carries exactly one pattern on the other operations, or the spec
    describes the parameter as a 24-hexadecimal id (`x-described-id: hex24`, kept by
    tools/spec/facts_only.py). Generic names (`id`, `name`) name different things on different
    paths (a stream VPC peering connection's `id` is AWS's `pcx-…`), so they are never inferred
    from other operations. Keyed by (operationId, name); every inference is listed on stderr."""
    evidence = {}
    for _, _, item, operation in operations_of(spec):
        for parameter in parameters_of(spec, item, operation):
            if parameter["in"] != "path":
                continue
            schema = parameter.get("schema", {})
            if "pattern" in schema:
                evidence.setdefault(parameter["name"], set()).add(raw_pattern(schema["pattern"]))
            elif parameter.get("x-described-id") == "hex24":
                evidence.setdefault(parameter["name"], set()).add(HEX24)
    hex24 = {HEX24, "^[a-fA-F0-9]{24}$"}
    inferred = {}
    for _, _, item, operation in operations_of(spec):
        for parameter in parameters_of(spec, item, operation):
            if parameter["in"] != "path" or "pattern" in parameter.get("schema", {}):
                continue
            name = parameter["name"]
            found = evidence.get(name, set())
            described = parameter.get("x-described-id") == "hex24"
            if described:
                variants = sorted(found & hex24 - {HEX24})
                pattern = variants[0] if variants else HEX24
                reason = "described as a 24-hexadecimal id"
            elif name not in GENERIC_NAMES and len(found) == 1:
                pattern = next(iter(found))
                reason = f"the pattern `{name}` has on the other operations"
            else:
                if found:
                    why = ("a generic name" if name in GENERIC_NAMES
                           else f"the other operations disagree: {sorted(found)}")
                    NOTES.append(f"{operation['operationId']} {name} (path): no pattern inferred, {why}")
                continue
            inferred[(operation["operationId"], name)] = pattern
            NOTES.append(f"inferred: {operation['operationId']} {name} (path) gets {pattern!r}: {reason}")
    return inferred


def parameter_facts(spec, item, operation, inferred):
    facts = []
    for parameter in parameters_of(spec, item, operation):
        schema = parameter.get("schema", {})
        where = f"{operation['operationId']} {parameter['name']} ({parameter['in']})"
        pattern = raw_pattern(schema["pattern"]) if "pattern" in schema else None
        pattern = pattern or inferred.get((operation["operationId"], parameter["name"]))
        if pattern:
            note = check_pattern(where, pattern)
            if note:
                NOTES.append(note)
            if schema.get("type", "string") != "string":
                NOTES.append(f"{where}: pattern {pattern!r} on a parameter of type {schema['type']}")
        values = schema.get("enum") or schema.get("items", {}).get("enum") or []
        facts.append({
            "name": parameter["name"],
            "location": parameter["in"].capitalize(),
            "kind": kind_of(where, schema),
            "required": bool(parameter.get("required")) or parameter["in"] == "path",
            "pattern": pattern,
            "values": [str(value) for value in values],
        })
    return facts


def version_facts(spec, operation, where):
    """Every resource version the operation's media types name, with that version's facts."""
    versions = {}

    def entry(version):
        return versions.setdefault(version, {
            "version": version, "media": set(), "success": set(), "answers_body": False,
            "sunset": None, "answer": None, "body": None, "body_schema": None})

    for code, response in sorted(operation.get("responses", {}).items()):
        if not str(code).startswith("2"):
            continue
        for media, content in (resolve(spec, response).get("content") or {}).items():
            match = MEDIA.match(media)
            if not match:
                NOTES.append(f"{where}: answer media type {media} carries no version (ignored)")
                continue
            facts = entry(match.group(1))
            facts["media"].add(match.group(2))
            facts["success"].add(int(code))
            if "schema" in content:
                facts["answers_body"] = True
                facts["answer"] = facts["answer"] or schema_name(spec, content["schema"])
            if content.get("x-sunset"):
                facts["sunset"] = str(content["x-sunset"])
    body = resolve(spec, operation.get("requestBody"))
    for media, content in ((body or {}).get("content") or {}).items():
        match = MEDIA.match(media)
        if not match:
            NOTES.append(f"{where}: body media type {media} carries no version (ignored)")
            continue
        facts = entry(match.group(1))
        facts["body"] = schema_name(spec, content.get("schema"))
        facts["body_schema"] = content.get("schema")
        if content.get("x-sunset"):
            facts["sunset"] = facts["sunset"] or str(content["x-sunset"])
    for version, facts in versions.items():
        if not facts["success"]:
            NOTES.append(f"{where}: version {version} has a body but no success answer of its own")
            others = [other for other in versions.values() if other["success"]]
            facts["success"] = set(others[-1]["success"]) if others else {200}
            facts["media"] = facts["media"] or {"json"}
    if not versions:
        raise SystemExit(f"{where}: no resource version found")
    return [versions[version] for version in sorted(versions)]


def media_of(facts):
    media = facts["media"]
    return {
        "media": "Gzip" if "gzip" in media else ("Csv" if media == {"csv"} else "Json"),
        "also_csv": "csv" in media and "json" in media,
    }


def watcher_facts(watchers):
    """What to poll after a write, keyed by (method, spec path)."""
    found = {}
    target = re.compile(r"^\$\.paths\['(?P<path>[^']+)'\](?:\.(?P<one>\w+)|\[(?P<many>[^\]]+)\])$")
    for action in watchers.get("actions", []):
        match = target.match(action["target"])
        if not match:
            raise SystemExit(f"watchers: cannot read target {action['target']!r}")
        methods = [match.group("one")] if match.group("one") else re.findall(r"'(\w+)'", match.group("many"))
        watcher = action["update"]["x-xgen-atlascli"]["watcher"]
        expect = watcher["expect"]
        facts = {
            "operation": watcher["get"]["operation-id"],
            "version": str(watcher["get"]["version"]),
            "params": sorted(watcher["get"].get("params", {}).items()),
            "status": expect.get("http-code"),
            "path": expect.get("match", {}).get("path"),
            "values": [str(value) for value in expect.get("match", {}).get("values", [])],
        }
        for method in methods:
            key = (method, match.group("path"))
            if key in found and found[key] != facts:
                NOTES.append(f"watchers: {method.upper()} {match.group('path')} has two watchers; the first is kept")
                continue
            found[key] = facts
    return found


def operation_facts(spec, method, path, item, operation, inferred, watchers, as_of):
    where = f"{method.upper()} {path}"
    versions = version_facts(spec, operation, where)
    body = resolve(spec, operation.get("requestBody"))
    served = [v for v in versions if not v["sunset"] or v["sunset"] > as_of]
    gone = [v for v in versions if v["sunset"] and v["sunset"] <= as_of]
    return {
        "method": method.upper(),
        "path": re.sub(r"\{(\w+)\}", r"<\1>", path[len(PREFIX):]) or "/",
        "operation_id": operation["operationId"],
        "former_id": operation.get("x-xgen-operation-id-override"),
        "docs_url": operation.get("x-xgen-docs-url"),
        "deprecated": bool(operation.get("deprecated")),
        "roles": sorted(operation.get("x-rolesRequirements") or []),
        "params": parameter_facts(spec, item, operation, inferred),
        "body": "Absent" if body is None else ("Required" if body.get("required") else "Optional"),
        "versions": [{**v, **media_of(v), "success": sorted(v["success"])} for v in served],
        "gone": [(v["version"], v["sunset"]) for v in gone],
        "watcher": watchers.get((method, path)),
    }


def ref_name(node):
    return node["$ref"].rsplit("/", 1)[-1]


def property_type(spec, schema, where):
    """A property's (or array item's) JSON type: `("String",)`, `("Ref", name)`,
    `("Array", item)`, `("Map", item)`, … (the `Ty` variants)."""
    if "$ref" in schema:
        target = resolve(spec, schema)
        if target.get("type") in ("string", "integer", "number", "boolean") and "enum" not in target \
                and "properties" not in target:
            return property_type(spec, target, where)
        return ("Ref", ref_name(schema))
    kind = schema.get("type")
    branches = schema.get("oneOf") or schema.get("anyOf")
    if branches:
        # A union of strings (often typed `object` by mistake, e.g. `regionName`) is a string.
        resolved = [resolve(spec, branch) for branch in branches]
        return ("String",) if all(branch.get("type") == "string" for branch in resolved) else ("Any",)
    if kind == "array":
        return ("Array", property_type(spec, schema.get("items", {}), where))
    if kind in ("string", "integer", "number", "boolean"):
        return (kind.capitalize(),)
    if kind == "object" or "properties" in schema or "additionalProperties" in schema:
        extra = schema.get("additionalProperties")
        if isinstance(extra, dict) and extra and not schema.get("properties"):
            return ("Map", property_type(spec, extra, where))
        return ("Object",)
    if "allOf" in schema or not schema:
        return ("Any",)
    raise SystemExit(f"{where}: property type {kind!r} is not in the model (add it to Ty)")


def render_ty(ty):
    """A property type as a Rust `Ty` expression."""
    if ty[0] == "Ref":
        return f"Ref({rust_string(ty[1])})"
    if ty[0] in ("Array", "Map"):
        return f"{ty[0]}(&{render_ty(ty[1])})"
    return ty[0]


def merged_properties(spec, schema, seen=()):
    """(properties, required) of an object schema, `allOf` parts merged in order."""
    properties, required = {}, []
    for part in schema.get("allOf", []):
        name = ref_name(part) if "$ref" in part else None
        if name in seen:
            continue
        more, more_required = merged_properties(spec, resolve(spec, part), seen + ((name,) if name else ()))
        properties.update(more)
        required += more_required
    properties.update(schema.get("properties") or {})
    required += schema.get("required") or []
    return properties, required


def string_union_values(spec, schema):
    """The values of a union of string enums (`oneOf` of strings, even when typed `object`), or
    None when the schema is not one."""
    branches = [resolve(spec, branch) for branch in (schema.get("oneOf") or schema.get("anyOf") or [])]
    if not branches or not all(branch.get("type") == "string" for branch in branches):
        return None
    return [str(value) for branch in branches for value in branch.get("enum", [])]


def union_variants(schema):
    """The variant schema names of a union: its `oneOf` references, or its discriminator's
    mapping."""
    names = [ref_name(branch) for branch in schema.get("oneOf", []) if "$ref" in branch]
    mapping = (schema.get("discriminator") or {}).get("mapping") or {}
    for target in mapping.values():
        name = target.rsplit("/", 1)[-1]
        if name not in names:
            names.append(name)
    return names


class ValueLists:
    """Enum value lists, each written once as a `static` and referred to by name (many
    properties share long lists, such as the cloud regions)."""

    def __init__(self):
        self.names = {}

    def refer(self, values):
        if not values:
            return "&[]"
        key = tuple(values)
        if key not in self.names:
            self.names[key] = f"V{len(self.names)}"
        return self.names[key]

    def render(self):
        return [f"static {name}: &[&str] = {rust_strings(list(values))};" for values, name in self.names.items()]


def schema_facts(spec, name, schema):
    """One component schema's facts: shape, properties (name, type, flags, format, values),
    values, variants, discriminator."""
    variants = union_variants(schema)
    properties, required = merged_properties(spec, schema, (name,))
    values = schema.get("enum", [])
    union_values = string_union_values(spec, schema)
    if union_values is not None:
        shape, variants, values = "Enum", [], union_values
    elif variants:
        shape = "Union"
        for variant in variants:
            for prop, facts in merged_properties(spec, resolve(spec, {"$ref": f"#/components/schemas/{variant}"}), (variant, name))[0].items():
                properties.setdefault(prop, facts)
    elif "enum" in schema:
        shape = "Enum"
    elif properties:
        shape = "Object"
    else:
        shape = "Other"
    props = []
    for prop, facts in properties.items():
        target = resolve(spec, facts)
        props.append({
            "name": prop,
            "ty": property_type(spec, facts, f"schema {name}.{prop}"),
            "required": prop in required,
            "read_only": bool(target.get("readOnly")),
            "write_only": bool(target.get("writeOnly")),
            "nullable": bool(target.get("nullable")),
            "format": target.get("format"),
            "values": [str(v) for v in (facts.get("enum") or (facts.get("items") or {}).get("enum")
                                        or string_union_values(spec, facts) or [])],
        })
    return {"name": name, "shape": shape, "properties": props, "values": [str(v) for v in values],
            "variants": variants, "discriminator": (schema.get("discriminator") or {}).get("propertyName")}


def render_schema(facts, lists):
    """One schema's facts as a Rust `Schema` expression."""
    rendered = []
    for prop in facts["properties"]:
        flags = (1 * prop["required"] + 2 * prop["read_only"] + 4 * prop["write_only"]
                 + 8 * prop["nullable"])
        rendered.append(
            f"P::new({rust_string(prop['name'])}, {render_ty(prop['ty'])}, {flags}, "
            f"{rust_option(prop['format'])}, {lists.refer(prop['values'])})")
    return (f"    Schema {{ name: {rust_string(facts['name'])}, shape: Shape::{facts['shape']}, "
            f"properties: &[{', '.join(rendered)}], values: {lists.refer(facts['values'])}, "
            f"variants: {rust_strings(facts['variants'])}, discriminator: {rust_option(facts['discriminator'])} }},")


def render_schemas(spec):
    schemas = spec["components"]["schemas"]
    lines = [
        "// @generated by tools/catalog/generate.py from the facts-only copy of the official Atlas",
        "// Administration API v2 spec in spec/. Do not edit: regenerate, and `tools/catalog/check.sh`",
        "// verifies it.",
        "",
        "use super::model::{Property as P, Schema, SchemaShape as Shape, Ty::*};",
        "",
        f"/// The {len(schemas)} component schemas of the spec, sorted by name.",
        "pub static SCHEMAS: &[Schema] = &[",
    ]
    lists = ValueLists()
    lines += [render_schema(schema_facts(spec, name, schemas[name]), lists) for name in sorted(schemas)]
    lines.append("];")
    lines += ["", "// Enum value lists shared by the schemas above."] + lists.render()
    return "\n".join(lines) + "\n"


def load_catalog():
    """The catalog's operations, as dictionaries, sorted by path then method; the same facts
    the table holds (plus each version's body schema, for the Prism test generator)."""
    spec = load_spec(SPEC)
    watchers = watcher_facts(load_spec(WATCHERS))
    as_of = AS_OF.read_text().strip()
    inferred = inferred_patterns(spec)
    operations = [operation_facts(spec, method, path, item, operation, inferred, watchers, as_of)
                  for method, path, item, operation in operations_of(spec)]
    operations.sort(key=lambda op: (op["path"], METHODS.index(op["method"].lower())))
    return spec, as_of, operations


def default_version(operation):
    """The version a declaration without `version` gets: the newest dated one (None when the
    operation is served only as a preview)."""
    dated = [v for v in operation["versions"] if v["version"] != "preview"]
    return dated[-1] if dated else None


def rust_string(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def rust_option(text):
    return f"Some({rust_string(text)})" if text is not None else "None"


def rust_strings(texts):
    return "&[" + ", ".join(map(rust_string, texts)) + "]"


def render_version(v):
    return (f"Version {{ version: {rust_string(v['version'])}, media: {v['media']}, "
            f"also_csv: {str(v['also_csv']).lower()}, success: &[{', '.join(map(str, v['success']))}], "
            f"answers_body: {str(v['answers_body']).lower()}, sunset: {rust_option(v['sunset'])}, "
            f"body: {rust_option(v['body'])}, answer: {rust_option(v['answer'])} }}")


def render_watcher(w):
    if w is None:
        return "None"
    params = ", ".join(f"({rust_string(name)}, {rust_string(source)})" for name, source in w["params"])
    expect = (f"Status({w['status']})" if w["status"] is not None
              else f"Field {{ path: {rust_string(w['path'])}, values: {rust_strings(w['values'])} }}")
    return (f"Some(Watcher {{ operation: {rust_string(w['operation'])}, version: {rust_string(w['version'])}, "
            f"params: &[{params}], expect: {expect} }})")


def render(operations, as_of):
    lines = [
        "// @generated by tools/catalog/generate.py from the facts-only copy of the official Atlas",
        "// Administration API v2 spec in spec/. Do not edit: regenerate, and `tools/catalog/check.sh`",
        "// verifies it.",
        "",
        "use super::model::{Body::*, Expect::*, ParamKind::*, Location::*, Media::*, Method::*, Operation, Param, Version, Watcher};",
        "",
        f"// Versions whose sunset is on or before {as_of} (spec/as-of) are listed as gone.",
        "",
        f"/// The {len(operations)} operations of the Atlas Administration API v2, by path then method.",
        "pub static OPERATIONS: &[Operation] = &[",
    ]
    for op in operations:
        params = ", ".join(
            f"Param {{ name: {rust_string(p['name'])}, location: {p['location']}, kind: {p['kind']}, "
            f"required: {str(p['required']).lower()}, pattern: {rust_option(p['pattern'])}, "
            f"values: {rust_strings(p['values'])} }}"
            for p in op["params"]
        )
        versions = ", ".join(render_version(v) for v in op["versions"])
        gone = ", ".join(f"({rust_string(v)}, {rust_string(s)})" for v, s in op["gone"])
        lines.append(
            f"    Operation {{ method: {op['method'].capitalize()}, path: {rust_string(op['path'])}, "
            f"operation_id: {rust_string(op['operation_id'])}, former_id: {rust_option(op['former_id'])}, "
            f"docs_url: {rust_option(op['docs_url'])}, deprecated: {str(op['deprecated']).lower()}, "
            f"roles: {rust_strings(op['roles'])}, params: &[{params}], body: {op['body']}, "
            f"versions: &[{versions}], gone: &[{gone}], watcher: {render_watcher(op['watcher'])} }},"
        )
    lines.append("];")
    return "\n".join(lines) + "\n"


def main():
    spec, as_of, operations = load_catalog()
    OUTPUT.write_text(render(operations, as_of))
    SCHEMAS_OUTPUT.write_text(render_schemas(spec))
    pairs = sum(len(op["versions"]) for op in operations)
    gone = sum(len(op["gone"]) for op in operations)
    print(f"{len(operations)} operations, {pairs} served operation-versions ({gone} past their sunset on {as_of}) -> {OUTPUT}")
    for note in sorted(set(NOTES)):
        print(f"note: {note}", file=sys.stderr)


if __name__ == "__main__":
    main()
