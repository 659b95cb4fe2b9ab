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

from sim.commands.lang import add_lang_argument, ljust, rjust, use_language, width
from sim.commands.runs import status
from sim.i18n import N_, _, ntr, tr
from sim.store.history import history, sparkline

EXIT_OK, EXIT_USAGE = 0, 2


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--trainee", "--player", dest="trainee", metavar="NAME", help="only this trainee's runs"
    )
    p.add_argument("--scenario", metavar="ID", help="only runs of this scenario")
    p.add_argument("--practice", action="store_true", help="list practice runs too")
    p.add_argument("--json", action="store_true", help="print the history as JSON")
    add_lang_argument(p)


HEADER = (N_("ID"), N_("DATE"), N_("TRAINEE"), N_("SEED"), N_("SCORE"), N_("GRADE"))


def _clean(text: str | None) -> str:
    return "".join(ch if ch.isprintable() else "?" for ch in (text or "-"))[:24]


def _print(groups: list[dict[str, Any]]) -> None:
    for g in groups:
        best = g["best"]
        head = ntr(
            "{scenario}: {n} finished run",
            "{scenario}: {n} finished runs",
            len(g["finished"]),
            scenario=g["scenario"],
        )
        if best is not None:
            head += _(", ") + tr(
                "best {score} ({grade}, run {run})",
                score=f"{best.total:.1f}",
                grade=best.grade or "-",
                run=best.id,
            )
        if g["trend"]:
            first, last = g["trend"][0], g["trend"][-1]
            head += _(", ") + tr(
                "trend {chart} {first} → {last}",
                chart=sparkline(g["trend"]),
                first=f"{first:.0f}",
                last=f"{last:.0f}",
            )
        print(head)
        done = [r for r in g["runs"] if r.finished]
        dims: list[str] = []
        for r in done:
            dims += [d for d in r.scores if d not in dims]
        table = [(*(_(h) for h in HEADER), *dims)]
        for r in done:
            table.append(
                (
                    str(r.id),
                    r.created,
                    _clean(r.player) + (" " + _("(practice)") if r.practice else ""),
                    str(r.seed),
                    f"{r.total:.1f}" if r.total is not None else "-",
                    r.grade or "-",
                    *(f"{r.scores[d]:.0f}" if d in r.scores else "-" for d in dims),
                )
            )
        widths = [width([row[i] for row in table]) for i in range(len(table[0]))]
        if done:
            for row in table:
                print(
                    "  "
                    + "  ".join(
                        ljust(c, w) if i in (1, 2) else rjust(c, w)
                        for i, (c, w) in enumerate(zip(row, widths, strict=True))
                    ).rstrip()
                )
        for r in g["unfinished"]:
            print(
                "  "
                + tr(
                    "run {run}: {status}, seed {seed}, {player}{practice} — continue with "
                    "`salesim play --resume {run}`",
                    run=r.id,
                    status=status(r.finished, r.day),
                    seed=r.seed,
                    player=_clean(r.player),
                    practice=" " + _("(practice)") if r.practice else "",
                )
            )
        print()
    print(_("Open any run's debrief with `salesim report ID`."))


def run(args: argparse.Namespace) -> int:
    from sim.store.db import RunStore, StoreError

    try:
        with RunStore() as store:
            rows = store.list_runs(args.scenario, player=args.trainee)
            path = store.path
    except StoreError as e:
        print(f"salesim history: {e}", file=sys.stderr)
        return EXIT_USAGE
    use_language(args)
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
        print(tr("No runs yet (store: {path}).", path=path), file=sys.stderr)
        return EXIT_OK
    _print(groups)
    return EXIT_OK
