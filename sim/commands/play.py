"""`salesim play [SCENARIO] [--seed N]`: the game in the terminal.

With no scenario the home screen lists the bundled ones; with one (a bundled id or a file)
the game opens on its briefing. Textual is imported only here, inside `run`.
"""

from __future__ import annotations

import argparse
import sys


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "scenario",
        nargs="?",
        default=None,
        help="a bundled scenario id (e.g. tutorial) or a scenario file; "
        "omit it to choose on the home screen",
    )
    parser.add_argument(
        "--seed",
        type=int,
        default=None,
        help="random seed of the run (default: a fresh one; shown on screen)",
    )


def run(args: argparse.Namespace) -> int:
    from sim.scenario import ScenarioError, load_scenario

    scenario = None
    if args.scenario is not None:
        try:
            scenario = load_scenario(args.scenario)
        except ScenarioError as e:
            print(str(e), file=sys.stderr)
            return 1
    seed = args.seed
    if seed is None:
        import secrets

        seed = secrets.randbelow(9999) + 1
    from sim.ui.app import make_app

    app = make_app(scenario=scenario, seed=seed, save_runs=True)
    app.run()
    # Textual sets a non-zero return code when the app ends on an error (a crash it caught).
    return int(app.return_code or 0)
