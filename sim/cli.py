"""The `salesim` command line: one sub-command per job, each implemented in `sim.commands`.

Sub-command modules are imported only when chosen, so `salesim validate` never pays for
Textual's import.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

# name -> (module in sim.commands, one-line help). Each module has `add_arguments(parser)`
# and `run(args) -> int`.
COMMANDS: dict[str, tuple[str, str]] = {
    "play": ("play", "play a scenario in the terminal (none given: choose on the home screen)"),
    "validate": ("validate", "check scenario files and print every problem found"),
    "schema": ("schema", "print the JSON Schema of the scenario format"),
    "list": ("listing", "list the bundled scenarios"),
    "run": ("run", "play a scripted list of commands headlessly and print the outcome"),
    "simulate": ("simulate", "Monte Carlo: many seeded runs per bot policy"),
    "report": ("report", "export the debrief of a saved run as Markdown, HTML or JSON"),
    "runs": ("runs", "list saved runs (ids for `salesim report RUN_ID`), or add run files"),
    "history": ("history", "past runs by scenario: scores, each dimension, the trend"),
    "export": ("export", "export runs for a trainer: CSV for a spreadsheet, JSON to import"),
    "import": ("import_", "merge exports or run files into this store (re-scored by replay)"),
    "lint": (
        "lint",
        "find what a valid scenario probably gets wrong (codes L1xx static, L2xx play)",
    ),
    "new": ("new", "start a scenario: a commented starter, its test plan and the schema"),
    "graph": ("graph", "draw a scenario's stages and the moves between them (text, mermaid, dot)"),
    "test": ("plans", "run scenario test plans (NAME.test.yaml) and report like pytest"),
    "serve": ("serve", "serve the game to browsers for a classroom, with the trainer's page"),
    "cohort": ("cohort", "the trainer's page of a cohort's results (HTML)"),
}

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2

STORE_COMMANDS = {
    "play",
    "run",
    "runs",
    "report",
    "history",
    "export",
    "import",
    "cohort",
    "serve",
    "resume",
}
"""Commands that read or write the run store: each takes `--db URL`."""


def build_parser(selected: str | None = None) -> argparse.ArgumentParser:
    """The argument parser. Only the `selected` command's module is imported (all of them
    when None), so a command never pays for, or breaks on, another command's imports."""
    parser = argparse.ArgumentParser(
        prog="salesim",
        description="A sales-training simulation game for the terminal.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (module_name, help_text) in COMMANDS.items():
        p = sub.add_parser(name, help=help_text, description=help_text)
        if selected is not None and name != selected:
            continue
        module = importlib.import_module(f"sim.commands.{module_name}")
        module.add_arguments(p)
        if name in STORE_COMMANDS and "--db" not in p._option_string_actions:
            p.add_argument(
                "--db",
                metavar="URL",
                help="the run store: postgresql://user:pass@host/db, or a SQLite file "
                "(default: $SALESIM_DB, else runs.db in $SALESIM_HOME)",
            )
        p.set_defaults(_module=module)
    return parser


def _selected(argv: Sequence[str]) -> str | None:
    for arg in argv:
        if not arg.startswith("-"):
            return arg if arg in COMMANDS else None
    return None


def _safe_streams() -> None:
    """Output can never fail to encode: a lone surrogate from an untrusted file, or a
    customer name on a terminal that is not UTF-8, is written as a backslash escape."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(errors="backslashreplace")
            except (ValueError, OSError):  # pragma: no cover - a detached or closed stream
                pass


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    _safe_streams()
    chosen = _selected(argv)
    parser = build_parser(chosen or "")
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    if getattr(args, "db", None):
        os.environ["SALESIM_DB"] = args.db  # every store opened from here on (and children)
    try:
        return int(args._module.run(args))
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except MemoryError:
        print(f"salesim {args.command}: out of memory", file=sys.stderr)
        return EXIT_INVALID
    except Exception as e:  # a bug: say so in one line (SALESIM_DEBUG=1 shows the traceback)
        if os.environ.get("SALESIM_DEBUG"):
            raise
        print(
            f"salesim {args.command}: internal error: {type(e).__name__}: {e} "
            "(please report it; SALESIM_DEBUG=1 shows the traceback)",
            file=sys.stderr,
        )
        return 70


if __name__ == "__main__":
    raise SystemExit(main())
