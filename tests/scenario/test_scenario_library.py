"""The scenario library: every bundled scenario says what it teaches, `salesim list` shows it,
its forecast categories follow its stage probabilities, and the lesson scenarios beyond the
scale ladder play as their briefing promises. (Balance against every bot, on every bundled
scenario: tests/engine/test_invariants.py.)"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from sim.engine import Game
from sim.engine.bots import make_bot, play
from sim.scenario import bundled_scenarios, load_scenario

LESSONS = (
    "relationship_selling",
    "forecast_quarter",
    "management_software_zh",
    "consultative_enterprise",
)
"""The scenarios that teach a lesson of their own (not a rung of the scale ladder)."""


def test_list_shows_difficulty_length_and_lesson_of_every_scenario():
    out = subprocess.run(
        [sys.executable, "-m", "sim", "list"], capture_output=True, text=True, check=True
    ).stdout
    lines = {line.split()[0]: line for line in out.splitlines()}
    for sid, _ in bundled_scenarios():
        md = load_scenario(sid).metadata
        assert md.lesson, f"{sid} names no lesson"
        line = lines[sid]
        assert md.difficulty in line and f"{md.minutes} min" in line and md.lesson in line, line


@pytest.mark.parametrize("sid", LESSONS)
def test_lesson_scenarios_are_complete_and_valid(sid):
    proc = subprocess.run(
        [sys.executable, "-m", "sim", "validate", sid], capture_output=True, text=True
    )
    assert proc.returncode == 0 and proc.stdout.strip().endswith("OK"), proc.stdout + proc.stderr
    assert "warning" not in (proc.stdout + proc.stderr).lower()
    lint = subprocess.run(
        [sys.executable, "-m", "sim", "lint", sid], capture_output=True, text=True
    )
    assert "L111" not in lint.stdout + lint.stderr, "every objective is scored by a rule"
    sc = load_scenario(sid)
    md = sc.metadata
    assert 10 <= md.minutes <= 25 and md.briefing and len(md.objectives) >= 4
    assert sc.forecast.checkpoints and sc.scoring.rules


def category_for(probability: int) -> str:
    """The forecast category a stage's probability puts it in (docs/scoring.md)."""
    return "commit" if probability >= 70 else "best_case" if probability >= 30 else "pipeline"


@pytest.mark.parametrize("sid", [sid for sid, _ in bundled_scenarios()])
def test_forecast_categories_follow_the_stage_probabilities(sid):
    # A deal in "commit" is one a manager can count on; a stage whose deals close 5 % of the
    # time is pipeline, whatever its name. (test_invariants checks the probabilities against
    # what the expert actually closes from each stage.)
    sc = load_scenario(sid)
    probs = [s.probability for s in sc.open_stages]
    assert probs == sorted(probs), sid
    for st in sc.open_stages:
        assert st.forecast == category_for(st.probability), (sid, st.id, st.probability)


def test_delighted_customers_refer_new_ones():
    sc = load_scenario("relationship_selling")
    referred = 0
    for seed in range(1, 11):
        g = play(Game(sc, seed), make_bot("expert", seed))
        referred += sum(1 for e in g.log if e.type == "lead_arrived" and e.referred_by is not None)
    assert referred >= 5, "referrals should be a real source of leads under good play"


def test_the_inherited_quarter_hides_dead_and_slipped_deals():
    g = Game(load_scenario("forecast_quarter"), 1)
    late = [c for c in g.open_customers() if g.stage_of(c).forecast in ("best_case", "commit")]
    assert any(not c.facts["alive"] for c in late), "some inherited late deals are dead"
    assert any(c.facts["alive"] and not c.facts["timeline"] for c in late), "some slipped"
    assert all("alive" not in c.known for c in late), "dead deals must be found by review"


def test_chinese_buyers_are_won_on_trust_or_on_diagnosis():
    """management_software_zh teaches both paths of the seed essay: small firms' owners are won
    over a dinner, a manufacturer's ERP project after the consultant's diagnosis."""
    sc = load_scenario("management_software_zh")
    won: dict[str, list[set[str]]] = {}
    for seed in range(1, 11):
        g = play(Game(sc, seed), make_bot("expert", seed))
        done: dict[int, set[str]] = {}
        for e in g.log:
            if e.type == "action":
                done.setdefault(e.customer, set()).add(e.action)
        for c in g.customers:
            if c.close_reason == "won":
                won.setdefault(c.persona, []).append(done.get(c.index, set()))
    owners, factories = won["shop_owner"], won["factory_cio"]
    assert sum("dinner" in a for a in owners) >= 0.8 * len(owners)
    assert not any("diagnose" in a for a in owners), "a small deal needs no consultant"
    assert sum("diagnose" in a for a in factories) >= 0.6 * len(factories)


def test_the_chinese_scenario_is_chinese_throughout():
    sc = load_scenario("management_software_zh")
    md = sc.metadata
    assert (md.locale, md.currency) == ("zh_CN", "CNY")
    texts = [md.title, md.summary, md.briefing, md.lesson, *md.objectives]
    texts += [s.label for s in sc.stages] + [a.label for a in sc.actions]
    texts += [p.label for p in sc.personas] + [d.label for d in sc.scoring.dimensions]
    for t in texts:
        assert re.search(r"[\u4e00-\u9fff]", t), t
        assert not re.search(r"[\u4e00-\u9fff，。：] [\u4e00-\u9fff]", t), f"folded? {t!r}"
