"""What an action would do for one deal now, as the card's hints ("→ Product demo (m):
interest +5") and the coach's "First: …" name it.

The figure is the outcome that applies to this deal as far as the trainee can tell: a
variant for the deal's stage ("has seen this before"), the variant for the buyer's style
once it is learned, a variant whose `when` reads only what is known. When what applies
depends on something hidden (the style not learned yet, a `when` reading an undiscovered
fact), the hint gives the range of what may happen ("+6 to +18"), never one figure that may
be false. Only actions the coach would not call harmful here are suggested: a hint must not
lead the trainee into a penalty. Pure: reads the scenario and a customer, changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from sim.engine.outcomes import possible_successes, successes_for
from sim.engine.phrases import Phrase
from sim.scenario.explain import Test, gain

if TYPE_CHECKING:  # pragma: no cover
    from sim.engine.customer import Customer
    from sim.scenario.model import Action, Outcome, Scenario

Outcomes = Callable[["Action"], list["Outcome"]]
"""The success outcomes that may apply for an action (see `sim.engine.outcomes`)."""


def span(outcomes: list[Outcome], meter: str) -> tuple[float, float]:
    """(lowest, highest) change of `meter` over the outcomes that may apply."""
    figures = [gain(o, meter) for o in outcomes] or [0.0]
    return min(figures), max(figures)


def for_customer(sc: Scenario, c: Customer, env: Mapping[str, Any]) -> Outcomes:
    """The outcomes that may apply to customer `c` now, as the trainee can tell."""
    return lambda a: successes_for(sc, a, c, env)


def for_stage(sc: Scenario, stage: str) -> Outcomes:
    """The outcomes that may apply at `stage` to a buyer nothing is known about (the
    debrief, reading an old log)."""
    return lambda a: possible_successes(sc, a, stage, None, None)


def ranked(
    sc: Scenario, test: Test, acts: list[Action], outcomes: Outcomes
) -> list[tuple[Action, float, float]]:
    """`acts` that work toward `test`, best first, with the (low, high) change of the
    test's meter (0, 0 for a fact): a meter raised most for sure first (then at best, then
    the quicker action); a fact revealed whatever applies, the quicker action first."""
    if test.kind == "meter":
        up = 1 if test.op in (">", ">=") else -1
        scored = []
        for a in acts:
            low, high = span(outcomes(a), test.name)
            if max(low * up, high * up) > 0:
                scored.append((a, low, high))
        return sorted(
            scored,
            key=lambda x: (-min(x[1] * up, x[2] * up), -max(x[1] * up, x[2] * up), x[0].hours),
        )
    if test.kind in ("fact", "known"):
        found = [a for a in acts if all(test.name in o.reveal for o in outcomes(a))]
        return [(a, 0.0, 0.0) for a in sorted(found, key=lambda a: a.hours)]
    return []


def wise(sc: Scenario, c: Customer, a: Action, env: Mapping[str, Any]) -> bool:
    """Whether the coach would let `a` pass for this deal now: offered here, its
    precondition holds, the playbook does not call it harmful, it does not push the deal
    through an unmet gate, nor answer an open objection the wrong way or move on past one."""
    from sim.engine.coach import gate_unmet
    from sim.engine.objections import expert_weight

    if c.stage not in a.stages or (a.requires is not None and not a.requires.evaluate(env)):
        return False
    adv = a.advice_for(c.stage, env)
    if adv is not None and adv.rating == "harmful":
        return False
    if gate_unmet(sc, c, a, env):
        return False
    return not (sc.objections and expert_weight(sc, c, a) is None)


def builders_now(
    sc: Scenario, c: Customer, test: Test, env: Mapping[str, Any]
) -> list[tuple[Action, float, float]]:
    """The actions the card suggests toward `test` for `c` now, best first (see `ranked`)."""
    acts = [a for a in sc.actions if wise(sc, c, a, env)]
    return ranked(sc, test, acts, for_customer(sc, c, env))


def action_hint(a: Action, t: Test, label: str, low: float = 0.0, high: float = 0.0) -> str:
    """'Take them to lunch (l): trust +12' — an action and what it does for a test
    ('… +6 to +18' while what applies is not known yet)."""
    if t.kind == "meter":
        if low != high:  # a whole sentence: a bare '{low} to {high}' would match any text
            return Phrase(
                "{action} ({key}): {meter} {low} to {high}",
                action=a.label,
                key=a.key,
                meter=label.lower(),
                low=f"{low:+g}",
                high=f"{high:+g}",
            )
        return Phrase(
            "{action} ({key}): {meter} {delta}",
            action=a.label,
            key=a.key,
            meter=label.lower(),
            delta=f"{low:+g}",
        )
    return Phrase(
        "{action} ({key}) reveals the {fact}", action=a.label, key=a.key, fact=label.lower()
    )
