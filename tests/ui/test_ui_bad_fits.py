"""Once discovery shows a bad fit, the list marks it and `~` lists only those."""

from __future__ import annotations

from sim.engine import Game
from sim.ui.app import make_app
from sim.ui.screens.desk import DeskScreen
from sim.ui.widgets.customer_table import CustomerTable

from .helpers import screen_text


def find_bad_fit_seed(scenario) -> tuple[int, int]:
    """A seed whose first inbound lead is a bad fit that one discovery meeting reveals (and
    where no customer is an evident bad fit before it)."""
    for seed in range(1, 200):
        g = Game(scenario, seed)
        if any(g.evident_bad_fit(c) for c in g.customers):
            continue
        lead = next(c for c in g.customers if c.inbound)
        if g.act(lead.index, "discovery").events[0].success and g.evident_bad_fit(lead):
            return seed, lead.index
    raise AssertionError("no seed found")


async def test_evident_bad_fits_are_marked_and_filtered(fixture_scenario):
    seed, lead = find_bad_fit_seed(fixture_scenario)
    app = make_app(scenario=fixture_scenario, seed=seed, screen="desk", user_dir=None, ghost=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        desk = app.screen
        assert isinstance(desk, DeskScreen)
        assert not any(app.game.evident_bad_fit(c) for c in app.game.customers)
        desk.select(lead)
        await pilot.pause()
        await pilot.press("d")  # discovery meeting on the selected lead
        await pilot.pause()
        assert app.game.evident_bad_fit(app.game.customers[lead])
        await pilot.press("tilde")
        await pilot.pause()
        table = app.screen.query_one(CustomerTable)
        assert table.rows == [lead]
        text = screen_text(app)
        assert "✗" in text and "bad fits" in text
        await pilot.press("tilde")
        await pilot.pause()
        assert len(table.rows) > 1
