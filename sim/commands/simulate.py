"""`salesim simulate`: Monte Carlo runs per bot policy, with distributions and the luck/policy split."""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from typing import Any

from sim.commands.lang import add_lang_argument, ljust, rjust, use_language
from sim.i18n import N_, _, tr

HEADINGS = (N_("policy"), N_("figure"), N_("min"), N_("p10"), N_("median"), N_("p90"), N_("max"))
FIGURES = {
    "score": N_("score"),
    "revenue": N_("revenue"),
    "win_rate": N_("win rate"),
    "cycle_days": N_("cycle days"),
}
"""The table's figures and their names (the JSON keeps the keys)."""


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("scenario", help="scenario file or bundled id (e.g. tutorial)")
    p.add_argument("--runs", type=int, default=200, help="games per policy (default 200)")
    p.add_argument(
        "--policy",
        default="random,greedy,expert",
        help="comma-separated bot policies: random, greedy, expert; exploit probes discounter, "
        "spammer, whale, idle, clerk, disqualifier, gate_pusher, hygienist, busybee, "
        "sandbagger, optimist, last_day_closer, late_disqualifier, peeker, cherry_picker, "
        "answer_abandon, board_forecaster, hedger, quota_coaster, churn_disqualifier, "
        "discount_habit; "
        "'all' for every one",
    )
    p.add_argument("--seed", type=int, default=1, help="first seed; run k uses seed+k (default 1)")
    p.add_argument("--jobs", type=int, default=1, help="worker processes (default 1)")
    add_lang_argument(p)
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
        tr(
            "{scenario}: {runs} runs per policy, seeds {first}..{last}",
            scenario=report["scenario"],
            runs=report["runs"],
            first=report["seed"],
            last=report["seed"] + report["runs"] - 1,
        )
    ]
    w = max([12, *(len(p) for p in report["policies"])])
    wf = max(11, *(cell_len(_(f)) for f in FIGURES.values()))
    names = [_(h) for h in HEADINGS]
    head = f"{ljust(names[0], w)} {ljust(names[1], wf)} " + " ".join(rjust(n, 9) for n in names[2:])
    lines += ["", head, "-" * cell_len(head)]
    for policy, figs in report["policies"].items():
        for fig, name in FIGURES.items():
            d = figs[fig]
            spec = "9.0f" if fig == "revenue" else "9.2f"
            lines.append(
                f"{policy:<{w}} {ljust(_(name), wf)} "
                + " ".join(format(d[k], spec) for k in ("min", "p10", "median", "p90", "max"))
            )
        lines.append("")
    pol = "expert" if "expert" in report["policies"] else next(iter(report["policies"]))
    stages = report["policies"][pol].get("stages") or {}
    if stages:
        lines.append(
            tr(
                "Deals in each stage at a forecast checkpoint that closed won by the end ({policy}):",
                policy=pol,
            )
        )
        for st in stages.values():
            pad = " " * max(1, 23 - cell_len(st["label"]))
            lines.append(
                f"  {st['label']}{pad}"
                + tr(
                    "labelled {labelled}%  actual {actual}  ({deals} deals)",
                    labelled=f"{st['probability']:>3}",
                    actual=f"{st['closed_won']:>4.0%}",
                    deals=st["deals"],
                )
            )
        lines.append("")
    if report["spread"]:
        lines.append(_("Where the spread comes from (share of variance):"))
        for fig in ("score", "revenue"):
            s = report["spread"][fig]
            lines.append(
                f"  {ljust(_(FIGURES[fig]), 8)} "
                + tr(
                    "policy {policy}  luck (seed) {luck}  interaction {interaction}",
                    policy=f"{s['policy']:.0%}",
                    luck=f"{s['luck']:.0%}",
                    interaction=f"{s['interaction']:.0%}",
                )
            )
    n = report["runs"] * len(report["policies"])
    lines.append(
        "\n"
        + tr(
            "{n} games in {seconds} s ({rate} games/s)",
            n=n,
            seconds=f"{elapsed:.1f}",
            rate=f"{n / elapsed:.0f}",
        )
        if elapsed > 0
        else ""
    )
    return "\n".join(lines)


def _locale(path: Any) -> str | None:
    """The scenario's locale, which picks the table's language (None when it cannot load:
    simulate reports that itself)."""
    from sim.scenario import ScenarioError, load_scenario

    try:
        return load_scenario(path).metadata.locale
    except (ScenarioError, OSError):
        return None


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
    use_language(args, _locale(path))
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
