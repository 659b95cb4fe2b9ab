"""The JSON Schema of the scenario format, generated from the model's declarations.

Keys, types, enums, required fields, defaults, bounds and the description of every field are
declared once, on the model classes (`sim.scenario.model`, via `sim.scenario.declare.spec`);
this module lists the objects in order and renders them. `salesim schema` prints the schema,
`schema/scenario.schema.json` is the committed copy (editors use it through
yaml-language-server), the loader validates against it, and docs/scenario-format.md's field
tables are generated from it.
"""

from __future__ import annotations

import json
from functools import cache

from sim.scenario import model as m
from sim.scenario.declare import EXPR_NOTE, ID_PATTERN, Schema, object_schema
from sim.scenario.model import API_VERSION, RULE_IDS

__all__ = ["API_VERSION", "EXPR_NOTE", "ID_PATTERN", "RULE_IDS", "build_schema", "schema_json"]

SCHEMA_ID = "https://salesim.invalid/schema/scenario.schema.json"

DEFS: tuple[type, ...] = (
    m.Metadata,
    m.Calendar,
    m.Meter,
    m.Fact,
    m.Criterion,
    m.Use,
    m.Stage,
    m.Persona,
    m.Member,
    m.Committee,
    m.Outcome,
    m.Said,
    m.StageAdvice,
    m.Action,
    m.Variant,
    m.Style,
    m.Objection,
    m.Event,
    m.Arrival,
    m.Inbound,
    m.Dynamics,
    m.Forecast,
    m.Dimension,
    m.Rule,
    m.Grade,
    m.Scoring,
)
"""The objects of the format in the order the schema and the field reference list them."""


def build_schema() -> Schema:
    """The whole schema as a fresh dict, generated from the model's declarations."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        **object_schema(m.Scenario),
        "$defs": {c.__decl__[0]: object_schema(c) for c in DEFS},  # type: ignore[attr-defined]
    }


@cache
def scenario_schema() -> Schema:
    """The schema (shared; do not mutate)."""
    return build_schema()


def schema_json() -> str:
    """The schema as stable, sorted, indented JSON text (what `salesim schema` prints)."""
    return json.dumps(build_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


# -- Markdown field reference (docs/scenario-format.md embeds this) --------------------------


def _type_text(s: Schema) -> str:
    if "$ref" in s:
        name = s["$ref"].rsplit("/", 1)[-1]
        return f"[{name}](#{name})"
    if "const" in s:
        return f"`{s['const']}`"
    if "anyOf" in s and all(isinstance(x, dict) for x in s["anyOf"]):
        return " or ".join(_type_text(x) for x in s["anyOf"])
    if "enum" in s:
        return " \\| ".join(f"`{v}`" for v in s["enum"])
    t = s.get("type")
    if t == "array":
        inner = _type_text(s.get("items", {}))
        if s.get("minItems") == 2 and s.get("maxItems") == 2:
            return f"[low, high] of {inner}"
        return f"list of {inner}"
    if t == "object":
        values = s.get("additionalProperties")
        return f"mapping id → {_type_text(values)}" if isinstance(values, dict) else "mapping"
    names = {"string": "text", "integer": "integer", "number": "number", "boolean": "bool"}
    if isinstance(t, list):
        if "string" in t and "expression" in s.get("description", "").lower():
            return "expression"
        return " or ".join(names.get(str(x), str(x)) for x in t)
    text = names.get(str(t), str(t))
    lo, hi = s.get("minimum", s.get("exclusiveMinimum")), s.get("maximum")
    if lo is not None or hi is not None:
        text += f" {'' if lo is None else lo}..{'' if hi is None else hi}"
    return text


def markdown_reference() -> str:
    """One Markdown table per object of the format: field, type, default, description."""
    schema = build_schema()
    sections = [("scenario", schema)] + list(schema["$defs"].items())
    out = []
    for name, obj in sections:
        out.append(f"### {name}\n\n{obj['description']}\n")
        out.append("| field | type | default | description |\n| --- | --- | --- | --- |")
        required = set(obj.get("required", ()))
        for key, prop in obj["properties"].items():
            if key in required:
                dflt = "**required**"
            elif "default" in prop:
                dflt = f"`{json.dumps(prop['default'])}`"
            else:
                dflt = "—"
            desc = prop.get("description", "").replace("|", "\\|")
            if "examples" in prop:
                ex = prop["examples"][0]  # a text is shown as written, not JSON-escaped
                shown = ex if isinstance(ex, str) else json.dumps(ex, ensure_ascii=False)
                desc += " Example: `" + shown.replace("|", "\\|") + "`."
            out.append(f"| `{key}` | {_type_text(prop)} | {dflt} | {desc} |")
        out.append("")
    return "\n".join(out)
