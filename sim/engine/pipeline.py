"""A big initial pipeline made quickly: draw scheme 2 (customers drawn in blocks).

Under draw scheme 1 every customer is drawn from its own generator,
`random.Random(customer_seed(seed, i))`. Seeding a Mersenne Twister (CPython's
`init_by_array`) costs ~3.7 µs, more than all of a customer's draws, so a 100,000-customer
territory spent a third of its creation seeding. Under scheme 2 the initial pipeline is drawn
in blocks of `PIPELINE_BLOCK` customers, one after the other from the block's own generator
(`block_seed`), each with exactly the draws `draw_customer` makes from its own generator.
Customer *i* is still the same whoever asks, in whatever order: its block is always drawn
whole, from its start. Customers who arrive later (inbound, referrals) are drawn as before.

A game records its scheme in `game_started` (`draws: 2`; absent means 1), and a replay uses
the scheme its log records, so every run saved before scheme 2 existed replays exactly.
New games use scheme 2 from `BLOCK_DRAWS_FROM` initial customers on (the goldens' scenarios
are far below it and keep scheme 1, byte for byte).

`start_pipeline` also writes the pipeline's `lead_arrived` entries without the frozen
dataclass constructor (which sets each field through `object.__setattr__`): it sets the
same slots directly; a test checks the entries equal the constructor's.
"""

from __future__ import annotations

import _random
import random
from collections.abc import Callable, Sequence
from dataclasses import fields
from typing import TYPE_CHECKING, Any

from sim.engine import events as E
from sim.engine.customer import Customer, CustomerEnv, draw_plan

if TYPE_CHECKING:  # pragma: no cover
    from sim.engine.game import Game

BLOCK_DRAWS_FROM = 5_000
"""From this many initial customers on, a new game draws its pipeline in blocks (scheme 2)."""

PIPELINE_BLOCK = 64
"""Initial customers drawn one after the other from one generator under scheme 2."""


def block_seed(game_seed: int, block: int) -> int:
    """Seed of the generator of the initial pipeline's block `block` (draw scheme 2)."""
    return ((game_seed & 0xFFFFFFFF) << 40) ^ (block * 2_654_435_761) ^ (1 << 39)


_LEAD_FIELDS = (
    "seq", "day", "customer", "persona", "value", "stage", "inbound", "bad_fit", "referred_by",
)  # fmt: skip


def _lead_arrived_maker() -> Callable[..., E.LeadArrived]:
    """A constructor of the pipeline's `lead_arrived` entries (`referred_by` None) taking
    (seq, day, customer, persona, value, stage, inbound, bad_fit): the same object
    `E.LeadArrived(...)` makes, without the frozen dataclass's `object.__setattr__` call per
    field (half the cost of the entry). A test checks it against the constructor."""
    cls = E.LeadArrived
    names = tuple(f.name for f in fields(cls))
    if names != _LEAD_FIELDS:  # pragma: no cover - caught by the test
        raise TypeError(f"LeadArrived's fields changed: {names}; update the pipeline")
    s_seq, s_day, s_cus, s_per, s_val, s_stg, s_inb, s_fit, s_ref = (
        getattr(cls, n).__set__ for n in _LEAD_FIELDS
    )
    new = object.__new__

    def make(
        seq: int,
        day: int,
        customer: int,
        persona: str,
        value: float,
        stage: str,
        inbound: bool,
        bad_fit: bool | None,
    ) -> E.LeadArrived:
        ev = new(cls)
        s_seq(ev, seq)
        s_day(ev, day)
        s_cus(ev, customer)
        s_per(ev, persona)
        s_val(ev, value)
        s_stg(ev, stage)
        s_inb(ev, inbound)
        s_fit(ev, bad_fit)
        s_ref(ev, None)
        return ev

    return make


def start_pipeline(game: Game, stages: Sequence[str], known_at: dict[str, list[str]]) -> None:
    """Add the initial pipeline to `game` under draw scheme 2 (see the module docstring).

    Customer i starts at `stages[i % len(stages)]` and is what `draw_customer` would draw
    from its block's generator, logged as `Game._arrived` logs it; then, as under scheme 1,
    the deal was last contacted on day 0 and knows what its stage's earlier gates asked.
    One loop does it all: at 100,000 customers every step per customer shows."""
    from sim.engine import committee

    sc = game.scenario
    seed, day = game.seed, game.day
    customers, log = game.customers, game.log
    bad_fit = sc.dynamics.bad_fit
    on_facts = game._bad_fit_on_facts
    committees = game._committees
    get = game._get
    lead_arrived = _lead_arrived_maker()
    plan = draw_plan(sc)
    rng = random.Random()
    rand = rng.random
    reseed = _random.Random.seed
    picks = tuple(zip(plan.personas, plan.weights, strict=True))
    total = plan.total
    last = plan.personas[-1]
    defaults = plan.meter_defaults
    n_stages = len(stages)
    known_of = {s: tuple(k) for s, k in known_at.items()}
    for index in range(sc.inbound.initial):
        if not index % PIPELINE_BLOCK:
            reseed(rng, block_seed(seed, index // PIPELINE_BLOCK))
        # The draws of `draw_customer`, in its order, from the block's generator.
        x = rand() * total
        pp = last
        for candidate, weight in picks:
            x -= weight
            if x < 0:
                pp = candidate
                break
        persona = pp.persona
        lo, hi = persona.deal_min, persona.deal_max
        value = round(lo + (hi - lo) * rand(), -2)  # a float's round() is a float
        meters = defaults.copy()
        for meter_id, low, high in pp.meters:
            meters[meter_id] = round(low + (high - low) * rand())
        facts: dict[str, Any] = {
            fact_id: rand() < a if is_bool else float(round(a + (b - a) * rand()))
            for fact_id, is_bool, a, b in pp.facts
        }
        stage = stages[index % n_stages]
        seq = len(log)
        # As `Game._start_pipeline` leaves it: last contacted on day 0, knowing what the
        # earlier stages' gates asked, its `lead_arrived` in its history. Every field up to
        # `history` in declaration order (a keyword call costs more; a test checks them).
        c = Customer(
            index, persona.id, persona.style, value, stage, meters, facts, set(known_of[stage]),
            day, False, 0, day, 0, 0, None, None, value, (), None, None, [seq],
        )  # fmt: skip
        customers.append(c)
        # What `Game._arrived` does for a new customer.
        if committees:
            committee.draw_members(sc, seed, c)
        if bad_fit is None:
            fit = None
        elif on_facts:  # reads declared facts only: they are what env gives
            fit = bool(bad_fit.evaluate(facts))
        else:  # as `Game._arrived` sees the deal: before its contact and knowledge are set
            known, c.known, c.last_contact_day, c.answered_day = c.known, set(), day, None
            fit = bool(bad_fit.evaluate(CustomerEnv(c, get, day)))
            c.known, c.last_contact_day, c.answered_day = known, 0, 0
        log.append(lead_arrived(seq, day, index, persona.id, value, stage, False, fit))
