"""The score invariants of issue 8 on the tutorial, over a small fixed seed set: no exploit
probe comes near disciplined play, discipline pays in money too, and a run that sells nothing
grades D at best. (`salesim simulate tutorial --policy all --runs 200` checks the same at scale.)"""

import statistics

import pytest

from sim.engine import Game
from sim.engine.bots import make_bot, play
from sim.engine.scoring import score_game

SEEDS = range(1, 31)
EXPLOITS = ("discounter", "spammer", "whale", "idle", "clerk", "disqualifier", "gate_pusher")


@pytest.fixture(scope="module")
def runs(tutorial):
    out = {}
    for policy in ("expert", "greedy", "random", *EXPLOITS, "sandbagger", "optimist"):
        rows = []
        for seed in SEEDS:
            g = play(Game(tutorial, seed), make_bot(policy, seed))
            card = score_game(g)
            rows.append((card.total, g.outcome()["revenue"], card.grade))
        out[policy] = rows
    return out


def median(rows, i=0):
    return statistics.median(r[i] for r in rows)


def test_every_exploit_probe_scores_far_below_the_expert(runs):
    expert = median(runs["expert"])
    for probe in EXPLOITS:
        assert median(runs[probe]) <= expert - 15, probe
    for probe in ("sandbagger", "optimist"):
        assert median(runs[probe]) <= expert - 5, probe


def test_expert_beats_greedy_and_random_on_score_and_money(runs):
    expert = median(runs["expert"])
    assert expert >= median(runs["greedy"]) + 15
    assert expert >= median(runs["random"]) + 30
    assert median(runs["expert"], 1) >= 1.2 * median(runs["greedy"], 1)
    revenue = sorted(r[1] for r in runs["expert"])
    assert revenue[len(revenue) // 10] > 0  # a disciplined week rarely ends empty-handed


def test_selling_nothing_grades_d_at_best_where_the_expert_sells(runs):
    sold = [i for i, r in enumerate(runs["expert"]) if r[1] > 0]
    assert sold
    for policy, rows in runs.items():
        for i in sold:
            if rows[i][1] == 0:
                assert rows[i][2] not in ("A", "B", "C"), (policy, SEEDS[i], rows[i])
