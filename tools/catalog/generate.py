#!/usr/bin/env python3
"""Derives the facts-only operation table of the Atlas Administration API v2 from the official
OpenAPI spec and writes it as Rust for the macro crate (macros/src/catalog/table.rs).

Only facts are kept (methods, paths, operation ids, versions, media types, success codes,
deprecation, sunset dates, roles, parameter names, locations, types, required-ness, patterns and
request-body presence); no description text. Output is deterministic.

Usage: tools/catalog/generate.py [SPEC] [OUTPUT]   (defaults: spec/atlas-api-transformed.json, the table)
"""

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# The facts-only copy of the official spec committed to the repository (tools/spec/refresh.sh).
SPEC = ROOT / "spec" / "atlas-api-transformed.json"
OUTPUT = ROOT / "macros" / "src" / "catalog" / "table.rs"
PREFIX = "/api/atlas/v2"
METHODS = ("get", "post", "put", "patch", "delete")
MEDIA = re.compile(r"^application/vnd\.atlas\.(\d{4}-\d{2}-\d{2})\+(json|csv|gzip)$")
# The parameter types the spec uses (asserted: an unknown one stops the generator).
KINDS = {"string": "String", "integer": "Integer", "boolean": "Boolean", "array": "Array"}
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
    """Follows a local `$ref` (parameters and responses)."""
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


def versions_of(content):
    return {MEDIA.match(media).groups() for media in (content or {}) if MEDIA.match(media)}


def operation_facts(spec, path, method, operation, shared_parameters):
    success = {}
    for code, response in sorted(operation.get("responses", {}).items()):
        if str(code).startswith("2"):
            success[int(code)] = versions_of(resolve(spec, response).get("content"))
    body = resolve(spec, operation.get("requestBody")) if operation.get("requestBody") else None
    versions = {version for found in success.values() for version, _ in found}
    versions |= {version for version, _ in versions_of(body.get("content") if body else None)}
    if len(versions) != 1:
        raise SystemExit(f"{method.upper()} {path}: expected one resource version, found {sorted(versions)}")
    media = {kind for found in success.values() for _, kind in found}
    answers_body = any(
        "schema" in entry
        for code, response in operation.get("responses", {}).items() if str(code).startswith("2")
        for entry in (resolve(spec, response).get("content") or {}).values()
    )
    parameters = []
    seen = set()
    for parameter in operation.get("parameters", []) + shared_parameters:
        parameter = resolve(spec, parameter)
        key = (parameter["in"], parameter["name"])
        if key in seen or parameter["in"] not in ("path", "query", "header"):
            continue
        seen.add(key)
        schema = parameter.get("schema", {})
        where = f"{operation['operationId']} {parameter['name']} ({parameter['in']})"
        pattern = raw_pattern(schema["pattern"]) if "pattern" in schema else None
        if pattern:
            note = check_pattern(where, pattern)
            if note:
                NOTES.append(note)
            if schema.get("type", "string") != "string":
                NOTES.append(f"{where}: pattern {pattern!r} on a parameter of type {schema['type']}")
        parameters.append({
            "name": parameter["name"],
            "location": parameter["in"].capitalize(),
            "kind": kind_of(where, schema),
            "required": bool(parameter.get("required")) or parameter["in"] == "path",
            "pattern": pattern,
        })
    return {
        "method": method.upper(),
        "path": re.sub(r"\{(\w+)\}", r"<\1>", path[len(PREFIX):]) or "/",
        "operation_id": operation["operationId"],
        "version": versions.pop(),
        "media": "Gzip" if "gzip" in media else ("Csv" if media == {"csv"} else "Json"),
        "also_csv": "csv" in media and "json" in media,
        "success": sorted(success),
        "answers_body": answers_body,
        "deprecated": bool(operation.get("deprecated")),
        "sunset": str(operation["x-sunset"]) if operation.get("x-sunset") else None,
        "roles": sorted(operation.get("x-rolesRequirements") or []),
        "params": parameters,
        "body": "Absent" if body is None else ("Required" if body.get("required") else "Optional"),
    }


def rust_string(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def rust_option(text):
    return f"Some({rust_string(text)})" if text is not None else "None"


def render(operations):
    lines = [
        "// @generated by tools/catalog/generate.py from the official Atlas Administration API v2",
        "// spec. Facts only. Do not edit: regenerate, and `tools/catalog/check.sh` verifies it.",
        "",
        "use super::model::{Body::*, Kind::*, Location::*, Media::*, Operation, Param};",
        "",
        f"/// The {len(operations)} operations of the Atlas Administration API v2, by path then method.",
        "pub static OPERATIONS: &[Operation] = &[",
    ]
    for op in operations:
        params = ", ".join(
            f"Param {{ name: {rust_string(p['name'])}, location: {p['location']}, kind: {p['kind']}, "
            f"required: {str(p['required']).lower()}, pattern: {rust_option(p['pattern'])} }}"
            for p in op["params"]
        )
        lines.append(
            f"    Operation {{ method: {rust_string(op['method'])}, path: {rust_string(op['path'])}, "
            f"operation_id: {rust_string(op['operation_id'])}, version: {rust_string(op['version'])}, "
            f"media: {op['media']}, also_csv: {str(op['also_csv']).lower()}, "
            f"success: &[{', '.join(map(str, op['success']))}], answers_body: {str(op['answers_body']).lower()}, "
            f"deprecated: {str(op['deprecated']).lower()}, "
            f"sunset: {rust_option(op['sunset'])}, roles: &[{', '.join(map(rust_string, op['roles']))}], "
            f"params: &[{params}], body: {op['body']} }},"
        )
    lines.append("];")
    return "\n".join(lines) + "\n"


def main():
    spec_path = Path(sys.argv[1]) if len(sys.argv) > 1 else SPEC
    output = Path(sys.argv[2]) if len(sys.argv) > 2 else OUTPUT
    spec = load_spec(spec_path)
    operations = []
    for path, item in spec["paths"].items():
        shared = item.get("parameters", [])
        for method in METHODS:
            if method in item:
                operations.append(operation_facts(spec, path, method, item[method], shared))
    operations.sort(key=lambda op: (op["path"], METHODS.index(op["method"].lower())))
    output.write_text(render(operations))
    print(f"{len(operations)} operations -> {output}")
    for note in sorted(set(NOTES)):
        print(f"note: {note}", file=sys.stderr)


if __name__ == "__main__":
    main()
