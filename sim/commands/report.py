"""`salesim report`: the debrief of a saved run as Markdown, HTML or JSON.

The input is a run file (`salesim-run/1`), a JSON-lines event log, or the id of a run in
the store (`salesim runs` lists them). Nothing stated in the input is trusted: the log is
re-derived by replaying the run's commands (a saved log that differs is named in a
warning); `--trust-log` reports the saved log as it stands (the only way to report a plain
event log, which has no commands). Exit 0 when the report was written; 1 when the
scenario has errors; 2 for usage, I/O or corrupt input, with a message naming the file.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from sim.commands.lang import add_lang_argument, use_language
from sim.i18n import tr

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "input",
        metavar="LOGFILE|RUNFILE|RUN_ID",
        help="a run file, a JSON-lines event log, or a run id from `salesim runs`",
    )
    p.add_argument(
        "-f",
        "--format",
        choices=("md", "html", "json"),
        default="md",
        help="report format (default: md)",
    )
    p.add_argument(
        "-o", "--output", metavar="PATH", help="write the report to PATH (default: standard output)"
    )
    p.add_argument(
        "--scenario",
        metavar="S",
        help="scenario file or bundled id to score with (default: the one the run names)",
    )
    p.add_argument(
        "--no-ghost",
        action="store_true",
        help="leave out the ghost (the expert bot on the same seed)",
    )
    p.add_argument(
        "--verify",
        action="store_true",
        help="refuse a run whose saved log differs from what its commands replay to",
    )
    p.add_argument(
        "--trust-log",
        action="store_true",
        help="report the saved event log as it stands instead of replaying the commands "
        "(faster; needed for a plain event log)",
    )
    add_lang_argument(p)


def _fail(message: str, code: int = EXIT_USAGE) -> int:
    print(f"salesim report: {message}", file=sys.stderr)
    return code


def load_input(arg: str) -> Any:
    """A `LoadedRun` from a file path or a store run id; raises RunFileError / StoreError."""
    from sim.store.runfile import RunFileError, read_run

    path = Path(arg)
    if path.exists() or not arg.isdigit():
        if not path.exists():
            raise RunFileError(f"{arg}: no such file (and not a run id; `salesim runs` lists them)")
        return read_run(path)
    from sim.store.db import RunStore
    from sim.store.resume import stored_run

    with RunStore() as store:
        try:
            # commands journaled after the last full save are replayed into the log
            return stored_run(store, int(arg))
        except KeyError:
            raise RunFileError(
                f"run {arg}: no such run in {store.path} (`salesim runs` lists them)"
            ) from None


def _practice(arg: str, loaded: Any) -> str | None:
    """Why stored run `arg` is practice (sim.store.practice); None for a file or a run that
    counts."""
    if not loaded.path.startswith("run ") or not arg.isdigit():
        return None
    from sim.store.db import RunStore, StoreError
    from sim.store.practice import first_played, practice_note

    try:
        with RunStore(readonly=True) as store:
            row = store.get(int(arg))
            if row is None:
                return None
            return practice_note(row, store.branches(row.id), first_played(store, row))
    except (StoreError, OSError):
        return None


def run(args: argparse.Namespace) -> int:
    from sim.store.db import StoreError
    from sim.store.runfile import (
        RunFileError,
        events_of,
        load_run_scenario,
        verify_run,
        write_atomic,
    )

    try:
        loaded = load_input(args.input)
        scenario, warnings = load_run_scenario(loaded, args.scenario)
    except RunFileError as e:
        text = str(e)
        return _fail(text, EXIT_INVALID if "cannot load scenario" in text else EXIT_USAGE)
    except StoreError as e:
        return _fail(str(e))
    use_language(args, scenario.metadata.locale)
    for w in warnings:
        print(f"salesim report: warning: {w}", file=sys.stderr)
    log = loaded.log
    if args.verify or not args.trust_log:
        if loaded.commands is None:
            return _fail(
                f"{loaded.path}: a plain event log has no commands to replay, so it cannot be "
                "checked; pass --trust-log to report it as it stands"
            )
        v, log = verify_run(loaded, scenario, want_log=True)
        if not v.ok:
            if args.verify:
                return _fail(v.message)
            print(
                f"salesim report: warning: {v.message}; the report follows the commands "
                "(--trust-log reports the saved log)",
                file=sys.stderr,
            )

    from sim.report import build_debrief, render

    try:
        debrief = build_debrief(
            scenario,
            loaded.seed,
            events_of(log, loaded.path),
            ghost=not args.no_ghost,
            player=loaded.player,
            saved=loaded.saved,
            practice=_practice(args.input, loaded),
        )
        text = render(debrief, args.format)
    except RunFileError as e:
        return _fail(str(e))
    except (KeyError, TypeError, ValueError, IndexError, AttributeError) as e:
        return _fail(
            f"{loaded.path}: the event log does not fit scenario '{scenario.id}' "
            f"({type(e).__name__}: {e}); was it played on another version of the scenario?"
        )
    if args.output:
        try:
            write_atomic(args.output, text)
        except OSError as e:
            return _fail(f"{args.output}: cannot write: {e.strerror or e}")
        print(tr("wrote {path}", path=args.output), file=sys.stderr)
    else:
        sys.stdout.write(text)
        sys.stdout.flush()
    return EXIT_OK
