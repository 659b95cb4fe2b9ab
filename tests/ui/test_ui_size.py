"""The game works from 80×24 upward and says clearly when the terminal is smaller."""

from __future__ import annotations

from sim.ui.app import make_app
from sim.ui.screens.desk import DeskScreen
from sim.ui.screens.too_small import TooSmallScreen
from sim.ui.widgets.customer_table import CustomerTable

from .helpers import screen_text, wait_for_text


async def test_desk_at_80x24_is_playable(fixture_scenario):
    app = make_app(scenario=fixture_scenario, seed=1, screen="desk", user_dir=None, ghost=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, DeskScreen)
        text = await wait_for_text(pilot, app, "End day")
        assert "Day 1 of 5" in text
        assert "Company" in text and "Stage" in text  # the table heading
        assert "End day" in text  # the footer
        assert "Actions" in text
        table = app.screen.query_one(CustomerTable)
        assert table.size.height >= 5 and table.size.width >= 30
        await pilot.press("c")
        text = await wait_for_text(pilot, app, "Coach")
        assert app.game.commands and "Coach" in text
        await pilot.press("ctrl+d")
        assert "Day 1 of 5 is over" in await wait_for_text(pilot, app, "Day 1 of 5 is over")


async def test_too_small_says_so_and_recovers(fixture_scenario):
    app = make_app(scenario=fixture_scenario, seed=1, screen="desk", user_dir=None, ghost=False)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        text = screen_text(app)
        assert "too small" in text and "80×24" in text and "60×20" in text
        await pilot.press("c")  # keys do not reach the desk underneath
        await pilot.pause()
        assert app.game.commands == []
        await pilot.resize_terminal(100, 30)
        await pilot.pause(0.1)
        assert isinstance(app.screen, DeskScreen)
        await pilot.resize_terminal(79, 30)
        await pilot.pause(0.1)
        assert isinstance(app.screen, TooSmallScreen)
        assert "79×30" in screen_text(app)
