"""Every example in docs/diagnostics.md is run through the checker and must report exactly
the code it documents; every code of the catalogue is documented."""

from __future__ import annotations

import codecs
import re

import pytest

from sim.scenario.diagnostics import CATALOGUE

from .helpers import DOCS, diagnose, merge_sections

DOC = (DOCS / "diagnostics.md").read_text(encoding="utf-8")
BLOCK = re.compile(
    r"<!-- (example: (?P<code>\w+)(?: (?P<mode>file|bytes|appended|plan|lint))?|base) -->\n```\w*\n(?P<body>.*?)```",
    re.S,
)
# Codes that concern the command line or need a 1 MiB file: covered by test_cli_validate.py
# and test_yaml_safety.py instead; S017 is the schema fallback no current field triggers.
NO_EXAMPLE = {"F001", "F002", "F003", "Y001", "S017"}

BASE = next(m.group("body") for m in BLOCK.finditer(DOC) if m.group(0).startswith("<!-- base"))
EXAMPLES = [
    (m.group("code"), m.group("mode") or "fragment", m.group("body"))
    for m in BLOCK.finditer(DOC)
    if m.group("code")
]


def example_input(mode: str, body: str) -> str | bytes:
    if mode == "file":
        return body
    if mode == "appended":
        return BASE + body
    if mode == "bytes":
        return codecs.escape_decode(body.encode("utf-8"))[0]  # type: ignore[no-any-return]
    return merge_sections(BASE, body)


def lint_text(text: str, runs: int = 0) -> list:
    import tempfile
    from pathlib import Path

    from sim.commands.lint import lint_file

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "example.yaml"
        path.write_text(text, encoding="utf-8")
        return lint_file(path, runs)


def test_base_scenario_is_clean():
    assert diagnose(BASE) == []
    assert lint_text(BASE, runs=3) == [], (
        "the base lints clean, so each lint example shows its own code"
    )


@pytest.mark.parametrize(
    ("code", "mode", "body"), EXAMPLES, ids=[f"{c}-{i}" for i, (c, _, _) in enumerate(EXAMPLES)]
)
def test_example_reports_exactly_its_code(code, mode, body):
    if mode == "lint":  # `salesim lint`: the example's code is among the findings, no errors
        found = lint_text(example_input("fragment", body), runs=3)
        assert code in {d.code for d in found}, "\n".join(d.format() for d in found)
        assert not [d for d in found if d.severity == "error"]
        assert all(d.line > 0 for d in found if d.code == code), "every finding is located"
        return
    if mode == "plan":  # a test plan (`salesim test`), checked by its own reader
        from pathlib import Path

        from sim.commands.plans import plan_from_text

        found = plan_from_text(body, Path("example.test.yaml"), "example.test.yaml")[1]
    else:
        found = diagnose(example_input(mode, body), "example.yaml")
    assert {d.code for d in found} == {code}, "\n".join(d.format() for d in found)
    if code != "Y004":  # an empty file has no line to point at
        assert all(d.line > 0 for d in found), "every example problem is located"


def test_every_code_has_a_heading_and_an_example():
    for code in CATALOGUE:
        assert f"### {code} — {CATALOGUE[code].title}" in DOC, (
            f"{code} missing or titled differently in docs"
        )
    documented = {c for c, _, _ in EXAMPLES}
    assert set(CATALOGUE) - documented == NO_EXAMPLE
    assert documented <= set(CATALOGUE)


def test_complete_examples_in_the_format_reference_are_valid():
    doc = (DOCS / "scenario-format.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", doc, re.S)
    complete = [b for b in blocks if "apiVersion: salesim/v1" in b]
    assert complete, "the tutorial section shows a complete scenario"
    for block in complete:
        assert diagnose(block) == [], block[:200]
