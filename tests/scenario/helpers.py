"""Shared helpers for the scenario-format tests: the repo paths, the tutorial text, and a
way to check a variant of it."""

from __future__ import annotations

import re
from pathlib import Path

from sim.scenario import check_text
from sim.scenario.diagnostics import Diagnostic

REPO = Path(__file__).resolve().parents[2]
TUTORIAL = REPO / "scenarios" / "tutorial.yaml"
FIXTURE = Path(__file__).resolve().parent / "data" / "desk.yaml"
"""A frozen copy of the tutorial for tests that patch it (the tutorial itself keeps evolving)."""
SCHEMA_FILE = REPO / "schema" / "scenario.schema.json"
DOCS = REPO / "docs"


def tutorial_text() -> str:
    return TUTORIAL.read_text(encoding="utf-8")


def fixture_text() -> str:
    return FIXTURE.read_text(encoding="utf-8")


def variant(old: str, new: str, count: int = 1) -> str:
    """The fixture scenario with `old` replaced by `new` (which must occur)."""
    text = fixture_text()
    assert old in text, f"test is stale: {old!r} is not in {FIXTURE.name}"
    return text.replace(old, new, count)


def diagnose(text: str | bytes, filename: str = "x.yaml") -> list[Diagnostic]:
    return check_text(text, filename)[1]


def codes(text: str | bytes) -> list[str]:
    return [d.code for d in diagnose(text)]


def line_of(text: str, needle: str) -> int:
    """1-based line number of the first line containing `needle`."""
    for i, line in enumerate(text.splitlines(), 1):
        if needle in line:
            return i
    raise AssertionError(f"{needle!r} not found")


_TOP_KEY = re.compile(r"^([A-Za-z_][\w]*)\s*:", re.M)


def merge_sections(base: str, fragment: str) -> str:
    """Replace the top-level sections of `base` that `fragment` defines; append new ones."""

    def split(text: str) -> list[tuple[str | None, str]]:
        starts = [(m.start(), m.group(1)) for m in _TOP_KEY.finditer(text)]
        out: list[tuple[str | None, str]] = [(None, text[: starts[0][0]] if starts else text)]
        for i, (pos, key) in enumerate(starts):
            end = starts[i + 1][0] if i + 1 < len(starts) else len(text)
            out.append((key, text[pos:end]))
        return out

    replacement = {k: v for k, v in split(fragment) if k is not None}
    merged = [replacement.pop(k, v) if k is not None else v for k, v in split(base)]
    tail = "".join(v if v.endswith("\n") else v + "\n" for v in replacement.values())
    body = "".join(v if v.endswith("\n") else v + "\n" for v in merged)
    return body + tail
