"""The day summary stays a summary at territory scale: grouped with totals, never one line
per deal."""

from __future__ import annotations

import re

from rich.console import Console

from sim.engine.game import Game
from sim.scenario import load_scenario
from sim.ui.dialogs.day_summary import summary_renderable


def _text(game, day, events, width: int = 1000) -> str:
    console = Console(width=width, record=True, color_system=None, file=open("/dev/null", "w"))  # noqa: SIM115
    console.print(summary_renderable(game, day, events))
    return console.export_text()


def test_a_territory_night_is_grouped_with_totals_and_capped_lists():
    game = Game(load_scenario("territory"), 1)
    texts = []
    for _ in range(3):  # by the third night thousands of deals rot and go cold
        day = game.day
        events = list(game.end_day().events)
        texts.append((len(events), _text(game, day, events)))
    many, text = texts[-1]
    assert many > 5000  # the night really was a big one...
    lines = _text(game, day, events, width=96).strip().splitlines()
    assert len(lines) < 40  # ...and the summary still fits a couple of screens
    # Counts may be grouped ("1,015 deals"): a thousand deals can go cold in a night.
    gone = re.search(r"deal gone cold: ([\d,]+) deals \(\$[\d,]+\) — .* … and ([\d,]+) more", text)
    assert gone, text
    cold, more = (int(g.replace(",", "")) for g in gone.groups())
    assert cold == more + 3  # three names, the rest counted
    assert gone.group(2) == f"{more:,}"  # "… and 1,012 more", grouped like the total
    lost = re.search(r"Lost ([\d,]+) deals", text)
    assert lost and int(lost.group(1).replace(",", "")) >= cold
    assert re.search(r"deals are rotting: .* … and \d{1,3}(,\d{3})* more", text)
    # "Rots on day N+1" is named and capped as well, on whichever night it appeared
    soon = [t for _, t in texts if "unless touched on day" in t]
    assert soon and all(
        re.search(r"Rots on day (\d+) unless touched on day (\d+) \((\d+)\): ", t) for t in soon
    )
    for t in soon:
        nxt, day, n = (
            int(x)
            for x in re.search(
                r"Rots on day (\d+) unless touched on day (\d+) \((\d+)\)", t
            ).groups()
        )
        assert nxt == day + 1
        assert n <= 8 or f"… and {n - 8:,} more" in t


def test_a_quiet_tutorial_night_still_lists_each_event():
    game = Game(load_scenario("tutorial"), 1)
    game.act(0, "call")
    events = list(game.end_day().events)
    text = _text(game, 1, events)
    assert "1 action, 0.5 h of 8 h used." in text
    assert "… and" not in text  # few entries: each on its own line, nothing grouped
