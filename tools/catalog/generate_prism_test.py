#!/usr/bin/env python3
"""Writes tests/all-operations/tests/prism.rs: one call of each declared operation against the
Prism mock serving the official spec, with valid sample arguments: path values matching their
patterns, required query parameters, and minimal bodies derived from the request schemas.

Sample values are derived from the spec's schemas (types, enums, formats, patterns, required
properties); no description text is copied.
"""

import importlib.util
import json
import re
import subprocess
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT.parent / "shared" / "atlas-openapi" / "atlas-api-transformed.yaml"
OUTPUT = ROOT / "tests" / "all-operations" / "tests" / "prism.rs"

def load(name):
    """A sibling generator, as a module."""
    loader = importlib.util.spec_from_file_location(name, ROOT / "tools" / "catalog" / f"{name}.py")
    module = importlib.util.module_from_spec(loader)
    loader.loader.exec_module(module)
    return module


declarations = load("generate_declarations")
resolve = load("generate").resolve

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


def string_sample(schema, name=""):
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
    if name in BY_NAME:
        return BY_NAME[name]
    if pattern in BY_PATTERN:
        return BY_PATTERN[pattern]
    if pattern and re.fullmatch(r"\^?\(?\[a-f0-9\]\{24\}\)?\$?", pattern):
        return HEX24
    value = "sample"
    if pattern:
        for candidate in (HEX24, "Cluster0", "192.0.2.0/24", "vpce-0123456789abcdef0", "sample", "1", "2024-01-01"):
            try:
                if re.fullmatch(pattern.lstrip("^").rstrip("$"), candidate):
                    return candidate
            except re.error:
                break
    minimum = schema.get("minLength", 0)
    return (value * (minimum // len(value) + 1))[: max(minimum, len(value))][: schema.get("maxLength", 1000)]


def sample(spec, schema, name="", depth=0):
    schema = resolve(spec, schema or {})
    if depth > 12:
        return None
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
        return sample(spec, merged, name, depth + 1)
    for key in ("oneOf", "anyOf"):
        if key in schema:
            return sample(spec, schema[key][0], name, depth + 1)
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
        discriminator = schema.get("discriminator")
        if discriminator and discriminator["propertyName"] not in result:
            mapping = discriminator.get("mapping") or {}
            if mapping:
                result[discriminator["propertyName"]] = sorted(mapping)[0]
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
    if kind == "String":
        return json.dumps(str(value))
    if kind == "Integer":
        return str(int(value))
    if kind == "Boolean":
        return "true" if value else "false"
    return "&[" + ", ".join(f"{json.dumps(str(item))}.to_owned()" for item in value) + "]"


def calls(spec):
    table_lines = [line.strip() for line in declarations.TABLE.read_text().splitlines() if line.strip().startswith("Operation {")]
    output = []
    for line in table_lines:
        op = declarations.OPERATION.match(line).groupdict()
        spec_op = spec["paths"]["/api/atlas/v2" + ("" if op["path"] == "/" else re.sub(r"<(\w+)>", r"{\1}", op["path"]))][op["method"].lower()]
        spec_params = {}
        for parameter in spec_op.get("parameters", []):
            parameter = resolve(spec, parameter)
            spec_params[(parameter["in"], parameter["name"])] = resolve(spec, parameter.get("schema", {}))
        arguments = ["&client"]
        for name in re.findall(r"<(\w+)>", op["path"]):
            arguments.append(json.dumps(string_sample(spec_params.get(("path", name), {}), name)))
        for param in declarations.PARAM.finditer(op["params"]):
            param = param.groupdict()
            if param["location"] == "Path":
                continue
            if param["required"] != "true":
                arguments.append("None")
                continue
            schema = spec_params.get((param["location"].lower(), param["name"]), {})
            arguments.append(rust_literal(param["kind"], sample(spec, schema, param["name"])))
        body = None
        if op["body"] != "Absent":
            content = resolve(spec, spec_op["requestBody"])["content"]
            schema = next(iter(content.values())).get("schema", {})
            body = sample(spec, schema)
            arguments.append("&body")
        codes = [code.strip() for code in op["success"].split(",") if code.strip()]
        decode = "raw" if op["media"] != "Json" else ("unit" if op["answers_body"] == "false" else "json")
        function = declarations.snake(op["id"])
        body_line = f"        let body = serde_json::json!({json.dumps(body)});\n" if body is not None else ""
        output.append(
            f"    {{\n{body_line}"
            f"        let request = {function}::request({', '.join(arguments)});\n"
            f"        outcomes.push(check(&client, \"{op['id']}\", Decode::{decode.capitalize()}, request).await);\n"
            f"    }}\n"
        )
    return output


def main():
    spec = yaml.safe_load(SPEC.read_text())
    body = "".join(calls(spec))
    OUTPUT.write_text(f"""// @generated by tools/catalog/generate_prism_test.py from the official spec.
//! Calls every declared operation against Prism serving the official Atlas spec (started by
//! scripts/peers/start.sh; skipped unless `ATLAS_PEER_PRISM_URL` is set, failing instead when
//! `ATLAS_REQUIRE_PEERS=1`) and reports how many pass: no request violation of severity Error,
//! and a success answer that decodes into the declared type.
#![allow(deprecated, clippy::all)]

use atlas_all_operations::*;
use atlas_endpoint::{{Client, Error, Request, Result}};

enum Decode {{ Json, Unit, Raw }}

async fn check(client: &Client, operation: &str, decode: Decode, request: Result<Request>) -> Result<(), String> {{
    let request = request.map_err(|error| format!("{{operation}}: request not built: {{error}}"))?;
    let response = client.send(request).await.map_err(|error| match &error {{
        Error::Api(api) => format!("{{operation}}: {{}} {{:?}} {{}}", api.status, api.headers.get("sl-violations"), String::from_utf8_lossy(&api.body)),
        other => format!("{{operation}}: {{other}}"),
    }})?;
    let violations: Vec<serde_json::Value> = response.raw().headers.get("sl-violations")
        .and_then(|value| serde_json::from_slice(value.as_bytes()).ok()).unwrap_or_default();
    let ours: Vec<&serde_json::Value> = violations.iter()
        .filter(|violation| violation["severity"] == "Error" && violation["location"][0] == "request").collect();
    if !ours.is_empty() {{
        return Err(format!("{{operation}}: request violations {{ours:?}}"));
    }}
    match decode {{
        Decode::Json => response.into_json::<serde_json::Value>().map(drop),
        Decode::Unit => response.into_unit(),
        Decode::Raw => response.into_bytes().map(drop),
    }}
    .map_err(|error| format!("{{operation}}: answer does not decode: {{error}}"))
}}

/// 514 calls in one function make a large future: run it on a thread with room for it.
#[test]
fn every_operation_against_prism() {{
    std::thread::Builder::new()
        .stack_size(256 * 1024 * 1024)
        .spawn(|| {{
            tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(call_every_operation())
        }})
        .unwrap()
        .join()
        .unwrap();
}}

async fn call_every_operation() {{
    let Ok(base) = std::env::var("ATLAS_PEER_PRISM_URL") else {{
        assert!(std::env::var_os("ATLAS_REQUIRE_PEERS").is_none(), "ATLAS_PEER_PRISM_URL is not set: start the peers with scripts/peers/start.sh");
        eprintln!("skipped: ATLAS_PEER_PRISM_URL is not set (run the tests with scripts/test)");
        return;
    }};
    let client = Client::builder().base_url(base).bearer_token("prism").build().unwrap();
    let mut outcomes: Vec<Result<(), String>> = Vec::new();
{body}
    let failures: Vec<&String> = outcomes.iter().filter_map(|outcome| outcome.as_ref().err()).collect();
    println!("prism: {{}}/{{}} operations passed", outcomes.len() - failures.len(), OPERATIONS);
    for failure in &failures {{
        println!("  {{failure}}");
    }}
    assert_eq!(outcomes.len(), OPERATIONS);
    assert!(failures.is_empty(), "{{}} operations failed against Prism", failures.len());
}}
""")
    subprocess.run(["rustfmt", "--edition", "2024", str(OUTPUT)], check=True)
    print(f"prism test -> {OUTPUT}")


if __name__ == "__main__":
    main()
