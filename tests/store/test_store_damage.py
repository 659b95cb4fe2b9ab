"""Damaged stores get clear answers: a missing table, a damaged page, a read-only file, a
store locked by another salesim, a full disk, a newer schema. Each error says what is wrong
and what to do, and nothing already stored is lost."""

from __future__ import annotations

import sqlite3

import pytest

from sim.cli import main
from sim.store import RunStore, StoreError, save_game
from sim.store.db import db_path


@pytest.fixture
def stored(home, games):
    """A default store holding two finished runs and an unfinished one."""
    with RunStore() as s:
        ids = [
            save_game(games[n], store=s, player="Ann") for n in ("expert", "greedy", "unfinished")
        ]
        s.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return ids


def cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def test_a_missing_runs_table_is_named_and_the_fix_given(stored, capsys):
    con = sqlite3.connect(db_path())
    con.execute("DROP TABLE runs")
    con.commit()
    con.close()
    with pytest.raises(StoreError) as e:
        RunStore()
    assert e.value.kind == "damaged" and "runs" in str(e.value) and "move it aside" in str(e.value)
    for argv in (
        ["runs"],
        ["report", str(stored[0])],
        ["history"],
        ["export"],
        ["play", "--resume"],
    ):
        code, _, err = cli(capsys, *argv)
        assert code == 2 and "damaged" in err and "runs.db" in err, argv


def test_a_damaged_page_is_reported_not_raised(stored, capsys):
    path = db_path()
    data = bytearray(path.read_bytes())
    page = 4096
    assert len(data) > 3 * page
    data[2 * page : len(data)] = b"\xa5" * (len(data) - 2 * page)  # wreck every data page
    path.write_bytes(bytes(data))
    for argv in (
        ["runs"],
        ["report", str(stored[0])],
        ["history"],
        ["export"],
        ["play", "--resume"],
    ):
        code, _, err = cli(capsys, *argv)
        assert code == 2 and "damaged" in err and ".recover" in err, argv


def test_a_read_only_store_lists_and_reports_but_never_writes(stored, capsys):
    path = db_path()
    before = path.read_bytes()
    with RunStore(readonly=True) as s:
        rows = s.list_runs()
        assert len(rows) == 3
        assert s.load_run(rows[0].id)["seed"] == rows[0].seed
        with pytest.raises(StoreError) as e:
            s.set_setting("player", "Bob")
        assert e.value.kind == "readonly" and "read-only" in str(e.value)
        assert "played without saving" in str(e.value).lower()
    assert path.read_bytes() == before


def test_a_store_in_use_by_another_salesim_says_so_quickly(stored, games):
    other = sqlite3.connect(db_path(), isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")  # another process in the middle of a write
    try:
        with RunStore(timeout=0.05) as s:
            assert len(s.list_runs()) == 3  # reading still works (WAL)
            with pytest.raises(StoreError) as e:
                save_game(games["expert"], store=s)
        assert e.value.kind == "busy" and "in use by another salesim" in str(e.value)
    finally:
        other.execute("ROLLBACK")
        other.close()
    with RunStore() as s:
        assert len(s.list_runs()) == 3


def test_a_full_disk_loses_nothing_already_stored(stored, games, tutorial):
    with RunStore() as s:
        pages = s.conn.execute("PRAGMA page_count").fetchone()[0]
        s.conn.execute(f"PRAGMA max_page_count = {pages}")  # the disk is full from here on
        big = {
            "format": "salesim-run/1",
            "scenario": {"id": "tutorial", "source": "tutorial"},
            "seed": 9,
            "commands": [],
            "log": [{"type": "note", "text": "x" * 200_000}],
        }
        with pytest.raises(StoreError) as e:
            s.save_run(big)
        assert e.value.kind == "full" and "nothing already stored was lost" in str(e.value)
        assert not s.conn.in_transaction
        assert [r.id for r in s.list_runs()] == sorted(stored, reverse=True)


def test_newer_schema_cli_answer(home, capsys):
    RunStore().close()
    con = sqlite3.connect(db_path())
    con.execute("INSERT INTO schema_version VALUES (999)")
    con.commit()
    con.close()
    code, _, err = cli(capsys, "runs")
    assert code == 2 and "newer salesim" in err
