"""The event log's vocabulary: one frozen dataclass per event type.

`Game` appends one of these to `Game.log` for every change a command or a night causes;
scoring, the debrief, the TUI and the reports `match` on the classes. Each event is written
as one JSON object: `seq`, `day`, `type`, then its fields in the order declared here (the
golden logs in tests/golden are that JSON). `to_dict` / `from_dict` are the round trip; old
stored logs read back through `from_dict` (an event type this version does not know becomes
an `UnknownEvent`, kept as it was).

Adding an event type is one dataclass here: subclass `Event` (or `CustomerEvent` when it is
about one customer), give it a `type` literal and its fields; it registers itself. A field
that older logs lack is declared with `omitted()` (written only when not None), so logs of
runs that never produce it stay byte-identical.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Literal

from sim.engine.codec import CodecError, decode, encode, omitted, renamed

Deltas = Mapping[str, float]
"""Meter (or value) changes an event caused: id -> change, zero changes left out."""

_TYPES: dict[str, type[Event]] = {}


@dataclass(frozen=True, slots=True, kw_only=True)
class Event:
    """One entry of the log. `seq` and `day` are stamped by `Game` as it appends it."""

    type: ClassVar[str] = ""
    seq: int = -1
    day: int = -1

    def __init_subclass__(cls) -> None:
        # No super() here: slots=True rebuilds the class, which breaks its zero-argument form.
        if "type" in cls.__dict__ and cls.type:
            _TYPES[cls.type] = cls  # the slots class dataclass() makes replaces the first


@dataclass(frozen=True, slots=True, kw_only=True)
class CustomerEvent(Event):
    """An event about one customer (its card's history lists it)."""

    customer: int


@dataclass(frozen=True, slots=True, kw_only=True)
class GameStarted(Event):
    type: ClassVar[Literal["game_started"]] = "game_started"
    scenario: str
    seed: int
    days: int
    hours: float
    draws: int | None = omitted()
    """How the initial pipeline was drawn (`sim.engine.customer`): absent, each customer from
    its own generator (scheme 1, every run before it existed); 2, in blocks (big pipelines)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class LeadArrived(CustomerEvent):
    type: ClassVar[Literal["lead_arrived"]] = "lead_arrived"
    persona: str
    value: float
    stage: str
    inbound: bool
    bad_fit: bool | None
    referred_by: int | None = omitted()


@dataclass(frozen=True, slots=True, kw_only=True)
class ActionTaken(CustomerEvent):
    """The trainee spent time on an action. `success` is None while the answer is pending
    (`due_day`); `gate`/`better` when it pushed through unmet exit criteria; `deltas` and
    `revealed` once it resolved on the spot."""

    type: ClassVar[Literal["action"]] = "action"
    contact: int | None = omitted()
    """The buying-committee member it was aimed at (absent: the contact on the card)."""
    action: str
    stage: str
    hours: float
    chance: float
    success: bool | None
    rating: str
    advice: str
    due_day: int | None = omitted()
    feedback: str
    gate: tuple[str, ...] | None = omitted()
    better: str | None = omitted()
    deltas: Deltas | None = omitted()
    revealed: tuple[str, ...] | None = omitted()
    variant: int | None = omitted()
    """Index of the action's variant that applied (stage- or style-specific outcome)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ActionAnswered(CustomerEvent):
    """A delayed action's answer arrived (overnight)."""

    type: ClassVar[Literal["outcome"]] = "outcome"
    contact: int | None = omitted()
    """The buying-committee member it was aimed at (absent: the contact on the card)."""
    action: str
    success: bool
    feedback: str
    deltas: Deltas | None = omitted()
    revealed: tuple[str, ...] | None = omitted()


@dataclass(frozen=True, slots=True, kw_only=True)
class StageChanged(CustomerEvent):
    type: ClassVar[Literal["stage_changed"]] = "stage_changed"
    from_: str = renamed("from")
    to: str
    cause: str
    unmet: tuple[str, ...]
    skipped: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class DealClosed(CustomerEvent):
    type: ClassVar[Literal["deal_closed"]] = "deal_closed"
    result: str
    """won or lost"""
    reason: str
    """won, lost or disqualified"""
    cause: str
    value: float
    initial_value: float
    cycle_days: int
    bad_fit: bool | None
    meters: Mapping[str, float]
    evident: bool | None = omitted()
    """Disqualified only: whether what was discovered already proved the bad fit."""


@dataclass(frozen=True, slots=True, kw_only=True)
class GoneCold(CustomerEvent):
    type: ClassVar[Literal["gone_cold"]] = "gone_cold"
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Rotting(CustomerEvent):
    """A deal began a spell of rotting (idle past its stage's limit)."""

    type: ClassVar[Literal["rotting"]] = "rotting"
    stage: str
    idle: int
    deltas: Deltas


@dataclass(frozen=True, slots=True, kw_only=True)
class RottingSummary(Event):
    """One night's deals still rotting in a spell already logged."""

    type: ClassVar[Literal["rotting_summary"]] = "rotting_summary"
    deals: int
    stages: Mapping[str, int]
    deltas: Deltas


@dataclass(frozen=True, slots=True, kw_only=True)
class EventFired(CustomerEvent):
    """A scenario event (competitor, budget freeze, referral...) happened to a deal."""

    type: ClassVar[Literal["event"]] = "event"
    event: str
    label: str
    text: str
    deltas: Deltas


@dataclass(frozen=True, slots=True, kw_only=True)
class Overcontact(CustomerEvent):
    type: ClassVar[Literal["overcontact"]] = "overcontact"
    contacts: int
    deltas: Deltas


@dataclass(frozen=True, slots=True, kw_only=True)
class ObjectionRaised(CustomerEvent):
    """The buyer voiced an objection (sim.engine.objections); `text` is the scenario's."""

    type: ClassVar[Literal["objection_raised"]] = "objection_raised"
    objection: str
    label: str
    text: str
    stage: str
    blocks: str
    """gate or close"""


@dataclass(frozen=True, slots=True, kw_only=True)
class ObjectionHandled(CustomerEvent):
    """A succeeding action answered an open objection."""

    type: ClassVar[Literal["objection_handled"]] = "objection_handled"
    objection: str
    action: str
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ObjectionMishandled(CustomerEvent):
    """An action answered an open objection the wrong way; `deltas` is what it cost."""

    type: ClassVar[Literal["objection_mishandled"]] = "objection_mishandled"
    objection: str
    action: str
    deltas: Deltas


@dataclass(frozen=True, slots=True, kw_only=True)
class ObjectionBlocked(CustomerEvent):
    """An outcome would have moved the deal on, but an open objection blocks the gate."""

    type: ClassVar[Literal["objection_blocked"]] = "objection_blocked"
    objection: str
    action: str


@dataclass(frozen=True, slots=True, kw_only=True)
class InboundSlow(CustomerEvent):
    type: ClassVar[Literal["inbound_slow"]] = "inbound_slow"
    arrived: int
    deltas: Deltas


@dataclass(frozen=True, slots=True, kw_only=True)
class ReminderMissed(CustomerEvent):
    type: ClassVar[Literal["reminder_missed"]] = "reminder_missed"
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ReminderDue(CustomerEvent):
    type: ClassVar[Literal["reminder_due"]] = "reminder_due"
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ForecastMissed(Event):
    type: ClassVar[Literal["forecast_missed"]] = "forecast_missed"
    checkpoint: int


@dataclass(frozen=True, slots=True, kw_only=True)
class ForecastCommitted(Event):
    """A forecast at a checkpoint: the deals, with the open deals' values and stages then."""

    type: ClassVar[Literal["forecast"]] = "forecast"
    checkpoint: int
    deals: tuple[int, ...]
    amount: float
    probabilities: Mapping[int, float] | None = omitted()
    open: Mapping[int, float]
    stages: Mapping[int, str] | None = omitted()


@dataclass(frozen=True, slots=True, kw_only=True)
class DayEnded(Event):
    type: ClassVar[Literal["day_ended"]] = "day_ended"
    hours_left: float


@dataclass(frozen=True, slots=True, kw_only=True)
class DayStarted(Event):
    type: ClassVar[Literal["day_started"]] = "day_started"


@dataclass(frozen=True, slots=True, kw_only=True)
class GameOver(Event):
    """The run ended: every deal's final state, and the outcome figures."""

    type: ClassVar[Literal["game_over"]] = "game_over"
    final: Mapping[int, Mapping[str, Any]]
    revenue: float
    quota: float
    attainment: float
    won: int
    lost: int
    open: int
    customers: int
    win_rate: float
    cycle_days: float


@dataclass(frozen=True, slots=True, kw_only=True)
class NoteAdded(CustomerEvent):
    type: ClassVar[Literal["note"]] = "note"
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class NextStepSet(CustomerEvent):
    type: ClassVar[Literal["next_step"]] = "next_step"
    due: int
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class UnknownEvent(Event):
    """An event of a type this version does not know (from a newer or older log), kept."""

    name: str
    fields: Mapping[str, Any]


def event_types() -> dict[str, type[Event]]:
    """Every known event type by its `type` name."""
    return dict(_TYPES)


def to_dict(ev: Event) -> dict[str, Any]:
    """The event as its JSON object: seq, day, type, then its fields."""
    if isinstance(ev, UnknownEvent):
        return {"seq": ev.seq, "day": ev.day, "type": ev.name, **ev.fields}
    return encode(ev, {"seq": ev.seq, "day": ev.day, "type": ev.type})


def to_json(ev: Event) -> str:
    """One line of a log file (keys sorted, compact)."""
    return json.dumps(to_dict(ev), sort_keys=True, separators=(",", ":"))


def from_dict(data: Mapping[str, Any]) -> Event:
    """An event from its JSON object; `CodecError` names what is wrong."""
    seq, day, name = data.get("seq"), data.get("day"), data.get("type")
    for key, value in (("seq", seq), ("day", day)):
        if not isinstance(value, int) or isinstance(value, bool):
            raise CodecError(f"event {seq!r}: has no valid '{key}' field")
    if not isinstance(name, str):
        raise CodecError(f"event {seq}: has no valid 'type' field")
    assert isinstance(seq, int) and isinstance(day, int)
    cls = _TYPES.get(name)
    if cls is None:
        rest = {k: v for k, v in data.items() if k not in ("seq", "day", "type")}
        return UnknownEvent(seq=seq, day=day, name=name, fields=rest)
    return decode(cls, data, f"event {seq} ({name})")


def from_dicts(data: Any) -> list[Event]:
    """A whole log from a list of JSON objects."""
    if not isinstance(data, list | tuple):
        raise CodecError("the log is not a list of events")
    out = []
    for n, d in enumerate(data):
        if not isinstance(d, Mapping):
            raise CodecError(f"event {n}: is not an object")
        out.append(from_dict(d))
    return out
