#!/usr/bin/env python3
"""Writes the specs the Prism mocks serve, derived from the facts-only copy spec/atlas-api.json:
one file per request-body version "slice", and prints how many it wrote.

Two Prism 5.14 limits make the spec as it is unusable for checking every resource version:
- Prism validates a request body against the first media type of the operation's request body,
  whatever the request's Content-Type says. So slice K keeps, for each operation whose body has
  several versions, only its K-th body version (operations with fewer keep all of theirs); the
  Prism test sends each operation-version to the slice that holds its body's schema.
- Prism (AJV) checks `oneOf` as strict JSON Schema: exactly one branch may match. Many Atlas
  schemas are not exclusive (FederationOidcIdentityProviderUpdate's two branches accept the same
  objects; discriminated unions whose branches share their required properties), so every body
  would be refused. The slices relax `oneOf` to `anyOf`: a body must still match one branch
  completely.
- Some Atlas schemas say `type: object` beside a `oneOf` whose branches are all string enums
  (EventTypeForNdsGroup, the `eventTypeName` of DefaultAlertConfigViewForNdsGroup): no value
  can satisfy both, while Atlas takes the strings. The slices drop that `type: object`.
Every other constraint is kept.

Usage: scripts/peers/prism_specs.py SPEC OUTPUT_DIR
"""

import json
import sys
from pathlib import Path


def string_union(node):
    """Whether the node says `type: object` while every `oneOf` branch is a string."""
    branches = node.get("oneOf") or []
    return (node.get("type") == "object" and branches
            and all(isinstance(branch, dict) and branch.get("type") == "string" for branch in branches))


def relaxed(node):
    """The node with every `oneOf` turned into `anyOf`, and string unions not typed `object`."""
    if isinstance(node, dict):
        drop_type = string_union(node)
        return {("anyOf" if key == "oneOf" else key): relaxed(value) for key, value in node.items()
                if not (drop_type and key == "type")}
    if isinstance(node, list):
        return [relaxed(item) for item in node]
    return node


def body_versions(operation):
    """The media types of the operation's request body, in the spec's order."""
    return list(((operation.get("requestBody") or {}).get("content") or {}).keys())


def slice_of(spec, index):
    """The spec where each multi-version body keeps only its `index`-th version."""
    copy = json.loads(json.dumps(spec))
    for item in copy["paths"].values():
        for operation in item.values():
            if not isinstance(operation, dict):
                continue
            media = body_versions(operation)
            if len(media) > index and len(media) > 1:
                content = operation["requestBody"]["content"]
                operation["requestBody"]["content"] = {media[index]: content[media[index]]}
    return relaxed(copy)


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__.split("\n\n")[-1].strip())
    spec = json.loads(Path(sys.argv[1]).read_text())
    output = Path(sys.argv[2])
    slices = max(len(body_versions(operation)) for item in spec["paths"].values()
                 for operation in item.values() if isinstance(operation, dict))
    for index in range(slices):
        (output / f"prism-{index}.json").write_text(json.dumps(slice_of(spec, index)))
    print(slices)


if __name__ == "__main__":
    main()
