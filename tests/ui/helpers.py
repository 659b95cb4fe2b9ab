"""Helpers for the UI tests: the frozen scenario's path and reading the screen as text."""

from __future__ import annotations

import html
import re
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"
FIXTURE_SCENARIO = FIXTURES / "ui_fixture.yaml"
"""A frozen copy of the tutorial, so snapshots do not change when the tutorial is rebalanced."""

_TEXT = re.compile(r"<text[^>]*>(.*?)</text>", re.S)


def screen_text(app) -> str:
    """Everything on the screen as plain text (from an SVG screenshot), spans joined."""
    svg = app.export_screenshot()
    parts = [html.unescape(re.sub(r"<[^>]+>", "", m)) for m in _TEXT.findall(svg)]
    return "".join(parts).replace("\xa0", " ")


async def wait_for_text(pilot, app, needle: str, rounds: int = 100) -> str:
    """Let messages drain until `needle` is on screen (or give up after `rounds` pauses); return
    the screen text. Waits for what it reads instead of assuming one pause is enough."""
    text = screen_text(app)
    for _ in range(rounds):
        if needle in text:
            break
        await pilot.pause()
        text = screen_text(app)
    return text
