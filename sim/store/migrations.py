"""The run store's schema, as ordered migrations: version N means the first N were applied.

Each migration is a tuple of plain SQL statements (no SQLite-only syntax beyond version 1's
AUTOINCREMENT), applied in one transaction together with its row in `schema_version`.
Append only: never edit a migration that has shipped; tests/store/test_store_migrations.py
builds a store at every version and upgrades it.
"""

from __future__ import annotations

MIGRATIONS: tuple[tuple[str, ...], ...] = (
    # 1: one row per run; the run document (salesim-run/1 JSON) whole.
    (
        """CREATE TABLE runs (
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
        )""",
        "CREATE INDEX runs_by_scenario ON runs (scenario, total DESC)",
    ),
    # 2: practice branches, resume, profiles, cohort exports.
    (
        # 'play' or 'practice' (a what-if branch: never a best score, never in statistics)
        "ALTER TABLE runs ADD COLUMN kind TEXT NOT NULL DEFAULT 'play'",
        # the run a practice branch came from
        "ALTER TABLE runs ADD COLUMN parent INTEGER",
        # the day the run has reached (the Continue list and `runs` show it)
        "ALTER TABLE runs ADD COLUMN day INTEGER",
        # when the run was last saved (UTC, ISO 8601 to the second)
        "ALTER TABLE runs ADD COLUMN updated TEXT",
        # the scenario file's sha256 (its version) as the run document states it
        "ALTER TABLE runs ADD COLUMN scenario_sha256 TEXT",
        # each dimension's score, JSON {"dimension id": score}; NULL while unfinished
        "ALTER TABLE runs ADD COLUMN scores TEXT",
        # a run's identity across machines (export/import), set when the run is created
        "ALTER TABLE runs ADD COLUMN uid TEXT",
        # sha256 of what makes the run: scenario, seed, player and commands
        "ALTER TABLE runs ADD COLUMN fingerprint TEXT",
        "CREATE UNIQUE INDEX runs_by_uid ON runs (uid)",
        "CREATE INDEX runs_by_player ON runs (player, scenario)",
        # Commands journal: each applied command is committed here before the screen shows
        # its result, so a killed game loses nothing that was shown as done.
        """CREATE TABLE run_commands (
            run_id   INTEGER NOT NULL,
            n        INTEGER NOT NULL,
            command  TEXT    NOT NULL,
            PRIMARY KEY (run_id, n)
        )""",
        # small preferences (the trainee's name)
        """CREATE TABLE settings (
            name   TEXT PRIMARY KEY,
            value  TEXT NOT NULL
        )""",
        # Unfinished runs have no grade (version 1 graded them).
        "UPDATE runs SET total = NULL, grade = NULL WHERE finished = 0",
    ),
)
"""Schema migrations in order. Append only."""

SCHEMA_VERSION = len(MIGRATIONS)
"""The schema version this salesim writes."""
