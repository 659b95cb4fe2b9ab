"""The desk, the day summary and the debrief with the keyboard alone: the card scrolls when
focused without ever changing whom an action hits, and long texts scroll without Tab."""

from __future__ import annotations

from textual.containers import VerticalScroll

from sim.ui.app import make_app
from sim.ui.widgets.customer_card import CustomerCard
from sim.ui.widgets.customer_table import CustomerTable


def _desk(fixture_scenario):
    return make_app(scenario=fixture_scenario, seed=1, screen="desk", user_dir=None, ghost=False)


async def _settle(pilot) -> None:
    await pilot.pause()
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()


def _last_action_customer(game) -> int:
    from sim.engine import events as E

    return next(e.customer for e in reversed(game.log) if isinstance(e, E.ActionTaken))


async def test_down_in_the_focused_card_scrolls_it_and_the_action_hits_the_customer_shown(
    fixture_scenario,
):
    app = _desk(fixture_scenario)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down")  # the second customer in the list
        await _settle(pilot)
        table, card, desk = (
            app.screen.query_one(CustomerTable),
            app.screen.query_one(CustomerCard),
            app.screen,
        )
        chosen = table.customer
        assert desk.selected == chosen
        await pilot.press("tab")
        await _settle(pilot)
        assert app.focused is card
        assert card.max_scroll_y > 0  # at 80x24 the card is longer than its pane
        await pilot.press("down", "down", "pagedown")
        await _settle(pilot)
        assert card.scroll_y > 0  # the keys scrolled the card...
        assert table.customer == chosen and desk.selected == chosen  # ...not the list
        company = app.game.identity(chosen).company
        assert str(card.border_title) == company
        await pilot.press("c")  # a phone call, typed while the card has the focus
        await _settle(pilot)
        assert _last_action_customer(app.game) == chosen
        assert str(card.border_title) == company
        await pilot.press("left")  # back to the list, which moves on with ↓
        await _settle(pilot)
        assert app.focused is table
        await pilot.press("down")
        await _settle(pilot)
        assert table.customer != chosen and desk.selected == table.customer
        assert str(card.border_title) == app.game.identity(table.customer).company
        assert card.scroll_y == 0  # a new customer's card starts at the top


async def test_escape_from_the_card_returns_to_the_list_and_an_action_follows_the_list(
    fixture_scenario,
):
    app = _desk(fixture_scenario)
    async with app.run_test(size=(120, 40)) as pilot:
        await _settle(pilot)
        await pilot.press("tab", "end")
        await _settle(pilot)
        card = app.screen.query_one(CustomerCard)
        assert card.scroll_y > 0
        await pilot.press("escape", "down", "down")
        await _settle(pilot)
        table = app.screen.query_one(CustomerTable)
        assert app.focused is table and card.scroll_y == 0
        await pilot.press("e")  # an e-mail: to the customer under the cursor, shown on the card
        await _settle(pilot)
        assert _last_action_customer(app.game) == table.customer
        assert str(card.border_title) == app.game.identity(table.customer).company


async def test_every_point_scrolls_with_page_down_and_end_without_tab(fixture_scenario):
    from sim.engine.bots import make_bot, play

    app = make_app(scenario=fixture_scenario, seed=1, screen="desk", user_dir=None, ghost=False)
    async with app.run_test(size=(80, 24)) as pilot:
        play(app.game, make_bot("greedy", 1))
        app.show_debrief()
        await _settle(pilot)
        await pilot.press("4")  # the "Every point" tab; the focus stays where it was
        await _settle(pilot)
        pane = app.screen.query_one("#tab-points")
        scroll = pane.query_one(VerticalScroll)
        assert scroll.max_scroll_y > 0
        await pilot.press("pagedown")
        await _settle(pilot)
        assert scroll.scroll_y > 0
        await pilot.press("end")
        await _settle(pilot)
        assert scroll.scroll_y == scroll.max_scroll_y
        await pilot.press("home")
        await _settle(pilot)
        assert scroll.scroll_y == 0


async def test_escape_clears_the_typed_filter_then_the_stage_filter_and_toggles():
    """A busy_desk trainee searched for a company inside a stage filter they had forgotten
    ("0/144 … No customer selected"): esc clears the typed text first, then the rest."""
    app = make_app(scenario="busy_desk", seed=1, screen="desk", user_dir=None, ghost=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await _settle(pilot)
        desk = app.screen
        table = desk.query_one(CustomerTable)
        everyone = len(table.rows)
        await pilot.press("right_square_bracket", "exclamation_mark")
        await _settle(pilot)
        assert desk.stage_filter is not None and desk.rotting_only
        narrowed = len(table.rows)
        assert narrowed < everyone
        await pilot.press("slash", "z", "enter")
        await _settle(pilot)
        assert desk.query_text == "z" and app.focused is table
        await pilot.press("escape")  # the text first; the stage filter stays
        await _settle(pilot)
        assert desk.query_text == "" and desk.stage_filter is not None
        assert len(table.rows) == narrowed
        await pilot.press("escape")  # then the stage filter and the toggles
        await _settle(pilot)
        assert desk.stage_filter is None and not desk.rotting_only
        assert len(table.rows) == everyone
