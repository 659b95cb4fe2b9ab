"""Fixtures for the UI tests: a frozen scenario, no cursor blink, no animations, and a way
to read the screen as text."""

from __future__ import annotations

import os

import pytest

from .helpers import FIXTURE_SCENARIO

os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")


@pytest.fixture(autouse=True)
def no_cursor_blink(monkeypatch: pytest.MonkeyPatch) -> None:
    """A blinking cursor makes screenshots depend on timing: keep it on, steadily."""
    from textual.widgets import Input

    monkeypatch.setattr(Input, "cursor_blink", False)


@pytest.fixture(autouse=True)
def only_fixture_bundled(monkeypatch: pytest.MonkeyPatch) -> None:
    """The home screen lists only the frozen fixture as 'bundled' (stable snapshots)."""
    import sim.ui.app

    monkeypatch.setattr(sim.ui.app, "bundled_scenarios", lambda: [("ui_fixture", FIXTURE_SCENARIO)])


@pytest.fixture
def fixture_scenario():
    from sim.scenario import load_scenario

    return load_scenario(FIXTURE_SCENARIO)
