"""busy_desk's buyers object and have styles: the expert hears objections and answers them,
the greedy bot pushes through them and pays in trust and experience."""

from __future__ import annotations

from collections import Counter

from sim.engine.bots import make_bot, play
from sim.engine.game import Game
from sim.engine.objections import left_open
from sim.scenario import load_scenario


def kinds(policy: str, seed: int) -> tuple[Counter[str], Game]:
    g = play(Game(load_scenario("busy_desk"), seed), make_bot(policy, seed))
    return Counter(e.type for e in g.log), g


def test_the_expert_answers_most_objections_it_hears_and_learns_styles():
    n, g = kinds("expert", 1)
    assert n["objection_raised"] >= 3
    assert n["objection_handled"] >= n["objection_raised"] - 2
    assert n["objection_mishandled"] == 0
    assert any("style" in c.known for c in g.customers)


def test_greedy_play_mishandles_objections_and_leaves_them_open():
    n, g = kinds("greedy", 1)
    assert n["objection_mishandled"] >= 3
    assert len(left_open(g.log)) >= 5


def test_the_expert_plans_with_the_style_it_has_learned_not_the_hidden_one():
    from sim.engine.bots import ExpertBot

    g = Game(load_scenario("busy_desk"), 1)
    bot = ExpertBot(1)
    c = next(c for c in g.customers if c.stage == "negotiation" and c.style == "consultative")
    lunch = g.scenario.action("lunch")

    def worth() -> float:
        env = c.env(g.scenario, g.day)
        unmet = [cr for cr in g.stage_of(c).exit if not cr.when.evaluate(env)]
        return bot.score(g, c, lunch, env, unmet)

    before = worth()  # style unknown: a lunch is planned as the action says
    c.known.add("style")  # learned: a consultative buyer gets little from a long lunch
    assert worth() < before
