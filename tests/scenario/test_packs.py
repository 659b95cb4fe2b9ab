"""Methodology packs (`uses:`): each bundled pack loads, validates and is overridable, and a
pack problem points at the including file's `uses:` line."""

from __future__ import annotations

import re

import pytest

from sim.scenario import check_text
from sim.scenario.packs import PACKS_DIR, known_packs

from .helpers import DOCS

DOC = (DOCS / "diagnostics.md").read_text(encoding="utf-8")
BASE = re.search(r"<!-- base -->\n```\w*\n(.*?)```", DOC, re.S).group(1)  # type: ignore[union-attr]
EVERY_STAGE = {
    "bant": "{qualification: lead}",
    "meddpicc": "{qualification: lead, discovery: lead, proposal: lead, negotiation: lead}",
    "spin": "{discovery: lead}",
}


def with_uses(uses: str, text: str = BASE) -> str:
    return text.replace("kind: Scenario\n", f"kind: Scenario\nuses: {uses}\n", 1)


def test_the_bundled_packs():
    assert known_packs() == ["bant", "meddpicc", "spin"]
    assert all((PACKS_DIR / f"{p}.yaml").is_file() for p in known_packs())


@pytest.mark.parametrize("pack", ["bant", "meddpicc", "spin"])
def test_each_pack_loads_and_validates_cleanly(pack):
    scenario, found = check_text(
        with_uses(f"[{{pack: {pack}, stages: {EVERY_STAGE[pack]}}}]"), "x.yaml"
    )
    assert found == [], "\n".join(d.format() for d in found)
    assert scenario is not None and scenario.uses == (pack,)
    lead = scenario.stage("lead")
    assert any(c.text.upper().startswith(pack.upper()) for c in lead.exit), (
        "the pack's gate is on the mapped stage"
    )
    pack_actions = [a for a in scenario.actions if a.id.startswith(pack)]
    assert pack_actions and all(a.stages == ("lead",) for a in pack_actions)


def test_all_packs_together_fit_one_scenario():
    uses = ", ".join(f"{{pack: {p}, stages: {s}}}" for p, s in EVERY_STAGE.items())
    scenario, found = check_text(with_uses(f"[{uses}]"), "x.yaml")
    assert found == [] and scenario is not None
    assert scenario.uses == ("bant", "meddpicc", "spin")


def test_bant_gates_what_bant_says():
    scenario, _ = check_text(with_uses("[{pack: bant, stages: {qualification: lead}}]"), "x.yaml")
    assert scenario is not None
    texts = " ".join(c.text.lower() for c in scenario.stage("lead").exit)
    for word in ("budget", "authority", "need", "timeline"):
        assert word in texts
    assert {"budget", "authority", "need", "timeline"} <= {f.id for f in scenario.facts}


def test_the_including_file_overrides_facts_criteria_and_actions_by_id():
    text = with_uses("[{pack: bant, stages: {qualification: lead}}]")
    text = text.replace(
        "    rotDays: 2\n",
        "    rotDays: 2\n    exit:\n      - id: bant_budget\n        when: known.budget\n"
        "        text: Our own budget rule.\n",
        1,
    )
    text = text.replace(
        "actions:\n",
        "actions:\n  - id: bant_questions\n    label: Our BANT call\n    key: q\n    hours: 2\n"
        "    stages: [lead]\n    success:\n      reveal: [budget, authority, need, timeline]\n",
        1,
    )
    scenario, found = check_text(text, "x.yaml")
    assert found == [], "\n".join(d.format() for d in found)
    assert scenario is not None
    budget = [c for c in scenario.stage("lead").exit if "budget" in c.text.lower()]
    assert [c.text for c in budget] == ["Our own budget rule."]
    own = scenario.action("bant_questions")
    assert (own.label, own.key, own.hours) == ("Our BANT call", "q", 2.0)
    assert [f.label for f in scenario.facts if f.id == "budget"] == ["Budget"]  # the base's own
    assert sum(1 for a in scenario.actions if a.id == "bant_questions") == 1


def test_pack_advice_rates_the_scenarios_tagged_actions():
    text = with_uses("[{pack: bant, stages: {qualification: lead}}]")
    text = text.replace("    key: c\n", "    key: c\n    tags: [close]\n", 1)
    scenario, found = check_text(text, "x.yaml")
    assert scenario is not None, found
    advice = scenario.action("call").advice_for("lead")
    assert advice is not None and advice.rating == "harmful" and "BANT" in advice.text


def test_unknown_pack_lists_the_known_ones_at_the_uses_line():
    text = with_uses("[medpic]")
    _, found = check_text(text, "x.yaml")
    assert [d.code for d in found] == ["S130"]
    d = found[0]
    assert d.line == text.splitlines().index("uses: [medpic]") + 1
    assert "meddpicc" in d.message and "bant, meddpicc, spin" in d.hint


def test_a_problem_inside_a_pack_points_at_the_uses_line_with_a_hint():
    text = with_uses("[{pack: bant, stages: {qualification: lead}}]")
    # BANT's gate reads `budget` as yes/no; this scenario declares it as an amount.
    text = text.replace("    label: Budget\n", "    label: Budget\n    type: number\n", 1)
    _, found = check_text(text, "x.yaml")
    uses_line = text.splitlines().index("uses: [{pack: bant, stages: {qualification: lead}}]") + 1
    from_pack = [d for d in found if d.line == uses_line]
    assert from_pack and all("pack 'bant'" in d.hint for d in from_pack), [
        d.format() for d in found
    ]


def test_a_pack_stage_the_scenario_lacks_is_one_clear_error():
    _, found = check_text(with_uses("[spin]"), "x.yaml")
    assert [d.code for d in found] == ["S131"]
    assert "discovery" in found[0].message and "stages: {discovery:" in found[0].hint


def test_scenarios_without_uses_are_unchanged():
    scenario, found = check_text(BASE, "x.yaml")
    assert found == [] and scenario is not None and scenario.uses == ()
