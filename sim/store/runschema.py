"""The JSON Schema of the `salesim-run/1` format, and its check of untrusted documents.

A run file comes from anywhere (a trainee's mail, a shared folder), so its structure is
checked against this schema before anything reads it: command and event fields have the
types and bounds the engine expects (a customer is a small non-negative integer, a deal
value is finite and within the scenario bound), texts have a length, lists have a size.
Non-finite numbers (`NaN`, `Infinity`, `1e400`) are refused earlier, by the JSON reader.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

MAX_INDEX = 10_000_000
"""Largest customer index a run may name (a run holds at most ~206,000 customers)."""
MAX_NUMBER = 1e15
"""The bound of every number a scenario or expression may produce (sim.scenario.expr)."""
MAX_TEXT = 2_000
"""Longest text (note, player name, scenario id...) a run file may hold."""

_int = {"type": "integer"}
_index = {"type": "integer", "minimum": 0, "maximum": MAX_INDEX}
_day = {"type": "integer", "minimum": 0, "maximum": 1000}
_text = {"type": "string", "maxLength": MAX_TEXT}
_id = {"type": "string", "minLength": 1, "maxLength": 200}
_amount = {"type": "number", "minimum": 0, "maximum": MAX_NUMBER}
_delta = {"type": "number", "minimum": -MAX_NUMBER, "maximum": MAX_NUMBER}


def _command(cmd: str, props: dict[str, Any], required: tuple[str, ...]) -> dict[str, Any]:
    return {
        "if": {"properties": {"cmd": {"const": cmd}}},
        "then": {"properties": props, "required": list(required)},
    }


RUN_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://salesim.invalid/schema/run.schema.json",
    "title": "salesim run file (salesim-run/1)",
    "type": "object",
    "required": ["format", "scenario", "seed", "commands", "log"],
    "properties": {
        "format": {"const": "salesim-run/1"},
        "scenario": {
            "type": "object",
            "required": ["id"],
            "properties": {
                "id": {"type": "string", "pattern": "^[a-z][a-z0-9_]{0,99}$"},
                "source": {"type": "string", "minLength": 1, "maxLength": 4096},
                "sha256": {"type": ["string", "null"], "pattern": "^[0-9a-f]{64}$"},
            },
        },
        "seed": {"type": "integer", "minimum": -(2**63), "maximum": 2**63 - 1},
        "player": {"type": ["string", "null"], "maxLength": 200},
        "saved": {"type": ["string", "null"], "maxLength": 64},
        "commands": {
            "type": "array",
            "maxItems": 1_000_000,
            "items": {
                "type": "object",
                "required": ["cmd"],
                "properties": {"cmd": {"enum": ["act", "end_day", "forecast", "note", "schedule"]}},
                "allOf": [
                    _command("act", {"customer": _index, "action": _id}, ("customer", "action")),
                    _command(
                        "forecast",
                        {
                            "deals": {"type": "array", "items": _index, "maxItems": 1_000_000},
                            "probabilities": {
                                "type": "object",
                                "propertyNames": {"pattern": "^[0-9]{1,8}$"},
                                "additionalProperties": {
                                    "type": "number",
                                    "minimum": 0,
                                    "maximum": 1,
                                },
                            },
                        },
                        (),
                    ),
                    _command("note", {"customer": _index, "text": _text}, ("customer", "text")),
                    _command(
                        "schedule",
                        {"customer": _index, "day": _day, "text": _text},
                        ("customer", "day"),
                    ),
                ],
            },
        },
        "log": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["seq", "day", "type"],
                "properties": {
                    "seq": {"type": "integer", "minimum": 0},
                    "day": _day,
                    "type": {"type": "string", "pattern": "^[a-z_]{1,40}$"},
                    "customer": _index,
                    "referred_by": _index,
                    "value": _amount,
                    "amount": _amount,
                    "chance": {"type": "number", "minimum": 0, "maximum": 1},
                    "hours": {"type": "number", "minimum": 0, "maximum": 1000},
                    "text": _text,
                    "deltas": {"type": "object", "additionalProperties": _delta},
                },
            },
        },
    },
}


@lru_cache(maxsize=2)
def _validator(part: str) -> Any:
    from jsonschema import Draft202012Validator

    schema = (
        RUN_SCHEMA
        if part == "run"
        else {**RUN_SCHEMA["properties"]["log"], "$schema": RUN_SCHEMA["$schema"]}
    )
    return Draft202012Validator(schema)


def schema_problem(doc: Any, part: str = "run") -> str | None:
    """None when `doc` fits the run schema (`part="log"`: a list of events), else one
    sentence: where and what is wrong."""
    from jsonschema.exceptions import best_match

    err = best_match(_validator(part).iter_errors(doc))
    if err is None:
        return None
    where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in err.absolute_path)
    message = err.message
    if len(message) > 200:
        message = message[:200] + "…"
    return f"{where.lstrip('.') or 'the document'}: {message}"
