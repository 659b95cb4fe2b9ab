"""Practice runs: what never counts as a result (a best score, the trend, the cohort,
exports unless asked).

A what-if branch is practice. So is the run it was branched from when that run was not over
yet: the branch can be played ahead to see how the original's chance-based outcomes turn
out (an action's dice follow the seed and that customer's own history), and the original
could then be resumed and played knowing them. A run branched after its end keeps its
score: its future was already played. And a replay is practice: a run on a scenario and
seed the same player had already started (the dice of that seed are known from it, so which
close works and which lead is bad could be played around). The first run on a seed counts;
a workshop that gives everyone the same seed ranks each trainee's first attempt.
docs/playing.md says this for trainees.
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


def first_played(store: RunStore, row: RunRow) -> int | None:
    """The run `row` is a replay of (the player's first on its scenario and seed), or None."""
    return store.first_on_seed(row.scenario, row.seed, row.player, before=row.id)


def practice_note(
    row: RunRow, branches: Sequence[int] = (), first: int | None = None
) -> str | None:
    """Why run `row` is practice, in a few words (None: it counts). `branches`: the runs
    branched from it (`RunStore.branches`); `first`: the run it replays (`first_played`)."""
    if not row.practice:
        return None
    if row.parent is not None:
        return f"practice of run {row.parent}"
    if first is not None:
        return f"practice: a replay of seed {row.seed}, first played in run {first}"
    if branches:
        return f"practice: what-if run {branches[0]} was branched from it before it ended"
    return "practice"
