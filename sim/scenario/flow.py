"""The process as a graph: which actions and events move a deal from stage to stage, with
their chances and gates. `salesim graph` draws it; `salesim lint` walks it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.scenario.model import Scenario

ANY = "*"
"""The source of an event's move: any open stage (or those its `when` allows)."""
START = "start"
"""The source of the edges that put new customers into the pipeline."""


@dataclass(frozen=True)
class Move:
    """One way a deal changes stage."""

    source: str
    """A stage id, ANY (an event) or START (a lead arriving)."""
    target: str
    via: str
    """The action or event id, or 'inbound'/'initial'."""
    kind: str
    """'success', 'failure', 'event', 'inbound' or 'initial'."""
    chance: str
    """The chance as written (an expression, or an event's chance per day)."""
    gate: str = ""
    """What else must hold: the action's `requires`, the event's `when`."""


def moves(s: Scenario) -> list[Move]:
    """Every stage change the scenario can make, in file order."""
    out: list[Move] = []
    if s.inbound.initial > 0:  # as the engine: the first open stage unless initialStages says
        first = (s.open_stages[0].id,) if s.open_stages else ()
        for stage_id in dict.fromkeys(s.inbound.initial_stages or first):
            out.append(Move(START, stage_id, "initial", "initial", ""))
    if s.inbound.per_day > 0 or s.inbound.schedule:
        out.append(Move(START, s.inbound.stage, "inbound", "inbound", ""))
    for a in s.actions:
        gate = str(a.requires) if a.requires is not None else ""
        for outcome, kind in ((a.success, "success"), (a.failure, "failure")):
            if not outcome.move_to:
                continue
            for src in a.stages:
                if src != outcome.move_to:
                    out.append(Move(src, outcome.move_to, a.id, kind, str(a.chance), gate))
    for e in s.events:
        if e.move_to:
            chance = f"day {e.day}" if e.day else f"{e.chance:g}/day"
            gate = str(e.when) if e.when is not None else ""
            out.append(Move(ANY, e.move_to, e.id, "event", chance, gate))
    return out


def open_stages(s: Scenario) -> list[str]:
    return [st.id for st in s.stages if st.terminal is None]


def reachable(s: Scenario) -> set[str]:
    """Stages some sequence of moves can reach from where customers start."""
    edges = moves(s)
    seen: set[str] = set()
    frontier = [m.target for m in edges if m.source == START]
    events = [m.target for m in edges if m.source == ANY]
    while frontier:
        st = frontier.pop()
        if st in seen:
            continue
        seen.add(st)
        frontier.extend(m.target for m in edges if m.source == st)
        if s.stage(st).terminal is None:
            frontier.extend(events)
    return seen


def exits(s: Scenario, stage_id: str) -> list[Move]:
    """Moves that take a deal out of `stage_id` by an action (events and rot not counted)."""
    return [m for m in moves(s) if m.source == stage_id]
