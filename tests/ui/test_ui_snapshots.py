"""Snapshot tests: every screen as a trainee sees it (SVGs in `__snapshots__/`).

Regenerate after an intended change with
`.venv/bin/python -m pytest tests/ui/test_ui_snapshots.py --snapshot-update`, then look at
the SVGs (the failure report shows old and new side by side).
"""

from __future__ import annotations

from sim.engine.bots import make_bot
from sim.ui.app import make_app

from .helpers import FIXTURE_SCENARIO

SIZE = (120, 40)


def app_at(screen: str = "desk", seed: int = 1, **kw):
    from sim.scenario import load_scenario

    return make_app(
        scenario=load_scenario(FIXTURE_SCENARIO), seed=seed, screen=screen, user_dir=None, **kw
    )


def test_home(snap_compare):
    assert snap_compare(make_app(seed=7, user_dir=None, ghost=False), terminal_size=SIZE)


def test_briefing(snap_compare):
    assert snap_compare(app_at("briefing", ghost=False), terminal_size=SIZE)


def test_desk(snap_compare):
    assert snap_compare(app_at(ghost=False), terminal_size=SIZE)


def test_desk_80x24(snap_compare):
    assert snap_compare(app_at(ghost=False), terminal_size=(80, 24), press=["c", "down"])


async def _work_a_customer(pilot) -> None:
    """Some history on customer #0: a call, a note, a next step, a discovery meeting."""
    await pilot.press("c")
    await pilot.press("ctrl+n", *"wants a pilot in March", "enter")
    await pilot.press("ctrl+t", "3", "enter", *"send the case study", "enter")
    await pilot.press("d")
    await pilot.pause()


def test_customer_card(snap_compare):
    """The whole card of a worked customer — essentials, what you know, contact, notes and
    history — on a screen tall enough to show all of it: no scrollbar, so the picture does
    not depend on where a scroll ended or how fast the card grew."""

    async def run_before(pilot) -> None:
        await _work_a_customer(pilot)
        await pilot.press("tab")  # focus the card
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()
        from sim.ui.widgets.customer_card import CustomerCard

        card = pilot.app.screen.query_one(CustomerCard)
        assert card.max_scroll_y == 0, "the card must fit: make the terminal taller"

    assert snap_compare(app_at(ghost=False), terminal_size=(120, 90), run_before=run_before)


def test_action_picker(snap_compare):
    async def run_before(pilot) -> None:
        await pilot.press("down", "enter")  # work on customer #1: the picker has focus
        await pilot.press("down", "enter")  # the second available action
        await pilot.pause()

    assert snap_compare(app_at(ghost=False), terminal_size=SIZE, run_before=run_before)


def test_day_summary(snap_compare):
    async def run_before(pilot) -> None:
        await _work_a_customer(pilot)
        await pilot.press("ctrl+d")
        await pilot.pause()

    assert snap_compare(app_at(ghost=False), terminal_size=SIZE, run_before=run_before)


def test_forecast_dialog(snap_compare):
    async def run_before(pilot) -> None:
        app = pilot.app
        while not app.game.is_checkpoint():
            app.game.end_day()
        app.screen.refresh_all()
        await pilot.press("ctrl+f", "space", "down", "space", "plus", "plus")
        await pilot.pause()

    assert snap_compare(app_at(ghost=False), terminal_size=SIZE, run_before=run_before)


async def _finish_with_bot(pilot, bot: str = "greedy") -> None:
    """Play the rest of the run with a bot through the engine, then open the debrief."""
    from sim.engine.bots import play

    app = pilot.app
    play(app.game, make_bot(bot, app.game.seed))
    app.show_debrief()
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


def test_debrief(snap_compare):
    assert snap_compare(app_at(), terminal_size=SIZE, run_before=_finish_with_bot)


def test_debrief_key_moments(snap_compare):
    async def run_before(pilot) -> None:
        await _finish_with_bot(pilot)
        await pilot.press("2")
        await pilot.pause()

    assert snap_compare(app_at(), terminal_size=SIZE, run_before=run_before)


def test_debrief_charts(snap_compare):
    async def run_before(pilot) -> None:
        await _finish_with_bot(pilot)
        await pilot.press("3")
        await pilot.pause()

    assert snap_compare(app_at(), terminal_size=SIZE, run_before=run_before)


def test_help(snap_compare):
    assert snap_compare(app_at(ghost=False), terminal_size=SIZE, press=["f1"])


def test_too_small(snap_compare):
    assert snap_compare(app_at(ghost=False), terminal_size=(70, 20))


def test_forecast_dialog_80x24(snap_compare):
    """At the smallest size the list shrinks: the total and both buttons stay visible."""

    async def run_before(pilot) -> None:
        app = pilot.app
        while not app.game.is_checkpoint():
            app.game.end_day()
        app.screen.refresh_all()
        await pilot.press("ctrl+f", "space")
        await pilot.pause()

    assert snap_compare(app_at(ghost=False), terminal_size=(80, 24), run_before=run_before)


def test_day_summary_80x24(snap_compare):
    async def run_before(pilot) -> None:
        await _work_a_customer(pilot)
        await pilot.press("ctrl+d")
        await pilot.pause()

    assert snap_compare(app_at(ghost=False), terminal_size=(80, 24), run_before=run_before)


def test_customer_card_80x24(snap_compare):
    """At the smallest size the card opens on its essentials: value and stage, what moves
    the deal on, each exit criterion with its value and threshold and the action that builds
    it, the meters two to a line and the next step — before any contact detail."""
    assert snap_compare(app_at(ghost=False), terminal_size=(80, 24), press=["down", "down", "down"])


def test_customer_card_thresholds(snap_compare):
    """A consultative deal in Qualification: two unmet criteria with their values and
    thresholds, what builds each, and the action that moves the deal on."""
    assert snap_compare(app_at(ghost=False), terminal_size=SIZE, press=["down"])


def test_confirm_dialog_80x24(snap_compare):
    """The forecast-due question at 80x24: its text and all three buttons on screen."""

    async def run_before(pilot) -> None:
        app = pilot.app
        while not app.game.is_checkpoint():
            app.game.end_day()
        app.screen.refresh_all()
        await pilot.press("ctrl+d")
        await pilot.pause()

    assert snap_compare(app_at(ghost=False), terminal_size=(80, 24), run_before=run_before)


def test_debrief_ghost_80x24(snap_compare):
    """Key moments with their odds and the ghost's differing decisions, at 80x24, scrolled
    with End alone."""

    async def run_before(pilot) -> None:
        await _finish_with_bot(pilot)
        await pilot.press("2", "end")
        await pilot.pause()

    assert snap_compare(app_at(), terminal_size=(80, 24), run_before=run_before)
