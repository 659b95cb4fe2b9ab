"""docs/authoring.md works when followed to the letter: `salesim new`, the demo action of
section 2 appended to `actions:`, the test of section 5 appended to the plan — and the
scenario validates, lints with no warning, passes its plan and plays to the end."""

from __future__ import annotations

import re
from pathlib import Path

from sim.commands.plans import plan_from_text

DOC = (Path(__file__).resolve().parents[2] / "docs" / "authoring.md").read_text(encoding="utf-8")


def block(name: str) -> str:
    m = re.search(rf"<!-- authoring: {name} -->\n```yaml\n(.*?)```", DOC, re.S)
    assert m, f"docs/authoring.md lost its '{name}' block"
    return m.group(1)


def test_following_the_guide_gives_a_clean_tested_playable_scenario(tmp_path, salesim):
    assert salesim("new", "my_desk.yaml", cwd=tmp_path).returncode == 0
    scenario = tmp_path / "my_desk.yaml"
    text = scenario.read_text(encoding="utf-8")
    assert "\ninbound:\n" in text
    scenario.write_text(
        text.replace("\ninbound:\n", block("action") + "\ninbound:\n", 1), encoding="utf-8"
    )
    plan = tmp_path / "my_desk.test.yaml"
    plan.write_text(plan.read_text(encoding="utf-8") + block("test"), encoding="utf-8")

    assert salesim("validate", "my_desk.yaml", cwd=tmp_path).returncode == 0
    lint = salesim("lint", "my_desk.yaml", "--runs", "10", cwd=tmp_path)
    assert lint.returncode == 0, lint.stdout
    tests = salesim("test", "my_desk.yaml", cwd=tmp_path)
    assert tests.returncode == 0, tests.stdout
    assert "3 passed" in tests.stdout
    assert "a demo is offered once the lead is qualified PASSED" in tests.stdout
    played = salesim("run", "my_desk.yaml", "--policy", "expert", "--quiet", cwd=tmp_path)
    assert played.returncode == 0 and ": finished;" in played.stdout


def test_the_plan_shown_in_the_guide_is_a_valid_plan():
    m = re.search(r"```yaml\n(apiVersion: salesim/v1\nkind: TestPlan\n.*?)```", DOC, re.S)
    assert m
    plan, problems = plan_from_text(m.group(1), Path("my_desk.test.yaml"), "my_desk.test.yaml")
    assert plan is not None and problems == []
    assert len(plan.cases) == 2
