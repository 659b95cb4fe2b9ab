"""Practice runs: what never counts as a result (a best score, the trend, the cohort,
exports unless asked).

A what-if branch is practice. So is the run it was branched from when that run was not over
yet: the branch can be played ahead to see how the original's chance-based outcomes turn
out (an action's dice follow the seed and that customer's own history), and the original
could then be resumed and played knowing them. A run branched after its end keeps its
score: its future was already played. docs/playing.md says this for trainees.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from sim.store.db import RunRow, RunStore


def branched_from(store: RunStore, run_id: int, over: bool) -> bool:
    """A what-if is being branched from stored run `run_id` (`over`: its game has ended).
    An unfinished run becomes practice; returns True when it counted until now."""
    return False if over else store.mark_practice(run_id)


def practice_note(row: RunRow, branches: Sequence[int] = ()) -> str | None:
    """Why run `row` is practice, in a few words (None: it counts). `branches`: the runs
    branched from it (`RunStore.branches`)."""
    if not row.practice:
        return None
    if row.parent is not None:
        return f"practice of run {row.parent}"
    if branches:
        return f"practice: what-if run {branches[0]} was branched from it before it ended"
    return "practice"
