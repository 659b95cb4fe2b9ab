"""The scale ladder: the tutorial's process with ~10, ~200 and ~2,000 customers under the same
daily time budget. Every bundled scenario validates, starts and ends a day quickly; the bigger
rungs keep the tutorial's stage and action ids; good play still beats bad play at scale."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sim.engine import Game
from sim.engine.bots import make_bot, play
from sim.engine.scoring import score_game
from sim.scenario import bundled_scenarios, load_scenario

REPO = Path(__file__).resolve().parents[2]
LADDER = ("tutorial", "busy_desk", "call_centre")
"""The rungs, smallest first."""
SEEDS = range(1, 21)


@pytest.fixture(scope="module")
def ladder():
    return {sid: load_scenario(sid) for sid in LADDER}


def test_validate_accepts_every_bundled_scenario():
    proc = subprocess.run(
        [sys.executable, "-m", "sim", "validate", "scenarios/"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    for sid in LADDER:
        assert f"scenarios/{sid}.yaml: OK" in proc.stdout


@pytest.mark.parametrize("sid", [sid for sid, _ in bundled_scenarios()])
def test_every_bundled_scenario_starts_and_ends_a_day_quickly(sid):
    t0 = time.perf_counter()
    game = Game(load_scenario(sid), seed=7)
    assert game.open_customers() and game.hours_left == game.scenario.calendar.hours_per_day
    result = game.end_day()
    assert result.ok and game.day == 2
    if len(game.customers) > 10_000:
        return  # territory's speed is measured by `make bench` (bench.scale), not asserted here
    # Generous: a 2,000-customer desk takes well under a second on a laptop.
    assert time.perf_counter() - t0 < 10, f"{sid}: creating a game and ending a day is too slow"


def test_the_ladder_grows_the_pipeline_not_the_day(ladder):
    sizes = {}
    for sid, sc in ladder.items():
        game = Game(sc, seed=1)
        sizes[sid] = len(game.customers)
        assert sc.calendar.hours_per_day == ladder["tutorial"].calendar.hours_per_day, sid
    assert sizes["tutorial"] <= 10
    assert 150 <= sizes["busy_desk"] <= 250
    assert sizes["call_centre"] >= 1900
    assert [ladder[s].metadata.difficulty for s in LADDER] == [
        "beginner",
        "intermediate",
        "advanced",
    ]


@pytest.mark.parametrize("sid", ["busy_desk", "call_centre"])
def test_the_bigger_rungs_keep_what_the_tutorial_taught(ladder, sid):
    tut, sc = ladder["tutorial"], ladder[sid]
    assert [s.id for s in sc.stages] == [s.id for s in tut.stages]
    keys = {a.id: a.key for a in sc.actions}
    for a in tut.actions:
        assert keys.get(a.id) == a.key, f"{sid}: action '{a.id}' is missing or has another key"
    assert {r.id for r in sc.scoring.rules} == {r.id for r in tut.scoring.rules}


@pytest.mark.parametrize("sid", LADDER)
def test_no_rule_is_too_small_to_show(ladder, sid):
    # The debrief rounds every entry to 0.01 point: a smaller rule would silently score nothing.
    for r in ladder[sid].scoring.rules:
        assert abs(r.points) >= 0.01, f"{sid}: rule {r.id} scores {r.points}, rounded away"


def _scores(scenario, policy):
    cards = [score_game(play(Game(scenario, s), make_bot(policy, s))) for s in SEEDS]
    return cards


def test_busy_desk_rewards_triage_over_random_and_greedy_play(ladder):
    sc = ladder["busy_desk"]
    cards = {p: _scores(sc, p) for p in ("random", "greedy", "expert")}
    median = {p: statistics.median(c.total for c in cs) for p, cs in cards.items()}
    assert median["expert"] >= median["random"] + 20, median
    assert median["expert"] >= median["greedy"] + 10, median
    # Rotting is per deal per day: at 200 customers it must not zero follow-up for everyone.
    followup = statistics.median(c.dimension("followup").score for c in cards["expert"])
    assert followup >= 30, followup


def test_call_centre_expert_plays_a_day_in_bounded_time(ladder):
    game = Game(ladder["call_centre"], seed=3)
    t0 = time.perf_counter()
    play(game, make_bot("expert", 3), max_days=1)
    assert game.day == 2
    assert any(e.type == "action" for e in game.log)
    assert time.perf_counter() - t0 < 10
