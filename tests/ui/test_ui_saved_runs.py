"""Runs are saved as they go (after each day and at the debrief), and the home screen shows
the best score so far."""

from __future__ import annotations

from sim.engine.commands import parse_all
from sim.store import RunStore
from sim.ui.app import make_app
from sim.ui.dialogs.day_summary import DaySummaryDialog
from sim.ui.screens.debrief import DebriefScreen
from sim.ui.screens.home import HomeScreen

from .helpers import screen_text


async def test_every_day_is_saved_and_the_best_score_shows_at_home(tmp_path, monkeypatch):
    monkeypatch.setenv("SALESIM_HOME", str(tmp_path))
    app = make_app(seed=3, user_dir=None, ghost=False, save_runs=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert "Best score so far" not in screen_text(app)
        await pilot.press("enter")  # briefing
        await pilot.pause()
        await pilot.press("enter")  # desk
        await pilot.pause()
        game = app.game
        await pilot.press("c", "ctrl+d")
        await pilot.pause()
        assert isinstance(app.screen, DaySummaryDialog)
        # day 1 is on disk before the trainee reads the summary
        with RunStore() as store:
            runs = store.list_runs()
            assert len(runs) == 1 and not runs[0].finished
            assert parse_all(store.load_run(runs[0].id)["commands"]) == game.commands
        await pilot.press("enter")
        while not game.over:
            await pilot.press("ctrl+d")
            await pilot.pause()
            if isinstance(app.screen, DaySummaryDialog):
                await pilot.press("enter")
            else:  # the forecast reminder: end the day anyway
                await pilot.press("e")
                await pilot.pause()
                await pilot.press("enter")
            await pilot.pause()
        assert isinstance(app.screen, DebriefScreen)
        with RunStore() as store:
            runs = store.list_runs()
            assert len(runs) == 1 and runs[0].finished  # the same run, brought up to date
            best = store.best_score(game.scenario.id)
        assert best is not None and best.total is not None
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert f"Best score so far: {best.total:.1f}" in screen_text(app)
