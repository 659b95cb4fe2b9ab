"""The score invariants of issue 8 on EVERY bundled scenario (the list is read, so a new
scenario is checked the day it is bundled), over a seed set sized to the scenario so CI stays
reasonable: no exploit probe comes near disciplined play, discipline pays in money too, a
run that sells nothing grades D at best, and the stage probabilities say what happens.

`salesim simulate SCENARIO --policy all --runs 300` checks the same at scale."""

from __future__ import annotations

import math
import statistics

import pytest

from sim.engine import Game
from sim.engine.bots import make_bot, play
from sim.engine.montecarlo import calibration
from sim.engine.scoring import score_game
from sim.scenario import bundled_scenarios, load_scenario

STRATEGIES = (
    "discounter",
    "spammer",
    "whale",
    "idle",
    "clerk",
    "disqualifier",
    "gate_pusher",
    "hygienist",
    "busybee",
    "answer_abandon",
)
"""Whole strategies that sell nothing, skip the process or game the score: >= 15 below."""
TRICKS = ("sandbagger", "optimist", "last_day_closer", "late_disqualifier", "hedger")
"""Expert play plus one trick: the trick must cost clearly (>= 5 below the expert)."""
NEVER_PAYS = ("quota_coaster",)
"""Expert play plus a habit that only fires on some seeds (coasting once quota is won): on
the seeds where it does not fire it plays the expert's game, so its median can sit near the
expert's; it must never score above the expert on any seed."""
POLICIES = ("expert", "greedy", "random", *STRATEGIES, *TRICKS, *NEVER_PAYS, "peeker")
BIG_DESK = ("expert", "greedy", "random", "idle", "clerk", "disqualifier", "sandbagger", "optimist")
"""Beyond 5,000 customers a game costs ~15 s: one seed of the expert, the baselines and the
probes that matter most there (`salesim simulate --policy all` plays every one)."""


def seeds_for(customers: int) -> range:
    """More seeds for small desks (luck weighs more), fewer for big ones (a game costs more)."""
    if customers <= 50:
        return range(1, 21)
    if customers <= 500:
        return range(1, 11)
    if customers <= 5000:
        return range(1, 5)
    return range(1, 2)


SCENARIOS = [sid for sid, _ in bundled_scenarios()]


@pytest.fixture(scope="module", params=SCENARIOS)
def runs(request):
    """Per policy: (score, revenue, grade) of each seed, and the expert's calibration."""
    sc = load_scenario(request.param)
    out: dict = {"id": request.param, "calibration": {}}
    policies = POLICIES if sc.inbound.initial <= 5000 else BIG_DESK
    for policy in policies:
        rows = []
        for seed in seeds_for(sc.inbound.initial):
            g = play(Game(sc, seed), make_bot(policy, seed))
            card = score_game(g)
            rows.append((card.total, g.outcome()["revenue"], card.grade))
            if policy == "expert":
                for stage, (n, won) in calibration(g.log).items():
                    row = out["calibration"].setdefault(stage, [0, 0])
                    row[0] += n
                    row[1] += won
        out[policy] = rows
    out["scenario"] = sc
    return out


def median(rows, i=0):
    return statistics.median(r[i] for r in rows)


def test_every_exploit_probe_scores_far_below_the_expert(runs):
    expert = median(runs["expert"])
    for probe in (p for p in STRATEGIES if p in runs):
        assert median(runs[probe]) <= expert - 15, (runs["id"], probe, median(runs[probe]), expert)
    for probe in (p for p in TRICKS if p in runs):
        assert median(runs[probe]) <= expert - 5, (runs["id"], probe, median(runs[probe]), expert)


def test_coasting_after_quota_never_pays(runs):
    # Results stop at 100 % of quota, so a trainee may stop working once it is won. The deals
    # left idle rot and their customers cool: on no seed may coasting beat working on.
    for probe in (p for p in NEVER_PAYS if p in runs):
        for i, (mine, theirs) in enumerate(zip(runs[probe], runs["expert"], strict=True)):
            assert mine[0] <= theirs[0], (runs["id"], probe, i, mine[0], theirs[0])


def test_peeking_at_the_dice_buys_little(runs):
    # A what-if rewind shows how an action would turn out. Because the dice cannot be
    # re-rolled (each roll is fixed by seed, customer, action and attempt), knowing them only
    # spares failed closes, and waiting for a good roll costs days: a few points at most
    # (3.4 on management_software_zh, whose failed closes cost dearly; when an action elsewhere
    # re-rolled the dice, save-scumming paid 5-7 on the tutorial). Not a scoring matter: a run
    # resumed after a what-if peek ahead of it would have to count as practice (sim/store).
    if "peeker" in runs:
        assert median(runs["peeker"]) <= median(runs["expert"]) + 5, runs["id"]


def test_expert_beats_greedy_and_random_on_score_and_money(runs):
    expert = median(runs["expert"])
    assert expert >= median(runs["greedy"]) + 15, runs["id"]
    assert expert >= median(runs["random"]) + 30, runs["id"]
    assert median(runs["expert"], 1) >= 1.2 * median(runs["greedy"], 1), runs["id"]
    revenue = sorted(r[1] for r in runs["expert"])
    assert revenue[len(revenue) // 10] > 0, runs["id"]  # a disciplined week rarely ends empty


def test_selling_nothing_grades_d_at_best_where_the_expert_sells(runs):
    sold = [i for i, r in enumerate(runs["expert"]) if r[1] > 0]
    assert sold
    for policy in (p for p in POLICIES if p in runs):
        for i in sold:
            total, revenue, grade = runs[policy][i]
            if revenue == 0:
                assert grade not in ("A", "B", "C"), (runs["id"], policy, i, total)


def test_stage_probabilities_say_how_often_the_expert_closes_from_there(runs):
    # The reference forecast is only fair if the labels mean what they say: of the deals at a
    # stage at a checkpoint, about that share closed won by the end (where enough were seen).
    # The tolerance is 12 points or 3.5 standard errors of a share of n deals, whichever is
    # wider: a small desk sees few deals per stage in the handful of seeds CI can afford.
    for st in runs["scenario"].open_stages:
        n, won = runs["calibration"].get(st.id, (0, 0))
        if n >= 40:
            actual = 100 * won / n
            p = st.probability / 100
            tolerance = max(12.0, 350 * math.sqrt(max(p * (1 - p), 0.01) / n))
            assert abs(actual - st.probability) <= tolerance, (
                runs["id"],
                st.id,
                st.probability,
                actual,
                n,
            )
