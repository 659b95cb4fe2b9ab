"""Scenario and customer text is shown literally: markup in it is text, never styling or links."""

from __future__ import annotations

import dataclasses

from textual.command import CommandList, CommandPalette

from sim.engine.identity import Identity
from sim.ui.app import make_app
from sim.ui.screens.briefing import BriefingScreen
from sim.ui.screens.desk import DeskScreen
from sim.ui.screens.home import HomeScreen
from sim.ui.widgets.customer_card import CustomerCard

from .helpers import FIXTURE_SCENARIO, screen_text

EVIL_TITLE = "[bold]Evil[/] [@click=app.quit]quit"
EVIL_STAGE = "[@click=app.quit]Prospecting"
EVIL_ACTION = "[bold]Call[/]"
EVIL_FEEDBACK = "says [@click=app.quit]hi [bold]there[/]"
EVIL_PERSONA = "[i]Owner[/i]"
EVIL_COMPANY = "[bold]Acme[/]"
EVIL_CONTACT = "[@click=app.quit]x"


def evil_scenario(tmp_path):
    text = FIXTURE_SCENARIO.read_text(encoding="utf-8")
    replacements = {
        "  title: First week on the desk": f'  title: "{EVIL_TITLE}"',
        "    label: Prospecting": f'    label: "{EVIL_STAGE}"',
        "    label: Phone call": f'    label: "{EVIL_ACTION}"',
        '      feedback: "{contact} talks you through what they are trying to fix."': f'      feedback: "{{contact}} {EVIL_FEEDBACK}"',
        "    label: Small-business owner": f'    label: "{EVIL_PERSONA}"',
    }
    for old, new in replacements.items():
        assert old in text, old
        text = text.replace(old, new)
    path = tmp_path / "evil.yaml"
    path.write_text(text, encoding="utf-8")
    return path


async def test_markup_in_scenario_and_customer_text_is_literal(tmp_path):
    path = evil_scenario(tmp_path)
    app = make_app(seed=1, user_dir=None, ghost=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("o", *str(path), "enter")  # open a scenario file from disk
        await pilot.pause()
        text = screen_text(app)
        assert EVIL_TITLE in text
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, BriefingScreen)
        text = screen_text(app)
        assert EVIL_TITLE in text and EVIL_STAGE in text and EVIL_PERSONA in text
        await pilot.click("#briefing-title")  # a click on the "link" does nothing
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, BriefingScreen)
        await pilot.press("enter")
        await pilot.pause()
        desk = app.screen
        assert isinstance(desk, DeskScreen)
        game = app.game
        # Give the first customer a hostile identity, as a Faker locale or a CRM import might.
        index = next(c.index for c in game.customers if c.stage == "lead")
        real = game.identity(index)
        game._identities[index] = dataclasses.replace(
            real, company=EVIL_COMPANY, contact=EVIL_CONTACT
        )
        desk.select(index)
        desk.refresh_all(force=True)
        await pilot.pause()
        text = screen_text(app)
        assert EVIL_COMPANY in text
        assert EVIL_STAGE[:20] in text
        card = desk.query_one(CustomerCard)
        card.scroll_to(y=card.max_scroll_y, animate=False)  # the contact is below the essentials
        await pilot.pause()
        text = screen_text(app)
        assert EVIL_CONTACT in text
        for y in range(1, card.size.height):  # click every line: links are not links here
            await pilot.click(CustomerCard, offset=(3, y))
        await pilot.pause()
        assert app.is_running and app.screen is desk
        # The action label and the customer's reaction are literal too.
        await pilot.press("c")
        await pilot.pause()
        text = screen_text(app)
        assert EVIL_ACTION in text
        ev = next(e for e in reversed(game.log) if e.type == "action")
        if ev.success:
            for word in EVIL_FEEDBACK.split():  # the panel may wrap the line
                assert word in text
        # The command palette shows customer names literally as well.
        await pilot.press("ctrl+p", *"acme")
        await pilot.pause()
        await pilot.pause(0.3)
        palette = app.screen
        assert isinstance(palette, CommandPalette)
        hits = palette.query_one(CommandList)
        prompts = [str(hits.get_option_at_index(i).prompt) for i in range(hits.option_count)]
        assert any(EVIL_COMPANY in p for p in prompts), prompts
        await pilot.press("escape")
        await pilot.pause()
        assert app.is_running


def test_identity_type_is_what_the_test_patches():
    # The markup test replaces an identity in the game's cache; keep it honest.
    assert dataclasses.is_dataclass(Identity)
    assert {"company", "contact"} <= {f.name for f in dataclasses.fields(Identity)}
