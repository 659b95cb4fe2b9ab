"""One browser tab's game: `python -m sim.classroom.session ...`, started by textual-serve
for every connection. It runs the real app with the trainer's pinned scenarios and seed,
asks the trainee's name, and saves every run in the shared store.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence


def parse(argv: Sequence[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="salesim-session")
    p.add_argument("--scenario", action="append", default=[], help="a pinned scenario")
    p.add_argument("--seed", type=int, default=None)
    p.add_argument("--per-trainee", action="store_true")
    p.add_argument("--lang", default=None)
    return p.parse_args(argv)


def die_with_server() -> None:
    """Linux: end this game when the server process ends, however it ends (a killed
    server leaves no game running). Elsewhere the game ends when its input closes."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGTERM, 0, 0, 0)
    except (OSError, AttributeError):
        pass


def main(argv: Sequence[str] | None = None) -> int:
    args = parse(sys.argv[1:] if argv is None else argv)
    die_with_server()
    from sim.scenario import load_scenario
    from sim.ui.app import make_app
    from sim.ui.classroom import Classroom

    # `salesim serve` loaded every scenario before starting: a failure here is a changed file.
    scenarios = tuple(load_scenario(s) for s in args.scenario)
    classroom = Classroom(scenarios=scenarios, seed=args.seed, per_trainee=args.per_trainee)
    if args.seed is not None:
        seed = args.seed
    else:
        import secrets

        seed = secrets.randbelow(9999) + 1
    app = make_app(seed=seed, user_dir=None, save_runs=True, classroom=classroom, lang=args.lang)
    app.run()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
