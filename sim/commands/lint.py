"""`salesim lint PATH...`: beyond validation — findings with a code and a severity about what
a valid scenario probably gets wrong. Static checks (L1xx, `sim/scenario/lint.py`) read the
file; play checks (L2xx) run a short simulation with the bots: actions no bot ever takes, and
score dimensions that come out the same for every policy.

Exit status: 0 no errors or warnings (notes allowed), 1 some error or warning, 2 a file could
not be read.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path
from typing import Any

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
PLAY_POLICIES = ("random", "greedy", "expert")
DEFAULT_RUNS = 30
BUDGET = 12_000
"""Customer-days per bot the default play checks may simulate (30 tutorial games are ~1,650)."""


def default_runs(scenario: Any) -> int:
    """30 games per bot, fewer on large desks, 0 when one game alone is over the budget."""
    i = scenario.inbound
    customers = i.initial + i.per_day * scenario.calendar.days + sum(a.count for a in i.schedule)
    size = max(1.0, customers * scenario.calendar.days)
    return int(min(DEFAULT_RUNS, BUDGET // size))


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths", nargs="+", metavar="PATH", help="scenario files, folders or bundled ids"
    )
    parser.add_argument(
        "--runs",
        type=int,
        default=None,
        metavar="N",
        help="games per bot for the play checks (default: 30, fewer on large desks, none on "
        "the largest; 0 = static checks only)",
    )


def play_checks(scenario: Any, rep: Any, runs: int) -> None:
    """L201 actions no bot takes; L202 dimensions that score the same for every policy."""
    from sim.engine import Game
    from sim.engine.bots import make_bot, play
    from sim.engine.events import ActionTaken
    from sim.engine.scoring import score_game

    used: Counter[str] = Counter()
    scores: dict[str, set[float]] = {}
    for policy in PLAY_POLICIES:
        for seed in range(1, runs + 1):
            game = play(Game(scenario, seed), make_bot(policy, seed))
            used.update(e.action for e in game.log if isinstance(e, ActionTaken))
            for d in score_game(game).dimensions:
                scores.setdefault(d.id, set()).add(round(d.score, 6))
    for a in scenario.actions:
        if not used[a.id]:
            rep.add(
                "L201",
                f"no bot took action '{a.id}' in {runs * len(PLAY_POLICIES)} games",
                a.span.line,
                a.span.col,
                hint="bots read tags, advice ratings, moveTo, reveal and effects on gated names "
                "(docs/authoring.md#what-the-bots-read); give it one of those",
                severity="warning",
            )
    for dim in scenario.scoring.dimensions:
        values = scores.get(dim.id, set())
        if dim.weight > 0 and len(values) == 1:
            rep.add(
                "L202",
                f"dimension '{dim.id}' scored {next(iter(values)):g} in every game of every policy",
                dim.span.line,
                dim.span.col,
                hint="its rules never fire or never differ between good and bad play; "
                "its weight only shifts every score alike",
                severity="warning",
            )


def lint_file(path: Path, runs: int | None) -> list[Any]:
    """Every diagnostic for one file: validation first; lint only once it is valid."""
    from sim.scenario import check_text
    from sim.scenario.diagnostics import Diagnostic, Reporter, count_errors
    from sim.scenario.lint import lint

    try:
        data = path.read_bytes()
    except OSError as e:
        return [Diagnostic("F001", f"cannot read the file: {e.strerror or e}", str(path))]
    scenario, found = check_text(data, str(path))
    if scenario is None or count_errors(found):
        return found
    rep = Reporter(str(path), data.decode("utf-8", "replace"))
    rep.diagnostics = list(found)
    lint(scenario, rep)
    if runs is None:
        runs = default_runs(scenario)
        if runs == 0:
            print(
                f"{path}: play checks skipped (the desk is too large for a quick simulation; "
                "--runs N forces them)"
            )
    if runs > 0:
        play_checks(scenario, rep, runs)
    return rep.diagnostics


def run(args: argparse.Namespace) -> int:
    from sim.commands.validate import _expand
    from sim.scenario.diagnostics import format_report

    files: list[Path] = []
    usage = []
    for arg in args.paths:
        found, problems = _expand(arg)
        files.extend(found)
        usage.extend(problems)
    for d in usage:
        print(d.format())  # type: ignore[attr-defined]
    worst = EXIT_USAGE if usage else EXIT_OK
    for path in dict.fromkeys(files):
        diagnostics = lint_file(path, None if args.runs is None else max(0, args.runs))
        if diagnostics:
            print(format_report(diagnostics))
        counts = Counter(d.severity for d in diagnostics)
        if any(d.code.startswith("F") for d in diagnostics):
            worst = EXIT_USAGE
        elif counts["error"] or counts["warning"]:
            worst = max(worst, EXIT_FINDINGS)
        parts = [
            f"{counts[s]} {s}{'s' if counts[s] != 1 else ''}"
            for s in ("error", "warning", "note")
            if counts[s]
        ]
        print(f"{path}: {', '.join(parts) if parts else 'clean'}")
    return worst
