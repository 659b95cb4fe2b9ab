"""consultative_enterprise: a large deal is won through its buying committee. The expert
engages the economic buyer and builds a champion; a close without the economic buyer is
not even on offer."""

from __future__ import annotations

import pytest

from sim.engine import Game
from sim.engine.bots import make_bot, play
from sim.engine.committee import engaged
from sim.engine.events import ActionTaken, DealClosed, ObjectionHandled
from sim.scenario import load_scenario


@pytest.fixture(scope="module")
def scenario():
    return load_scenario("consultative_enterprise")


def test_it_uses_meddpicc_committees_and_objections(scenario):
    assert scenario.uses == ("meddpicc",)
    assert scenario.has_committees
    assert {o.id for o in scenario.objections} == {"rival_offer", "no_numbers"}
    gates = " ".join(c.text for s in scenario.stages for c in s.exit)
    for word in ("economic buyer", "champion", "paper process", "diagnosis"):
        assert word in gates.lower()


def test_the_expert_works_the_committee_and_wins_with_it(scenario):
    aimed = won_with_committee = handled = 0
    for seed in range(1, 6):
        g = play(Game(scenario, seed), make_bot("expert", seed))
        aimed += sum(1 for e in g.log if isinstance(e, ActionTaken) and e.contact)
        handled += sum(1 for e in g.log if isinstance(e, ObjectionHandled))
        for e in g.log:
            if isinstance(e, DealClosed) and e.result == "won":
                c = g.customer(e.customer)
                if c.members is not None:
                    won_with_committee += 1
                    roles = [m.role for m in scenario.persona(c.persona).committee.members]
                    flags = engaged(scenario, c, c.env(scenario, g.day))
                    assert flags[roles.index("economic_buyer")], "signed without the CFO"
    assert aimed >= 10, "the expert talks to the committee, not only to the card's contact"
    assert won_with_committee >= 3
    assert handled >= 3, "objections are met with the action that answers them"


def test_a_committee_deal_offers_no_close_without_its_economic_buyer(scenario):
    g = Game(scenario, 1)
    c = next(c for c in g.customers if c.members is not None)
    roles = [m.role for m in scenario.persona(c.persona).committee.members]
    eb = roles.index("economic_buyer")
    c.stage = "negotiation"  # however far the deal got
    close = next(o for o in g.options(c.index) if o.action.id == "close")
    assert not close.available and "economic buyer" in close.reason
    c.members[eb - 1]["trust"] = 80.0
    close = next(o for o in g.options(c.index) if o.action.id == "close")
    assert close.available
