"""`salesim play FILE --watch`: a save with errors shows them in the game; a valid save
replays the run onto the new version, or says which decision no longer applies."""

from __future__ import annotations

from pathlib import Path

from sim.commands.new import template_text
from sim.ui.app import make_app
from sim.ui.dialogs.diagnostics import DiagnosticsDialog
from sim.ui.screens.desk import DeskScreen
from sim.ui.watch import Watcher


def app_watching(path: Path):
    app = make_app(scenario=path, seed=1, screen="desk", ghost=False, user_dir=None)
    app.watch_path = path
    return app


async def test_reload_keeps_the_run_and_shows_errors(tmp_path):
    path = tmp_path / "desk.yaml"
    text = template_text("starter")
    path.write_text(text, encoding="utf-8")
    app = app_watching(path)
    async with app.run_test(size=(120, 40)) as pilot:
        watcher: Watcher = app.watcher
        await pilot.pause()
        assert app.game.act(0, "discovery").ok
        assert app.game.act(1, "call").ok
        before = app.game.log_jsonl()

        # A valid edit: a new feedback text; both decisions replay onto it.
        path.write_text(
            text.replace("opens up about budget and needs.", "tells you everything."),
            encoding="utf-8",
        )
        watcher.reload()
        await pilot.pause()
        assert watcher.last == "desk.yaml reloaded: replayed your 2 decisions"
        assert app.game.log_jsonl() != before and "tells you everything." in app.game.log_jsonl()
        assert len(app.game.commands) == 2
        assert isinstance(app.screen, DeskScreen) and app.screen.game is app.game

        # A save with an error: the located diagnostics appear in the game.
        path.write_text(text.replace("  days: 5", "  days: five"), encoding="utf-8")
        watcher.reload()
        await pilot.pause()
        assert isinstance(app.screen, DiagnosticsDialog)
        assert "error[S012]" in app.screen.report and "desk.yaml:" in app.screen.report

        # Fixed, but the action used first is gone: the run keeps what still applies.
        path.write_text(text.replace("id: discovery", "id: meeting"), encoding="utf-8")
        watcher.reload()
        await pilot.pause()
        assert not isinstance(app.screen, DiagnosticsDialog)
        assert watcher.last.startswith(
            "desk.yaml reloaded: decision 1 of 2 no longer applies (discovery on customer 0"
        )
        assert app.game.commands == []


async def test_an_invalid_file_starts_once_a_save_fixes_it(tmp_path):
    path = tmp_path / "desk.yaml"
    text = template_text("starter")
    path.write_text(text.replace("  days: 5", "  days: five"), encoding="utf-8")
    app = app_watching(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, DiagnosticsDialog) and app.game is None
        path.write_text(text, encoding="utf-8")
        app.watcher.check()  # the poll notices the new stamp
        await pilot.pause()
        assert isinstance(app.screen, DeskScreen) and app.game is not None
