#!/usr/bin/env python3
"""Writes tests/all-operations/tests/prism.rs: one request of each declared operation-version (every
served resource version of every operation), with valid sample arguments (path values matching their patterns, required query parameters, minimal
bodies derived from the request schemas), built offline in every test run and sent to the Prism
mock serving the official spec when one is running; and, for the operations that have optional
query or header parameters, a second request with every one of them set.

Sample values are derived from the spec's schemas (types, enums, formats, patterns, required
properties); no description text is copied.
"""

import json
import re
import subprocess
import sys
from urllib.parse import quote
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUTPUT = ROOT / "tests" / "all-operations" / "tests" / "prism.rs"


import generate_declarations as declarations  # beside this file

generate = declarations.generate
resolve = generate.resolve

HEX24 = "5f1b2c3d4e5f6a7b8c9d0e1f"
BY_PATTERN = {
    "^([a-f0-9]{24})$": HEX24,
    "^[a-fA-F0-9]{24}$": HEX24,
    "^[a-zA-Z0-9][a-zA-Z0-9-]*$": "Cluster0",
    "^mdb_sa_id_[a-fA-F\\d]{24}$": "mdb_sa_id_" + HEX24,
    "^([a-fA-F0-9]{64})$": "a" * 64,
    "^([a-f0-9]{20})$": "0123456789abcdef0123",
    "[0-9a-f]+": HEX24,
    "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$": "123e4567-e89b-12d3-a456-426614174000",
    "^vpce-[0-9a-f]{17}$": "vpce-0123456789abcdef0",
}
BY_NAME = {"processId": "cluster0-shard-00-00.abcde.mongodb.net:27017",
           "hostName": "cluster0-shard-00-00.abcde.mongodb.net",
           "hostname": "cluster0-shard-00-00.abcde.mongodb.net",
           "ipAddress": "192.0.2.0/24", "entryValue": "192.0.2.0/24",
           "userName": "user@example.com",
           "username": "user", "databaseName": "admin", "cloudProvider": "AWS",
           "bindUsername": "CN=admin,DC=example,DC=com", "country": "US",
           # The spec's phone pattern is escaped twice (`\\s` is a literal backslash then `s*`),
           # so only numbers with backslashes between the groups match it.
           "mobileNumber": "312\\555\\0100"}


def fits(pattern, value):
    """Whether a value suits a spec pattern the way Prism tests it (an unanchored search), raw
    or percent-encoded (path values are sent encoded)."""
    if not pattern:
        return True
    # ECMAScript names groups `(?<name>…)`, Python `(?P<name>…)`.
    try:
        compiled = re.compile(re.sub(r"\(\?<(?=[A-Za-z])", "(?P<", pattern))
    except re.error:
        return True  # not checkable here; Prism is the judge
    return any(compiled.search(form) for form in (value, quote(value, safe="")))


def string_sample(schema, name=""):
    """A valid string: the first enum value, a value of the format, a known value for the name
    or pattern, or a generic value that fits the pattern and the length limits."""
    if "enum" in schema:
        return schema["enum"][0]
    fmt = schema.get("format")
    if fmt == "date-time":
        return "2024-01-01T00:00:00Z"
    if fmt == "date":
        return "2024-01-01"
    if fmt == "email":
        return "user@example.com"
    if fmt in ("uri", "url"):
        return "https://example.com"
    if fmt == "uuid":
        return "123e4567-e89b-12d3-a456-426614174000"
    pattern = schema.get("pattern")
    if name in BY_NAME and fits(pattern, BY_NAME[name]):
        return BY_NAME[name]
    if pattern in BY_PATTERN:
        return BY_PATTERN[pattern]
    if pattern and re.fullmatch(r"\^?\(?\[a-f0-9\]\{24\}\)?\$?", pattern):
        return HEX24
    value = "sample"
    if pattern:
        for candidate in (HEX24, "Cluster0", "192.0.2.1", "192.0.2.0/24", "vpce-0123456789abcdef0", "sample", "1", "2024-01-01",
                          pattern_sample(pattern)):
            try:
                if candidate and re.fullmatch(pattern.lstrip("^").rstrip("$"), candidate):
                    return candidate
            except re.error:
                break
    minimum = schema.get("minLength", 0)
    return (value * (minimum // len(value) + 1))[: max(minimum, len(value))][: schema.get("maxLength", 1000)]


def pattern_sample(pattern):
    """A string that a simple pattern matches: literals, escapes, `[…]` classes, `\\d`, groups
    without alternation, and `{n}`, `{n,m}`, `+`, `*`, `?` quantifiers (their minimum, at least
    once). None for anything else (alternation, look-around)."""
    body = pattern.removeprefix("^").removesuffix("$")
    if "|" in body or "(?" in body:
        return None
    out, index = [], 0
    while index < len(body):
        char = body[index]
        if char in "()":
            index += 1
            continue
        if char == "[":
            end = body.index("]", index + 1)
            first = body[index + 1:end].lstrip("^")
            atom = "0" if first.startswith("\\d") else first[0]
            index = end + 1
        elif char == "\\":
            atom = "0" if body[index + 1] == "d" else body[index + 1]
            index += 2
        elif char == ".":
            atom, index = "a", index + 1
        else:
            atom, index = char, index + 1
        count = 1
        quantifier = re.match(r"\{(\d+)(?:,\d*)?\}|[+*?]", body[index:])
        if quantifier:
            count = int(quantifier.group(1)) if quantifier.group(1) else 1
            index += quantifier.end()
        out.append(atom * count)
    return "".join(out)


def discriminated(spec, schema):
    """For a schema with a discriminator mapping, (property, value, the mapped branch's schema)
    of its first mapping, else None."""
    discriminator = schema.get("discriminator") or {}
    mapping = discriminator.get("mapping") or {}
    if not mapping:
        return None
    value = sorted(mapping)[0]
    return discriminator["propertyName"], value, resolve(spec, {"$ref": mapping[value]})


def sample(spec, schema, name="", depth=0, branching=True):
    """A minimal valid value of a schema: objects with their required (writable) properties only,
    allOf merged, the first oneOf/anyOf branch, discriminators set from their mapping, arrays
    with their minimum number of items (one at the top level)."""
    schema = resolve(spec, schema or {})
    if depth > 12:
        return None
    # A discriminated union: the first mapped branch (which may itself include this schema
    # through allOf, so the branch is sampled without following discriminators again), with the
    # discriminator property set to that branch's name.
    branch = discriminated(spec, schema) if branching else None
    if branch:
        prop, value, branch_schema = branch
        result = sample(spec, branch_schema, name, depth + 1, branching=False)
        if isinstance(result, dict):
            result[prop] = value
            return result
    if "allOf" in schema:
        merged = {"type": "object", "properties": {}, "required": []}
        for part in schema["allOf"]:
            part = resolve(spec, part)
            merged["properties"].update(part.get("properties", {}))
            merged["required"] += part.get("required", [])
            for key in ("discriminator",):
                if key in part:
                    merged[key] = part[key]
        merged["properties"].update(schema.get("properties", {}))
        merged["required"] += schema.get("required", [])
        return sample(spec, merged, name, depth + 1, branching)
    for key in ("oneOf", "anyOf"):
        if key in schema:
            return sample(spec, schema[key][0], name, depth + 1, branching)
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type") or ("object" if "properties" in schema else "string")
    if kind == "object":
        result = {}
        for prop in schema.get("required", []):
            prop_schema = schema.get("properties", {}).get(prop, {"type": "string"})
            if resolve(spec, prop_schema).get("readOnly"):
                continue
            result[prop] = sample(spec, prop_schema, prop, depth + 1)
        return result
    if kind == "array":
        count = max(schema.get("minItems", 0), 1 if depth == 0 else 0)
        return [sample(spec, schema.get("items", {}), name, depth + 1) for _ in range(count)]
    if kind == "integer":
        return max(schema.get("minimum", 1), 1) if schema.get("minimum", 1) <= 1 else schema["minimum"]
    if kind == "number":
        return schema.get("minimum", 1)
    if kind == "boolean":
        return True
    return string_sample(schema, name)


def rust_literal(kind, value):
    """A sample value as a Rust argument of the declared parameter type."""
    if kind == "String":
        return json.dumps(str(value))
    if kind == "Integer":
        return str(int(value))
    if kind == "Boolean":
        return "true" if value else "false"
    return "&[" + ", ".join(f"{json.dumps(str(item))}.to_owned()" for item in value) + "]"


def json_text(value):
    """Compact JSON for a Rust raw string `r#"…"#` (parsed at run time: cheaper to compile than
    `json!`)."""
    text = json.dumps(value, separators=(",", ":"), sort_keys=True)
    assert '"#' not in text, text
    return text


def spec_operation(spec, op):
    """The spec's operation object behind one table entry."""
    path = "/api/atlas/v2" + ("" if op["path"] == "/" else re.sub(r"<(\w+)>", r"{\1}", op["path"]))
    return spec["paths"][path][op["method"].lower()]


def push_line(spec, op, version, name, spec_op, every_option, typing=None):
    """The Rust statement(s) that build one operation-version's request, optional query and
    header parameters left out (`None`) or, with `every_option`, all given a valid sample value.
    With `typing` (tools/catalog/generate_models.py), the body is parsed into its model before it
    is sent and the answer is decoded into the declared model."""
    spec_params = {}
    for parameter in spec_op.get("parameters", []):
        parameter = resolve(spec, parameter)
        spec_params[(parameter["in"], parameter["name"])] = resolve(spec, parameter.get("schema", {}))
    arguments = ["&client"]
    # Path samples must fit the catalog's pattern, which may be inferred where the spec has none.
    patterns = {param["name"]: param["pattern"] for param in op["params"] if param["location"] == "Path"}
    for placeholder in re.findall(r"<(\w+)>", op["path"]):
        schema = dict(spec_params.get(("path", placeholder), {}))
        if patterns.get(placeholder):
            schema["pattern"] = patterns[placeholder]
        arguments.append(json.dumps(string_sample(schema, placeholder)))
    for param in op["params"]:
        if param["location"] == "Path":
            continue
        if not param["required"] and not every_option:
            arguments.append("None")
            continue
        schema = spec_params.get((param["location"].lower(), param["name"]), {})
        value = rust_literal(param["kind"], sample(spec, schema, param["name"]))
        arguments.append(value if param["required"] else f"Some({value})")
    body = None
    if op["body"] != "Absent":
        schema = version["body_schema"]
        if schema is None:
            content = resolve(spec, spec_op["requestBody"])["content"]
            schema = next(iter(content.values())).get("schema", {})
        body = sample(spec, schema)
        arguments.append("&body")
    decode = ("raw_answer" if version["media"] != "Json"
              else "json_answer" if version["answers_body"] else "unit_answer")
    body_type = typing.body(version) if typing else None
    parse = f"typed::<{body_type}>" if body_type else "json"
    body_line = f"        let body = {parse}(r#\"{json_text(body)}\"#);\n" if body is not None else ""
    answer_type = typing.answer(version) if typing else None
    if answer_type:
        decode = f"|response| response.into_json::<{answer_type}>().map(drop)"
    prefer = f"Some({version['success'][0]})" if version["success"][0] != first_success(spec_op) else "None"
    return (f"    {{\n        let client = prisms.client({body_slice(spec, spec_op, version)}, {prefer});\n{body_line}"
            f"        let request = {name}::request({', '.join(arguments)});\n"
            f"        calls.push(Call {{ operation: \"{op['operation_id']}\", version: \"{version['version']}\", "
            f"decode: {decode}, client, request }});\n    }}\n")


def body_slice(spec, spec_op, version):
    """Which Prism slice validates this version's body (scripts/peers/prism_specs.py): the index
    of its media type among the operation's body media types when it has several, else 0."""
    content = list((resolve(spec, spec_op.get("requestBody")) or {}).get("content", {}))
    media = f"application/vnd.atlas.{version['version']}+json"
    return content.index(media) if len(content) > 1 and media in content else 0


def first_success(spec_op):
    """The lowest 2xx status of the operation, which Prism answers unless told otherwise (a
    version answering another status is asked for it with `Prefer: code=…`)."""
    return min(int(code) for code in spec_op["responses"] if str(code).startswith("2"))


def has_options(op):
    """Whether the operation has an optional query or header parameter."""
    return any(param["location"] != "Path" and not param["required"] for param in op["params"])


def calls(spec, operations, declared=None, typing=None):
    """The statements of `requests` (every declared operation-version, options left out) and of
    `requests_with_every_option` (those that have options, all of them set). `declared(op)`
    yields (version, function name): by default every served version, as the declarations
    generator declares them."""
    declared = declared or (lambda op: ((version, name) for version, _, name in declarations.declared_versions(op)))
    plain, optioned = [], []
    for op in operations:
        spec_op = spec_operation(spec, op)
        for version, name in declared(op):
            plain.append(push_line(spec, op, version, name, spec_op, False, typing))
            if has_options(op):
                optioned.append(push_line(spec, op, version, name, spec_op, True, typing))
    return plain, optioned


TEMPLATE = """// @generated by tools/catalog/generate_prism_test.py from the spec copy in spec/.
//! One request per declared operation-version ({scope}), with valid sample values derived from
//! the spec (path values matching their patterns, required query parameters, minimal request
//! bodies{typed_doc}); the harness that runs them is `atlas-prism-support`.
//!
//! - `every_request_builds_offline` (always runs): each request is built by the runtime, so every
//!   sample path value passes the runtime's raw-value check of its pattern (compiled by Rust's
//!   `regex`), and carries its operation's versioned `Accept` header.
//! - `every_operation_against_prism` (ignored unless the peers run: scripts/test): sends each
//!   request to the Prism mocks serving the spec's facts-only copy (`ATLAS_PEER_PRISM_URLS`,
//!   started by scripts/peers/start.sh) and counts the operations that pass:
//!   no request violation of severity Error in `sl-violations`, and a success answer that
//!   decodes into the declared type.
#![allow(deprecated, clippy::all)]

use {crate}::*;
{imports}use atlas_prism_support::*;

#[test]
fn every_request_builds_offline() {{
    builds_offline(requests, requests_with_every_option, OPERATION_VERSIONS, {optioned_count});
}}

#[test]
#[ignore = "needs the real peers: scripts/test starts them and runs it"]
fn every_operation_against_prism() {{
    against_prism(Suite {{
        slices: {slices},
        operations: OPERATIONS,
        operation_versions: OPERATION_VERSIONS,
        with_options_count: {optioned_count},
        known_answer_gaps: {known_gaps},
        scope: "{scope}",
        requests,
        with_options: requests_with_every_option,
    }});
}}

/// Every operation-version's request, in catalog order, optional parameters left out.
fn requests(prisms: &mut Prisms) -> Vec<Call> {{
    let mut calls = Vec::with_capacity(OPERATION_VERSIONS);
{plain}    calls
}}

/// The {optioned_count} operation-versions that have optional query or header parameters, every one of them set.
fn requests_with_every_option(prisms: &mut Prisms) -> Vec<Call> {{
    let mut calls = Vec::with_capacity({optioned_count});
{optioned}    calls
}}
"""


def write(output, spec, operations, plain, optioned, crate, typed=False):
    """Writes one Prism test file (rustfmt'd)."""
    slices = max(len((resolve(spec, spec_operation(spec, op).get("requestBody")) or {}).get("content", {}))
                 for op in operations)
    text = TEMPLATE.format(
        plain="".join(plain), optioned="".join(optioned), optioned_count=len(optioned),
        slices=slices, crate=crate,
        scope="newest versions, typed bodies and answers" if typed else "every served version",
        typed_doc=" parsed into their models, answers decoded into theirs" if typed else "",
        known_gaps=f"{crate}::PRISM_ANSWER_GAPS" if typed else "&[]",
        imports=f"use {crate}::models::*;\nuse atlas_endpoint::Page;\n" if typed else "")
    output.write_text(text)
    subprocess.run(["rustfmt", "--edition", "2024", str(output)], check=True)


def main():
    spec, _, operations = generate.load_catalog()
    plain, optioned = calls(spec, operations)
    write(OUTPUT, spec, operations, plain, optioned, "atlas_all_operations")
    print(f"prism test -> {OUTPUT}")


if __name__ == "__main__":
    main()
