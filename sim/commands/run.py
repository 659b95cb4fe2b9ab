"""`salesim run`: play a scripted command list headlessly and print the outcome and log."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from sim.commands.lang import add_lang_argument, use_language
from sim.i18n import _, phrase, tr

EXIT_REFUSED = 1
"""The run played, but the game refused at least one command of the file (invalid input)."""


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("scenario", help="scenario file or bundled id (e.g. tutorial)")
    p.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    p.add_argument(
        "--commands",
        metavar="FILE.jsonl",
        help='one command per line, e.g. {"cmd": "act", "customer": 0, "action": "call"}; '
        "'-' reads standard input. Each command the game refuses is reported with its line "
        "and reason, and the run then exits 1",
    )
    p.add_argument(
        "--policy", help="let a bot play instead of a command file (random, greedy, expert, ...)"
    )
    p.add_argument(
        "--log", metavar="FILE", help="write the event log (JSON lines) to FILE instead of stdout"
    )
    p.add_argument(
        "--save", metavar="FILE", help="also save the run as a run file (for `salesim report`)"
    )
    p.add_argument("--quiet", action="store_true", help="print only the outcome")
    p.add_argument(
        "--player", metavar="NAME", help="the trainee's name, written into the --save run file"
    )
    add_lang_argument(p)


def _read_commands(path: str) -> list[tuple[int, dict[str, Any]]]:
    """The commands of FILE, each with its line number there (blank and # lines skipped)."""
    stream = sys.stdin if path == "-" else open(path, encoding="utf-8")  # noqa: SIM115
    commands = []
    with stream:
        for n, line in enumerate(stream, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            try:
                cmd = json.loads(line)
            except json.JSONDecodeError as e:
                raise ValueError(f"{path}:{n}:{e.colno}: not valid JSON: {e.msg}") from None
            if not isinstance(cmd, dict) or "cmd" not in cmd:
                raise ValueError(f'{path}:{n}:1: a command is an object with a "cmd" field')
            commands.append((n, cmd))
    return commands


def run(args: argparse.Namespace) -> int:
    from sim.engine import Game
    from sim.engine.bots import make_bot, play
    from sim.engine.commands import CommandError, from_dict
    from sim.engine.fmt import Formatter
    from sim.engine.game import Result
    from sim.engine.scoring import score_game
    from sim.report.fmt import game_deal_counts
    from sim.scenario import ScenarioError, load_scenario

    use_language(args)
    try:
        scenario = load_scenario(args.scenario)
    except ScenarioError as e:
        print(e, file=sys.stderr)
        return 1
    except OSError as e:
        print(f"salesim run: {e}", file=sys.stderr)
        return 2
    use_language(args, scenario.metadata.locale)
    if bool(args.commands) == bool(args.policy):
        print("salesim run: " + _("give either --commands FILE or --policy NAME"), file=sys.stderr)
        return 2
    game = Game(scenario, args.seed)
    refused = 0
    if args.policy:
        try:
            play(game, make_bot(args.policy, args.seed))
        except ValueError as e:
            print(f"salesim run: {e}", file=sys.stderr)
            return 2
    else:
        try:
            commands = _read_commands(args.commands)
        except (OSError, ValueError, UnicodeDecodeError) as e:
            print(f"salesim run: {e}", file=sys.stderr)
            return 2
        for n, data in commands:
            try:
                result = game.apply(from_dict(data))
            except CommandError as e:
                result = Result(False, str(e))
            if not result.ok:
                refused += 1
                why = tr("command refused: {reason}", reason=phrase(result.message))
                print(f"{args.commands}:{n}: {why}", file=sys.stderr)
    if args.log:
        try:
            with open(args.log, "w", encoding="utf-8") as f:
                f.write(game.log_jsonl())
        except OSError as e:
            print(
                f"salesim run: {args.log}: " + tr("cannot write: {error}", error=e.strerror or e),
                file=sys.stderr,
            )
            return 2
    elif not args.quiet:
        sys.stdout.write(game.log_jsonl())
    if args.save:
        try:
            from sim.store.runfile import save_runfile
        except ImportError:
            print(
                "salesim run: " + _("saving runs is not available in this build"), file=sys.stderr
            )
            return 2
        try:
            save_runfile(
                args.save,
                scenario=scenario,
                seed=args.seed,
                commands=game.commands,
                log=game.log,
                player=args.player,
            )
        except OSError as e:
            print(
                f"salesim run: {args.save}: " + tr("cannot write: {error}", error=e.strerror or e),
                file=sys.stderr,
            )
            return 2
    out = game.outcome()
    card = score_game(game)
    status = (
        _("finished")
        if game.over
        else tr("unfinished (day {day} of {days})", day=game.day, days=game.days)
    )
    fm = Formatter.of(scenario.metadata)
    print(
        tr(
            "{scenario} seed {seed}: {status}; revenue {revenue} of quota {quota} "
            "({attainment}); {deals}; score {score} ({grade})",
            scenario=scenario.id,
            seed=args.seed,
            status=status,
            revenue=fm.money(out["revenue"]),
            quota=fm.money(out["quota"]),
            attainment=f"{out['attainment']:.0%}",
            deals=game_deal_counts(game),
            score=f"{card.total:.1f}",
            grade=card.grade,
        ),
        file=sys.stderr if not args.quiet and not args.log else sys.stdout,
    )
    if refused:
        print(
            f"salesim run: {args.commands}: the game refused {refused} of {len(commands)} "
            "commands (listed above)",
            file=sys.stderr,
        )
        return EXIT_REFUSED
    return 0
