"""Persistence: run files on disk (`runfile`) and the SQLite store of saved runs (`db`).

`save_game(game)` is the one call a front end needs at the end of a run: it builds the run
document, scores it and stores it, returning the run id for `salesim report RUN_ID`.
"""

from __future__ import annotations

from typing import Any

from sim.store.db import (
    RunRow,
    RunStore,
    StoreError,
    best_score,
    data_dir,
    list_runs,
    load_run,
    save_run,
)
from sim.store.runfile import (
    FORMAT,
    LoadedRun,
    RunFileError,
    Verification,
    read_run,
    run_document,
    save_runfile,
    verify_run,
)

__all__ = [
    "FORMAT",
    "LoadedRun",
    "RunFileError",
    "RunRow",
    "RunStore",
    "StoreError",
    "Verification",
    "best_score",
    "data_dir",
    "list_runs",
    "load_run",
    "read_run",
    "run_document",
    "save_game",
    "save_run",
    "save_runfile",
    "verify_run",
]


def save_game(
    game: Any,
    *,
    player: str | None = None,
    saved: str | None = None,
    store: RunStore | None = None,
    run_id: int | None = None,
) -> int:
    """Score `game` and save it in the store (the default one unless `store` is given).
    With `run_id`, the stored run is brought up to date instead (autosave as a run goes on).
    Returns the run id."""
    from sim.engine.scoring import score_game

    doc = run_document(
        game.scenario, game.seed, game.commands, game.log, player=player, saved=saved
    )
    card = score_game(game)
    grade = card.grade or None
    if store is None:
        with RunStore() as default:
            return _save(default, doc, card.total, grade, run_id)
    return _save(store, doc, card.total, grade, run_id)


def _save(store: RunStore, doc: dict[str, Any], total: float, grade: str | None,
          run_id: int | None) -> int:
    if run_id is not None:
        return store.update_run(run_id, doc, total=total, grade=grade)
    return store.save_run(doc, total=total, grade=grade)
