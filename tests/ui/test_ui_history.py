"""The History screen lists past runs with the trend per scenario and opens a finished run's
debrief or continues an unfinished one; the command palette offers to continue; a damaged
store never stops play."""

from __future__ import annotations

from sim.engine import Game
from sim.engine.bots import make_bot, play
from sim.scenario import load_scenario
from sim.store import RunStore, save_game
from sim.store.db import db_path
from sim.ui.app import make_app
from sim.ui.screens.debrief import DebriefScreen
from sim.ui.screens.desk import DeskScreen
from sim.ui.screens.history import HistoryScreen
from sim.ui.screens.home import HomeScreen

from .helpers import FIXTURE_SCENARIO, screen_text


def store_runs():
    sc = load_scenario(FIXTURE_SCENARIO)
    with RunStore() as s:
        done = save_game(play(Game(sc, 1), make_bot("greedy", 1)), store=s, player="Ann")
        best = save_game(play(Game(sc, 2), make_bot("expert", 2)), store=s, player="Ann")
        left = save_game(
            play(Game(sc, 3), make_bot("expert", 3), max_days=1), store=s, player="Ann"
        )
        return s.get(done), s.get(best), s.get(left)


async def test_history_trend_debrief_and_continue(tmp_path, monkeypatch):
    monkeypatch.setenv("SALESIM_HOME", str(tmp_path))
    done, best, left = store_runs()
    app = make_app(user_dir=None, save_runs=True, player="Ann")  # with the ghost
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        text = " ".join(screen_text(app).split())
        assert "2 finished" in text and f"best {best.total:.1f}" in text
        assert f"{done.total:.0f} → {best.total:.0f}" in text
        assert "unfinished at day 2" in text
        # rows are newest first: the unfinished run, then the best, then the first
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, DebriefScreen) and app.game.seed == best.seed
        for _ in range(50):  # the ghost arrives while (or before) the debrief mounts
            if app.screen.debrief.ghost_scorecard is not None:
                break
            await pilot.pause(0.1)
        assert app.screen.debrief.ghost_scorecard is not None and isinstance(
            app.screen, DebriefScreen
        )
        assert f"{best.total:.1f}" in screen_text(app)
        await pilot.press("h")  # debrief: home
        await pilot.pause()
        await pilot.press("h")
        await pilot.pause()
        await pilot.press("enter")  # the unfinished run
        await pilot.pause()
        assert isinstance(app.screen, DeskScreen) and app.game.seed == left.seed
        assert app.run_id == left.id


async def test_the_command_palette_offers_to_continue(tmp_path, monkeypatch):
    monkeypatch.setenv("SALESIM_HOME", str(tmp_path))
    _, _, left = store_runs()
    app = make_app(ghost=False, user_dir=None, save_runs=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"continue run")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DeskScreen) and app.run_id == left.id


async def test_a_damaged_store_never_stops_play(tmp_path, monkeypatch):
    monkeypatch.setenv("SALESIM_HOME", str(tmp_path))
    store_runs()
    db_path().write_bytes(b"this is not a database" * 500)
    app = make_app(ghost=False, user_dir=None, save_runs=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("enter")  # briefing
        await pilot.pause()
        await pilot.press("enter")  # desk
        await pilot.pause()
        assert isinstance(app.screen, DeskScreen)
        assert app.unsaved and "damaged" in app.unsaved
        await pilot.press("c")
        await pilot.press("ctrl+d")
        await pilot.pause()
        assert app.game.commands  # played on, without saving
