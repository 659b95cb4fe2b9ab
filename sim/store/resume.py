"""Bring a stored run back: the game replayed from its commands (to continue playing it, or
to report on it). Replay is exact, so a resumed run lands on the very state that was left.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sim.engine.events import to_dict
from sim.store.db import RunRow, RunStore, StoreError
from sim.store.runfile import RunFileError, from_document, load_run_scenario

if TYPE_CHECKING:  # pragma: no cover
    from sim.engine.game import Game
    from sim.store.runfile import LoadedRun


def _replay(loaded: LoadedRun) -> tuple[Game, list[str]]:
    from sim.engine.game import replay

    scenario, warnings = load_run_scenario(loaded)
    commands = loaded.commands or ()
    game = replay(scenario, loaded.seed, loaded.command_list(), loaded.draws)
    if len(game.commands) != len(commands):
        raise RunFileError(
            f"{loaded.path}: only {len(game.commands)} of its {len(commands)} commands replay "
            f"on scenario '{scenario.id}' as it is now (the file changed since?)"
        )
    return game, warnings


def open_stored_game(store: RunStore, run_id: int) -> tuple[Game, RunRow, list[str]]:
    """The game of stored run `run_id`, replayed to where it was left, its row and any
    warnings (e.g. the scenario file changed). Raises KeyError, RunFileError, StoreError."""
    row = store.get(run_id)
    if row is None:
        raise KeyError(run_id)
    doc = store.load_run(run_id)
    loaded = from_document(doc, f"run {run_id}")
    game, warnings = _replay(loaded)
    return game, row, warnings


def stored_run(store: RunStore, run_id: int) -> LoadedRun:
    """Stored run `run_id` as a `LoadedRun`; when commands were journaled after its document
    was last written, the log is re-derived from them (so a killed game reports in full)."""
    doc, stale = store.load_run_state(run_id)
    loaded = from_document(doc, f"run {run_id}")
    if not stale:
        return loaded
    game, _ = _replay(loaded)
    fresh: dict[str, Any] = dict(doc)
    fresh["log"] = [to_dict(e) for e in game.log]
    return from_document(fresh, f"run {run_id}")


def latest_unfinished(store: RunStore) -> RunRow | None:
    rows = store.unfinished(limit=1)
    return rows[0] if rows else None


__all__ = ["StoreError", "latest_unfinished", "open_stored_game", "stored_run"]
