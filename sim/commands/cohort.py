"""`salesim cohort -o cohort.html`: the trainer's page of a cohort's results, from the store.

Leaderboard, each dimension's spread, the rules broken most and each trainee's runs, as one
self-contained HTML file; each run's debrief is written beside it (`NAME_runs/run-ID.html`)
so the links work offline. The same page is served live by `salesim serve` at `/cohort`.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import sys
from pathlib import Path

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "-o",
        "--output",
        metavar="PATH",
        default="cohort.html",
        help="the page to write (default: cohort.html)",
    )
    p.add_argument("--since", metavar="YYYY-MM-DD", help="only runs saved on or after this day")
    p.add_argument("--scenario", metavar="ID", help="only runs of this scenario")
    p.add_argument(
        "--no-debriefs",
        action="store_true",
        help="do not write each run's debrief beside the page (links then name "
        "`salesim report ID`)",
    )


def _fail(message: str, code: int = EXIT_USAGE) -> int:
    print(f"salesim cohort: {message}", file=sys.stderr)
    return code


def run(args: argparse.Namespace) -> int:
    from sim.classroom.cohort import gather, run_page
    from sim.classroom.cohort_html import render_cohort
    from sim.store.db import RunStore, StoreError
    from sim.store.runfile import RunFileError, write_atomic

    if args.since:
        try:
            _dt.date.fromisoformat(args.since)
        except ValueError:
            return _fail(f"--since {args.since}: give a date as YYYY-MM-DD")
    out = Path(args.output)
    folder = out.with_name(out.stem + "_runs")
    try:
        with RunStore() as store:
            cohort = gather(store, since=args.since, scenario=args.scenario)
    except StoreError as e:
        return _fail(str(e))

    def link(run_id: int) -> str:
        if args.no_debriefs:
            return f"#run-{run_id}"
        return f"{folder.name}/run-{run_id}.html"

    try:
        write_atomic(out, render_cohort(cohort, link))
    except OSError as e:
        return _fail(f"{out}: cannot write: {e.strerror or e}")
    try:
        if not args.no_debriefs:
            folder.mkdir(exist_ok=True)
            for sc in cohort.scenarios:
                for r in sc.runs:
                    page = run_page(r.id)
                    if page is not None:
                        write_atomic(folder / f"run-{r.id}.html", page)
    except OSError as e:
        return _fail(f"{folder}: cannot write the debriefs: {e.strerror or e}")
    except (RunFileError, StoreError) as e:
        return _fail(str(e))
    n = sum(len(s.runs) for s in cohort.scenarios)
    print(f"wrote {out} ({n} run{'s' if n != 1 else ''})", file=sys.stderr)
    for p in cohort.problems:
        print(f"salesim cohort: left out {p}", file=sys.stderr)
    return EXIT_OK
