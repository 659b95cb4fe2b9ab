"""The SQLite store of finished and saved runs, under the user's data directory.

One database file (`runs.db`) in `platformdirs.user_data_dir("salesim")`, or in
`$SALESIM_HOME` when set (tests point it at a temporary directory). WAL journal, one
transaction per write, and a `schema_version` table that `migrate()` brings up to date.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DB_NAME = "runs.db"

MIGRATIONS: tuple[str, ...] = (
    # 1: runs
    """
    CREATE TABLE runs (
        id        INTEGER PRIMARY KEY AUTOINCREMENT,
        scenario  TEXT    NOT NULL,
        source    TEXT    NOT NULL,
        seed      INTEGER NOT NULL,
        player    TEXT,
        total     REAL,
        grade     TEXT,
        revenue   REAL,
        finished  INTEGER NOT NULL DEFAULT 0,
        created   TEXT    NOT NULL,
        document  TEXT    NOT NULL
    );
    CREATE INDEX runs_by_scenario ON runs (scenario, total DESC);
    """,
)
"""Schema migrations in order; version N means the first N have been applied. Append only."""


class StoreError(Exception):
    """The store cannot be opened or used (the message says which file and why)."""


def data_dir() -> Path:
    """Where salesim keeps its data: `$SALESIM_HOME`, else the platform's user data dir."""
    home = os.environ.get("SALESIM_HOME")
    if home:
        return Path(home)
    import platformdirs

    return Path(platformdirs.user_data_dir("salesim"))


def db_path() -> Path:
    return data_dir() / DB_NAME


@dataclass(frozen=True, slots=True)
class RunRow:
    """One saved run as listed (the document itself is fetched with `load_run`)."""

    id: int
    scenario: str
    source: str
    seed: int
    player: str | None
    total: float | None
    grade: str | None
    revenue: float | None
    finished: bool
    created: str
    """ISO date (YYYY-MM-DD) the run was saved."""


_COLUMNS = "id, scenario, source, seed, player, total, grade, revenue, finished, created"


def _row(r: tuple[Any, ...]) -> RunRow:
    return RunRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], bool(r[8]), r[9])


class RunStore:
    """A connection to the runs database. Use as a context manager, or call `close()`."""

    def __init__(self, path: str | os.PathLike[str] | None = None):
        self.path = Path(path) if path is not None else db_path()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.conn = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        except (OSError, sqlite3.Error) as e:
            raise StoreError(f"{self.path}: cannot open the run store: {e}") from None
        try:
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA foreign_keys=ON")
            self.migrate()
        except StoreError:
            self.conn.close()
            raise
        except sqlite3.DatabaseError as e:
            self.conn.close()
            raise StoreError(f"{self.path}: not a usable salesim run store: {e}") from None

    def __enter__(self) -> RunStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.conn.close()

    # ------------------------------------------------------------------ schema
    def version(self) -> int:
        self.conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
        row = self.conn.execute("SELECT MAX(version) FROM schema_version").fetchone()
        return int(row[0] or 0)

    def migrate(self) -> None:
        """Apply the migrations this database has not seen yet, each in its own transaction."""
        self.conn.execute("BEGIN IMMEDIATE")  # one process migrates at a time
        try:
            have = self.version()
            if have > len(MIGRATIONS):
                raise StoreError(
                    f"{self.path}: made by a newer salesim (schema {have}; "
                    f"this version knows {len(MIGRATIONS)})"
                )
            for n in range(have, len(MIGRATIONS)):
                for stmt in MIGRATIONS[n].split(";"):
                    if stmt.strip():
                        self.conn.execute(stmt)
                self.conn.execute("INSERT INTO schema_version (version) VALUES (?)", (n + 1,))
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise

    # ------------------------------------------------------------------ runs
    def save_run(
        self,
        document: Mapping[str, Any],
        *,
        total: float | None = None,
        grade: str | None = None,
        created: str | None = None,
    ) -> int:
        """Store a `salesim-run/1` document; returns its run id. Revenue and whether the run
        finished are read from the log's `game_over` event; `created` defaults to today."""
        sc = document["scenario"]
        log = document.get("log", [])
        over = next((e for e in log if e.get("type") == "game_over"), None)
        created = created or document.get("saved") or _dt.date.today().isoformat()
        text = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        with self._transaction():
            cur = self.conn.execute(
                "INSERT INTO runs (scenario, source, seed, player, total, grade, revenue, finished,"
                " created, document) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    sc["id"],
                    sc.get("source") or sc["id"],
                    int(document["seed"]),
                    document.get("player"),
                    total,
                    grade,
                    over.get("revenue") if over else None,
                    1 if over else 0,
                    str(created)[:10],
                    text,
                ),
            )
            return int(cur.lastrowid or 0)

    def update_run(
        self,
        run_id: int,
        document: Mapping[str, Any],
        *,
        total: float | None = None,
        grade: str | None = None,
    ) -> int:
        """Replace a stored run's document (a run saved again as it goes on). Returns the
        run id; stores it as a new run when `run_id` no longer exists."""
        log = document.get("log", [])
        over = next((e for e in log if e.get("type") == "game_over"), None)
        text = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        with self._transaction():
            cur = self.conn.execute(
                "UPDATE runs SET total = ?, grade = ?, revenue = ?, finished = ?, document = ?"
                " WHERE id = ?",
                (total, grade, over.get("revenue") if over else None, 1 if over else 0, text,
                 int(run_id)),
            )
            if cur.rowcount:
                return int(run_id)
        return self.save_run(document, total=total, grade=grade)

    def list_runs(self, scenario: str | None = None) -> list[RunRow]:
        """Saved runs, newest first (optionally of one scenario)."""
        sql = f"SELECT {_COLUMNS} FROM runs"
        args: tuple[Any, ...] = ()
        if scenario:
            sql += " WHERE scenario = ?"
            args = (scenario,)
        return [_row(r) for r in self.conn.execute(sql + " ORDER BY id DESC", args)]

    def get(self, run_id: int) -> RunRow | None:
        r = self.conn.execute(
            f"SELECT {_COLUMNS} FROM runs WHERE id = ?", (int(run_id),)
        ).fetchone()
        return _row(r) if r else None

    def load_run(self, run_id: int) -> dict[str, Any]:
        """The stored run document. Raises `KeyError` when there is no such run."""
        r = self.conn.execute("SELECT document FROM runs WHERE id = ?", (int(run_id),)).fetchone()
        if r is None:
            raise KeyError(run_id)
        try:
            doc: dict[str, Any] = json.loads(r[0])
        except json.JSONDecodeError as e:
            raise StoreError(f"{self.path}: run {run_id} is damaged: {e.msg}") from None
        return doc

    def best_score(self, scenario_id: str) -> RunRow | None:
        """The highest-scoring finished run of a scenario (the earliest one on a tie)."""
        r = self.conn.execute(
            f"SELECT {_COLUMNS} FROM runs WHERE scenario = ? AND finished = 1 AND total IS NOT NULL"
            " ORDER BY total DESC, id ASC LIMIT 1",
            (scenario_id,),
        ).fetchone()
        return _row(r) if r else None

    def delete_run(self, run_id: int) -> bool:
        with self._transaction():
            return self.conn.execute("DELETE FROM runs WHERE id = ?", (int(run_id),)).rowcount > 0

    def _transaction(self) -> _Tx:
        return _Tx(self.conn)


class _Tx:
    """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on any error."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def __enter__(self) -> None:
        self.conn.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type: object, *rest: object) -> None:
        self.conn.execute("COMMIT" if exc_type is None else "ROLLBACK")


# ---------------------------------------------------------------------- module-level helpers
def save_run(
    document: Mapping[str, Any],
    *,
    total: float | None = None,
    grade: str | None = None,
    created: str | None = None,
) -> int:
    """Save a run document into the default store; returns its id."""
    with RunStore() as s:
        return s.save_run(document, total=total, grade=grade, created=created)


def list_runs(scenario: str | None = None) -> list[RunRow]:
    with RunStore() as s:
        return s.list_runs(scenario)


def load_run(run_id: int) -> dict[str, Any]:
    with RunStore() as s:
        return s.load_run(run_id)


def best_score(scenario_id: str) -> RunRow | None:
    with RunStore() as s:
        return s.best_score(scenario_id)
