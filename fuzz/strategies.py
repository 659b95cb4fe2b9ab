"""Hypothesis strategies for hostile scenario input, shared by the fuzz targets
(fuzz/targets.py, `make fuzz`) and the property tests (tests/scenario/test_yaml_properties.py):
expression text, YAML-shaped noise, and a valid scenario after a few mutations. One place, so
a new kind of hostile input reaches both. `sim` never imports this package.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

# ------------------------------------------------------------------------ expressions
METERS = ("interest", "trust")
FACTS = {"budget": "bool", "seats": "number"}
NAMES = (
    *METERS,
    *FACTS,
    "known.budget",
    "known.seats",
    "value",
    "large",
    "stage",
    "persona",
    "style",
    "day",
    "days_idle",
    "days_in_stage",
    "contacts_today",
    "nonsense",
    "known.nothing",
)
NUMBERS = st.one_of(
    st.integers(0, 10**6).map(str),
    st.sampled_from(["0", "0.0", ".5", "1e3", "9" * 16, "9" * 40, "9" * 310, "1000000000000000"]),
    st.floats(0, 1e20, allow_nan=False).map(lambda x: f"{x:f}"[:60]),
)
ATOMS = st.one_of(
    NUMBERS,
    st.sampled_from(NAMES),
    st.sampled_from(
        ['"lead"', '"proposal"', '"buyer"', '"relationship"', '"nope"', "true", "false"]
    ),
)


def _combine(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    binary = st.tuples(
        children,
        st.sampled_from(["+", "-", "*", "/", "==", "!=", "<", "<=", ">", ">=", "and", "or"]),
        children,
    ).map(lambda t: f"{t[0]} {t[1]} {t[2]}")
    unary = st.tuples(st.sampled_from(["-", "not ", "("]), children).map(
        lambda t: f"({t[1]})" if t[0] == "(" else t[0] + t[1]
    )
    call = st.tuples(
        st.sampled_from(["min", "max", "abs", "clamp"]), st.lists(children, min_size=1, max_size=4)
    ).map(lambda t: f"{t[0]}({', '.join(t[1])})")
    ternary = st.tuples(children, children, children).map(lambda t: f"{t[0]} if {t[1]} else {t[2]}")
    return st.one_of(binary, unary, call, ternary)


NUM_NAMES = (
    "interest",
    "trust",
    "seats",
    "value",
    "day",
    "days_idle",
    "days_in_stage",
    "contacts_today",
)
NUM_EXPR = st.recursive(
    st.one_of(NUMBERS, st.sampled_from(NUM_NAMES)),
    lambda c: st.one_of(
        st.tuples(c, st.sampled_from(["+", "-", "*", "/"]), c).map(
            lambda t: f"({t[0]} {t[1]} {t[2]})"
        ),
        c.map(lambda x: f"-{x}"),
        st.tuples(st.sampled_from(["min", "max"]), st.lists(c, min_size=2, max_size=4)).map(
            lambda t: f"{t[0]}({', '.join(t[1])})"
        ),
        c.map(lambda x: f"abs({x})"),
        st.tuples(c, c, c).map(lambda t: f"clamp({t[0]}, {t[1]}, {t[2]})"),
    ),
    max_leaves=16,
)
BOOL_EXPR = st.recursive(
    st.one_of(
        st.sampled_from(
            [
                "true",
                "false",
                "large",
                "budget",
                "known.budget",
                'stage == "lead"',
                'style != "consultative"',
            ]
        ),
        st.tuples(NUM_EXPR, st.sampled_from(["<", "<=", ">", ">=", "==", "!="]), NUM_EXPR).map(
            " ".join
        ),
    ),
    lambda c: st.one_of(
        st.tuples(c, st.sampled_from(["and", "or"]), c).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        c.map(lambda x: f"not {x}"),
    ),
    max_leaves=8,
)
TYPED = st.one_of(
    NUM_EXPR,
    BOOL_EXPR,
    st.tuples(NUM_EXPR, BOOL_EXPR, NUM_EXPR).map(lambda t: f"{t[0]} if {t[1]} else {t[2]}"),
)
EXPRESSIONS = st.one_of(
    TYPED,
    TYPED,
    st.recursive(ATOMS, _combine, max_leaves=24),
    st.text(max_size=80),
    st.text(alphabet="()+-*/<>=!,. 0123456789abcdefinorstu\"'", max_size=120),
)


# ------------------------------------------------------------------------ scenario files
BASE = (Path(__file__).resolve().parent / "base.yaml").read_text(encoding="utf-8")
"""The valid scenario the fuzz loader target mutates (small, every construct once)."""
INTERESTING = [
    "9" * 310,
    "1e308",
    "-1",
    "0",
    "-0.0",
    ".inf",
    ".nan",
    "1:30",
    "1:00:00",
    "~",
    "[]",
    "{}",
    "''",
    "true",
    "no",
    "0x1F",
    "0o17",
    "1_000",
    "2026-11-28",
    "!!python/object/apply:os.system ['true']",
    "!custom x",
    "&a x",
    "*a",
    "*nowhere",
    "'[bold]x[/]'",
    '"[@click=app.quit]x[/]"',
    "'{contact'",
    "'{contact} {nope}'",
    "x" * 5000,
    "365",
    "10000",
    "100000",
    "1000",
    "stage",
    "value",
    "persona",
    "known",
    "interest * 1000000000000000",
    "value * 0",
    "1 / 0",
    "'1:30'",
]
"""Values a mutation puts where a scalar was: edge numbers, YAML oddities, ids, expressions."""
RESERVED_AND_IDS = [
    "stage",
    "persona",
    "style",
    "value",
    "day",
    "large",
    "min",
    "known",
    "and",
    "lead",
    "interest",
    "budget",
    "buyer",
    "call",
    "won",
    "x",
]
_ID = re.compile(r"(?m)^\s*- id: ([a-z_]+)$")
_VALUE = re.compile(r"(?m)^(\s*(?:- )?[A-Za-z]+: )(.+)$")
YAML_BITS = [
    "a",
    "b:",
    ": ",
    "- ",
    "[",
    "]",
    "{",
    "}",
    ",",
    "&x ",
    "*x",
    "!!str ",
    "<<: ",
    "? ",
    "'",
    '"',
    "#",
    "\n",
    "  ",
    "\t",
    "---\n",
    "...",
]
"""Pieces of YAML syntax that junk inserted into a scenario is made of."""
MORE_BITS = [
    "...\n",
    "!t ",
    "1",
    "-1.5",
    ".inf",
    "~",
    "|\n",
    ">-\n",
    "é",
    "\x00",
    "\ufeff",
    "apiVersion: salesim/v1\n",
    "kind: Scenario\n",
    "%YAML 1.1\n",
]
"""More pieces for text that is all noise: scalars, block markers, NUL, BOM, a header."""
YAML_NOISE = st.lists(st.sampled_from(YAML_BITS + MORE_BITS), max_size=60).map("".join)
"""Text shaped like YAML: up to 60 pieces of syntax in any order."""


@st.composite
def scenario_texts(
    draw: Callable[[st.SearchStrategy[Any]], Any], base: str = BASE, max_mutations: int = 4
) -> bytes:
    """The `base` scenario text (default: fuzz/base.yaml) after 1 to `max_mutations` mutations: a value replaced, an
    id renamed everywhere, an expression swapped, lines deleted or repeated, junk inserted,
    bytes flipped."""
    text = base
    for _ in range(draw(st.integers(1, max_mutations))):
        kind = draw(st.sampled_from(["value", "rename", "expr", "lines", "junk", "bytes", "value"]))
        lines = text.split("\n")
        if kind == "value":
            spots = [i for i, ln in enumerate(lines) if _VALUE.match(ln)]
            i = draw(st.sampled_from(spots)) if spots else 0
            new = draw(st.one_of(st.sampled_from(INTERESTING), st.text(max_size=20)))
            lines[i] = _VALUE.sub(lambda m, new=new: m.group(1) + new, lines[i], count=1)
            text = "\n".join(lines)
        elif kind == "rename":
            ids = _ID.findall(text) or ["interest"]
            old = draw(st.sampled_from(ids))
            new = draw(st.sampled_from(RESERVED_AND_IDS))
            text = re.sub(rf"\b{old}\b", new, text)
        elif kind == "expr":
            spots = [
                i
                for i, ln in enumerate(lines)
                if re.match(r"\s*(chance|when|requires|lostWhen|badFit): ", ln)
            ]
            if not spots:
                continue
            i = draw(st.sampled_from(spots))
            expr = draw(st.recursive(ATOMS, _combine, max_leaves=12)).replace("\n", " ")
            lines[i] = lines[i].split(":")[0] + ": " + json.dumps(expr, ensure_ascii=False)
            text = "\n".join(lines)
        elif kind == "lines":
            i = draw(st.integers(0, len(lines) - 1))
            j = draw(st.integers(i, min(len(lines), i + 6)))
            if draw(st.booleans()):
                del lines[i:j]
            else:
                lines[i:i] = lines[i:j] * draw(st.integers(1, 3))
            text = "\n".join(lines)
        elif kind == "junk":
            i = draw(st.integers(0, len(text)))
            text = (
                text[:i]
                + "".join(draw(st.lists(st.sampled_from(YAML_BITS), max_size=8)))
                + text[i:]
            )
        else:
            data = bytearray(text.encode("utf-8"))
            for _ in range(draw(st.integers(1, 8))):
                data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
            return bytes(data)
    return text.encode("utf-8")
