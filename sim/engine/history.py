"""One fold of the event log: every deal's story and the pipeline at the end of each day.

Scoring, the debrief model (sim/report/debrief.py) and through it the TUI's debrief all read
a run's figures from `fold(scenario, log)`, so a deal's value, the stage it reached or how it
closed is worked out in one place. Pure: the scenario and the log, nothing else.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sim.engine import events as E
from sim.scenario.model import Scenario


@dataclass(slots=True)
class DealStory:
    """One customer's deal as the log tells it (updated as the fold goes)."""

    customer: int
    persona: str
    inbound: bool
    arrived: int
    """The day the lead arrived."""
    initial: float
    """Its value when it arrived."""
    value: float
    """Its value now (discounts and other value effects applied)."""
    stage: str
    start: int
    """The index of the stage it arrived at."""
    max_open: int
    """The index of the furthest open stage it reached."""
    last_open: str
    """The last open stage it stood at (where a lost deal was lost)."""
    bad_fit: bool | None
    known: set[str] = field(default_factory=set)
    """Facts the trainee's actions revealed."""
    closed: E.DealClosed | None = None

    @property
    def result(self) -> str:
        """open, won, lost or disqualified."""
        if self.closed is None:
            return "open"
        return "won" if self.closed.result == "won" else self.closed.reason

    @property
    def closed_day(self) -> int | None:
        return self.closed.day if self.closed is not None else None


@dataclass(frozen=True, slots=True)
class PipelineDay:
    """The pipeline at the end of a day."""

    day: int
    open: int
    value: float
    weighted: float
    won_value: float
    """Revenue won so far (cumulative)."""
    won: int
    lost: int


@dataclass(slots=True)
class History:
    """What `fold` gives: the deals, the days, and the moments the figures hang on."""

    deals: dict[int, DealStory] = field(default_factory=dict)
    days: list[PipelineDay] = field(default_factory=list)
    """The pipeline at the end of each day (and where an unfinished day stands now)."""
    engaged: set[int] = field(default_factory=set)
    """Customers the trainee acted on."""
    forecasts: dict[int, E.ForecastCommitted] = field(default_factory=dict)
    """Forecasts by checkpoint day."""
    missed_forecasts: dict[int, E.ForecastMissed] = field(default_factory=dict)
    over: E.GameOver | None = None
    days_played: int = 0
    won_value: float = 0.0
    won: int = 0
    lost: int = 0

    def open_deals(self) -> list[DealStory]:
        return [d for d in self.deals.values() if d.closed is None]

    def reached(self, d: DealStory, scenario: Scenario) -> int:
        """The furthest stage index a deal reached (past every open stage when won)."""
        return len(scenario.stages) if d.result == "won" else d.max_open


def fold(scenario: Scenario, log: Iterable[E.Event]) -> History:
    """Fold a run's log (finished or not) into its `History`."""
    f = _Folder(scenario)
    for ev in log:
        f.apply(ev)
    h = f.h
    if h.days_played and h.days_played not in f.ended:
        f.snapshot(h.days_played)  # an unfinished day: where it stands now
    return h


class _Folder:
    def __init__(self, scenario: Scenario) -> None:
        self.sc = scenario
        self.stage = {s.id: s for s in scenario.stages}
        self.h = History()
        self.ended: set[int] = set()

    def apply(self, ev: E.Event) -> None:
        h = self.h
        h.days_played = max(h.days_played, ev.day)
        if isinstance(ev, E.LeadArrived):
            st = self.stage[ev.stage]
            h.deals[ev.customer] = DealStory(
                ev.customer,
                ev.persona,
                ev.inbound,
                ev.day,
                float(ev.value),
                float(ev.value),
                st.id,
                st.index,
                st.index,
                st.id,
                ev.bad_fit,
            )
            return
        match ev:
            case E.DayEnded():
                self.ended.add(ev.day)
                self.snapshot(ev.day)
            case E.ForecastCommitted():
                h.forecasts[ev.checkpoint] = ev
            case E.ForecastMissed():
                h.missed_forecasts[ev.checkpoint] = ev
            case E.GameOver():
                h.over = ev
        if not isinstance(ev, E.CustomerEvent):
            return
        if isinstance(ev, E.ActionTaken):
            h.engaged.add(ev.customer)
        d = h.deals.get(ev.customer)
        if d is None:
            return
        match ev:
            case E.ActionTaken() | E.ActionAnswered():
                d.known.update(ev.revealed or ())
        deltas = getattr(ev, "deltas", None)
        if deltas and "value" in deltas:
            d.value = round(d.value + float(deltas["value"]), 2)
        match ev:
            case E.StageChanged():
                dst = self.stage[ev.to]
                d.stage = dst.id
                if dst.is_open:
                    d.max_open = max(d.max_open, dst.index)
                    d.last_open = dst.id
            case E.DealClosed():
                d.value = float(ev.value)
                d.closed = ev
                if ev.result == "won":
                    h.won += 1
                    h.won_value = round(h.won_value + d.value, 2)
                else:
                    h.lost += 1

    def weighted(self, deals: Sequence[DealStory]) -> float:
        return round(sum(d.value * self.stage[d.stage].probability / 100 for d in deals), 2)

    def snapshot(self, day: int) -> None:
        h = self.h
        deals = h.open_deals()
        h.days.append(
            PipelineDay(
                day,
                len(deals),
                round(sum(d.value for d in deals), 2),
                self.weighted(deals),
                h.won_value,
                h.won,
                h.lost,
            )
        )


def weighted(scenario: Scenario, deals: Iterable[DealStory]) -> float:
    """Σ value × the stage's probability of `deals`."""
    stage = {s.id: s for s in scenario.stages}
    return round(sum(d.value * stage[d.stage].probability / 100 for d in deals), 2)
