"""Regenerate the golden transcripts after an intended change of rules or of the tutorial:

    .venv/bin/python tests/golden/regen.py

Each case is a command file (from a bot, or hand-written) and the event log it must give.
Review the diff of the .log.jsonl files before committing: it is the behaviour change.
"""

from __future__ import annotations

import json
from pathlib import Path

from sim.engine import Game, replay
from sim.engine.bots import make_bot, play
from sim.scenario import load_scenario

HERE = Path(__file__).parent
BOT_CASES = [("expert", 1), ("greedy", 2), ("random", 3)]


def main() -> None:
    sc = load_scenario("tutorial")
    for policy, seed in BOT_CASES:
        g = play(Game(sc, seed), make_bot(policy, seed))
        name = f"tutorial-{policy}-seed{seed}"
        (HERE / f"{name}.commands.jsonl").write_text(
            "".join(json.dumps(c, sort_keys=True) + "\n" for c in g.commands))
    for cmd_file in sorted(HERE.glob("*.commands.jsonl")):
        seed = int(cmd_file.name.split("seed")[1].split(".")[0])
        cmds = [json.loads(line) for line in cmd_file.read_text().splitlines() if line.strip()]
        g = replay(sc, seed, cmds)
        cmd_file.with_name(cmd_file.name.replace(".commands.", ".log.")).write_text(g.log_jsonl())
        print(f"{cmd_file.name}: {len(cmds)} commands, {len(g.log)} events, outcome {g.outcome()}")


if __name__ == "__main__":
    main()
