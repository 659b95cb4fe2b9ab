"""The bots rank as a trainer would expect: expert > greedy > random, and exploits don't pay."""

import statistics

from sim.engine import Game
from sim.engine.bots import BOTS, ExpertBot, make_bot, play
from sim.engine.scoring import score_game

RUNS = 150


def medians(tutorial, policy):
    revenue, score = [], []
    for seed in range(1, RUNS + 1):
        g = play(Game(tutorial, seed), make_bot(policy, seed))
        revenue.append(g.outcome()["revenue"])
        score.append(score_game(g).total)
    return statistics.median(revenue), statistics.median(score)


def test_expert_beats_greedy_beats_random(tutorial):
    rev = {p: medians(tutorial, p) for p in ("random", "greedy", "expert")}
    assert rev["expert"][0] > rev["greedy"][0] > rev["random"][0]
    assert rev["expert"][1] >= rev["greedy"][1] + 15
    assert rev["expert"][1] >= rev["random"][1] + 30


def test_exploit_bots_score_below_the_expert(tutorial):
    expert = medians(tutorial, "expert")[1]
    for probe in ("discounter", "spammer", "whale"):
        assert medians(tutorial, probe)[1] < expert - 10, probe


def test_every_bot_finishes_a_game(tutorial):
    for name in BOTS:
        g = play(Game(tutorial, 3), make_bot(name, 3))
        assert g.over


def test_expert_reads_situational_advice_as_the_coach_does(tutorial):
    # The tutorial's call is "good" for a lead whose need is unknown and only "neutral" once
    # it is known: the expert must see the same rating the coach will give.
    g = Game(tutorial, 1)
    lead = next(c for c in g.open_customers() if c.stage == "lead" and "need" not in c.known)
    call = tutorial.action("call")
    env = lead.env(tutorial, g.day)
    assert ExpertBot.rating(lead, call, env) == "good"
    env["known.need"] = True
    assert ExpertBot.rating(lead, call, env) == "neutral"
