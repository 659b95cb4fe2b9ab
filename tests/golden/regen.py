"""Regenerate the golden transcripts after an intended change of rules or of a scenario:

    .venv/bin/python tests/golden/regen.py

Each case is a command file (from a bot, or hand-written) and the event log it must give;
a file is named `<scenario>-<who>-seed<N>`, so the scenario and seed come from its name.
Review the diff of the .log.jsonl files before committing: it is the behaviour change.
"""

from __future__ import annotations

import json
from pathlib import Path

from sim.engine import Game, replay
from sim.engine.bots import make_bot, play
from sim.engine.commands import parse_all, to_dict
from sim.scenario import load_scenario

HERE = Path(__file__).parent
BOT_CASES = [
    ("tutorial", "expert", 1),
    ("tutorial", "greedy", 2),
    ("tutorial", "random", 3),
    ("relationship_selling", "expert", 1),
    ("forecast_quarter", "expert", 1),
    ("management_software_zh", "expert", 1),
    ("busy_desk", "expert", 1),
    ("call_centre", "expert", 1),
    ("consultative_enterprise", "expert", 1),
]
"""territory has no golden: one run's log is ~50 MB (100,000 arrivals); its engine is
call_centre's, which has one."""


def main() -> None:
    for scenario, policy, seed in BOT_CASES:
        g = play(Game(load_scenario(scenario), seed), make_bot(policy, seed))
        name = f"{scenario}-{policy}-seed{seed}"
        (HERE / f"{name}.commands.jsonl").write_text(
            "".join(json.dumps(to_dict(c), sort_keys=True) + "\n" for c in g.commands)
        )
    for cmd_file in sorted(HERE.glob("*.commands.jsonl")):
        scenario = cmd_file.name.split("-")[0]
        seed = int(cmd_file.name.split("seed")[1].split(".")[0])
        lines = cmd_file.read_text().splitlines()
        cmds = parse_all(json.loads(line) for line in lines if line.strip())
        g = replay(load_scenario(scenario), seed, cmds)
        cmd_file.with_name(cmd_file.name.replace(".commands.", ".log.")).write_text(g.log_jsonl())
        print(f"{cmd_file.name}: {len(cmds)} commands, {len(g.log)} events, outcome {g.outcome()}")


if __name__ == "__main__":
    main()
