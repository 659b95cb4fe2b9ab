"""A deal left out of the forecast counts as 5 %, or as its stage's labelled probability when
that is lower: leaving a deal out never says more than the board the trainee reads.

On call_centre every open stage is labelled 1 % or 5 %; before this rule a deal left out
counted as 5 % against a 1 % reference, so agreeing with the board cost forecast points."""

from __future__ import annotations

from sim.engine import Game
from sim.engine.bots import make_bot, play
from sim.engine.scoring import SKILL_ZERO, omitted_p, score_game
from sim.scenario import load_scenario


def test_left_out_counts_as_at_most_the_stage_label():
    assert omitted_p(0.01) == 0.01  # a 1 % stage: as the board says
    assert omitted_p(0.5) == 0.05  # a 50 % stage left out: "I don't expect it", 5 %


def test_an_empty_forecast_on_call_centre_is_scored_as_the_board_no_better_no_worse():
    g = play(Game(load_scenario("call_centre"), 1), make_bot("idle", 1))
    entries = [e for e in score_game(g).dimension("forecast").entries]
    skill = [e for e in entries if e.rule == "forecast_skill"]
    assert skill and all("skill +0%" in e.text for e in skill), [e.text for e in skill]
    per = 100 / len(skill)
    assert all(abs(e.points - per * SKILL_ZERO) < 0.01 for e in skill)


def test_an_empty_forecast_is_still_zero_where_deals_stand_at_best_case():
    g = play(Game(load_scenario("tutorial"), 1), make_bot("sandbagger", 1))
    rules = {e.rule for e in score_game(g).dimension("forecast").entries}
    assert "forecast_empty" in rules
