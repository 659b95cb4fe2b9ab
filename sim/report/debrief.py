"""The debrief model: everything a report shows, computed from (scenario, seed, log).

Pure data, no rendering: the scorecard and the ghost's (the expert bot on the same seed),
the per-dimension comparison, the key moments with who/what/when and what would have been
better, the funnel by stage, the pipeline value at the end of each day (a fold of the log),
outcome figures and the deals. The renderers in this package only format it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sim.engine import events as E
from sim.engine.committee import work_lines
from sim.engine.fmt import DEFAULT_LOCALE, Formatter
from sim.engine.history import History, PipelineDay, fold, weighted
from sim.engine.objections import answered_lines, objection_lines
from sim.engine.scoring import Entry, Scorecard, score_log
from sim.i18n import N_, _, phrase, tr
from sim.report.moments import (
    HUNCH_RULES,
    Decision,
    GhostLine,
    evidence_better,
    gate_better,
    ghost_diff,
    odds_text,
    profile_text,
    worst_candidates,
)
from sim.report.notebook import NotebookEntry, notebook

__all__ = ["GhostLine", "PipelineDay", "key_moments", "profile_text"]

if TYPE_CHECKING:  # pragma: no cover
    from sim.scenario.model import Scenario

FORMAT = "salesim-debrief/1"

EVENT_LABELS = {
    "inbound_slow": N_("Slow answer to a new lead"),
    "rotting": N_("Deal left idle"),
    "rotting_summary": N_("Deals still left idle"),
    "overcontact": N_("Too many contacts in a day"),
    "reminder_missed": N_("Missed a scheduled next step"),
    "forecast": N_("Forecast committed"),
    "forecast_missed": N_("No forecast at the checkpoint"),
    "gone_cold": N_("Deal went cold"),
}
"""How the log's non-action events read as the 'action' of a key moment."""


@dataclass(frozen=True, slots=True)
class Moment:
    """A key moment: one scored decision, with who, what, when and what would have been better."""

    kind: str
    """'best' or 'worst'."""
    rank: int
    """1-based rank within its kind."""
    seq: int | None
    day: int | None
    customer: int | None
    contact: str
    company: str
    action: str
    """The action's (or event's) label."""
    dimension: str
    """The dimension's label."""
    rule: str
    points: float
    text: str
    better: str
    source: str
    chance: float | None = None
    """The odds when the decision was taken (None for an omission)."""
    success: bool | None = None
    odds: str = ""
    """The dice told apart from the decision: 'won at 18% odds: lucky; the gate was unmet'."""
    rating: str = ""
    """How the coach rated the decision when it was taken (good / neutral / harmful)."""


@dataclass(frozen=True, slots=True)
class RuleSummary:
    """All the entries of one rule within a dimension, summed."""

    rule: str
    count: int
    points: float
    example: str
    source: str


@dataclass(frozen=True, slots=True)
class DimensionRow:
    """One scorecard dimension, the trainee's score against the ghost's."""

    id: str
    label: str
    weight: float
    score: float
    contribution: float
    ghost: float | None
    ghost_contribution: float | None
    tip: str
    needs_work: bool
    """Scored below 70, or 10+ points below the ghost: the tip is worth showing."""
    rules: tuple[RuleSummary, ...]


@dataclass(frozen=True, slots=True)
class FunnelStage:
    """How many deals reached a stage (or beyond), and where they ended."""

    id: str
    label: str
    probability: int
    reached: int
    value: float
    """Total value of the deals that reached it (at arrival)."""
    open_here: int
    lost_here: int
    conversion: float | None
    """reached ÷ reached at the stage before (None for the first)."""


@dataclass(frozen=True, slots=True)
class Deal:
    """One customer's deal as it ended."""

    customer: int
    contact: str
    company: str
    persona: str
    inbound: bool
    value: float
    stage: str
    """Label of the stage it ended in."""
    result: str
    """'won', 'lost', 'disqualified' or 'open'."""
    arrived: int
    closed: int | None


@dataclass(frozen=True, slots=True)
class Debrief:
    """Everything a report shows. Build it with `build_debrief`."""

    scenario_id: str
    title: str
    summary: str
    currency: str
    seed: int
    player: str | None
    saved: str | None
    days: int
    days_played: int
    finished: bool
    total: float
    grade: str
    grade_text: str
    ghost_total: float | None
    ghost_grade: str | None
    outcome: Mapping[str, Any]
    ghost_outcome: Mapping[str, Any] | None
    forecast: Mapping[str, Any]
    dimensions: tuple[DimensionRow, ...]
    best: tuple[Moment, ...]
    worst: tuple[Moment, ...]
    funnel: tuple[FunnelStage, ...]
    pipeline: tuple[PipelineDay, ...]
    deals: tuple[Deal, ...]
    scorecard: Scorecard
    ghost_scorecard: Scorecard | None
    notebook: tuple[NotebookEntry, ...] = ()
    """The notes and next steps the trainee wrote (sim.report.notebook)."""
    ghost_diff: tuple[GhostLine, ...] = ()
    """For the customers that mattered most: what you did and what the expert did."""
    objections_left: tuple[str, ...] = ()
    """Objections buyers raised that nobody answered ('Acme (#3): “I need my boss”, day 4')."""
    objections_answered: tuple[str, ...] = ()
    """Objections answered, when and with what (sim.engine.objections.answered_lines)."""
    committee_work: tuple[str, ...] = ()
    """Who on each buying committee was worked, on the deals won or still open
    (sim.engine.committee.work_lines); empty without committees."""
    locale: str = DEFAULT_LOCALE
    """The scenario's locale: money and numbers are written as it writes them."""
    practice: str | None = None
    """Why this run is practice and counts for nothing (sim.store.practice); None: it counts."""

    @property
    def fm(self) -> Formatter:
        """Money in the scenario's currency and locale (the same text as on screen)."""
        return Formatter(self.currency, self.locale)

    @property
    def status(self) -> str:
        """'finished', or 'unfinished at day N' (then there is no grade, and the ghost is
        the expert bot at the same day)."""
        return "finished" if self.finished else f"unfinished at day {self.days_played}"

    @property
    def timeline(self) -> tuple[Moment, ...]:
        """The key moments in the order they happened."""
        return tuple(sorted(self.best + self.worst, key=lambda m: (m.day or 0, m.seq or 0, m.kind)))

    def to_dict(self) -> dict[str, Any]:
        """Plain data with a fixed key order and no wall-clock values (for JSON)."""

        def obj(x: Any) -> dict[str, Any]:
            return {k: getattr(x, k) for k in x.__slots__}

        return {
            "format": FORMAT,
            "scenario": {
                "id": self.scenario_id,
                "title": self.title,
                "summary": self.summary,
                "currency": self.currency,
                "days": self.days,
            },
            "run": {
                "seed": self.seed,
                "player": self.player,
                "saved": self.saved,
                "days_played": self.days_played,
                "finished": self.finished,
                "status": self.status,
                "practice": self.practice,
            },
            "score": {"total": self.total, "grade": self.grade, "grade_text": self.grade_text},
            "ghost": None
            if self.ghost_scorecard is None
            else {
                "policy": "expert",
                "total": self.ghost_total,
                "grade": self.ghost_grade,
                "outcome": dict(self.ghost_outcome or {}),
                "differences": [obj(g) for g in self.ghost_diff],
            },
            "outcome": dict(self.outcome),
            "forecast": dict(self.forecast),
            "dimensions": [
                {
                    **{k: getattr(d, k) for k in d.__slots__ if k != "rules"},
                    "rules": [obj(r) for r in d.rules],
                }
                for d in self.dimensions
            ],
            "key_moments": {
                "best": [obj(m) for m in self.best],
                "worst": [obj(m) for m in self.worst],
            },
            "timeline": [
                {"day": m.day, "seq": m.seq, "kind": m.kind, "rank": m.rank} for m in self.timeline
            ],
            "funnel": [obj(f) for f in self.funnel],
            "pipeline": [obj(p) for p in self.pipeline],
            "deals": [obj(d) for d in self.deals],
            "scorecard": self.scorecard.to_dict(),
            "notebook": [obj(n) for n in self.notebook],
        }


# ---------------------------------------------------------------------- building
def _identity(
    scenario: Scenario, seed: int, cache: dict[int, Any], index: int | None
) -> tuple[str, str]:
    if index is None:
        return "", ""
    if index not in cache:
        from sim.engine.identity import make_identity

        cache[index] = make_identity(scenario.metadata.locale, seed, index)
    ident = cache[index]
    return ident.contact, ident.company


def _label_of(scenario: Scenario, entry: Entry, by_seq: Mapping[int, E.Event]) -> str:
    action_id = entry.action
    ev = by_seq.get(entry.seq) if entry.seq is not None else None
    if action_id is None and ev is not None:
        if isinstance(ev, E.StageChanged):
            action_id = ev.cause
        elif isinstance(ev, E.DealClosed):
            return _(
                {"won": N_("Deal won"), "disqualified": N_("Disqualified")}.get(
                    ev.reason, N_("Deal lost")
                )
            )
        elif ev.type in EVENT_LABELS:
            return _(EVENT_LABELS[ev.type])
    if not action_id:
        return ""
    for a in scenario.actions:
        if a.id == action_id:
            return a.label
    for e in scenario.events:
        if e.id == action_id:
            return e.label
    return _(EVENT_LABELS[action_id]) if action_id in EVENT_LABELS else action_id


def _moment(
    kind: str,
    rank: int,
    item: Decision | Entry,
    scenario: Scenario,
    seed: int,
    by_seq: Mapping[int, E.Event],
    cache: dict[int, Any],
) -> Moment:
    if isinstance(item, Entry):  # an omission: no decision, no odds
        contact, company = _identity(scenario, seed, cache, item.customer)
        dim = scenario.scoring.dimension(item.dimension)
        return Moment(
            kind,
            rank,
            item.seq,
            item.day,
            item.customer,
            contact,
            company,
            _label_of(scenario, item, by_seq),
            dim.label if dim else item.dimension,
            item.rule,
            item.points,
            item.text,
            (evidence_better(scenario, None) if item.rule in HUNCH_RULES else "") or item.better,
            item.source,
        )
    d = item
    contact, company = _identity(scenario, seed, cache, d.customer)
    sign = -1 if kind == "worst" else 1
    entries = sorted(
        (e for e in d.entries if e.points * sign > 0), key=lambda e: -abs(e.points)
    ) or list(d.entries)
    top = entries[0] if entries else None
    dim = scenario.scoring.dimension(top.dimension) if top else None
    points = round(sum(e.points for e in d.entries if e.points * sign > 0), 2)
    try:
        label = scenario.action(d.action).label
    except KeyError:
        label = d.action
    text = d.advice or (top.text if top else "")
    better = ""
    if kind == "worst":
        better = (d.better or gate_better(scenario, d.stage, d.gate)) if d.gate else ""
        if any(e.rule in HUNCH_RULES for e in d.entries):
            better = better or evidence_better(scenario, d.stage)
        better = better or next((e.better for e in entries if e.better), "")
    return Moment(
        kind,
        rank,
        d.seq,
        d.day,
        d.customer,
        contact,
        company,
        label,
        dim.label if dim else "",
        top.rule if top else d.rating,
        points,
        text,
        better,
        top.source if top else "",
        d.chance,
        d.success,
        odds_text(d),
        d.rating,
    )


def key_moments(
    scenario: Scenario,
    seed: int,
    log: Sequence[E.Event],
    card: Scorecard,
    limit: int = 3,
) -> tuple[tuple[Moment, ...], tuple[Moment, ...]]:
    """(best, worst) key moments: decisions judged apart from their luck (see `moments`)."""
    by_seq = {e.seq: e for e in log}
    cache: dict[int, Any] = {}
    worst, best = worst_candidates(scenario, log, card)
    return (
        tuple(
            _moment("best", i, d, scenario, seed, by_seq, cache)
            for i, (_, d) in enumerate(best[:limit], 1)
        ),
        tuple(
            _moment("worst", i, d, scenario, seed, by_seq, cache)
            for i, (_, d) in enumerate(worst[:limit], 1)
        ),
    )


def _rules(entries: Iterable[Entry]) -> tuple[RuleSummary, ...]:
    groups: dict[str, list[Entry]] = {}
    for e in entries:
        groups.setdefault(e.rule, []).append(e)
    return tuple(
        RuleSummary(rule, len(es), round(sum(e.points for e in es), 2), es[0].text, es[0].source)
        for rule, es in groups.items()
    )


def _funnel(scenario: Scenario, h: History) -> tuple[FunnelStage, ...]:
    rows: list[FunnelStage] = []
    prev: int | None = None
    custs = list(h.deals.values())
    for st in scenario.open_stages:
        reached = [c for c in custs if h.reached(c, scenario) >= st.index]
        n = len(reached)
        rows.append(
            FunnelStage(
                st.id,
                st.label,
                st.probability,
                n,
                round(sum(c.initial for c in reached), 2),
                sum(1 for c in custs if c.result == "open" and c.stage == st.id),
                sum(
                    1
                    for c in custs
                    if c.result in ("lost", "disqualified") and c.last_open == st.id
                ),
                None if prev is None else (round(n / prev, 4) if prev else 0.0),
            )
        )
        prev = n
    won = scenario.won_stage
    won_deals = [c for c in custs if c.result == "won"]
    rows.append(
        FunnelStage(
            won.id,
            won.label,
            won.probability,
            len(won_deals),
            round(sum(c.value for c in won_deals), 2),
            0,
            0,
            None if prev is None else (round(len(won_deals) / prev, 4) if prev else 0.0),
        )
    )
    return tuple(rows)


def _outcome(scenario: Scenario, h: History) -> dict[str, Any]:
    over = h.over
    custs = list(h.deals.values())
    won = [c for c in custs if c.result == "won"]
    lost = [c for c in custs if c.result in ("lost", "disqualified")]
    quota = scenario.scoring.quota
    revenue = round(sum(c.value for c in won), 2)
    cycles = [c.closed.day - c.arrived + 1 for c in won if c.closed is not None]
    opened = h.open_deals()
    pipeline = round(sum(c.value for c in opened), 2)
    win_rate = round(len(won) / (len(won) + len(lost)), 4) if won or lost else 0.0
    cycle = round(sum(cycles) / len(cycles), 2) if cycles else 0.0
    avg_deal = sum(c.initial for c in custs) / len(custs) if custs else 0.0
    out = {
        "revenue": revenue,
        "quota": quota,
        "attainment": round(revenue / quota, 4) if quota else 0.0,
        "won": len(won),
        "lost": sum(1 for c in lost if c.result == "lost"),
        "disqualified": sum(1 for c in lost if c.result == "disqualified"),
        "open": len(opened),
        "customers": len(custs),
        "win_rate": win_rate,
        "cycle_days": cycle,
        "pipeline": pipeline,
        "weighted_pipeline": weighted(scenario, opened),
        "coverage": round(pipeline / quota, 4) if quota else 0.0,
        "velocity": round(len(custs) * avg_deal * win_rate / cycle, 2) if cycle else 0.0,
    }
    if over is not None:  # the engine's own figures are authoritative where they exist
        out.update(
            revenue=over.revenue, won=over.won, win_rate=over.win_rate, cycle_days=over.cycle_days
        )
    return out


def _forecast(card: Scorecard, log: Sequence[E.Event], h: History) -> dict[str, Any]:
    won_value = {i: c.value for i, c in h.deals.items() if c.result == "won"}
    commits: list[dict[str, Any]] = []
    for ev in log:
        if isinstance(ev, E.ForecastCommitted):
            commits.append(
                {
                    "checkpoint": ev.checkpoint,
                    "deals": len(ev.deals),
                    "amount": ev.amount,
                    "actual": round(sum(won_value.get(i, 0.0) for i in ev.open), 2),
                }
            )
        elif isinstance(ev, E.ForecastMissed):
            commits.append(
                {
                    "checkpoint": ev.checkpoint,
                    "deals": 0,
                    "amount": None,
                    "actual": None,
                }
            )
    return {**dict(card.forecast), "commitments": commits}


@dataclass(frozen=True, slots=True)
class Ghost:
    """The expert bot's run on the same scenario and seed: what a debrief compares with.
    Playing it is the costly part of a debrief, so a caller that shows a run more than once
    (the TUI: screen, then export) computes it once with `ghost_run` and passes it on."""

    days: int | None
    """The days it played (None: the whole run)."""
    log: tuple[E.Event, ...]
    card: Scorecard


def ghost_days(log: Sequence[E.Event]) -> int | None:
    """How far the ghost plays to be compared with `log`: the whole run for a finished run,
    the days an unfinished one completed otherwise."""
    if any(isinstance(e, E.GameOver) for e in log):
        return None
    return max(max((e.day for e in log), default=0) - 1, 0)


def ghost_run(scenario: Scenario, seed: int, days: int | None = None) -> Ghost:
    """Play the expert bot on the same scenario and seed (after `days` days; None: the whole
    run) and score it."""
    from sim.engine.bots import make_bot, play
    from sim.engine.game import Game

    log = tuple(play(Game(scenario, seed), make_bot("expert", seed), max_days=days).log)
    return Ghost(days, log, score_log(scenario, log))


def ghost_scorecard(scenario: Scenario, seed: int, days: int | None = None) -> Scorecard:
    """The expert bot's scorecard on the same scenario and seed (after `days` days)."""
    return ghost_run(scenario, seed, days).card


def build_debrief(
    scenario: Scenario,
    seed: int,
    log: Sequence[E.Event],
    *,
    ghost: bool | Ghost | None = True,
    player: str | None = None,
    saved: str | None = None,
    practice: str | None = None,
) -> Debrief:
    """Compute the debrief of a run (finished or not) from its event log. `ghost`: True
    plays the expert for the comparison, a `Ghost` already played is used as it is when it
    played as far as this run needs (`ghost_days`), False/None leaves the ghost out."""
    log = list(log)
    card = score_log(scenario, log)
    h = fold(scenario, log)
    over = h.over
    days_played = h.days_played
    # an unfinished run is compared with the ghost at the same day (the days it completed)
    if isinstance(ghost, Ghost) and ghost.days != ghost_days(log):
        ghost = True  # played to another day: not the comparison this run needs
    if ghost is True:
        ghost = ghost_run(scenario, seed, ghost_days(log))
    glog = ghost.log if isinstance(ghost, Ghost) else None
    gcard = ghost.card if isinstance(ghost, Ghost) else None
    best, worst = key_moments(scenario, seed, log, card)
    cache: dict[int, Any] = {}

    dims = []
    for d in card.dimensions:
        g = gcard.dimension(d.id) if gcard is not None else None
        needs = d.score < 70 or (g is not None and g.score - d.score >= 10)
        dims.append(
            DimensionRow(
                d.id,
                d.label,
                d.weight,
                d.score,
                d.contribution,
                g.score if g else None,
                g.contribution if g else None,
                d.tip,
                needs,
                _rules(d.entries),
            )
        )

    personas = {p.id: p.label for p in scenario.personas}
    deals = []
    stages = {s.id: s for s in scenario.stages}
    for i in sorted(h.deals):
        c = h.deals[i]
        contact, company = _identity(scenario, seed, cache, i)
        deals.append(
            Deal(
                i,
                contact,
                company,
                personas.get(c.persona, c.persona),
                c.inbound,
                c.value,
                stages[c.stage].label,
                c.result,
                c.arrived,
                c.closed_day,
            )
        )

    return Debrief(
        scenario_id=scenario.id,
        title=scenario.title,
        summary=scenario.metadata.summary,
        currency=scenario.metadata.currency,
        locale=scenario.metadata.locale,
        seed=int(seed),
        player=player,
        saved=saved,
        practice=practice,
        days=scenario.calendar.days,
        days_played=days_played,
        finished=over is not None,
        total=card.total,
        grade=card.grade if over is not None else "",
        grade_text=profile_text(card, card.grade_text)
        if over is not None
        else tr(
            "Unfinished at day {day} of {days}: not graded. "
            "The scores so far are set against the ghost after the same days.",
            day=days_played,
            days=scenario.calendar.days,
        ),
        ghost_total=gcard.total if gcard else None,
        ghost_grade=gcard.grade if gcard else None,
        outcome=_outcome(scenario, h),
        ghost_outcome=_outcome(scenario, fold(scenario, glog)) if glog is not None else None,
        forecast=_forecast(card, log, h),
        dimensions=tuple(dims),
        best=best,
        worst=worst,
        funnel=_funnel(scenario, h),
        pipeline=tuple(h.days),
        deals=tuple(deals),
        scorecard=card,
        ghost_scorecard=gcard,
        notebook=notebook(log, lambda i: _identity(scenario, seed, cache, i)[1]),
        ghost_diff=ghost_diff(scenario, log, glog, lambda i: _identity(scenario, seed, cache, i))
        if glog is not None
        else (),
        objections_left=tuple(
            phrase(line)
            for line in objection_lines(log, lambda i: _identity(scenario, seed, cache, i)[1])
        ),
        objections_answered=tuple(
            phrase(line)
            for line in answered_lines(
                scenario, log, lambda i: _identity(scenario, seed, cache, i)[1]
            )
        ),
        committee_work=tuple(
            phrase(line)
            for line in work_lines(
                scenario, h.deals, log, lambda i: _identity(scenario, seed, cache, i)[1]
            )
        )
        if scenario.has_committees
        else (),
    )
