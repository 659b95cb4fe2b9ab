"""Pilot tests: whole flows through the keyboard, as a trainee would play them."""

from __future__ import annotations

from sim.engine import replay
from sim.ui.app import make_app
from sim.ui.dialogs.day_summary import DaySummaryDialog
from sim.ui.dialogs.forecast import ForecastDialog
from sim.ui.screens.briefing import BriefingScreen
from sim.ui.screens.debrief import DebriefScreen
from sim.ui.screens.desk import DeskScreen
from sim.ui.screens.home import HomeScreen
from sim.ui.widgets.customer_table import CustomerTable

from .helpers import screen_text


async def play_day(pilot, calls: int = 3) -> None:
    """Call the first few customers in the list (keys only)."""
    for _ in range(calls):
        await pilot.press("c", "down")


async def test_tutorial_keyboard_only_to_debrief():
    app = make_app(scenario="tutorial", seed=1, user_dir=None)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, BriefingScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DeskScreen)
        game = app.game
        days = game.days
        for _ in range(days):
            await play_day(pilot)
            if game.is_checkpoint():
                await pilot.press("ctrl+f")
                await pilot.pause()
                assert isinstance(app.screen, ForecastDialog)
                await pilot.press("space", "plus", "c")
                await pilot.pause()
                assert game.day in game.forecasts
            await pilot.press("ctrl+d")
            await pilot.pause()
            assert isinstance(app.screen, DaySummaryDialog)
            await pilot.press("enter")
            await pilot.pause()
        assert game.over
        assert isinstance(app.screen, DebriefScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen.debrief.ghost_scorecard is not None
        text = screen_text(app)
        assert "ghost (expert bot, same seed)" in text
        assert "Process discipline" in text
        acts = [c for c in game.commands if c.type == "act"]
        assert len(acts) >= days  # the keys really acted
        for tab in "2341":
            await pilot.press(tab)
            await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
    assert not app.is_running


async def test_home_to_desk_with_edited_seed():
    app = make_app(seed=5, user_dir=None)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert "First week on the desk" in screen_text(app)
        await pilot.press("s", "4", "2", "enter")  # the seed field selects all on focus
        await pilot.pause()
        assert isinstance(app.screen, BriefingScreen)
        assert app.screen.seed == 42
        await pilot.press("enter")
        await pilot.pause()
        assert app.game is not None and app.game.seed == 42


async def test_what_if_branch_rewinds_and_replays(fixture_scenario):
    app = make_app(scenario=fixture_scenario, seed=3, screen="desk", user_dir=None, ghost=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("c", "down", "c", "down", "e")
        await pilot.pause()
        before = list(app.game.commands)
        assert len(before) == 3
        old_game = app.game
        await pilot.press("ctrl+w")
        await pilot.pause()
        await pilot.press("up", "enter")  # rewind to just before the 2nd decision
        await pilot.pause()
        assert isinstance(app.screen, DeskScreen)
        assert app.game is not old_game
        assert app.game.commands == before[:1]
        assert app.screen.game is app.game
        # the branch is a faithful replay of the kept decisions
        assert app.game.log == replay(fixture_scenario, 3, before[:1]).log
        # and play goes on differently in the branch
        await pilot.press("home", "d")
        await pilot.pause()
        assert len(app.game.commands) == 2
        assert app.game.commands[1].action == "discovery"


async def test_notes_next_step_filter_and_sort(fixture_scenario):
    app = make_app(scenario=fixture_scenario, seed=2, screen="desk", user_dir=None, ghost=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        desk = app.screen
        first = desk.selected
        await pilot.press("ctrl+n", *"asked for pricing", "enter")
        await pilot.pause()
        assert app.game.customers[first].notes == ((1, "asked for pricing"),)
        await pilot.press("ctrl+t", "2", "enter", *"send deck", "enter")
        await pilot.pause()
        assert app.game.customers[first].next_step == (2, "send deck")
        assert "send deck" in screen_text(app)
        table = desk.query_one(CustomerTable)
        company = app.game.identity(table.rows[-1]).company
        await pilot.press("slash", *company[:6].lower())
        await pilot.pause()
        assert table.rows and all(
            company[:6].lower() in app.game.identity(i).company.lower()
            or company[:6].lower() in app.game.identity(i).contact.lower()
            or company[:6].lower() in app.game.identity(i).city.lower()
            for i in table.rows
        )
        await pilot.press("escape", "escape")
        await pilot.pause()
        assert desk.query_text == ""
        assert len(table.rows) == len(app.game.open_customers())
        await pilot.press("ctrl+o")  # sort by weighted value, descending
        await pilot.pause()
        values = [
            app.game.customers[i].value * app.game.stage_of(app.game.customers[i]).probability
            for i in table.rows
        ]
        assert values == sorted(values, reverse=True)


async def test_action_result_feedback_and_coach_appear_at_once(fixture_scenario):
    app = make_app(scenario=fixture_scenario, seed=1, screen="desk", user_dir=None, ghost=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("enter")  # work on the first customer: focus the action picker
        await pilot.pause()
        await pilot.press("enter")  # the first available action
        await pilot.pause()
        ev = next(e for e in reversed(app.game.log) if e.type == "action")
        text = screen_text(app)
        assert "Coach:" in text
        if getattr(ev, "feedback", None):
            assert app.game.text(ev.feedback, ev.customer).split()[0] in text


async def test_forecast_reminder_when_ending_a_checkpoint_day(fixture_scenario):
    app = make_app(scenario=fixture_scenario, seed=1, screen="desk", user_dir=None, ghost=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        checkpoint = fixture_scenario.forecast.checkpoints[0]
        while app.game.day < checkpoint:
            await pilot.press("ctrl+d", "enter")
            await pilot.pause()
        assert "FORECAST DUE TODAY" in screen_text(app)
        await pilot.press("ctrl+d")
        await pilot.pause()
        assert "Forecast due" in screen_text(app)
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, ForecastDialog)
        await pilot.press("c")
        await pilot.pause()
        assert checkpoint in app.game.forecasts


async def test_forecast_probability_starts_at_the_stage_odds_then_steps_by_ten():
    """busy_desk's early stages are labelled 1-2 %: the first + shows that (it used to round
    it to 0 %, which read as a step down), the next goes to 10 %, then 20 %; - steps back to
    the multiple of ten below; 0 clears it."""
    from sim.ui.dialogs.forecast import ForecastList

    app = make_app(scenario="busy_desk", seed=1, screen="desk", ghost=False, user_dir=None)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        game = app.game
        while not game.is_checkpoint():
            game.end_day()
        app.screen.refresh_all()
        await pilot.press("ctrl+f")
        await pilot.pause()
        deals = app.screen.query_one(ForecastList)
        row = next(
            r
            for r, i in enumerate(deals.deals)
            if game.stage_of(game.customers[i]).probability < 10
        )
        deals.highlighted = row
        i = deals.deals[row]
        stage_p = game.stage_of(game.customers[i]).probability
        seen = []
        for key in ("plus", "plus", "plus", "minus", "minus", "minus", "0"):
            await pilot.press(key)
            await pilot.pause()
            seen.append(deals.probability.get(i))
            assert (f"{seen[-1]:>3}%" if seen[-1] is not None else "  —  ") in str(
                deals.get_option_at_index(row).prompt
            )
        assert seen == [stage_p, 10, 20, 10, 0, 0, None]
