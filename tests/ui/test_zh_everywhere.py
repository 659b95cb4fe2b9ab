"""The Chinese scenario shows no English: every screen of a whole game of
management_software_zh (briefing, desk, card, actions, dialogs, day summary, forecast, help,
quit, debrief tabs, export) and its reports are read as a trainee reads them, and any
English word outside a short allow-list of codes, keys and product names fails the test.

When it fails, the message names the screen and the line: wrap the string with `_`/`tr`
(or a `Phrase` in the engine), run `make i18n` and translate the entry in zh_CN.
"""

from __future__ import annotations

import html
import json
import re

import pytest
from rich.console import Console

from sim import i18n
from sim.engine import Game
from sim.engine import events as E
from sim.engine.bots import make_bot, play
from sim.report import build_debrief, render
from sim.scenario import load_scenario
from sim.ui.app import make_app
from sim.ui.dialogs.day_summary import (
    OVERNIGHT,
    TOMORROW,
    WARNINGS,
    block_lines,
    summary_renderable,
)
from sim.ui.widgets.customer_card import card_lines

from .helpers import screen_text

SCENARIO = "management_software_zh"

ALLOWED = {
    # the product names the scenario itself writes in Latin letters
    "CRM", "ERP", "POC",
    # keys as the footer and the help name them
    "ctrl", "shift", "tab", "enter", "esc", "space", "PgUp", "PgDn", "Home", "End",
    # the app's name, a score named after its inventor, export formats
    "salesim", "report", "Brier", "Markdown", "HTML", "JSON", "FILE",
    # Faker's own zh_CN job titles ('首席财务官 CFO', 'Flash设计/开发')
    "CFO", "CEO", "CTO", "Flash", "Java", "PHP", "UI", "IT",
}  # fmt: skip
"""Latin words a Chinese trainee is meant to read as they are."""

WORD = re.compile(r"(?<![.A-Za-z0-9_])[A-Za-z][A-Za-z0-9_./@:-]*")
"""A Latin token; one right after a dot is a file extension (.md), never a word."""


RULES = {r.id for r in load_scenario(SCENARIO).scoring.rules} | {"base", "misforecast"}
"""Rule ids: codes the debrief names beside each point ('规则 rotting')."""


def english(text: str) -> list[str]:
    """The English words in `text`: tokens of two or more Latin letters that are not a code
    (a rule id, a file name, an e-mail), a key stamp (`^q`, `f1`) or on the allow-list."""
    found = []
    for token in WORD.findall(text):
        word = token.rstrip(".:-")
        if any(ch in word for ch in "_./@:") or not re.fullmatch(r"[A-Za-z]{2,}", word):
            continue  # a code, a path, an e-mail, a one-letter key or a key like f1
        if word not in ALLOWED and word not in RULES:
            found.append(word)
    return found


def leaks(where: str, text: str) -> list[str]:
    """`where: line` for every line of `text` with an English word."""
    return [f"{where}: {line.strip()}" for line in text.splitlines() if english(line)]


def plain(renderable, width: int = 100) -> str:
    console = Console(width=width, record=True, color_system=None, force_terminal=False)
    console.print(renderable)
    return console.export_text()


@pytest.fixture(autouse=True)
def chinese():
    """What the scenario's locale chooses (tests/conftest.py starts each test in English)."""
    i18n.set_language("zh_CN")


@pytest.fixture(scope="module")
def zh_games():
    """An expert game stopped on day 4 (open deals, pending answers) and one played out."""
    sc = load_scenario(SCENARIO)
    mid = play(Game(sc, 1), make_bot("expert", 1), max_days=3)
    end = play(Game(sc, 1), make_bot("expert", 1))
    return mid, end


def test_the_english_detector_sees_english_and_lets_codes_pass():
    assert english("Stage: 接洽 (2%, pipeline) · idle 1/4 days") == [
        "Stage",
        "pipeline",
        "idle",
        "days",
    ]
    assert english("规则 gate_skipped · scenarios/x.yaml:654:7 · ^q 退出 f1 帮助 CRM") == []


def test_every_card_is_chinese_wide_and_narrow(zh_games):
    found = []
    for game in zh_games:
        for i in range(len(game.customers)):
            for width in (52, 34):
                text = "\n".join(card_lines(game, i, width))
                found += leaks(f"card #{i} day {game.day} width {width}", text)
    assert not found, "\n".join(found[:40])


def test_day_summaries_are_chinese_listed_and_grouped(zh_games):
    _mid, game = zh_games
    found = []
    for day in range(1, game.scenario.calendar.days + 1):
        later = [e for e in game.log if e.day > day][:60]
        found += leaks(f"summary of day {day}", plain(summary_renderable(game, day, later)))
    shown = (*WARNINGS, *OVERNIGHT, *TOMORROW, E.Overcontact)  # what a summary lists
    events = [e for e in game.log if isinstance(e, shown)]
    grouped = block_lines(game, events)  # a hundred events and more: grouped with totals
    assert any("个商机" in line.plain for line in grouped)
    for line in grouped:
        found += leaks("grouped summary", line.plain)
    assert not found, "\n".join(found[:40])


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_reports_are_chinese(zh_games, fmt):
    _mid, game = zh_games
    # as `salesim report RUNFILE` reads it: the log back from JSON, where the coach's
    # sentences are English words only (no Phrase), recognised by their template
    saved = [E.from_dict(json.loads(line)) for line in game.log_jsonl().splitlines()]
    text = render(build_debrief(game.scenario, 1, saved, ghost=True), fmt)
    if fmt == "html":
        text = re.sub(r"<(style|script)\b.*?</\1>", "", text, flags=re.S)
        text = html.unescape(re.sub(r"<[^>]+>", "\n", text))
    found = leaks(fmt, text)
    assert not found, "\n".join(found[:40])
    assert "¥" in text and "CNY" not in text


async def _tour(size: tuple[int, int]) -> list[str]:
    """Play a whole game as a trainee would and read every screen on the way."""
    app = make_app(scenario=SCENARIO, seed=1, screen="briefing", user_dir=None, ghost=True)
    found: list[str] = []
    async with app.run_test(size=size) as pilot:

        async def read(where: str) -> None:
            await pilot.pause()
            found.extend(leaks(where, screen_text(app)))

        await read("briefing")
        await pilot.press("enter")
        await read("desk")
        for k in range(3):
            await pilot.press("down")
            await read(f"desk, customer {k + 1}")
        await pilot.press("c")
        await read("after a call")
        await pilot.press("v")
        await read("after a visit")
        await pilot.press("ctrl+n")
        await read("note dialog")
        await pilot.press(*"回电话", "enter")
        await pilot.press("ctrl+t")
        await read("next step dialog")
        await pilot.press("enter", "enter")
        await read("default next step on the card")
        await pilot.press("f1")
        await read("help")
        await pilot.press("escape", "ctrl+w")
        await read("what-if dialog")
        await pilot.press("escape", "ctrl+q")
        await read("quit dialog")
        await pilot.press("escape", "ctrl+d")
        await read("day summary")
        await pilot.press("enter")
        game = app.game
        while not game.is_checkpoint():
            game.end_day()
        app.screen.refresh_all()
        await read("desk at the checkpoint")
        await pilot.press("ctrl+d")
        await read("forecast reminder")
        await pilot.press("escape", "ctrl+f")
        await read("forecast dialog")
        await pilot.press("space", "c")
        await read("after the forecast")
        play(game, make_bot("greedy", 1))
        app.show_debrief()
        await pilot.pause()
        await app.workers.wait_for_complete()
        for tab in "12345":
            await pilot.press(tab)
            await read(f"debrief tab {tab}")
            for page in range(8):
                await pilot.press("pagedown")
                await read(f"debrief tab {tab}, page {page + 2}")
        await pilot.press("x")
        await read("export dialog")
    return found


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_a_whole_game_shows_no_english(size):
    found = await _tour(size)
    assert not found, "\n".join(dict.fromkeys(found))
