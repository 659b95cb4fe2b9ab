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
    game: Any, *, player: str | None = None, saved: str | None = None, store: RunStore | None = None
) -> int:
    """Score `game` and save it in the store (the default one unless `store` is given)."""
    from sim.engine.scoring import score_game

    doc = run_document(
        game.scenario, game.seed, game.commands, game.log, player=player, saved=saved
    )
    card = score_game(game)
    if store is not None:
        return store.save_run(doc, total=card.total, grade=card.grade or None)
    return save_run(doc, total=card.total, grade=card.grade or None)
