"""Every dialog keeps its buttons on screen at 80×24, and summaries scroll without Tab."""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.widgets import Button

from sim.ui.app import make_app
from sim.ui.dialogs.confirm import ConfirmDialog

from .helpers import screen_text


def _visible(app, button_id: str) -> bool:
    b = app.screen.query_one(f"#{button_id}", Button)
    region = b.region
    return region.height > 0 and region.bottom <= app.size.height and region.y >= 0


async def test_forecast_dialog_shows_total_and_buttons_at_80x24(fixture_scenario):
    app = make_app(scenario=fixture_scenario, seed=1, screen="desk", user_dir=None, ghost=False)
    async with app.run_test(size=(80, 24)) as pilot:
        while not app.game.is_checkpoint():
            app.game.end_day()
        app.screen.refresh_all()
        await pilot.press("ctrl+f", "space")
        await pilot.pause()
        text = screen_text(app)
        assert "Committed: 1 deal," in text
        assert _visible(app, "commit") and _visible(app, "cancel")


async def test_day_summary_scrolls_with_page_down_and_keeps_its_button():
    from sim.scenario import load_scenario

    busy = load_scenario("busy_desk")  # a day's summary longer than 80×24 holds
    app = make_app(scenario=busy, seed=1, screen="desk", user_dir=None, ghost=False)
    async with app.run_test(size=(80, 24)) as pilot:
        for c in app.game.open_customers()[:25]:  # a busy day: 25 disqualifications
            app.game.act(c.index, "disqualify")
        app.screen.refresh_all()
        await pilot.press("ctrl+d")
        await pilot.pause()
        if isinstance(app.screen, ConfirmDialog):  # "end the day with time left?"
            await pilot.press("enter")
            await pilot.pause()
        assert _visible(app, "continue")
        scroll = app.screen.query_one(VerticalScroll)
        scroll.scroll_to(y=0, animate=False)
        await pilot.press("pagedown")  # the button has the focus: the keys still scroll
        await pilot.pause()
        assert scroll.scroll_y > 0
        await pilot.press("home")
        await pilot.pause()
        assert scroll.scroll_y == 0 and _visible(app, "continue")


def test_day_summary_groups_disqualifications_with_a_total_and_lists_what_rots_tomorrow():
    from rich.console import Console

    from sim.engine.game import Game
    from sim.scenario import load_scenario
    from sim.ui.dialogs.day_summary import summary_renderable

    game = Game(load_scenario("busy_desk"), 1)
    gone = game.open_customers()[:25]
    for c in gone:
        game.act(c.index, "disqualify")
    value = sum(c.value for c in gone)
    events = list(game.end_day().events)
    console = Console(width=200, record=True, color_system=None)
    console.print(summary_renderable(game, 1, events))
    text = console.export_text()
    assert f"Disqualified 25 deals (${value:,.0f}):" in text
    assert text.count("deal disqualified") == 0
    # the summary of day 1 speaks of the day now starting (2) and the next (3)
    assert "Rots on day 3 unless touched on day 2" in text
