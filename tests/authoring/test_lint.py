"""`salesim lint`: the bundled scenarios have no warnings; a deliberately broken copy of the
tutorial gets one located finding per mistake and exit status 1."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.commands.lint import lint_file
from sim.scenario.bundled import bundled_scenarios, resolve_scenario

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("scenario_id", [sid for sid, _ in bundled_scenarios()])
def test_bundled_scenarios_have_no_static_warnings(scenario_id):
    found = lint_file(resolve_scenario(scenario_id), runs=0)
    assert not [d for d in found if d.severity != "note"], "\n".join(d.format() for d in found)


def test_tutorial_play_checks_are_clean():
    found = lint_file(REPO / "scenarios" / "tutorial.yaml", runs=10)
    assert not [d for d in found if d.code.startswith("L2")], "\n".join(d.format() for d in found)


def broken_tutorial() -> str:
    """The tutorial's frozen copy with four mistakes (the tutorial itself keeps being tuned)."""
    text = (REPO / "tests" / "scenario" / "data" / "desk.yaml").read_text(encoding="utf-8")
    for old, new in (
        ("    probability: 80\n    forecast: commit", "    probability: 40\n    forecast: commit"),
        ("      - when: interest >= 55", "      - when: interest >= 155"),
        (
            "reveal: [need, budget, authority, timeline, fit]",
            "reveal: [need, authority, timeline, fit]",
        ),
        ('feedback: "{contact} agrees on scope; only terms remain."', 'feedback: ""'),
    ):
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def test_broken_copy(tmp_path, salesim):
    (tmp_path / "broken.yaml").write_text(broken_tutorial(), encoding="utf-8")
    proc = salesim("lint", "broken.yaml", "--runs", "0", cwd=tmp_path)
    assert proc.returncode == 1
    out = proc.stdout
    for expected in (
        "warning[L108]: stage 'negotiation' (40%, commit) comes after 'proposal'",
        "warning[L107]: 'interest >= 155' is always false",
        "warning[L112]: the exit gate of 'qualified' needs 'known.budget'",
        "warning[L110]: action 'negotiate' is rated by its advice but its success shows no feedback",
    ):
        assert expected in out, out
    assert out.rstrip().endswith("broken.yaml: 5 warnings, 2 notes")


def test_notes_alone_exit_0(salesim):
    proc = salesim("lint", "tutorial", "--runs", "0")
    assert proc.returncode == 0, proc.stdout
