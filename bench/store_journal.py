"""How much crash safety costs: a command journaled in the run store before its result is
shown, as the game does it (one kept connection) and as it would cost with a connection
opened and closed per command (closing the last WAL connection checkpoints the journal).

    .venv/bin/python -m bench.store_journal

Figures, not a timed test.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time

from sim.engine import Game
from sim.engine.bots import make_bot, play
from sim.scenario import load_scenario
from sim.store import RunStore, save_game


def main() -> None:
    home = tempfile.mkdtemp(prefix="salesim-bench-")
    os.environ["SALESIM_HOME"] = home
    sc = load_scenario("tutorial")
    commands = play(Game(sc, 1), make_bot("expert", 1)).commands

    def journal(kept: bool) -> float:
        game = Game(sc, 1)
        store = RunStore()
        run_id = save_game(game, store=store)
        if not kept:
            store.close()
        start = time.perf_counter()
        for n, cmd in enumerate(commands):
            game.apply(cmd)
            if kept:
                store.record_commands(run_id, n, [cmd], game.day)
            else:
                with RunStore() as s:
                    s.record_commands(run_id, n, [cmd], game.day)
        took = time.perf_counter() - start
        if kept:
            store.close()
        return took / len(commands) * 1000

    game_only = Game(sc, 1)
    start = time.perf_counter()
    for cmd in commands:
        game_only.apply(cmd)
    bare = (time.perf_counter() - start) / len(commands) * 1000
    print(f"{len(commands)} tutorial commands (expert bot, seed 1), ms per command:")
    print(f"  apply only                          {bare:7.2f}")
    print(f"  apply + journal, kept connection    {journal(True):7.2f}   (what the game does)")
    print(f"  apply + journal, open/close each    {journal(False):7.2f}")
    shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
