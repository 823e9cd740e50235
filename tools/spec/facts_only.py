#!/usr/bin/env python3
"""Derives a facts-only copy of an official Atlas OpenAPI spec: the same document with the prose
removed (descriptions, summaries, titles, code samples, examples, changelog texts, external-doc
descriptions, topic and link texts), so that the repository can carry the spec its generators and
tests read. What stays is what a machine checks: paths, operations, parameters, schemas, types,
formats, patterns, enums, required flags, versions, media types, status codes, sunsets, roles
and documentation URLs; and one fact the prose states: a path parameter described as a
"Unique 24-hexadecimal digit string" without a pattern is marked `x-described-id: hex24`.

Usage: tools/spec/facts_only.py SPEC OUTPUT.json   (SPEC: the official YAML, or a copy to re-check)
"""

import datetime
import json
import sys
from pathlib import Path

# Keys whose values are prose (or prose-bearing examples); dropped wherever they are keywords.
PROSE = {"description", "summary", "title", "example", "examples", "x-codeSamples",
         "x-xgen-changelog", "x-externalLinks", "x-topics"}
# Mappings whose keys are names chosen by the API (a property called `description` is a fact),
# so their keys are kept whatever they are.
NAMED = {"properties", "patternProperties", "mapping", "schemas", "parameters", "responses",
         "headers", "content", "paths", "securitySchemes", "variables", "scopes"}

# The parent of a named entry or a list item: never itself a mapping of names.
ENTRY = ""


def described_as_hex24(node):
    """Whether a parameter without a pattern is described as a 24-hexadecimal id: a fact the
    prose states, kept as `x-described-id: hex24` so the catalog can check such values."""
    return ("in" in node and "pattern" not in node.get("schema", {})
            and str(node.get("description", "")).startswith("Unique 24-hexadecimal digit string"))


def strip(node, parent=None):
    """The node without prose; `parent` is the key the node sits under."""
    if isinstance(node, dict):
        named = parent in NAMED
        kept = {}
        for key, value in node.items():
            if named:
                kept[key] = strip(value, ENTRY)
                continue
            if key in PROSE:
                continue
            if key == "externalDocs" and isinstance(value, dict):
                if "url" in value:
                    kept[key] = {"url": value["url"]}
                continue
            if key == "tags" and parent is None:
                kept[key] = [{"name": tag["name"]} for tag in value]
                continue
            kept[key] = strip(value, key)
        if described_as_hex24(node):
            kept["x-described-id"] = "hex24"
        return kept
    if isinstance(node, list):
        return [strip(item, ENTRY) for item in node]
    if isinstance(node, (datetime.date, datetime.datetime)):
        return node.isoformat()
    return node


def facts_only(document):
    """The whole document (an OpenAPI spec or an overlay) without prose; `info` keeps its title
    and version (OpenAPI requires them)."""
    stripped = strip(document)
    if "info" in document:
        stripped["info"] = {key: document["info"][key] for key in ("title", "version")
                            if key in document["info"]}
    return {key: stripped[key] for key in document if key in stripped}


def load(path):
    """An official spec (YAML) or a copy made by this tool (JSON, read without PyYAML)."""
    text = path.read_text()
    if path.suffix == ".json":
        return json.loads(text)
    try:
        import yaml
    except ImportError:
        sys.exit("PyYAML is missing (needed to read the official YAML): pip install pyyaml")
    return yaml.safe_load(text)


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__.split("\n\n")[-1].strip())
    spec = load(Path(sys.argv[1]))
    text = json.dumps(facts_only(spec), indent=1, ensure_ascii=False) + "\n"
    Path(sys.argv[2]).write_text(text)
    print(f"{sys.argv[1]} -> {sys.argv[2]} ({len(text):,} bytes, facts only)")


if __name__ == "__main__":
    main()
