"""The one formatting module: amounts as the scenario's locale writes them, the same on every
screen and in every report, and English/USD output exactly as it always was."""

from __future__ import annotations

from babel.numbers import format_currency
from rich.cells import cell_len

from sim.engine.fmt import Formatter, axis, compact, count, money
from sim.engine.identity import INDUSTRIES, INDUSTRIES_ZH, make_identity


def test_usd_in_english_is_written_as_before():
    assert money(25800, "USD", "en_US") == "$25,800"
    assert money(-300, "USD", "en_US") == "−$300"
    assert money(None, "USD") == "—"
    assert [compact(v, "USD", "en_US") for v in (350, 9500, 35300, 1_250_000)] == [
        "$350",
        "$9.5k",
        "$35k",
        "$1.2M",
    ]
    assert [axis(v, "USD", "en_US") for v in (2500, 12500, 1_500_000)] == [
        "$2.5k",
        "$12.5k",
        "$1.5M",
    ]


def test_cny_in_chinese_is_what_babel_writes_without_the_cents():
    babel = format_currency(200000, "CNY", locale="zh_CN")  # '¥200,000.00'
    assert money(200000, "CNY", "zh_CN") == babel.removesuffix(".00") == "¥200,000"
    # compact amounts use the Chinese units (万), never the code
    assert compact(47000, "CNY", "zh_CN") == "¥4.7万"
    assert "CNY" not in compact(470000, "CNY", "zh_CN")


def test_a_code_without_a_symbol_is_kept_apart_from_the_digits():
    assert money(1200, "SEK", "en_US") == "SEK\u00a01,200"
    assert money(1200, "EUR", "de_DE") == "1.200\u00a0€"


def test_formatter_follows_the_scenario_metadata():
    class Meta:
        locale = "zh_CN"
        currency = "CNY"

    fm = Formatter.of(Meta())
    assert fm.money(350000) == "¥350,000"
    assert cell_len(fm.compact(350000)) <= 7


def test_counts_group_thousands():
    assert count(1, "deal") == "1 deal"
    assert count(1200, "deal") == "1,200 deals"


def test_industries_follow_the_language_and_keep_the_draw():
    zh = [make_identity("zh_CN", 5, i).industry for i in range(30)]
    assert set(zh) <= set(INDUSTRIES_ZH)
    en = [make_identity("en_US", 5, i).industry for i in range(30)]
    assert set(en) <= set(INDUSTRIES)
    assert len(INDUSTRIES_ZH) == len(INDUSTRIES)
