"""The Chinese scenario as a trainee sees it: names family name first, amounts in yuan written
the same way on the card, in the deals table and in the report, never cut; and the English
scenarios still show dollars exactly as before."""

from __future__ import annotations

import re

import pytest
from rich.console import Console

from sim.engine import Game
from sim.engine.bots import make_bot, play
from sim.engine.fmt import Formatter
from sim.engine.identity import INDUSTRIES_ZH
from sim.report import build_debrief, render
from sim.scenario import load_scenario
from sim.ui.widgets.customer_card import card_renderable
from sim.ui.widgets.customer_table import CustomerTable, column_widths


def plain(renderable, width=60) -> str:
    console = Console(width=width, record=True, color_system=None, force_terminal=False)
    console.print(renderable)
    return console.export_text()


@pytest.fixture(scope="module")
def zh_game():
    sc = load_scenario("management_software_zh")
    return play(Game(sc, 1), make_bot("expert", 1))


def test_contacts_are_family_name_first_without_a_space(zh_game):
    for i in range(len(zh_game.customers)):
        ident = zh_game.identity(i)
        assert " " not in ident.contact and ident.contact.endswith(ident.first_name)
        assert 1 <= len(ident.contact) - len(ident.first_name) <= 2  # 黄 + 平, 欧阳 + 峰
        assert ident.industry in INDUSTRIES_ZH


def test_yuan_are_written_alike_on_card_table_and_report(zh_game):
    fm = Formatter.of(zh_game.scenario.metadata)
    report = render(build_debrief(zh_game.scenario, 1, zh_game.log, ghost=False), "md")
    table = CustomerTable(zh_game)
    for width in (120, 80, 50):  # wide and narrow desks: the value columns never cut
        table.widths = column_widths(width, table._money_width())
        for i, c in enumerate(zh_game.customers):
            amount = fm.money(c.value)
            assert re.fullmatch(r"¥\d{1,3}(,\d{3})*", amount), amount
            row = table.row_cells(i)
            assert fm.compact(c.value) in row, (row, fm.compact(c.value))
            assert "CNY" not in row and "…" not in row.split(fm.compact(c.value))[0][-2:]
    for i, c in enumerate(zh_game.customers[:6]):
        amount = fm.money(c.value)
        assert amount in plain(card_renderable(zh_game, i))
        assert amount in report
    assert "CNY" not in report


def test_dollars_in_the_english_scenarios_are_unchanged():
    g = play(Game(load_scenario("tutorial"), 1), make_bot("expert", 1))
    card = plain(card_renderable(g, 0))
    assert "$10,300" in card  # customer 0's deal, as the tutorial has always shown it
    report = render(build_debrief(g.scenario, 1, g.log, ghost=False), "md")
    assert "$31,700" in report and "USD" not in report
    table = CustomerTable(g)
    table.widths = column_widths(120, table._money_width())
    assert "$10k" in table.row_cells(0)


def test_chinese_text_wraps_between_characters_and_english_as_before():
    from rich.text import Text

    from sim.ui import cjk

    cjk.install()
    zh = plain(Text("✗ 关系型客户信任你了；顾问式客户的需求诊断做完了。"), width=30).splitlines()
    assert zh[0].startswith("✗ 关系型客户") and len(zh) == 2  # the mark keeps its sentence
    assert not zh[1].startswith(("；", "，", "。"))  # punctuation never starts a line
    en = "Hello world, this is an English sentence that wraps at spaces as it always did."
    assert [line.rstrip() for line in plain(Text(en), width=30).splitlines()] == [
        "Hello world, this is an",
        "English sentence that wraps at",
        "spaces as it always did.",
    ]
