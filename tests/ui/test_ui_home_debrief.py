"""Home (invalid files), command palette, export and the ghost, through the keyboard."""

from __future__ import annotations

from textual.command import CommandList, CommandPalette

from sim.engine.bots import make_bot, play
from sim.ui.app import make_app
from sim.ui.dialogs.diagnostics import DiagnosticsDialog
from sim.ui.screens.debrief import DebriefScreen
from sim.ui.screens.home import HomeScreen

from .helpers import FIXTURE_SCENARIO, screen_text


async def test_invalid_scenario_file_shows_diagnostics_not_a_traceback(tmp_path):
    bad = tmp_path / "bad.yaml"
    text = FIXTURE_SCENARIO.read_text(encoding="utf-8").replace(
        "    stages: [qualified]\n", "    stages: [qualifcation]\n", 1
    )
    bad.write_text(text, encoding="utf-8")
    app = make_app(seed=1, user_dir=None, ghost=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("o", *str(bad), "enter")
        await pilot.pause()
        assert isinstance(app.screen, DiagnosticsDialog)
        shown = screen_text(app)
        assert "bad.yaml" in shown and "qualifcation" in shown
        assert "Traceback" not in shown
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        # the broken file stays in the list, marked; choosing it shows the report again
        assert "⚠" in screen_text(app)


async def test_missing_file_and_user_folder(tmp_path):
    (tmp_path / "mine.yaml").write_text(
        FIXTURE_SCENARIO.read_text(encoding="utf-8").replace(
            "title: First week on the desk", "title: My own desk"
        ),
        encoding="utf-8",
    )
    app = make_app(seed=1, user_dir=tmp_path, ghost=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert "My own desk" in screen_text(app)  # user scenarios are listed
        await pilot.press("o", *str(tmp_path / "nope.yaml"), "enter")
        await pilot.pause()
        assert isinstance(app.screen, DiagnosticsDialog)
        assert "Traceback" not in screen_text(app)


async def test_command_palette_offers_actions_and_customers(fixture_scenario):
    app = make_app(scenario=fixture_scenario, seed=1, screen="desk", user_dir=None, ghost=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        company = app.game.identity(3).company
        await pilot.press("ctrl+p", *"phone call")
        await pilot.pause(0.3)
        hits = app.screen.query_one(CommandList)
        prompts = [str(hits.get_option_at_index(i).prompt) for i in range(hits.option_count)]
        assert any(p.startswith("Action: Phone call") for p in prompts), prompts
        await pilot.press("enter")
        await pilot.pause()
        assert app.game.commands and app.game.commands[-1].action == "call"
        await pilot.press("ctrl+p", *company[:8])
        await pilot.pause(0.3)
        assert isinstance(app.screen, CommandPalette)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.selected == 3


async def test_debrief_export_and_ghost(fixture_scenario, tmp_path, monkeypatch):
    import sim.report.debrief
    import sim.ui.ghost

    played = []

    def counted(*args):
        played.append(args[1:])
        return sim.report.debrief.ghost_run(*args)

    monkeypatch.setattr(sim.ui.ghost, "ghost_run", counted)
    app = make_app(scenario=fixture_scenario, seed=2, screen="desk", user_dir=None)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        play(app.game, make_bot("greedy", 2))
        app.show_debrief()
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        debrief = app.screen
        assert isinstance(debrief, DebriefScreen)
        assert debrief.debrief.ghost_scorecard is not None
        assert f"{debrief.debrief.ghost_scorecard.total:.1f}" in screen_text(app)
        out = tmp_path / "run.html"
        await pilot.press("x", *str(out), "enter")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        html = out.read_text(encoding="utf-8")
        assert "<html" in html.lower()
        # the export shows the ghost the screen showed, played once for the run
        assert f"{debrief.debrief.ghost_scorecard.total:.1f}" in html
        assert played == [(2, None)]
