"""A big run's game and its desk's first views are made while the briefing is read; the desk
they give must be the desk a trainee would get without that head start."""

from __future__ import annotations

from typing import Any

import sim.ui.app as app_module
import sim.ui.screens.desk as desk_module
from sim.ui.app import make_app
from sim.ui.screens.briefing import BriefingScreen
from sim.ui.screens.desk import DeskScreen
from sim.ui.widgets.customer_table import CustomerTable

from .helpers import screen_text


async def _desk_after_briefing() -> tuple[tuple[str, list[str]], Any]:
    """What the desk shows after "start" and after two actions, and its views."""
    app = make_app(scenario="call_centre", seed=3, user_dir=None, ghost=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, BriefingScreen)
        await pilot.press("enter")
        await pilot.pause()
        desk = app.screen
        assert isinstance(desk, DeskScreen)
        table = desk.query_one(CustomerTable)
        shown = [screen_text(app)] + [table.row_cells(i) for i in table.rows]
        await pilot.press("c", "down", "e")  # the views follow the game from there on
        await pilot.pause()
        shown += [screen_text(app)] + [table.row_cells(i) for i in table.rows]
        return shown, (desk.summary, desk.listing)


async def test_a_desk_prepared_during_the_briefing_is_the_desk_made_on_start(monkeypatch):
    monkeypatch.setattr(app_module, "PREPARE", 10**9)  # nothing made ahead
    plain, _ = await _desk_after_briefing()

    made: list[Any] = []
    real = desk_module.first_views

    def spy(game):  # type: ignore[no-untyped-def]
        made.append(real(game))
        return made[-1]

    monkeypatch.setattr(app_module, "PREPARE", 1)  # everything made ahead
    monkeypatch.setattr(desk_module, "first_views", spy)
    prepared, views = await _desk_after_briefing()
    assert made and views == made[0], "the desk did not start from the views made ahead"
    assert prepared == plain
