"""`salesim list`: the bundled scenarios with their difficulty, playing time, lesson and title."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--paths", action="store_true", help="also print where each file is")


def run(args: argparse.Namespace) -> int:
    from rich.cells import cell_len

    from sim.scenario import ScenarioError, bundled_scenarios, load_scenario

    found = bundled_scenarios()
    if not found:
        print("no bundled scenarios found")
        return 2
    rows: list[tuple[str, str, str, str, str, Path]] = []
    keys: dict[str, tuple[int, int, str]] = {}
    for sid, path in found:
        try:
            s = load_scenario(path)
            keys[sid] = s.metadata.ladder_key
            rows.append(
                (
                    sid,
                    s.metadata.difficulty,
                    f"{s.metadata.minutes} min",
                    s.metadata.lesson or "-",
                    s.metadata.title,
                    path,
                )
            )
        except ScenarioError as e:
            rows.append(
                (
                    sid,
                    "-",
                    "-",
                    "-",
                    f"(invalid: {len(e.diagnostics)} problems; run 'salesim validate {sid}')",
                    path,
                )
            )
    rows.sort(key=lambda r: (keys.get(r[0], (99, 0, "")), r[0]))  # the ladder, first rung first
    w_id = max(len(r[0]) for r in rows)
    w_diff = max(len(r[1]) for r in rows)
    w_min = max(len(r[2]) for r in rows)
    w_lesson = max(cell_len(r[3]) for r in rows)  # a Chinese lesson takes two cells a character
    for sid, diff, minutes, lesson, title, path in rows:
        pad = " " * (w_lesson - cell_len(lesson))
        line = f"{sid:<{w_id}}  {diff:<{w_diff}}  {minutes:>{w_min}}  {lesson}{pad}  {title}"
        print(line + (f"  [{path}]" if args.paths else ""))
    return 0
