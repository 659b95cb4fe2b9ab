"""The debrief model agrees with the game it describes: outcome, funnel, pipeline, moments."""

from sim.engine.bots import make_bot, play
from sim.engine.game import Game
from sim.engine.scoring import score_game
from sim.report import build_debrief


def test_outcome_matches_the_engine(tutorial, greedy_game):
    d = build_debrief(tutorial, greedy_game.seed, greedy_game.log)
    out = greedy_game.outcome()
    assert d.finished and d.days_played == tutorial.calendar.days
    assert d.outcome["revenue"] == out["revenue"]
    assert d.outcome["won"] == out["won"]
    assert d.outcome["lost"] + d.outcome["disqualified"] == out["lost"]
    assert d.outcome["open"] == out["open"]
    assert d.outcome["quota"] == tutorial.scoring.quota
    assert d.outcome["coverage"] == round(d.outcome["pipeline"] / tutorial.scoring.quota, 4)
    assert d.total == score_game(greedy_game).total


def test_pipeline_fold_matches_the_final_state(tutorial, greedy_game):
    d = build_debrief(tutorial, greedy_game.seed, greedy_game.log, ghost=False)
    assert [p.day for p in d.pipeline] == list(range(1, tutorial.calendar.days + 1))
    last = d.pipeline[-1]
    open_ = greedy_game.open_customers()
    assert last.open == len(open_)
    assert last.value == round(sum(c.value for c in open_), 2)
    weighted = sum(c.value * greedy_game.stage_of(c).probability / 100 for c in open_)
    assert last.weighted == round(weighted, 2)
    assert last.won_value == greedy_game.outcome()["revenue"]
    assert d.outcome["weighted_pipeline"] == last.weighted


def test_funnel_narrows_and_ends_in_the_deals_won(tutorial, greedy_game):
    d = build_debrief(tutorial, greedy_game.seed, greedy_game.log, ghost=False)
    reached = [f.reached for f in d.funnel]
    assert reached == sorted(reached, reverse=True)
    assert reached[0] == len(greedy_game.customers)
    assert [f.id for f in d.funnel] == [s.id for s in tutorial.open_stages] + [
        tutorial.won_stage.id
    ]
    assert d.funnel[-1].reached == greedy_game.outcome()["won"]
    assert sum(f.open_here for f in d.funnel) == greedy_game.outcome()["open"]


def test_ghost_is_the_expert_on_the_same_seed(tutorial, greedy_game):
    d = build_debrief(tutorial, greedy_game.seed, greedy_game.log)
    expert = play(Game(tutorial, greedy_game.seed), make_bot("expert", greedy_game.seed))
    assert d.ghost_total == score_game(expert).total
    assert all(r.ghost is not None for r in d.dimensions)
    no_ghost = build_debrief(tutorial, greedy_game.seed, greedy_game.log, ghost=False)
    assert no_ghost.ghost_total is None and no_ghost.to_dict()["ghost"] is None


def test_key_moments_say_who_what_when_and_what_was_better(tutorial, greedy_game):
    d = build_debrief(tutorial, greedy_game.seed, greedy_game.log, ghost=False)
    assert 1 <= len(d.worst) <= 3 and len(d.best) <= 3
    for m in d.worst:
        assert m.points < 0 and m.day is not None
        assert m.better, m
        assert m.action, m
        if m.customer is not None:
            assert m.contact == greedy_game.identity(m.customer).contact
            assert m.company == greedy_game.identity(m.customer).company
    for m in d.best:
        assert m.points > 0
    days = [(m.day, m.seq) for m in d.timeline]
    assert days == sorted(days)
    assert len(d.timeline) == len(d.best) + len(d.worst)


def test_an_unfinished_run_still_gets_a_debrief(tutorial, play_bot):
    g = play_bot(tutorial, "expert", 5, max_days=2)
    d = build_debrief(tutorial, 5, g.log, ghost=False)
    assert not d.finished
    assert d.days_played == 3
    assert [p.day for p in d.pipeline] == [1, 2, 3]
    assert d.pipeline[-1].open == len(g.open_customers())


def test_forecast_headline_states_what_the_score_is_made_of():
    """A one-checkpoint scenario: the headline's skill, read through the scale it states,
    gives the forecast dimension's score; the money figures are said to be unscored (a
    call_centre trainee read 'accuracy 0%' beside a forecast scored 100)."""
    import re

    from sim.report.fmt import forecast_summary
    from sim.scenario import load_scenario, resolve_scenario

    sc = load_scenario(resolve_scenario("busy_desk"))
    assert len(sc.forecast.checkpoints) == 1
    for policy, seed in (("expert", 3), ("expert", 8), ("sandbagger", 4), ("optimist", 5)):
        game = play(Game(sc, seed), make_bot(policy, seed))
        card = score_game(game)
        text = forecast_summary(card.forecast)
        score = next(d.score for d in card.dimensions if d.id == "forecast")
        assert "Not scored: the money expected" in text
        if policy != "expert":  # nothing committed, or everything at 100 %: no skill
            assert "scored on skill: none shown, for" in text and score == 0, (policy, text)
            continue
        m = re.search(r"beat the stage odds by (\d+)%|did (\d+)% worse than", text)
        assert m, text
        skill = int(m.group(1)) if m.group(1) else -int(m.group(2))
        zero, full, none = (
            int(x)
            for x in re.search(
                r"earns (\d+) of 100, \+(\d+)% or better earns 100, "
                r"-(\d+)% or worse earns 0",
                text,
            ).groups()
        )
        expected = max(0.0, min(100.0, zero + (100 - zero) * skill / full))
        assert abs(score - expected) <= 100 / full, (policy, text, score)
