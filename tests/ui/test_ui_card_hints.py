"""The card's "→" hints say what the action would do for this deal now: the variant for the
deal's stage (a second demo "has seen this before"), the buyer's style once learned, a
`when` that reads only what is known — and a range, never one figure that may be false,
while what applies depends on something hidden."""

from __future__ import annotations

import re

from sim.engine import events as E
from sim.engine.game import Game
from sim.report.moments import gate_better
from sim.scenario import load_scenario, load_scenario_text
from sim.ui.widgets.customer_card import card_lines

HINT = re.compile(
    r"→ (?P<action>.+) \((?P<key>\w)\): (?P<meter>\w+) \+(?P<low>\d+)(?: to \+(?P<high>\d+))?$"
)


def hint(g: Game, i: int) -> re.Match[str]:
    lines = [line.strip() for line in card_lines(g, i, width=200)]
    found = [m for line in lines if (m := HINT.match(line))]
    assert found, lines
    return found[0]


def interest_change(g: Game, r) -> float | None:
    """What the action did to interest, or None when it failed."""
    ev = next(e for e in r.events if isinstance(e, E.ActionTaken))
    return (ev.deltas or {}).get("interest", 0.0) if ev.success else None


def test_busy_desk_proposal_hint_is_not_the_first_demos_figure():
    """At Proposal a demo 'has seen this before' (+5): the card neither promises its +14
    nor suggests a demo over actions that do more; the figure it names is what happens."""
    g = Game(load_scenario("busy_desk"), 61)
    proposals = [c for c in g.customers if c.stage == "proposal"][:6]
    checked = 0
    for c in proposals:
        if g.hours_left < 3:
            g.end_day()
        if not c.is_open or c.stage != "proposal":
            continue
        c.meters["interest"] = 30
        m = hint(g, c.index)
        assert "+14" not in m.group(0)
        if m.group("high"):  # the style decides: learn it and the figure is one number
            c.known.add("style")
            m = hint(g, c.index)
        assert m.group("high") is None
        action = next(a for a in g.scenario.actions if a.key == m.group("key"))
        got = interest_change(g, g.act(c.index, action.id))
        if got is not None:
            assert got == float(m.group("low")), (c.index, m.group(0), got)
            checked += 1
    assert checked >= 2, checked


HIDDEN = """
apiVersion: salesim/v1
kind: Scenario
metadata: {id: hints, title: Hints}
calendar: {days: 3}
meters:
  - {id: interest, label: Interest, default: 30}
facts:
  - {id: budget, label: Budget}
stages:
  - id: qualified
    label: Qualification
    probability: 30
    forecast: pipeline
    rotDays: 5
    exit: [{when: interest >= 80, text: They are keen.}]
  - {id: won, label: Closed won, probability: 100, forecast: closed, terminal: won}
  - {id: lost, label: Closed lost, probability: 0, forecast: omitted, terminal: lost}
personas:
  - {id: analyst, label: Analyst, style: consultative, dealValue: [1000, 1000], weight: 1,
     facts: {budget: 1}}
actions:
  - id: ask
    label: Ask how they decide
    key: a
    hours: 0.5
    stages: [qualified]
    success: {reveal: [style], feedback: "{contact} tells you how they buy."}
  - id: money
    label: Ask about money
    key: b
    hours: 0.5
    stages: [qualified]
    success: {reveal: [budget], feedback: "{contact} talks money."}
  - id: demo
    label: Product demo
    key: m
    hours: 1
    stages: [qualified]
    chance: 1
    success: {effects: [interest += 10], feedback: The demo lands.}
    variants:
      - when: not budget
        success: {effects: [interest += 1], feedback: They cannot pay for it anyway.}
      - styles: [relationship]
        success: {effects: [interest += 2], feedback: They would rather hear about people.}
inbound: {initial: 1, initialStages: [qualified]}
dynamics: {largeDeal: 100000}
scoring:
  quota: 1000
  dimensions: [{id: results, label: Results, weight: 100}]
  grades: [{min: 0, grade: F}]
"""


def test_a_hint_gives_a_range_while_what_applies_is_hidden_and_the_figure_once_known():
    g = Game(load_scenario_text(HIDDEN, "hints.yaml"), 1)
    # nothing learned: a `when` reading the hidden budget, and the style, may apply
    assert hint(g, 0).group(0) == "→ Product demo (m): interest +1 to +10"
    g.act(0, "money")  # they have a budget: only the style is left to learn
    assert hint(g, 0).group(0) == "→ Product demo (m): interest +2 to +10"
    g.act(0, "ask")  # a consultative buyer: the action's own outcome applies
    assert hint(g, 0).group(0) == "→ Product demo (m): interest +10"
    g.end_day()
    before = g.customers[0].meters["interest"]
    g.act(0, "demo")
    assert g.customers[0].meters["interest"] - before == 10


def test_the_debrief_better_line_names_the_stage_figure():
    """'Better:' for a push through the engagement gate, read from an old log without the
    coach's own words, names the stage's figures, not the first demo's."""
    sc = load_scenario("busy_desk")
    better = gate_better(sc, "proposal", ["The customer is engaged with the proposal."])
    assert "+14" not in better and "Product demo" not in better
    assert better == (
        "Arrange a reference visit (r) first: interest +8 to +12 toward 55; then move the deal on."
    )
