"""`salesim schema`: print the JSON Schema of the scenario format (stable, sorted JSON), or
write it to a file; `--markdown` prints the field reference used in docs/scenario-format.md."""

from __future__ import annotations

import argparse
import sys


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-o", "--output", metavar="FILE", help="write to FILE instead of standard output"
    )
    parser.add_argument(
        "--markdown", action="store_true", help="print the field reference as Markdown tables"
    )


def run(args: argparse.Namespace) -> int:
    from sim.scenario.schema import markdown_reference, schema_json

    text = markdown_reference() if args.markdown else schema_json()
    if args.output:
        try:
            with open(args.output, "w", encoding="utf-8", newline="\n") as f:
                f.write(text)
        except OSError as e:
            print(f"salesim schema: cannot write {args.output}: {e.strerror or e}", file=sys.stderr)
            return 2
        return 0
    sys.stdout.write(text)
    return 0
