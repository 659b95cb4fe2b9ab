"""`salesim import FILE...`: merge cohort exports (`salesim export --format json`) or run
files from other machines into this store.

Nothing a file states is trusted: each run is replayed from its commands on its scenario and
re-scored; a run whose log or stated score does not follow from its commands is refused.
Importing the same file twice adds nothing; a different run under an identity already here
is reported as a conflict and the stored run is kept. Exit 0 when every run was stored or
already here, 1 when any was refused or conflicted, 2 when the store cannot be used.
"""

from __future__ import annotations

import argparse
import sys

EXIT_OK, EXIT_REFUSED, EXIT_USAGE = 0, 1, 2


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "files",
        metavar="FILE",
        nargs="+",
        help="a JSON export (salesim-export/1) or a run file (salesim-run/1)",
    )


def run(args: argparse.Namespace) -> int:
    from sim.store.cohort import import_runs
    from sim.store.db import RunStore, StoreError
    from sim.store.runfile import RunFileError, _read_text

    files = []
    problems = []
    for path in args.files:
        try:
            files.append((path, _read_text(path)))
        except RunFileError as e:
            problems.append(str(e))
    try:
        with RunStore() as store:
            rep = import_runs(store, files)
    except StoreError as e:
        print(f"salesim import: {e}", file=sys.stderr)
        return EXIT_USAGE
    rep.refused[:0] = problems
    for w in rep.warnings:
        print(f"salesim import: warning: {w}", file=sys.stderr)
    for line in rep.stored + rep.already:
        print(line, file=sys.stderr)
    for line in rep.conflicts:
        print(f"salesim import: conflict: {line}", file=sys.stderr)
    for line in rep.refused:
        print(f"salesim import: refused: {line}", file=sys.stderr)
    print(
        f"{len(rep.stored)} stored, {len(rep.already)} already here, "
        f"{len(rep.conflicts)} conflicting, {len(rep.refused)} refused"
    )
    return EXIT_REFUSED if rep.refused or rep.conflicts else EXIT_OK
