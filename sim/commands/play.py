"""`salesim play [SCENARIO] [--seed N] [--player NAME] [--resume [RUN]]`: the game in the
terminal.

With no scenario the home screen lists the bundled ones; with one (a bundled id or a file)
the game opens on its briefing. `--resume` continues the latest unfinished run (or run RUN)
exactly where it was left. Textual is imported only here, inside `run`.
"""

from __future__ import annotations

import argparse
import sys

from sim.commands.lang import add_lang_argument, use_language
from sim.i18n import _, tr


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

    parser.add_argument(
        "--player",
        metavar="NAME",
        default=None,
        help="the trainee's name stored with the run (default: the one set on the home screen)",
    )
    parser.add_argument(
        "--watch",
        action="store_true",
        help="for authors: reload FILE on every save, show its errors in the game, and replay "
        "the run onto the new version (runs are not saved)",
    )
    parser.add_argument(
        "--resume",
        metavar="RUN",
        nargs="?",
        const="latest",
        default=None,
        help="continue an unfinished run: the latest one, or run id RUN (`salesim runs`)",
    )
    add_lang_argument(parser)


def _resume_target(arg: str) -> int | str:
    """The run id to continue, or a message saying why there is none."""
    from sim.store import RunStore, StoreError

    try:
        with RunStore() as store:
            if arg == "latest":
                rows = store.unfinished(limit=1)
                if not rows:
                    return _("no unfinished run to continue (`salesim runs` lists the saved ones)")
                return rows[0].id
            if not arg.isdigit():
                return tr("--resume takes a run id (a number), not {arg}", arg=repr(arg))
            row = store.get(int(arg))
            if row is None:
                return tr(
                    "there is no run {run} in {path} (`salesim runs` lists them)",
                    run=arg,
                    path=store.path,
                )
            if row.finished:
                return tr(
                    "run {run} is finished; see its debrief with `salesim report {run}`", run=arg
                )
            return row.id
    except StoreError as e:
        return str(e)


def run(args: argparse.Namespace) -> int:
    from sim.scenario import ScenarioError, load_scenario

    use_language(args)  # messages before a scenario is chosen
    if args.resume is not None:
        if args.scenario is not None:
            print("salesim play: " + _("give a scenario or --resume, not both"), file=sys.stderr)
            return 2
        target = _resume_target(args.resume)
        if isinstance(target, str):
            print(f"salesim play: {target}", file=sys.stderr)
            return 2
        from sim.ui.app import make_app

        app = make_app(resume=target, save_runs=True, player=args.player, lang=args.lang)
        app.run()
        return int(app.return_code or 0)
    scenario = None
    if args.watch:
        return _watch(args)
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

    app = make_app(scenario=scenario, seed=seed, save_runs=True, player=args.player, lang=args.lang)
    app.run()
    # Textual sets a non-zero return code when the app ends on an error (a crash it caught).
    return int(app.return_code or 0)


def _watch(args: argparse.Namespace) -> int:
    """Play FILE and reload it on every save (an invalid FILE shows its errors in the game
    until a save fixes them). Runs played while authoring are not saved."""
    from pathlib import Path

    if args.scenario is None or not Path(args.scenario).is_file():
        print("salesim play: " + _("--watch needs a scenario file to watch"), file=sys.stderr)
        return 2
    if args.resume is not None:
        print("salesim play: " + _("--watch and --resume do not go together"), file=sys.stderr)
        return 2
    from sim.ui.app import make_app

    app = make_app(
        scenario=args.scenario, seed=args.seed or 1, screen="desk", save_runs=False, lang=args.lang
    )
    app.watch_path = Path(args.scenario)
    app.run()
    return int(app.return_code or 0)
