"""Store damage the fuzz target found past the open (issue 17): rows garbled by a damaged
page must not crash `salesim runs` or `salesim report N`. Written afresh with SQL (and one
zeroed page) so each case is small and certain."""

from __future__ import annotations

import sqlite3

import pytest

from sim.cli import main
from sim.store import RunStore, save_game


@pytest.fixture
def store(home, game):
    path = home / "runs.db"
    with RunStore(path) as s:
        for player in ("Ada", "Bo"):
            save_game(game, player=player, store=s)
    return path


def sql(path, statement):
    conn = sqlite3.connect(path)
    conn.execute(statement)
    conn.commit()
    conn.close()


def test_text_that_is_not_utf8_is_listed_replaced(store, capsys):
    sql(store, "UPDATE runs SET player = CAST(X'80416461' AS TEXT) WHERE player = 'Ada'")
    assert main(["runs"]) == 0
    out = capsys.readouterr().out
    assert "Bo" in out and "\ufffdAda" in out  # the bad byte shown replaced, the name kept


def test_a_garbled_row_is_left_out_and_the_others_listed(store, capsys):
    sql(store, "UPDATE runs SET seed = 'garbled' WHERE player = 'Ada'")
    assert main(["runs"]) == 0
    out = capsys.readouterr().out
    assert "Bo" in out and "Ada" not in out


def test_a_zeroed_data_page_is_reported_as_damage(store, capsys):
    data = bytearray(store.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    data[page:] = bytes(len(data) - page)  # every page after the first
    store.write_bytes(bytes(data))
    for args in (["runs"], ["report", "1", "--no-ghost"]):
        code = main(args)
        err = capsys.readouterr().err
        assert code == 2, err
        assert "damaged" in err and "Traceback" not in err


def test_text_where_a_score_belongs_is_listed_without_a_score(store, capsys):
    sql(store, "UPDATE runs SET total = 'x7', revenue = 'many' WHERE player = 'Ada'")
    assert main(["runs"]) == 0
    out = capsys.readouterr().out
    assert "Ada" in out and "Bo" in out
