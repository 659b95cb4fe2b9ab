"""Cohort exports and imports: one record per run with its trainee, scenario version, seed,
dates, status, score and each dimension, the rules broken most, and (in JSON) the run whole,
so that another machine can import it and re-score it by replay.

`export_records` reads the store; `to_csv` / `to_json` format; `import_runs` merges exports
or run files into a store idempotently, trusting nothing the files state.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sim.store.db import RunRow, RunStore, fingerprint
from sim.store.runfile import RunFileError, from_document, load_run_scenario

if TYPE_CHECKING:  # pragma: no cover
    from sim.engine.scoring import Scorecard
    from sim.scenario.model import Scenario

EXPORT_FORMAT = "salesim-export/1"
"""The `format` of a JSON cohort export."""

CSV_COLUMNS = (
    "run",
    "uid",
    "trainee",
    "scenario",
    "scenario_sha256",
    "seed",
    "kind",
    "parent_uid",
    "started",
    "updated",
    "status",
    "day",
    "score",
    "grade",
    "revenue",
)
"""Fixed leading CSV columns; one `dim:<id>` column per dimension follows, then
`rules_broken_most`."""

SCORE_TOLERANCE = 0.05
"""A stated score may differ from the replayed one by rounding only."""


@dataclass
class ImportReport:
    """What `import_runs` did, run by run (each list holds one sentence per run)."""

    stored: list[str] = field(default_factory=list)
    already: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


class _Scenarios:
    """Scenarios loaded once per (id, source)."""

    def __init__(self) -> None:
        self.cache: dict[tuple[str, str | None], tuple[Scenario, list[str]]] = {}

    def get(self, loaded: Any) -> tuple[Scenario, list[str]]:
        key = (loaded.scenario_id, loaded.scenario_source)
        if key not in self.cache:
            self.cache[key] = load_run_scenario(loaded)
        return self.cache[key]


def rules_broken_most(card: Scorecard, n: int = 3) -> list[tuple[str, int]]:
    """The rules that cost points most often in a scorecard: (rule id, times)."""
    counts: Counter[str] = Counter()
    for d in card.dimensions:
        for e in d.entries:
            if e.points < 0:
                counts[e.rule] += 1
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:n]


# ---------------------------------------------------------------------- export
def export_records(
    store: RunStore,
    *,
    trainee: str | None = None,
    scenario: str | None = None,
    since: str | None = None,
    until: str | None = None,
    practice: bool = False,
    warnings: list[str] | None = None,
) -> list[dict[str, Any]]:
    """One record per matching run, oldest first: the row's facts, the rules broken most
    (from scoring its log), and the run document itself."""
    from sim.engine.scoring import score_log
    from sim.store.resume import stored_run

    rows = [
        r
        for r in reversed(store.list_runs(scenario, player=trainee))
        if (practice or not r.practice)
        and (since is None or r.created >= since)
        and (until is None or r.created <= until)
    ]
    uids = {r.id: r.uid for r in store.list_runs()}
    scenarios = _Scenarios()
    out = []
    for r in rows:
        loaded = stored_run(store, r.id)
        broken: list[tuple[str, int]] = []
        try:
            sc, warn = scenarios.get(loaded)
            if warnings is not None:
                warnings.extend(w for w in warn if w not in warnings)
            broken = rules_broken_most(score_log(sc, loaded.events()))
        except RunFileError as e:
            if warnings is not None:
                warnings.append(f"run {r.id}: rules not listed: {e}")
        out.append(_record(r, uids.get(r.parent) if r.parent else None, broken, loaded.document()))
    return out


def _record(
    r: RunRow, parent_uid: str | None, broken: Sequence[tuple[str, int]], doc: Mapping[str, Any]
) -> dict[str, Any]:
    return {
        "run": r.id,
        "uid": r.uid,
        "trainee": r.player,
        "scenario": r.scenario,
        "scenario_sha256": r.scenario_sha256,
        "seed": r.seed,
        "kind": r.kind,
        "parent_uid": parent_uid,
        "started": r.created,
        "updated": r.updated,
        "status": r.status,
        "day": r.day,
        "score": r.total,
        "grade": r.grade,
        "revenue": r.revenue,
        "scores": dict(r.scores),
        "rules_broken_most": [{"rule": k, "times": n} for k, n in broken],
        "document": dict(doc),
    }


def to_json(records: Sequence[Mapping[str, Any]], exported: str) -> str:
    """A `salesim-export/1` document: every run whole (commands included)."""
    head = json.dumps({"format": EXPORT_FORMAT, "exported": exported}, ensure_ascii=False)
    runs = ",\n".join(
        json.dumps(r, ensure_ascii=False, separators=(",", ":")) for r in records
    )  # one run per line: compact, and diffs stay readable
    return head[:-1] + ', "runs": [\n' + runs + "\n]}\n"


def to_csv(records: Sequence[Mapping[str, Any]]) -> str:
    """One row per run with a header; dimension columns are `dim:<id>` in first-seen order."""
    dims: list[str] = []
    for rec in records:
        for d in rec["scores"]:
            if d not in dims:
                dims.append(d)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow([*CSV_COLUMNS, *(f"dim:{d}" for d in dims), "rules_broken_most"])
    for rec in records:
        w.writerow(
            [_cell(rec[c]) for c in CSV_COLUMNS]
            + [_cell(rec["scores"].get(d)) for d in dims]
            + ["; ".join(f"{x['rule']} ×{x['times']}" for x in rec["rules_broken_most"])]
        )
    return buf.getvalue()


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return f"{v:.1f}" if math.isfinite(v) else ""
    text = str(v)
    # a name typed by a trainee must not become a spreadsheet formula
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


# ---------------------------------------------------------------------- import
def _entries(text: str, name: str) -> list[tuple[str, dict[str, Any], Mapping[str, Any]]]:
    """(label, run document, stated facts) for each run in an export or a run file."""
    try:
        data = json.loads(text)
    except ValueError as e:
        raise RunFileError(f"{name}: not JSON ({e})") from None
    if isinstance(data, dict) and data.get("format") == EXPORT_FORMAT:
        runs = data.get("runs")
        if not isinstance(runs, list):
            raise RunFileError(f"{name}: 'runs' must be a list")
        out: list[tuple[str, dict[str, Any], Mapping[str, Any]]] = []
        for n, rec in enumerate(runs, 1):
            if not isinstance(rec, dict) or not isinstance(rec.get("document"), dict):
                raise RunFileError(f"{name}: run {n} has no run document")
            out.append((f"{name} run {n}", rec["document"], rec))
        return out
    if isinstance(data, dict) and data.get("format") == "salesim-run/1":
        return [(name, data, {})]
    raise RunFileError(
        f"{name}: neither a salesim export ({EXPORT_FORMAT}) nor a run file (salesim-run/1)"
    )


def import_runs(store: RunStore, files: Iterable[tuple[str, str]]) -> ImportReport:
    """Merge runs from (name, text) files into `store`. Each run is replayed from its
    commands on its scenario and re-scored; a run whose log or stated score does not follow
    from its commands is refused. Importing the same run twice stores it once; a different
    run under an identity already here is reported as a conflict and left alone."""
    from sim.engine.game import replay
    from sim.engine.scoring import score_game
    from sim.store.runfile import verify_run

    rep = ImportReport()
    scenarios = _Scenarios()
    pending_parents: list[tuple[int, str]] = []
    for name, text in files:
        try:
            entries = _entries(text, name)
        except RunFileError as e:
            rep.refused.append(str(e))
            continue
        for label, doc, stated in entries:
            try:
                loaded = from_document(doc, label)
                sc, warn = scenarios.get(loaded)
            except RunFileError as e:
                rep.refused.append(str(e))
                continue
            rep.warnings.extend(w for w in warn if w not in rep.warnings)
            v = verify_run(loaded, sc)
            if not v.ok:
                rep.refused.append(
                    f"{v.message}: its commands do not replay to its log (edited?); not imported"
                )
                continue
            game = replay(sc, loaded.seed, loaded.command_list(), loaded.draws)
            card = score_game(game) if game.over else None
            said = stated.get("score")
            if said is not None and (
                card is None
                or not isinstance(said, (int, float))
                or abs(float(said) - card.total) > SCORE_TOLERANCE
            ):
                got = f"{card.total:.1f}" if card else "no score (unfinished)"
                rep.refused.append(
                    f"{label}: states score {said} but its commands replay to {got}; not imported"
                )
                continue
            clean = loaded.document()
            fp = fingerprint(clean)
            uid = stated.get("uid") if isinstance(stated.get("uid"), str) else None
            if uid:
                found = store.by_uid(uid)
                if found is not None:
                    row, have_fp = found
                    if have_fp == fp:
                        rep.already.append(f"{label}: already here as run {row.id}")
                    else:
                        rep.conflicts.append(
                            f"{label}: run {uid[:8]} is already here as run {row.id} with "
                            "different commands; kept the stored one (export it again from "
                            "the machine that has the newer run and compare)"
                        )
                    continue
            else:
                same = store.by_fingerprint(fp)
                if same is not None:
                    rep.already.append(f"{label}: already here as run {same.id}")
                    continue
            kind = "practice" if stated.get("kind") == "practice" else "play"
            run_id = store.save_run(
                clean,
                total=card.total if card else None,
                grade=(card.grade or None) if card else None,
                scores={d.id: d.score for d in card.dimensions} if card else None,
                created=stated.get("started") if isinstance(stated.get("started"), str) else None,
                kind=kind,
                uid=uid,
            )
            if isinstance(stated.get("parent_uid"), str):
                pending_parents.append((run_id, stated["parent_uid"]))
            rep.stored.append(
                f"{label}: stored as run {run_id}"
                + (f" (score {card.total:.1f})" if card else " (unfinished)")
            )
    for run_id, parent_uid in pending_parents:
        found = store.by_uid(parent_uid)
        if found is not None:
            store.link_parent(run_id, found[0].id)
    return rep
