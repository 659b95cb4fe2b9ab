"""`salesim list`: the bundled scenarios with their difficulty, playing time, lesson and title."""

from __future__ import annotations

import argparse
from pathlib import Path

from sim.commands.lang import add_lang_argument, ljust, rjust, use_language, width
from sim.i18n import _, tr


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--paths", action="store_true", help="also print where each file is")
    add_lang_argument(parser)


def run(args: argparse.Namespace) -> int:
    from sim.scenario import ScenarioError, bundled_scenarios, load_scenario

    use_language(args)
    found = bundled_scenarios()
    if not found:
        print(_("no bundled scenarios found"))
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
                    _(s.metadata.difficulty),
                    tr("{minutes} min", minutes=s.metadata.minutes),
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
                    tr(
                        "(invalid: {n} problems; run 'salesim validate {id}')",
                        n=len(e.diagnostics),
                        id=sid,
                    ),
                    path,
                )
            )
    rows.sort(key=lambda r: (keys.get(r[0], (99, 0, "")), r[0]))  # the ladder, first rung first
    # widths in terminal cells: a Chinese character takes two
    w_id, w_diff, w_min, w_lesson = (width([str(r[k]) for r in rows]) for k in range(4))
    for sid, diff, minutes, lesson, title, path in rows:
        line = (
            f"{ljust(sid, w_id)}  {ljust(diff, w_diff)}  {rjust(minutes, w_min)}  "
            f"{ljust(lesson, w_lesson)}  {title}"
        )
        print(line + (f"  [{path}]" if args.paths else ""))
    return 0
