"""`python -m fuzz [--inputs N] [--targets a,b]`: run the fuzz targets and print a table of
inputs tried, how many validated / reported, crashes, hangs and time. Exit 1 on any crash or
hang (its input is printed by Hypothesis above the table)."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile

from fuzz.targets import EXTRA_TARGETS, TARGETS


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m fuzz", description=__doc__)
    parser.add_argument(
        "--inputs", type=int, default=10_000, help="inputs per target (default 10,000)"
    )
    parser.add_argument(
        "--targets",
        default=",".join(TARGETS),
        help=f"comma-separated, from: {', '.join(TARGETS)} (default: all of these), "
        f"and {', '.join(EXTRA_TARGETS)} (only when named: slow)",
    )
    parser.add_argument(
        "--limit", type=float, default=30.0, help="seconds before an input counts as a hang"
    )
    args = parser.parse_args(argv)
    import warnings

    warnings.filterwarnings("ignore", message="Generating overly large repr")
    names = [t.strip() for t in args.targets.split(",") if t.strip()]
    every = {**TARGETS, **EXTRA_TARGETS}
    unknown = [t for t in names if t not in every]
    if unknown:
        parser.error(f"unknown target(s): {', '.join(unknown)}")
    # Never touch the user's store: a fresh, empty one for this run.
    os.environ["SALESIM_HOME"] = tempfile.mkdtemp(prefix="salesim-fuzz-home-")
    os.environ["SALESIM_DEBUG"] = "1"  # an internal error raises, so its traceback is shown
    rows = []
    for name in names:
        print(f"fuzzing {name}: {args.inputs:,} inputs…", file=sys.stderr, flush=True)
        rows.append(every[name](args.inputs, args.limit))
    print(f"{'target':<12} {'inputs':>8} {'valid':>7} {'crashes':>8} {'hangs':>6} {'seconds':>8}")
    for t in rows:
        print(
            f"{t.target:<12} {t.inputs:>8,} {t.valid:>7,} {t.crashes:>8} {t.hangs:>6} {t.seconds:>8.1f}"
        )
        if t.failure:
            print(f"  {t.target}: {t.failure}")
    return 1 if any(t.crashes or t.hangs for t in rows) else 0


if __name__ == "__main__":
    raise SystemExit(main())
