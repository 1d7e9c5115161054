#!/usr/bin/env python3
"""Writes a valid example of every OCPP message from its schema, for the round-trip tests.

Two per message: `full` fills every property (strings at their maximum length with a non-ASCII
letter, so maxLength is checked in characters; arrays at two items or their limit; extensible
objects carry a member the schema does not name), `minimal` only what is required. Enum values
rotate so the examples together use many of them. The output is committed; rerun after a schema
changes:  python3 tests/data/ocpp/make_examples.py
"""

import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
SCHEMAS = os.path.join(HERE, "..", "..", "..", "common", "ocpp", "schemas")


class Maker:
    def __init__(self, root, full):
        self.root = root
        self.full = full
        self.counter = 0

    def value(self, node, name):
        if "$ref" in node:
            return self.value(self.root["definitions"][node["$ref"].split("/")[-1]], name)
        kind = node.get("type")
        self.counter += 1
        if kind is None:
            return {"meter": [1, 2], "note": "agreed by both parties"}
        if kind == "string":
            if "enum" in node:
                return node["enum"][self.counter % len(node["enum"])]
            if node.get("format") == "date-time":
                return "2026-11-28T12:%02d:00.000Z" % (self.counter % 60)
            if node.get("format") == "uri":
                return "https://example.com/" + name
            limit = node.get("maxLength", 12)
            text = ("ł" + name + "-iskra" * 200) if self.full else name
            return text[: max(1, limit)] if self.full else text[: limit]
        if kind == "integer":
            low = node.get("minimum", 0)
            high = node.get("maximum", 10**6)
            return max(low, min(high, 40 + self.counter))
        if kind == "number":
            step = node.get("multipleOf")
            if step:
                # Small multiples: valijson checks multipleOf with a remainder tolerance of one
                # double epsilon, which larger decimal multiples such as 16.1 exceed.
                return [5, 15, 25][self.counter % 3] * step
            return 230.5 + self.counter
        if kind == "boolean":
            return self.counter % 2 == 0
        if kind == "array":
            low = node.get("minItems", 0)
            high = node.get("maxItems", 2)
            count = min(max(2, low), high) if self.full else max(low, 1 if low else 0)
            return [self.value(node["items"], name) for _ in range(count)]
        if kind == "object":
            return self.object(node)
        raise SystemExit(f"unsupported schema for {name}: {node}")

    def object(self, node):
        required = set(node.get("required", []))
        out = {}
        for prop, sub in node.get("properties", {}).items():
            if self.full or prop in required:
                out[prop] = self.value(sub, prop)
        if self.full and node.get("additionalProperties", True) is not False:
            out["iskraExtension"] = {"kept": True}
        return out


def main():
    for version in ("v16", "v201"):
        src = os.path.join(SCHEMAS, version)
        dst = os.path.join(HERE, "examples", version)
        os.makedirs(dst, exist_ok=True)
        for file_name in sorted(os.listdir(src)):
            with open(os.path.join(src, file_name), encoding="utf-8") as f:
                schema = json.load(f)
            base = file_name[:-5]
            for variant in ("full", "minimal"):
                example = Maker(schema, variant == "full").object(schema)
                with open(os.path.join(dst, f"{base}.{variant}.json"), "w", encoding="utf-8") as f:
                    json.dump(example, f, indent=1, ensure_ascii=False)
                    f.write("\n")


if __name__ == "__main__":
    main()
