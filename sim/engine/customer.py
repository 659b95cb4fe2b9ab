"""One customer (and their deal) inside a game: hidden truth, what is known, meters, stage.

Customers are drawn from a per-customer random generator seeded by (game seed, index), so
customer *i*'s truth does not depend on the order anything else happened in.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from sim.scenario.model import Persona, Scenario


@dataclass(slots=True)
class Pending:
    """An action whose answer arrives on a later day (a proposal read over days)."""

    action: str
    due_day: int
    success: bool
    stage: str
    """Stage the deal was in when the action was taken."""


@dataclass(slots=True)
class Customer:
    """Mutable per-game state of one customer. Read it; change it only through `Game`."""

    index: int
    persona: str
    style: str
    value: float
    stage: str
    meters: dict[str, float]
    facts: dict[str, Any]
    """The hidden truth."""
    known: set[str]
    """Fact ids the trainee has discovered."""
    arrived_day: int
    inbound: bool
    last_contact_day: int
    stage_since_day: int
    answered_day: int | None = None
    contacts_today: int = 0
    closed_day: int | None = None
    close_reason: str | None = None
    initial_value: float = 0.0
    notes: list[tuple[int, str]] = field(default_factory=list)
    next_step: tuple[int, str] | None = None
    pending: Pending | None = None
    history: list[int] = field(default_factory=list)
    """Sequence numbers of this customer's entries in the game log."""
    slow_flagged: bool = False

    @property
    def is_open(self) -> bool:
        return self.closed_day is None

    def days_idle(self, day: int) -> int:
        return max(0, day - self.last_contact_day)

    def env(self, scenario: Scenario, day: int) -> dict[str, Any]:
        """The names an expression sees for this customer (see `sim.scenario.expr`)."""
        env: dict[str, Any] = dict(self.meters)
        env.update(self.facts)
        for f in scenario.facts:
            env["known." + f.id] = f.id in self.known
        env["value"] = self.value
        env["large"] = self.value >= scenario.dynamics.large_deal
        env["stage"] = self.stage
        env["persona"] = self.persona
        env["style"] = self.style
        env["day"] = day
        env["days_idle"] = self.days_idle(day)
        env["days_in_stage"] = day - self.stage_since_day
        env["contacts_today"] = self.contacts_today
        return env


def customer_seed(game_seed: int, index: int) -> int:
    """Seed of customer `index`'s own generator."""
    return ((game_seed & 0xFFFFFFFF) << 20) ^ (index * 2_654_435_761)


def draw_customer(
    scenario: Scenario,
    game_seed: int,
    index: int,
    day: int,
    stage: str,
    inbound: bool,
    persona_id: str | None = None,
) -> Customer:
    """Create customer `index` from the scenario's personas (deterministic per index)."""
    rng = random.Random(customer_seed(game_seed, index))
    personas = scenario.personas
    if persona_id is not None:
        persona = scenario.persona(persona_id)
        rng.random()  # keep the draw sequence the same length either way
    else:
        persona = _pick(rng, personas)
    value = float(round(rng.uniform(persona.deal_min, persona.deal_max), -2))
    meters = {m.id: m.default for m in scenario.meters}
    for meter_id, low, high in persona.meters:
        meters[meter_id] = round(rng.uniform(low, high))
    facts: dict[str, Any] = {}
    draws = {d.fact: d for d in persona.facts}
    for f in scenario.facts:
        d = draws.get(f.id)
        if f.type == "bool":
            facts[f.id] = rng.random() < (d.chance if d and d.chance is not None else 0.5)
        else:
            low = d.low if d and d.low is not None else 0.0
            high = d.high if d and d.high is not None else low
            facts[f.id] = float(round(rng.uniform(low, high)))
    return Customer(
        index=index,
        persona=persona.id,
        style=persona.style,
        value=value,
        initial_value=value,
        stage=stage,
        meters=meters,
        facts=facts,
        known=set(),
        arrived_day=day,
        inbound=inbound,
        last_contact_day=day,
        stage_since_day=day,
    )


def _pick(rng: random.Random, personas: tuple[Persona, ...]) -> Persona:
    total = sum(p.weight for p in personas)
    x = rng.random() * total
    for p in personas:
        x -= p.weight
        if x < 0:
            return p
    return personas[-1]
