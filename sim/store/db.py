"""The SQLite store of saved runs (finished, unfinished and practice), under the user's data
directory.

One database file (`runs.db`) in `platformdirs.user_data_dir("salesim")`, or in
`$SALESIM_HOME` when set (tests point it at a temporary directory). WAL journal, one short
transaction per write, a one-second busy timeout, and a `schema_version` table that
`migrate()` brings up to date with `sim.store.migrations`. Every sqlite3 error leaves as a
`StoreError` that says what is wrong and what to do; a store that cannot be written (a
read-only file or folder) is opened read-only, so it can still be listed and reported.

SQL here is kept portable (plain statements, `?` parameters) so that the same code path can
drive PostgreSQL.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import os
import sqlite3
import uuid
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sim.store import backend, errors
from sim.store.errors import StoreError
from sim.store.migrations import MIGRATIONS, SCHEMA_VERSION

DB_NAME = "runs.db"
BUSY_TIMEOUT = 1.0
"""Seconds to wait for another salesim's write lock before saying the store is in use."""

__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "RunRow", "RunStore", "StoreError", "data_dir"]


def data_dir() -> Path:
    """Where salesim keeps its data: `$SALESIM_HOME`, else the platform's user data dir."""
    home = os.environ.get("SALESIM_HOME")
    if home:
        return Path(home)
    import platformdirs

    return Path(platformdirs.user_data_dir("salesim"))


def db_path() -> Path:
    return data_dir() / DB_NAME


def now() -> str:
    """The current UTC time, ISO 8601 to the second (when a run was last saved)."""
    return _dt.datetime.now(_dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def fingerprint(document: Mapping[str, Any]) -> str:
    """sha256 of what makes a run: scenario id and version, seed, player, commands."""
    sc = document.get("scenario") or {}
    core = {
        "scenario": sc.get("id"),
        "sha256": sc.get("sha256"),
        "seed": document.get("seed"),
        "player": document.get("player"),
        "commands": document.get("commands") or [],
    }
    text = json.dumps(core, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True, slots=True)
class RunRow:
    """One saved run as listed (the document itself is fetched with `load_run`)."""

    id: int
    scenario: str
    source: str
    seed: int
    player: str | None
    total: float | None
    """The score; None while the run is unfinished (unfinished runs are not graded)."""
    grade: str | None
    revenue: float | None
    finished: bool
    created: str
    """ISO date (YYYY-MM-DD) the run was started."""
    kind: str = "play"
    """'play', or 'practice' for a what-if branch (never a best score or a statistic)."""
    parent: int | None = None
    """The run a practice branch came from."""
    day: int | None = None
    """The day the run has reached."""
    updated: str | None = None
    """When the run was last saved (UTC, ISO 8601)."""
    scenario_sha256: str | None = None
    scores: Mapping[str, float] = field(default_factory=dict)
    """Each dimension's score (empty while unfinished)."""
    uid: str | None = None
    """The run's identity across machines (export and import)."""

    @property
    def practice(self) -> bool:
        return self.kind == "practice"

    @property
    def status(self) -> str:
        """'finished', or 'unfinished at day N'."""
        if self.finished:
            return "finished"
        return f"unfinished at day {self.day}" if self.day else "unfinished"


_COLUMNS = (
    "id, scenario, source, seed, player, total, grade, revenue, finished, created,"
    " kind, parent, day, updated, scenario_sha256, scores, uid"
)


def _row(r: tuple[Any, ...]) -> RunRow:
    """A row as a RunRow. SQLite keeps any type in any column, so a damaged page can put text
    where a number belongs: every field is checked, a wrong one becomes None (or the row is
    refused with ValueError when its id or seed is unreadable)."""
    try:
        scores = json.loads(r[15]) if r[15] else {}
    except (TypeError, ValueError):
        scores = {}
    if not isinstance(scores, dict):
        scores = {}
    scores = {str(k): v for k, v in scores.items() if _num(v) is not None}
    if not (_is_int(r[0]) and _is_int(r[3])):
        raise ValueError("unreadable id or seed")
    return RunRow(
        int(r[0]),
        _txt(r[1]) or "?",
        _txt(r[2]) or "?",
        int(r[3]),
        _txt(r[4]),
        _num(r[5]),
        _txt(r[6]),
        _num(r[7]),
        bool(r[8]) if _is_int(r[8]) else False,
        _txt(r[9]) or "?",
        _txt(r[10]) or "play",
        int(r[11]) if _is_int(r[11]) else None,
        int(r[12]) if _is_int(r[12]) else None,
        _txt(r[13]),
        _txt(r[14]),
        scores,
        _txt(r[16]),
    )


def _is_int(x: Any) -> bool:
    return isinstance(x, int) and not isinstance(x, bool)


def _num(x: Any) -> float | None:
    if isinstance(x, (int, float)) and not isinstance(x, bool) and x == x and abs(x) < 1e300:
        return float(x)
    return None


def _txt(x: Any) -> str | None:
    return x if isinstance(x, str) else None


def _rows(rows: Iterable[tuple[Any, ...]]) -> list[RunRow]:
    """The rows that can be read; a row a damaged page garbled is left out, not fatal."""
    out = []
    for r in rows:
        one = _one(r)
        if one is not None:
            out.append(one)
    return out


def _one(r: tuple[Any, ...] | None) -> RunRow | None:
    try:
        return _row(r) if r else None
    except (TypeError, ValueError, IndexError):
        return None


def _status(document: Mapping[str, Any]) -> tuple[float | None, bool, int | None]:
    """(revenue, finished, day reached) from a run document's log."""
    over = None
    day = None
    for e in document.get("log") or ():
        t = e.get("type")
        if t == "game_over":
            over = e
        if isinstance(e.get("day"), int):
            day = e["day"]
    if over is not None:
        return over.get("revenue"), True, day
    return None, False, day


def _dumps(document: Mapping[str, Any]) -> str:
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _text(data: bytes) -> str:
    return data.decode("utf-8", "replace")


class _Fetched:
    """The rows of one statement, read while errors could still be explained."""

    __slots__ = ("rows", "lastrowid", "rowcount")

    def __init__(self, rows: list[Any], lastrowid: int | None, rowcount: int) -> None:
        self.rows, self.lastrowid, self.rowcount = rows, lastrowid, rowcount

    def fetchall(self) -> list[Any]:
        return self.rows

    def fetchone(self) -> Any:
        return self.rows[0] if self.rows else None


class RunStore:
    """A connection to the runs database. Use as a context manager, or call `close()`.

    `readonly=True` never writes (not even a migration); a store that turns out not to be
    writable is opened read-only by itself, and `readonly_reason` says why."""

    def __init__(
        self,
        path: str | os.PathLike[str] | None = None,
        *,
        readonly: bool = False,
        timeout: float = BUSY_TIMEOUT,
        url: str | None = None,
    ):
        if path is None and url is None:
            url = os.environ.get("SALESIM_DB") or None  # postgresql://... or a SQLite file
        if url is not None and not backend.is_postgres(url):
            path, url = url, None
        if url is not None:
            self._open_postgres(url, readonly)
            return
        self.path = Path(path) if path is not None else db_path()
        self.readonly = readonly
        self.readonly_reason: StoreError | None = errors.readonly(self.path) if readonly else None
        self.timeout = timeout
        try:
            self._open()
        except (StoreError, sqlite3.Error, OSError, ValueError) as e:  # ValueError: bad UTF-8
            err = errors.explain(self.path, e)
            if err.kind != "readonly" or self.readonly:
                raise err from None
            self.readonly, self.readonly_reason = True, err  # fall back: list and report only
            try:
                self._open()
            except (StoreError, sqlite3.Error, OSError) as e2:
                raise errors.explain(self.path, e2) from None

    def _open(self) -> None:
        if self.readonly:
            if not self.path.is_file():
                raise StoreError(
                    f"{self.path}: there is no run store here yet (no runs saved).", "io"
                )
            uri = self.path.resolve().as_uri()
            self.conn = sqlite3.connect(
                uri + "?mode=ro", uri=True, timeout=self.timeout, isolation_level=None
            )
            try:
                self.conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
            except sqlite3.OperationalError:
                # A WAL store in a folder we cannot write: its shared-memory file cannot be
                # made, so read the file as it stands (nothing can change it under us here).
                self.conn.close()
                self.conn = sqlite3.connect(
                    uri + "?immutable=1", uri=True, timeout=self.timeout, isolation_level=None
                )
        else:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.conn = sqlite3.connect(self.path, timeout=self.timeout, isolation_level=None)
        # A damaged page can hold bytes that are not UTF-8: show them replaced, never crash.
        self.conn.text_factory = _text
        try:
            self.migrate()
            if not self.readonly:
                self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("SELECT id, kind, uid FROM runs WHERE id < 0").fetchall()
        except BaseException:
            self.conn.close()
            raise

    def _open_postgres(self, url: str, readonly: bool) -> None:
        """The same store on PostgreSQL (see `sim.store.backend`)."""
        self.path = backend.redact(url)  # type: ignore[assignment]
        self.readonly = readonly
        self.readonly_reason = errors.readonly(self.path) if readonly else None
        self.timeout = BUSY_TIMEOUT
        try:
            self.conn = backend.PgConnection(url)  # type: ignore[assignment]
        except sqlite3.Error as e:
            raise errors.explain(self.path, e) from None
        try:
            self.migrate()
            self.conn.execute("SELECT id, kind, uid FROM runs WHERE id < 0").fetchall()
        except (StoreError, sqlite3.Error) as e:
            self.conn.close()
            raise errors.explain(self.path, e) from None

    def __enter__(self) -> RunStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.conn.close()

    # ------------------------------------------------------------------ plumbing
    def _q(self, sql: str, args: tuple[Any, ...] = ()) -> _Fetched:
        """Run one statement and fetch its rows; any database error (a damaged page is only
        noticed while the rows are read) becomes a StoreError that explains it."""
        try:
            cur = self.conn.execute(sql, args)
            return _Fetched(cur.fetchall(), cur.lastrowid, cur.rowcount)
        except (sqlite3.Error, OSError, UnicodeError) as e:
            raise errors.explain(self.path, e) from None

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on any error (nothing half-written)."""
        if self.readonly:
            raise self.readonly_reason or errors.readonly(self.path)
        self._q("BEGIN IMMEDIATE")
        try:
            yield
            self._q("COMMIT")
        except BaseException:
            if self.conn.in_transaction:
                try:
                    self.conn.execute("ROLLBACK")
                except sqlite3.Error:
                    pass
            raise

    # ------------------------------------------------------------------ schema
    def version(self) -> int:
        """The schema version of this database (0 for a new, empty one)."""
        has_table = getattr(self.conn, "has_table", None)  # PostgreSQL: never fail in a txn
        if has_table is not None and not has_table("schema_version"):
            return 0
        try:
            row = self.conn.execute("SELECT MAX(version) FROM schema_version").fetchone()
        except sqlite3.OperationalError as e:
            if "no such table" not in str(e):
                raise
            return 0
        return int(row[0] or 0)

    def migrate(self) -> None:
        """Apply the migrations this database has not seen yet, in one transaction. A store
        that is up to date is not written to at all (so a read-only one can be opened)."""
        have = self.version()
        if have > SCHEMA_VERSION:
            raise errors.newer(self.path, have, SCHEMA_VERSION)
        if have == SCHEMA_VERSION:
            return
        if self.readonly:
            raise StoreError(
                f"{self.path}: the run store was made by an older salesim and must be upgraded "
                "before use, but it is read-only. Make it writable and run `salesim runs` once.",
                "readonly",
            )
        self.conn.execute("BEGIN IMMEDIATE")  # one process migrates at a time
        try:
            have = self.version()
            if have == 0:
                self.conn.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
            for n in range(have, SCHEMA_VERSION):
                for stmt in MIGRATIONS[n]:
                    self.conn.execute(stmt)
                self.conn.execute("INSERT INTO schema_version (version) VALUES (?)", (n + 1,))
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self._fill_uids()

    def _fill_uids(self) -> None:
        """Give runs stored before version 2 an identity for export and import."""
        with self._transaction():
            rows = self._q("SELECT id, document FROM runs WHERE uid IS NULL").fetchall()
            for run_id, text in rows:
                try:
                    doc = json.loads(text)
                except ValueError:
                    doc = {}
                revenue, finished, day = _status(doc)
                sc = doc.get("scenario") or {}
                self._q(
                    "UPDATE runs SET uid = ?, fingerprint = ?, day = ?, scenario_sha256 = ?"
                    " WHERE id = ?",
                    (uuid.uuid4().hex, fingerprint(doc), day, sc.get("sha256"), run_id),
                )

    # ------------------------------------------------------------------ settings
    def setting(self, name: str) -> str | None:
        r = self._q("SELECT value FROM settings WHERE name = ?", (name,)).fetchone()
        return None if r is None else str(r[0])

    def set_setting(self, name: str, value: str | None) -> None:
        with self._transaction():
            self._q("DELETE FROM settings WHERE name = ?", (name,))
            if value is not None:
                self._q("INSERT INTO settings (name, value) VALUES (?, ?)", (name, value))

    # ------------------------------------------------------------------ runs
    def save_run(
        self,
        document: Mapping[str, Any],
        *,
        total: float | None = None,
        grade: str | None = None,
        created: str | None = None,
        kind: str = "play",
        parent: int | None = None,
        scores: Mapping[str, float] | None = None,
        uid: str | None = None,
        updated: str | None = None,
    ) -> int:
        """Store a `salesim-run/1` document; returns its run id. Revenue, the day reached and
        whether the run finished are read from the log; an unfinished run is stored without
        a score or grade. `created` defaults to the document's `saved` date, else today."""
        if kind not in ("play", "practice"):
            raise ValueError(f"unknown run kind {kind!r}")
        sc = document["scenario"]
        revenue, finished, day = _status(document)
        created = created or document.get("saved") or _dt.date.today().isoformat()
        if not finished:
            total = grade = scores = None
        player = document.get("player")
        if kind == "play" and self.first_on_seed(sc["id"], int(document["seed"]), player):
            kind = "practice"  # a replay: the dice of this seed are known (sim.store.practice)
        with self._transaction():
            cur = self._q(
                "INSERT INTO runs (scenario, source, seed, player, total, grade, revenue,"
                " finished, created, document, kind, parent, day, updated, scenario_sha256,"
                " scores, uid, fingerprint)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    sc["id"],
                    sc.get("source") or sc["id"],
                    int(document["seed"]),
                    document.get("player"),
                    total,
                    grade or None,
                    revenue,
                    1 if finished else 0,
                    str(created)[:10],
                    _dumps(document),
                    kind,
                    parent,
                    day,
                    updated or now(),
                    sc.get("sha256"),
                    json.dumps(dict(scores), sort_keys=True) if scores else None,
                    uid or uuid.uuid4().hex,
                    fingerprint(document),
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
        scores: Mapping[str, float] | None = None,
    ) -> int:
        """Replace a stored run's document (a run saved again as it goes on). Returns the
        run id; stores it as a new run when `run_id` no longer exists."""
        revenue, finished, day = _status(document)
        if not finished:
            total = grade = scores = None
        with self._transaction():
            cur = self._q(
                "UPDATE runs SET total = ?, grade = ?, revenue = ?, finished = ?, document = ?,"
                " day = ?, updated = ?, scores = ?, fingerprint = ?, player = ? WHERE id = ?",
                (
                    total,
                    grade or None,
                    revenue,
                    1 if finished else 0,
                    _dumps(document),
                    day,
                    now(),
                    json.dumps(dict(scores), sort_keys=True) if scores else None,
                    fingerprint(document),
                    document.get("player"),
                    int(run_id),
                ),
            )
            if cur.rowcount:
                # the document now holds every command: the journal has done its job
                self._q(
                    "DELETE FROM run_commands WHERE run_id = ? AND n < ?",
                    (int(run_id), len(document.get("commands") or ())),
                )
                return int(run_id)
        return self.save_run(document, total=total, grade=grade, scores=scores)

    def record_commands(
        self, run_id: int, start: int, commands: list[Mapping[str, Any]], day: int | None
    ) -> None:
        """Journal commands `start`, `start+1`, ... of a run, committed before returning (so
        a crash right after loses none of them). Recording one again changes nothing."""
        with self._transaction():
            for i, cmd in enumerate(commands):
                n = start + i
                self._q("DELETE FROM run_commands WHERE run_id = ? AND n = ?", (int(run_id), n))
                self._q(
                    "INSERT INTO run_commands (run_id, n, command) VALUES (?, ?, ?)",
                    (int(run_id), n, _dumps(cmd)),
                )
            self._q("UPDATE runs SET day = ?, updated = ? WHERE id = ?", (day, now(), int(run_id)))

    def commands(self, run_id: int) -> list[dict[str, Any]]:
        """Every command of a run: the document's, then any journaled after it."""
        return list(self.load_run(run_id)["commands"])

    def load_run(self, run_id: int) -> dict[str, Any]:
        """The stored run document, with any commands journaled since it was last written
        (see `load_run_state`). Raises `KeyError` when there is no such run."""
        return self.load_run_state(run_id)[0]

    def load_run_state(self, run_id: int) -> tuple[dict[str, Any], bool]:
        """(document, stale): stale when commands were journaled after the document was
        last written, so its log ends before its commands (replay to bring it up to date)."""
        r = self._q("SELECT document FROM runs WHERE id = ?", (int(run_id),)).fetchone()
        if r is None:
            raise KeyError(run_id)
        try:
            doc: dict[str, Any] = json.loads(r[0])
        except (TypeError, ValueError) as e:
            raise errors.damaged(self.path, f"run {run_id} cannot be read: {e}") from None
        have = len(doc.get("commands") or ())
        extra = self._q(
            "SELECT n, command FROM run_commands WHERE run_id = ? AND n >= ? ORDER BY n",
            (int(run_id), have),
        ).fetchall()
        cmds = list(doc.get("commands") or ())
        for n, text in extra:
            if n != len(cmds):
                break  # a gap: keep what is certain
            try:
                cmds.append(json.loads(text))
            except ValueError:
                break
        if len(cmds) > have:
            doc["commands"] = cmds
            return doc, True
        return doc, False

    def list_runs(
        self,
        scenario: str | None = None,
        *,
        player: str | None = None,
        kind: str | None = None,
        finished: bool | None = None,
    ) -> list[RunRow]:
        """Saved runs, newest first, optionally filtered."""
        where: list[str] = []
        args: list[Any] = []
        for col, value in (("scenario", scenario), ("player", player), ("kind", kind)):
            if value is not None and value != "":
                where.append(f"{col} = ?")
                args.append(value)
        if finished is not None:
            where.append("finished = ?")
            args.append(1 if finished else 0)
        sql = f"SELECT {_COLUMNS} FROM runs"
        if where:
            sql += " WHERE " + " AND ".join(where)
        return _rows(self._q(sql + " ORDER BY id DESC", tuple(args)).fetchall())

    def unfinished(self, limit: int = 5) -> list[RunRow]:
        """Runs that can be continued, most recently saved first."""
        rows = self._q(
            f"SELECT {_COLUMNS} FROM runs WHERE finished = 0 ORDER BY updated DESC, id DESC"
            " LIMIT ?",
            (int(limit),),
        ).fetchall()
        return _rows(rows)

    def get(self, run_id: int) -> RunRow | None:
        r = self._q(f"SELECT {_COLUMNS} FROM runs WHERE id = ?", (int(run_id),)).fetchone()
        return _one(r)

    def by_uid(self, uid: str) -> tuple[RunRow, str | None] | None:
        """The run with this identity and its fingerprint, if stored."""
        r = self._q(f"SELECT {_COLUMNS}, fingerprint FROM runs WHERE uid = ?", (uid,)).fetchone()
        row = _one(r)
        return (row, r[17]) if row is not None else None

    def by_fingerprint(self, fp: str) -> RunRow | None:
        r = self._q(
            f"SELECT {_COLUMNS} FROM runs WHERE fingerprint = ? ORDER BY id LIMIT 1", (fp,)
        ).fetchone()
        return _one(r)

    def best_score(self, scenario_id: str, player: str | None = None) -> RunRow | None:
        """The highest-scoring finished run of a scenario (the earliest one on a tie);
        practice branches never count."""
        sql = (
            f"SELECT {_COLUMNS} FROM runs WHERE scenario = ? AND finished = 1"
            " AND kind = 'play' AND total IS NOT NULL"
        )
        args: tuple[Any, ...] = (scenario_id,)
        if player is not None:
            sql += " AND player = ?"
            args += (player,)
        r = self._q(sql + " ORDER BY total DESC, id ASC LIMIT 1", args).fetchone()
        return _one(r)

    def mark_practice(self, run_id: int) -> bool:
        """Make unfinished run `run_id` practice (see `sim.store.practice`); True if it was
        counted until now."""
        with self._transaction():
            sql = (
                "UPDATE runs SET kind = 'practice' WHERE id = ? AND finished = 0 AND kind = 'play'"
            )
            return self._q(sql, (int(run_id),)).rowcount > 0

    def first_on_seed(
        self, scenario_id: str, seed: int, player: str | None, before: int | None = None
    ) -> int | None:
        """The first run this player started on this scenario and seed (before run `before`
        when given): a later one is a replay (`sim.store.practice`). None: there is none."""
        sql = "SELECT MIN(id) FROM runs WHERE scenario = ? AND seed = ?"
        args: tuple[Any, ...] = (scenario_id, int(seed))
        if player is None:
            sql += " AND player IS NULL"
        else:
            sql += " AND player = ?"
            args += (player,)
        if before is not None:
            sql += " AND id < ?"
            args += (int(before),)
        r = self._q(sql, args).fetchone()
        return int(r[0]) if r and r[0] is not None else None

    def branches(self, run_id: int) -> list[int]:
        """The practice runs branched from run `run_id`, oldest first."""
        rows = self._q("SELECT id FROM runs WHERE parent = ? ORDER BY id", (int(run_id),))
        return [int(r[0]) for r in rows.fetchall()]

    def link_parent(self, run_id: int, parent: int) -> None:
        """Record that practice run `run_id` was branched from run `parent`."""
        with self._transaction():
            self._q("UPDATE runs SET parent = ? WHERE id = ?", (int(parent), int(run_id)))

    def delete_run(self, run_id: int) -> bool:
        with self._transaction():
            self._q("DELETE FROM run_commands WHERE run_id = ?", (int(run_id),))
            return self._q("DELETE FROM runs WHERE id = ?", (int(run_id),)).rowcount > 0


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
