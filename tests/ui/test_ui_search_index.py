"""A big desk never builds every name on a keystroke: names are indexed in the background,
the filter searches the ones indexed so far (saying how far it is), and once indexing is done
the list holds exactly what a full search finds."""

from __future__ import annotations

import sim.ui.screens.desk as desk_module
from sim.scenario import load_scenario
from sim.ui.app import make_app
from sim.ui.widgets.customer_table import CustomerTable


async def test_the_filter_finds_a_company_once_its_name_is_indexed(monkeypatch):
    monkeypatch.setattr(desk_module, "SEARCH_NOW", 20)  # busy_desk counts as big here
    monkeypatch.setattr(desk_module, "INDEX_HOLD", 0.0)
    scenario = load_scenario("busy_desk")
    app = make_app(scenario=scenario, seed=4, screen="desk", user_dir=None, ghost=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        game = app.game
        last = len(game.customers) - 1
        company = game.identity(last).company
        q = company[:7].lower()
        await pilot.press("slash", *q)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert game.names_indexed()
        table = app.screen.query_one(CustomerTable)
        expected = [c.index for c in game.list_customers(query=q)]
        assert last in table.rows
        assert table.rows == expected
        assert "indexed" not in str(app.screen.query_one("#list-status").render())
