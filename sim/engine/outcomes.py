"""Stage- and style-specific outcomes: which of an action's `variants` applies to a deal.

An action may land differently by stage (a demo in Prospecting is premature, in
Qualification it builds the case) and by the buyer's buying style (a relationship buyer
rewards lunch, a consultative buyer a diagnosis). The first variant matching the deal's
stage, the buyer's real style and its `when` replaces the action's chance, outcomes and
description. Pure: reads the scenario and a customer, changes nothing.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from sim.engine.customer import Customer
    from sim.scenario.expr import Expr
    from sim.scenario.model import Action, Outcome, Scenario, Variant


@dataclass(frozen=True, slots=True)
class Landing:
    """How an action lands for one deal now: its chance and outcomes (a variant's or its own)."""

    chance: Expr
    success: Outcome
    failure: Outcome
    variant: int | None
    """Index of the variant that applies (None: the action's own)."""


def variant_index(a: Action, c: Customer, env: Mapping[str, Any] | None) -> int | None:
    """The first variant of `a` that applies to customer `c` (None when none does)."""
    for i, v in enumerate(a.variants):
        if v.matches(c.stage, c.style, env):
            return i
    return None


def landing(
    a: Action, c: Customer, env: Mapping[str, Any] | None, index: int | None = -1
) -> Landing:
    """The chance and outcomes of `a` for `c`; `index` fixes the variant (as chosen when the
    action was taken), -1 looks it up."""
    i = variant_index(a, c, env) if index == -1 else index
    if i is None or not a.variants:
        return Landing(a.chance, a.success, a.failure, None)
    v = a.variants[i]
    return Landing(
        v.chance if v.chance is not None else a.chance,
        v.success if v.success is not None else a.success,
        v.failure if v.failure is not None else a.failure,
        i,
    )


def shown_variant(a: Action, c: Customer) -> Variant | None:
    """The variant whose description the picker shows for `c`: the first that matches the
    deal's stage and, when it names styles, the style the trainee has *learned*. Variants
    with a `when` are skipped: their condition may read hidden facts."""
    learned = c.style if "style" in c.known else None
    for v in a.variants:
        if v.when is not None or (v.stages and c.stage not in v.stages):
            continue
        if v.styles and learned not in v.styles:
            continue
        return v
    return None


def description(a: Action, c: Customer) -> str:
    """The action's description for this customer's deal now (see `shown_variant`)."""
    v = shown_variant(a, c)
    return v.description if v is not None and v.description else a.description


def style_hidden(sc: Scenario) -> bool:
    """Whether buying styles are something to discover in this scenario: some outcome
    reveals `style`. Otherwise the card shows every buyer's style, as it always did."""
    hit = _HIDDEN.get(id(sc))
    if hit is not None and hit[0] is sc:
        return hit[1]
    outs = [o for a in sc.actions for o in (a.success, a.failure)]
    outs += [o for a in sc.actions for v in a.variants for o in (v.success, v.failure) if o]
    hidden = any("style" in o.reveal for o in outs)
    if len(_HIDDEN) > 64:
        _HIDDEN.clear()
    _HIDDEN[id(sc)] = (sc, hidden)
    return hidden


_HIDDEN: dict[int, tuple[Scenario, bool]] = {}


def expected(a: Action, c: Customer, env: Mapping[str, Any]) -> Landing:
    """How `a` should land for `c` as far as the trainee can tell: like `landing`, but a
    variant naming styles counts only once the buyer's style has been learned (what a
    player who adapts to the buyer, such as the expert bot, plans with)."""
    learned = "style" in c.known
    for i, v in enumerate(a.variants):
        if v.styles and not learned:
            continue
        if v.matches(c.stage, c.style, env):
            return landing(a, c, env, i)
    return Landing(a.chance, a.success, a.failure, None)


def possible_successes(
    sc: Scenario,
    a: Action,
    stage: str,
    style: str | None,
    env: Mapping[str, Any] | None,
    hidden: Collection[str] = (),
) -> list[Outcome]:
    """The success outcomes of `a` that may apply to a deal at `stage`, as far as the
    trainee can tell: `style` None when the buyer's style is not learned (then every
    declared style is possible); a variant whose `when` reads a `hidden` fact (or any
    `when`, without `env`) may apply or not, so both its outcome and what follows count.
    One outcome when what applies is certain; what to say when there are several is the
    caller's choice (a range, or less)."""
    out: list[Outcome] = []
    worlds: list[str | None] = [style] if style is not None else [x.id for x in sc.styles]
    for s in worlds or [None]:
        for v in a.variants:
            if v.stages and stage not in v.stages:
                continue
            if s is not None and v.styles and s not in v.styles:
                continue
            won = v.success if v.success is not None else a.success
            if v.when is None:
                out.append(won)
                break
            if env is None or v.when.names & set(hidden):
                out.append(won)  # may apply: the next match (or the action's own) may too
                continue
            if v.when.evaluate({**env, "style": s} if s is not None else env):
                out.append(won)
                break
        else:
            out.append(a.success)
    return list({id(o): o for o in out}.values())


def successes_for(
    sc: Scenario, a: Action, c: Customer, env: Mapping[str, Any] | None
) -> list[Outcome]:
    """`possible_successes` for customer `c` now: their stage, their style once learned
    (or when the scenario does not hide styles), their undiscovered facts hidden."""
    learned = "style" in c.known or not style_hidden(sc)
    hidden = [f.id for f in sc.facts if f.id not in c.known]
    return possible_successes(sc, a, c.stage, c.style if learned else None, env, hidden)
