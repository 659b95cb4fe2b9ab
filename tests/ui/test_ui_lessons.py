"""The home screen groups the bundled scenarios under the lesson each teaches, and a heading
is only a heading: the cursor skips it and Enter still starts the scenario under the cursor."""

from __future__ import annotations

import sim.ui.app
from sim.scenario import bundled_scenarios
from sim.ui.app import make_app
from sim.ui.screens.briefing import BriefingScreen
from sim.ui.screens.home import HomeScreen

from .helpers import screen_text


def _rows(app) -> list[tuple[str, bool]]:
    ol = app.screen.query_one("#scenario-list")
    return [(str(o.prompt).split("\n")[0], o.disabled) for o in ol.options]


async def test_home_groups_scenarios_by_lesson(monkeypatch):
    real = bundled_scenarios()
    monkeypatch.setattr(sim.ui.app, "bundled_scenarios", lambda: real)
    app = make_app(user_dir=None)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        rows = _rows(app)
        headings = [text.removeprefix("▸ ") for text, disabled in rows if disabled]
        lessons = {e.scenario.metadata.lesson for e in app.scenario_entries()}
        assert sorted(headings) == sorted(lessons) and len(headings) == len(set(headings))
        # every scenario sits under the heading of its own lesson
        current = None
        by_title = {
            e.scenario.metadata.title: e.scenario.metadata.lesson for e in app.scenario_entries()
        }
        for text, disabled in rows:
            if disabled:
                current = text.removeprefix("▸ ")
            else:
                assert by_title[text] == current, text
        # the two scale rungs share one group; the ladder's first rung comes first
        assert rows[0] == ("▸ Gates and qualification", True)
        assert rows[1] == ("First week on the desk", False)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, BriefingScreen)
        assert app.screen.scenario.id == "tutorial"


async def test_cursor_moves_across_a_heading_to_the_next_group(monkeypatch):
    real = bundled_scenarios()
    monkeypatch.setattr(sim.ui.app, "bundled_scenarios", lambda: real)
    app = make_app(user_dir=None)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("down")
        await pilot.pause()
        second = _rows(app)[3][0]  # heading, tutorial, heading, first scenario of group two
        assert "Lesson: Relationship selling" in screen_text(app)  # the details pane follows
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, BriefingScreen)
        assert app.screen.scenario.metadata.title == second
