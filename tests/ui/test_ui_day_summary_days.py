"""The day summary reads only the day's own events (a bisection by day, not a scan of the
whole log each night), and says exactly what a scan would have found."""

from __future__ import annotations

import pytest

from sim.engine import Game
from sim.engine.bots import make_bot
from sim.scenario import load_scenario
from sim.ui.dialogs.day_summary import day_events


def scan(log, day, end):
    """What the summary read before: every event of the log, filtered."""
    return [e for e in log if e.day == day and e.seq < end]


@pytest.mark.parametrize(
    ("scenario", "policy"),
    [("tutorial", "random"), ("busy_desk", "expert"), ("management_software_zh", "greedy")],
)
def test_each_night_finds_the_same_events_as_a_scan(scenario, policy):
    g = Game(load_scenario(scenario), 3)
    bot = make_bot(policy, 3)
    nights = 0
    while not g.over:
        bot.play_day(g)
        if g.is_checkpoint() and g.day not in g.forecasts:
            bot.forecast(g)
        day, end = g.day, len(g.log)
        g.end_day()
        found = day_events(g.log, day, end)
        assert found == scan(g.log, day, end) and found
        assert day_events(g.log, day, len(g.log)) == scan(g.log, day, len(g.log))
        nights += 1
    assert nights == g.days
    for day in range(0, g.days + 2):  # any day, also one with no events
        assert day_events(g.log, day, len(g.log)) == scan(g.log, day, len(g.log))


def test_a_log_not_indexed_by_seq_is_still_read_right():
    g = Game(load_scenario("tutorial"), 1)
    g.act(0, "call")
    g.end_day()
    log = g.log[3:]  # seq no longer the index: falls back to the scan
    assert day_events(log, 1, 10**9) == scan(log, 1, 10**9)
