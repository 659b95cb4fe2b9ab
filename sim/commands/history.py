"""`salesim history [--trainee NAME] [--scenario ID]`: past runs by scenario with the score
and each dimension, and the trend of the score (a small chart, oldest run first).

Practice runs (what-if branches) are not history: they are left out unless `--practice` is
given, and never count in the best score or the trend. Unfinished runs are listed apart,
with how to continue them. `salesim report ID` opens any run's debrief.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from sim.store.history import history, sparkline

EXIT_OK, EXIT_USAGE = 0, 2


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--trainee", "--player", dest="trainee", metavar="NAME", help="only this trainee's runs"
    )
    p.add_argument("--scenario", metavar="ID", help="only runs of this scenario")
    p.add_argument("--practice", action="store_true", help="list practice runs too")
    p.add_argument("--json", action="store_true", help="print the history as JSON")


def _clean(text: str | None) -> str:
    return "".join(ch if ch.isprintable() else "?" for ch in (text or "-"))[:24]


def _print(groups: list[dict[str, Any]]) -> None:
    for g in groups:
        best = g["best"]
        head = f"{g['scenario']}: {len(g['finished'])} finished run(s)"
        if best is not None:
            head += f", best {best.total:.1f} ({best.grade or '-'}, run {best.id})"
        if g["trend"]:
            first, last = g["trend"][0], g["trend"][-1]
            head += f", trend {sparkline(g['trend'])} {first:.0f} → {last:.0f}"
        print(head)
        done = [r for r in g["runs"] if r.finished]
        dims: list[str] = []
        for r in done:
            dims += [d for d in r.scores if d not in dims]
        table = [("ID", "DATE", "TRAINEE", "SEED", "SCORE", "GRADE", *dims)]
        for r in done:
            table.append(
                (
                    str(r.id),
                    r.created,
                    _clean(r.player) + (" (practice)" if r.practice else ""),
                    str(r.seed),
                    f"{r.total:.1f}" if r.total is not None else "-",
                    r.grade or "-",
                    *(f"{r.scores[d]:.0f}" if d in r.scores else "-" for d in dims),
                )
            )
        widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))]
        if done:
            for row in table:
                print(
                    "  "
                    + "  ".join(
                        c.ljust(w) if i in (1, 2) else c.rjust(w)
                        for i, (c, w) in enumerate(zip(row, widths, strict=True))
                    ).rstrip()
                )
        for r in g["unfinished"]:
            print(
                f"  run {r.id}: {r.status}, seed {r.seed}, {_clean(r.player)}"
                f"{' (practice)' if r.practice else ''} — continue with "
                f"`salesim play --resume {r.id}`"
            )
        print()
    print("Open any run's debrief with `salesim report ID`.")


def run(args: argparse.Namespace) -> int:
    from sim.store.db import RunStore, StoreError

    try:
        with RunStore() as store:
            rows = store.list_runs(args.scenario, player=args.trainee)
            path = store.path
    except StoreError as e:
        print(f"salesim history: {e}", file=sys.stderr)
        return EXIT_USAGE
    if not args.practice:
        rows = [r for r in rows if not r.practice]
    groups = history(rows)
    if args.json:
        out = [
            {
                "scenario": g["scenario"],
                "best": g["best"].id if g["best"] else None,
                "trend": g["trend"],
                "runs": [
                    {
                        "id": r.id,
                        "created": r.created,
                        "trainee": r.player,
                        "seed": r.seed,
                        "kind": r.kind,
                        "status": r.status,
                        "score": r.total,
                        "grade": r.grade,
                        "scores": dict(r.scores),
                    }
                    for r in g["runs"]
                ],
            }
            for g in groups
        ]
        print(json.dumps(out, indent=2, ensure_ascii=False))
        return EXIT_OK
    if not groups:
        print(f"No runs yet (store: {path}).", file=sys.stderr)
        return EXIT_OK
    _print(groups)
    return EXIT_OK
