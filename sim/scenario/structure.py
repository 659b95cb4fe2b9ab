"""The structure check: validate a YAML document against the JSON Schema (`schema.py`) and turn
each `jsonschema` error into a located, author-friendly diagnostic (codes S010-S017)."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from sim.scenario.diagnostics import Reporter, did_you_mean
from sim.scenario.schema import ID_PATTERN, scenario_schema
from sim.scenario.yamlsafe import Document, YMapping, YNode, YScalar, YSequence, to_plain


@cache
def validator() -> Any:
    """A Draft 2020-12 validator for the schema (built once per process; the schema is constant)."""
    from jsonschema import Draft202012Validator  # type: ignore[import-untyped]

    return Draft202012Validator(scenario_schema())


_PATTERN_TEXT = {
    ID_PATTERN: "an id uses lower-case letters, digits and '_', starting with a letter",
    "^[a-z0-9]$": "a key is one lower-case letter or digit",
    "^[A-Z]{3}$": "a currency is a three-letter ISO 4217 code such as USD or EUR",
    "^[a-z]{2,3}(_[A-Z]{2})?$": "a locale looks like en_US or de_DE",
}
_JSON_TYPES = {
    "string": "text",
    "number": "a number",
    "integer": "a whole number",
    "boolean": "true or false",
    "array": "a list",
    "object": "a mapping of keys",
    "null": "nothing",
}


def _kind_of(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text {value!r}" if len(value) <= 40 else "a text"
    if isinstance(value, list):
        return "a list"
    return "a mapping"


def _slug(text: str) -> str:
    s = re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")
    if not s or not s[0].isalpha():
        s = "x_" + s
    return s


def check_structure(doc: Document, rep: Reporter) -> list[tuple[str | int, ...]]:
    """Validate `doc` against the schema; report each error located at
    its node. Returns the instance paths that have errors (so later checks can skip them)."""

    def node_at(path: tuple[str | int, ...]) -> YNode | None:
        node: YNode | None = doc.root
        for part in path:
            if isinstance(node, YMapping) and isinstance(part, str):
                node = node.get(part)
            elif isinstance(node, YSequence) and isinstance(part, int) and part < len(node.items):
                node = node.items[part]
            else:
                return None
        return node

    def at(
        node: YNode | None, code: str, message: str, hint: str = "", length: int | None = None
    ) -> None:
        if node is None:
            rep.add(code, message, hint=hint)
            return
        rep.add(code, message, node.line, node.col, length or doc.span_length(node), hint=hint)

    bad: list[tuple[str | int, ...]] = []
    missing_done: set[tuple[str | int, ...]] = set()
    refused = {(d.line, d.col) for d in rep.diagnostics if d.code in ("Y008", "Y015")}
    seen: set[tuple[str, int, int, str]] = set()
    errors = sorted(
        validator().iter_errors(to_plain(doc.root)),
        key=lambda e: e.validator != "additionalProperties",
    )
    # A misspelt required key is one mistake: "unknown key 'calender' — did you mean
    # 'calendar'?" says it all, so 'calendar' is not also reported missing.
    misspelt: set[tuple[tuple[str | int, ...], str]] = set()
    for err in errors:
        if err.validator == "additionalProperties" and isinstance(err.instance, dict):
            allowed = list(err.schema.get("properties", {}))
            for key in err.instance:
                close = did_you_mean(key, allowed)
                if key not in allowed and close:
                    misspelt.add((tuple(err.absolute_path), close.split("'")[1]))
    for err in errors:
        path = tuple(err.absolute_path)
        node = node_at(path)
        name = next((p for p in reversed(path) if isinstance(p, str)), "value")
        if path and isinstance(path[-1], int):
            name = f"item {path[-1] + 1} of '{name}'"
        else:
            name = f"'{name}'"
        title = err.schema.get("title", "mapping") if isinstance(err.schema, dict) else "mapping"
        v, inst = err.validator, err.instance
        before = len(rep.diagnostics)
        marks: list[tuple[str | int, ...]] = [path]  # what later checks must not rely on
        if v == "additionalProperties" and isinstance(node, YMapping):
            allowed = list(err.schema.get("properties", {}))
            marks = [(*path, k.text) for k, _ in node.items if k.text not in allowed]  # unread keys
            for key in node.items:
                k = key[0]
                if k.text not in allowed:
                    hint = (
                        "known keys: " + ", ".join(allowed)
                        if not did_you_mean(k.text, allowed)
                        else ""
                    )
                    at(
                        k,
                        "S010",
                        f"unknown key '{k.text}' in {title}{did_you_mean(k.text, allowed)}",
                        hint,
                        len(k.text) or 1,
                    )
        elif v == "required":
            marks = []  # the absent fields are marked below
            if path in missing_done or not isinstance(inst, dict):
                continue
            missing_done.add(path)
            absent = [f for f in err.validator_value if f not in inst]
            bad.extend((*path, f) for f in absent)  # only the absent fields are unusable
            missing = [f for f in absent if (path, f) not in misspelt]
            if not missing:
                continue
            where = f"{title} '{inst['id']}'" if isinstance(inst.get("id"), str) else title
            fields = ", ".join(f"'{f}'" for f in missing)
            at(
                node,
                "S011",
                f"{where} is missing the required field{'s' if len(missing) > 1 else ''} {fields}",
                length=len(node.items[0][0].text)
                if isinstance(node, YMapping) and node.items
                else 1,
            )
        elif v == "type":
            want = (
                err.validator_value
                if isinstance(err.validator_value, list)
                else [err.validator_value]
            )
            wanted = " or ".join(_JSON_TYPES.get(str(w), str(w)) for w in want)
            hint = ""
            if "string" in want and isinstance(node, YScalar) and node.style == "":
                hint = f'put it in quotes: "{node.text}"'
            elif "array" in want and not isinstance(node, YSequence):
                hint = "write a list, e.g. [a, b] or one '- item' per line"
            at(node, "S012", f"{name} must be {wanted}, not {_kind_of(inst)}", hint)
        elif v in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
            bound = {
                "minimum": "at least",
                "maximum": "at most",
                "exclusiveMinimum": "more than",
                "exclusiveMaximum": "less than",
            }[v]
            at(node, "S013", f"{name} must be {bound} {err.validator_value}, not {inst}")
        elif v in ("enum", "const"):
            options = err.validator_value if v == "enum" else [err.validator_value]
            text = str(inst)
            shown = ", ".join(str(o) for o in options)
            code = {"apiVersion": "S001", "kind": "S002"}.get(
                str(path[-1]) if len(path) == 1 else "", "S014"
            )
            at(
                node,
                code,
                f"{name} must be {'one of ' if len(options) > 1 else ''}{shown}, not {text!r}"
                f"{did_you_mean(text, [str(o) for o in options])}",
            )
        elif v == "pattern":
            explain = _PATTERN_TEXT.get(err.validator_value, f"it must match {err.validator_value}")
            if isinstance(node, YMapping) and isinstance(inst, str):  # a key under propertyNames
                key = node.key_node(inst)
                at(
                    key,
                    "S015",
                    f"'{inst}' is not a valid id: {explain}",
                    f"for example '{_slug(inst)}'",
                )
            else:
                hint = (
                    f"for example '{_slug(str(inst))}'" if err.validator_value == ID_PATTERN else ""
                )
                at(node, "S015", f"{name.strip(chr(39))} {inst!r} is malformed: {explain}", hint)
        elif v in ("minItems", "maxItems", "minLength", "maxLength"):
            n = err.validator_value
            what = {
                "minItems": f"at least {n} item{'s' if n != 1 else ''}",
                "maxItems": f"at most {n} items",
                "minLength": "a non-empty text" if n == 1 else f"at least {n} characters",
                "maxLength": f"at most {n} characters",
            }[v]
            extra = (
                " ([low, high])"
                if v in ("minItems", "maxItems") and n == 2 and err.schema.get("maxItems") == 2
                else ""
            )
            at(node, "S016", f"{name} must have {what}{extra}")
        elif v == "propertyNames":
            continue  # its 'pattern' sub-error is reported on its own
        else:
            at(node, "S017", f"{name}: {err.message}")
        # Drop exact repeats (an aliased node reached twice reports once), and complaints
        # about a value the YAML layer already refused (a tag, .inf): one problem, one message.
        fresh = []
        for d in rep.diagnostics[before:]:
            ident = (d.code, d.line, d.col, d.message)
            if ident not in seen and (d.line, d.col) not in refused:
                seen.add(ident)
                fresh.append(d)
        rep.diagnostics[before:] = fresh
        bad.extend(marks)
    return bad
