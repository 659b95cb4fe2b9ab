"""The ghost of a big run played in a child process: what the expert bot scores on the same seed.

A small run's ghost is played in a thread (a fraction of a second). A territory's takes tens of
seconds, and in a thread it would share the interpreter with the desk for all of them; in a
child process it runs on another core and the desk only receives the result. The child loads
the scenario from its file, so only scenarios loaded from a file go there.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

from sim.report.debrief import Ghost, ghost_run
from sim.scenario import load_scenario
from sim.scenario.model import Scenario

IN_PROCESS = 5_000
"""From this many initial customers on, the ghost is played in a child process."""

POLL = 0.2
"""Seconds between looks at whether the run still wants the ghost."""


def play_ghost(scenario: Scenario, seed: int, days: int | None = None) -> Ghost:
    """The expert bot's game on `seed` (after `days` days; None: the whole run), scored."""
    return ghost_run(scenario, seed, days)


def _play_file(path: str, seed: int, days: int | None) -> Ghost:
    return play_ghost(load_scenario(path), seed, days)


def wants_process(scenario: Scenario) -> bool:
    return bool(scenario.path) and scenario.inbound.initial >= IN_PROCESS


def ghost_in_process(
    scenario: Scenario, seed: int, days: int | None, cancelled: Callable[[], bool]
) -> Ghost | None:
    """`play_ghost` in a child process (the caller waits in a worker thread); None when
    `cancelled()` turns true first (the child is stopped then). A plain subprocess, not
    `multiprocessing`: under Textual, `sys.stderr` has no file descriptor to hand down."""
    with tempfile.TemporaryDirectory(prefix="salesim-ghost-") as tmp:
        out = Path(tmp) / "ghost.pickle"
        proc = subprocess.Popen(
            [sys.executable, "-m", "sim.ui.ghost", scenario.path, str(seed), str(out)]
            + ([str(days)] if days is not None else []),
            stdin=subprocess.PIPE,  # never written: it closes when this process ends, however
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            while True:
                try:
                    proc.wait(timeout=POLL)
                    break
                except subprocess.TimeoutExpired:
                    if cancelled():
                        return None
            if proc.returncode != 0:  # (the file changed or vanished): play it here instead
                return None if cancelled() else play_ghost(scenario, seed, days)
            result: Ghost = pickle.loads(out.read_bytes())  # noqa: S301 - our child's
            return result
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
            if proc.stdin is not None:
                proc.stdin.close()


def _exit_with_parent() -> None:
    """Stop when the app that asked is gone (its end of our stdin closes): a ghost nobody
    waits for must not go on using a core."""
    sys.stdin.buffer.read()
    os._exit(1)


def main(argv: list[str]) -> int:
    """`python -m sim.ui.ghost FILE SEED OUT [DAYS]`: the pickled `Ghost` written to OUT."""
    threading.Thread(target=_exit_with_parent, daemon=True).start()
    days = int(argv[3]) if len(argv) > 3 else None
    Path(argv[2]).write_bytes(pickle.dumps(_play_file(argv[0], int(argv[1]), days)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
