"""The event log grows with what happens, not with idle deals × days: a deal's first night of
neglect is logged for the deal, further nights of the same spell go into one summary entry
per night, and the score still counts every deal-night."""

from __future__ import annotations

from sim.engine import Game
from sim.engine.scoring import score_game
from sim.scenario import load_scenario


def _idle_run(sid: str, seed: int = 1) -> Game:
    game = Game(load_scenario(sid), seed)
    while not game.over:
        game.end_day()
    return game


def test_an_idle_desk_logs_each_spell_of_neglect_once():
    game = _idle_run("call_centre")
    spells = [e for e in game.log if e.type == "rotting"]
    nights = [e for e in game.log if e.type == "rotting_summary"]
    # At most one entry per deal (nobody touched them) plus one per night.
    assert len({e.customer for e in spells}) == len(spells)
    assert len(nights) <= game.days
    # Every deal-night is still there: from the first night of its spell until it went cold
    # (that night included) or the run ended.
    closed = {e.customer: e.day for e in game.log if e.type == "deal_closed"}
    deal_nights = sum(closed.get(e.customer, game.days) - e.day + 1 for e in spells)
    assert deal_nights == len(spells) + sum(e.deals for e in nights)
    assert deal_nights > 4 * len(spells)  # the spells really lasted: the summary saved entries


def test_the_score_counts_every_deal_night_of_rot():
    game = _idle_run("tutorial", seed=2)
    card = score_game(game)
    entries = [e for d in card.dimensions for e in d.entries if e.rule == "rotting"]
    spells = sum(1 for e in game.log if e.type == "rotting")
    more = sum(e.deals for e in game.log if e.type == "rotting_summary")
    rule = game.scenario.scoring.rule("rotting")
    assert more > 0
    assert round(sum(e.points for e in entries), 4) == round(rule.points * (spells + more), 4)


def test_a_touched_deal_that_rots_again_starts_a_new_spell():
    # Call every deal the first time it rots; a deal that rots again after the call is
    # logged again (a new spell), not folded into the summary.
    game = Game(load_scenario("busy_desk"), seed=3)
    called: set[int] = set()
    while not game.over:
        for e in [e for e in game.log if e.type == "rotting" and e.customer not in called]:
            c = e.customer
            called.add(c)
            opts = [o.action.id for o in game.options(c) if o.available and o.action.contact]
            if opts:
                game.act(c, opts[0])
        game.end_day()
    again = [
        c
        for c in called
        if sum(1 for e in game.log if e.type == "rotting" and e.customer == c) >= 2
    ]
    assert again, "no called deal rotted again: the test needs another seed"
    for c in again:
        days = [e.day for e in game.log if e.type == "rotting" and e.customer == c]
        contact = [e.day for e in game.log if e.type == "action" and e.customer == c]
        assert any(days[0] <= d < days[1] for d in contact)  # a contact separated the spells
