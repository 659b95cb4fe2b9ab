"""The SQLite store: save, list, load, best score; WAL; schema versions; damaged files."""

import sqlite3

import pytest

from sim.engine.scoring import score_game
from sim.store import (
    RunStore,
    StoreError,
    best_score,
    data_dir,
    list_runs,
    load_run,
    save_game,
    save_run,
)
from sim.store.db import MIGRATIONS
from sim.store.runfile import from_document, run_document, verify_run


def test_save_list_load_best_score(home, tutorial, games):
    assert data_dir() == home
    ids = {
        name: save_game(g, player=name.title(), saved="2025-02-0" + str(i + 1))
        for i, (name, g) in enumerate(games.items())
    }
    rows = list_runs()
    assert [r.id for r in rows] == sorted(ids.values(), reverse=True)  # newest first
    by_id = {r.id: r for r in rows}
    g = games["greedy"]
    r = by_id[ids["greedy"]]
    card = score_game(g)
    assert (r.scenario, r.source, r.seed, r.player) == ("tutorial", "tutorial", g.seed, "Greedy")
    assert (r.total, r.grade, r.revenue, r.finished) == (
        card.total,
        card.grade,
        g.outcome()["revenue"],
        True,
    )
    assert r.created == "2025-02-01"
    assert not by_id[ids["unfinished"]].finished and by_id[ids["unfinished"]].revenue is None

    doc = load_run(ids["greedy"])
    run = from_document(doc, "stored")
    assert run.command_list() == g.commands and verify_run(run, tutorial).ok

    best = best_score("tutorial")
    finished = [by_id[ids[n]] for n in ("greedy", "expert")]
    assert best is not None and best.total == max(x.total for x in finished)
    assert best_score("nope") is None
    assert list_runs("nope") == [] and len(list_runs("tutorial")) == 3
    with pytest.raises(KeyError):
        load_run(12345)


def test_unfinished_runs_never_count_as_best(home, tutorial, games):
    g = games["unfinished"]
    doc = run_document(tutorial, g.seed, g.commands, g.log)
    save_run(doc, total=99.0, grade="A")
    assert best_score("tutorial") is None


def test_the_database_uses_wal_and_a_schema_version(home, games):
    with RunStore() as s:
        save_game(games["expert"], store=s)
        assert s.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert s.version() == len(MIGRATIONS)
    with RunStore() as s:  # reopening migrates nothing and keeps the data
        assert s.version() == len(MIGRATIONS) and len(s.list_runs()) == 1
        assert s.conn.execute("SELECT COUNT(*) FROM schema_version").fetchone()[0] == len(
            MIGRATIONS
        )


def test_a_failed_write_leaves_nothing_behind(home, games):
    with RunStore() as s:
        with pytest.raises(KeyError):
            s.save_run({"seed": 1, "log": []})  # no scenario
        assert s.list_runs() == []
        assert not s.conn.in_transaction


def test_a_newer_or_damaged_database_is_refused(tmp_path):
    newer = tmp_path / "newer.db"
    RunStore(newer).close()
    con = sqlite3.connect(newer)
    con.execute("INSERT INTO schema_version VALUES (?)", (len(MIGRATIONS) + 1,))
    con.commit()
    con.close()
    with pytest.raises(StoreError, match="newer salesim"):
        RunStore(newer)

    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError, match="junk.db"):
        RunStore(junk)
