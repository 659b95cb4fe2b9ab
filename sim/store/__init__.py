"""Persistence: run files on disk (`runfile`) and the SQLite store of saved runs (`db`).

`save_game(game)` is the one call a front end needs at the end of a run: it builds the run
document, scores it and stores it, returning the run id for `salesim report RUN_ID`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sim.store.db import (
    SCHEMA_VERSION,
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

if TYPE_CHECKING:  # pragma: no cover
    from sim.engine.game import Game

__all__ = [
    "SCHEMA_VERSION",
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
    game: Game,
    *,
    player: str | None = None,
    saved: str | None = None,
    store: RunStore | None = None,
    run_id: int | None = None,
    kind: str = "play",
    parent: int | None = None,
) -> int:
    """Score `game` (when it is over) and save it in the store (the default one unless
    `store` is given). With `run_id`, the stored run is brought up to date instead (autosave
    as a run goes on); `kind="practice"` and `parent` mark a what-if branch. Returns the
    run id."""
    from sim.engine.scoring import score_game

    doc = run_document(
        game.scenario, game.seed, game.commands, game.log, player=player, saved=saved
    )
    if game.over:
        card = score_game(game)
        total: float | None = card.total
        grade = card.grade or None
        scores: dict[str, float] | None = {d.id: d.score for d in card.dimensions}
    else:  # unfinished runs are not graded
        total = grade = scores = None
    if store is None:
        with RunStore() as default:
            return _save(default, doc, total, grade, scores, run_id, kind, parent)
    return _save(store, doc, total, grade, scores, run_id, kind, parent)


def _save(
    store: RunStore,
    doc: dict[str, Any],
    total: float | None,
    grade: str | None,
    scores: dict[str, float] | None,
    run_id: int | None,
    kind: str,
    parent: int | None,
) -> int:
    if run_id is not None:
        return store.update_run(run_id, doc, total=total, grade=grade, scores=scores)
    return store.save_run(doc, total=total, grade=grade, scores=scores, kind=kind, parent=parent)
