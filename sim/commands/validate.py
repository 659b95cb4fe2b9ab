"""`salesim validate PATH...`: check scenario files (or every *.yaml/*.yml under folders) and
print every problem. Exit 0 when all are valid, 1 when any is invalid, 2 for usage or I/O
problems (missing or unreadable file, folder without scenario files, unknown id)."""

from __future__ import annotations

import argparse
from pathlib import Path

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="scenario files, folders (searched recursively), or bundled ids such as 'tutorial'",
    )
    parser.add_argument(
        "-q", "--quiet", action="store_true", help="print only problems, no OK lines"
    )
    parser.add_argument(
        "--max",
        type=int,
        default=50,
        metavar="N",
        help="show at most N problems per file (default 50)",
    )


def _expand(arg: str) -> tuple[list[Path], list[object]]:
    """Files for one argument, and diagnostics for arguments that name nothing usable."""
    from sim.scenario import ScenarioError, resolve_scenario
    from sim.scenario.bundled import SUFFIXES
    from sim.scenario.diagnostics import Diagnostic

    path = Path(arg)
    if path.is_dir():
        files = sorted(
            p
            for p in path.rglob("*")
            if p.suffix in SUFFIXES and p.is_file() and not p.name.endswith(".test.yaml")
        )  # test plans (salesim test) live beside scenarios
        if not files:
            return [], [Diagnostic("F003", "folder holds no scenario files (*.yaml, *.yml)", arg)]
        return files, []
    if path.exists():
        return [path], []
    try:
        resolved = resolve_scenario(arg)  # a bundled id such as 'tutorial'
    except ScenarioError as e:
        return [], list(e.diagnostics)
    try:
        return [resolved.resolve().relative_to(Path.cwd())], []
    except ValueError:
        return [resolved], []


def run(args: argparse.Namespace) -> int:
    from sim.scenario import check_file
    from sim.scenario.diagnostics import count_errors, format_report

    files: list[Path] = []
    usage_problems = []
    for arg in args.paths:
        found, problems = _expand(arg)
        files.extend(found)
        usage_problems.extend(problems)
    invalid = io_failed = 0
    for d in usage_problems:
        print(d.format())  # type: ignore[attr-defined]
    for path in dict.fromkeys(files):
        diagnostics = check_file(path)
        errors = count_errors(diagnostics)
        warnings = len(diagnostics) - errors
        if diagnostics:
            print(format_report(diagnostics, limit=max(1, args.max)))
        if any(d.code.startswith("F") for d in diagnostics):
            io_failed += 1
        elif errors:
            invalid += 1
            print(
                f"{path}: invalid ({errors} error{'s' if errors != 1 else ''}"
                f"{f', {warnings} warning' + ('s' if warnings != 1 else '') if warnings else ''})"
            )
        elif not args.quiet:
            extra = f" ({warnings} warning{'s' if warnings != 1 else ''})" if warnings else ""
            print(f"{path}: OK{extra}")
    if len(files) > 1:
        valid = len(files) - invalid - io_failed
        print(
            f"{len(files)} files checked: {valid} valid, {invalid} invalid"
            + (f", {io_failed} unreadable" if io_failed else "")
        )
    if usage_problems or io_failed:
        return EXIT_USAGE
    return EXIT_INVALID if invalid else EXIT_OK
