"""One customer (and their deal) inside a game: hidden truth, what is known, meters, stage.

Customers are drawn from a per-customer random generator seeded by (game seed, index), so
customer *i*'s truth does not depend on the order anything else happened in.
"""

from __future__ import annotations

import _random
import random
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from sim.scenario.expr import COMMITTEE_NAMES
from sim.scenario.model import Persona, Scenario


@dataclass(slots=True)
class Pending:
    """An action whose answer arrives on a later day (a proposal read over days)."""

    action: str
    due_day: int
    success: bool
    stage: str
    """Stage the deal was in when the action was taken."""
    variant: int | None = None
    """The action's variant that applied when it was taken (None: the action itself)."""
    contact: int = 0
    """The committee member it was aimed at (0: the contact on the card)."""


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
    notes: tuple[tuple[int, str], ...] = ()
    """(day, text) of each note, oldest first (a tuple: a territory holds no empty lists)."""
    next_step: tuple[int, str] | None = None
    pending: Pending | None = None
    history: list[int] = field(default_factory=list)
    """Sequence numbers of this customer's entries in the game log."""
    slow_flagged: bool = False
    objections: dict[str, str] | None = None
    """Objection id → 'open', 'handled' or 'quiet' (see `sim.engine.objections`); None
    until the first is raised or kept quiet (a territory's customers hold no empty dict)."""
    rot_episode: tuple[int, str] | None = None
    """(last contact day, stage) of the rotting spell already in the log: the first night of a
    spell is logged for the deal; later nights of the same spell only in the night's summary."""
    members: list[dict[str, float]] | None = None
    """Personal meters of buying-committee members 1..n (None: no committee; member 0 is
    the contact on the card, whose meters are `meters`)."""
    member_contacts: dict[int, tuple[int, int]] | None = None
    """Committee member k -> (day, contacts that day): their own touches, so talking to
    three people of a committee is not over-contacting one of them (None: none yet)."""

    @property
    def is_open(self) -> bool:
        return self.closed_day is None

    def days_idle(self, day: int) -> int:
        return max(0, day - self.last_contact_day)

    def view(self, scenario: Scenario, day: int) -> CustomerEnv:
        """The names an expression sees, read live from this customer (no copy): what the
        engine's hot paths evaluate against. Same names and values as `env`."""
        return CustomerEnv(self, getters(scenario), day)

    def env(self, scenario: Scenario, day: int) -> dict[str, Any]:
        """The names an expression sees for this customer (see `sim.scenario.expr`)."""
        env: dict[str, Any] = dict(self.meters)
        env.update(self.facts)
        for f in scenario.facts:
            env["known." + f.id] = f.id in self.known
        env["known.style"] = "style" in self.known
        env["value"] = self.value
        env["large"] = self.value >= scenario.dynamics.large_deal
        env["stage"] = self.stage
        env["persona"] = self.persona
        env["style"] = self.style
        env["day"] = day
        env["days_idle"] = self.days_idle(day)
        env["days_in_stage"] = day - self.stage_since_day
        env["contacts_today"] = self.contacts_today
        if scenario.has_committees:
            get = getters(scenario)
            for name in COMMITTEE_NAMES:
                env[name] = get[name](self, day)
        return env


class CustomerEnv(Mapping[str, Any]):
    """A read-only, live view of `Customer.env` that builds nothing up front: an expression
    reads one to three names, so looking each up on demand is several times cheaper than
    copying every meter and fact into a dict. Names and precedence are `env`'s."""

    __slots__ = ("_c", "_day", "_get")

    def __init__(self, customer: Customer, get: dict[str, Getter], day: int):
        self._c = customer
        self._day = day
        self._get = get

    def __getitem__(self, name: str) -> Any:
        get = self._get.get(name)
        if get is not None:
            return get(self._c, self._day)
        c = self._c
        if name in c.facts:  # a fact an effect added (not declared): as in `env`
            return c.facts[name]
        raise KeyError(name)

    def __iter__(self) -> Iterator[str]:
        return iter(self._get)

    def __len__(self) -> int:
        return len(self._get)


Getter = Callable[[Customer, int], Any]
_GETTERS: dict[int, tuple[Scenario, dict[str, Getter]]] = {}


def _meter(name: str) -> Getter:
    return lambda c, day: c.meters[name]


def _fact(name: str) -> Getter:
    return lambda c, day: c.facts[name]


def _known(name: str) -> Getter:
    return lambda c, day: name in c.known


def getters(scenario: Scenario) -> dict[str, Getter]:
    """For every name of `Customer.env`, how to read it from a customer on a day: meters,
    then facts, then `known.*`, then the built-in names, each overriding the one before,
    exactly as `env` builds its dict."""
    hit = _GETTERS.get(id(scenario))
    if hit is not None and hit[0] is scenario:
        return hit[1]
    get: dict[str, Getter] = {}
    for m in scenario.meters:
        get[m.id] = _meter(m.id)
    for f in scenario.facts:
        get[f.id] = _fact(f.id)
    for f in scenario.facts:
        get["known." + f.id] = _known(f.id)
    get["known.style"] = _known("style")  # learned by an outcome's `reveal: [style]`
    large = scenario.dynamics.large_deal
    get.update(
        {
            "value": lambda c, day: c.value,
            "large": lambda c, day: c.value >= large,
            "stage": lambda c, day: c.stage,
            "persona": lambda c, day: c.persona,
            "style": lambda c, day: c.style,
            "day": lambda c, day: day,
            "days_idle": lambda c, day: max(0, day - c.last_contact_day),
            "days_in_stage": lambda c, day: day - c.stage_since_day,
            "contacts_today": lambda c, day: c.contacts_today,
        }
    )
    from sim.engine.committee import getters as committee_getters

    get.update(committee_getters(scenario, get))
    if len(_GETTERS) > 64:
        _GETTERS.clear()
    _GETTERS[id(scenario)] = (scenario, get)
    return get


@dataclass(frozen=True, slots=True)
class _PersonaPlan:
    persona: Persona
    meters: tuple[tuple[str, float, float], ...]
    facts: tuple[tuple[str, bool, float, float], ...]
    """(fact id, is bool, chance or low, high) in the scenario's fact order."""


@dataclass(frozen=True, slots=True)
class DrawPlan:
    """What `draw_customer` needs from a scenario, worked out once per scenario instead of
    once per customer (the draws themselves are unchanged, in the same order)."""

    scenario: Scenario
    personas: tuple[_PersonaPlan, ...]
    by_id: dict[str, _PersonaPlan]
    weights: tuple[float, ...]
    total: float
    meter_defaults: dict[str, float]


_PLANS: dict[int, DrawPlan] = {}


def draw_plan(scenario: Scenario) -> DrawPlan:
    """The (cached) draw plan of a scenario."""
    plan = _PLANS.get(id(scenario))
    if plan is not None and plan.scenario is scenario:
        return plan
    plans = []
    for p in scenario.personas:
        draws = {d.fact: d for d in p.facts}
        facts = []
        for f in scenario.facts:
            d = draws.get(f.id)
            if f.type == "bool":
                facts.append((f.id, True, d.chance if d and d.chance is not None else 0.5, 0.0))
            else:
                low = d.low if d and d.low is not None else 0.0
                high = d.high if d and d.high is not None else low
                facts.append((f.id, False, low, high))
        plans.append(_PersonaPlan(p, tuple(p.meters), tuple(facts)))
    if len(_PLANS) > 64:
        _PLANS.clear()
    plan = _PLANS[id(scenario)] = DrawPlan(
        scenario,
        tuple(plans),
        {pp.persona.id: pp for pp in plans},
        tuple(p.weight for p in scenario.personas),
        sum(p.weight for p in scenario.personas),
        {m.id: m.default for m in scenario.meters},
    )
    return plan


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
    rng: random.Random | None = None,
) -> Customer:
    """Create customer `index` from the scenario's personas (deterministic per index).
    `rng`: a generator to re-seed and reuse (the caller's own, never shared between threads);
    the draws are those of a fresh `random.Random(customer_seed(...))` either way."""
    plan = draw_plan(scenario)
    if rng is None:
        rng = random.Random()
    # `Random.seed(int)` is exactly the base generator's seeding (plus a cleared Gaussian
    # cache that is never used here); calling it directly skips the Python-level wrapper.
    _random.Random.seed(rng, customer_seed(game_seed, index))
    rand = rng.random
    if persona_id is not None:
        pp = plan.by_id[persona_id]
        rand()  # keep the draw sequence the same length either way
    else:
        x = rand() * plan.total
        pp = plan.personas[-1]
        for candidate, weight in zip(plan.personas, plan.weights, strict=True):
            x -= weight
            if x < 0:
                pp = candidate
                break
    persona = pp.persona
    # `a + (b - a) * random()` is exactly `random.uniform(a, b)`, without the call.
    lo, hi = persona.deal_min, persona.deal_max
    value = float(round(lo + (hi - lo) * rand(), -2))
    meters = dict(plan.meter_defaults)
    for meter_id, low, high in pp.meters:
        meters[meter_id] = round(low + (high - low) * rand())
    facts: dict[str, Any] = {}
    for fact_id, is_bool, a, b in pp.facts:
        if is_bool:
            facts[fact_id] = rand() < a
        else:
            facts[fact_id] = float(round(a + (b - a) * rand()))
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
