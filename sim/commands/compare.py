"""`salesim simulate NEW.yaml --compare OLD.yaml`: how an edit moved each policy's results.

Both versions play the same seeds with the same bots, so every game has a twin: the report
gives each figure's median before and after, and on how many seeds the edit raised or
lowered it (a paired comparison, far less noisy than comparing two separate samples).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

FIGURES = ("score", "revenue", "win_rate")


def paired(old: list[dict[str, Any]], new: list[dict[str, Any]], key: str) -> dict[str, Any]:
    """Medians before/after and how many seeds went up or down for one figure."""
    from sim.engine.montecarlo import distribution

    def value(row: dict[str, Any]) -> float:
        return float(row["dimensions"].get(key[4:], 0.0) if key.startswith("dim:") else row[key])

    a, b = [value(r) for r in old], [value(r) for r in new]
    return {
        "old": distribution(a)["median"],
        "new": distribution(b)["median"],
        "up": sum(1 for x, y in zip(a, b, strict=True) if y > x + 1e-9),
        "down": sum(1 for x, y in zip(a, b, strict=True) if y < x - 1e-9),
    }


def compare(
    old_path: str, new_path: str, runs: int, policies: list[str], seed: int
) -> dict[str, Any]:
    from sim.engine.bots import make_bot
    from sim.engine.montecarlo import run_one
    from sim.scenario import load_scenario

    old_s, new_s = load_scenario(old_path), load_scenario(new_path)
    for p in policies:
        make_bot(p)  # fail fast on an unknown policy
    dims = list(
        dict.fromkeys(
            [d.id for d in old_s.scoring.dimensions] + [d.id for d in new_s.scoring.dimensions]
        )
    )
    report: dict[str, Any] = {
        "old": old_path,
        "new": new_path,
        "runs": runs,
        "seed": seed,
        "policies": {},
    }
    for p in policies:
        seeds = range(seed, seed + runs)
        old_rows = [run_one(old_s, s, p) for s in seeds]
        new_rows = [run_one(new_s, s, p) for s in seeds]
        figs = {f: paired(old_rows, new_rows, f) for f in FIGURES}
        figs.update({f"dim:{d}": paired(old_rows, new_rows, f"dim:{d}") for d in dims})
        report["policies"][p] = figs
    return report


def table(report: dict[str, Any]) -> str:
    runs = report["runs"]
    lines = [
        f"{report['new']} against {report['old']}: {runs} paired runs per policy "
        f"(seeds {report['seed']}..{report['seed'] + runs - 1})",
        "",
    ]
    head = f"{'policy':<12} {'figure':<22} {'before':>9} {'after':>9} {'change':>9}   seeds up/down"
    lines += [head, "-" * len(head)]
    for policy, figs in report["policies"].items():
        for name, f in figs.items():
            shown = name.replace("dim:", "· ")
            fmt = "{:9.0f}" if name == "revenue" else "{:9.2f}"
            change = f["new"] - f["old"]
            sign = "+" if change > 0 else ""
            lines.append(
                f"{policy:<12} {shown:<22} {fmt.format(f['old'])} {fmt.format(f['new'])} "
                f"{sign + fmt.format(change).strip():>9}   {f['up']:>3} / {f['down']:<3}"
            )
        lines.append("")
    lines.append(
        "Medians per policy; '· name' rows are score dimensions (0-100). 'seeds up/down' counts"
    )
    lines.append("the seeds on which the new version scored higher / lower than the old one.")
    return "\n".join(lines)


def run_compare(args: argparse.Namespace) -> int:
    """Called by `salesim simulate` when --compare is given."""
    from sim.scenario import ScenarioError

    policies = [p.strip() for p in args.policy.split(",") if p.strip()]
    if "all" in policies:
        from sim.engine.bots import BOTS

        policies = list(BOTS)
    try:
        report = compare(args.compare, args.scenario, args.runs, policies, args.seed)
    except ScenarioError as e:
        print(e, file=sys.stderr)
        return 1
    except (ValueError, OSError) as e:
        print(f"salesim simulate: {e}", file=sys.stderr)
        return 2
    print(json.dumps(report, indent=2, sort_keys=True) if args.json else table(report))
    return 0
