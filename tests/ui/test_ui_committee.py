"""A buying committee on the desk: the card lists who is engaged, and an action asks whom
it is aimed at (keyboard only, at 80x24)."""

from __future__ import annotations

import re

import pytest
from textual import events

from sim.engine.commands import to_dict
from sim.engine.committee import people
from sim.scenario import load_scenario_text
from sim.ui.app import make_app
from sim.ui.dialogs.contact import ContactDialog

from .helpers import screen_text, wait_for_text

DOC = (__import__("pathlib").Path(__file__).parents[2] / "docs" / "scenario-format.md").read_text(
    encoding="utf-8"
)
EXAMPLE = next(b for b in re.findall(r"```yaml\n(.*?)```", DOC, re.S) if "committee:" in b)


@pytest.fixture
def committee_scenario():
    return load_scenario_text(EXAMPLE, "committee_desk.yaml")


async def test_the_card_shows_the_committee_and_who_is_engaged(committee_scenario):
    app = make_app(scenario=committee_scenario, seed=1, screen="desk", user_dir=None, ghost=False)
    async with app.run_test(size=(120, 40)) as pilot:
        text = await wait_for_text(pilot, app, "Committee:")
        members = people(app.game, app.screen.selected)
        assert f"Committee: 0 of {len(members)} engaged" in text
        for p in members:
            assert p["name"] in text and p["title"] in text
        assert "Economic buyer" in text


async def test_an_action_is_aimed_at_the_member_chosen_by_key_at_80x24(committee_scenario):
    app = make_app(scenario=committee_scenario, seed=1, screen="desk", user_dir=None, ghost=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_text(pilot, app, "Committee:")
        index = app.screen.selected
        cfo = people(app.game, index)[1]
        await pilot.press("m")  # the meeting's key: the dialog asks with whom
        await pilot.pause()
        assert isinstance(app.screen, ContactDialog)
        text = screen_text(app)
        assert cfo["name"] in text and "esc: cancel" in text
        await pilot.press("2")
        await pilot.pause()
        assert not isinstance(app.screen, ContactDialog)
        assert to_dict(app.game.commands[-1]) == {
            "cmd": "act",
            "customer": index,
            "action": "meet",
            "contact": 1,
        }
        assert people(app.game, index)[1]["meters"]["trust"] == cfo["meters"]["trust"] + 15


async def test_escape_takes_no_action(committee_scenario):
    app = make_app(scenario=committee_scenario, seed=1, screen="desk", user_dir=None, ghost=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_text(pilot, app, "Committee:")
        await pilot.press("m")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.game.commands == []


async def test_typed_fast_the_member_key_reaches_the_dialog_and_the_limit_shows(
    committee_scenario,
):
    # "m2" typed in one go: the 2 must choose the CFO, not fall through to the desk (where
    # a digit can be another action's key) and leave a second dialog behind.
    app = make_app(scenario=committee_scenario, seed=1, screen="desk", user_dir=None, ghost=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_text(pilot, app, "Committee:")
        index = app.screen.selected
        # Both keys reach the focused list before the desk has handled the first, as when a
        # terminal delivers them in one read (pilot.press would wait between them).
        for key in ("m", "2"):
            app.screen.focused.post_message(events.Key(key, key))
        await pilot.pause()
        await pilot.pause()
        assert not isinstance(app.screen, ContactDialog)
        assert [to_dict(c).get("contact") for c in app.game.commands] == [1]
        await pilot.press("m")  # the next dialog says who was already spoken to today
        await pilot.pause()
        assert "contacted 1× today" in screen_text(app)
        assert people(app.game, index)[1]["today"] == 1
