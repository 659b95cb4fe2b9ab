"""The store's schema is versioned: a store made at any earlier version upgrades in place,
keeps every run, and a store from a newer salesim is left untouched."""

from __future__ import annotations

import json
import sqlite3

import pytest

from sim.engine.commands import to_dict
from sim.store import RunStore, StoreError, run_document, save_game
from sim.store.migrations import MIGRATIONS, SCHEMA_VERSION


def build_at(path, version: int) -> sqlite3.Connection:
    """A database as salesim at schema `version` left it."""
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
    for n in range(version):
        for stmt in MIGRATIONS[n]:
            con.execute(stmt)
        con.execute("INSERT INTO schema_version VALUES (?)", (n + 1,))
    con.commit()
    return con


@pytest.mark.parametrize("version", range(1, SCHEMA_VERSION + 1))
def test_a_store_from_every_version_upgrades_and_keeps_its_runs(tmp_path, tutorial, games, version):
    path = tmp_path / "runs.db"
    con = build_at(path, version)
    for name in ("expert", "unfinished"):
        g = games[name]
        doc = run_document(tutorial, g.seed, g.commands, g.log, player="Ann", saved="2025-01-02")
        over = g.over
        con.execute(
            "INSERT INTO runs (scenario, source, seed, player, total, grade, revenue, finished,"
            " created, document) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                "tutorial",
                "tutorial",
                g.seed,
                "Ann",
                45.2,
                "D",
                100.0 if over else None,
                1 if over else 0,
                "2025-01-02",
                json.dumps(doc),
            ),
        )
    con.commit()
    con.close()

    with RunStore(path) as s:
        assert s.version() == SCHEMA_VERSION
        rows = {r.seed: r for r in s.list_runs()}
        assert len(rows) == 2
        done, left = rows[games["expert"].seed], rows[games["unfinished"].seed]
        assert done.finished and done.grade == "D" and done.player == "Ann"
        if version == 1:  # version 1 graded unfinished runs; the upgrade takes that back
            assert left.grade is None and left.total is None
            assert left.day == games["unfinished"].day and left.uid and done.uid != left.uid
        assert s.load_run(done.id)["commands"] == [to_dict(c) for c in games["expert"].commands]
        # the upgraded store takes new runs
        new_id = save_game(games["greedy"], store=s)
        assert s.get(new_id).finished


def test_reopening_an_up_to_date_store_writes_nothing(tmp_path, games):
    path = tmp_path / "runs.db"
    with RunStore(path) as s:
        save_game(games["expert"], store=s)
    with RunStore(path) as s:  # checkpoint the WAL so the file alone holds everything
        s.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = path.read_bytes()
    with RunStore(path) as s:
        assert len(s.list_runs()) == 1
    assert path.read_bytes() == before


def test_a_newer_store_is_left_untouched(tmp_path):
    path = tmp_path / "runs.db"
    con = build_at(path, SCHEMA_VERSION)
    con.execute("INSERT INTO schema_version VALUES (?)", (SCHEMA_VERSION + 1,))
    con.commit()
    con.close()
    before = path.read_bytes()
    with pytest.raises(StoreError) as e:
        RunStore(path)
    assert e.value.kind == "newer" and "Upgrade salesim" in str(e.value)
    assert path.read_bytes() == before
