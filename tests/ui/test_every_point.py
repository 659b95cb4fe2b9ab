"""The debrief's "Every point" tab on a big desk: a rule that fires hundreds of times for a
fraction of a point each is one line (a call_centre trainee found hundreds of "-0.0 … rot
limit" lines burying the decisions worth reading)."""

from __future__ import annotations

import re

from rich.console import Console

from sim.engine.bots import make_bot, play
from sim.engine.game import Game
from sim.engine.scoring import score_game
from sim.scenario import load_scenario, resolve_scenario
from sim.ui.widgets.scorecard import CRUMB, CRUMBS, every_point


def test_small_repeated_entries_are_one_line_with_their_count_and_sum():
    sc = load_scenario(resolve_scenario("call_centre"))
    game = play(Game(sc, 71), make_bot("expert", 71))
    card = score_game(game)
    console = Console(width=400, record=True, color_system=None)
    console.print(every_point(game, card))
    lines = console.export_text().splitlines()
    folded = 0
    for d in card.dimensions:
        by_rule: dict[str, list[float]] = {}
        for e in d.entries:
            by_rule.setdefault(e.rule, []).append(e.points)
        for rule, points in by_rule.items():
            small = [p for p in points if abs(p) < CRUMB]
            text = next((r.text for r in sc.scoring.rules if r.id == rule), None)
            if not small or text is None:
                continue
            shown = [
                ln for ln in lines if re.search(rf"\d+ times, days \d+–\d+: {re.escape(text)}", ln)
            ]
            if len(small) > CRUMBS:
                folded += 1
                assert len(shown) == 1, (rule, shown)
                m = re.match(r"\s*([+-]\d+\.\d) ([\d,]+) times", shown[0])
                assert m and int(m.group(2).replace(",", "")) == len(small)
                assert abs(float(m.group(1)) - sum(small)) < 0.06
            else:
                assert not shown
    assert folded >= 1  # the night's rotting, at least
    assert len(lines) < 300  # it was 1,000 and more
    rot = next(r.text for r in sc.scoring.rules if r.id == "rotting")
    assert sum(rot in ln for ln in lines) == 1
