"""The structure check: validate a YAML document against the JSON Schema (`schema.py`) and turn
each `jsonschema` error into a located, author-friendly diagnostic (codes S010-S017).

Most documents are valid, so a compiled validator (`fastjsonschema`, ~20x faster on a big file)
answers first; only a document it rejects is walked again by `jsonschema`, whose errors carry
what the diagnostics need (path, keyword, sub-schema)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from functools import cache
from typing import Any

from sim.scenario.diagnostics import Reporter, did_you_mean
from sim.scenario.hints import fullwidth_hint, number_without_suffix
from sim.scenario.schema import ID_PATTERN, scenario_schema
from sim.scenario.yamlsafe import Document, YMapping, YNode, YScalar, YSequence, to_plain


@cache
def validator() -> Any:
    """A Draft 2020-12 validator for the schema (built once per process; the schema is constant)."""
    from jsonschema import Draft202012Validator

    return Draft202012Validator(scenario_schema())


@cache
def fast_check() -> Callable[[Any], bool]:
    """Whether a plain document is valid against the schema, by a validator compiled once per
    process. It only ever answers "valid, nothing to report"; an invalid document goes to
    `validator()` for its errors (tests/scenario/test_structure_fast.py keeps the two agreeing)."""
    try:
        import fastjsonschema
    except ImportError:  # a venv from before it was a dependency: the full check alone
        return lambda data: False

    # The schema uses only keywords draft 7 reads the same way as draft 2020-12; defaults
    # must not be filled into the document.
    compiled = fastjsonschema.compile(scenario_schema(), use_default=False, use_formats=False)

    def valid(data: Any) -> bool:
        try:
            compiled(data)
        except fastjsonschema.JsonSchemaException:
            return False
        return True

    return valid


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
    plain = to_plain(doc.root)
    errors = (
        []
        if fast_check()(plain)
        else sorted(
            validator().iter_errors(plain), key=lambda e: e.validator != "additionalProperties"
        )
    )
    # A misspelt required key is one mistake: "unknown key 'calender' — did you mean
    # 'calendar'?" says it all, so 'calendar' is not also reported missing.
    misspelt: set[tuple[tuple[str | int, ...], str]] = set()
    malformed_ids: dict[str, int] = {}  # malformed id -> how many more times it is used
    first_report: dict[str, int] = {}  # malformed id -> index of its diagnostic
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
                    home = _belongs_under(k, node, err.schema)
                    if home:
                        hint = home
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
            elif isinstance(inst, str) and number_without_suffix(inst):
                hint = f"numbers take no suffix: write {number_without_suffix(inst)}"
            elif path and path[-1] == "probability" and isinstance(inst, float) and 0 < inst < 1:
                hint = f"a stage probability is a percentage: write {inst * 100:g} for {inst:g}"
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
                at(key, "S015", f"'{inst}' is not a valid id: {explain}", _id_hint(inst, path))
            else:
                if isinstance(inst, str) and inst in malformed_ids:
                    malformed_ids[inst] += 1  # the same id again: one message says it
                    bad.extend(marks)
                    continue
                hint = _id_hint(str(inst), path) if err.validator_value == ID_PATTERN else ""
                if err.validator_value == ID_PATTERN and isinstance(inst, str):
                    malformed_ids[inst] = 0
                    first_report[inst] = len(rep.diagnostics)
                if path and path[-1] == "locale" and isinstance(inst, str):
                    hint = _locale_hint(inst)
                shown = name if name.startswith("item") else name.strip("'")
                at(node, "S015", f"{shown} {inst!r} is malformed: {explain}", hint)
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
    for malformed, more in malformed_ids.items():
        at_index = first_report.get(malformed)
        if more and at_index is not None and at_index < len(rep.diagnostics):
            d = rep.diagnostics[at_index]
            times = f"{more} more time{'s' if more != 1 else ''}"
            rep.diagnostics[at_index] = replace(
                d, message=f"{d.message} (and used {times} in this file)"
            )
    check_codes(doc, rep)
    return bad


def _id_hint(text: str, path: tuple[str | int, ...]) -> str:
    """What to write instead of a malformed id."""
    fw = fullwidth_hint(text)
    if fw:
        return fw + " (list items are separated by ', ')"
    if any(ord(c) > 127 for c in text):
        section = next((p for p in path if isinstance(p, str)), "item")
        kind = section.rstrip("s") if section.endswith("s") else section
        number = next((p + 1 for p in path if isinstance(p, int)), 1)
        return (
            f"ids are ASCII because expressions and other sections name them; keep '{text}' "
            f"as the label and pick an ASCII id, e.g. 'id: {kind}_{number}' with 'label: {text}'"
        )
    return f"for example '{_slug(text)}'"


def _locale_hint(text: str) -> str:
    fixed = text.replace("-", "_")
    if "_" in fixed:
        lang, _, region = fixed.partition("_")
        fixed = f"{lang.lower()}_{region.upper()}"
    else:
        fixed = fixed.lower()
    return f"did you mean '{fixed}'? (a language, '_' and a region: zh_CN, en_US)"


def _belongs_under(key: YScalar, mapping: YMapping, schema: dict[str, Any]) -> str:
    """For an unknown key that a sibling block takes (moveTo dedented out of success:):
    which block, and how far to indent it to get there."""
    defs = scenario_schema()["$defs"]
    homes = []
    for k, v in mapping.items:
        sub = schema.get("properties", {}).get(k.text, {})
        ref = sub.get("$ref", "")
        props = defs.get(ref.rsplit("/", 1)[-1], {}).get("properties", {}) if ref else {}
        if key.text in props and isinstance(v, YMapping):
            # The block just above comes first: a key dedented out of its end is the usual slip.
            homes.append(((k.line > key.line, abs(k.line - key.line)), k, v))
    if not homes:
        return ""
    _, parent, block = min(homes, key=lambda h: h[0])
    inside = block.items[0][0]
    others = " or ".join(f"'{k.text}:'" for _, k, _ in sorted(homes, key=lambda h: h[0])[1:])
    also = f" (or under {others})" if others else ""
    return (
        f"'{key.text}' belongs under '{parent.text}:' (line {parent.line}){also}: indent it "
        f"{inside.col - 1} spaces like '{inside.text}' (line {inside.line})"
    )


def check_codes(doc: Document, rep: Reporter) -> None:
    """S018: the currency is a real ISO 4217 code (Babel's list), not only three capitals."""
    meta = doc.root.get("metadata")
    node = meta.get("currency") if isinstance(meta, YMapping) else None
    if not isinstance(node, YScalar) or not isinstance(node.value, str):
        return
    code = node.value
    if not re.fullmatch(r"[A-Z]{3}", code):
        return  # the pattern check (S015) has said it
    known = known_currencies()
    if not known or code in known:
        return
    alias = CURRENCY_ALIASES.get(code)
    hint = (
        f"'{code}' is a common name, not the ISO 4217 code; write '{alias}'"
        if alias
        else did_you_mean(code, sorted(known)).lstrip(" —")
        or "see https://en.wikipedia.org/wiki/ISO_4217"
    )
    rep.add(
        "S018",
        f"currency '{code}' is not an ISO 4217 currency code",
        node.line,
        node.col,
        len(code),
        hint=hint,
    )


CURRENCY_ALIASES = {"RMB": "CNY", "NTD": "TWD", "UKP": "GBP", "STG": "GBP", "YEN": "JPY"}
"""Everyday names for currencies that are not their ISO 4217 codes."""


@cache
def known_currencies() -> frozenset[str]:
    """ISO 4217 codes from Babel's CLDR data (empty when Babel is not installed)."""
    try:
        from babel.numbers import list_currencies
    except ImportError:  # pragma: no cover - babel is a dependency
        return frozenset()
    return frozenset(list_currencies())
