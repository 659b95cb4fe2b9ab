"""The ghost of a big run played in a child process: what the expert bot scores on the same seed.

A small run's ghost is played in a thread (a fraction of a second). A territory's takes tens of
seconds, and in a thread it would share the interpreter with the desk for all of them; in a
child process it runs on another core and the desk only receives the result. The child loads
the scenario from its file, so only scenarios loaded from a file go there.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from typing import Any

from sim.engine import Game
from sim.engine.bots import make_bot, play
from sim.engine.scoring import score_game
from sim.scenario import load_scenario
from sim.scenario.model import Scenario

IN_PROCESS = 5_000
"""From this many initial customers on, the ghost is played in a child process."""

POLL = 0.2
"""Seconds between looks at whether the run still wants the ghost."""


def play_ghost(scenario: Scenario, seed: int) -> tuple[Any, Any]:
    """The expert bot's game on `seed`: (its scorecard, its log)."""
    ghost = play(Game(scenario, seed), make_bot("expert", seed))
    return score_game(ghost), ghost.log


def _play_file(path: str, seed: int) -> tuple[Any, Any]:
    return play_ghost(load_scenario(path), seed)


def wants_process(scenario: Scenario) -> bool:
    return bool(scenario.path) and scenario.inbound.initial >= IN_PROCESS


def ghost_in_process(
    scenario: Scenario, seed: int, cancelled: Callable[[], bool]
) -> tuple[Any, Any] | None:
    """`play_ghost` in a child process (the caller waits in a worker thread); None when
    `cancelled()` turns true first (the child is stopped then)."""
    pool = multiprocessing.get_context("spawn").Pool(1)
    try:
        pending = pool.apply_async(_play_file, (scenario.path, seed))
        while not pending.ready():
            if cancelled():
                return None
            pending.wait(POLL)
        result: tuple[Any, Any] = pending.get()
        return result
    finally:
        pool.terminate()
        pool.join()
