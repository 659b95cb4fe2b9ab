"""`salesim runs`: list the runs in the store, or add run files to it.

Each run has an id for `salesim report RUN_ID` and `salesim play --resume RUN_ID`.
Unfinished runs have no score or grade ("unfinished at day N"); practice runs (what-if
branches, a run a what-if was branched from before it ended, and a replay of a seed the
player had already started) are marked as such. The store lives in the user data
directory (`$SALESIM_HOME` overrides it); a read-only store is listed all the same.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from sim.commands.lang import add_lang_argument, ljust, rjust, use_language, width
from sim.i18n import N_, _, tr

if TYPE_CHECKING:  # pragma: no cover
    from sim.store.db import RunRow, RunStore

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--scenario", metavar="ID", help="only runs of this scenario")
    p.add_argument(
        "--trainee", "--player", dest="trainee", metavar="NAME", help="only runs of this trainee"
    )
    p.add_argument(
        "--add",
        metavar="RUNFILE",
        nargs="+",
        help="check (replay), score and store these run files, then list; a run already "
        "stored (the same run `salesim import` would skip) is not stored again",
    )
    p.add_argument("--json", action="store_true", help="print the list as JSON")
    add_lang_argument(p)


HEADER = (
    N_("ID"),
    N_("DATE"),
    N_("SCENARIO"),
    N_("SEED"),
    N_("PLAYER"),
    N_("SCORE"),
    N_("GRADE"),
    N_("REVENUE"),
    "",
)
"""The columns of the list (the JSON keeps its own keys)."""


def _add(paths: list[str], store: RunStore) -> int:
    from sim.engine.scoring import score_log
    from sim.store.db import fingerprint
    from sim.store.runfile import RunFileError, load_run_scenario, read_run, verify_run

    for path in paths:
        try:
            loaded = read_run(path)
            scenario, warnings = load_run_scenario(loaded)
        except RunFileError as e:
            print(f"salesim runs: {e}", file=sys.stderr)
            return EXIT_USAGE
        for w in warnings:
            print(f"salesim runs: warning: {w}", file=sys.stderr)
        if loaded.commands is not None:
            v = verify_run(loaded, scenario)
            if not v.ok:
                print(f"salesim runs: not stored: {v.message}", file=sys.stderr)
                return EXIT_USAGE
        try:
            card = score_log(scenario, loaded.events())
        except (KeyError, TypeError, ValueError, RunFileError) as e:
            print(
                f"salesim runs: {path}: the log does not fit scenario '{scenario.id}' ({e})",
                file=sys.stderr,
            )
            return EXIT_USAGE
        document = loaded.document()
        if loaded.commands is not None:  # the identity `salesim import` uses for a run file
            same = store.by_fingerprint(fingerprint(document))
            if same is not None:
                print(f"{path}: already here as run {same.id}; not stored again", file=sys.stderr)
                continue
        run_id = store.save_run(
            document,
            total=card.total,
            grade=card.grade or None,
            scores={d.id: d.score for d in card.dimensions},
        )
        print(f"stored {path} as run {run_id}", file=sys.stderr)
    return EXIT_OK


def run(args: argparse.Namespace) -> int:
    from sim.store.db import RunStore, StoreError

    try:
        with RunStore() as store:
            if args.add:
                code = _add(args.add, store)
                if code:
                    return code
            rows = store.list_runs(args.scenario, player=args.trainee)
            path = store.path
    except StoreError as e:
        print(f"salesim runs: {e}", file=sys.stderr)
        return EXIT_USAGE
    if args.json:
        out = [
            {
                "id": r.id,
                "created": r.created,
                "scenario": r.scenario,
                "source": r.source,
                "seed": r.seed,
                "player": r.player,
                "score": r.total,
                "grade": r.grade,
                "revenue": r.revenue,
                "finished": r.finished,
                "status": r.status,
                "day": r.day,
                "kind": r.kind,
                "parent": r.parent,
                "scores": dict(r.scores),
                "updated": r.updated,
            }
            for r in rows
        ]
        print(json.dumps(out, indent=2, ensure_ascii=False))
        return EXIT_OK
    use_language(args)
    if not rows:
        message = (
            tr(
                "No saved runs of scenario '{scenario}' (store: {path}).",
                scenario=args.scenario,
                path=path,
            )
            if args.scenario
            else tr("No saved runs (store: {path}).", path=path)
        )
        print(message, file=sys.stderr)
        return EXIT_OK
    branches: dict[int, list[int]] = {}
    first: dict[tuple[str, int, str | None], int] = {}  # each player's first run on a seed
    for r in sorted(rows, key=lambda r: r.id):
        if r.parent is not None:
            branches.setdefault(r.parent, []).append(r.id)
        first.setdefault((r.scenario, r.seed, r.player), r.id)
    header = tuple(_(h) if h else h for h in HEADER)
    table = [header] + [
        (
            str(r.id),
            _clean(r.created),
            _clean(r.scenario),
            str(r.seed),
            _clean(r.player or "-"),
            f"{r.total:.1f}" if r.total is not None else "-",
            r.grade or "-",
            f"{r.revenue:,.0f}" if r.revenue is not None else "-",
            _note(r, branches.get(r.id, []), first[(r.scenario, r.seed, r.player)]),
        )
        for r in rows
    ]
    widths = [width([row[i] for row in table]) for i in range(len(header))]
    right = {0, 3, 5, 7}
    for row in table:
        cells = [
            rjust(c, w) if i in right else ljust(c, w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ]
        print("  ".join(cells).rstrip())
    return EXIT_OK


def _note(r: RunRow, branches: list[int], first: int) -> str:
    from sim.store.practice import practice_note

    parts = [] if r.finished else [status(r.finished, r.day)]
    note = practice_note(r, branches, first if first < r.id else None)
    if note:
        parts.append(note)
    return ", ".join(parts)


def status(finished: bool, day: int | None) -> str:
    """'finished', or 'unfinished at day N', in the language shown."""
    if finished:
        return _("finished")
    return tr("unfinished at day {day}", day=day) if day else _("unfinished")


def _clean(text: str) -> str:
    """A player name as one printable line (it is user input; no terminal control codes)."""
    return "".join(ch if ch.isprintable() else "?" for ch in text)[:40]
