"""`salesim simulate`: Monte Carlo runs per bot policy, with distributions and the luck/policy split."""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from typing import Any


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("scenario", help="scenario file or bundled id (e.g. tutorial)")
    p.add_argument("--runs", type=int, default=200, help="games per policy (default 200)")
    p.add_argument(
        "--policy",
        default="random,greedy,expert",
        help="comma-separated bot policies: random, greedy, expert; exploit probes discounter, "
        "spammer, whale, idle, clerk, disqualifier, gate_pusher, hygienist, busybee, "
        "sandbagger, optimist, last_day_closer, late_disqualifier, peeker; "
        "'all' for every one",
    )
    p.add_argument("--seed", type=int, default=1, help="first seed; run k uses seed+k (default 1)")
    p.add_argument("--jobs", type=int, default=1, help="worker processes (default 1)")
    p.add_argument(
        "--json", action="store_true", help="print the report as JSON (no timings: byte-stable)"
    )
    p.add_argument(
        "--compare",
        metavar="OLD.yaml",
        help="play OLD.yaml on the same seeds and show how the edit moved each figure",
    )


def _progress_bar() -> tuple[Any, Callable[[int, int], None] | None]:
    if not sys.stderr.isatty():
        return None, None
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    progress = Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        transient=True,
        console=None,
    )
    task = progress.add_task("simulating", total=None)

    def update(done: int, total: int) -> None:
        progress.update(task, completed=done, total=total)

    return progress, update


def _table(report: dict[str, Any], elapsed: float) -> str:
    from rich.cells import cell_len

    lines = [
        f"{report['scenario']}: {report['runs']} runs per policy, seeds {report['seed']}.."
        f"{report['seed'] + report['runs'] - 1}"
    ]
    w = max([12, *(len(p) for p in report["policies"])])
    head = (
        f"{'policy':<{w}} {'figure':<11} {'min':>9} {'p10':>9} {'median':>9} {'p90':>9} {'max':>9}"
    )
    lines += ["", head, "-" * len(head)]
    for policy, figs in report["policies"].items():
        for fig in ("score", "revenue", "win_rate", "cycle_days"):
            d = figs[fig]
            spec = "9.0f" if fig == "revenue" else "9.2f"
            lines.append(
                f"{policy:<{w}} {fig:<11} "
                + " ".join(format(d[k], spec) for k in ("min", "p10", "median", "p90", "max"))
            )
        lines.append("")
    pol = "expert" if "expert" in report["policies"] else next(iter(report["policies"]))
    stages = report["policies"][pol].get("stages") or {}
    if stages:
        lines.append(
            f"Deals in each stage at a forecast checkpoint that closed won by the end ({pol}):"
        )
        for st in stages.values():
            lines.append(
                f"  {st['label']}{' ' * max(1, 23 - cell_len(st['label']))}labelled {st['probability']:>3}%  actual {st['closed_won']:>4.0%}"
                f"  ({st['deals']} deals)"
            )
        lines.append("")
    if report["spread"]:
        lines.append("Where the spread comes from (share of variance):")
        for fig in ("score", "revenue"):
            s = report["spread"][fig]
            lines.append(
                f"  {fig:<8} policy {s['policy']:.0%}  luck (seed) {s['luck']:.0%}  interaction {s['interaction']:.0%}"
            )
    n = report["runs"] * len(report["policies"])
    lines.append(
        f"\n{n} games in {elapsed:.1f} s ({n / elapsed:.0f} games/s)" if elapsed > 0 else ""
    )
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    from sim.engine.montecarlo import simulate
    from sim.scenario import ScenarioError, resolve_scenario

    if args.runs < 1 or args.jobs < 1:
        print("salesim simulate: --runs and --jobs must be at least 1", file=sys.stderr)
        return 2
    if args.compare:  # the paired before/after report lives in its own module
        from sim.commands.compare import run_compare

        return run_compare(args)
    policies = [p.strip() for p in args.policy.split(",") if p.strip()]
    if "all" in policies:
        from sim.engine.bots import BOTS

        policies = list(BOTS)
    try:
        path = resolve_scenario(args.scenario)
    except (ScenarioError, OSError) as e:
        print(e, file=sys.stderr)
        return 2
    progress, update = _progress_bar()
    start = time.perf_counter()
    try:
        if progress:
            with progress:
                report = simulate(path, args.runs, policies, args.seed, args.jobs, update)
        else:
            report = simulate(path, args.runs, policies, args.seed, args.jobs)
    except ScenarioError as e:
        print(e, file=sys.stderr)
        return 1
    except ValueError as e:
        print(f"salesim simulate: {e}", file=sys.stderr)
        return 2
    elapsed = time.perf_counter() - start
    if args.json:
        print(json.dumps(report, indent=2, sort_keys=True))
    else:
        print(_table(report, elapsed))
    return 0
