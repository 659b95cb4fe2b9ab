"""`salesim export --format csv|json [filters]`: the store's runs for a trainer, one record
per run: trainee, scenario id and version (sha256), seed, dates, status, score and each
dimension, and the rules broken most.

CSV has a header row and is UTF-8 without a byte-order mark (LibreOffice, Google Sheets and
Numbers read it as is); `--bom` adds one for Microsoft Excel, which otherwise guesses a
legacy encoding for non-ASCII names. JSON (`salesim-export/1`) carries each run whole,
commands included, so that `salesim import` can re-score it on another machine. Practice
runs (what-if branches) are left out unless `--practice` is given.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys

EXIT_OK, EXIT_USAGE = 0, 2


def _date(text: str) -> str:
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--format",
        "-f",
        choices=("csv", "json"),
        default="csv",
        help="csv: one row per run for a spreadsheet (default); json: runs whole, "
        "for `salesim import`",
    )
    p.add_argument("--output", "-o", metavar="FILE", help="write to FILE (default: stdout)")
    p.add_argument(
        "--trainee", "--player", dest="trainee", metavar="NAME", help="only this trainee's runs"
    )
    p.add_argument("--scenario", metavar="ID", help="only runs of this scenario")
    p.add_argument("--since", type=_date, metavar="DATE", help="runs started on or after DATE")
    p.add_argument("--until", type=_date, metavar="DATE", help="runs started on or before DATE")
    p.add_argument("--practice", action="store_true", help="include practice (what-if) runs")
    p.add_argument(
        "--bom",
        action="store_true",
        help="start the CSV with a UTF-8 byte-order mark (for Microsoft Excel)",
    )


def run(args: argparse.Namespace) -> int:
    from sim.store.cohort import export_records, to_csv, to_json
    from sim.store.db import RunStore, StoreError
    from sim.store.runfile import RunFileError, write_atomic

    warnings: list[str] = []
    try:
        with RunStore() as store:
            records = export_records(
                store,
                trainee=args.trainee,
                scenario=args.scenario,
                since=args.since,
                until=args.until,
                practice=args.practice,
                warnings=warnings,
            )
    except (StoreError, RunFileError) as e:
        print(f"salesim export: {e}", file=sys.stderr)
        return EXIT_USAGE
    for w in warnings:
        print(f"salesim export: warning: {w}", file=sys.stderr)
    if args.format == "json":
        text = to_json(records, dt.date.today().isoformat())
    else:
        text = ("\ufeff" if args.bom else "") + to_csv(records)
    if args.output:
        try:
            write_atomic(args.output, text)
        except OSError as e:
            print(
                f"salesim export: {args.output}: cannot write: {e.strerror or e}", file=sys.stderr
            )
            return EXIT_USAGE
        print(
            f"wrote {len(records)} run{'s' if len(records) != 1 else ''} to {args.output}",
            file=sys.stderr,
        )
    else:
        sys.stdout.write(text)
    return EXIT_OK
