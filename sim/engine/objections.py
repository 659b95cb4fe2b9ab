"""Objections: what a buyer says when a hidden fact stands in the way ("I need my boss",
"not this quarter"), raised from the scenario's `objections` and answered by the right
kind of action.

An objection is raised at the first contact with a deal at one of its stages while its
condition holds for the customer (hidden facts included), if the deal's own dice for it
(seed, customer, objection: drawn once, never re-rolled) fall under its `chance`. While
open it blocks the gate (the deal cannot move on from its stage) or cuts the closing odds.
A succeeding action that answers it (`handledBy`) closes it; an action that answers it the
wrong way (`mishandledBy`) costs what `mishandled` says each time. Every step is a log
event; scenarios without objections log nothing new.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sim.engine import events as E
from sim.engine.phrases import Phrase

if TYPE_CHECKING:  # pragma: no cover
    from sim.engine.coach import Judgement
    from sim.engine.customer import Customer
    from sim.engine.game import Game
    from sim.scenario.model import Action, Objection, Outcome, Scenario

OPEN = "open"
HANDLED = "handled"
QUIET = "quiet"
"""The buyer's dice said they keep it to themselves (for this deal, for good)."""


def open_objections(sc: Scenario, c: Customer) -> list[Objection]:
    """The customer's objections that are raised and not yet answered, in scenario order."""
    if not c.objections:
        return []
    return [o for o in sc.objections if c.objections.get(o.id) == OPEN]


def raise_objections(game: Game, c: Customer) -> list[Objection]:
    """Raise what the buyer says at this contact (see the module docstring)."""
    sc = game.scenario
    raised = []
    env: Mapping[str, Any] | None = None
    for o in sc.objections:
        if c.stage not in o.stages or (c.objections is not None and o.id in c.objections):
            continue
        if env is None:
            env = c.env(sc, game.day)
        if not o.when.evaluate(env):
            continue
        if c.objections is None:
            c.objections = {}
        if o.chance < 1 and game.roll(f"{c.index}:objection:{o.id}") >= o.chance:
            c.objections[o.id] = QUIET
            continue
        c.objections[o.id] = OPEN
        game._emit(
            E.ObjectionRaised(
                customer=c.index,
                objection=o.id,
                label=o.label,
                text=o.text,
                stage=c.stage,
                blocks=o.blocks,
            )
        )
        raised.append(o)
    return raised


def close_cut(sc: Scenario, c: Customer, success: Outcome) -> float:
    """How much the open `blocks: close` objections take off the odds of an action that
    would win the deal (0 for any other action)."""
    if success.move_to is None or not c.objections:
        return 0.0
    if sc.stage(success.move_to).terminal != "won":
        return 0.0
    return sum(o.close_cut for o in open_objections(sc, c) if o.blocks == "close")


def gate_blockers(sc: Scenario, c: Customer, move_to: str | None) -> list[Objection]:
    """Open `blocks: gate` objections that stop a move from the deal's stage to `move_to`
    (a move forward or to won; a move to lost is never blocked)."""
    if move_to is None or not c.objections:
        return []
    src, dst = sc.stage(c.stage), sc.stage(move_to)
    if dst.terminal == "lost" or dst.index <= src.index:
        return []
    return [o for o in open_objections(sc, c) if o.blocks == "gate"]


def answered(game: Game, c: Customer, a: Action, success: bool) -> None:
    """A succeeding action closes the open objections it answers."""
    if not success or not c.objections:
        return
    for o in open_objections(game.scenario, c):
        if o.answers(a) and c.objections is not None:
            c.objections[o.id] = HANDLED
            game._emit(
                E.ObjectionHandled(
                    customer=c.index, objection=o.id, action=a.id, text=o.handled_text
                )
            )


def mishandled(game: Game, c: Customer, a: Action, before: Iterable[str]) -> None:
    """An action that answers an objection the buyer had already raised (`before` this
    contact) the wrong way costs the objection's `mishandled` effects, each time."""
    for o in game.scenario.objections:
        if o.id not in before or not c.is_open or not o.mishandles(a):
            continue
        if c.objections is not None and c.objections.get(o.id) == OPEN:
            deltas = game._apply_effects(c, o.mishandled)
            game._emit(
                E.ObjectionMishandled(customer=c.index, objection=o.id, action=a.id, deltas=deltas)
            )
            game._check_lost(c)


def answers(sc: Scenario, c: Customer, o: Objection) -> list[Action]:
    """The actions available at the deal's stage that answer `o`, in scenario order."""
    return [a for a in sc.actions if c.stage in a.stages and o.answers(a)]


def calm_answer(sc: Scenario, c: Customer, o: Objection, env: Mapping[str, Any]) -> Action | None:
    """An action that answers `o` and that the coach would let pass now: above all, one
    that does not also push the deal through its stage's unmet gate (a negotiation meeting
    answers "not this quarter", but moves a deal on whose buyer is not engaged yet)."""
    from sim.engine.hints import wise

    return next((a for a in answers(sc, c, o) if wise(sc, c, a, env)), None)


def better(sc: Scenario, c: Customer, o: Objection, env: Mapping[str, Any] | None = None) -> str:
    """'Meet their decision maker (v)': an action available at the deal's stage that
    answers `o` ('' when none is). With `env`, one that would not push the deal through an
    unmet gate; when every answer would, what to do first: 'first Arrange a reference visit
    (r): interest +8, then Negotiation meeting (n)'."""
    found = answers(sc, c, o)
    if not found:
        return ""
    if env is None:
        return f"{found[0].label} ({found[0].key})"
    calm = calm_answer(sc, c, o, env)
    if calm is not None:
        return f"{calm.label} ({calm.key})"
    from sim.engine.coach import judge

    a = found[0]
    verdict = judge(sc, c, a, env)
    answer = f"{a.label} ({a.key})"
    if not verdict.unmet:  # not the gate: the playbook's own reason stands (the picker says it)
        return answer
    if verdict.better:
        return Phrase("first {hint}, then {answer}", hint=verdict.better, answer=answer)
    return Phrase("first meet the gate, then {answer}", answer=answer)


def review(
    sc: Scenario,
    c: Customer,
    a: Action,
    success: Outcome,
    verdict: Judgement,
    env: Mapping[str, Any] | None = None,
) -> Judgement:
    """The coach's verdict, with the open objections the trainee has already heard: an
    action that answers one the wrong way, or pushes the deal through one that blocks the
    gate, is harmful whatever the playbook says. One that answers it but also pushes the
    deal through an unmet gate stays harmful, and says which answer would not."""
    from sim.engine.coach import Judgement

    opened = open_objections(sc, c)
    if not opened:
        return verdict
    wrong = [o for o in opened if o.mishandles(a)]
    pushed = [o for o in gate_blockers(sc, c, success.move_to) if not o.answers(a)]
    hit = (wrong or pushed)[:1]
    if not hit:
        if verdict.unmet and env is not None:
            for o in opened:
                calm = calm_answer(sc, c, o, env) if o.answers(a) else None
                if calm is not None and calm is not a:
                    text = Phrase(
                        "{text} To answer “{objection}” without moving the deal on: "
                        "{action} ({key}).",
                        text=verdict.text,
                        objection=o.label,
                        action=calm.label,
                        key=calm.key,
                    )
                    return Judgement(verdict.rating, text, verdict.unmet, verdict.better)
        return verdict
    o = hit[0]
    fix = better(sc, c, o, env)
    how = Phrase("answers it the wrong way") if wrong else Phrase("tries to move on past it")
    text = (
        Phrase(
            "They objected: “{objection}”. {action} {how}. First: {fix}.",
            objection=o.label,
            action=a.label,
            how=how,
            fix=fix,
        )
        if fix
        else Phrase(
            "They objected: “{objection}”. {action} {how}.",
            objection=o.label,
            action=a.label,
            how=how,
        )
    )
    return Judgement("harmful", text, verdict.unmet, verdict.better or fix)


@dataclass(frozen=True, slots=True)
class LeftOpen:
    """An objection still open when the deal ended (or the run did)."""

    customer: int
    objection: str
    label: str
    day: int
    """The day it was raised."""


def left_open(log: Sequence[E.Event]) -> list[LeftOpen]:
    """From a run's log: the objections raised and never answered, by customer."""
    raised: dict[tuple[int, str], LeftOpen] = {}
    for ev in log:
        match ev:
            case E.ObjectionRaised(customer=c, objection=o, label=label, day=day):
                raised[c, o] = LeftOpen(c, o, label, day)
            case E.ObjectionHandled(customer=c, objection=o):
                raised.pop((c, o), None)
    return sorted(raised.values(), key=lambda x: (x.customer, x.day, x.objection))


def objection_lines(log: Sequence[E.Event], company: Callable[[int], str]) -> list[str]:
    """The debrief's lines for the objections left open: 'Acme (#3): “I need my boss”,
    raised day 4'."""
    return [
        Phrase(
            "{company} (#{index}): “{objection}”, raised day {day}",
            company=company(x.customer),
            index=x.customer,
            objection=x.label,
            day=x.day,
        )
        for x in left_open(log)
    ]


def expert_weight(sc: Scenario, c: Customer, a: Action) -> float | None:
    """How the expert bot weighs `a` given the objections the buyer has raised: None for a
    move it must not make (answering one the wrong way, pushing past a blocked gate), a
    bonus for the action that answers one, 0 otherwise."""
    opened = open_objections(sc, c)
    if not opened:
        return 0.0
    if any(o.mishandles(a) for o in opened):
        return None
    if any(not o.answers(a) for o in gate_blockers(sc, c, a.success.move_to)):
        return None
    return 12.0 if any(o.answers(a) for o in opened) else 0.0


def answered_lines(
    sc: Scenario, log: Sequence[E.Event], company: Callable[[int], str]
) -> list[str]:
    """The debrief's lines for the objections answered: 'Acme (#3): “I need my boss”, raised
    day 4, answered day 6 with Visit the owner (after 1 wrong answer)'."""
    raised: dict[tuple[int, str], tuple[str, int]] = {}
    wrong: dict[tuple[int, str], int] = {}
    out: list[tuple[int, int, str]] = []
    labels = {a.id: a.label for a in sc.actions}
    for ev in log:
        match ev:
            case E.ObjectionRaised(customer=c, objection=o, label=label, day=day):
                raised[c, o] = (label, day)
            case E.ObjectionMishandled(customer=c, objection=o):
                wrong[c, o] = wrong.get((c, o), 0) + 1
            case E.ObjectionHandled(customer=c, objection=o, action=a, day=day):
                if (c, o) in raised:
                    label, when = raised.pop((c, o))
                    n = wrong.get((c, o), 0)
                    tail = (
                        ""
                        if not n
                        else Phrase(" (after {n} wrong answer)", n=n)
                        if n == 1
                        else Phrase(" (after {n} wrong answers)", n=n)
                    )
                    line = Phrase(
                        "{company} (#{index}): “{objection}”, raised day {raised}, "
                        "answered day {day} with {action}{tail}",
                        company=company(c),
                        index=c,
                        objection=label,
                        raised=when,
                        day=day,
                        action=labels.get(a, a),
                        tail=tail,
                    )
                    out.append((c, day, line))
    return [line for _c, _d, line in sorted(out)]
