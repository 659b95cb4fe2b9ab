"""The trainer's view of a cohort: every stored run re-scored from its log, gathered per
scenario (leaderboard, each dimension's spread, the rules broken most, the expert bot on the
same seeds) and per trainee (their runs, with links to each debrief).

`gather(store)` builds the model; `sim.classroom.cohort_html.render_cohort` draws the page.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from sim.engine.events import Event
from sim.engine.scoring import Scorecard, score_log
from sim.scenario.model import Scenario
from sim.store.db import RunRow, RunStore, StoreError
from sim.store.runfile import RunFileError, from_document, load_run_scenario

NO_NAME = "(no name)"


@dataclass(frozen=True)
class RunResult:
    """One stored run, re-scored, with the expert bot's score on the same seed."""

    id: int
    trainee: str
    scenario: str
    title: str
    seed: int
    created: str
    finished: bool
    total: float
    grade: str
    dims: dict[str, float]
    """Score (0-100) per dimension id."""
    broken: tuple[tuple[str, str, str, str, float], ...]
    """Rules that cost points: (dimension id, rule, text, source, points)."""
    expert_total: float
    expert_dims: dict[str, float]


@dataclass(frozen=True)
class RuleBroken:
    """One rule across the cohort: how often it cost points, and whom."""

    dimension: str
    rule: str
    text: str
    source: str
    times: int
    trainees: int
    points: float


@dataclass
class ScenarioCohort:
    """Everything about one scenario's runs."""

    id: str
    title: str
    dimensions: list[tuple[str, str]]
    """(id, label) in the scenario's order."""
    runs: list[RunResult] = field(default_factory=list)

    @property
    def finished(self) -> list[RunResult]:
        return [r for r in self.runs if r.finished]

    def leaderboard(self) -> list[RunResult]:
        """Each trainee's best finished run, best first."""
        best: dict[str, RunResult] = {}
        for r in self.finished:
            if r.trainee not in best or r.total > best[r.trainee].total:
                best[r.trainee] = r
        return sorted(best.values(), key=lambda r: (-r.total, r.trainee.casefold(), r.id))

    def rules_broken(self, limit: int = 10) -> list[RuleBroken]:
        """The rules that cost the most trainees points (then the most points)."""
        groups: dict[tuple[str, str], list[tuple[RunResult, Any]]] = {}
        for r in self.runs:
            for b in r.broken:
                groups.setdefault((b[0], b[1]), []).append((r, b))
        rows = [
            RuleBroken(
                dimension=dim,
                rule=rule,
                text=items[0][1][2],
                source=items[0][1][3],
                times=len(items),
                trainees=len({r.trainee for r, _ in items}),
                points=round(sum(b[4] for _, b in items), 1),
            )
            for (dim, rule), items in groups.items()
        ]
        rows.sort(key=lambda x: (-x.trainees, x.points, x.rule))
        return rows[:limit]


@dataclass
class Cohort:
    """The whole page's data."""

    scenarios: list[ScenarioCohort]
    problems: list[str]
    """Runs that could not be re-scored, with the reason."""
    since: str | None = None
    only: str | None = None
    store: str = ""

    def trainees(self) -> dict[str, list[RunResult]]:
        """Each trainee's runs, newest first; trainees by name."""
        out: dict[str, list[RunResult]] = {}
        for sc in self.scenarios:
            for r in sc.runs:
                out.setdefault(r.trainee, []).append(r)
        return {
            k: sorted(v, key=lambda r: -r.id)
            for k, v in sorted(out.items(), key=lambda kv: kv[0].casefold())
        }


def median(values: Iterable[float]) -> float | None:
    vs = list(values)
    return round(statistics.median(vs), 1) if vs else None


_EXPERT: dict[tuple[str, str, str, int], Scorecard] = {}


def _expert(scenario: Scenario, seed: int) -> Scorecard:
    """The expert bot's scorecard on a seed (kept: a served page asks again and again)."""
    from sim.report.debrief import ghost_scorecard
    from sim.store.runfile import scenario_sha256

    key = (scenario.id, scenario.path, scenario_sha256(scenario) or "", seed)
    if key not in _EXPERT:
        if len(_EXPERT) > 2048:
            _EXPERT.clear()
        _EXPERT[key] = ghost_scorecard(scenario, seed)
    return _EXPERT[key]


def _result(row: RunRow, log: list[Event], scenario: Scenario) -> RunResult:
    card = score_log(scenario, log)
    ghost = _expert(scenario, row.seed)
    return RunResult(
        id=row.id,
        trainee=(row.player or "").strip() or NO_NAME,
        scenario=scenario.id,
        title=scenario.metadata.title,
        seed=row.seed,
        created=row.created,
        finished=row.finished,
        total=card.total,
        grade=card.grade if row.finished else "",
        dims={d.id: d.score for d in card.dimensions},
        broken=tuple(
            (e.dimension, e.rule, e.text, e.source, e.points)
            for d in card.dimensions
            for e in d.entries
            if e.points < 0
        ),
        expert_total=ghost.total,
        expert_dims={d.id: d.score for d in ghost.dimensions},
    )


def gather(store: RunStore, *, since: str | None = None, scenario: str | None = None) -> Cohort:
    """Re-score every run in `store` (from `since`, an ISO date; of one scenario id)."""
    loaded: dict[tuple[str, str], Scenario] = {}
    by_id: dict[str, ScenarioCohort] = {}
    problems: list[str] = []
    for row in sorted(store.list_runs(scenario), key=lambda r: r.id):
        if since and row.created < since:
            continue
        if getattr(row, "kind", "play") == "practice":
            continue  # what-if branches are practice: never a result
        try:
            run = from_document(store.load_run(row.id), f"run {row.id}")
            key = (run.scenario_source or "", run.scenario_id)
            if key not in loaded:
                loaded[key] = load_run_scenario(run)[0]
            sc = loaded[key]
            result = _result(row, run.events(), sc)
        except (RunFileError, StoreError, KeyError, TypeError, ValueError) as e:
            problems.append(f"run {row.id}: {str(e).splitlines()[0]}")
            continue
        group = by_id.get(sc.id)
        if group is None:
            group = by_id[sc.id] = ScenarioCohort(
                sc.id, sc.metadata.title, [(d.id, d.label) for d in sc.scoring.dimensions]
            )
        group.runs.append(result)
    return Cohort(
        sorted(by_id.values(), key=lambda g: g.title.casefold()),
        problems,
        since=since,
        only=scenario,
        store=str(getattr(store, "path", "")),
    )


# ---------------------------------------------------------------------- pages for the server
def cohort_page(link: Callable[[int], str] | None = None) -> str:
    """The cohort page of the default store (what `/cohort` serves)."""
    from sim.classroom.cohort_html import render_cohort

    with RunStore() as store:
        cohort = gather(store)
    return render_cohort(cohort, link or (lambda run_id: f"cohort/runs/{run_id}"))


def run_page(run_id: int) -> str | None:
    """One stored run's HTML debrief (None when there is no such run)."""
    from sim.report import build_debrief, render

    with RunStore() as store:
        try:
            doc = store.load_run(run_id)
        except KeyError:
            return None
    run = from_document(doc, f"run {run_id}")
    scenario, _ = load_run_scenario(run)
    debrief = build_debrief(
        scenario, run.seed, run.events(), ghost=True, player=run.player, saved=run.saved
    )
    return render(debrief, "html")
