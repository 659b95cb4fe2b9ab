"""The messages docs/diagnostics.md prints after an example are what salesim prints for it:
each ```text block that starts with `example.yaml:` must equal the formatted diagnostics of
the example just above it (headline, source line, caret and hint)."""

from __future__ import annotations

import re

import pytest

from sim.scenario.diagnostics import format_report

from .helpers import DOCS, diagnose
from .test_docs_examples import BLOCK, example_input

DOC = (DOCS / "diagnostics.md").read_text(encoding="utf-8")
SHOWN = re.compile(r"```text\n(example(?:\.test)?\.yaml:.*?)```", re.S)


def _pairs() -> list[tuple[str, str, str, str]]:
    examples = [m for m in BLOCK.finditer(DOC) if m.group("code")]
    pairs = []
    for i, m in enumerate(examples):
        end = examples[i + 1].start() if i + 1 < len(examples) else len(DOC)
        section_end = DOC.find("\n### ", m.end())
        end = min(end, section_end if section_end >= 0 else len(DOC))
        shown = SHOWN.search(DOC, m.end(), end)
        if shown:
            pairs.append(
                (m.group("code"), m.group("mode") or "fragment", m.group("body"), shown.group(1))
            )
    return pairs


PAIRS = _pairs()


def test_the_indentation_cases_show_their_messages():
    assert [c for c, *_ in PAIRS].count("Y017") == 3
    assert {"Y016", "S010"} <= {c for c, *_ in PAIRS}


@pytest.mark.parametrize(("code", "mode", "body", "shown"), PAIRS, ids=[p[0] for p in PAIRS])
def test_shown_message_is_the_real_one(code, mode, body, shown):
    if mode == "plan":
        from pathlib import Path

        from sim.commands.plans import plan_from_text

        found = plan_from_text(body, Path("example.test.yaml"), "example.test.yaml")[1]
    else:
        found = diagnose(example_input(mode, body), "example.yaml")
    real = format_report(found)
    shown = shown.rstrip("\n")
    # A block may show only the headline (the rest is left out for brevity).
    assert real == shown or real.splitlines()[0] == shown, real
