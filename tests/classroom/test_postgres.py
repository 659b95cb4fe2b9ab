"""The run store on a real PostgreSQL server: migrations, many concurrent writers with no run
lost or duplicated, and the cohort page built from it."""

from __future__ import annotations

import json
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor

import pytest

from sim.engine import Game
from sim.engine.bots import make_bot, play
from sim.scenario import load_scenario
from sim.store import RunStore, StoreError, save_game
from sim.store.migrations import MIGRATIONS, SCHEMA_VERSION
from sim.store.runfile import run_document

WRITERS, RUNS_EACH = 8, 25


def test_a_new_database_is_migrated_once(postgres):
    url = postgres.new_database()
    with RunStore(url=url) as store:
        assert store.version() == SCHEMA_VERSION
        assert store.list_runs() == []
        assert "***" not in str(store.path) and "postgresql://" in str(store.path)
    with RunStore(url=url) as store:  # opening again applies nothing
        rows = store.conn.execute("SELECT version FROM schema_version ORDER BY version")
        assert [r[0] for r in rows.fetchall()] == list(range(1, SCHEMA_VERSION + 1))


def test_a_version_1_database_is_upgraded_keeping_its_runs(postgres):
    from sim.store.backend import PgConnection

    url = postgres.new_database()
    conn = PgConnection(url)  # what salesim's first schema wrote
    conn.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
    for stmt in MIGRATIONS[0]:
        conn.execute(stmt)
    conn.execute("INSERT INTO schema_version (version) VALUES (1)")
    sc = load_scenario("tutorial")
    game = play(Game(sc, 4), make_bot("greedy", 4))
    doc = run_document(sc, 4, game.commands, game.log, player="Old Timer")
    conn.execute(
        "INSERT INTO runs (scenario, source, seed, player, total, grade, revenue, finished,"
        " created, document) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            "tutorial",
            "tutorial",
            4,
            "Old Timer",
            51.25,
            "D",
            1000.0,
            1,
            "2026-11-01",
            json.dumps(doc),
        ),
    )
    conn.close()
    with RunStore(url=url) as store:
        assert store.version() == SCHEMA_VERSION
        [row] = store.list_runs()
        assert (row.player, row.total, row.kind, row.finished) == ("Old Timer", 51.25, "play", True)
        assert row.uid  # filled by the upgrade
        assert store.load_run(row.id)["player"] == "Old Timer"


def _writer(url: str, writer: int) -> list[int]:
    """One trainee's machine: saves RUNS_EACH runs, each first as it starts and then again
    when it ends (as the game's autosave does), through its own connection."""
    sc = load_scenario("tutorial")
    ids = []
    with RunStore(url=url) as store:
        for j in range(RUNS_EACH):
            seed = 1000 * writer + j
            game = Game(sc, seed)
            name = f"Trainee {writer:02d}"
            run_id = save_game(game, player=name, store=store)
            play(game, make_bot("greedy", seed), max_days=1)
            ids.append(save_game(game, player=name, store=store, run_id=run_id))
    return ids


def test_concurrent_writers_lose_and_duplicate_nothing(postgres, tmp_path):
    url = postgres.new_database()  # empty: the writers also race to create the schema
    with ProcessPoolExecutor(WRITERS) as pool:
        results = list(pool.map(_writer, [url] * WRITERS, range(WRITERS)))
    ids = [i for r in results for i in r]
    assert len(ids) == len(set(ids)) == WRITERS * RUNS_EACH
    with RunStore(url=url) as store:
        rows = store.list_runs()
        assert store.version() == SCHEMA_VERSION
    assert sorted(r.id for r in rows) == sorted(ids)
    got = sorted((r.player, r.seed) for r in rows)
    want = sorted(
        (f"Trainee {w:02d}", 1000 * w + j) for w in range(WRITERS) for j in range(RUNS_EACH)
    )
    assert got == want
    assert len({r.uid for r in rows}) == len(rows)
    assert all(r.day for r in rows)  # the second save (day 2) replaced the first

    # The cohort page, built from that database by the command a trainer runs.
    out = tmp_path / "cohort.html"
    done = subprocess.run(
        [sys.executable, "-m", "sim", "cohort", "--db", url, "-o", str(out), "--no-debriefs"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    page = out.read_text(encoding="utf-8")
    assert f"{WRITERS} trainees, {WRITERS * RUNS_EACH} runs" in page
    assert all(f"Trainee {w:02d}" in page for w in range(WRITERS))


def test_finished_runs_rank_on_postgres_as_on_sqlite(postgres, tmp_path):
    url = postgres.new_database()
    sc = load_scenario("tutorial")
    games = [play(Game(sc, s), make_bot(p, s)) for s, p in ((1, "expert"), (2, "greedy"))]
    ranked = {}
    for where in (url, str(tmp_path / "runs.db")):
        with RunStore(url=where) as store:
            for g, name in zip(games, ("Ada", "Bob"), strict=True):
                save_game(g, player=name, store=store)
            best = store.best_score("tutorial")
            ranked[where] = (
                best.player,
                best.total,
                best.grade,
                [(r.player, r.total, r.revenue) for r in store.list_runs()],
            )
    assert ranked[url] == ranked[str(tmp_path / "runs.db")]


def test_an_unreachable_database_is_explained(postgres):
    url = f"postgresql://salesim:secret@127.0.0.1:{postgres.port}/no_such_db"
    with pytest.raises(StoreError) as caught:
        RunStore(url=url)
    text = str(caught.value)
    assert "secret" not in text and "***" in text
    assert "no_such_db" in text
    done = subprocess.run(
        [sys.executable, "-m", "sim", "runs", "--db", url],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert "secret" not in done.stderr and "Traceback" not in done.stderr


def test_serve_reads_and_writes_the_postgres_store(postgres, tmp_path):
    import urllib.request

    from .conftest import TOKEN, serving

    url = postgres.new_database()
    sc = load_scenario("tutorial")
    with RunStore(url=url) as store:
        save_game(play(Game(sc, 3), make_bot("expert", 3)), player="Ada Lovelace", store=store)
    with serving(tmp_path, "--db", url) as served:
        with urllib.request.urlopen(f"{served.url}/cohort?token={TOKEN}", timeout=60) as r:
            page = r.read().decode("utf-8")
    assert "Ada Lovelace" in page and "1 trainee, 1 run" in page
    assert not (served.home / "runs.db").exists()  # nothing went to the SQLite default
